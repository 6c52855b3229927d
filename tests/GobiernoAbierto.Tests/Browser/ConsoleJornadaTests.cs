using System.Text.RegularExpressions;
using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Jornadas.Console;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>A whole Jornada run from the consoles: staff prepare, open, close and publish; the IEEQ verifies and certifies.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_staff_and_the_ieeq_run_a_jornada_from_the_consoles(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [Fact]
    public async Task staff_prepare_open_and_close_it_the_ieeq_certifies_and_staff_publish_the_chosen_project()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var staffTab = await chromium.DesktopAsync(service);
        var page = staffTab.Page;
        await page.GotoAsync("/consola/entrar");
        await staffTab.AxeAsync("consola entrar", output);
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await staffTab.AxeAsync("consola inicio (personal)", output);

        // A new Jornada from the form: local times, two colonias from the catalogue.
        var title = "Jornada de consola " + Guid.NewGuid().ToString("N")[..6];
        var now = service.Clock.GetUtcNow();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Consola" }).GetByRole(AriaRole.Link, new() { Name = "Jornadas" }).ClickAsync();
        await staffTab.AxeAsync("consola jornadas", output);
        await page.GetByRole(AriaRole.Link, new() { Name = "Nueva Jornada" }).ClickAsync();
        await staffTab.AxeAsync("consola nueva jornada", output);
        await page.GetByLabel("Título de la Jornada").FillAsync(title);
        // A window already over is said beside its closing too (it was said only at the top: an outside tester's).
        await page.GetByLabel("Apertura de la votación").FillAsync(LocalTime.Field(now.AddDays(-3)));
        await page.GetByLabel("Cierre de la votación").FillAsync(LocalTime.Field(now.AddDays(-2)));
        await page.GetByLabel("Loma Bonita").CheckAsync();
        await page.GetByLabel("El Paraíso").CheckAsync();
        await Button(page, "Crear la Jornada").ClickAsync();
        await Expect(page.GetByLabel("Cierre de la votación")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Apertura de la votación").FillAsync(LocalTime.Field(now.AddMinutes(-10)));
        await page.GetByLabel("Cierre de la votación").FillAsync(LocalTime.Field(now.AddHours(4)));
        await Button(page, "Crear la Jornada").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se creó la Jornada");
        var id = Guid.Parse(page.Url.Split('/').Last());
        await staffTab.AxeAsync("consola jornada en preparación", output);

        // Opening before the ballot has its two works: the page says why, without writing anything.
        await page.GetByRole(AriaRole.Link, new() { Name = "Abrir la votación…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Boleta incompleta");
        await Expect(Button(page, "Sí, abrir la votación")).ToHaveCountAsync(0);
        await staffTab.AxeAsync("consola abrir (no se puede aún)", output);
        await page.GoBackAsync();

        var projectA = page.GetByRole(AriaRole.Group, new() { Name = "Proyecto A" });
        await projectA.GetByLabel("Título").FillAsync("Cancha de usos múltiples");
        await projectA.GetByLabel("Descripción").FillAsync("Rehabilitar la cancha y el área verde.");
        await projectA.GetByLabel("Costo estimado (pesos)").FillAsync("2,400,000");
        var projectB = page.GetByRole(AriaRole.Group, new() { Name = "Proyecto B" });
        await projectB.GetByLabel("Título").FillAsync("Banquetas y alumbrado");
        await projectB.GetByLabel("Descripción").FillAsync("Banquetas accesibles y luminarias.");
        // A decimal comma is refused next to its field, not read as a hundred times the amount.
        await projectB.GetByLabel("Costo estimado (pesos)").FillAsync("1850000,50");
        await Button(page, "Fijar los dos proyectos").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Proyecto B" })).ToContainTextAsync("Escriba la cantidad en pesos con punto decimal");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Proyecto B" }).GetByLabel("Costo estimado (pesos)")).ToHaveAttributeAsync("aria-invalid", "true");
        // A negative amount is read, and the rule says what is wrong with it.
        await page.GetByRole(AriaRole.Group, new() { Name = "Proyecto B" }).GetByLabel("Costo estimado (pesos)").FillAsync("-1850000");
        await Button(page, "Fijar los dos proyectos").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Proyecto B" })).ToContainTextAsync("El costo estimado debe ser mayor que cero pesos.");
        await page.GetByRole(AriaRole.Group, new() { Name = "Proyecto B" }).GetByLabel("Costo estimado (pesos)").FillAsync("1850000");
        await Button(page, "Fijar los dos proyectos").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se fijaron los dos proyectos");

        await page.GetByLabel("Identificador del kiosco").FillAsync("kiosco-consola");
        await page.GetByLabel("Nombre", new() { Exact = true }).FillAsync("Kiosco de la consola");
        await page.GetByLabel("Ubicación").FillAsync("Oficinas de la delegación");
        var registered = await page.RunAndWaitForResponseAsync(
            () => Button(page, "Registrar el kiosco y mostrar su enlace de configuración").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(200, registered.Status); // a success, not the 400 of a refused form
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Código QR con el enlace que configura el kiosco Kiosco de la consola" })).ToBeVisibleAsync();
        await staffTab.AxeAsync("consola kiosco registrado (credencial y QR)", output);
        await staffTab.ScreenshotAsync("consola-jornada-kiosco");
        // The sheet says what the kiosk's staff do when the kiosk tells a resident «ya votó» and they say they did not
        // (the kiosk sends them to «el personal municipal del kiosco»), and it prints alone, not the page around it.
        var sheet = page.Locator("[data-print-alone]");
        await Expect(sheet.Locator("[data-claimed-vote]")).ToContainTextAsync("Si el kiosco dice que una persona ya votó y ella dice que no");
        await Expect(sheet.Locator("[data-claimed-vote]")).ToContainTextAsync("llévela con la persona observadora del IEEQ");
        await Expect(sheet.Locator("[data-claimed-vote]")).Not.ToContainTextAsync("participacion.html"); // no letters in this Jornada
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(sheet).ToBeVisibleAsync();
        await Expect(sheet.Locator("[data-kiosk-setup-link]")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2. Kioscos" })).ToBeHiddenAsync();
        await Expect(page.Locator("h1")).ToBeHiddenAsync();
        await Expect(Button(page, "Imprimir la hoja del kiosco")).ToBeHiddenAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await Expect(Button(page, "Imprimir la hoja del kiosco")).ToBeVisibleAsync();
        var kioskToken = await page.Locator("[data-kiosk-credential]").InnerTextAsync();
        var setupLink = await page.Locator("[data-kiosk-setup-link]").InnerTextAsync();
        Assert.Equal(0, await page.Locator("a[href*='configurar']").CountAsync()); // nothing to click: the staff's browser would become the kiosk
        Assert.Contains(Uri.EscapeDataString(kioskToken), setupLink);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "kiosco-consola" }))
            .ToContainTextAsync("Sin configurar: abra su enlace de configuración en el equipo del kiosco");
        // A reload once the sheet is shown puts back no draft that says the kiosk is «aún no registrado» (an outside
        // tester's: sent again, it was refused as already registered).
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2. Kioscos" })).ToBeVisibleAsync();
        await Expect(page.Locator(".draft-note")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Identificador del kiosco")).ToHaveValueAsync("");

        await page.GetByRole(AriaRole.Link, new() { Name = "Abrir la votación…" }).ClickAsync();
        // No padrón was loaded: opening is allowed, and the page says who may vote then.
        await Expect(page.Locator("[data-no-roll]")).ToContainTextAsync("Sin padrón cargado: puede votar cualquier persona con una clave de elector bien formada");
        await staffTab.AxeAsync("consola abrir", output);
        await Button(page, "Sí, abrir la votación").ClickAsync();
        await Expect(page.Locator("[data-jornada-status]")).ToHaveTextAsync("Votación abierta");
        await page.Locator("details.claimed-vote-help summary").ClickAsync();
        await Expect(page.Locator("details.claimed-vote-help [data-claimed-vote]")).ToContainTextAsync("no puede anular ese voto ni recibir otro");
        await staffTab.AxeAsync("consola jornada abierta", output);

        // The kiosk device opens the setup link staff were shown; a resident votes there. The dashboard counts her, never her choice.
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.GotoAsync(new Uri(setupLink).PathAndQuery + new Uri(setupLink).Fragment);
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        var fingerprint = await kiosk.Page.Locator("[data-panel=configured] [data-fill=fingerprint]").InnerTextAsync();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}$", fingerprint);
        await kiosk.Button("Abrir la pantalla de votación").TapAsync();
        // Configured is not yet a kiosk that takes ballots: the IEEQ's observer, in front of it, types what its screen shows.
        await Expect(kiosk.Heading("Falta la autorización del IEEQ")).ToBeVisibleAsync();
        await Expect(kiosk.Page.Locator("[data-panel=awaiting-ieeq] [data-fill=fingerprint]")).ToHaveTextAsync(fingerprint);
        await kiosk.AxeAsync("kiosco en espera de la autorización del IEEQ", output);
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "kiosco-consola" })).ToContainTextAsync("espera la autorización del IEEQ");

        await using var auditorTab = await chromium.DesktopAsync(service);
        var desk = auditorTab.Page;
        await ConsoleAccounts.SignInAsync(desk, service, auditor);
        await desk.GetByRole(AriaRole.Link, new() { Name = "Mesa de auditoría" }).First.ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Row).Filter(new() { HasText = title })).ToContainTextAsync("1 kiosco por autorizar");
        await desk.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        var typed = desk.GetByLabel("Huella que muestra la pantalla del kiosco");
        await typed.FillAsync("ZZZZ-ZZZZ"); // read wrong, or another device: refused next to the field, nothing recorded
        await Button(desk, "Autorizar el kiosco «Kiosco de la consola»").ClickAsync();
        await Expect(desk.Locator(".field-error")).ToContainTextAsync("La huella escrita no es la del equipo que se configuró como este kiosco.");
        await Expect(desk.GetByRole(AriaRole.Alert).First).Not.ToContainTextAsync("La huella no coincide. La huella no coincide"); // said once
        await Expect(typed).ToHaveAttributeAsync("aria-invalid", "true");
        await auditorTab.AxeAsync("consola mesa de auditoría, huella que no coincide", output);
        await typed.FillAsync(fingerprint.ToLowerInvariant());
        await Button(desk, "Autorizar el kiosco «Kiosco de la consola»").ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Autorizó el kiosco «Kiosco de la consola»: desde ahora recibe votos; su pantalla lo muestra en unos segundos.");
        await Expect(desk.Locator("[data-kiosk=kiosco-consola]")).ToContainTextAsync("Recibe votos (autorizado por el IEEQ el");
        await Expect(desk.Locator("[data-authorize-kiosk]")).ToHaveCountAsync(0);
        // The audit log is an asynchronous view: the page shows the authorization once the view has it.
        for (var tries = 0; !(await desk.Locator("[data-audit-log]").InnerTextAsync()).Contains("Autorizó el kiosco «kiosco-consola» frente al equipo") && tries < 20; tries++)
        {
            await Task.Delay(250);
            await desk.ReloadAsync();
        }
        await Expect(desk.Locator("[data-audit-log]")).ToContainTextAsync("Autorizó el kiosco «kiosco-consola» frente al equipo");
        await auditorTab.AxeAsync("consola mesa de auditoría, kiosco autorizado", output);

        // The kiosk asks every 10 s and opens by itself.
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var receipt = await kiosk.VoteAsync(Voters.UniqueClave(), "Loma Bonita", "Cancha de usos múltiples");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tablero en vivo" }).First.ClickAsync();
        await Expect(page.Locator("[data-turnout]")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Loma Bonita" })).ToContainTextAsync("1");
        await Expect(page.Locator("[data-last-seen=kiosco-consola]")).ToContainTextAsync("hace menos de un minuto"); // the kiosk called when it was set up
        await staffTab.AxeAsync("consola tablero", output);
        await staffTab.ScreenshotAsync("consola-tablero");
        await page.GoBackAsync();

        // Closing before the window ends needs an IEEQ auditor's countersignature: staff ask, another person grants.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cerrar y sellar la votación…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("El horario de votación sigue abierto");
        await Expect(page.GetByRole(AriaRole.Status).Nth(1)).ToContainTextAsync("Se requiere la contrafirma del IEEQ");
        await staffTab.AxeAsync("consola cerrar (falta contrafirma)", output);
        // Asked and answered on the close page itself: a missing reason, then the request.
        await Button(page, "Pedir la contrafirma del IEEQ").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba el motivo: el IEEQ lo lee antes de contrafirmar.");
        await Expect(page.GetByLabel("Motivo para cerrar antes")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Motivo para cerrar antes").FillAsync("Simulacro: la participación esperada ya votó.");
        await Button(page, "Pedir la contrafirma del IEEQ").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Se pidió al IEEQ la contrafirma para cerrar la votación antes" })).ToBeVisibleAsync();
        Assert.EndsWith($"/consola/jornadas/{id}/cerrar", page.Url);
        // The close page says the request waits for the IEEQ, and does not offer to ask again.
        await Expect(page.Locator("[data-early-close-requests]")).ToContainTextAsync("«Simulacro: la participación esperada ya votó.»");
        await Expect(page.Locator("[data-early-close-requests]")).Not.ToContainTextAsync(".»."); // its own full stop ends the sentence
        await Expect(page.Locator("[data-countersignature-status]")).ToHaveTextAsync("Solicitada, en espera del IEEQ");
        await Expect(page.Locator("[data-awaiting-ieeq]")).ToBeVisibleAsync();
        await Expect(Button(page, "Pedir la contrafirma del IEEQ")).ToHaveCountAsync(0);
        await staffTab.AxeAsync("consola cerrar (contrafirma en espera)", output);

        await desk.GetByRole(AriaRole.Link, new() { Name = "Mesa de auditoría" }).First.ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Row).Filter(new() { HasText = title })).ToContainTextAsync("1 contrafirma por resolver");
        await auditorTab.AxeAsync("consola mesa de auditoría", output);
        await desk.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        // What a grant allows and for how long is said before it is given, and that it can be withdrawn while unused (a reviewer:
        // the box said a grant could not be undone, and the desk then offered to withdraw it).
        await Expect(desk.Locator("[data-grant-effect]")).ToContainTextAsync(
            $"Si la otorga, el personal puede cerrar la votación antes de que termine su horario durante {Countersignatures.GrantLifetimeText}; mientras no la use, usted puede retirarla aquí.");
        await desk.GetByLabel("Motivo de su respuesta").FillAsync("Revisado con la delegación.");
        // The answer is final: one click does not give it, the box must be ticked; the reason typed stays.
        await Button(desk, "Otorgar la contrafirma").ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme su respuesta");
        await Expect(desk.Locator("[data-countersignature-status]")).ToHaveTextAsync("Solicitada, en espera del IEEQ");
        await Expect(desk.GetByLabel("Motivo de su respuesta")).ToHaveValueAsync("Revisado con la delegación.");
        await auditorTab.AxeAsync("consola contrafirma sin confirmar", output);
        await desk.GetByLabel("Mi respuesta es definitiva").CheckAsync();
        await Button(desk, "Otorgar la contrafirma").ClickAsync();
        // A grant says until when it is good (Countersignature.GrantLifetime).
        var stillGood = new Regex(@"^Otorgada, aún sin usar \(vale hasta el \d{2}/\d{2}/\d{4} \d{2}:\d{2}, hora del centro de México\)$");
        await Expect(desk.Locator("[data-countersignature-status]")).ToHaveTextAsync(stillGood);

        // Staff's list of requests says when each was asked and answered, as the IEEQ's desk does.
        await page.GotoAsync($"/consola/jornadas/{id}");
        var request = page.Locator("[data-countersignatures] tbody tr");
        await Expect(request).ToContainTextAsync(QueretaroTime.Format(service.Clock.GetUtcNow())[..10]);
        await Expect(request).ToContainTextAsync(new Regex(@"Otorgada.*\(decidió .+ el \d{2}/\d{2}/\d{4} \d{2}:\d{2}, hora del centro de México: «Revisado con la delegación\.»\)"));
        await page.GotoAsync($"/consola/jornadas/{id}/cerrar");
        await Expect(page.Locator("[data-countersignature-status]")).ToHaveTextAsync(stillGood);
        await Expect(page.Locator("[data-early-close-requests]")).ToContainTextAsync("«Revisado con la delegación.»");
        await staffTab.AxeAsync("consola cerrar", output);
        await Button(page, "Sí, cerrar y sellar la votación").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sello de cierre de la Jornada de Participación" })).ToBeVisibleAsync();
        var sealHash = await page.Locator("[data-seal-hash]").GetAttributeAsync("data-seal-hash");
        var details = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/tally"));
        Assert.Equal(details.Seal!.FinalHash, sealHash);
        await Expect(page.Locator("[data-seal-count]")).ToHaveTextAsync("1");
        await staffTab.AxeAsync("consola sello", output);
        await staffTab.ScreenshotAsync("consola-sello");

        // The auditor: export, the service's verification, certification, the acta.
        await desk.GotoAsync("/consola/auditoria");
        await desk.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await auditorTab.AxeAsync("consola auditoría de la jornada", output);
        var recordHash = await desk.Locator("[data-record-hash]").GetAttributeAsync("data-record-hash");
        async Task<string> DownloadAsync(string link)
        {
            var download = await desk.RunAndWaitForDownloadAsync(() => desk.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync());
            var path = Path.Combine(Directory.CreateTempSubdirectory("consola-").FullName, download.SuggestedFilename);
            await download.SaveAsAsync(path);
            return path;
        }
        var ballots = await DownloadAsync($"Boletas (boletas-{id}.csv)");
        var sealFile = await DownloadAsync($"Sello (sello-{id}.json)");
        var record = await DownloadAsync($"Registro de la Jornada (registro-{id}.csv)");
        Assert.Contains(receipt, await File.ReadAllTextAsync(ballots));

        // The independent check, in the auditor's own browser: the files as downloaded, the hash as noted at the close.
        await desk.GetByRole(AriaRole.Link, new() { Name = "verificador" }).ClickAsync();
        await desk.GetByLabel("Boletas", new() { Exact = true }).SetInputFilesAsync(ballots);
        await desk.GetByLabel("Sello", new() { Exact = true }).SetInputFilesAsync(sealFile);
        await desk.GetByLabel("Registro de la Jornada").SetInputFilesAsync(record);
        await desk.GetByLabel("Hash anotado al cierre").FillAsync(recordHash!);
        await Button(desk, "Verificar").ClickAsync();
        await Expect(auditorTab.Heading("Exportación íntegra")).ToBeVisibleAsync();
        var lines = await File.ReadAllLinesAsync(ballots);
        var fields = lines[1].Split(',');
        fields[1] = fields[1] == "A" ? "B" : "A"; // the one ballot's choice, changed
        lines[1] = string.Join(',', fields);
        await File.WriteAllLinesAsync(ballots, lines);
        await desk.GetByLabel("Boletas", new() { Exact = true }).SetInputFilesAsync(ballots);
        await Button(desk, "Verificar").ClickAsync();
        await Expect(auditorTab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(desk.Locator(".findings li").First).ToContainTextAsync("La boleta 1 (línea 2");
        await desk.GoBackAsync();
        await desk.GetByRole(AriaRole.Link, new() { Name = "Verificar la cadena en el servidor" }).ClickAsync();
        await Expect(desk.Locator("[data-verification=intact]")).ToContainTextAsync("Íntegra");
        await auditorTab.AxeAsync("consola verificación íntegra", output);
        await auditorTab.ScreenshotAsync("consola-auditoria");
        // The IEEQ may follow the day on the dashboard: its desk leads there.
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "Tablero de participación" })).ToHaveAttributeAsync("href", $"/consola/jornadas/{id}/tablero");
        await Button(desk, "Certificar el cómputo").ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba el sello del registro que anotó al cierre");
        await auditorTab.AxeAsync("consola certificación con error", output);
        // What it is asked for is the hash the seal sheet told everyone to write down.
        await desk.GetByLabel("Sello del registro que anotó al cierre").FillAsync(recordHash!);
        // Only the observations are refused (too long, past the field's own limit): the hash typed stays and is unblamed.
        await desk.GetByLabel("Observaciones (opcional)").EvaluateAsync("(field, text) => field.value = text", new string('x', 4001));
        await desk.GetByLabel("Verifiqué la exportación").CheckAsync();
        await Button(desk, "Certificar el cómputo").ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("sello del registro");
        await Expect(desk.GetByLabel("Sello del registro que anotó al cierre")).ToHaveValueAsync(recordHash!);
        await desk.GetByLabel("Observaciones (opcional)").FillAsync("Sin incidencias.");
        await desk.GetByLabel("Verifiqué la exportación").CheckAsync();
        await Button(desk, "Certificar el cómputo").ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Acta de certificación del cómputo" })).ToBeVisibleAsync();
        // The acta names the person as they sign it; their console login stays in the audit log.
        await Expect(desk.Locator("article")).ToContainTextAsync($"{auditor.DisplayName} certificó el cómputo");
        await Expect(desk.Locator("article")).Not.ToContainTextAsync($"({auditor.UserName})");
        await Expect(desk.Locator("article")).ToContainTextAsync("Sin incidencias.");
        await auditorTab.AxeAsync("consola acta", output);

        // Staff publish; the public results show the chosen project, and the audit log names both people.
        await page.GotoAsync($"/consola/jornadas/{id}");
        // The acta the IEEQ signed is one link away for staff too, and its way back leads to the Jornada, not to the IEEQ's desk.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ver e imprimir el acta de certificación del IEEQ" }).ClickAsync();
        await Expect(page.Locator("article")).ToContainTextAsync($"{auditor.DisplayName} certificó el cómputo");
        await page.GetByRole(AriaRole.Link, new() { Name = "← Volver" }).ClickAsync();
        await Expect(page.Locator("[data-jornada-status]")).ToHaveTextAsync("Cómputo certificado por el IEEQ");
        await page.GetByRole(AriaRole.Link, new() { Name = "Publicar el proyecto elegido…" }).ClickAsync();
        // One click does not publish: the page says which project the certified tally chose and that it cannot be undone.
        await Expect(page.Locator("main")).ToContainTextAsync("el proyecto elegido es el Proyecto A: «Cancha de usos múltiples».");
        await Expect(page.Locator("main")).ToContainTextAsync("No se puede deshacer.");
        await staffTab.AxeAsync("consola publicar", output);
        await Button(page, "Sí, publicar el proyecto elegido").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se publicó el proyecto elegido");
        await staffTab.AxeAsync("consola jornada publicada", output);
        var results = await VotingApi.Read<PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}/results"));
        Assert.Equal("Cancha de usos múltiples", results.ChosenProject?.Title);
        // Opened again afterwards, the page says it is done, not «Todavía no se puede publicar: Ya publicado».
        await page.GotoAsync($"/consola/jornadas/{id}/publicar");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ya se publicó el proyecto elegido.");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Todavía no");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sí, publicar el proyecto elegido" })).ToHaveCountAsync(0);

        await desk.GotoAsync($"/consola/auditoria/{id}?quien={Uri.EscapeDataString($"{staff.DisplayName} ({staff.UserName})")}");
        var log = desk.Locator("[data-audit-log] tbody tr");
        await Expect(log.Filter(new() { HasText = "Abrió la votación" })).ToHaveCountAsync(1);
        await Expect(log.Filter(new() { HasText = "Certificó" })).ToHaveCountAsync(0); // filtered to staff
    }

    /// <summary>
    /// The Jornada's row edited after the IEEQ certified it, its counts swapped so that the other project wins: the publish
    /// page reads that row, and names the other project. «Sí, publicar» runs the service's own verification first, as the
    /// API does (Audit.VerifiedFirst), and publishes nothing while it finds the alteration.
    /// </summary>
    [Fact]
    public async Task a_jornada_row_changed_in_the_database_after_the_certification_is_not_published_from_the_console()
    {
        var (id, kiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        foreach (var option in new[] { "A", "A", "B" })
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kiosk), id, Voters.UniqueClave(), option));
        await _api.CloseAsync(id);
        var seal = await VotingApi.Read<Audit.ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new CertifyTally(seal.RecordHash!, null, ExportVerified: true), VotingApi.Json));
        var database = new Database(service);
        Assert.Equal(1, await database.ExecuteAsync("""
            update {schema}.mt_doc_jornada set data = jsonb_set(jsonb_set(data, '{Counts}', '{"A": 1, "B": 2}'), '{Seal,Counts}', '{"A": 1, "B": 2}')
            where id = $1
            """, id));
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{id}/publicar");
        await Expect(page.Locator("main")).ToContainTextAsync("el proyecto elegido es el Proyecto B: «Banquetas y alumbrado»"); // the edited row's

        await Button(page, "Sí, publicar el proyecto elegido").ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("La verificación del servidor encontró una alteración");
        await Expect(alert).ToContainTextAsync("Seal.Counts");
        await Expect(alert).ToContainTextAsync("No se publicó nada.");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Se publicó" })).ToHaveCountAsync(0);
        await tab.AxeAsync("consola publicar, rechazado por la verificación", output);
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "select count(*) from {schema}.mt_events where stream_id = $1 and type = 'chosen_project_published'", id));
        Assert.Null((await database.RowsAsync("select data->>'PublishedOptionId' from {schema}.mt_doc_jornada where id = $1", id)).Single()[0]);
        Assert.Null((await VotingApi.Read<PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}/results"))).ChosenProject);
        await page.GotoAsync($"/resultados.html?jornada={id}");
        await Expect(page.Locator("[data-fill=status]")).ToContainTextAsync("Cómputo certificado");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Proyecto elegido" })).ToBeHiddenAsync();
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Proyecto elegido publicado");
    }

    [Fact]
    public async Task the_console_pages_fit_a_phone_and_work_with_the_keyboard()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var phone = await chromium.PhoneAsync(service);
        var page = phone.Page;

        // Signing in with the keyboard alone: tab from field to field, Enter to send.
        await page.GotoAsync("/consola/entrar");
        await page.GetByLabel("Usuario").FocusAsync();
        await page.Keyboard.TypeAsync(staff.UserName);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(staff.Password);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(staff.NextCode(service));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" })).ToBeVisibleAsync();

        foreach (var (path, state) in new[]
                 {
                     ("/consola", "inicio"), ("/consola/jornadas", "jornadas"), ("/consola/jornadas/nueva", "nueva jornada"),
                     ($"/consola/jornadas/{id}", "jornada abierta"), ($"/consola/jornadas/{id}/tablero", "tablero"), ($"/consola/jornadas/{id}/cerrar", "cerrar"),
                 })
        {
            await page.GotoAsync(path);
            var overflow = await phone.OverflowAsync();
            Assert.True(overflow is null, $"{path} scrolls sideways on a phone: {overflow}");
            await phone.AxeAsync($"consola teléfono {state}", output);
        }
    }

    [Fact]
    public async Task an_unknown_record_or_a_stale_form_gets_a_console_page_in_spanish_not_problem_details()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);

        var missing = await page.GotoAsync($"/consola/jornadas/{Guid.NewGuid()}");
        Assert.Equal(404, missing!.Status); // the page it was sent to keeps the status
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No encontrado" })).ToBeVisibleAsync();
        // The empty identifier too (it used to answer the API's problem details, JSON, to a person).
        foreach (var path in new[] { $"/consola/jornadas/{Guid.Empty}", $"/consola/jornadas/{Guid.Empty}/tablero", $"/consola/auditoria/{Guid.Empty}/acta" })
        {
            Assert.Equal(404, (await page.GotoAsync(path))!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No encontrado" })).ToBeVisibleAsync();
        }
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" })).ToBeVisibleAsync(); // still the console, signed in
        await tab.AxeAsync("consola no encontrado", output);

        // A form whose antiforgery token no longer matches (open too long, or the session ended in another tab).
        await page.GotoAsync("/consola/jornadas/nueva");
        await page.Locator("form:has(input[name='Form.Title']) input[name='__RequestVerificationToken'], form input[name='__RequestVerificationToken']")
            .Last.EvaluateAsync("e => e.value = 'caducado'");
        await Button(page, "Crear la Jornada").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No se pudo procesar el formulario" })).ToBeVisibleAsync();

        // A form sent to a handler the page does not have (a hand-made request): not found, never a server error.
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await page.GotoAsync($"/consola/jornadas/{jornadaId}");
        await page.Locator("main form:has(input[name='__RequestVerificationToken'])").First.EvaluateAsync("f => { f.action = '?handler=Nada'; f.submit(); }");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No encontrado" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Closing a kiosk cannot be undone, and with the vote open another one needs the IEEQ's countersignature: one stray
    /// click on «Cerrar kiosco» stopped a polling place. It needs its box ticked, like every other step that cannot be undone.
    /// </summary>
    [Fact]
    public async Task closing_a_kiosk_needs_its_box_ticked_and_a_stray_click_closes_nothing()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{id}");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "kiosco-1" });
        await Expect(row).ToContainTextAsync("Recibe votos");

        var stray = await page.RunAndWaitForResponseAsync(() => Button(page, "Cerrar kiosco «Kiosco kiosco-1»").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, stray.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme que el kiosco «Kiosco kiosco-1» deja de recibir votos: cerrarlo no se puede deshacer.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba por qué cierra el kiosco: queda en el registro que revisa el IEEQ.");
        await Expect(row).ToContainTextAsync("Recibe votos");
        var box = page.GetByLabel("Deja de recibir votos; no se puede deshacer (kiosco «Kiosco kiosco-1»)");
        var reason = page.GetByLabel("Motivo del cierre del kiosco «Kiosco kiosco-1»");
        await Expect(box).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("consola cerrar kiosco sin confirmar", output);
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"));
        Assert.True(details.Kiosks.Single(k => k.Id == "kiosco-1").Active);

        // A reason without the tick still closes nothing, and the reason typed stays in its field.
        await reason.FillAsync("La pantalla se rompió.");
        await Button(page, "Cerrar kiosco «Kiosco kiosco-1»").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme que el kiosco «Kiosco kiosco-1» deja de recibir votos");
        await Expect(reason).ToHaveValueAsync("La pantalla se rompió.");
        // The tick without a reason: the reason is asked for, and the box stays ticked.
        await box.CheckAsync();
        await reason.FillAsync("");
        await Button(page, "Cerrar kiosco «Kiosco kiosco-1»").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba por qué cierra el kiosco");
        await Expect(box).ToBeCheckedAsync();
        await Expect(row).ToContainTextAsync("Recibe votos");
        await reason.FillAsync("La pantalla se rompió.");
        await Button(page, "Cerrar kiosco «Kiosco kiosco-1»").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se cerró el kiosco «Kiosco kiosco-1»: ya no recibe votos; las boletas que recibió siguen registradas.");
        await Expect(row).ToContainTextAsync(new Regex(@"Cerrado el \d{2}/\d{2}/\d{4} \d{2}:\d{2} \(hora del centro de México\): «La pantalla se rompió\.»"));
        await Expect(row).ToContainTextAsync(": «La pantalla se rompió.»"); // why, beside it
        Assert.Contains("reason=s:La%20pantalla%20se%20rompi%C3%B3.", await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"));
    }

    /// <summary>
    /// The ballot's two projects are bound on every form of the page, and after another form they were none: on a Jornada
    /// whose ballot was not set yet, a refused kiosk form was a 500, and so was a kiosk registered, its setup link (shown
    /// once) lost with it.
    /// </summary>
    [Fact]
    public async Task before_the_ballot_is_set_a_refused_kiosk_says_why_and_a_registered_one_shows_its_link()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{jornada.Id}");
        var register = () => Button(page, "Registrar el kiosco y mostrar su enlace de configuración").ClickAsync();

        var refused = await page.RunAndWaitForResponseAsync(register, r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Identificador del kiosco", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Proyecto A" }).GetByLabel("Título")).ToHaveValueAsync("");

        await page.GetByLabel("Identificador del kiosco", new() { Exact = true }).FillAsync(" Kiosco-Antes-De-La-Boleta "); // tidied, not refused
        await page.GetByLabel("Nombre", new() { Exact = true }).FillAsync("Kiosco antes de la boleta");
        await page.GetByLabel("Ubicación").FillAsync("Oficinas de la delegación");
        var registered = await page.RunAndWaitForResponseAsync(register, r => r.Request.Method == "POST");
        Assert.Equal(200, registered.Status);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Código QR con el enlace que configura el kiosco Kiosco antes de la boleta" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Kiosco antes de la boleta" }).Locator("code")).ToHaveTextAsync("kiosco-antes-de-la-boleta");
        await tab.AxeAsync("consola kiosco registrado antes de la boleta", output);
    }

    /// <summary>
    /// Once set, the ballot's two projects could not be corrected in the console, though the API replaces them while the
    /// Jornada is prepared: the console corrects them too, from the ballot as it stands, until the vote opens.
    /// </summary>
    [Fact]
    public async Task the_ballot_is_corrected_while_the_jornada_is_prepared_and_refused_once_the_vote_opens()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        await _api.RegisterKioskAsync(jornada.Id);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{jornada.Id}");

        await page.GetByText("Corregir los dos proyectos (hasta abrir la votación)").ClickAsync();
        var projectA = page.GetByRole(AriaRole.Group, new() { Name = "Proyecto A" });
        await Expect(projectA.GetByLabel("Título")).ToHaveValueAsync("Cancha de usos múltiples");
        await Expect(projectA.GetByLabel("Costo estimado (pesos)")).ToHaveValueAsync("2,400,000");
        await projectA.GetByLabel("Título").FillAsync("Cancha techada de usos múltiples");
        await Button(page, "Guardar la corrección de los proyectos").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se corrigieron los dos proyectos de la boleta.");
        await tab.AxeAsync("consola boleta corregida", output);
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));
        Assert.Equal(["Cancha techada de usos múltiples", "Banquetas y alumbrado"], details.Options.Select(o => o.Title));
        Assert.Equal([2_400_000m, 1_850_000m], details.Options.Select(o => o.EstimatedCost));

        // The vote opens (another tab, the API) while the form is on screen: the correction is refused, in Spanish, and changes nothing.
        await page.GetByText("Corregir los dos proyectos (hasta abrir la votación)").ClickAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Proyecto B" }).GetByLabel("Título").FillAsync("Alumbrado");
        await _api.OpenAsync(jornada.Id);
        await Button(page, "Guardar la corrección de los proyectos").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("La boleta ya no se puede cambiar.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("las opciones solo se fijan antes de abrir la votación");
        await Expect(page.GetByText("Corregir los dos proyectos (hasta abrir la votación)")).ToHaveCountAsync(0);
        details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));
        Assert.Equal(["Cancha techada de usos múltiples", "Banquetas y alumbrado"], details.Options.Select(o => o.Title));
    }

    /// <summary>The online hours, which the letters print: a second person's page opened before the first set them replaced them unknowing.</summary>
    [Fact]
    public async Task online_hours_sent_from_a_page_that_showed_other_hours_are_refused_and_replace_nothing()
    {
        var ana = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var beto = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now.AddDays(1)));
        await using var anaTab = await chromium.DesktopAsync(service);
        await using var betoTab = await chromium.DesktopAsync(service);
        foreach (var (tab, who) in new[] { (anaTab, ana), (betoTab, beto) })
        {
            await ConsoleAccounts.SignInAsync(tab.Page, service, who);
            await tab.Page.GotoAsync($"/consola/jornadas/{jornada.Id}");
        }
        var anaOpens = now.AddHours(20);
        await anaTab.Page.GetByLabel("Abre en línea").FillAsync(LocalTime.Field(anaOpens));
        var sent = await anaTab.Page.RunAndWaitForRequestAsync(() => Button(anaTab.Page, "Habilitar la votación en línea").ClickAsync(), r => r.Method == "POST");
        await Expect(anaTab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se habilitó la votación en línea.");
        // The same form arriving twice (its first answer lost on the way) is Ana's own hours, not a colleague's change.
        var again = await anaTab.Page.APIRequest.PostAsync(sent.Url, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = sent.Headers["content-type"] },
            DataString = sent.PostData,
            MaxRedirects = 0,
        });
        Assert.DoesNotContain("cambió mientras lo editaba", await again.TextAsync());
        var set = (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"))).Online!;

        await betoTab.Page.GetByLabel("Abre en línea").FillAsync(LocalTime.Field(now.AddHours(21)));
        await Button(betoTab.Page, "Habilitar la votación en línea").ClickAsync();

        await Expect(betoTab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El horario en línea cambió mientras lo editaba");
        await Expect(betoTab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("su cambio no se guardó");
        Assert.Equal(set, (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"))).Online);
        // Having seen the hours as they are, Beto may still change them.
        await Button(betoTab.Page, "Cambiar el horario en línea").ClickAsync();
        await Expect(betoTab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se cambió el horario de la votación en línea.");
        Assert.NotEqual(set.OpensAt, (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"))).Online!.OpensAt);
    }

    [Fact]
    public async Task a_ballot_correction_made_on_a_page_that_showed_an_older_ballot_is_refused_and_replaces_nothing()
    {
        var ana = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var beto = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        await using var anaTab = await chromium.DesktopAsync(service);
        await using var betoTab = await chromium.DesktopAsync(service);
        foreach (var (tab, who) in new[] { (anaTab, ana), (betoTab, beto) })
        {
            await ConsoleAccounts.SignInAsync(tab.Page, service, who);
            await tab.Page.GotoAsync($"/consola/jornadas/{jornada.Id}");
            await tab.Page.GetByText("Corregir los dos proyectos (hasta abrir la votación)").ClickAsync();
        }

        await anaTab.Page.GetByRole(AriaRole.Group, new() { Name = "Proyecto A" }).GetByLabel("Título").FillAsync("Obra de Ana");
        await Button(anaTab.Page, "Guardar la corrección de los proyectos").ClickAsync();
        await Expect(anaTab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se corrigieron los dos proyectos de la boleta.");
        var betoTitle = betoTab.Page.GetByRole(AriaRole.Group, new() { Name = "Proyecto A" }).GetByLabel("Título");
        await betoTitle.FillAsync("Obra de Beto");
        await Button(betoTab.Page, "Guardar la corrección de los proyectos").ClickAsync();

        await Expect(betoTab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("La boleta cambió mientras la editaba");
        await Expect(betoTab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("su corrección no se guardó");
        await betoTab.AxeAsync("consola boleta cambiada mientras se editaba", output);
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));
        Assert.Equal("Obra de Ana", details.Options[0].Title);

        // Having seen the ballot as it is now, Beto may still save what he typed.
        await Expect(betoTitle).ToHaveValueAsync("Obra de Beto");
        await Button(betoTab.Page, "Guardar la corrección de los proyectos").ClickAsync();
        await Expect(betoTab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se corrigieron los dos proyectos de la boleta.");
        details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));
        Assert.Equal("Obra de Beto", details.Options[0].Title);

        // The same when both pages showed no ballot yet: the second to fix one does not replace the first's.
        var unset = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        foreach (var tab in new[] { anaTab, betoTab }) await tab.Page.GotoAsync($"/consola/jornadas/{unset.Id}");
        foreach (var (tab, title) in new[] { (anaTab, "Cancha de Ana"), (betoTab, "Cancha de Beto") })
        {
            var a = tab.Page.GetByRole(AriaRole.Group, new() { Name = "Proyecto A" });
            var b = tab.Page.GetByRole(AriaRole.Group, new() { Name = "Proyecto B" });
            await a.GetByLabel("Título").FillAsync(title);
            await a.GetByLabel("Descripción").FillAsync("Rehabilitación completa.");
            await a.GetByLabel("Costo estimado (pesos)").FillAsync("1,000,000");
            await b.GetByLabel("Título").FillAsync("Banquetas");
            await b.GetByLabel("Descripción").FillAsync("Banquetas accesibles.");
            await b.GetByLabel("Costo estimado (pesos)").FillAsync("500,000");
        }
        await Button(anaTab.Page, "Fijar los dos proyectos").ClickAsync();
        await Expect(anaTab.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se fijaron los dos proyectos de la boleta.");
        await Button(betoTab.Page, "Fijar los dos proyectos").ClickAsync();
        await Expect(betoTab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("La boleta cambió mientras la editaba");
        details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{unset.Id}"));
        Assert.Equal("Cancha de Ana", details.Options[0].Title);
    }

    /// <summary>
    /// With the vote open a new kiosk needs the IEEQ's countersignature first: the refusal used to leave the request form
    /// empty, so staff chose the action and typed the kiosk's identifier a second time.
    /// </summary>
    [Fact]
    public async Task a_kiosk_refused_for_want_of_a_countersignature_leaves_the_request_filled_in_for_it()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{id}");
        await page.GetByLabel("Identificador del kiosco", new() { Exact = true }).FillAsync("kiosco-reemplazo");
        await page.GetByLabel("Nombre", new() { Exact = true }).FillAsync("Kiosco de reemplazo");
        await page.GetByLabel("Ubicación", new() { Exact = true }).FillAsync("Plaza de la delegación");
        await Button(page, "Registrar el kiosco y mostrar su enlace de configuración").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Se requiere la contrafirma del IEEQ");

        await Expect(page.GetByLabel("Para", new() { Exact = true })).ToHaveValueAsync("RegisterKiosk");
        await Expect(page.GetByLabel("Identificador del kiosco (solo para registrar uno)")).ToHaveValueAsync("kiosco-reemplazo");
        await Expect(page.GetByLabel("Nombre del kiosco (solo para registrar uno)")).ToHaveValueAsync("Kiosco de reemplazo");
        await Expect(page.GetByLabel("Ubicación del kiosco (solo para registrar uno)")).ToHaveValueAsync("Plaza de la delegación");
        await page.GetByLabel("Motivo", new() { Exact = true }).FillAsync("El kiosco de la delegación dejó de funcionar.");
        await Button(page, "Pedir la contrafirma").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(
            "Se pidió al IEEQ la contrafirma para registrar el kiosco «kiosco-reemplazo» («Kiosco de reemplazo», en «Plaza de la delegación») con la votación abierta.");

        // Granted, it is registered as the IEEQ countersigned it, with one button: nothing to type again.
        var asked = Assert.Single(await VotingApi.Read<List<CountersignatureView>>(await _api.Staff.GetAsync($"/api/jornadas/{id}/countersignatures")));
        await VotingApi.Read<CountersignatureView>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures/{asked.RequestId}/grant",
            new CountersignatureAnswer("Se verificó con la delegación."), VotingApi.Json));
        await page.GotoAsync($"/consola/jornadas/{id}");
        await Expect(page.Locator("form.granted-kiosk")).ToContainTextAsync("«Kiosco de reemplazo», en Plaza de la delegación (kiosco-reemplazo): contrafirmado por Auditora IEEQ de prueba.");
        await tab.AxeAsync("consola kiosco contrafirmado por registrar", output);
        await Button(page, "Registrar este kiosco y mostrar su enlace de configuración («Kiosco de reemplazo»)").ClickAsync();
        await Expect(page.Locator("[data-kiosk-setup-link]")).ToContainTextAsync("kiosco.html#configurar=");
        var kiosk = (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"))).Kiosks.Single(k => k.Id == "kiosco-reemplazo");
        Assert.Equal(("Kiosco de reemplazo", "Plaza de la delegación"), (kiosk.Name, kiosk.Location));
        await Expect(page.Locator("form.granted-kiosk")).ToHaveCountAsync(0);
    }

    /// <summary>A grant nobody will use is withdrawn from the console, with a reason; it then countersigns nothing.</summary>
    [Fact]
    public async Task staff_withdraw_a_countersignature_from_the_console_with_a_reason()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var granted = await _api.CountersignAsync(id, VotingApi.KioskCountersignature("kiosco-mercado", "Mucha gente en el mercado."));
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{id}");

        await page.Locator("summary", new() { HasText = "Retirar la solicitud" }).ClickAsync();
        await Button(page, $"Retirar la solicitud para {granted.What}").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba por qué la retira: queda en el registro.");
        await Expect(page.GetByLabel("Por qué la retira")).ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("consola retirar contrafirma sin motivo", output);
        Assert.Equal(CountersignatureStatus.Granted, Assert.Single(await VotingApi.Read<List<CountersignatureView>>(await _api.Staff.GetAsync($"/api/jornadas/{id}/countersignatures"))).Status);

        await page.GetByLabel("Por qué la retira").FillAsync("El mercado cerró hoy.");
        await Button(page, $"Retirar la solicitud para {granted.What}").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Se retiró la solicitud de contrafirma para {granted.What}: su contrafirma ya no sirve.");
        await Expect(page.Locator("[data-countersignatures]")).ToContainTextAsync("Retirada por el personal");
        await Expect(page.Locator("[data-countersignatures]")).ToContainTextAsync("«El mercado cerró hoy.»");
        await Expect(page.Locator("form.granted-kiosk")).ToHaveCountAsync(0);
        var withdrawn = Assert.Single(await VotingApi.Read<List<CountersignatureView>>(await _api.Staff.GetAsync($"/api/jornadas/{id}/countersignatures")));
        Assert.Equal((CountersignatureStatus.Withdrawn, "El mercado cerró hoy."), (withdrawn.Status, withdrawn.WithdrawalReason));
    }

    /// <summary>
    /// «Para» came with an early close chosen, one hurried click from asking the IEEQ to end the vote early: it starts on
    /// «Elija…», and a request sent so asks to choose, and records nothing.
    /// </summary>
    [Fact]
    public async Task a_countersignature_asks_what_it_is_for_and_records_nothing_until_it_is_chosen()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{id}");
        await Expect(page.GetByLabel("Para", new() { Exact = true })).ToHaveValueAsync("");

        await page.GetByLabel("Motivo", new() { Exact = true }).FillAsync("Se fue la luz en la delegación.");
        await Button(page, "Pedir la contrafirma").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Elija para qué pide la contrafirma.");
        await Expect(page.GetByLabel("Para", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("kiosco");
        Assert.Empty(await VotingApi.Read<List<CountersignatureView>>(await _api.Staff.GetAsync($"/api/jornadas/{id}/countersignatures")));
        await tab.AxeAsync("consola contrafirma sin elegir para qué", output);
    }

    /// <summary>
    /// An online window whose opening had passed used to be accepted; its codes could then never be issued (they are
    /// issued before it opens), so the Jornada could not open, and the console had no way to change the window.
    /// </summary>
    /// <summary>
    /// A Jornada never opened whose hours are over, its codes never issued: the credential authority's page advised asking
    /// staff to move its online hours, which the service refuses once the Jornada's own hours are over, and the staff's
    /// list of Jornadas read «En preparación» for good.
    /// </summary>
    [Fact]
    public async Task a_jornada_never_opened_whose_hours_are_over_issues_no_codes_and_reads_as_not_opened_in_the_list()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var credentials = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.CredentialAuthority);
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromHours(1), closesIn: TimeSpan.FromHours(3)));
        await _api.SetOptionsAsync(jornada.Id);
        Assert.Equal(HttpStatusCode.OK, (await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now.AddHours(1), now.AddHours(3)), VotingApi.Json)).StatusCode);
        await _api.LoadRollCsvAsync(jornada.Id, [Voters.UniqueClave(), Voters.UniqueClave()]);
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(3.1);
        try
        {
            var closes = QueretaroTime.Format(now.AddHours(3));
            await using (var codesTab = await chromium.DesktopAsync(service))
            {
                await ConsoleAccounts.SignInAsync(codesTab.Page, service, credentials);
                await codesTab.Page.GotoAsync("/consola/codigos");
                var section = codesTab.Page.GetByRole(AriaRole.Region, new() { Name = jornada.Title });
                await Expect(section).ToContainTextAsync("No se abrió: su periodo de votación terminó");
                await Expect(section).ToContainTextAsync($"No se abrió y su periodo de votación terminó el {closes} (hora del centro de México): no se emiten códigos. Si la votación todavía debe hacerse, el personal municipal convoca una nueva Jornada.");
                await Expect(section).Not.ToContainTextAsync("cambie el horario");
                await Expect(section.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
                await codesTab.AxeAsync("consola códigos de una Jornada que no se abrió", output);
            }
            await using var tab = await chromium.DesktopAsync(service);
            await ConsoleAccounts.SignInAsync(tab.Page, service, staff);
            await tab.Page.GotoAsync("/consola/jornadas");
            await Expect(tab.Page.GetByRole(AriaRole.Row, new() { Name = jornada.Title })).ToContainTextAsync("No se abrió: su periodo de votación terminó");
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    [Fact]
    public async Task an_online_window_already_open_is_refused_beside_its_field_and_a_set_one_moves_until_the_codes_are_issued()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var credentials = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.CredentialAuthority);
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now)); // its kiosks opened an hour ago
        await _api.SetOptionsAsync(jornada.Id);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{jornada.Id}");
        var opens = page.GetByLabel("Abre en línea");
        Assert.True(LocalTime.ReadTime(await opens.InputValueAsync(), out _) > now, "the form offers an opening still to come");

        await opens.FillAsync(LocalTime.Field(now.AddMinutes(-50)));
        await page.GetByLabel("Cierra en línea").FillAsync(LocalTime.Field(now.AddHours(6)));
        await Button(page, "Habilitar la votación en línea").ClickAsync();
        await Expect(page.Locator(".field.has-error")).ToContainTextAsync("La votación en línea debe abrir más tarde que ahora");
        await Expect(page.Locator(".field.has-error")).ToContainTextAsync("Abre en línea");
        Assert.Null((await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"))).Online);

        await page.GetByLabel("Abre en línea").FillAsync(LocalTime.Field(now.AddMinutes(30)));
        await Button(page, "Habilitar la votación en línea").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se habilitó la votación en línea. Falta cargar el padrón");

        // Its opening passes with no codes: the credential authority is told why it cannot issue them, staff move the window.
        await _api.LoadRollCsvAsync(jornada.Id, [Voters.UniqueClave(), Voters.UniqueClave()]);
        service.Clock.Offset += TimeSpan.FromMinutes(31); // given back at the end (the collection's other tests date some requests by the machine's clock)
        await using (var codesTab = await chromium.DesktopAsync(service))
        {
            await ConsoleAccounts.SignInAsync(codesTab.Page, service, credentials);
            await codesTab.Page.GotoAsync("/consola/codigos");
            var section = codesTab.Page.GetByRole(AriaRole.Region, new() { Name = jornada.Title });
            await Expect(section).ToContainTextAsync("aún no tiene códigos: ya no pueden emitirse para ese horario. Pida al personal municipal que cambie el horario en línea");
            await Expect(section.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
            await codesTab.AxeAsync("consola códigos de una votación en línea que abrió sin ellos", output);
        }
        await ConsoleAccounts.SignInAsync(page, service, staff); // half an hour later: a new session
        await page.GotoAsync($"/consola/jornadas/{jornada.Id}");
        await Expect(page.Locator("main")).ToContainTextAsync("Padrón cargado: 2 personas");
        await page.GetByLabel("Abre en línea").FillAsync(LocalTime.Field(service.Clock.GetUtcNow().AddHours(1)));
        await Button(page, "Cambiar el horario en línea").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se cambió el horario de la votación en línea. Ahora la autoridad de credenciales emite los códigos, antes del");
        await tab.AxeAsync("consola horario en línea cambiado", output);

        await using (var codesTab = await chromium.DesktopAsync(service))
        {
            await ConsoleAccounts.SignInAsync(codesTab.Page, service, credentials);
            await codesTab.Page.GotoAsync("/consola/codigos");
            await Expect(codesTab.Page.GetByRole(AriaRole.Region, new() { Name = jornada.Title })).ToContainTextAsync("El padrón está completo (2 personas)");
        }
        await _api.IssueCodesAsync(jornada.Id);
        await page.ReloadAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Las cartas ya llevan impreso este horario: ya no cambia.");
        await Expect(Button(page, "Cambiar el horario en línea")).ToHaveCountAsync(0);
        var log = await VotingApi.Read<Audit.AuditLog>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/audit/log"));
        Assert.Contains(log.Entries, e => e.Action.StartsWith("Habilitó la votación en línea del ", StringComparison.Ordinal));
        Assert.Contains(log.Entries, e => e.Action.StartsWith("Cambió el horario de la votación en línea: del ", StringComparison.Ordinal));
        service.Clock.Offset -= TimeSpan.FromMinutes(31);
    }

    /// <summary>
    /// A time of day staff act on says whose time it is, as the resident pages do: the close page read «sigue abierto hasta
    /// el 18/10/2020 18:00» and the IEEQ desk's column «Votación», with no zone, where the list of Jornadas says it once.
    /// </summary>
    [Fact]
    public async Task the_close_page_and_the_ieeq_desk_say_their_times_are_central_mexico_time()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        await _api.RegisterKioskAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);

        await tab.Page.GotoAsync($"/consola/jornadas/{jornada.Id}/cerrar");
        await Expect(tab.Page.GetByRole(AriaRole.Status).First).ToContainTextAsync(
            $"El horario de votación sigue abierto hasta el {QueretaroTime.Format(jornada.VotingClosesAt)} (hora del centro de México).");

        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var desk = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(desk.Page, service, auditor);
        await desk.Page.GotoAsync("/consola/auditoria");
        await Expect(desk.Page.GetByRole(AriaRole.Columnheader, new() { Name = "Votación (hora del centro de México)" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// «Abrir la votación» named one missing thing at a time (the ballot, then online voting), and told a Jornada with
    /// online voting that it could open without a padrón: staff went back and forth. It lists all, each with where it is fixed.
    /// </summary>
    [Fact]
    public async Task opening_lists_everything_still_missing_each_with_where_it_is_fixed()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now.AddMinutes(30), now.AddHours(8)), VotingApi.Json), HttpStatusCode.OK);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);

        await page.GotoAsync($"/consola/jornadas/{jornada.Id}/abrir");
        var missing = page.Locator("[data-not-yet] li[data-code]");
        await Expect(missing).ToHaveCountAsync(2);
        Assert.Equal(["ballot_incomplete", "online_voting_not_ready"], await missing.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.code)"));
        await Expect(missing.Nth(0).GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/consola/jornadas/{jornada.Id}#ballot-title");
        await Expect(missing.Nth(1).GetByRole(AriaRole.Link, new() { Name = "cargar el padrón" })).ToHaveAttributeAsync("href", $"/consola/jornadas/{jornada.Id}#roll-title");
        await Expect(missing.Nth(1)).ToContainTextAsync("faltan los códigos de votación: los emite la autoridad de credenciales desde su consola («Códigos de votación»), después de que se cargue el padrón.");
        await Expect(page.Locator("[data-no-roll]")).ToHaveCountAsync(0); // online, the padrón is required, not a choice
        await Expect(page.Locator("main")).ToContainTextAsync("No hay kioscos registrados: se vota solo en línea.");
        await Expect(Button(page, "Sí, abrir la votación")).ToHaveCountAsync(0);
        await tab.AxeAsync("consola abrir con lo que falta", output);

        await _api.SetOptionsAsync(jornada.Id);
        await _api.LoadRollCsvAsync(jornada.Id, [Voters.UniqueClave()]);
        await page.ReloadAsync();
        await Expect(missing).ToHaveCountAsync(1);
        await Expect(missing).ToContainTextAsync("faltan los códigos de votación: los emite la autoridad de credenciales desde su consola («Códigos de votación»).");
        await Expect(missing.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
    }

    /// <summary>
    /// «Los 2 kioscos activos reciben votos» was said of a kiosk not configured and one waiting for the IEEQ: staff opened
    /// believing the day ready, and the first ballot was refused. The page counts the kiosks ready and names the others.
    /// </summary>
    [Fact]
    public async Task opening_says_which_kiosks_are_not_ready_to_take_ballots_yet()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        await _api.RegisterKioskAsync(jornada.Id, "kiosco-1");                                             // configured and authorized
        await _api.ConfigureKioskAsync(jornada.Id, await _api.RegisterKioskLinkAsync(jornada.Id, "kiosco-2")); // waits for the IEEQ
        await _api.RegisterKioskLinkAsync(jornada.Id, "kiosco-3");                                          // not configured
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);

        await page.GotoAsync($"/consola/jornadas/{jornada.Id}/abrir");

        await Expect(page.Locator("main")).ToContainTextAsync("El kiosco listo recibe votos del");
        var notReady = page.Locator("[data-kiosks-not-ready]");
        await Expect(notReady).ToContainTextAsync("2 kioscos aún no recibirían votos; cada uno los recibe en cuanto quede listo");
        await Expect(notReady.Locator("li")).ToHaveTextAsync([
            new Regex("^«Kiosco kiosco-2»: Configurado.*espera la autorización del IEEQ frente al equipo\\.$"),
            new Regex("^«Kiosco kiosco-3»: Sin configurar: abra su enlace de configuración en el equipo del kiosco\\.$"),
        ]);
        await tab.AxeAsync("consola abrir con kioscos sin terminar", output);
    }

    [Fact]
    public async Task a_curp_jornadas_online_voting_is_described_with_the_curp()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now, kind: Ballots.VoterIdKind.Curp));
        await _api.SetOptionsAsync(jornada.Id);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now.AddMinutes(1), now.AddHours(8)), VotingApi.Json), HttpStatusCode.OK);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);

        foreach (var path in new[] { $"/consola/jornadas/{jornada.Id}", $"/consola/jornadas/{jornada.Id}/abrir" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main")).ToContainTextAsync("con la CURP y el código de la carta");
            await Expect(page.Locator("main")).Not.ToContainTextAsync("clave de elector");
            await Expect(page.Locator("main")).Not.ToContainTextAsync("INE");
        }
        // No kiosk registered: the Jornada's hours are not called kiosk voting, and online voting's own hours are beside them.
        await page.GotoAsync($"/consola/jornadas/{jornada.Id}");
        await Expect(page.Locator("dt:has(+ [data-voting-window])")).ToHaveTextAsync("Horario de la Jornada (hora del centro de México)");
        await Expect(page.Locator("[data-online-window]")).ToHaveTextAsync(
            $"{QueretaroTime.Format(now.AddMinutes(1))} a {QueretaroTime.Format(now.AddHours(8))}");
    }

    [Fact]
    public async Task the_dashboard_says_when_its_session_ended_instead_of_looking_live()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        // A computer whose clock is an hour behind: the update is stamped by the service's clock, which the page's answer says.
        await page.Clock.InstallAsync(new() { TimeDate = service.Clock.GetUtcNow().UtcDateTime.AddHours(-1) });
        await page.GotoAsync($"/consola/jornadas/{id}/tablero");
        var status = page.Locator("[data-refresh-status]");

        var before = service.Clock.GetUtcNow();
        await page.Clock.RunForAsync(21_000);
        await Expect(status).ToHaveTextAsync(new Regex(@"^Actualizado a las \d{2}:\d{2} \(hora del centro de México\)\.$"));
        var minutes = new[] { before, service.Clock.GetUtcNow() }
            .Select(t => TimeZoneInfo.ConvertTime(t, QueretaroTime.Zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        var said = await status.TextContentAsync();
        Assert.Contains(minutes, m => said!.Contains($"a las {m} ", StringComparison.Ordinal));

        // The database gone: the dashboard's GET answered 503 (through the console's error page). Said as what it means for
        // the vote, not «No se pudo actualizar» as for this computer's own network; and it recovers by itself.
        await page.RouteAsync($"**/consola/jornadas/{id}/tablero", route => route.FulfillAsync(new() { Status = 503, ContentType = "text/html", Body = "<p>503</p>" }));
        await page.Clock.RunForAsync(21_000);
        await Expect(status).ToContainTextAsync("El servicio no puede consultar ni registrar datos en este momento");
        await Expect(status).ToContainTextAsync("ningún kiosco ni la votación en línea reciben votos");
        await page.UnrouteAllAsync();
        await page.Clock.RunForAsync(21_000);
        await Expect(status).ToHaveTextAsync(new Regex(@"^Actualizado a las \d{2}:\d{2} \(hora del centro de México\)\.$"));

        await page.Context.ClearCookiesAsync(); // the session ends (signed out elsewhere, idle, account disabled)
        await page.Clock.RunForAsync(21_000);
        await Expect(status).ToContainTextAsync("Su sesión terminó");
        await Expect(status.GetByRole(AriaRole.Link, new() { Name = "Entrar de nuevo" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pausar la actualización automática" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task a_form_the_rules_refuse_says_why_next_to_the_field_and_writes_nothing()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/jornadas/nueva");
        await page.GetByLabel("Título de la Jornada").FillAsync("Sin colonias");
        var now = service.Clock.GetUtcNow();
        await page.GetByLabel("Apertura de la votación").FillAsync(LocalTime.Field(now));
        await page.GetByLabel("Cierre de la votación").FillAsync(LocalTime.Field(now.AddDays(40)));
        await Button(page, "Crear la Jornada").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Marque al menos una colonia.");
        await Expect(page.Locator("#colonias-error")).ToContainTextAsync("Marque al menos una colonia.");
        await page.GetByLabel("Loma Bonita").CheckAsync();
        await Button(page, "Crear la Jornada").ClickAsync();
        await Expect(page.GetByLabel("Cierre de la votación")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#Form_ClosesAt-error")).ToContainTextAsync("Una Jornada dura a lo más 31 días.");
        await tab.AxeAsync("consola nueva jornada con errores", output);

        var jornadas = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
        Assert.DoesNotContain(jornadas, j => j.Title == "Sin colonias");
    }

    /// <summary>
    /// An empty «Nueva Jornada» said nothing of its title until the dates were right: every mistake is said at once, and a
    /// date left empty is not blamed on the other one.
    /// </summary>
    [Fact]
    public async Task an_empty_new_jornada_says_every_mistake_at_once_and_blames_no_date_for_the_other()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/jornadas/nueva");
        await page.GetByLabel("Apertura de la votación").FillAsync("");
        await page.GetByLabel("Cierre de la votación").FillAsync("");
        await Button(page, "Crear la Jornada").ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Escriba el título de la Jornada.");
        await Expect(alert).ToContainTextAsync("Escriba la fecha y la hora de apertura.");
        await Expect(alert).ToContainTextAsync("Escriba la fecha y la hora de cierre.");
        await Expect(alert).ToContainTextAsync("Marque al menos una colonia.");

        await page.GetByLabel("Apertura de la votación").FillAsync(LocalTime.Field(service.Clock.GetUtcNow().AddDays(60)));
        await Button(page, "Crear la Jornada").ClickAsync();
        await Expect(page.Locator("#Form_ClosesAt-error")).ToHaveTextAsync(new Regex("Escriba la fecha y la hora de cierre\\.$"));
        await Expect(page.Locator("#Form_OpensAt-error")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A second click on «Crear la Jornada» while the first was on its way created a second, identical Jornada, public
    /// at once: the form is sent once (js/consola-envio.js).
    /// </summary>
    [Fact]
    public async Task a_second_click_while_the_form_is_on_its_way_sends_nothing_more()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/jornadas/nueva");
        var title = "Jornada de un solo clic " + Guid.NewGuid().ToString("N")[..6];
        var now = service.Clock.GetUtcNow();
        await page.GetByLabel("Título de la Jornada").FillAsync(title);
        await page.GetByLabel("Apertura de la votación").FillAsync(LocalTime.Field(now.AddHours(1)));
        await page.GetByLabel("Cierre de la votación").FillAsync(LocalTime.Field(now.AddHours(8)));
        await page.GetByLabel("Loma Bonita").CheckAsync();
        // The first request is held on its way, as on a slow network, while the person clicks again.
        var posts = 0;
        await page.RouteAsync("**/consola/jornadas/nueva", async route =>
        {
            if (route.Request.Method == "POST" && Interlocked.Increment(ref posts) == 1) await Task.Delay(1500);
            await route.ContinueAsync();
        });

        // Clicked twice from the page's script, half a second apart: Playwright's own click waits for the navigation it starts.
        await Button(page, "Crear la Jornada").EvaluateAsync(
            "async button => { button.click(); await new Promise(done => setTimeout(done, 500)); button.click(); }");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();

        Assert.Equal(1, posts);
        var jornadas = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
        Assert.Single(jornadas, j => j.Title == title);
    }

    /// <summary>
    /// Back after «Crear la Jornada», and the form sent again, created a second identical Jornada, public at once: the
    /// form carries the new Jornada's identifier from the moment it is drawn, so the second submission finds the first
    /// and goes to it.
    /// </summary>
    [Fact]
    public async Task the_form_sent_again_after_back_goes_to_the_jornada_it_created_and_creates_no_other()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/jornadas/nueva");
        var title = "Jornada enviada dos veces " + Guid.NewGuid().ToString("N")[..6];
        var now = service.Clock.GetUtcNow();
        await page.GetByLabel("Título de la Jornada").FillAsync(title);
        await page.GetByLabel("Apertura de la votación").FillAsync(LocalTime.Field(now.AddHours(1)));
        await page.GetByLabel("Cierre de la votación").FillAsync(LocalTime.Field(now.AddHours(8)));
        await page.GetByLabel("Loma Bonita").CheckAsync();
        await Button(page, "Crear la Jornada").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        var first = page.Url;

        await page.GoBackAsync();
        await Expect(page.GetByLabel("Título de la Jornada")).ToHaveValueAsync(title); // the browser puts the form back as it was sent
        await Button(page, "Crear la Jornada").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        Assert.Equal(first, page.Url);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ya se había creado");
        await Expect(page.GetByRole(AriaRole.Status)).Not.ToContainTextAsync("no se guardó");

        // Back again, a typo fixed, sent: it was taken in silence (an outside tester); the page says the change was not saved.
        await page.GoBackAsync();
        await page.GetByLabel("Título de la Jornada").FillAsync(title + " corregido");
        await Button(page, "Crear la Jornada").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true })).ToBeVisibleAsync();
        Assert.Equal(first, page.Url);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Lo que cambió al enviarlo otra vez no se guardó");
        var jornadas = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
        Assert.Single(jornadas, j => j.Title == title);
        Assert.DoesNotContain(jornadas, j => j.Title == title + " corregido");
    }

    /// <summary>
    /// A hand-made request with an identifier kind no radio button sends used to create a Jornada for claves de elector
    /// ("1" would have been read as CURP): it is refused next to the field, and nothing is created.
    /// </summary>
    [Fact]
    public async Task an_identifier_kind_the_form_does_not_offer_is_refused_next_to_its_field_and_creates_nothing()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/jornadas/nueva");
        var title = "Identificación alterada " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Título de la Jornada").FillAsync(title);
        var now = service.Clock.GetUtcNow();
        await page.GetByLabel("Apertura de la votación").FillAsync(LocalTime.Field(now.AddHours(1)));
        await page.GetByLabel("Cierre de la votación").FillAsync(LocalTime.Field(now.AddHours(9)));
        await page.GetByLabel("Loma Bonita").CheckAsync();

        foreach (var tampered in new[] { "Pasaporte", "1" })
        {
            await page.GetByLabel("CURP", new() { Exact = true }).EvaluateAsync($"e => {{ e.value = '{tampered}'; e.checked = true; }}");
            var answer = await page.RunAndWaitForResponseAsync(() => Button(page, "Crear la Jornada").ClickAsync(), r => r.Request.Method == "POST");
            Assert.Equal(400, answer.Status);
            await Expect(page.Locator("#Form_VoterIdKind-error")).ToContainTextAsync("Elija la clave de elector o la CURP.");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Elija la clave de elector o la CURP.");
            await Expect(page.GetByLabel("Clave de elector (credencial del INE)")).Not.ToBeCheckedAsync();
        }
        await tab.AxeAsync("consola nueva jornada con identificación alterada", output);

        var jornadas = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
        Assert.DoesNotContain(jornadas, j => j.Title == title);
    }

    /// <summary>
    /// Every request may send up to 1 MB (Hosting.BodyLimits); the console's one large upload, the padrón, still loads a
    /// file over it.
    /// </summary>
    [Fact]
    public async Task a_roll_of_megabytes_loads_from_the_console()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        var csv = System.Text.Encoding.UTF8.GetBytes("clave_elector,colonia\n" +
            string.Concat(Enumerable.Range(0, 60_000).Select(n => $"{Voters.Clave(n, "C")},loma-bonita\n")));
        Assert.True(csv.Length > Hosting.BodyLimits.Default, $"{csv.Length} bytes");
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{jornada.Id}");
        await page.GetByLabel("Archivo del padrón (CSV)").SetInputFilesAsync(new FilePayload { Name = "padron.csv", MimeType = "text/csv", Buffer = csv });
        await Button(page, "Cargar el padrón").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(new Regex("Padrón cargado: 60[,.]000 personas"));
        await page.GotoAsync($"/consola/jornadas/{jornada.Id}/abrir");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Abrir la votación" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-no-roll]")).ToHaveCountAsync(0); // with a padrón, no warning about the lack of one
    }

    /// <summary>
    /// A padrón over the limit is refused beside its field before it is sent (the server would cut the upload short and
    /// the browser show its «connection reset» page); a file within it then goes as usual.
    /// </summary>
    [Fact]
    public async Task a_roll_over_the_limit_is_refused_in_spanish_before_it_is_sent()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{jornada.Id}");
        var sent = 0;
        page.Request += (_, request) => { if (request.Method == "POST") Interlocked.Increment(ref sent); };
        var file = page.GetByLabel("Archivo del padrón (CSV)");
        var big = Path.Combine(Path.GetTempPath(), $"padron-{Guid.NewGuid():N}.csv");
        await using (var stream = File.Create(big)) stream.SetLength(VoterRollFile.MaxBytes + 1); // sparse: no disk spent
        try
        {
            await file.SetInputFilesAsync(big);
        }
        finally
        {
            File.Delete(big);
        }
        await Expect(page.Locator(".field-error")).ToContainTextAsync(VoterRollFile.TooLarge.Detail);
        await Button(page, "Cargar el padrón").ClickAsync();
        await Expect(file).ToBeFocusedAsync();
        await Expect(file).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(0, sent);
        await tab.AxeAsync("consola padrón demasiado grande", output);

        var padron = new FilePayload { Name = "padron.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes($"clave_elector,colonia\n{Voters.Clave(1, "D")},loma-bonita\n") };
        await file.SetInputFilesAsync(padron);
        await Expect(page.Locator(".field-error")).ToHaveCountAsync(0);
        await Button(page, "Cargar el padrón").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Padrón cargado: 1 persona");

        // The same file again (a second click, a file chosen twice): said so, and the record keeps one load.
        await page.GetByLabel("Archivo del padrón (CSV)").SetInputFilesAsync(padron);
        await Button(page, "Reemplazar el padrón").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Es el mismo padrón que ya estaba cargado (1 persona): no cambió nada.");
        await tab.AxeAsync("consola mismo padrón otra vez", output);
        await using var session = service.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(jornada.Id)).Select(e => e.Data).OfType<VoterRollLoaded>());
    }
}
