using GobiernoAbierto.Tests.Scenarios;
using GobiernoAbierto.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A kiosk's ballots are counted by channel and kiosk only once mixed from the sealed urn into the chain: with 27 people
/// voted, staff read «0» for the kiosk that took 23 of them and could not tell whether it was working.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_staff_follow_a_jornada_whose_ballots_wait_in_the_sealed_urn(UrnService service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<UrnService>
{
    [Fact]
    public async Task the_dashboard_says_why_the_kiosks_count_shows_none_of_them_yet()
    {
        var api = new VotingApi(service);
        var (id, kiosk) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        for (var i = 0; i < UrnService.MixSize - 1; i++)
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kiosk), id, Voters.UniqueClave()));
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);

        await tab.Page.GotoAsync($"/consola/jornadas/{id}/tablero");

        await Expect(tab.Page.Locator("[data-turnout]")).ToHaveTextAsync($"{UrnService.MixSize - 1}");
        await Expect(tab.Page.Locator("[data-urn-note]")).ToContainTextAsync($"las {UrnService.MixSize - 1} boletas de la urna aún no aparecen aquí");
        await tab.AxeAsync("consola tablero con boletas en la urna", output);
    }
}
