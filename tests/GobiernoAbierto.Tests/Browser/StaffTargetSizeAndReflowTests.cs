using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static GobiernoAbierto.Tests.Browser.TargetSizeAndReflow;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The residents' measures (TargetSizeAndReflowTests.cs) on the staff's and the IEEQ's screens: the kiosk's own screens
/// that staff and the IEEQ's observer use on the kiosk's touchscreen (set-up, authorization, before opening, closed),
/// where every target is 44 px as the residents' are, and the consoles, used on a tablet or a laptop: targets of 24 px
/// (WCAG 2.5.8), reflow at 320 px (a 1280 px screen at 400 % zoom, WCAG 1.4.10) and buttons whole at 200 % text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_staff_tap_and_zoom_their_screens(ServiceFixture service, ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string StorageKey = "gobiernoabierto.kiosco.credencial";
    private readonly VotingApi _api = new(service);

    /// <summary>
    /// The kiosk's screens before and after residents vote, as staff and the IEEQ see them on the device: unconfigured,
    /// the set-up form, configured, waiting for the IEEQ, another kiosk's link, an unknown link, ready before the
    /// opening, and out of service once closed; <paramref name="check"/> at each.
    /// </summary>
    private async Task WalkTheKioskSetUpAsync(ResidentTab kiosk, Func<string, Task> check)
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        var plaza2 = (await _api.RegisterKioskLinkAsync(jornada.Id, "plaza-2")).Credential;
        var plaza3 = (await _api.RegisterKioskLinkAsync(jornada.Id, "plaza-3")).Credential;

        await kiosk.GotoAsync("/kiosco.html");
        await Expect(kiosk.Heading("Kiosco sin configurar")).ToBeVisibleAsync();
        await check("kiosco sin configurar");
        await kiosk.GotoAsync("/kiosco.html#configurar");
        await Expect(kiosk.Page.GetByLabel("Credencial del kiosco")).ToBeVisibleAsync();
        await check("kiosco configuración manual");
        await kiosk.GotoAsync($"/kiosco.html#configurar={plaza2}");
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        await check("kiosco configurado");
        await kiosk.Button("Abrir la pantalla de votación").TapAsync();
        await Expect(kiosk.Heading("Falta la autorización del IEEQ")).ToBeVisibleAsync();
        await check("kiosco en espera del IEEQ");
        await kiosk.GotoAsync($"/kiosco.html#configurar={plaza3}");
        await Expect(kiosk.Heading("Este equipo ya es un kiosco")).ToBeVisibleAsync();
        await check("kiosco enlace de otro kiosco");
        await kiosk.GotoAsync("/kiosco.html#configurar=kiosco_no-existe");
        await Expect(kiosk.Heading("Este equipo sigue siendo el mismo kiosco")).ToBeVisibleAsync();
        await check("kiosco enlace desconocido");

        var kept = await kiosk.Page.EvaluateAsync<string>($"() => localStorage.getItem('{StorageKey}')");
        await VotingApi.Expect(await _api.AuthorizeKioskAsync(jornada.Id, "plaza-2", GobiernoAbierto.Jornadas.KioskFingerprint.Of(kept)),
            System.Net.HttpStatusCode.OK);
        await kiosk.Button("Volver al kiosco").TapAsync();
        await Expect(kiosk.Heading("La votación aún no abre")).ToBeVisibleAsync();
        await check("kiosco antes de abrir");
        await _api.OpenAsync(jornada.Id);
        await _api.CloseAsync(jornada.Id);
        await kiosk.Button("Volver a comprobar").TapAsync();
        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await check("kiosco cerrado");
    }

    /// <summary>
    /// The consoles' pages, each role in turn on the same browser: the sign-in (empty and refused), the staff's home, the
    /// processes with the new process's form refused, a process with its Jornada and a progress report, the Jornadas and
    /// that Jornada's page; the IEEQ's desk; the administrator's accounts; <paramref name="check"/> at each.
    /// </summary>
    private async Task WalkTheConsolesAsync(ResidentTab tab, Func<string, Task> check)
    {
        var process = await new ProcessApi(_api).WithProgressReportAsync();
        var jornadaId = process.Shortlist!.JornadaId;
        var page = tab.Page;

        await page.GotoAsync("/consola/entrar");
        await check("entrar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.Locator(".field-error").First).ToBeVisibleAsync();
        await check("entrar con errores");

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await check("consola inicio");
        await page.GotoAsync("/consola/procesos");
        await check("procesos");
        await tab.Button("Iniciar el proceso").ClickAsync();
        await Expect(page.Locator(".field-error").First).ToBeVisibleAsync();
        await check("procesos con errores");
        await page.GotoAsync($"/consola/procesos/{process.Id}");
        await check("proceso");
        await page.GotoAsync("/consola/jornadas");
        await check("jornadas");
        await page.GotoAsync($"/consola/jornadas/{jornadaId}");
        await check("jornada");
        await tab.Button("Cerrar sesión").ClickAsync();

        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await ConsoleAccounts.SignInAsync(page, service, auditor);
        await page.GotoAsync("/consola/auditoria");
        await check("mesa de auditoría");
        await page.GotoAsync($"/consola/auditoria/{jornadaId}");
        await check("auditoría de la Jornada");
        await tab.Button("Cerrar sesión").ClickAsync();

        var admin = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Administrator);
        await ConsoleAccounts.SignInAsync(page, service, admin);
        await page.GotoAsync("/consola/cuentas");
        await check("cuentas");
    }

    [Fact]
    public async Task every_target_on_the_kiosks_own_screens_is_at_least_44_px()
    {
        await using var kiosk = await chromium.KioskAsync(service);
        var small = new List<string>();
        await WalkTheKioskSetUpAsync(kiosk, async state =>
        {
            if (state is "kiosco sin configurar" or "kiosco cerrado") return; // nothing to tap there: residents see them too
            small.AddRange(await SmallTargetsAsync(kiosk, 44, state));
        });
        NoneFound(output, small, "Targets under 44×44 px on the kiosk's own screens");
    }

    [Fact]
    public async Task the_kiosks_own_screens_reflow_at_400_percent_zoom_and_show_whole_buttons_at_200_percent_text()
    {
        var problems = new List<string>();
        await using (var zoomed = await chromium.ZoomedAsync(service))
            await WalkTheKioskSetUpAsync(zoomed, async state => problems.AddRange(await ReflowProblemsAsync(zoomed, $"320 px, {state}")));
        await using (var kiosk = await chromium.KioskAsync(service))
        {
            await kiosk.DoubleTextSizeAsync();
            await WalkTheKioskSetUpAsync(kiosk, async state =>
            {
                problems.AddRange(await ReflowProblemsAsync(kiosk, $"200 % text, {state}"));
                problems.AddRange(await ClippedButtonsAsync(kiosk, $"200 % text, {state}"));
            });
        }
        NoneFound(output, problems.Distinct().ToList(), "On the kiosk's own screens");
    }

    [Fact]
    public async Task every_target_on_the_consoles_is_at_least_24_px()
    {
        await using var laptop = await chromium.DesktopAsync(service);
        var small = new List<string>();
        await WalkTheConsolesAsync(laptop, async state => small.AddRange(await SmallTargetsAsync(laptop, 24, state)));
        NoneFound(output, small, "Targets under 24×24 px on the consoles");
    }

    [Fact]
    public async Task the_consoles_reflow_at_400_percent_zoom()
    {
        await using var zoomed = await chromium.ZoomedAsync(service);
        var problems = new List<string>();
        await WalkTheConsolesAsync(zoomed, async state => problems.AddRange(await ReflowProblemsAsync(zoomed, state)));
        NoneFound(output, problems, "On the consoles at 320 px (400 % zoom)");
    }

    [Fact]
    public async Task the_consoles_buttons_show_their_whole_text_at_200_percent_text()
    {
        await using var laptop = await chromium.DesktopAsync(service);
        await laptop.DoubleTextSizeAsync();
        var problems = new List<string>();
        await WalkTheConsolesAsync(laptop, async state =>
        {
            problems.AddRange(await ReflowProblemsAsync(laptop, state));
            problems.AddRange(await ClippedButtonsAsync(laptop, state));
        });
        NoneFound(output, problems.Distinct().ToList(), "On the consoles with 200 % text");
    }
}
