using System.Net.Http.Json;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// Staff and the IEEQ use the consoles on a phone too (a kiosk's delegación, a committee session away from a desk): every
/// console page, for each role, at the narrowest width the pages are checked at, passes axe and does not scroll sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_staff_and_the_ieeq_use_the_consoles_on_a_phone(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task every_console_page_passes_axe_and_fits_a_small_phone()
    {
        var api = new VotingApi(service);
        var process = new ProcessApi(api);
        var timeline = await process.StartAsync();
        var table = await process.ConveneAsync(timeline.Id, 1);
        var rosa = await process.SeatedAsync(table, "Rosa M.");
        var proposal = await process.SubmittedAsync(table, rosa, "Alumbrado en la calle Pino");
        await process.SubmittedAsync(table, rosa, "Bancas en el jardín");
        await VotingApi.Expect(await process.EndorseAsync(table, rosa, proposal), System.Net.HttpStatusCode.OK);
        // A voided endorsement, so the table page's «Anulaciones» list is checked with a row in it, long reason and all.
        var luis = await process.SeatedAsync(table, "Luis P.");
        await VotingApi.Expect(await process.EndorseAsync(table, luis, proposal), System.Net.HttpStatusCode.OK);
        await VotingApi.Expect(await api.Staff.PostAsJsonAsync($"/api/work-tables/{table}/voided-endorsements",
            new GobiernoAbierto.Proposals.VoidEndorsement(luis, proposal,
                "Se anotó el respaldo de Luis por error: quien respaldaba «Alumbrado en la calle Pino» era su vecina."), VotingApi.Json),
            System.Net.HttpStatusCode.OK);
        await VotingApi.Expect(await process.StudyAsync(proposal, viable: true), System.Net.HttpStatusCode.OK);

        var preparing = await api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await api.SetOptionsAsync(preparing.Id);
        var (open, _) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var (closed, _) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await api.CloseAsync(closed);

        var pages = new (string Role, string[] Paths)[]
        {
            (Hosting.Roles.Staff,
            [
                "/consola", "/consola/jornadas", "/consola/jornadas/nueva", $"/consola/jornadas/{preparing.Id}", $"/consola/jornadas/{preparing.Id}/abrir",
                $"/consola/jornadas/{open}", $"/consola/jornadas/{open}/cerrar", $"/consola/jornadas/{open}/tablero", $"/consola/jornadas/{closed}",
                $"/consola/jornadas/{closed}/sello", "/consola/procesos", $"/consola/procesos/{timeline.Id}", $"/consola/mesas/{table}",
                $"/consola/propuestas/{proposal}", $"/consola/procesos/{timeline.Id}/comite",
            ]),
            (Hosting.Roles.Auditor, ["/consola", "/consola/auditoria", $"/consola/auditoria/{open}", $"/consola/auditoria/{open}/apertura", $"/consola/auditoria/{closed}"]),
            (Hosting.Roles.Administrator, ["/consola", "/consola/cuentas"]),
            (Hosting.Roles.CredentialAuthority, ["/consola", "/consola/codigos"]),
            (Hosting.Roles.Committee, ["/consola", $"/consola/procesos/{timeline.Id}/comite"]),
        };

        // An auditor account to activate, so the desk shows its form for the IEEQ's code (and, once given, the code).
        var toActivate = Guid.NewGuid();
        Assert.Null(await service.Services.GetRequiredService<Hosting.StreamWrites>().StartAsync<Accounts.Account>(toActivate,
            Accounts.CreateAccountRules.Decide(new Accounts.CreateAccount($"maria.fernanda.{toActivate:N}"[..30], "María Fernanda de los Ángeles Hernández Villaseñor",
                Hosting.Roles.Auditor), toActivate, false, "(hoja de activación no usada)", "Ana Administradora (ana.admin)",
                service.Clock.GetUtcNow()), CancellationToken.None));

        var failures = new List<string>();
        await using (var anonymous = await chromium.SmallPhoneAsync(service))
            foreach (var path in new[] { "/consola/entrar", "/consola/activar", "/consola/error?estado=503" })
                await CheckAsync(anonymous, path, failures);
        foreach (var (role, paths) in pages)
        {
            var account = await ConsoleAccounts.CreateAsync(service, role);
            await using var tab = await chromium.SmallPhoneAsync(service);
            await ConsoleAccounts.SignInAsync(tab.Page, service, account);
            foreach (var path in paths) await CheckAsync(tab, path, failures);
            if (role == Hosting.Roles.Auditor)
            {
                await tab.Page.GotoAsync("/consola/auditoria");
                await tab.Page.GetByLabel("María Fernanda de los Ángeles Hernández Villaseñor está aquí").CheckAsync();
                await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Dar el código del IEEQ a María Fernanda" }).ClickAsync();
                await Microsoft.Playwright.Assertions.Expect(tab.Page.Locator("[data-ieeq-code]")).ToBeVisibleAsync();
                await CheckAsync(tab, null, failures);
            }
            if (role == Hosting.Roles.Staff)
            {
                // On voting day a kiosk is closed from a phone: its button is on screen, not off to the right of a scroller.
                await tab.Page.GotoAsync($"/consola/jornadas/{open}");
                var box = await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Cerrar kiosco" }).First.BoundingBoxAsync();
                if (box is null || box.X < 0 || box.X + box.Width > tab.Page.ViewportSize!.Width)
                    failures.Add($"«Cerrar kiosco» of an open Jornada is not on a {tab.Page.ViewportSize!.Width} px screen: {box?.X} + {box?.Width}");
            }
            if (role == Hosting.Roles.Administrator)
            {
                // An account's own page, reached as the administrator does, from the list.
                await tab.Page.GotoAsync("/consola/cuentas");
                await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Persona de prueba" }).First.ClickAsync();
                await CheckAsync(tab, null, failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// A progress report recorded, or corrected, from a 320-px phone with the text at twice its size: the report's evidence,
    /// a fieldset inside a fieldset, kept the width of its fields' own default size and pushed the page 86 px sideways.
    /// </summary>
    [Fact]
    public async Task the_progress_report_and_its_correction_fit_a_narrow_phone_with_large_text()
    {
        var process = await new ProcessApi(new VotingApi(service)).WithProgressReportAsync();
        // A user name of words' length: the helper's default, 30 characters in one piece, is wider than the phone at 32 px.
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff, $"obras.{Guid.NewGuid():N}"[..12]);
        await using var tab = await chromium.NarrowPhoneAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);
        await tab.DoubleTextSizeAsync();
        var failures = new List<string>();
        foreach (var path in new[] { $"/consola/procesos/{process.Id}", $"/consola/procesos/{process.Id}?corregir=1" })
        {
            await tab.Page.GotoAsync(path);
            await Microsoft.Playwright.Assertions.Expect(tab.Page.GetByRole(AriaRole.Group, new() { Name = "Evidencias (al menos una: huella SHA-256 de un documento o liga https)" }).Last)
                .ToBeVisibleAsync();
            if (await tab.OverflowAsync() is { } overflow) failures.Add($"{path}: scrolls sideways at 320 px with double text: {overflow}");
        }
        await tab.AxeAsync("teléfono angosto, texto al doble: corregir un informe de avance", output);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task CheckAsync(ResidentTab tab, string? path, List<string> failures)
    {
        if (path is not null)
        {
            var response = await tab.Page.GotoAsync(path);
            if (response!.Status != 200 && !path.StartsWith("/consola/error", StringComparison.Ordinal))
                failures.Add($"{path}: {response.Status}");
        }
        var name = "teléfono " + new Uri(tab.Page.Url).AbsolutePath;
        try
        {
            await tab.AxeAsync(name, output);
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException)
        {
            failures.Add(e.Message);
        }
        if (await tab.OverflowAsync() is { } overflow) failures.Add($"{name}: scrolls sideways at 360 px: {overflow}");
        // A value squeezed by its label: the seal's hash, which the IEEQ copies, was 0 px wide, one letter a line.
        var narrowest = await tab.Page.EvaluateAsync<double?>(
            "() => { const w = [...document.querySelectorAll('dl.facts dd')].map(d => d.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.width); return w.length ? Math.min(...w) : null; }");
        if (narrowest is < 150) failures.Add($"{name}: a value of a list of facts is {narrowest:0} px wide at 360 px");
        // A table wider than the phone hides its last columns: the page does not scroll sideways, its scroller does, and
        // nothing said so (the dashboard's kiosks, the audit log's «Qué»). A table fits, or its scroller says it scrolls.
        var hidden = await tab.Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect().height > 0)
              .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1 
                && !(t.parentElement.matches('.table-scroll') && getComputedStyle(t.parentElement).backgroundImage.includes('gradient')))
              .map(t => (t.querySelector('caption, th')?.textContent ?? '').trim() + ' (' + t.scrollWidth + ' px)')
            """);
        foreach (var table in hidden) failures.Add($"{name}: a table wider than the phone, with no sign it scrolls: {table}");
        // A table of things to act on stacks into cards: each row's button in sight, not off to the right of a scroller
        // (the open Jornada's «Cerrar kiosco»).
        var outOfSight = await tab.Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('table.stacked button')].filter(b => b.getBoundingClientRect().height > 0)
              .filter(b => b.getBoundingClientRect().right > document.documentElement.clientWidth || b.getBoundingClientRect().left < 0)
              .map(b => b.textContent.trim())
            """);
        foreach (var button in outOfSight) failures.Add($"{name}: «{button}» is out of sight at 360 px");
    }
}
