using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A Jornada that closed tied or without ballots has no project to publish (the tie rule: a new Jornada is called). The
/// IEEQ who certifies it and the staff who open it afterwards are told so, not "ya puede publicarse el proyecto elegido"
/// beside a publish button that can only be refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_certified_jornada_has_no_project_to_publish(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_ieeq_and_staff_are_told_why_and_no_publish_button_is_offered()
    {
        // No ballots: certified from the IEEQ's console.
        var empty = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await _api.CloseAsync(empty.Id);
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var auditorTab = await chromium.DesktopAsync(service);
        var desk = auditorTab.Page;
        await ConsoleAccounts.SignInAsync(desk, service, auditor);
        await desk.GotoAsync($"/consola/auditoria/{empty.Id}");
        await desk.GetByLabel("Sello del registro que anotó al cierre").FillAsync((await desk.Locator("[data-record-hash]").GetAttributeAsync("data-record-hash"))!);
        await desk.GetByLabel("Verifiqué la exportación").CheckAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Certificar el cómputo", Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("La Jornada cerró sin votos, así que ningún proyecto resulta elegido. Se decide en una nueva Jornada, que convoca el Municipio.");
        await Expect(desk.GetByRole(AriaRole.Status)).Not.ToContainTextAsync("ya puede publicar");

        // A tie: one ballot each, certified through the API.
        var tied = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(tied.KioskToken), tied.Id, Voters.UniqueClave(), "A"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(tied.KioskToken), tied.Id, Voters.UniqueClave(), "B"));
        await _api.CloseAsync(tied.Id);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{tied.Id}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{tied.Id}/certification",
            new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var staffTab = await chromium.DesktopAsync(service);
        var page = staffTab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        foreach (var (id, why) in new[]
                 {
                     (empty.Id, "La Jornada cerró sin votos, así que ningún proyecto resulta elegido. Se decide en una nueva Jornada, que convoca el Municipio."),
                     (tied.Id, "ninguno resulta elegido. Se decide en una nueva Jornada, que convoca el Municipio."),
                 })
        {
            await page.GotoAsync($"/consola/jornadas/{id}");
            await Expect(page.Locator("main")).ToContainTextAsync("El IEEQ certificó el cómputo.");
            await Expect(page.Locator("main")).ToContainTextAsync(why);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Publicar el proyecto elegido…" })).ToHaveCountAsync(0);
            await Expect(page.Locator("main")).Not.ToContainTextAsync("ya puede publicarse");
            // Reached by its address, the publish page says there will be nothing to publish, not «todavía».
            await page.GotoAsync($"/consola/jornadas/{id}/publicar");
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("No hay proyecto que publicar:");
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(why);
            await Expect(page.Locator("main")).Not.ToContainTextAsync("Todavía");
        }
    }
}
