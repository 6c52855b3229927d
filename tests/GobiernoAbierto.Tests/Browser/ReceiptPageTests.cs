using GobiernoAbierto.Tests.Scenarios;
using GobiernoAbierto.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class when_a_voter_checks_a_receipt_still_in_the_sealed_urn(UrnService service, ChromiumFixture chromium) : IClassFixture<UrnService>
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task a_receipt_waiting_in_the_sealed_urn_is_said_to_appear_with_the_next_mix_or_the_close()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), jornadaId, Voters.UniqueClave(), "B"));
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/recibo.html?codigo={receipt}");

        await Expect(phone.Heading("No aparece en el cómputo")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText($"en grupos de al menos {UrnService.MixSize}")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText("Si recibió este recibo al votar, su voto quedó guardado.", new() { Exact = false })).ToBeVisibleAsync();
        await phone.ScreenshotAsync("recibo-urna-sellada");
    }
}
