using System.Net.Http.Json;
using System.Diagnostics;
using System.Text.RegularExpressions;
using GobiernoAbierto.Accounts;
using Marten;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class when_the_first_administrator_sets_up_the_console(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>The service's own `accounts` command, as the server's operator runs it, on this test's database.</summary>
    private Task<string> RunAccountsCommandAsync(params string[] args) => RunAccountsCommandAsync(service, 0, args);

    /// <returns>What it printed: its output when it exited 0, else its errors.</returns>
    private static async Task<string> RunAccountsCommandAsync(ServiceHost service, int exitCode, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "GobiernoAbierto.dll"), "accounts" }.Concat(args)) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = Hosting.ProductionChecks.TestingEnvironment;
        start.Environment["ConnectionStrings__GobiernoAbierto"] = service.ConnectionString;
        start.Environment["Marten__Schema"] = service.Schema;
        start.Environment["Marten__DaemonMode"] = "Disabled";
        start.Environment["Voting__VoterKeySecret"] = ServiceHost.VoterKeySecret;
        start.Environment["Hosting__PublicOrigin"] = "https://participa.example.mx";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        Assert.True(process.ExitCode == exitCode, $"accounts {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        return exitCode == 0 ? await output : await error;
    }

    /// <summary>Activation as the person does it: user and code, then the app's QR key, a password and the app's first code.</summary>
    /// <param name="ieeqCode">For an account of the IEEQ's roles, the code the IEEQ gave the person.</param>
    /// <param name="wrongIeeqCodeFirst">A wrong IEEQ code to try first: refused next to its field, then the right one.</param>
    private async Task<ConsoleAccount> ActivateAsync(ResidentTab tab, string userName, string displayName, string activationCode,
        string? ieeqCode = null, string? wrongIeeqCodeFirst = null)
    {
        var page = tab.Page;
        await page.GotoAsync("/consola/activar");
        await tab.AxeAsync("consola activar", output);
        await page.GetByLabel("Usuario").FillAsync(userName);
        await page.GetByLabel("Código de activación").FillAsync(activationCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = $"Código QR para agregar la cuenta {userName} a su aplicación de autenticación" })).ToBeVisibleAsync();
        await tab.AxeAsync("consola activar: aplicación y contraseña", output);
        var key = Base32Encoding.ToBytes((await page.Locator("code.secret").InnerTextAsync()).Replace(" ", ""));
        var account = new ConsoleAccount(userName, displayName, "mi frase de acceso a la consola", key);
        async Task SubmitAsync(string? ieeq)
        {
            if (ieeq is not null) await page.GetByLabel("Código que le dio la Auditoría del IEEQ").FillAsync(ieeq);
            await page.GetByLabel("Contraseña nueva").FillAsync(account.Password);
            await page.GetByLabel("Escriba la contraseña otra vez").FillAsync(account.Password);
            await page.GetByLabel("Código que muestra ahora la aplicación").FillAsync(account.NextCode(service));
            await page.GetByRole(AriaRole.Button, new() { Name = "Activar mi cuenta" }).ClickAsync();
        }
        if (wrongIeeqCodeFirst is not null)
        {
            await SubmitAsync(wrongIeeqCodeFirst);
            await Expect(page.Locator(".field-error")).ToContainTextAsync("El código del IEEQ no coincide con el que le dio la Auditoría del IEEQ");
            await tab.AxeAsync("consola activar: código del IEEQ equivocado", output);
        }
        await SubmitAsync(ieeqCode);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Su cuenta está activa");
        return account;
    }

    private static async Task<string> CreateAccountAsync(IPage page, string displayName, string userName, string role)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Consola" }).GetByRole(AriaRole.Link, new() { Name = "Cuentas" }).ClickAsync();
        await page.GetByLabel("Nombre completo").FillAsync(displayName);
        await page.GetByLabel("Usuario").FillAsync(userName);
        await page.GetByLabel("Rol").SelectOptionAsync(new SelectOptionValue { Label = role });
        await page.GetByRole(AriaRole.Button, new() { Name = "Crear cuenta y mostrar su código de activación" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Hoja de activación de {displayName}" })).ToBeVisibleAsync();
        return await page.Locator("[data-activation-code]").InnerTextAsync();
    }

    [Fact]
    public async Task the_command_makes_the_administrator_who_creates_staff_and_auditor_accounts_that_name_people_in_the_record()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var adminUser = $"ana.admin.{suffix}";
        var printed = await RunAccountsCommandAsync("create-admin", "--user", adminUser, "--name", "Ana Administradora");
        var adminCode = Regex.Match(printed, @"Código de activación: (\S+)").Groups[1].Value;
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", adminCode);
        Assert.Contains("abra https://participa.example.mx/consola/activar,", printed); // the address residents and staff open

        await using var adminTab = await chromium.DesktopAsync(service);
        var admin = await ActivateAsync(adminTab, adminUser, "Ana Administradora", adminCode);
        await ConsoleAccounts.SignInAsync(adminTab.Page, service, admin);
        await Expect(adminTab.Page.GetByRole(AriaRole.Heading, new() { Name = "Hola, Ana Administradora" })).ToBeVisibleAsync();

        var staffUser = $"maria.lopez.{suffix}";
        var staffCode = await CreateAccountAsync(adminTab.Page, "María López", staffUser, "Personal municipal");
        var auditorCode = await CreateAccountAsync(adminTab.Page, "Jorge Ruiz", $"jorge.ruiz.{suffix}", "Auditoría del IEEQ");
        Assert.NotEqual(staffCode, auditorCode);
        await adminTab.AxeAsync("consola cuentas con hoja de activación", output);
        await adminTab.ScreenshotAsync("consola-cuentas");
        var rows = adminTab.Page.GetByRole(AriaRole.Row);
        await Expect(rows.Filter(new() { HasText = staffUser })).ToContainTextAsync("Por activar");
        await Expect(rows.Filter(new() { HasText = $"jorge.ruiz.{suffix}" })).ToContainTextAsync("Auditoría del IEEQ");
        // Its times say which clock they are in, as the rest of the console's do (the column read «Último ingreso», no zone).
        await Expect(adminTab.Page.GetByRole(AriaRole.Columnheader, new() { Name = "Último ingreso (hora del centro de México)" })).ToBeVisibleAsync();
        // A second account with María's name, as the printed sheets and public pages read it, would sign as she does.
        await adminTab.Page.GetByLabel("Nombre completo").FillAsync("MARIA  LÓPEZ.");
        await adminTab.Page.GetByLabel("Usuario").FillAsync($"maria.lopez2.{suffix}");
        await adminTab.Page.GetByLabel("Rol").SelectOptionAsync(new SelectOptionValue { Label = "Personal municipal" });
        await adminTab.Page.GetByRole(AriaRole.Button, new() { Name = "Crear cuenta y mostrar su código de activación" }).ClickAsync();
        await Expect(adminTab.Page.Locator("main")).ToContainTextAsync($"Ya hay una cuenta con el nombre «María López» (usuario {staffUser})");
        await Expect(adminTab.Page.Locator("[data-activation-code]")).ToHaveCountAsync(0);
        await adminTab.AxeAsync("consola cuentas con un nombre que ya tiene otra cuenta", output);
        // Not activated yet: a new code is offered for a lost sheet, without a password or an app that would stop working.
        await rows.Filter(new() { HasText = staffUser }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(adminTab.Page.GetByLabel("La persona pidió un código nuevo; el que tiene deja de servir")).ToBeVisibleAsync();
        await Expect(adminTab.Page.Locator("main")).Not.ToContainTextAsync("contraseña y su aplicación");
        await adminTab.Page.GotoAsync("/consola/cuentas");

        // Her own account: nothing that would lock her out of it on one click (the rules refuse both as well).
        await rows.Filter(new() { HasText = adminUser }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(adminTab.Page.Locator("main")).ToContainTextAsync("Es su propia cuenta");
        var stamp = @"\d{2}/\d{2}/\d{4} \d{2}:\d{2} \(hora del centro de México\)";
        await Expect(adminTab.Page.Locator("dl.facts")).ToContainTextAsync(new Regex($"Creada\\s*{stamp} por "));
        await Expect(adminTab.Page.Locator("dl.facts")).ToContainTextAsync(new Regex($"Último ingreso\\s*{stamp}"));
        await Expect(adminTab.Page.GetByRole(AriaRole.Button, new() { Name = "Dar un código de activación nuevo" })).ToHaveCountAsync(0);
        await Expect(adminTab.Page.GetByRole(AriaRole.Button, new() { Name = "Deshabilitar la cuenta" })).ToHaveCountAsync(0);
        await adminTab.Page.GotoAsync("/consola/cuentas");

        // María activates her account on her own computer and reaches the staff screens, not the administrator's.
        await using var staffTab = await chromium.DesktopAsync(service);
        var maria = await ActivateAsync(staffTab, staffUser, "María López", staffCode);
        await ConsoleAccounts.SignInAsync(staffTab.Page, service, maria);
        await Expect(staffTab.Page.GetByRole(AriaRole.Link, new() { Name = "Jornadas", Exact = false }).First).ToBeVisibleAsync();
        var refused = await staffTab.Page.GotoAsync("/consola/cuentas");
        Assert.Equal(403, refused!.Status);
        await Expect(staffTab.Page.GetByRole(AriaRole.Heading, new() { Name = "Esta página es para otro rol" })).ToBeVisibleAsync();
        await staffTab.AxeAsync("consola sin permiso", output);

        // The record names the people: who created María's account, and María when she signs in.
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var account = await session.Query<Account>().SingleAsync(a => a.UserName == staffUser);
            Assert.Equal($"Ana Administradora ({adminUser})", account.CreatedBy);
            Assert.Equal("María López", account.DisplayName);
            var events = await session.Events.FetchStreamAsync(account.Id);
            Assert.Equal([typeof(AccountCreated), typeof(AccountActivated), typeof(SignedIn)], events.Select(e => e.EventType));
        }

        // Ana disables María's account: María's open session ends at her next click.
        await adminTab.Page.GetByRole(AriaRole.Link, new() { Name = "María López" }).ClickAsync();
        await adminTab.AxeAsync("consola cuenta", output);
        await Expect(adminTab.Page.GetByLabel("La persona pidió un código nuevo; su contraseña y su aplicación actuales dejan de servir")).ToBeVisibleAsync();
        await adminTab.Page.GetByLabel("Motivo").FillAsync("Cambió de área");
        // Neither a new activation code nor disabling can be undone: one click does neither, the box must be ticked.
        await adminTab.Page.GetByRole(AriaRole.Button, new() { Name = "Dar un código de activación nuevo" }).ClickAsync();
        await Expect(adminTab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme el código nuevo");
        await Expect(adminTab.Page.Locator("[data-activation-code]")).ToHaveCountAsync(0);
        await adminTab.Page.GetByLabel("Motivo").FillAsync("Cambió de área");
        await adminTab.Page.GetByRole(AriaRole.Button, new() { Name = "Deshabilitar la cuenta" }).ClickAsync();
        await Expect(adminTab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme que deshabilita la cuenta");
        await Expect(adminTab.Page.GetByLabel("Motivo")).ToHaveValueAsync("Cambió de área");
        await Expect(adminTab.Page.Locator("[data-account-status]")).Not.ToHaveTextAsync("Deshabilitada");
        await adminTab.AxeAsync("consola cuenta sin confirmar", output);
        await staffTab.Page.GotoAsync("/consola");
        await Expect(staffTab.Page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" })).ToBeVisibleAsync(); // nothing happened
        // A reason of zero-width spaces only is none (the box ticked, nothing disabled).
        await adminTab.Page.GetByLabel("Motivo").FillAsync("\u200B\u200B");
        await adminTab.Page.GetByLabel("Deshabilitar la cuenta no se puede deshacer").CheckAsync();
        await adminTab.Page.GetByRole(AriaRole.Button, new() { Name = "Deshabilitar la cuenta" }).ClickAsync();
        await Expect(adminTab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba el motivo");
        await Expect(adminTab.Page.Locator("[data-account-status]")).Not.ToContainTextAsync("Deshabilitada");
        await adminTab.Page.GetByLabel("Motivo").FillAsync("Cambió de área");
        if (!await adminTab.Page.GetByLabel("Deshabilitar la cuenta no se puede deshacer").IsCheckedAsync())
            await adminTab.Page.GetByLabel("Deshabilitar la cuenta no se puede deshacer").CheckAsync();
        await adminTab.Page.GetByRole(AriaRole.Button, new() { Name = "Deshabilitar la cuenta" }).ClickAsync();
        // Who, when and why, on the account itself, not only in the log.
        await Expect(adminTab.Page.Locator("[data-account-status]")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex("^Deshabilitada el \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2} \\(hora del centro de México\\) por .+: «Cambió de área»$"));
        await adminTab.AxeAsync("consola cuenta deshabilitada", output);
        await staffTab.Page.GotoAsync("/consola");
        await Expect(staffTab.Page.GetByRole(AriaRole.Heading, new() { Name = "Iniciar sesión en la consola" })).ToBeVisibleAsync();
        // Sent back to sign in, María is told why, once.
        await Expect(staffTab.Page.Locator("[data-session-ended]")).ToHaveTextAsync("Su sesión terminó: la administración de cuentas deshabilitó esta cuenta.");
        await staffTab.AxeAsync("consola entrar tras una sesión terminada", output);
        await staffTab.Page.ReloadAsync();
        await Expect(staffTab.Page.Locator("[data-session-ended]")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The account administration holds every activation code it hands out: it activated an auditor's account in the
    /// person's place and acted as the IEEQ (an outside tester did, end to end). Such an account now activates only with
    /// a second code, which an IEEQ auditor gives its person, in person, at the desk.
    /// </summary>
    [Fact]
    public async Task an_auditor_account_activates_only_with_the_code_the_ieeq_gives_its_person()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var admin = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Administrator);
        var luz = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor); // the IEEQ's auditor, active already
        await using var adminTab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(adminTab.Page, service, admin);
        var user = $"jorge.perez.{suffix}";
        var code = await CreateAccountAsync(adminTab.Page, "Jorge Pérez", user, "Auditoría del IEEQ");
        await Expect(adminTab.Page.Locator("[data-ieeq-code-step]")).ToContainTextAsync("Sin los dos no se activa");

        // The administrator, who holds the activation code, tries to activate the account herself: it asks for the IEEQ's.
        await using var usurping = await chromium.DesktopAsync(service);
        await usurping.Page.GotoAsync("/consola/activar");
        await usurping.Page.GetByLabel("Usuario").FillAsync(user);
        await usurping.Page.GetByLabel("Código de activación").FillAsync(code);
        await usurping.Page.GetByRole(AriaRole.Button, new() { Name = "Continuar" }).ClickAsync();
        await Expect(usurping.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Aún no se lo han dado: acuda a ella con su identificación");
        await Expect(usurping.Page.Locator("code.secret")).ToHaveCountAsync(0); // no key to enrol either

        // At the IEEQ's desk, Luz gives Jorge, there in person, the IEEQ's code (after ticking that he is there).
        await using var desk = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(desk.Page, service, luz);
        await desk.Page.GotoAsync("/consola/auditoria");
        var toActivate = desk.Page.Locator("[data-ieeq-codes]");
        await Expect(toActivate).ToContainTextAsync($"Creada el {QueretaroTime.Format((await AccountAsync(user)).CreatedAt)} (hora del centro de México) por {admin.DisplayName} ({admin.UserName})");
        await desk.AxeAsync("mesa de auditoría con una cuenta del IEEQ por activar", output);
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = "Dar el código del IEEQ a Jorge Pérez" }).ClickAsync();
        await Expect(desk.Page.Locator(".field-error")).ToContainTextAsync("Confirme que la persona está aquí");
        await Expect(desk.Page.Locator("[data-ieeq-code]")).ToHaveCountAsync(0);
        await desk.AxeAsync("mesa de auditoría, código del IEEQ sin confirmar", output);
        var openedBefore = await desk.Page.Context.NewPageAsync(); // the same form, as a reload or a second click sends it again
        await openedBefore.GotoAsync(desk.Page.Url);
        await desk.Page.GetByLabel("Jorge Pérez está aquí, comprobé su identificación y es del IEEQ").CheckAsync();
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = "Dar el código del IEEQ a Jorge Pérez" }).ClickAsync();
        var ieeqCode = await desk.Page.Locator("[data-ieeq-code]").InnerTextAsync();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", ieeqCode);
        await desk.AxeAsync("mesa de auditoría con el código del IEEQ", output);
        // Sent again, it gives no other code: the one Jorge was just handed stays the one that works (he activates with it below).
        await openedBefore.GetByLabel("Jorge Pérez está aquí, comprobé su identificación y es del IEEQ").CheckAsync();
        await openedBefore.GetByRole(AriaRole.Button, new() { Name = "Dar el código del IEEQ a Jorge Pérez" }).ClickAsync();
        await Expect(openedBefore.GetByRole(AriaRole.Alert)).ToContainTextAsync("Se dio un código del IEEQ a esta cuenta el");
        await Expect(openedBefore.Locator("[data-ieeq-code]")).ToHaveCountAsync(0);

        // Jorge activates on his own computer with both codes; a wrong IEEQ code is refused next to its field.
        await using var jorgesTab = await chromium.DesktopAsync(service);
        var jorge = await ActivateAsync(jorgesTab, user, "Jorge Pérez", code, ieeqCode, wrongIeeqCodeFirst: code);
        await ConsoleAccounts.SignInAsync(jorgesTab.Page, service, jorge);
        await Expect(jorgesTab.Page.GetByRole(AriaRole.Heading, new() { Name = "Hola, Jorge Pérez" })).ToBeVisibleAsync();

        await desk.Page.GotoAsync("/consola/auditoria");
        await Expect(desk.Page.Locator("[data-ieeq-codes] form").Filter(new() { HasText = user })).ToHaveCountAsync(0);
        await Expect(desk.Page.Locator("[data-ieeq-accounts]").GetByRole(AriaRole.Row).Filter(new() { HasText = user }))
            .ToContainTextAsync($"por {luz.DisplayName} ({luz.UserName})");
        await Expect(desk.Page.Locator("[data-ieeq-accounts]").GetByRole(AriaRole.Columnheader, new() { Name = "Creada (hora del centro de México)" })).ToBeVisibleAsync();

        // A new activation code from the administration: Jorge's account waits for a new code from the IEEQ.
        await adminTab.Page.GotoAsync("/consola/cuentas");
        await adminTab.Page.GetByRole(AriaRole.Link, new() { Name = "Jorge Pérez" }).ClickAsync();
        await adminTab.Page.GetByLabel("La persona pidió un código nuevo").CheckAsync();
        await adminTab.Page.GetByRole(AriaRole.Button, new() { Name = "Dar un código de activación nuevo" }).ClickAsync();
        await Expect(adminTab.Page.Locator("[data-ieeq-code-step]")).ToBeVisibleAsync();
        var account = await AccountAsync(user);
        Assert.Equal((AccountStatus.AwaitingActivation, null), (account.Status, account.IeeqCodeGivenBy));
        await desk.Page.GotoAsync("/consola/auditoria");
        await Expect(desk.Page.Locator("[data-ieeq-codes]")).ToContainTextAsync("Código de activación nuevo del");
    }

    /// <summary>
    /// The first auditor: no auditor can give the IEEQ's code yet, so the server's operator prints it with
    /// `accounts ieeq-code`, in front of the IEEQ; once an auditor account is active, the command leaves it to the desk.
    /// </summary>
    [Fact]
    public async Task the_operator_gives_the_ieeq_code_on_the_server_only_while_no_auditor_account_is_active()
    {
        await using var own = new ServiceHost(TestDatabase.NewSchemaName()); // a database with no auditor account yet
        await own.InitializeAsync();
        var id = Guid.NewGuid();
        Assert.Null(await own.Services.GetRequiredService<Hosting.StreamWrites>().StartAsync<Account>(id,
            CreateAccountRules.Decide(new CreateAccount("rosa.ieeq", "Rosa Méndez", Hosting.Roles.Auditor), id, false,
                "(hoja de activación no usada)", "Ana Administradora (ana.admin)", own.Clock.GetUtcNow()), CancellationToken.None));

        var printed = await RunAccountsCommandAsync(own, 0, "ieeq-code", "--user", "rosa.ieeq");
        var ieeqCode = Regex.Match(printed, @"Código del IEEQ para Rosa Méndez \(rosa\.ieeq\): (\S+)").Groups[1].Value;
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", ieeqCode);
        var account = await AccountAsync(own, "rosa.ieeq");
        Assert.Equal((own.Services.GetRequiredService<SecondFactor>().IeeqCodeHash(account, ieeqCode), IeeqCode.ByServer),
            (account.IeeqCodeHash, account.IeeqCodeGivenBy));

        await ConsoleAccounts.CreateAsync(own, Hosting.Roles.Auditor);
        var refused = await RunAccountsCommandAsync(own, 1, "ieeq-code", "--user", "rosa.ieeq");
        Assert.Contains("Hay 1 cuenta de auditoría activa: el código del IEEQ lo da una de ellas en la mesa de auditoría", refused);
        Assert.Equal(account.IeeqCodeHash, (await AccountAsync(own, "rosa.ieeq")).IeeqCodeHash);
        Assert.Contains("No hay ninguna cuenta con el usuario «nadie.ieeq»", await RunAccountsCommandAsync(own, 1, "ieeq-code", "--user", "nadie.ieeq"));
    }

    private Task<Account> AccountAsync(string userName) => AccountAsync(service, userName);

    private static async Task<Account> AccountAsync(ServiceHost host, string userName)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<Account>().SingleAsync(a => a.UserName == userName);
    }

    /// <summary>
    /// Whoever carries the activation sheet can open the activation page before the person does: the key it shows them
    /// is not the one the person's own page enrols, so their copy of the second factor opens nothing.
    /// </summary>
    [Fact]
    public async Task whoever_opened_the_activation_page_first_does_not_hold_the_persons_second_factor()
    {
        var user = $"luis.admin.{Guid.NewGuid().ToString("N")[..6]}";
        var printed = await RunAccountsCommandAsync("create-admin", "--user", user, "--name", "Luis Administrador");
        var code = Regex.Match(printed, @"Código de activación: (\S+)").Groups[1].Value;

        await using var carrier = await chromium.DesktopAsync(service);
        await carrier.Page.GotoAsync("/consola/activar");
        await carrier.Page.GetByLabel("Usuario").FillAsync(user);
        await carrier.Page.GetByLabel("Código de activación").FillAsync(code);
        await carrier.Page.GetByRole(AriaRole.Button, new() { Name = "Continuar" }).ClickAsync();
        var peeked = Base32Encoding.ToBytes((await carrier.Page.Locator("code.secret").InnerTextAsync()).Replace(" ", ""));

        await using var hers = await chromium.DesktopAsync(service);
        var account = await ActivateAsync(hers, user, "Luis Administrador", code);
        Assert.NotEqual(peeked, account.TotpSecret);

        var copy = new ConsoleAccount(user, "Luis Administrador", account.Password, peeked);
        await carrier.Page.GotoAsync("/consola/entrar");
        await carrier.Page.GetByLabel("Usuario").FillAsync(user);
        await carrier.Page.GetByLabel("Contraseña").FillAsync(account.Password); // even knowing the password
        await carrier.Page.GetByLabel("Código de su aplicación de autenticación").FillAsync(copy.NextCode(service));
        await carrier.Page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(carrier.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El usuario, la contraseña o el código de la aplicación no son correctos.");
        await ConsoleAccounts.SignInAsync(hers.Page, service, account);
    }

    /// <summary>
    /// Five failures lock the account for browsers the person never signed in from: someone who knows an IEEQ auditor's
    /// user name cannot keep her out of the console on voting day from the laptop she used before.
    /// </summary>
    [Fact]
    public async Task a_wrong_code_gets_the_same_answer_as_a_wrong_password_and_five_lock_the_account_for_other_browsers_than_hers()
    {
        var account = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var hers = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(hers.Page, service, account);
        var remembered = Assert.Single(await hers.Page.Context.CookiesAsync(), c => c.Name == KnownDevice.CookieName);
        Assert.True(remembered.HttpOnly);
        Assert.Equal(ConsoleSignIn.SignInPath, remembered.Path);
        Assert.Equal(SameSiteAttribute.Strict, remembered.SameSite);
        await hers.Page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" }).ClickAsync();

        // Operators hear of it (the counters are the test process's, so what this test adds): never the user name.
        using var scraper = service.Client(ServiceHost.MetricsToken);
        async Task<(double Refused, double Locked, double Lockouts)> CountsAsync()
        {
            var text = await scraper.GetStringAsync("/metrics");
            Assert.DoesNotContain(account.UserName, text);
            var scrape = Scenarios.Prometheus.Parse(text);
            return (scrape.Value("gobiernoabierto_console_sign_ins_total", ("outcome", "refused")),
                scrape.Value("gobiernoabierto_console_sign_ins_total", ("outcome", "locked")),
                scrape.Value("gobiernoabierto_console_lockouts_total", ("device", "new_devices")));
        }
        var before = await CountsAsync();
        var logMark = service.Logs.Mark();

        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        for (var attempt = 0; attempt < Account.FailuresBeforeLockout; attempt++)
        {
            await page.GotoAsync("/consola/entrar");
            await page.GetByLabel("Usuario").FillAsync(account.UserName);
            await page.GetByLabel("Contraseña").FillAsync(attempt % 2 == 0 ? account.Password : "no es la contraseña");
            await page.GetByLabel("Código de su aplicación de autenticación").FillAsync("000000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El usuario, la contraseña o el código de la aplicación no son correctos.");
        }

        await page.GetByLabel("Usuario").FillAsync(account.UserName);
        await page.GetByLabel("Contraseña").FillAsync(account.Password);
        await page.GetByLabel("Código de su aplicación de autenticación").FillAsync(account.NextCode(service));
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Cuenta bloqueada en esta red por unos minutos");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Desde un equipo y navegador donde ya inició sesión con esta cuenta, o desde otra red, puede entrar ahora");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == KnownDevice.CookieName);
        var after = await CountsAsync();
        Assert.True(after.Refused - before.Refused >= Account.FailuresBeforeLockout, $"refused: {before.Refused} → {after.Refused}");
        Assert.True(after.Locked - before.Locked >= 1, $"locked: {before.Locked} → {after.Locked}");
        Assert.True(after.Lockouts - before.Lockouts >= 1, $"lockouts of new devices: {before.Lockouts} → {after.Lockouts}");
        var locked = Assert.Single(service.Logs.Since(logMark), e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.StartsWith("Console account "));
        var accountId = (await AccountAsync(account.UserName)).Id;
        Assert.Contains(accountId.ToString(), locked.Message);
        Assert.Contains("browsers it never signed in from", locked.Message);
        Assert.DoesNotContain(account.UserName, $"{locked.Message} {locked.Values}");

        await ConsoleAccounts.SignInAsync(hers.Page, service, account); // signed in: it waits for «Cerrar sesión»
    }

    [Fact]
    public async Task signing_out_ends_the_session()
    {
        var account = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, account);
        var copied = await page.Context.CookiesAsync(); // as someone at a shared computer, or with the browser's cookies, could keep it

        // The address typed or bookmarked does not say «Sesión cerrada» while the session is open: it offers to close it.
        await page.GotoAsync("/consola/salir");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cerrar sesión" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-still-signed-in]")).ToContainTextAsync("Su sesión sigue abierta en este navegador.");
        await tab.AxeAsync("consola cerrar sesión", output);
        await page.GotoAsync("/consola/jornadas");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Iniciar sesión en la consola" })).ToHaveCountAsync(0);
        await page.GotoAsync("/consola/salir");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión en este navegador" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sesión cerrada" })).ToBeVisibleAsync();
        await ConsoleAccounts.SignInAsync(page, service, account);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sesión cerrada" })).ToBeVisibleAsync();
        await page.GotoAsync("/consola/jornadas");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Iniciar sesión en la consola" })).ToBeVisibleAsync();

        // The copy of the session's cookie opens nothing either: the account remembers that session ended.
        Assert.Contains(copied, c => c.Name == "ga_consola");
        await page.Context.AddCookiesAsync(copied.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await page.GotoAsync("/consola/jornadas");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Iniciar sesión en la consola" })).ToBeVisibleAsync();

        // A new session of the same account is not one that ended.
        await ConsoleAccounts.SignInAsync(page, service, account);
        await page.GotoAsync("/consola/jornadas");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jornadas" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// A new activation code is what the README gives for a lost phone or a password someone else may know. A copy of a
    /// cookie from before it (an outside reviewer took one) opened the console again as soon as the person activated anew.
    /// </summary>
    [Fact]
    public async Task a_session_from_before_a_new_activation_code_stays_ended_after_the_person_activates_again()
    {
        var admin = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Administrator);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        using var browser = ConsoleAccounts.FormClient(service);
        var signedIn = await ConsoleAccounts.PostSignInAsync(browser, staff.UserName, staff.Password, staff.NextCode(service));
        // A copy of the session's cookie someone else kept, sent as it was whatever the service answers to it.
        var cookie = string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("ga_consola")).Select(c => c.Split(';')[0]));
        using var copied = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };
        Task<HttpResponseMessage> OpenWithCopyAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/consola/jornadas");
            request.Headers.Add("Cookie", cookie);
            return copied.SendAsync(request);
        }
        Assert.Equal(System.Net.HttpStatusCode.OK, (await OpenWithCopyAsync()).StatusCode);

        await using var adminTab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(adminTab.Page, service, admin);
        await adminTab.Page.GotoAsync("/consola/cuentas");
        await adminTab.Page.GetByRole(AriaRole.Link, new() { Name = staff.DisplayName }).ClickAsync();
        var openedBefore = await adminTab.Page.Context.NewPageAsync(); // the same form, as a reload or a second click sends it again
        await openedBefore.GotoAsync(adminTab.Page.Url);
        await adminTab.Page.GetByLabel("La persona pidió un código nuevo").CheckAsync();
        await adminTab.Page.GetByRole(AriaRole.Button, new() { Name = "Dar un código de activación nuevo" }).ClickAsync();
        var code = await adminTab.Page.Locator("[data-activation-code]").InnerTextAsync();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await OpenWithCopyAsync()).StatusCode);

        // Sent again, it gives no other code: the sheet just handed over stays the one that works (below).
        await openedBefore.GetByLabel("La persona pidió un código nuevo").CheckAsync();
        await openedBefore.GetByRole(AriaRole.Button, new() { Name = "Dar un código de activación nuevo" }).ClickAsync();
        await Expect(openedBefore.GetByRole(AriaRole.Alert)).ToContainTextAsync(
            "después de abrir esta página (¿la recargó o la envió dos veces?). No se dio otro: el de esa hoja es el que sirve.");
        await Expect(openedBefore.Locator("[data-activation-code]")).ToHaveCountAsync(0);

        await using var staffTab = await chromium.DesktopAsync(service);
        var again = await ActivateAsync(staffTab, staff.UserName, staff.DisplayName, code);
        await ConsoleAccounts.SignInAsync(staffTab.Page, service, again);
        await staffTab.Page.GotoAsync("/consola/jornadas");
        await Expect(staffTab.Page.GetByRole(AriaRole.Heading, new() { Name = "Jornadas" })).ToBeVisibleAsync();

        var afterActivation = await OpenWithCopyAsync();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, afterActivation.StatusCode);
        Assert.Contains("/consola/entrar", afterActivation.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task bearer_tokens_do_not_open_the_console_and_the_console_cookie_does_not_open_the_api()
    {
        using var staffApi = service.Client(ServiceHost.StaffToken);
        var console = await staffApi.GetAsync("/consola/cuentas");
        Assert.Equal(System.Net.HttpStatusCode.OK, console.StatusCode); // the sign-in page it was sent to
        Assert.Contains("/consola/entrar", console.RequestMessage!.RequestUri!.AbsolutePath);

        var account = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, account);
        var api = await tab.Page.APIRequest.GetAsync("/api/jornadas/" + Guid.NewGuid() + "/tally");
        Assert.Equal(401, api.Status);
    }

    [Fact]
    public async Task the_credential_authority_issues_the_letters_again_if_the_download_failed_and_reissues_one_from_its_desk()
    {
        var api = new VotingApi(service);
        var voters = new[] { Voters.UniqueClave(), Voters.UniqueClave() };
        var jornada = await api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await api.SetOptionsAsync(jornada.Id);
        var now = service.Clock.GetUtcNow();
        await VotingApi.Expect(await api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new GobiernoAbierto.Jornadas.EnableOnlineVoting(now.AddMinutes(1), now.AddHours(6)), VotingApi.Json), System.Net.HttpStatusCode.OK);
        await api.LoadRollCsvAsync(jornada.Id, voters);

        var authority = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.CredentialAuthority);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, authority);
        await page.GetByRole(AriaRole.Link, new() { Name = "Códigos de votación" }).First.ClickAsync();
        await tab.AxeAsync("consola códigos por emitir", output);
        var section = page.GetByRole(AriaRole.Region, new() { Name = jornada.Title });
        // Issuing happens once, and its letters download once: one click does not do it, the box must be ticked.
        await section.GetByRole(AriaRole.Button, new() { Name = "Emitir los códigos y descargar las cartas" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme la emisión");
        await Expect(section.GetByRole(AriaRole.Checkbox)).ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("consola códigos sin confirmar", output);
        await section.GetByRole(AriaRole.Checkbox).CheckAsync();
        var letters = await page.RunAndWaitForDownloadAsync(() =>
            section.GetByRole(AriaRole.Button, new() { Name = "Emitir los códigos y descargar las cartas" }).ClickAsync());
        var firstLetters = LetterCsv.Read(await File.ReadAllBytesAsync(await letters.PathAsync()));
        Assert.Equal(2, firstLetters.Count);
        await Expect(section.GetByRole(AriaRole.Status)).ToContainTextAsync($"El servidor envió las cartas de «{jornada.Title}» a las ");
        await Expect(section.GetByRole(AriaRole.Status)).ToContainTextAsync("Si no termina, no emita otra vez desde aquí");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0); // «Confirme la emisión» was the first try's

        await page.ReloadAsync();
        await Expect(section).ToContainTextAsync("Códigos emitidos.");
        await Expect(section.GetByRole(AriaRole.Button, new() { Name = "Emitir los códigos y descargar las cartas" })).ToHaveCountAsync(0);
        await tab.AxeAsync("consola códigos emitidos", output);

        // That download never arrived whole: before online voting opens, every code can be issued again, on purpose.
        await section.GetByText("La descarga de las cartas no terminó").ClickAsync();
        var issueAgain = section.GetByRole(AriaRole.Button, new() { Name = "Emitir de nuevo todos los códigos y descargar las cartas" });
        await issueAgain.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme la nueva emisión");
        await Expect(section.GetByRole(AriaRole.Checkbox)).ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("consola códigos emitir de nuevo sin confirmar", output);
        await section.GetByRole(AriaRole.Checkbox).CheckAsync();
        var lettersAgain = await page.RunAndWaitForDownloadAsync(() => issueAgain.ClickAsync());
        var newLetters = LetterCsv.Read(await File.ReadAllBytesAsync(await lettersAgain.PathAsync()));
        Assert.Equal(firstLetters.Keys.Order(), newLetters.Keys.Order());
        Assert.All(newLetters, letter => Assert.NotEqual(firstLetters[letter.Key], letter.Value));

        // A Jornada whose vote is over gets no new letter (the rule says so): the form does not offer it.
        var over = await api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        await api.CloseAsync(over.Id);
        await page.ReloadAsync();
        var overTitle = (await VotingApi.Read<GobiernoAbierto.Jornadas.JornadaDetails>(await api.Anonymous.GetAsync($"/api/jornadas/{over.Id}"))).Title;
        await Expect(page.GetByLabel("Jornada", new() { Exact = true }).Locator("option", new() { HasText = overTitle })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Jornada", new() { Exact = true }).Locator("option", new() { HasText = jornada.Title })).ToHaveCountAsync(1);

        // No Jornada chosen: said so beside its field (it said «No encontrado»).
        await page.GetByLabel("Folio de la carta").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reponer la carta y descargarla" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Elija la Jornada de la carta.");
        await Expect(page.GetByLabel("Jornada", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("No encontrado");
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("Falta un valor");

        await page.GetByLabel("Jornada", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = jornada.Title });
        await page.GetByLabel("Folio de la carta").FillAsync("3"); // voters[1]: the second line after the header
        await page.GetByLabel("Motivo").FillAsync("La carta no llegó");
        // The old code stops working at once: one stray click must not spend it, so the box comes first.
        await page.Context.ClearCookiesAsync(new() { Name = "ga-descarga" }); // what the downloads above left (their pages were reloaded)
        await page.GetByRole(AriaRole.Button, new() { Name = "Reponer la carta y descargarla" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme la reposición");
        var reissueBox = page.GetByLabel("El código de la carta anterior deja de servir en cuanto se repone; no se puede deshacer");
        await Expect(reissueBox).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Motivo")).ToHaveValueAsync("La carta no llegó"); // nothing typed is lost
        await Expect(page.GetByLabel("Folio de la carta")).ToHaveValueAsync("3");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "ga-descarga"); // refused: nothing was sent, nothing said sent
        await tab.AxeAsync("consola reponer carta sin confirmar", output);
        await reissueBox.CheckAsync();
        IRequest? sent = null;
        void Keep(object? _, IRequest request) { if (request.Method == "POST") sent = request; }
        page.Request += Keep;
        var reissued = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Reponer la carta y descargarla" }).ClickAsync());
        page.Request -= Keep;
        Assert.Equal([3], LetterCsv.Read(await File.ReadAllBytesAsync(await reissued.PathAsync())).Keys); // folio 3: the second line after the header
        // The answer was a file and the page stayed: it says the letter arrived, and the refusal of the first try is gone
        // (an outside tester read it as a failed reissue and sent it again, which voids the letter just printed).
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Se descargó la carta repuesta del folio 3 a las " })).ToContainTextAsync(
            "Quedó hecho: no la reponga otra vez");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(reissueBox).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("consola carta repuesta descargada", output);
        // The same form arriving again (a browser that sends it twice) voided the letter just downloaded; now it is told.
        var repeat = await page.APIRequest.PostAsync(sent!.Url, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, Data = sent.PostData,
        });
        Assert.Contains("Esta misma solicitud ya repuso la carta de ese folio", await repeat.TextAsync());
        // Reloaded to reissue another, the form does not bring back the folio just reissued.
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(sessionStorage).filter(k => k.startsWith('ga-borrador:')).length"));
        var posts = 0;
        await page.RouteAsync("**/consola/codigos**", async route =>
        {
            if (route.Request.Method == "POST") Interlocked.Increment(ref posts);
            await route.ContinueAsync();
        });
        var again = page.GetByRole(AriaRole.Button, new() { Name = "Reponer la carta y descargarla" });
        await Expect(again).ToHaveAttributeAsync("aria-disabled", "true");
        await again.ClickAsync(new() { Force = true }); // clicked all the same
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(0, posts);

        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(jornada.Id);
        Assert.Equal([false, true], events.Select(e => e.Data).OfType<GobiernoAbierto.Jornadas.VotingCodesIssued>()
            .Where(issued => issued.IssuedBy == $"{authority.DisplayName} ({authority.UserName})").Select(issued => issued.Again));
        // One reissue: the attempt without the box ticked changed nothing.
        Assert.Equal("La carta no llegó", Assert.Single(events.Select(e => e.Data).OfType<GobiernoAbierto.Jornadas.VotingCodeReissued>()).Reason);
    }
}

/// <summary>
/// Many authenticator apps show the code as «663 104», and people paste it so. The field used to keep six characters
/// («663 10»), the sign-in refused it and the try counted toward the lockout.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_person_pastes_the_code_as_the_app_shows_it(ServiceFixture service, ChromiumFixture chromium)
{
    [Fact]
    public async Task a_code_with_a_space_in_the_middle_signs_in()
    {
        var account = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await page.GotoAsync("/consola/entrar");
        await page.GetByLabel("Usuario").FillAsync(account.UserName);
        await page.GetByLabel("Contraseña").FillAsync(account.Password);
        var code = account.NextCode(service);
        await page.GetByLabel("Código de su aplicación de autenticación").FillAsync($"{code[..3]} {code[3..]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" })).ToBeVisibleAsync();
    }
}
