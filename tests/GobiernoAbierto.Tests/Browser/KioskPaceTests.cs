using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Scenarios;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>One ballot in a row, then one every five seconds (RateLimits:KioskBallotsPerMinute), for the loopback too.</summary>
public sealed class KioskPaceService() : ServiceHost(TestDatabase.NewSchemaName(), settings: new Dictionary<string, string?>
{
    ["RateLimits:ExemptLoopback"] = "false",
    ["RateLimits:KioskBallotsInARow"] = "1",
    ["RateLimits:KioskBallotsPerMinute"] = "12",
});

/// <summary>
/// A kiosk refused for its pace (someone else used its credential a moment before): the resident at the screen is told
/// their vote is sent again in a few seconds and gets their receipt; staff see the refused ballot on the dashboard.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_kiosk_has_to_wait_for_its_pace(KioskPaceService service, ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<KioskPaceService>
{
    [Fact]
    public async Task the_resident_is_told_the_vote_goes_again_in_seconds_gets_a_receipt_and_staff_see_the_refusal()
    {
        var api = new VotingApi(service);
        var (id, device) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(device);
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync("Cancha de usos múltiples");
        // A copy of the kiosk's credential votes just before the resident confirms.
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(device), id, Voters.UniqueClave()));

        await kiosk.ConfirmAsync();

        await Expect(kiosk.Page.Locator("[data-progress]")).ToContainTextAsync(
            "Este kiosco recibió varios votos seguidos; su voto aún no se guarda: lo enviamos de nuevo en");
        await Expect(kiosk.Heading("Su voto fue registrado")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Matches(ResidentTab.ReceiptPattern, (await kiosk.ReceiptCode.TextContentAsync())!);
        Assert.Equal(2, (await VotingApi.Read<GobiernoAbierto.Tally.JornadaTally>(await api.Auditor.GetAsync($"/api/jornadas/{id}/tally"))).TotalBallots);

        await service.Services.GetRequiredService<KioskPace>().WriteAsync(CancellationToken.None);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);
        await tab.Page.GotoAsync($"/consola/jornadas/{id}/tablero");
        await Expect(tab.Page.Locator("[data-kiosk-pace=\"kiosco-1\"]")).ToContainTextAsync("envió 1 solicitud de voto más rápido de lo que vota una persona");
        await tab.AxeAsync("consola tablero con votos de kiosco rechazados por su ritmo", output);
    }
}
