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

        // Genuinely not told apart from a receipt not there, and normal while the vote is open: said calmly.
        await Expect(phone.Heading("Aún no aparece en el cómputo (es normal durante la votación)")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator(".notice-info")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText($"en grupos de al menos {UrnService.MixSize}")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText("Si recibió este recibo al votar, su voto quedó guardado.", new() { Exact = false })).ToBeVisibleAsync();
        await phone.ScreenshotAsync("recibo-urna-sellada");
    }
}

/// <summary>
/// Once the vote closed, nothing waits in any urn: a receipt still missing is a mistake to look for or a case for the
/// IEEQ, said as an alarm, not as the calm «aún no» of an open vote. (Its own service: no other test's Jornada stays open.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_voter_checks_a_receipt_after_the_close(UrnService service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<UrnService>
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task a_receipt_still_missing_after_the_close_is_not_said_to_be_normal()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), jornadaId, Voters.UniqueClave(), "B"));
        var neverGiven = GobiernoAbierto.Ballots.ReceiptCode.New(); // its check character agrees: it could be a receipt
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/recibo.html?codigo={neverGiven}");
        await Expect(phone.Heading("Aún no aparece en el cómputo (es normal durante la votación)")).ToBeVisibleAsync();

        await _api.CloseAsync(jornadaId);
        await phone.GotoAsync($"/recibo.html?codigo={receipt}");
        await Expect(phone.Heading("Voto contado")).ToBeVisibleAsync(); // the close mixed what was in the urn
        await phone.GotoAsync($"/recibo.html?codigo={neverGiven}");
        await Expect(phone.Heading("No aparece en el cómputo")).ToBeVisibleAsync();
        await Expect(phone.Heading("Aún no aparece en el cómputo (es normal durante la votación)")).ToHaveCountAsync(0);
        await Expect(phone.Page.Locator(".notice-problem")).ToContainTextAsync("acuda al IEEQ");
        // Its words agree with its heading: it read «Durante la Jornada es normal… su voto quedó guardado» under the alarm.
        await Expect(phone.Page.Locator(".notice-problem")).ToContainTextAsync("ahora no hay ninguna votación abierta");
        await Expect(phone.Page.Locator(".notice-problem")).Not.ToContainTextAsync("es normal");
        await phone.AxeAsync("recibo no encontrado tras el cierre", output);
    }
}
