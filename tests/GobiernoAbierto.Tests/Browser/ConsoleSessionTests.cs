using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>What staff type into a console form, and what the console says when a request could not be done.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_console_session_ends_while_staff_type(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly ProcessApi _process = new(new VotingApi(service));

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private async Task SignInHereAsync(IPage page, ConsoleAccount account)
    {
        await page.GetByLabel("Usuario").FillAsync(account.UserName);
        await page.GetByLabel("Contraseña").FillAsync(account.Password);
        await page.GetByLabel("Código de su aplicación de autenticación").FillAsync(account.NextCode(service));
        await Button(page, "Entrar").ClickAsync();
    }

    [Fact]
    public async Task the_text_comes_back_after_signing_in_again_and_is_gone_once_the_form_is_accepted()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var process = await _process.StartAsync();
        var table = await _process.ConveneAsync(process.Id, 1);
        await _process.SeatedAsync(table, "Rosa M.");
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/mesas/{table}");

        var description = "Alumbrado público en toda la calle Pino, de la esquina con Cedro hasta el jardín: hoy está a oscuras " +
            "y las vecinas piden luminarias LED, con postes nuevos donde faltan.";
        await page.GetByLabel("Quién la presenta").SelectOptionAsync(new SelectOptionValue { Label = "Rosa M." });
        await page.GetByLabel("Título", new() { Exact = true }).FillAsync("Alumbrado en la calle Pino");
        await page.GetByLabel("Descripción").FillAsync(description);
        await page.GetByLabel("Colonia de la obra").SelectOptionAsync(new SelectOptionValue { Label = "Loma Bonita" });
        await page.GetByLabel("Tipo de obra").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Costo aproximado (pesos)").FillAsync("850,000");

        // The session ends meanwhile (30 minutes idle, signed out in another tab): sending the form leads to the sign-in.
        await page.Context.ClearCookiesAsync();
        await Button(page, "Registrar la propuesta").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Iniciar sesión en la consola" })).ToBeVisibleAsync();
        await SignInHereAsync(page, staff);

        // Back on the table's page, the form holds what was typed, and says so.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mesa 1", Exact = true })).ToBeVisibleAsync(); // its name is its number: said once
        await Expect(page.GetByText("Se recuperó lo que había escrito en este formulario")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Descripción")).ToHaveValueAsync(description);
        await Expect(page.GetByLabel("Título", new() { Exact = true })).ToHaveValueAsync("Alumbrado en la calle Pino");
        await Expect(page.GetByLabel("Costo aproximado (pesos)")).ToHaveValueAsync("850,000");
        await Expect(page.GetByLabel("Quién la presenta").Locator("option:checked")).ToHaveTextAsync("Rosa M.");
        await tab.AxeAsync("consola mesa con borrador recuperado", output);

        await Button(page, "Registrar la propuesta").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Se registró la propuesta" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Descripción")).ToHaveValueAsync(""); // accepted: the draft is gone
        await Expect(page.GetByText("Se recuperó lo que había escrito")).ToHaveCountAsync(0);

        // Signing out on purpose leaves nothing typed behind for the next person at this browser.
        await page.GetByLabel("Descripción").FillAsync("Texto a medias");
        await Button(page, "Cerrar sesión").ClickAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(sessionStorage).filter(k => k.startsWith('ga-borrador')).length"));
    }

    /// <summary>
    /// A reload (the browser's button, a phone that dropped the tab) drew the form empty while its draft sat in the tab's
    /// storage: an outside tester lost a new Jornada's title and a committee session's minutes that way.
    /// </summary>
    [Fact]
    public async Task the_text_comes_back_after_a_reload_and_says_it_is_not_recorded_yet()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/jornadas/nueva");
        await page.GetByLabel("Título de la Jornada").FillAsync("Jornada de la colonia Centro");

        await page.ReloadAsync();

        await Expect(page.GetByLabel("Título de la Jornada")).ToHaveValueAsync("Jornada de la colonia Centro");
        await Expect(page.Locator(".draft-note")).ToHaveTextAsync(
            "Se recuperó lo que había escrito en este formulario antes de recargar la página: aún no se ha registrado. Revíselo y envíelo.");
        await tab.AxeAsync("consola borrador recuperado tras recargar", output);

        // Opened anew rather than reloaded, the page is as drawn: a draft comes back only when asked for the same page again.
        await page.GotoAsync("/consola/jornadas");
        await page.GotoAsync("/consola/jornadas/nueva");
        await Expect(page.GetByLabel("Título de la Jornada")).ToHaveValueAsync("");
        await Expect(page.Locator(".draft-note")).ToHaveCountAsync(0);

        // At a shared computer: her session ends with her text in the tab, a colleague signs in there and reloads the same
        // page. Her draft is hers: it does not come into his form.
        await page.GetByLabel("Título de la Jornada").FillAsync("Borrador de la primera persona");
        await page.Context.ClearCookiesAsync();
        var colleague = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await ConsoleAccounts.SignInAsync(page, service, colleague);
        await page.GotoAsync("/consola/jornadas/nueva");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Título de la Jornada")).ToHaveValueAsync("");
        await Expect(page.Locator(".draft-note")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Not only what was typed into empty fields: a choice among options, the boxes of a list and a field the page drew
    /// filled (the dates of a new Jornada) come back as the person left them, so a form sent again after signing in
    /// creates the Jornada they meant and not one with the page's defaults.
    /// </summary>
    [Fact]
    public async Task choices_ticked_boxes_and_changed_defaults_come_back_too()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/jornadas/nueva");
        var opens = page.GetByLabel("Apertura de la votación");
        var closes = page.GetByLabel("Cierre de la votación");
        var drawnOpens = await opens.InputValueAsync();
        await page.GetByLabel("Título de la Jornada").FillAsync("Jornada CURP");
        await opens.FillAsync("2031-12-20T09:00");
        await closes.FillAsync("2031-12-21T18:00");
        await page.GetByLabel("CURP", new() { Exact = true }).CheckAsync();
        await Button(page, "Marcar todas las colonias de Felipe Carrillo Puerto").ClickAsync();
        var felipe = page.Locator($"input[data-delegacion=\"{Territory.QueretaroTerritory.FelipeCarrillo}\"]");
        var felix = page.Locator($"input[data-delegacion=\"{Territory.QueretaroTerritory.FelixOsores}\"]");
        await felipe.First.UncheckAsync(); // all but the first
        await felix.Nth(1).CheckAsync();   // and one of the other delegación

        await page.Context.ClearCookiesAsync();
        await Button(page, "Crear la Jornada").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Iniciar sesión en la consola" })).ToBeVisibleAsync();
        await SignInHereAsync(page, staff);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nueva Jornada", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Se recuperó lo que había escrito en este formulario")).ToBeVisibleAsync();
        Assert.NotEqual("2031-12-20T09:00", drawnOpens);
        await Expect(opens).ToHaveValueAsync("2031-12-20T09:00");
        await Expect(closes).ToHaveValueAsync("2031-12-21T18:00");
        await Expect(page.GetByLabel("CURP", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Clave de elector (credencial del INE)")).Not.ToBeCheckedAsync();
        var felipeCount = await felipe.CountAsync();
        Assert.True(felipeCount > 2);
        await Expect(felipe.First).Not.ToBeCheckedAsync();
        for (var i = 1; i < felipeCount; i++) await Expect(felipe.Nth(i)).ToBeCheckedAsync();
        await Expect(page.Locator($"input[data-delegacion=\"{Territory.QueretaroTerritory.FelixOsores}\"]:checked")).ToHaveCountAsync(1);
        await Expect(felix.Nth(1)).ToBeCheckedAsync();
    }

    /// <summary>
    /// A draft never silently undoes a colleague: a field someone else changed while the form was away (a lost race's
    /// 409, a session that ended) shows what was recorded, and the page says so; the person's other changes come back.
    /// </summary>
    [Fact]
    public async Task a_field_someone_else_changed_meanwhile_keeps_what_was_recorded_and_the_page_says_so()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var api = new VotingApi(service);
        var jornada = await api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await api.SetOptionsAsync(jornada.Id);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{jornada.Id}");
        await page.GetByText("Corregir los dos proyectos (hasta abrir la votación)").ClickAsync();
        ILocator Project(string letter) => page.GetByRole(AriaRole.Group, new() { Name = $"Proyecto {letter}" });
        await Project("A").GetByLabel("Título").FillAsync("Cancha techada");
        await Project("B").GetByLabel("Descripción").FillAsync("Banquetas, rampas y luminarias LED.");

        // Meanwhile a colleague corrects project A's title.
        var options = VotingApi.TwoWorks.Options;
        await api.SetOptionsAsync(jornada.Id, new([options[0] with { Title = "Cancha de futbol rápido" }, options[1]]));
        await page.Context.ClearCookiesAsync();
        await Button(page, "Guardar la corrección de los proyectos").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Iniciar sesión en la consola" })).ToBeVisibleAsync();
        await SignInHereAsync(page, staff);

        await Expect(page.Locator(".draft-note")).ToContainTextAsync("Se recuperó lo que había escrito en este formulario");
        await Expect(page.Locator(".draft-note")).ToContainTextAsync("Un campo que usted cambió lo cambió otra persona mientras tanto");
        await Expect(Project("A").GetByLabel("Título")).ToHaveValueAsync("Cancha de futbol rápido");
        await Expect(Project("B").GetByLabel("Descripción")).ToHaveValueAsync("Banquetas, rampas y luminarias LED.");
    }

    [Fact]
    public async Task a_lost_race_and_too_many_attempts_are_said_in_spanish_with_the_way_back()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.PhoneAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);

        var conflict = await page.GotoAsync("/consola/error?estado=409&volver=%2Fconsola%2Fjornadas");
        Assert.Equal(409, conflict!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Otra persona cambió este registro al mismo tiempo");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("lo suyo no se registró");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Volver a la página" })).ToHaveAttributeAsync("href", "/consola/jornadas");
        await tab.AxeAsync("consola error 409", output);

        var tooMany = await page.GotoAsync("/consola/error?estado=429");
        Assert.Equal(429, tooMany!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Demasiados intentos seguidos");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Espere un minuto");

        // Opened by hand, with no error to explain: not a fault of the service.
        var byHand = await page.GotoAsync("/consola/error");
        Assert.Equal(404, byHand!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("No encontrado");

        // Only a console page of this service is offered as the way back.
        foreach (var elsewhere in new[] { "https://ejemplo.test/consola/", "//ejemplo.test/consola/", "/consola/error?estado=409", "/\\ejemplo.test" })
        {
            await page.GotoAsync("/consola/error?estado=503&volver=" + Uri.EscapeDataString(elsewhere));
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("La base de datos no responde");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Volver a la página" })).ToHaveCountAsync(0);
        }
    }
}
