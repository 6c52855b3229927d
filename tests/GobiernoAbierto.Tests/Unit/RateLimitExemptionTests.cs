using System.Net;
using GobiernoAbierto.Hosting;
using Microsoft.AspNetCore.Http;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// Requests made on the service's own machine are not limited (RateLimits:ExemptLoopback). An outside tester put a proxy
/// on that machine whose address was not in KnownProxies: its X-Forwarded-For was not believed, every resident counted
/// as 127.0.0.1, and 70 receipt checks in a row were answered where 60 a minute are allowed.
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
    public void it_is_exempt_only_when_nobody_relayed_it()
    {
        var limits = new RateLimitOptions();

        Assert.True(RateLimits.IsExempt(From(IPAddress.Loopback), limits));
        Assert.True(RateLimits.IsExempt(From(IPAddress.IPv6Loopback), limits));
        Assert.False(RateLimits.IsExempt(From(IPAddress.Loopback, "203.0.113.7"), limits));
        Assert.False(RateLimits.IsExempt(From(IPAddress.Parse("203.0.113.7")), limits));
        Assert.False(RateLimits.IsExempt(From(IPAddress.Loopback), new RateLimitOptions { ExemptLoopback = false }));
    }
}
