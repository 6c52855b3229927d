using System.Net;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A request line too long (a pasted URL gone wrong, a scanner) or headers too large (a cookie jar run wild). Kestrel
/// answered both, 414 and 431, with an empty body; now the service answers with Spanish problem details and a stable
/// code up to well beyond its limits, and only a request beyond Kestrel's raised limits still gets Kestrel's empty answer.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_request_line_or_its_headers_are_too_large(ServiceFixture service)
{
    private static string Receipt(int length) => "/api/receipts/" + new string('A', length);

    [Fact]
    public async Task a_request_line_over_the_limit_is_414_request_line_too_long_in_spanish()
    {
        var client = service.Client();

        var problem = await VotingApi.ExpectProblem(await client.GetAsync(Receipt(RequestHeadLimits.RequestLine)), HttpStatusCode.RequestUriTooLong,
            "request_line_too_long");
        Assert.Contains("excede 8 KB", problem.GetProperty("detail").GetString());
        // Any request line, whatever its path: a page, a static file, a path that does not exist.
        await VotingApi.ExpectProblem(await client.GetAsync("/recibo.html?codigo=" + new string('x', 3 * RequestHeadLimits.RequestLine)),
            HttpStatusCode.RequestUriTooLong, "request_line_too_long");

        // Just under it: the request reaches the application (a receipt that does not exist is the endpoint's own answer).
        var under = await client.GetAsync(Receipt(RequestHeadLimits.RequestLine - 200));
        Assert.NotEqual(HttpStatusCode.RequestUriTooLong, under.StatusCode);
    }

    [Fact]
    public async Task headers_over_the_limit_are_431_headers_too_large_in_spanish()
    {
        var client = service.Client();

        using var large = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        large.Headers.Add("X-Relleno", new string('x', RequestHeadLimits.Headers));
        var problem = await VotingApi.ExpectProblem(await client.SendAsync(large), HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large");
        Assert.Contains("excede", problem.GetProperty("detail").GetString());

        using var many = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        for (var i = 0; i <= RequestHeadLimits.HeaderCount; i++) many.Headers.Add($"X-Relleno-{i}", "x");
        await VotingApi.ExpectProblem(await client.SendAsync(many), HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large");

        using var fine = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        fine.Headers.Add("X-Relleno", new string('x', RequestHeadLimits.Headers / 2));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(fine)).StatusCode);
    }

    [Fact]
    public async Task beyond_kestrels_raised_limits_the_answer_is_still_kestrels_own_without_a_body()
    {
        var client = service.Client();

        var response = await client.GetAsync(Receipt(RequestHeadLimits.KestrelRequestLine));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }
}
