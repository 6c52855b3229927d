using System.Net.Http.Json;
using GobiernoAbierto.Jornadas;
using System.Net;
using GobiernoAbierto.Tests.Scenarios;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
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

    /// <summary>Configuring a kiosk is staff's to do: the IEEQ's auditor reads how it stands, not an instruction.</summary>
    [Fact]
    public async Task an_auditor_reads_who_is_to_configure_a_kiosk_staff_what_to_do()
    {
        var api = new VotingApi(service);
        var (id, _) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await api.RegisterKioskLinkAsync(id, "kiosco-9");

        foreach (var (role, says) in new[]
                 {
                     (Hosting.Roles.Auditor, "Sin configurar: el personal municipal aún no abre su enlace en el equipo del kiosco"),
                     (Hosting.Roles.Staff, "Sin configurar: abra su enlace de configuración en el equipo del kiosco"),
                 })
        {
            var person = await ConsoleAccounts.CreateAsync(service, role);
            await using var tab = await chromium.DesktopAsync(service);
            await ConsoleAccounts.SignInAsync(tab.Page, service, person);
            await tab.Page.GotoAsync($"/consola/jornadas/{id}/tablero");
            await Expect(tab.Page.GetByRole(AriaRole.Row, new() { Name = "Kiosco kiosco-9" })).ToContainTextAsync(says);
        }
    }

    /// <summary>A kiosk closed with its ballots still in the sealed urn read «Cerrado · 0»: the page says they are kept and counted.</summary>
    [Fact]
    public async Task a_kiosk_closed_with_ballots_in_the_sealed_urn_is_said_to_keep_them()
    {
        var api = new VotingApi(service);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var (id, kiosk) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        for (var i = 0; i < 2; i++) await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kiosk), id, Voters.UniqueClave()));
        await VotingApi.Expect(await api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/kiosco-1/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);

        await tab.Page.GotoAsync($"/consola/jornadas/{id}");

        await Expect(tab.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "kiosco-1" })).ToContainTextAsync("Cerrado");
        await Expect(tab.Page.Locator("[data-urn-note]")).ToContainTextAsync("las 2 boletas de la urna aún no aparecen aquí. Las que recibió un kiosco cerrado siguen registradas y se cuentan igual.");
        await tab.AxeAsync("consola kiosco cerrado con boletas en la urna", output);

        // The IEEQ's desk showed «Votos en la cadena 0» for the same kiosk, without a word (a reviewer).
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var auditorTab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(auditorTab.Page, service, auditor);
        await auditorTab.Page.GotoAsync($"/consola/auditoria/{id}");
        await Expect(auditorTab.Page.Locator("[data-kiosk=kiosco-1]")).ToContainTextAsync("Cerrado");
        await Expect(auditorTab.Page.Locator("[data-urn-note]")).ToContainTextAsync("«Votos en la cadena» cuenta por kiosco");
        await Expect(auditorTab.Page.Locator("[data-urn-note]")).ToContainTextAsync("las 2 boletas de la urna aún no aparecen aquí. Las que recibió un kiosco cerrado siguen registradas y se cuentan igual.");
        await auditorTab.AxeAsync("consola auditoría con boletas en la urna", output);
    }
}
