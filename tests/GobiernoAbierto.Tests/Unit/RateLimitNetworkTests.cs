using System.Net;
using GobiernoAbierto.Hosting;
using Microsoft.AspNetCore.Http;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// The per-minute limits count a client by its network, as the console's sign-in lockout does: one machine usually holds
/// a whole IPv6 /64 and could take a new address of it for every request, each with a fresh allowance.
/// </summary>
public sealed class when_one_machine_sends_from_many_addresses_of_its_network
{
    private static HttpContext From(string address) => new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };

    [Fact]
    public void the_addresses_of_one_ipv6_64_are_one_partition_and_ipv4_stays_by_address()
    {
        Assert.Equal(RateLimits.ClientNetwork(From("2001:db8:1:2:aaaa:bbbb:cccc:1")), RateLimits.ClientNetwork(From("2001:db8:1:2::99")));
        Assert.Equal("2001:db8:1:2::/64", RateLimits.ClientNetwork(From("2001:db8:1:2::99"))); // the network and nothing else
        Assert.NotEqual(RateLimits.ClientNetwork(From("2001:db8:1:2::1")), RateLimits.ClientNetwork(From("2001:db8:1:3::1")));

        Assert.Equal("203.0.113.7", RateLimits.ClientNetwork(From("203.0.113.7")));
        Assert.Equal("203.0.113.7", RateLimits.ClientNetwork(From("::ffff:203.0.113.7"))); // as a dual-mode socket shows it
        Assert.NotEqual(RateLimits.ClientNetwork(From("203.0.113.7")), RateLimits.ClientNetwork(From("203.0.113.8")));
    }

    [Fact]
    public void wrong_credentials_from_two_addresses_of_one_64_share_its_failures()
    {
        var failures = new FailedAuthentications(new RateLimitOptions { FailedAuthenticationsPerMinute = 2 });

        Assert.Null(failures.Count(From("2001:db8:1:2::1")));
        Assert.Null(failures.Count(From("2001:db8:1:2::2")));
        Assert.True(failures.Exhausted(From("2001:db8:1:2::3")));
        Assert.NotNull(failures.Count(From("2001:db8:1:2:ffff::4")));

        Assert.False(failures.Exhausted(From("2001:db8:1:3::1"))); // the next /64 is another network
        Assert.False(failures.Exhausted(From("203.0.113.7")));
    }
}
