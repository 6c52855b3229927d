using System.Net.Http.Json;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A Jornada created by mistake, withdrawn from its console page before it opens: a reason and a box to tick, then the
/// page, the public lists and its public page say what happened.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_staff_withdraw_a_jornada_from_its_console_page(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_reason_and_the_box_are_asked_then_the_page_and_the_public_pages_say_it_was_withdrawn_and_why()
    {
        var title = "Jornada creada por error " + Guid.NewGuid().ToString("N")[..6];
        var created = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()) with { Title = title });
        await _api.SetOptionsAsync(created.Id);
        await _api.RegisterKioskAsync(created.Id);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{created.Id}");

        await page.GetByText("Retirar esta Jornada…").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Retirar la Jornada", Exact = true }).ClickAsync();

        // Neither a reason nor the box: both said beside their fields, nothing recorded.
        await Expect(page.GetByLabel("Motivo del retiro (se publica)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("No habrá votación en esta Jornada; no se puede deshacer")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-jornada-status]")).ToHaveTextAsync("En preparación");
        await tab.AxeAsync("consola retirar jornada (falta motivo y confirmación)", output);

        const string reason = "Se creó por error: era un ensayo de capacitación.";
        await page.GetByLabel("Motivo del retiro (se publica)").FillAsync(reason);
        await page.GetByLabel("No habrá votación en esta Jornada; no se puede deshacer").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Retirar la Jornada", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se retiró la Jornada");
        await Expect(page.Locator("[data-jornada-status]")).ToHaveTextAsync("Retirada: no habrá votación");
        await Expect(page.Locator("[data-withdrawal]")).ToContainTextAsync(reason);
        await Expect(page.Locator("[data-withdrawal]")).ToContainTextAsync("(hora del centro de México)");
        // No letter went out: the public lists leave it (one whose letters went out stays there, as withdrawn, for their holders).
        await Expect(page.Locator("[data-withdrawal]")).ToContainTextAsync("Ya no aparece en las listas de las páginas públicas");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Abrir la votación…" })).ToHaveCountAsync(0);
        await Expect(page.GetByText("Retirar esta Jornada…")).ToHaveCountAsync(0);
        // No vote happened: not «se votó solo en los kioscos», nor a kiosk «Cerrado con la votación».
        await Expect(page.Locator("main")).Not.ToContainTextAsync("se votó");
        await Expect(page.Locator("main")).ToContainTextAsync("Sin votación: la Jornada se retiró antes de abrir");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Cerrado con la votación");
        await tab.AxeAsync("consola jornada retirada", output);

        // The home page no longer offers it; its own link says it was withdrawn, and why.
        await page.GotoAsync("/");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(title);
        await page.GotoAsync($"/resultados.html?jornada={created.Id}");
        await Expect(page.Locator("[data-fill=status]")).ToHaveTextAsync("Retirada: no habrá votación");
        await Expect(page.Locator("[data-fill=dates]")).ToContainTextAsync($"Se retiró antes de abrir la votación");
        await Expect(page.Locator("[data-fill=dates]")).ToContainTextAsync($"Motivo: {reason}");
        await Expect(page.Locator("[data-part=turnout]")).ToBeHiddenAsync();
        await tab.AxeAsync("resultados de una jornada retirada", output);
        // A link to «¿Alguien votó con mis datos?» naming it asks about it, not about another Jornada of the list.
        await page.GotoAsync($"/participacion.html?jornada={created.Id}");
        await Expect(page.Locator("select[name=jornada]")).ToHaveValueAsync(created.Id.ToString());
        await page.GotoAsync($"/votar.html?jornada={created.Id}");
        await Expect(page.Locator("main")).ToContainTextAsync("se retiró antes de abrir la votación");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Los resultados se publican");

        // The IEEQ's desk: no close or seal to come, and the record, final, to download.
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using (var auditorTab = await chromium.DesktopAsync(service))
        {
            await ConsoleAccounts.SignInAsync(auditorTab.Page, service, auditor);
            await auditorTab.Page.GotoAsync($"/consola/auditoria/{created.Id}");
            await Expect(auditorTab.Page.Locator("[data-withdrawn]")).ToContainTextAsync($"(motivo: {reason}): no hubo votación");
            await Expect(auditorTab.Page.GetByRole(AriaRole.Link, new() { Name = $"Registro de la Jornada (registro-{created.Id}.csv)" })).ToBeVisibleAsync();
            await auditorTab.AxeAsync("consola auditoría de una jornada retirada", output);
        }

        // Created again with its mistake corrected: the form comes filled in, and the new Jornada takes the same two projects in one step.
        await page.GotoAsync($"/consola/jornadas/{created.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Crear la Jornada de nuevo…" }).ClickAsync();
        await Expect(page.Locator("[data-repeats]")).ToContainTextAsync("que se retiró antes de abrir la votación");
        await Expect(page.GetByLabel("Título de la Jornada")).ToHaveValueAsync(title);
        await tab.AxeAsync("consola nueva jornada que repite una retirada", output);
        await page.GetByLabel("Título de la Jornada").FillAsync(title + " (corregida)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear la Jornada", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title + " (corregida)" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Fijar los mismos dos proyectos", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"los mismos de la Jornada «{title}»");
    }

    /// <summary>
    /// The credential authority's page offered «Emitir los códigos y descargar las cartas» for a withdrawn Jornada, and
    /// only after the box was ticked and the form sent answered that it was withdrawn: it says so in place of the form.
    /// </summary>
    [Fact]
    public async Task the_codes_page_offers_no_issue_for_a_withdrawn_jornada_and_says_when_it_was_withdrawn()
    {
        var now = service.Clock.GetUtcNow();
        var title = "Jornada en línea retirada " + Guid.NewGuid().ToString("N")[..6];
        var created = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromDays(2), closesIn: TimeSpan.FromDays(2) + TimeSpan.FromHours(8)) with { Title = title });
        await _api.SetOptionsAsync(created.Id);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{created.Id}/online-voting",
            new Jornadas.EnableOnlineVoting(created.VotingOpensAt, created.VotingClosesAt), VotingApi.Json), System.Net.HttpStatusCode.OK);
        await _api.LoadRollCsvAsync(created.Id, [Voters.UniqueClave()]);
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{created.Id}/withdraw",
            new Jornadas.WithdrawJornada("Se creó por error: era un ensayo."), VotingApi.Json), System.Net.HttpStatusCode.OK);
        var withdrawnAt = (await VotingApi.Read<Jornadas.JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{created.Id}"))).Withdrawal!.WithdrawnAt;
        var credentials = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.CredentialAuthority);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, credentials);

        await tab.Page.GotoAsync("/consola/codigos");

        var section = tab.Page.GetByRole(AriaRole.Region, new() { Name = title });
        await Expect(section).ToContainTextAsync($"Se retiró el {QueretaroTime.Format(withdrawnAt)} (hora del centro de México): no se emiten códigos.");
        await Expect(section.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(section.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);
        await tab.AxeAsync("consola códigos de una Jornada retirada", output);
    }
}
