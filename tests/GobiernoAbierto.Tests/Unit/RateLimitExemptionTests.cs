using System.Net;
using GobiernoAbierto.Hosting;
using Microsoft.AspNetCore.Http;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// Requests made on the service's own machine are not limited (RateLimits:ExemptLoopback) and may read why it is not
/// ready. An outside tester put a proxy on that machine whose address was not in KnownProxies: its X-Forwarded-For was
/// not believed and every resident counted as 127.0.0.1.
/// </summary>
public sealed class when_a_request_comes_from_the_services_own_machine
{
    private static HttpContext From(IPAddress address, string? forwardedFor = null)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = address;
        if (forwardedFor is not null) http.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return http;
    }

    [Fact]
    public void a_relayed_one_is_not_this_machines_and_is_not_told_the_readiness_reasons()
    {
        Assert.True(PublicHostingSetup.FromThisMachine(From(IPAddress.Loopback)));
        Assert.True(PublicHostingSetup.FromThisMachine(From(IPAddress.IPv6Loopback)));
        Assert.False(PublicHostingSetup.FromThisMachine(From(IPAddress.Loopback, "203.0.113.7")));
        Assert.False(PublicHostingSetup.FromThisMachine(From(IPAddress.Parse("203.0.113.7"))));
    }

    /// <summary>
    /// Still exempt from the per-address limits, as every loopback request: limiting it would put every resident behind
    /// that proxy in one bucket of this machine's and refuse valid ballots on the voting day; the log says so instead.
    /// </summary>
    [Fact]
    public void a_relayed_one_stays_exempt_from_the_per_address_limits()
    {
        var limits = new RateLimitOptions();

        Assert.True(RateLimits.IsExempt(From(IPAddress.Loopback), limits));
        Assert.True(RateLimits.IsExempt(From(IPAddress.Loopback, "203.0.113.7"), limits));
        Assert.False(RateLimits.IsExempt(From(IPAddress.Parse("203.0.113.7")), limits));
        Assert.False(RateLimits.IsExempt(From(IPAddress.Loopback), new RateLimitOptions { ExemptLoopback = false }));
    }
}
