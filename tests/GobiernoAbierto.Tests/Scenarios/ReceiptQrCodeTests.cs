using System.Net;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>The receipt's QR code is a public check like the receipt itself: it draws from the same per-address budget.</summary>
public sealed class when_a_script_asks_for_many_receipt_qr_codes(RateLimitedService service) : IClassFixture<RateLimitedService>
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_fourth_in_a_minute_gets_429_and_so_does_a_receipt_check_after_it()
    {
        for (var i = 0; i < 3; i++) await VotingApi.Expect(await _api.Anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD/qr"), HttpStatusCode.OK);

        var refused = await _api.Anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD/qr");
        await VotingApi.ExpectProblem(refused, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.True(refused.Headers.Contains("Retry-After"));
        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD"), HttpStatusCode.TooManyRequests, "too_many_requests");
    }
}
