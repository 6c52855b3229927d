using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Committee;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Jornadas.Console;
using GobiernoAbierto.Process;
using GobiernoAbierto.Shortlist;
using GobiernoAbierto.Tests.Support;
using GobiernoAbierto.WorkTables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>The participation process from the console: the same steps as the API, as forms, with the rules' answers on the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_staff_run_the_participation_process_from_the_console(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    private static ILocator Status(IPage page) => page.GetByRole(AriaRole.Status);

    [Fact]
    public async Task tables_proposals_deliberation_studies_and_the_shortlist_that_starts_the_jornada()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);

        var title = "Plan de consola " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Consola" }).GetByRole(AriaRole.Link, new() { Name = "Plan de Acción" }).ClickAsync();
        await tab.AxeAsync("consola procesos", output);

        // Every mistake of the form at once, each beside its field: no title, no colonia, the same axis twice, a day the
        // calendar does not have (typed by hand, as where a browser has no date picker) and an empty date.
        var jornadaDay = page.GetByRole(AriaRole.Group, new() { Name = "Jornada de Participación" }).GetByLabel("Fecha");
        var convenioDay = page.GetByRole(AriaRole.Group, new() { Name = "Firma de convenio" }).GetByLabel("Fecha");
        var (jornadaOn, convenioOn) = (await jornadaDay.InputValueAsync(), await convenioDay.InputValueAsync());
        await page.GetByLabel("Eje 2").FillAsync(" obra  PÚBLICA ");
        await jornadaDay.EvaluateAsync("input => input.type = 'text'");
        await jornadaDay.FillAsync("31/02/2021");
        await convenioDay.FillAsync("");
        await Button(page, "Iniciar el proceso").ClickAsync();
        var refused = page.GetByRole(AriaRole.Alert);
        await Expect(refused).ToContainTextAsync("Escriba el título del proceso."); // the rules' words, not FluentValidation's
        await Expect(refused).ToContainTextAsync("Marque al menos una colonia.");
        await Expect(refused).ToContainTextAsync("El eje 2 repite el eje 1 («Obra pública»)");
        await Expect(refused).ToContainTextAsync("La fecha 31/02/2021 no existe en el calendario.");
        await Expect(refused).ToContainTextAsync("Escriba la fecha de «Firma de convenio».");
        await Expect(refused).Not.ToContainTextAsync("El calendario lleva una fecha para cada etapa"); // the two dates say why
        foreach (var field in new[] { page.GetByLabel("Título del proceso"), page.GetByLabel("Eje 2"), jornadaDay, convenioDay })
            await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("consola procesos con errores", output);
        await page.GetByLabel("Eje 2").FillAsync("Cultura de paz");
        await jornadaDay.FillAsync(jornadaOn);
        await convenioDay.FillAsync(convenioOn);

        await page.GetByLabel("Título del proceso").FillAsync(title);
        await page.GetByLabel("Loma Bonita").CheckAsync();
        await page.GetByLabel("El Paraíso").CheckAsync();
        await Button(page, "Iniciar el proceso").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-process-stage]")).ToHaveTextAsync("Primera mesa de trabajo");
        await tab.AxeAsync("consola proceso", output);

        // A value the form's controls cannot send (a hand-made request): a Spanish answer beside the field, not a 500.
        await page.GetByLabel("Lugares").EvaluateAsync("input => input.type = 'text'");
        await page.GetByLabel("Lugares").FillAsync("nueve");
        await page.GetByLabel("Nombre", new() { Exact = true }).FillAsync("Mesa 1 — Loma Bonita");
        await Button(page, "Convocar la mesa").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El valor «nueve» no es válido aquí.");
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("is not valid");
        // A number with decimals where a whole one goes is told so.
        await page.GetByLabel("Lugares").FillAsync("9.5");
        await Button(page, "Convocar la mesa").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("«9.5» no es un número entero: escríbalo sin decimales.");
        await page.GetByLabel("Lugares").EvaluateAsync("input => input.type = 'text'");
        await page.GetByLabel("Lugares").FillAsync("1,000"); // Mexico's thousands
        await Button(page, "Convocar la mesa").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba «1,000» sin comas ni puntos: 1000.");
        await page.GetByLabel("Lugares").FillAsync("9");
        // No modality is chosen for staff: left on «Elija…», the form says so.
        await Expect(page.GetByLabel("Modalidad")).ToHaveValueAsync("");
        await Button(page, "Convocar la mesa").ClickAsync();
        await Expect(page.GetByLabel("Modalidad")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Elija la modalidad: presencial o virtual.");
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("Falta un valor");
        // The place is asked for once the modality says the table meets in person, not before (an outside tester's).
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync(ConveneWorkTableValidator.PlaceRequired);
        await page.GetByLabel("Modalidad").SelectOptionAsync("InPerson");
        // In person, where: residents must know where to go.
        await Button(page, "Convocar la mesa").ClickAsync();
        await Expect(page.GetByLabel("Sede")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(ConveneWorkTableValidator.PlaceRequired);
        await page.GetByLabel("Sede").FillAsync("Salón de usos múltiples, Col. Loma Bonita");
        await Button(page, "Convocar la mesa").ClickAsync();
        // The name already begins with its number, as the form suggests: said once, not «Mesa 1. Mesa 1 — …».
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mesa 1 — Loma Bonita", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("Presencial en Salón de usos múltiples, Col. Loma Bonita")).ToBeVisibleAsync();

        IRequest? seatSent = null; // the last form sent: a seat, then a proposal
        void KeepSeat(object? _, IRequest request) { if (request.Method == "POST") seatSent = request; }
        page.Request += KeepSeat;
        foreach (var (name, colonia) in new[] { ("Rosa M.", "Loma Bonita"), ("Luis P.", "El Paraíso") })
        {
            await page.GetByLabel("Nombre", new() { Exact = true }).FillAsync(name);
            await page.GetByLabel("Colonia donde vive").SelectOptionAsync(new SelectOptionValue { Label = colonia });
            await Button(page, "Integrar a la mesa").ClickAsync();
            await Expect(Status(page)).ToContainTextAsync($"Se integró a {name}");
        }
        page.Request -= KeepSeat;
        // The same form arriving again (a browser that sends it twice) seated the person twice; now once, and it says so.
        var repeat = await page.APIRequest.PostAsync(seatSent!.Url, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, Data = seatSent.PostData,
        });
        Assert.Contains("El formulario llegó dos veces y se integró a Luis P. a la mesa una sola vez.", await repeat.TextAsync());
        // The same form used for someone else (the browser's Back brings it back with its key): said in the console's words.
        var reused = await page.APIRequest.PostAsync(seatSent.Url, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            Data = seatSent.PostData!.Replace("Luis+P.", "Ana+G.", StringComparison.Ordinal),
        });
        Assert.Contains("Este formulario ya integró a otra persona a la mesa", System.Net.WebUtility.HtmlDecode(await reused.TextAsync()));
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Quién la presenta").Locator("option", new() { HasText = "Luis P." })).ToHaveCountAsync(1);

        foreach (var (author, work, cost) in new[]
                 {
                     ("Rosa M.", "Alumbrado en la calle Pino", "850,000"), ("Luis P.", "Rampa y banqueta en la escuela", "1200000"),
                     ("Luis P.", "Luminarias para la calle Pino", "800,000"), ("Rosa M.", "Bancas en el jardín", "90,000"),
                 })
        {
            await page.GetByLabel("Quién la presenta").SelectOptionAsync(new SelectOptionValue { Label = author });
            await page.GetByLabel("Título", new() { Exact = true }).FillAsync(work);
            await page.GetByLabel("Descripción").FillAsync($"{work}, propuesta en la mesa.");
            await page.GetByLabel("Colonia de la obra").SelectOptionAsync(new SelectOptionValue { Label = "Loma Bonita" });
            await page.GetByLabel("Tipo de obra").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.GetByLabel("Costo aproximado (pesos)").FillAsync(cost);
            page.Request += KeepSeat;
            await Button(page, "Registrar la propuesta").ClickAsync();
            await Expect(Status(page)).ToContainTextAsync($"Se registró la propuesta «{work}»");
            page.Request -= KeepSeat;
        }
        var proposalAgain = await page.APIRequest.PostAsync(seatSent!.Url, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, Data = seatSent.PostData,
        });
        Assert.Contains("El formulario llegó dos veces y la propuesta «Bancas en el jardín» se registró una sola vez.",
            System.Net.WebUtility.HtmlDecode(await proposalAgain.TextAsync()));
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Propuesta", new() { Exact = true }).Locator("option", new() { HasText = "Bancas en el jardín" })).ToHaveCountAsync(1);
        await page.GetByLabel("Participante", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Luis P." });
        await page.GetByLabel("Propuesta", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Alumbrado en la calle Pino" });
        await Button(page, "Registrar el respaldo").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se registró el respaldo");
        await tab.AxeAsync("consola mesa", output);

        await page.GetByRole(AriaRole.Link, new() { Name = "Alumbrado en la calle Pino" }).ClickAsync();
        await page.GetByLabel("Participante", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Luis P." });
        await page.GetByLabel("Postura").SelectOptionAsync(new SelectOptionValue { Label = "A favor" });
        await page.GetByLabel("Texto").FillAsync("La calle está a oscuras de noche.");
        await Button(page, "Registrar").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se registró el argumento");
        await tab.AxeAsync("consola propuesta", output);

        // Merging a duplicate and withdrawing a proposal cannot be undone: one click does neither, the box must be ticked.
        await page.GetByRole(AriaRole.Link, new() { Name = "Mesa 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Luminarias para la calle Pino" }).ClickAsync();
        await page.GetByLabel("Propuesta con la que se fusiona").SelectOptionAsync(new SelectOptionValue { Label = "Alumbrado en la calle Pino (mesa 1)" });
        await page.GetByRole(AriaRole.Region, new() { Name = "Fusionar con otra propuesta" }).GetByLabel("Motivo").FillAsync("Es la misma obra que «Alumbrado en la calle Pino».");
        await Button(page, "Fusionar").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("la fusión no se puede deshacer");
        await Expect(page.GetByLabel("Esta propuesta repite la elegida")).ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("consola propuesta con la fusión sin confirmar", output);
        await page.GetByLabel("Esta propuesta repite la elegida").CheckAsync();
        await Button(page, "Fusionar").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se fusionó la propuesta");
        await Expect(Button(page, "Fusionar")).ToHaveCountAsync(0); // merged: no longer in deliberation

        await page.GetByRole(AriaRole.Link, new() { Name = "Mesa 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Bancas en el jardín" }).ClickAsync();
        await page.GetByLabel("Quién la retira").SelectOptionAsync(new SelectOptionValue { Label = "Rosa M." });
        await page.GetByRole(AriaRole.Region, new() { Name = "Retirar la propuesta" }).GetByLabel("Motivo").FillAsync("La colonia ya consiguió las bancas.");
        await Button(page, "Retirar").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme el retiro");
        await Expect(Button(page, "Retirar")).ToBeVisibleAsync();
        await page.GetByLabel("Quien la presentó pidió retirarla").CheckAsync();
        await Button(page, "Retirar").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se retiró la propuesta");
        await Expect(Button(page, "Retirar")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Proceso" }).ClickAsync();
        // The merged and the withdrawn proposals are not silently gone: under the ranking, each with why.
        var ranked = page.GetByRole(AriaRole.Region, new() { Name = "Ranking de propuestas (tabla desplazable)" });
        var outOfRanking = page.GetByRole(AriaRole.Region, new() { Name = "Propuestas fuera del ranking (tabla desplazable)" });
        await Expect(ranked).Not.ToContainTextAsync("Luminarias para la calle Pino");
        await Expect(ranked).Not.ToContainTextAsync("Bancas en el jardín");
        await Expect(outOfRanking.GetByRole(AriaRole.Row).Filter(new() { HasText = "Luminarias para la calle Pino" }))
            .ToContainTextAsync("Fusionada con «Alumbrado en la calle Pino»");
        await Expect(outOfRanking.GetByRole(AriaRole.Row).Filter(new() { HasText = "Bancas en el jardín" })).ToContainTextAsync("Retirada");
        await tab.AxeAsync("consola proceso con propuestas fuera del ranking", output);
        // The process's list of tables names each as its own page does, not «1. Mesa 1 — Loma Bonita».
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Mesa 1 — Loma Bonita", Exact = true })).ToBeVisibleAsync();
        // A number another table of the process has: the rule's answer is beside the number, not only at the top.
        await page.GetByLabel("Número", new() { Exact = true }).FillAsync("1");
        await page.GetByLabel("Nombre", new() { Exact = true }).FillAsync("Mesa 2 — El Paraíso");
        await page.GetByLabel("Modalidad").SelectOptionAsync("Virtual");
        await Button(page, "Convocar la mesa").ClickAsync();
        await Expect(page.GetByLabel("Número", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#Table_Number-error")).ToContainTextAsync("Ya existe la mesa 1 en este proceso.");

        // One click does not move the process on: the box that says the stage ended must be ticked.
        await Button(page, "Pasar a «Segunda mesa de trabajo»").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme que la etapa actual terminó");
        await Expect(page.Locator("[data-process-stage]")).ToHaveTextAsync("Primera mesa de trabajo");
        await page.GetByLabel("La etapa «Primera mesa de trabajo» terminó").CheckAsync();
        await Button(page, "Pasar a «Segunda mesa de trabajo»").ClickAsync();
        await Expect(page.Locator("[data-process-stage]")).ToHaveTextAsync("Segunda mesa de trabajo");
        // What the next stage needs is said before anyone ticks a box: no button whose every press would be refused.
        await Expect(page.Locator("[data-advance-blocked]")).ToHaveTextAsync("Todavía no se puede pasar a «Jornada de Participación»: " +
            "Faltan las dos propuestas finalistas. Antes de la Jornada, la segunda mesa elige las dos propuestas que se votarán.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pasar a «Jornada de Participación»" })).ToHaveCountAsync(0);

        // One viable proposal is not a shortlist: the rule says so on the page, and no Jornada is made.
        await page.GetByRole(AriaRole.Link, new() { Name = "Alumbrado en la calle Pino" }).ClickAsync();
        await StudyAsync(page);
        await Expect(Status(page)).ToContainTextAsync("Se registró el estudio de factibilidad");
        // The study recorded is on the page, and the form holds it to correct it: the correction is a new study, the
        // first stays in the history.
        var study = page.Locator("[data-feasibility]");
        await Expect(study).ToContainTextAsync("Viable");
        await Expect(study).ToContainTextAsync("$900,000 MXN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Corregir el estudio de factibilidad" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Motivos")).ToHaveValueAsync("Cumple con la normatividad y cabe en el presupuesto.");
        await Expect(page.GetByLabel("Costo estimado (pesos)")).ToHaveValueAsync("900,000");
        await page.GetByLabel("Motivos").FillAsync("Cumple con la normatividad; el presupuesto incluye el mantenimiento de un año.");
        await Button(page, "Registrar el estudio").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se registró el estudio de factibilidad");
        await Expect(study).ToContainTextAsync("el presupuesto incluye el mantenimiento de un año");
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Historia" });
        await Expect(history).ToContainTextAsync("Estudio de factibilidad: viable, costo estimado $900,000 MXN. Cumple con la normatividad y cabe en el presupuesto.");
        await Expect(history).ToContainTextAsync("Estudio de factibilidad corregido: viable");
        // Its times say their clock: the study's record and the history's (a staff reviewer read them without one).
        await Expect(study).ToContainTextAsync("(hora del centro de México)");
        await Expect(history).ToContainTextAsync("Horas del centro de México.");
        await tab.AxeAsync("consola propuesta con estudio", output);
        await page.GetByRole(AriaRole.Link, new() { Name = "Proceso" }).ClickAsync();
        await Button(page, "Elegir las dos finalistas y crear la Jornada").ClickAsync(); // the box not ticked: nothing is created
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("crear la Jornada no se puede deshacer");
        await page.GetByLabel("Estas son las dos propuestas que van a votación").CheckAsync();
        await Button(page, "Elegir las dos finalistas y crear la Jornada").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("viable");
        await tab.AxeAsync("consola proceso con las finalistas rechazadas", output);

        await page.GetByRole(AriaRole.Link, new() { Name = "Rampa y banqueta en la escuela" }).ClickAsync();
        await StudyAsync(page);
        await Expect(Status(page)).ToContainTextAsync("Se registró el estudio de factibilidad");
        await page.GetByRole(AriaRole.Link, new() { Name = "Proceso" }).ClickAsync();

        // A window that already closed, or one longer than a Jornada may last, is refused next to its fields: nothing is
        // spent on a Jornada nobody could open. Left empty, the window is the calendar's Jornada day.
        var now = service.Clock.GetUtcNow();
        var opensAt = page.GetByLabel("Apertura de la votación (opcional)");
        var closesAt = page.GetByLabel("Cierre de la votación (opcional)");
        await opensAt.FillAsync(LocalTime.Field(now.AddDays(-3)));
        await closesAt.FillAsync(LocalTime.Field(now.AddDays(-2)));
        await page.GetByLabel("Estas son las dos propuestas que van a votación").CheckAsync();
        await Button(page, "Elegir las dos finalistas y crear la Jornada").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El cierre de la votación ya pasó");
        await closesAt.FillAsync(LocalTime.Field(now.AddDays(40)));
        await page.GetByLabel("Estas son las dos propuestas que van a votación").CheckAsync();
        await Button(page, "Elegir las dos finalistas y crear la Jornada").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Una Jornada dura a lo más 31 días.");
        await opensAt.FillAsync("");
        await closesAt.FillAsync("");
        await page.GetByLabel("Estas son las dos propuestas que van a votación").CheckAsync();
        await Button(page, "Elegir las dos finalistas y crear la Jornada").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se eligieron las dos propuestas finalistas y se creó la Jornada");
        var options = page.Locator("ol.options li");
        await Expect(options).ToHaveCountAsync(2);
        await Expect(options.First).ToContainTextAsync("Proyecto A: Alumbrado en la calle Pino"); // the most endorsed first, named as residents read it

        // The Jornada names its process and leads back to it: it opens only once the process is at its Jornada stage.
        await Expect(page.Locator("[data-process-link]")).ToHaveTextAsync(title);
        await page.GetByRole(AriaRole.Link, new() { Name = "Abrir la votación…" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("está en la etapa «Segunda mesa de trabajo»");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ir al Plan de Acción para pasar a la etapa «Jornada de Participación»" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Expect(Button(page, "Pasar a «Jornada de Participación»")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-finalists]")).ToContainTextAsync("Propuestas finalistas: «Alumbrado en la calle Pino» y «Rampa y banqueta en la escuela».");

        // The process, a table and a proposal fit a phone.
        var pages = new[]
        {
            new Uri(page.Url).PathAndQuery,
            (await page.GetByRole(AriaRole.Link, new() { Name = "Mesa 1 — Loma Bonita", Exact = true }).GetAttributeAsync("href"))!,
            (await page.GetByRole(AriaRole.Link, new() { Name = "Alumbrado en la calle Pino" }).GetAttributeAsync("href"))!,
        };
        await using var phone = await chromium.PhoneAsync(service);
        await ConsoleAccounts.SignInAsync(phone.Page, service, staff);
        foreach (var path in pages)
        {
            await phone.Page.GotoAsync(path);
            var overflow = await phone.OverflowAsync();
            Assert.True(overflow is null, $"{path} scrolls sideways on a phone: {overflow}");
            await phone.AxeAsync($"consola teléfono {path}", output);
        }
    }

    /// <summary>An axis left empty is asked for beside its own field, not as «El plan tiene exactamente dos ejes» over both.</summary>
    [Fact]
    public async Task an_axis_left_empty_is_asked_for_beside_its_field()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/procesos");
        await page.GetByLabel("Título del proceso").FillAsync("Plan sin primer eje");
        await page.GetByLabel("Loma Bonita").CheckAsync();
        await page.GetByLabel("Eje 1").FillAsync("  ");
        await Button(page, "Iniciar el proceso").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba el nombre del eje 1.");
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("El plan tiene exactamente dos ejes.");
        await Expect(page.GetByLabel("Eje 1")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Eje 2")).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    /// <summary>
    /// A seat recorded whose answer was lost (the console's error page, a proxy's 503): the form recovered with «Volver a
    /// la página» and sent again made a second seat, since the page drew it with a new key. The draft keeps its key for that.
    /// </summary>
    [Fact]
    public async Task a_seat_recorded_whose_answer_was_lost_is_not_made_twice_when_the_recovered_form_is_sent_again()
    {
        var api = new ProcessApi(new VotingApi(service));
        var table = await api.ConveneAsync((await api.StartAsync()).Id, 1);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        var address = $"/consola/mesas/{table}";
        await page.GotoAsync(address);
        await page.GetByLabel("Nombre", new() { Exact = true }).FillAsync("Juana Pérez");
        await page.GetByLabel("Colonia donde vive").SelectOptionAsync(new SelectOptionValue { Label = "Loma Bonita" });
        await page.RouteAsync("**/consola/mesas/**", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }
            await route.FetchAsync(new() { MaxRedirects = 0 }); // the service records the seat…
            await route.FulfillAsync(new() // …and its answer is lost on the way
            {
                Status = 303, Headers = new Dictionary<string, string> { ["Location"] = "/consola/error?estado=503&volver=" + Uri.EscapeDataString(address) },
            });
        });
        await Button(page, "Integrar a la mesa").ClickAsync();
        var back = page.GetByRole(AriaRole.Link, new() { Name = "Volver a la página" });
        await Expect(back).ToBeVisibleAsync();
        await page.UnrouteAllAsync();
        await back.ClickAsync();
        await Expect(page.Locator(".draft-note")).ToContainTextAsync("Se recuperó lo que había escrito en este formulario");

        await Button(page, "Integrar a la mesa").ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("El formulario llegó dos veces y se integró a Juana Pérez a la mesa una sola vez.");
        await using var session = service.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        Assert.Single((await session.LoadAsync<WorkTable>(table))!.Participants);
        // A reload draws a new form: the next person is another seat.
        await page.GetByLabel("Nombre", new() { Exact = true }).FillAsync("Pedro Ruiz");
        await page.GetByLabel("Colonia donde vive").SelectOptionAsync(new SelectOptionValue { Label = "Loma Bonita" });
        await Button(page, "Integrar a la mesa").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se integró a Pedro Ruiz a la mesa.");
    }

    /// <summary>
    /// A proposal left out of the shortlist still reads «En deliberación», but the deliberation closed with the shortlist:
    /// its page says so instead of offering forms (argument, study, merge, withdrawal) that could only be refused.
    /// </summary>
    [Fact]
    public async Task a_proposal_left_out_of_the_shortlist_offers_no_deliberation_forms()
    {
        var api = new ProcessApi(new VotingApi(service));
        var id = (await api.StartAsync()).Id;
        var table = await api.ConveneAsync(id, 1);
        var author = await api.SeatedAsync(table, "Autora");
        var (a, b, left) = (await api.SubmittedAsync(table, author, "Cancha"), await api.SubmittedAsync(table, author, "Alumbrado"),
            await api.SubmittedAsync(table, author, "Bancas"));
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/propuestas/{left}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Retirar la propuesta" })).ToBeVisibleAsync(); // open: the forms are there
        await Expect(page.Locator("[data-deliberation-closed]")).ToHaveCountAsync(0);

        await api.AdvancedAsync(id, Stage.SecondWorkTable);
        foreach (var finalist in new[] { a, b }) await VotingApi.Expect(await api.StudyAsync(finalist, viable: true), HttpStatusCode.OK);
        await VotingApi.Expect(await api.ShortlistAsync(id, [a, b]), HttpStatusCode.Created);
        await page.ReloadAsync();

        await Expect(page.Locator("[data-deliberation-closed]")).ToContainTextAsync("La deliberación de este proceso quedó cerrada");
        foreach (var form in new[] { "Argumento o comentario", "Registrar el estudio de factibilidad", "Fusionar con otra propuesta (duplicada)", "Retirar la propuesta" })
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = form })).ToHaveCountAsync(0);
        await tab.AxeAsync("consola propuesta con deliberación cerrada", output);
    }

    /// <summary>
    /// Back after «Iniciar el proceso», and the form sent again, started a second identical process: the form carries
    /// the new process's identifier from the moment it is drawn, so the second submission finds the first and goes to it,
    /// and one sent with changes says they were not kept.
    /// </summary>
    [Fact]
    public async Task the_form_sent_again_after_back_goes_to_the_process_it_started_and_starts_no_other()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync("/consola/procesos");
        var title = "Plan enviado dos veces " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Título del proceso").FillAsync(title);
        await page.GetByLabel("Loma Bonita").CheckAsync();
        await Button(page, "Iniciar el proceso").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        var first = page.Url;

        await page.GoBackAsync();
        await Expect(page.GetByLabel("Título del proceso")).ToHaveValueAsync(title); // the browser puts the form back as it was sent
        await Button(page, "Iniciar el proceso").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        Assert.Equal(first, page.Url);
        await Expect(Status(page)).ToContainTextAsync(Process.Console.ProcessesPage.AlreadyStarted);

        await page.GoBackAsync();
        await page.GetByLabel("Título del proceso").FillAsync(title + " corregido");
        await Button(page, "Iniciar el proceso").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        Assert.Equal(first, page.Url);
        await Expect(Status(page)).ToContainTextAsync("se envió otra vez con cambios, que no se guardaron");

        var processes = await VotingApi.Read<List<ProcessSummary>>(await new VotingApi(service).Anonymous.GetAsync("/api/processes"));
        Assert.Single(processes, p => p.Title.StartsWith(title));
    }

    /// <summary>
    /// Staff concluded a process with the committee's agreements still open, and learnt it on the public page: the page
    /// names them before the box is ticked. A warning, not a refusal: the process still concludes.
    /// </summary>
    [Fact]
    public async Task concluding_with_agreements_still_open_names_them_before_the_box_is_ticked()
    {
        var id = await ProcessAtTheConvenioAsync();
        var process = new ProcessApi(new VotingApi(service));
        await VotingApi.Expect(await process.SignConvenioAsync(id), HttpStatusCode.OK);
        for (var n = 1; n <= 3; n++)
        {
            await process.AdvancedAsync(id, Stages.SessionStage(n));
            IReadOnlyList<AgreementUpdate> updates = n switch
            {
                2 => [new("ACU-1-01", AgreementStatus.Done, "Publicado.")],
                3 => [new("ACU-2-01", AgreementStatus.Cancelled, "Se atiende en otro programa.")],
                _ => [],
            };
            await VotingApi.Expect(await process.RecordSessionAsync(id, process.Session(n, updates)), HttpStatusCode.OK);
        }
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);

        // Moving to the fourth session leaves ACU-3-01 open, and nothing is said: the fourth session still follows it up.
        await page.GotoAsync($"/consola/procesos/{id}");
        await Expect(Button(page, "Pasar a «Cuarta sesión ordinaria del Comité de Gobierno Abierto»")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-pending-agreements]")).ToHaveCountAsync(0);

        await process.AdvancedAsync(id, Stage.FourthCommitteeSession);
        await VotingApi.Expect(await process.RecordSessionAsync(id, process.Session(4, [new("ACU-3-01", AgreementStatus.InProgress, "En curso.")])),
            HttpStatusCode.OK);
        await page.GotoAsync($"/consola/procesos/{id}");
        var warning = page.Locator("[data-pending-agreements]");
        await Expect(warning).ToHaveTextAsync("Antes de concluir: Quedan 2 acuerdos sin concluir: " +
            "ACU-3-01 «Publicar el avance de la obra (sesión 3)» (en proceso; responsable: Secretaría de Obras Públicas); " +
            "ACU-4-01 «Publicar el avance de la obra (sesión 4)» (pendiente; responsable: Secretaría de Obras Públicas). " +
            "Si concluye el proceso, los acuerdos quedan publicados en ese estado y ya no se registra su seguimiento. Ver los acuerdos.");
        await Expect(warning.GetByRole(AriaRole.Link, new() { Name = "Ver los acuerdos" })).ToHaveAttributeAsync("href", $"/consola/procesos/{id}/comite");
        await tab.AxeAsync("consola proceso por concluir con acuerdos pendientes", output);

        await page.GetByLabel("con los acuerdos sin concluir en su estado no se puede deshacer", new() { Exact = false }).CheckAsync();
        await Button(page, "Pasar a «Proceso concluido»").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("El proceso pasó a «Proceso concluido».");
        await Expect(page.Locator("[data-process-stage]")).ToHaveTextAsync("Proceso concluido");
        await Expect(page.Locator("[data-pending-agreements]")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// An endorsement recorded for the wrong person is voided from the table's page, with its reason and a box to tick;
    /// then that person's seat, taken at the wrong table, is freed.
    /// </summary>
    [Fact]
    public async Task staff_void_an_endorsement_and_a_seat_recorded_by_mistake_from_the_tables_page()
    {
        var process = new ProcessApi(new VotingApi(service));
        var id = (await process.StartAsync()).Id;
        var table = await process.ConveneAsync(id, 1);
        var (rosa, luis) = (await process.SeatedAsync(table, "Rosa M."), await process.SeatedAsync(table, "Luis P."));
        var court = await process.SubmittedAsync(table, rosa, "Cancha de usos múltiples");
        await VotingApi.Expect(await process.EndorseAsync(table, luis, court), HttpStatusCode.OK);

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        // When the table meets says which clock it is in, on the process's list of tables and on the table's own page.
        await page.GotoAsync($"/consola/procesos/{id}");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Fecha (hora del centro de México)" })).ToBeVisibleAsync();
        await page.GotoAsync($"/consola/mesas/{table}");
        await Expect(page.Locator("main")).ToContainTextAsync(
            new System.Text.RegularExpressions.Regex(@" · \d{2}/\d{2}/\d{4} \d{2}:\d{2} \(hora del centro de México\) · "));
        var luisRow = page.GetByRole(AriaRole.Region, new() { Name = "Participantes", Exact = true }).GetByRole(AriaRole.Row).Filter(new() { HasText = "Luis P." });
        await Expect(luisRow).ToContainTextAsync("1 / 3");
        await Expect(luisRow).ToContainTextAsync("Cancha de usos múltiples");
        var voids = page.GetByRole(AriaRole.Region, new() { Name = "Anulaciones", Exact = true });
        await Expect(voids).ToContainTextAsync("Aún no se ha anulado ningún respaldo ni lugar en esta mesa.");

        await page.GetByLabel("Respaldo", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Luis P. respalda «Cancha de usos múltiples»" });
        await page.GetByLabel("Motivo de la anulación del respaldo").FillAsync("Luis respaldaba otra propuesta.");
        await Button(page, "Anular el respaldo").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme la anulación");
        var box = page.GetByLabel("El respaldo deja de contar y la anulación queda registrada; la persona puede volver a darlo.");
        await Expect(box).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Motivo de la anulación del respaldo")).ToHaveValueAsync("Luis respaldaba otra propuesta.");
        await Expect(luisRow).ToContainTextAsync("1 / 3"); // nothing voided yet
        await tab.AxeAsync("consola mesa anular respaldo sin confirmar", output);

        await box.CheckAsync();
        await Button(page, "Anular el respaldo").ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("Se anuló el respaldo");
        await Expect(luisRow).ToContainTextAsync("0 / 3");
        await Expect(Button(page, "Anular el respaldo")).ToHaveCountAsync(0); // no endorsement left to void
        // Luis backs nothing now: his seat, taken at the wrong table, can be freed; Rosa presented a proposal and keeps hers.
        var seatForm = page.Locator("form", new() { Has = Button(page, "Anular su lugar") });
        await seatForm.GetByLabel("Persona", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Rosa M." });
        await seatForm.GetByLabel("Motivo de la anulación del lugar").FillAsync("Se integró en la mesa equivocada.");
        await seatForm.GetByRole(AriaRole.Checkbox).CheckAsync();
        await Button(page, "Anular su lugar").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Rosa M. presentó «Cancha de usos múltiples» en esta mesa");
        await seatForm.GetByLabel("Persona", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Luis P." });
        await seatForm.GetByLabel("Motivo de la anulación del lugar").FillAsync("Se integró en la mesa equivocada.");
        await seatForm.GetByRole(AriaRole.Checkbox).CheckAsync();
        await Button(page, "Anular su lugar").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se anuló el lugar");
        await Expect(luisRow).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).ToContainTextAsync("1 de 9 lugares");
        // Staff see each void with its reason and who recorded it; Luis is still named once his seat is gone.
        var voidRows = voids.GetByRole(AriaRole.Row);
        await Expect(voidRows).ToHaveCountAsync(3);
        await Expect(voidRows.Nth(1)).ToContainTextAsync("Respaldo");
        await Expect(voidRows.Nth(1)).ToContainTextAsync("Luis P.");
        await Expect(voidRows.Nth(1)).ToContainTextAsync("Cancha de usos múltiples");
        await Expect(voidRows.Nth(1)).ToContainTextAsync("Luis respaldaba otra propuesta.");
        await Expect(voidRows.Nth(1)).ToContainTextAsync(staff.DisplayName);
        await Expect(voidRows.Nth(2)).ToContainTextAsync("Lugar en la mesa");
        await Expect(voidRows.Nth(2)).ToContainTextAsync("Luis P.");
        await Expect(voidRows.Nth(2)).ToContainTextAsync("Se integró en la mesa equivocada.");
        await tab.AxeAsync("consola mesa tras anular un lugar", output);

        await page.GotoAsync($"/consola/propuestas/{court}");
        await Expect(page.Locator("main")).ToContainTextAsync("Se anuló un respaldo registrado por error.");
        await page.GotoAsync($"/propuesta.html?id={court}"); // the public page: that it happened, never why
        await Expect(page.Locator("main")).ToContainTextAsync("Se anuló un respaldo registrado por error.");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Luis respaldaba otra propuesta.");
    }

    /// <summary>
    /// The process's Jornada was never opened and its window ended: nothing can open it or move its window. Its console
    /// page says so and leads to «Convocar una nueva Jornada», where staff call the next one.
    /// </summary>
    [Fact]
    public async Task a_jornada_whose_window_lapsed_unopened_leads_staff_to_call_a_new_one()
    {
        // Its window ends an hour from now, and the service's clock then moves past it: three seconds of real time were
        // not always enough for the process to reach its shortlist on a loaded machine (refused as voting_window_closed).
        var closes = service.Clock.GetUtcNow().AddHours(1);
        var (id, _, _, _, lapsed) = await new ProcessApi(new VotingApi(service))
            .AtJornadaAsync("Alumbrado en la calle Pino", "Rampa en la escuela", opens: closes.AddHours(-2), closes: closes);
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5); // given back at the end, as the collection's other tests do
        try
        {
            var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
            await using var tab = await chromium.DesktopAsync(service);
            var page = tab.Page;
            await ConsoleAccounts.SignInAsync(page, service, staff);
            await page.GotoAsync($"/consola/jornadas/{lapsed}");
            await Expect(page.Locator("[data-window-lapsed]")).ToContainTextAsync("La Jornada no se abrió y su periodo de votación ya terminó");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Abrir la votación…" })).ToHaveCountAsync(0);
            await tab.AxeAsync("consola jornada sin abrir con su periodo terminado", output);

            await page.GetByRole(AriaRole.Link, new() { Name = "Convocar una nueva Jornada…" }).ClickAsync();
            var section = page.GetByRole(AriaRole.Region, new() { Name = "Convocar una nueva Jornada" });
            await Expect(section.Locator("[data-nothing-chosen]")).ToHaveTextAsync(CallNewJornadaEndpoint.WindowLapsed.Detail);
            await tab.AxeAsync("consola proceso con la Jornada sin abrir", output);
            await FillNewJornadaAsync(section);
            await Button(page, "Convocar la nueva Jornada").ClickAsync();
            await Expect(Status(page)).ToContainTextAsync("Se convocó una nueva Jornada con las mismas dos finalistas.");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("(convocatoria 2)");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Abrir la votación…" })).ToBeVisibleAsync();

            await page.GotoAsync($"/consola/jornadas/{lapsed}");
            await Expect(page.Locator("[data-new-jornada]")).ToContainTextAsync("Se convocó una nueva Jornada con las mismas finalistas");
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    /// <summary>
    /// Back after «Convocar la nueva Jornada», and the form sent again. Back draws the process page anew (the console's
    /// pages are never kept by the browser: their forms' antiforgery makes them no-store), and it has no form any more:
    /// the process follows the Jornada just called, so nothing can be sent again from it. The same form's request sent
    /// again (what a browser that kept the page, or a second click where the page's script did not run, sends) was read
    /// as a call for yet another Jornada and refused with «Falta la certificación del IEEQ», about the Jornada just
    /// called: the form carries the new Jornada's identifier from the moment it is drawn, so it goes to that Jornada and
    /// says so. Either way one new Jornada.
    /// </summary>
    [Fact]
    public async Task the_call_for_a_new_jornada_sent_again_after_back_goes_to_the_jornada_it_called_and_calls_no_other()
    {
        var (id, tied) = await ProcessWithCertifiedJornadaAsync("A", "B");
        await using var tab = await StaffTabWithBackForwardCacheAsync();
        var page = tab.Page;
        await page.GotoAsync($"/consola/procesos/{id}");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Convocar una nueva Jornada" });
        await FillNewJornadaAsync(section);
        var sent = await page.RunAndWaitForRequestAsync(() => Button(page, "Convocar la nueva Jornada").ClickAsync(), r => r.Method == "POST");
        await Expect(Status(page)).ToContainTextAsync("Se convocó una nueva Jornada con las mismas dos finalistas.");
        // The service's own word for where residents vote (it said «casillas», the INE's polling stations).
        await Expect(Status(page)).ToContainTextAsync("Prepárela como la anterior: kioscos, padrón y, si aplica, votación en línea.");
        var called = page.Url;

        var back = await page.GoBackAsync();
        Assert.Equal(("GET", 200), (back!.Request.Method, back.Status)); // drawn anew, not sent again
        await Expect(page.Locator("[data-earlier-jornada]")).ToContainTextAsync("Jornada anterior (empate)");
        await Expect(section).ToHaveCountAsync(0);
        await Expect(Button(page, "Convocar la nueva Jornada")).ToHaveCountAsync(0);

        var again = await page.APIRequest.PostAsync(sent.Url, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = sent.Headers["content-type"] },
            DataString = sent.PostData,
            MaxRedirects = 0,
        });
        Assert.Equal(302, again.Status);
        Assert.Equal(new Uri(called).AbsolutePath, again.Headers["location"]);
        await page.GotoAsync(again.Headers["location"]);
        await Expect(Status(page)).ToContainTextAsync("Esta nueva Jornada ya se había convocado: el formulario se envió otra vez y no se convocó otra.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("(convocatoria 2)");
        var timeline = await VotingApi.Read<ProcessTimeline>(await new VotingApi(service).Anonymous.GetAsync($"/api/processes/{id}"));
        Assert.Equal((tied, Guid.Parse(called.Split('/').Last())), (Assert.Single(timeline.EarlierJornadas).JornadaId, timeline.Shortlist!.JornadaId));
    }

    /// <summary>
    /// Two tabs on the process page, both drawn before any call. «Convocar la nueva Jornada» in the first calls it; the
    /// second tab's form, sent after, was refused with «Falta la certificación del IEEQ», about the Jornada the first had
    /// just called, which has not even opened. The form says which Jornada it replaces, so the second goes to the Jornada
    /// called in the first and says another call got there first. One new Jornada.
    /// </summary>
    [Fact]
    public async Task a_call_sent_from_a_second_tab_after_the_first_called_goes_to_the_jornada_called_there()
    {
        var (id, tied) = await ProcessWithCertifiedJornadaAsync("A", "B");
        await using var tab = await StaffTabWithBackForwardCacheAsync();
        var first = tab.Page;
        var second = await first.Context.NewPageAsync();
        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync($"/consola/procesos/{id}");
            await FillNewJornadaAsync(page.GetByRole(AriaRole.Region, new() { Name = "Convocar una nueva Jornada" }));
        }

        await Button(first, "Convocar la nueva Jornada").ClickAsync();
        await Expect(Status(first)).ToContainTextAsync("Se convocó una nueva Jornada con las mismas dos finalistas.");
        var called = new Uri(first.Url).AbsolutePath;
        Assert.NotEqual($"/consola/procesos/{id}", called);

        await Button(second, "Convocar la nueva Jornada").ClickAsync();
        await Expect(Status(second)).ToContainTextAsync("Otra convocatoria ya había sustituido la Jornada anterior por esta");
        Assert.Equal(called, new Uri(second.Url).AbsolutePath);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("(convocatoria 2)");
        var timeline = await VotingApi.Read<ProcessTimeline>(await new VotingApi(service).Anonymous.GetAsync($"/api/processes/{id}"));
        Assert.Equal((tied, Guid.Parse(called.Split('/').Last())), (Assert.Single(timeline.EarlierJornadas).JornadaId, timeline.Shortlist!.JornadaId));
    }

    /// <summary>
    /// Two people recording a proposal's feasibility study: the second, whose page showed the study before the first's,
    /// replaced the first's verdict unknowing, and the history called it a correction (an outside tester's).
    /// </summary>
    [Fact]
    public async Task a_study_sent_from_a_page_that_showed_an_older_study_is_refused_and_replaces_nothing()
    {
        var api = new VotingApi(service);
        var process = new ProcessApi(api);
        var (_, _, first, _) = await process.BeforeShortlistAsync("Luminarias en Loma Bonita", "Rampa en la escuela");
        await using var tab = await StaffTabWithBackForwardCacheAsync();
        var page = tab.Page;
        await page.GotoAsync($"/consola/propuestas/{first}");
        await page.GetByLabel("Motivos").FillAsync("Corrijo: cabe en el presupuesto del año.");

        await VotingApi.Expect(await process.StudyAsync(first, viable: false, 5_000_000m), HttpStatusCode.OK); // a colleague, meanwhile
        await Button(page, "Registrar el estudio").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El estudio de factibilidad cambió mientras lo editaba");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("(no viable)");
        await Expect(page.Locator("[data-feasibility]")).ToContainTextAsync("No viable");
        await Expect(page.Locator("[data-feasibility]")).ToContainTextAsync("$5,000,000 MXN");
        await tab.AxeAsync("consola propuesta con estudio cambiado mientras se editaba", output);

        // The same form arriving twice (its first answer lost on the way) is this person's own study, not a colleague's.
        await page.ReloadAsync();
        await page.GetByLabel("Motivos").FillAsync("Corrijo otra vez: no cabe en el presupuesto del año.");
        var sent = await page.RunAndWaitForRequestAsync(() => Button(page, "Registrar el estudio").ClickAsync(), r => r.Method == "POST");
        await Expect(Status(page)).ToContainTextAsync("Se registró el estudio de factibilidad");
        var again = await page.APIRequest.PostAsync(sent.Url, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = sent.Headers["content-type"] },
            DataString = sent.PostData,
            MaxRedirects = 0,
        });
        Assert.DoesNotContain("cambió mientras lo editaba", await again.TextAsync());
    }

    /// <summary>
    /// A colleague's study made one of the two finalists the page showed not viable while it was open: the rule then
    /// picked another pair than the one confirmed, and a Jornada that cannot be undone was created with it (an outside
    /// tester's). The form carries the pair it showed; another pair is refused, and the page drawn anew shows the new one.
    /// </summary>
    [Fact]
    public async Task finalists_confirmed_from_a_page_the_ranking_changed_under_are_refused_and_shown_anew()
    {
        var api = new VotingApi(service);
        var process = new ProcessApi(api);
        var id = (await process.StartAsync()).Id;
        var table = await process.ConveneAsync(id, 1);
        var author = await process.SeatedAsync(table, "Autora");
        var proposals = new List<Guid>();
        foreach (var title in new[] { "Cancha en la unidad", "Alumbrado en la plaza", "Banquetas del mercado" })
            proposals.Add(await process.SubmittedAsync(table, author, title));
        await process.AdvancedAsync(id, Stage.SecondWorkTable);
        foreach (var p in proposals) await VotingApi.Expect(await process.StudyAsync(p, viable: true), HttpStatusCode.OK);
        await using var tab = await StaffTabWithBackForwardCacheAsync();
        var page = tab.Page;
        await page.GotoAsync($"/consola/procesos/{id}");
        var now = service.Clock.GetUtcNow();
        await page.GetByLabel("Apertura de la votación (opcional)").FillAsync(LocalTime.Field(now.AddDays(1)));
        await page.GetByLabel("Cierre de la votación (opcional)").FillAsync(LocalTime.Field(now.AddDays(1).AddHours(10)));
        await page.GetByLabel("Estas son las dos propuestas que van a votación").CheckAsync();
        var shown = (await page.Locator("input[name='Shortlist.PairShown']").InputValueAsync()).Split(',').Select(Guid.Parse).ToList();
        Assert.Equal(2, shown.Count);

        await VotingApi.Expect(await process.StudyAsync(shown[0], viable: false), HttpStatusCode.OK); // a colleague, meanwhile
        await Button(page, "Elegir las dos finalistas y crear la Jornada").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Las finalistas cambiaron mientras revisaba la página");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No se creó la Jornada");
        Assert.Null((await VotingApi.Read<ProcessTimeline>(await api.Anonymous.GetAsync($"/api/processes/{id}"))).Shortlist);
        await page.GetByLabel("Estas son las dos propuestas que van a votación").CheckAsync();
        await Button(page, "Elegir las dos finalistas y crear la Jornada").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se eligieron las dos propuestas finalistas y se creó la Jornada");
        var chosen = (await VotingApi.Read<ProcessTimeline>(await api.Anonymous.GetAsync($"/api/processes/{id}"))).Shortlist!;
        Assert.DoesNotContain(shown[0], chosen.ProposalIds);
    }

    /// <summary>
    /// Back after «Elegir las dos finalistas y crear la Jornada», and the form sent again. Back draws the process page anew
    /// (no-store, as every console page with a form) with the finalists instead of the form: nothing can be sent again
    /// from it. The same form's request sent again (a browser that kept the page, a second click where the page's script
    /// did not run) was refused on the process page as «Finalistas ya elegidas», and once staff had moved the process on
    /// to its Jornada as «no corresponde a la etapa»: the form carries the Jornada's identifier from the moment it is
    /// drawn, so it goes to that Jornada and says so. Either way one Jornada.
    /// </summary>
    [Fact]
    public async Task the_finalists_sent_again_after_back_go_to_the_jornada_they_created_and_create_no_other()
    {
        var api = new VotingApi(service);
        var process = new ProcessApi(api);
        var (id, _, _, _) = await process.BeforeShortlistAsync("Alumbrado en la calle Pino", "Rampa en la escuela", cost: 900_000m);
        await using var tab = await StaffTabWithBackForwardCacheAsync();
        var page = tab.Page;
        await page.GotoAsync($"/consola/procesos/{id}");
        var now = service.Clock.GetUtcNow(); // the calendar's Jornada day is past: a window of its own
        await page.GetByLabel("Apertura de la votación (opcional)").FillAsync(LocalTime.Field(now.AddDays(1)));
        await page.GetByLabel("Cierre de la votación (opcional)").FillAsync(LocalTime.Field(now.AddDays(1).AddHours(10)));
        await page.GetByLabel("Estas son las dos propuestas que van a votación").CheckAsync();
        var sent = await page.RunAndWaitForRequestAsync(() => Button(page, "Elegir las dos finalistas y crear la Jornada").ClickAsync(), r => r.Method == "POST");
        await Expect(Status(page)).ToContainTextAsync("Se eligieron las dos propuestas finalistas y se creó la Jornada");
        var created = new Uri(page.Url).AbsolutePath;

        var back = await page.GoBackAsync();
        Assert.Equal(("GET", 200), (back!.Request.Method, back.Status)); // drawn anew, not sent again
        await Expect(page.Locator("[data-finalists]")).ToContainTextAsync("«Rampa en la escuela»");
        await Expect(Button(page, "Elegir las dos finalistas y crear la Jornada")).ToHaveCountAsync(0);

        async Task<IAPIResponse> SendAgainAsync() => await page.APIRequest.PostAsync(sent.Url, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = sent.Headers["content-type"] },
            DataString = sent.PostData,
            MaxRedirects = 0,
        });
        var again = await SendAgainAsync();
        Assert.Equal(302, again.Status);
        Assert.Equal(created, again.Headers["location"]);
        await page.GotoAsync(again.Headers["location"]);
        await Expect(Status(page)).ToContainTextAsync(GobiernoAbierto.Process.Console.ProcessPage.ShortlistAlreadySent);
        await Expect(page.Locator("ol.options li")).ToHaveCountAsync(2);

        // Staff move the process on to its Jornada: the same request sent again still goes to the Jornada it created.
        await process.AdvancedAsync(id, Stage.Jornada);
        again = await SendAgainAsync();
        Assert.Equal(302, again.Status);
        Assert.Equal(created, again.Headers["location"]);
        var timeline = await VotingApi.Read<ProcessTimeline>(await api.Anonymous.GetAsync($"/api/processes/{id}"));
        Assert.Equal(created, $"/consola/jornadas/{timeline.Shortlist!.JornadaId}");
        Assert.Empty(timeline.EarlierJornadas);
    }

    /// <summary>
    /// Published, the process still at its Jornada: the chosen work is named, and no progress report form is offered that
    /// the rule would refuse («Aún no hay obra elegida») until the process passes to the convenio.
    /// </summary>
    [Fact]
    public async Task a_published_work_gets_progress_reports_only_once_the_process_passes_to_the_convenio()
    {
        var (id, jornadaId) = await ProcessWithCertifiedJornadaAsync("A");
        var api = new VotingApi(service);
        await VotingApi.Read<JornadaDetails>(await api.Staff.PostAsync($"/api/jornadas/{jornadaId}/publication", null));
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/procesos/{id}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avance de la obra" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-progress-not-yet]")).ToHaveTextAsync("Los informes de avance se registran desde que el proceso pasa a la etapa «Firma de convenio».");
        await Expect(Button(page, "Registrar el informe")).ToHaveCountAsync(0);
        await tab.AxeAsync("consola proceso publicado antes del convenio", output);

        await new ProcessApi(api).AdvancedAsync(id, Stage.Convenio);
        await page.ReloadAsync();
        await Expect(Button(page, "Registrar el informe")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-progress-not-yet]")).ToHaveCountAsync(0);
    }

    /// <summary>A process through the API to its convenio stage: one table, two proposals, the Jornada voted, certified and published.</summary>
    private async Task<Guid> ProcessAtTheConvenioAsync()
    {
        var (id, jornadaId) = await ProcessWithCertifiedJornadaAsync("A");
        var api = new VotingApi(service);
        await VotingApi.Read<JornadaDetails>(await api.Staff.PostAsync($"/api/jornadas/{jornadaId}/publication", null));
        await new ProcessApi(api).AdvancedAsync(id, Stage.Convenio);
        return id;
    }

    /// <summary>A process through the API to its Jornada, voted with these ballots at a kiosk, closed and certified by the IEEQ.</summary>
    /// <summary>A desktop tab that keeps pages for Back and Forward, signed in with a new staff account.</summary>
    private async Task<ResidentTab> StaffTabWithBackForwardCacheAsync()
    {
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        var tab = await chromium.DesktopWithBackForwardCacheAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);
        return tab;
    }

    /// <summary>«Convocar una nueva Jornada»: a window a week from now, and the confirmation ticked unless told otherwise.</summary>
    private async Task FillNewJornadaAsync(ILocator section, bool confirm = true)
    {
        var now = service.Clock.GetUtcNow();
        await section.GetByLabel("Apertura de la votación").FillAsync(LocalTime.Field(now.AddDays(7)));
        await section.GetByLabel("Cierre de la votación").FillAsync(LocalTime.Field(now.AddDays(7).AddHours(10)));
        if (confirm) await section.GetByLabel("Se convoca una nueva Jornada con las mismas dos finalistas; no se puede deshacer.").CheckAsync();
    }

    private async Task<(Guid ProcessId, Guid JornadaId)> ProcessWithCertifiedJornadaAsync(params string[] ballots)
    {
        var api = new VotingApi(service);
        var (id, _, _, _, jornadaId) = await new ProcessApi(api).AtJornadaAsync("Alumbrado en la calle Pino", "Rampa en la escuela", cost: 900_000m);
        await VoteCloseAndCertifyAsync(api, jornadaId, ballots);
        return (id, jornadaId);
    }

    /// <summary>Opens the Jornada, casts these ballots at a kiosk, closes it, and the IEEQ certifies its seal.</summary>
    private static async Task VoteCloseAndCertifyAsync(VotingApi api, Guid jornadaId, params string[] ballots)
    {
        var kiosk = api.Kiosk(await api.RegisterKioskAsync(jornadaId));
        await api.OpenAsync(jornadaId);
        foreach (var option in ballots) await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), option));
        await api.CloseAsync(jornadaId);
        var seal = await VotingApi.Read<ExportedSeal>(await api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await api.Auditor.PostAsJsonAsync($"/api/jornadas/{jornadaId}/certification",
            new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));
    }

    /// <summary>
    /// The tie rule said «corresponde convocar una nueva Jornada», and the process was then stuck for good: publishing was
    /// refused, the convenio needs a published project, and the finalists could not be chosen again.
    /// </summary>
    [Fact]
    public async Task after_a_certified_tie_staff_call_a_new_jornada_with_the_same_finalists()
    {
        var (id, tied) = await ProcessWithCertifiedJornadaAsync("A", "B");

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/{tied}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Convocar una nueva Jornada…" }).ClickAsync();

        var section = page.GetByRole(AriaRole.Region, new() { Name = "Convocar una nueva Jornada" });
        await Expect(section).ToContainTextAsync("ninguno resulta elegido. Se decide en una nueva Jornada, que convoca el Municipio.");
        await FillNewJornadaAsync(section, confirm: false);
        await Button(page, "Convocar la nueva Jornada").ClickAsync();
        await Expect(page.Locator("#NewJornadaConfirmed-error")).ToContainTextAsync("no se puede deshacer"); // the box was not ticked
        await section.GetByLabel("Se convoca una nueva Jornada con las mismas dos finalistas; no se puede deshacer.").CheckAsync();
        await Button(page, "Convocar la nueva Jornada").ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("Se convocó una nueva Jornada con las mismas dos finalistas.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("(convocatoria 2)");
        var second = Guid.Parse(page.Url.Split('/').Last());
        Assert.NotEqual(tied, second);
        await Expect(page.Locator("main")).ToContainTextAsync("Alumbrado en la calle Pino");

        // The tied Jornada now points to the new one; the process page no longer offers another call, and names the earlier Jornada.
        await page.GotoAsync($"/consola/jornadas/{tied}");
        await Expect(page.Locator("[data-new-jornada]")).ToContainTextAsync("Se convocó una nueva Jornada");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Convocar una nueva Jornada…" })).ToHaveCountAsync(0);
        await page.GotoAsync($"/consola/procesos/{id}");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Convocar una nueva Jornada" })).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-earlier-jornada]")).ToContainTextAsync("Jornada anterior (empate)");
        await Expect(page.Locator("[data-earlier-jornada]")).ToContainTextAsync(
            new System.Text.RegularExpressions.Regex(@"se convocó otra el \d{2}/\d{2}/\d{4} \d{2}:\d{2} \(hora del centro de México\)\.$"));
        await tab.AxeAsync("consola proceso tras convocar una nueva Jornada", output);

        // Residents read why there is another vote on the public process page (the console's link to it led to the list of processes).
        await page.GetByRole(AriaRole.Link, new() { Name = "Página pública" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"proceso={id}$"));
        await Expect(page.Locator("[data-earlier-jornada]")).ToContainTextAsync("Una Jornada anterior terminó empatada");
        await Expect(page.Locator("[data-earlier-jornada] a")).ToHaveAttributeAsync("href", $"resultados.html?jornada={tied}");
        await tab.AxeAsync("proceso público con una Jornada anterior", output);

        // And the tied Jornada's results lead to the new one.
        await page.Locator("[data-earlier-jornada] a").ClickAsync();
        await Expect(page.Locator("[data-fill='outcome']")).ToContainTextAsync("el Municipio convocó una nueva Jornada para decidir; su periodo de votación: ");
        await tab.AxeAsync("resultados de una Jornada empatada con su nueva Jornada", output);
        await page.GetByRole(AriaRole.Link, new() { Name = "Ver la nueva Jornada" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"jornada={second}$"));
    }

    /// <summary>
    /// A certified tie replaces its Jornada for good, so «Convocar la nueva Jornada» runs the service's own verification
    /// first, as the API does (CallNewJornadaEndpoint.VerifiedFirstIfCertifiedAsync): here a ballot of the tied Jornada
    /// was changed in the database after the certification, and nothing is called while the verification finds it.
    /// </summary>
    [Fact]
    public async Task a_ballot_changed_in_the_database_after_a_certified_tie_calls_no_new_jornada_from_the_console()
    {
        var (id, tied) = await ProcessWithCertifiedJornadaAsync("A", "B");
        var database = new Database(service);
        Assert.Equal(1, await database.ExecuteAsync("""
            update {schema}.mt_events set data = jsonb_set(data, '{OptionId}', '"A"')
            where stream_id = $1 and type = 'ballot_cast' and data->>'OptionId' = 'B'
            """, tied));
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/procesos/{id}");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Convocar una nueva Jornada" });
        var formJornadaId = Guid.Parse((await section.Locator("input[name='NewJornada.JornadaId']").GetAttributeAsync("value"))!);
        await FillNewJornadaAsync(section);

        await Button(page, "Convocar la nueva Jornada").ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("La verificación del servidor encontró una alteración");
        await Expect(alert).ToContainTextAsync("Cadena de boletas alterada");
        await Expect(alert).ToContainTextAsync("No se convocó nada.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/consola/procesos/{id}"));
        await Expect(Status(page).Filter(new() { HasText = "Se convocó" })).ToHaveCountAsync(0);
        await tab.AxeAsync("consola proceso, nueva Jornada rechazada por la verificación", output);
        var timeline = await VotingApi.Read<ProcessTimeline>(await new VotingApi(service).Anonymous.GetAsync($"/api/processes/{id}"));
        Assert.Empty(timeline.EarlierJornadas);
        Assert.Equal(tied, timeline.Shortlist!.JornadaId);
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from {schema}.mt_events where stream_id = $1", formJornadaId));
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from {schema}.mt_doc_jornada where data->>'ProcessId' = $1", id.ToString()));
    }

    /// <summary>The IEEQ's acta of a Jornada called after a tie says why it exists and where the tied Jornada's record stood.</summary>
    [Fact]
    public async Task the_acta_of_a_jornada_called_again_names_the_tied_one_and_where_its_record_stood()
    {
        var (id, tied) = await ProcessWithCertifiedJornadaAsync("A", "B");
        var api = new VotingApi(service);
        var now = service.Clock.GetUtcNow();
        var second = (await ProcessApi.Created<NewJornadaResult>(await api.Staff.PostAsJsonAsync($"/api/processes/{id}/jornadas",
            new CallNewJornada(now.AddMinutes(-1), now.AddHours(8)), VotingApi.Json))).JornadaId;
        await VoteCloseAndCertifyAsync(api, second, "A");
        var tiedHead = (await api.Auditor.GetStringAsync($"/api/jornadas/{tied}/audit/record.csv")).Trim().Split('\n')[^1].Split(',');
        var tiedTitle = (await VotingApi.Read<JornadaDetails>(await api.Anonymous.GetAsync($"/api/jornadas/{tied}"))).Title;

        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, auditor);
        await page.GotoAsync($"/consola/auditoria/{second}/acta");

        var acta = page.Locator("article");
        await Expect(acta).ToContainTextAsync($"Esta Jornada se convocó de nuevo porque la Jornada «{tiedTitle}» del mismo proceso no eligió proyecto (empate).");
        await Expect(acta).ToContainTextAsync($"su evento {tiedHead[0]}, con hash {tiedHead[4]}");
        await tab.AxeAsync("acta de una Jornada convocada de nuevo", output);
    }

    [Fact]
    public async Task staff_and_the_committee_read_each_recorded_session_with_its_members_agenda_and_minutes()
    {
        var id = await ProcessAtTheConvenioAsync();
        var process = new ProcessApi(new VotingApi(service));
        await VotingApi.Expect(await process.SignConvenioAsync(id), HttpStatusCode.OK);
        // The convenio is signed on the day of the publication (today); the session ten days later, and its agreement due
        // ten days after that, are read two months on.
        var signed = process.Today;
        using var twoMonthsOn = service.Clock.RunAhead(TimeSpan.FromDays(60));
        await process.AdvancedAsync(id, Stage.FirstCommitteeSession);
        await VotingApi.Expect(await process.RecordSessionAsync(id, process.Session(1) with
        {
            HeldOn = signed.AddDays(10),
            Agreements = [
                new NewAgreement("Publicar el avance de la obra", "combate-corrupcion", "Secretaría de Obras Públicas", signed.AddDays(20)),
                new NewAgreement("Invitar a la Fundación Merced", "cultura-de-paz", "Secretaría Técnica", null),
                new NewAgreement("Difundir en las colonias de ambas delegaciones el calendario de las obras y los teléfonos para reportar fallas en ellas",
                    "cultura-de-paz", "Coordinación de Comunicación Social", null),
            ],
        }), HttpStatusCode.OK);

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/procesos/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sesiones del Comité" }).ClickAsync();
        var session = page.Locator("[data-session='1']");
        await Expect(session.GetByRole(AriaRole.Heading)).ToHaveTextAsync($"Primera sesión ordinaria — {signed.AddDays(10):dd/MM/yyyy}");
        await Expect(session).ToContainTextAsync("Presidente (Presidente)");
        await Expect(session).ToContainTextAsync("Fundación Merced");
        await Expect(session).ToContainTextAsync("Avance de la obra");
        // The agreements it took, by what they say (it listed «ACU-1-01, ACU-1-02»): a long one cut at a word.
        await Expect(session.Locator("[data-session-agreements] li")).ToHaveTextAsync([
            "ACU-1-01: Publicar el avance de la obra", "ACU-1-02: Invitar a la Fundación Merced",
            "ACU-1-03: Difundir en las colonias de ambas delegaciones el calendario de las obras y los…"]);
        await session.GetByText("Minuta de la primera sesión ordinaria").ClickAsync();
        await Expect(session).ToContainTextAsync("Minuta de la sesión 1.");
        // An agreement whose date passed while still pending says so; one without a date, that it has none.
        await Expect(page.Locator("[data-agreement='ACU-1-01'] td").Nth(2)).ToHaveTextAsync($"{signed.AddDays(20):dd/MM/yyyy} (vencida)");
        await Expect(page.Locator("[data-agreement='ACU-1-02'] td").Nth(2)).ToHaveTextAsync("Sin fecha");
        await tab.AxeAsync("consola comité con una sesión", output);

        // At the next stage the Secretaría Técnica's form offers that session only (any other is refused anyway).
        await process.AdvancedAsync(id, Stage.SecondCommitteeSession);
        var secretary = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Committee);
        await using var committeeTab = await chromium.PhoneAsync(service);
        await ConsoleAccounts.SignInAsync(committeeTab.Page, service, secretary);
        await committeeTab.Page.GotoAsync(page.Url);
        var number = committeeTab.Page.GetByLabel("Número de sesión");
        await Expect(number.Locator("option", new() { HasText = "Primera sesión ordinaria" })).ToHaveCountAsync(0);
        await Expect(number.Locator("option:checked")).ToHaveTextAsync("Segunda sesión ordinaria");
        // The first session's members come filled in, to check against who came.
        var first = (await VotingApi.Read<CommitteeFollowUp>(await new VotingApi(service).Anonymous.GetAsync($"/api/processes/{id}/committee"))).Sessions.Single();
        await Expect(committeeTab.Page.Locator("[data-members-from]")).ToHaveTextAsync(
            "Se llenaron con los integrantes de la primera sesión ordinaria, como sugerencia: borre el nombre de quien no asistió a esta, y el quórum se cuenta con quienes queden.");
        for (var i = 0; i < first.Members.Count; i++)
        {
            var member = committeeTab.Page.GetByRole(AriaRole.Group, new() { Name = $"Integrante {i + 1}", Exact = true });
            await Expect(member.GetByLabel("Cargo")).ToHaveValueAsync(first.Members[i].Role);
            await Expect(member.GetByLabel("Nombre")).ToHaveValueAsync(first.Members[i].Name);
        }
        await committeeTab.AxeAsync("consola comité en el teléfono", output);
    }

    /// <summary>
    /// After the vote the console's page of the process showed the convenio form and then nothing: a signed convenio
    /// and every progress report were only on the public page, so staff filled the next report blind (a lower figure
    /// than the last one is refused, and the refusal quoted a number the page never showed).
    /// </summary>
    [Fact]
    public async Task after_the_vote_staff_see_the_signed_convenio_and_every_progress_report_they_recorded()
    {
        var id = await ProcessAtTheConvenioAsync();

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/procesos/{id}");

        var sha = new string('a', 64);
        var party1 = page.GetByRole(AriaRole.Group, new() { Name = "Parte 1" });
        await party1.GetByLabel("Nombre").FillAsync("Municipio de Querétaro");
        await party1.GetByLabel("Carácter con que firma").FillAsync("Ejecuta la obra");
        var party2 = page.GetByRole(AriaRole.Group, new() { Name = "Parte 2" });
        await party2.GetByLabel("Nombre").FillAsync("IEEQ");
        await party2.GetByLabel("Carácter con que firma").FillAsync("Certificó el cómputo");
        // The 2020 convenio had five parties; the form draws three and adds one more at a time.
        var parties = new[] { ("Delegación Félix Osores Sotomayor", "Representa a los habitantes"),
            ("Delegación Felipe Carrillo Puerto", "Representa a los habitantes"), ("Infoqro", "Testigo") };
        var addParty = Button(page, "Agregar otra parte");
        await addParty.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Parte 4" }).GetByLabel("Nombre")).ToBeFocusedAsync();
        await addParty.ClickAsync();
        for (var i = 0; i < parties.Length; i++)
        {
            var party = page.GetByRole(AriaRole.Group, new() { Name = $"Parte {i + 3}" });
            await Expect(party.GetByLabel("Nombre")).ToBeEmptyAsync();
            await party.GetByLabel("Nombre").FillAsync(parties[i].Item1);
            await party.GetByLabel("Carácter con que firma").FillAsync(parties[i].Item2);
        }
        // A reload (a phone that dropped the tab) brings back the rows added, with what was typed into them.
        await page.ReloadAsync();
        await Expect(page.Locator(".draft-note")).ToHaveTextAsync(
            "Se recuperó lo que había escrito en este formulario antes de recargar la página: aún no se ha registrado. Revíselo y envíelo.");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Parte 4" }).GetByLabel("Nombre")).ToHaveValueAsync("Delegación Felipe Carrillo Puerto");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Parte 5" }).GetByLabel("Carácter con que firma")).ToHaveValueAsync("Testigo");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Parte 6" })).ToHaveCountAsync(0);
        await Expect(party2.GetByLabel("Nombre")).ToHaveValueAsync("IEEQ");
        await tab.AxeAsync("consola convenio con partes agregadas", output);
        await page.GetByLabel("Título del documento").FillAsync("Convenio de colaboración de prueba");
        await page.GetByLabel("Huella SHA-256 del documento firmado").FillAsync(sha);
        // The signature is recorded once: one click does not do it, the box must be ticked; what was typed stays.
        await Button(page, "Registrar la firma del convenio").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme que los datos son los del convenio firmado");
        await Expect(page.GetByLabel("Huella SHA-256 del documento firmado")).ToHaveValueAsync(sha);
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Parte 5" }).GetByLabel("Nombre")).ToHaveValueAsync("Infoqro");
        await page.GetByLabel("Los datos son los del convenio firmado").CheckAsync();
        await Button(page, "Registrar la firma del convenio").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se registró la firma del convenio.");
        var convenio = page.Locator("[data-convenio]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Convenio firmado" })).ToBeVisibleAsync();
        await Expect(convenio).ToContainTextAsync("Convenio de colaboración de prueba");
        await Expect(convenio).ToContainTextAsync("IEEQ, Certificó el cómputo");
        await Expect(convenio).ToContainTextAsync("(hora del centro de México)"); // when it was recorded, with its clock
        await Expect(convenio.Locator("li")).ToHaveCountAsync(5);
        await Expect(convenio.Locator("li").Last).ToHaveTextAsync("Infoqro, Testigo");
        await Expect(convenio.Locator("code.hash")).ToHaveTextAsync(sha);

        var reports = page.GetByRole(AriaRole.Region, new() { Name = "Informes de avance registrados (tabla desplazable)" });
        await Expect(reports).ToHaveCountAsync(0);
        await page.GetByLabel("Avance (%)").FillAsync("35");
        await page.GetByLabel("Gasto acumulado (pesos)").FillAsync("300,000");
        var evidence = page.GetByRole(AriaRole.Group, new() { Name = "Evidencia 1" });
        await evidence.GetByLabel("Descripción").FillAsync("Bitácora de obra firmada");
        await evidence.GetByLabel("Liga https").FillAsync("https://example.org/bitacora.pdf");
        await Button(page, "Registrar el informe").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme las cifras del informe");
        await Expect(reports).ToHaveCountAsync(0);
        await page.GetByLabel("Las cifras son las de este informe").CheckAsync();
        await Button(page, "Registrar el informe").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se registró el informe de avance de la obra.");
        await Expect(page.Locator("[data-work-progress]")).ToContainTextAsync("Último informe: 35\u00a0% de avance; gasto acumulado $300,000 MXN de $900,000 MXN");
        await Expect(reports.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Bitácora de obra firmada");
        await Expect(reports.GetByRole(AriaRole.Link, new() { Name = "Bitácora de obra firmada" })).ToHaveAttributeAsync("href", "https://example.org/bitacora.pdf");
        await tab.AxeAsync("consola proceso con convenio e informes", output);

        // A lower figure than the last report is refused; the page shows the figure the refusal quotes.
        await page.GetByLabel("Avance (%)").FillAsync("20");
        await page.GetByLabel("Gasto acumulado (pesos)").FillAsync("300,000");
        await page.GetByRole(AriaRole.Group, new() { Name = "Evidencia 1" }).GetByLabel("Descripción").FillAsync("Fotografías");
        await page.GetByRole(AriaRole.Group, new() { Name = "Evidencia 1" }).GetByLabel("Liga https").FillAsync("https://example.org/fotos.pdf");
        await page.GetByLabel("Las cifras son las de este informe").CheckAsync();
        await Button(page, "Registrar el informe").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El último informe reportó 35\u00a0% de avance");
        await Expect(page.Locator("[data-work-progress]")).ToContainTextAsync("Último informe: 35\u00a0%");
        await Expect(reports.GetByRole(AriaRole.Row)).ToHaveCountAsync(2); // the header and the one report

        await using var phone = await chromium.PhoneAsync(service);
        await ConsoleAccounts.SignInAsync(phone.Page, service, staff);
        await phone.Page.GotoAsync($"/consola/procesos/{id}");
        var overflow = await phone.OverflowAsync();
        Assert.True(overflow is null, $"The process page with its convenio and reports scrolls sideways on a phone: {overflow}");
    }

    [Fact]
    public async Task staff_correct_a_mistyped_report_and_residents_see_what_it_said_before()
    {
        var id = await ProcessAtTheConvenioAsync();
        var api = new VotingApi(service);
        var day = new ProcessApi(api).Today;
        await VotingApi.Expect(await api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress", new GobiernoAbierto.WorkProgress.ReportWorkProgress(
            day, 80, 300_000m, [new Evidence("Bitácora de obra", null, "https://example.org/bitacora.pdf")], "Cimentación."), VotingApi.Json),
            HttpStatusCode.OK);

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/procesos/{id}");
        var reports = page.GetByRole(AriaRole.Region, new() { Name = "Informes de avance registrados (tabla desplazable)" });
        await reports.GetByRole(AriaRole.Link, new() { Name = "Corregir el informe 1" }).ClickAsync();

        // The form opens on what the report says now.
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Corregir el informe 1" });
        await Expect(form.GetByLabel("Avance (%)")).ToHaveValueAsync("80");
        await Expect(form.GetByLabel("Gasto acumulado (pesos)")).ToHaveValueAsync("300,000");
        await Expect(form.GetByRole(AriaRole.Group, new() { Name = "Evidencia 1 del informe corregido" }).GetByLabel("Descripción")).ToHaveValueAsync("Bitácora de obra");
        await Expect(form.GetByLabel("Notas")).ToHaveValueAsync("Cimentación.");
        await tab.AxeAsync("consola proceso, corregir un informe", output);

        // Without a reason nothing is written, and what was typed stays.
        await form.GetByLabel("Avance (%)").FillAsync("30");
        await Button(page, "Corregir el informe 1").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Explique el motivo de la corrección");
        await Expect(form.GetByLabel("Avance (%)")).ToHaveValueAsync("30");
        await Expect(reports.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("80\u00a0%");

        await form.GetByLabel("Notas").FillAsync("Cimentación y muros.");
        await form.GetByLabel("Motivo de la corrección (se publica)").FillAsync("Se capturó 80 en lugar de 30.");
        var sent = await page.RunAndWaitForRequestAsync(() => Button(page, "Corregir el informe 1").ClickAsync(), r => r.Method == "POST");
        await Expect(Status(page)).ToContainTextAsync("Se corrigió el informe de avance 1");
        // The same form arriving twice (its first answer lost on the way) is this person's own correction, not a colleague's.
        var again = await page.APIRequest.PostAsync(sent.Url, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = sent.Headers["content-type"] },
            DataString = sent.PostData,
            MaxRedirects = 0,
        });
        Assert.DoesNotContain("cambió mientras lo corregía", await again.TextAsync());
        await Expect(page.Locator("[data-work-progress]")).ToContainTextAsync("Último informe: 30\u00a0% de avance");
        var row = reports.GetByRole(AriaRole.Row).Nth(1);
        await Expect(row).ToContainTextAsync("30\u00a0%");
        // A reason that ends with its own full stop ends the sentence: «…30.», never «…30.».
        await Expect(row.Locator("[data-corrections]")).ToContainTextAsync($"«Se capturó 80 en lugar de 30.» Decía: {day:dd/MM/yyyy}, 80\u00a0%, $300,000 MXN.");
        await Expect(row.Locator("[data-corrections]")).ToContainTextAsync("Notas: «Cimentación.»");
        await Expect(row.Locator("[data-corrections]")).Not.ToContainTextAsync(".».");
        await Expect(row.Locator("[data-corrections]")).Not.ToContainTextAsync("Evidencias:"); // the evidence did not change
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Corregir el informe 1" })).ToHaveCountAsync(0);
        await tab.AxeAsync("consola proceso con un informe corregido", output);

        // A correction past what the rules allow is refused on the page with the rule's words.
        await page.GotoAsync($"/consola/procesos/{id}?corregir=1");
        await form.GetByLabel("Motivo de la corrección (se publica)").FillAsync("Reenvío.");
        await Button(page, "Corregir el informe 1").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El informe 1 ya dice exactamente eso.");
        await form.GetByLabel("Avance (%)").FillAsync("130");
        await Button(page, "Corregir el informe 1").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).GetByText("El avance es un porcentaje de 0 a 100.")).ToHaveCountAsync(1); // said once, not per validator
        await Expect(form.GetByLabel("Avance (%)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.GetByLabel("Motivo de la corrección (se publica)")).ToHaveValueAsync("Reenvío.");

        // Opened by mistake, the form closes without writing anything.
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancelar la corrección" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Corregir el informe 1" })).ToHaveCountAsync(0);
        await Expect(reports.GetByRole(AriaRole.Row).Nth(1).Locator("[data-corrections] li")).ToHaveCountAsync(1);

        // A colleague corrects the report while this page's form is open: what this form sends is refused, not published
        // over the colleague's with a «Decía» the person never saw (an outside tester's).
        await page.GotoAsync($"/consola/procesos/{id}?corregir=1");
        await form.GetByLabel("Avance (%)").FillAsync("35");
        await form.GetByLabel("Motivo de la corrección (se publica)").FillAsync("Era 35.");
        await VotingApi.Expect(await api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress/1/corrections", new GobiernoAbierto.WorkProgress.CorrectWorkProgress(
            new GobiernoAbierto.WorkProgress.ReportWorkProgress(day, 30, 300_000m, [new Evidence("Bitácora de obra", null, "https://example.org/bitacora.pdf")], "Cimentación, muros y losa."),
            "Faltaba la losa (otra persona)."), VotingApi.Json), HttpStatusCode.OK);
        await Button(page, "Corregir el informe 1").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El informe cambió mientras lo corregía");
        await Expect(reports.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("30\u00a0%");
        await Expect(reports.GetByRole(AriaRole.Row).Nth(1).Locator("[data-corrections] li")).ToHaveCountAsync(2);
        // When it was corrected says its clock, as every time staff read (a reviewer).
        await Expect(reports.GetByRole(AriaRole.Row).Nth(1).Locator("[data-corrections] li").First).ToContainTextAsync("(hora del centro de México): «");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancelar la corrección" }).ClickAsync();

        // A mangled link opens no form and says nothing went wrong.
        await page.GotoAsync($"/consola/procesos/{id}?corregir=uno");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avance de la obra" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Corregir el informe 1" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        // Residents see the corrected figures and, under them, what the report said and why it changed.
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/proceso.html?proceso={id}");
        await Expect(phone.Page.Locator("#avance")).ToContainTextAsync("30 % de avance de la obra");
        await Expect(phone.Page.Locator("#avance .corrections")).ToContainTextAsync(
            // A quoted sentence's own period goes after the «» (it was «…30.».), as Spanish writes it.
            $"corrigió este informe: «Se capturó 80 en lugar de 30». Decía: {day:dd/MM/yyyy}, 80 % de avance, gasto acumulado $300,000 MXN. Notas: «Cimentación».");
        await Expect(phone.Page.Locator("#avance .corrections li").First).ToContainTextAsync("(hora del centro de México)");
        var overflow = await phone.OverflowAsync();
        Assert.True(overflow is null, $"The process page with a corrected report scrolls sideways on a phone: {overflow}");
        await phone.AxeAsync("proceso con un informe corregido (teléfono)", output);
    }

    /// <summary>
    /// A spend over the budget is recorded (works do cost more than estimated), with its reason in the notes, and both the
    /// console and the public page say so in words: the bar stops at 100 % (an outside tester recorded 222,222 % unseen).
    /// </summary>
    [Fact]
    public async Task a_report_over_the_budget_says_why_and_the_pages_say_it_is_over()
    {
        var id = await ProcessAtTheConvenioAsync();
        var api = new VotingApi(service);
        var process = new ProcessApi(api);
        var budget = (await VotingApi.Read<GobiernoAbierto.WorkProgress.ChosenWorkProgress>(await api.Anonymous.GetAsync($"/api/processes/{id}/work-progress"))).Budget!.Value;
        // One peso over: the page's rounded share reads «100 %», and it is over all the same.
        GobiernoAbierto.WorkProgress.ReportWorkProgress Report(string notes) => new(process.Today, 90, budget + 1m,
            [new Evidence("Convenio modificatorio", null, "https://example.org/modificatorio.pdf")], notes);

        var refused = await VotingApi.ExpectProblem(await api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress", Report("  "), VotingApi.Json),
            HttpStatusCode.UnprocessableEntity, "over_budget_without_explanation");
        Assert.Contains("explique en las notas del informe por qué", refused.GetProperty("detail").GetString());
        await VotingApi.Expect(await api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress",
            Report("Convenio modificatorio por la reubicación de la red de drenaje."), VotingApi.Json), HttpStatusCode.OK);

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);
        await tab.Page.GotoAsync($"/consola/procesos/{id}");
        await Expect(tab.Page.Locator("[data-over-budget]")).ToContainTextAsync("El gasto acumulado supera el presupuesto en $1 MXN");
        await tab.AxeAsync("consola proceso con el gasto por encima del presupuesto", output);

        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/proceso.html?proceso={id}");
        await Expect(phone.Page.Locator("#avance [data-over-budget]")).ToHaveTextAsync("El gasto acumulado supera el presupuesto en $1\u00a0MXN.");
        await Expect(phone.Page.Locator("#avance")).ToContainTextAsync("Convenio modificatorio por la reubicación de la red de drenaje.");
        await phone.AxeAsync("proceso con el gasto por encima del presupuesto (teléfono)", output);
    }

    /// <summary>
    /// The same share of the budget read one way on the console and another on the public page (the console with the
    /// server's locale, «1234.5 %»; the page «1,234.5 %»): both now show the service's one label (Percent.Format).
    /// </summary>
    [Fact]
    public async Task the_console_and_the_public_page_write_the_share_of_the_budget_alike()
    {
        var id = await ProcessAtTheConvenioAsync();
        var api = new VotingApi(service);
        var process = new ProcessApi(api);
        var budget = (await VotingApi.Read<GobiernoAbierto.WorkProgress.ChosenWorkProgress>(await api.Anonymous.GetAsync($"/api/processes/{id}/work-progress"))).Budget!.Value;
        await VotingApi.Expect(await api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress",
            new GobiernoAbierto.WorkProgress.ReportWorkProgress(process.Today, 90, budget * 12.345m,
                [new Evidence("Convenio modificatorio", null, "https://example.org/modificatorio.pdf")], "Ampliación del contrato."), VotingApi.Json),
            HttpStatusCode.OK);

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);
        await tab.Page.GotoAsync($"/consola/procesos/{id}");
        await Expect(tab.Page.Locator("[data-work-progress]")).ToContainTextAsync("(1,234.5\u00a0% del presupuesto)");

        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/proceso.html?proceso={id}");
        await Expect(phone.Page.Locator("#gasto-obra")).ToContainTextAsync("(1,234.5\u00a0%)");
        await Expect(phone.Page.GetByRole(AriaRole.Progressbar, new() { Name = "Gasto acumulado" })).ToHaveAttributeAsync("aria-valuetext", "1,234.5\u00a0% del presupuesto ejercido");
    }

    /// <summary>
    /// A rule that refuses a date or a figure after the vote (a convenio dated before the publication, a report with less
    /// progress than the last, a session without quorum) marks the field to fix, not only the top of the page: the date,
    /// the percentage and the members present each said only at the top, where a person had to guess which field it meant.
    /// </summary>
    [Fact]
    public async Task a_rule_refusing_a_date_or_a_figure_after_the_vote_marks_the_field_it_is_about()
    {
        var id = await ProcessAtTheConvenioAsync();
        var api = new VotingApi(service);
        var processes = new ProcessApi(api);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/procesos/{id}");

        // The convenio dated the day before the chosen project was published.
        await page.GetByLabel("Fecha de firma").FillAsync(processes.Today.AddDays(-1).ToString("yyyy-MM-dd"));
        var party1 = page.GetByRole(AriaRole.Group, new() { Name = "Parte 1" });
        await party1.GetByLabel("Nombre").FillAsync("Municipio de Querétaro");
        await party1.GetByLabel("Carácter con que firma").FillAsync("Municipio");
        var party2 = page.GetByRole(AriaRole.Group, new() { Name = "Parte 2" });
        await party2.GetByLabel("Nombre").FillAsync("IEEQ");
        await party2.GetByLabel("Carácter con que firma").FillAsync("Instituto electoral");
        await page.GetByLabel("Título del documento").FillAsync("Convenio de colaboración de prueba");
        await page.GetByLabel("Huella SHA-256 del documento firmado").FillAsync(new string('a', 64));
        await page.GetByLabel("Los datos son los del convenio firmado").CheckAsync();
        await Button(page, "Registrar la firma del convenio").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Firma anterior a la publicación.");
        await Expect(page.GetByLabel("Fecha de firma")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator(".field:has(#Convenio_SignedOn)")).ToContainTextAsync("el convenio se firma para la obra ya elegida");
        await Expect(page.GetByLabel("Título del documento")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("consola convenio con la fecha anterior a la publicación", output);

        // A report with less progress than the last one.
        await VotingApi.Expect(await processes.SignConvenioAsync(id), HttpStatusCode.OK);
        await VotingApi.Expect(await api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress", new GobiernoAbierto.WorkProgress.ReportWorkProgress(
            processes.Today, 40, 300_000m, [new Evidence("Bitácora de obra", null, "https://example.org/bitacora.pdf")], "Cimentación."), VotingApi.Json),
            HttpStatusCode.OK);
        await page.GotoAsync($"/consola/procesos/{id}");
        var report = page.Locator("form").Filter(new() { Has = Button(page, "Registrar el informe") });
        await report.GetByLabel("Avance (%)").FillAsync("30");
        await report.GetByLabel("Gasto acumulado (pesos)").FillAsync("350,000");
        await report.GetByRole(AriaRole.Group, new() { Name = "Evidencia 1" }).GetByLabel("Descripción").FillAsync("Fotografías");
        await report.GetByRole(AriaRole.Group, new() { Name = "Evidencia 1" }).GetByLabel("Liga https").FillAsync("https://example.org/fotos.pdf");
        await page.GetByLabel("Las cifras son las de este informe").CheckAsync();
        await Button(page, "Registrar el informe").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Avance menor al anterior.");
        await Expect(report.GetByLabel("Avance (%)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(report.GetByLabel("Gasto acumulado (pesos)")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("consola informe con menos avance que el anterior", output);

        // A session recorded without the Secretaria Técnica.
        await processes.AdvancedAsync(id, Stage.FirstCommitteeSession);
        var secretary = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Committee);
        await using var committee = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(committee.Page, service, secretary);
        var desk = committee.Page;
        await desk.GotoAsync($"/consola/procesos/{id}/comite");
        var member = desk.GetByRole(AriaRole.Group, new() { Name = "Integrante 1" });
        await member.GetByLabel("Cargo").SelectOptionAsync("Presidente");
        await member.GetByLabel("Nombre").FillAsync("Presidenta Municipal");
        var point = desk.GetByRole(AriaRole.Group, new() { Name = "Punto 1" });
        await point.GetByLabel("Eje").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await point.GetByLabel("Tema").FillAsync("Instalación del Comité");
        await desk.GetByLabel("Minuta").FillAsync("Se instaló el Comité.");
        await desk.GetByLabel("Los datos son los de la sesión celebrada").CheckAsync();
        await Button(desk, "Registrar la sesión").ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Alert)).ToContainTextAsync("Sin quórum.");
        await Expect(desk.Locator("#Form_Members")).ToHaveClassAsync("has-error");
        await Expect(desk.Locator("#Form_Members .field-error")).ToContainTextAsync("válida con la presencia del Presidente y de la Secretaria Técnica");
        await committee.AxeAsync("consola comité con una sesión sin quórum", output);
    }

    private static async Task StudyAsync(IPage page)
    {
        foreach (var dimension in new[] { "técnica", "legal", "presupuestal" })
            await page.GetByRole(AriaRole.Group, new() { Name = $"Viabilidad {dimension}" }).GetByLabel("¿Es viable?").SelectOptionAsync(new SelectOptionValue { Label = "Sí" });
        await page.GetByLabel("Costo estimado (pesos)").FillAsync("900,000");
        await page.GetByLabel("Dictamen").SelectOptionAsync(new SelectOptionValue { Label = "Viable" });
        await page.GetByLabel("Motivos").FillAsync("Cumple con la normatividad y cabe en el presupuesto.");
        await Button(page, "Registrar el estudio").ClickAsync();
    }

    /// <summary>
    /// The console showed each agreement's status only: a cancelled one read «Cancelado» with no reason, which the
    /// residents' page gave. Staff read every step of each agreement (its session, status and note), and each session
    /// says how it left the agreements it followed up.
    /// </summary>
    [Fact]
    public async Task staff_read_each_agreements_follow_up_and_a_cancellations_reason_on_the_committees_console()
    {
        var id = await ProcessAtTheConvenioAsync();
        var process = new ProcessApi(new VotingApi(service));
        await VotingApi.Expect(await process.SignConvenioAsync(id), HttpStatusCode.OK);
        var signed = process.Today;
        using var monthsOn = service.Clock.RunAhead(TimeSpan.FromDays(60));
        await process.AdvancedAsync(id, Stage.FirstCommitteeSession);
        await VotingApi.Expect(await process.RecordSessionAsync(id, process.Session(1) with { HeldOn = signed.AddDays(10) }), HttpStatusCode.OK);
        await process.AdvancedAsync(id, Stage.SecondCommitteeSession);
        await VotingApi.Expect(await process.RecordSessionAsync(id, process.Session(2,
            [new AgreementUpdate("ACU-1-01", AgreementStatus.InProgress, "Se publicó el primer informe.")]) with { HeldOn = signed.AddDays(20) }),
            HttpStatusCode.OK);
        await process.AdvancedAsync(id, Stage.ThirdCommitteeSession);
        await VotingApi.Expect(await process.RecordSessionAsync(id, process.Session(3,
        [
            new AgreementUpdate("ACU-1-01", AgreementStatus.Done, "Se publicó el informe final."),
            new AgreementUpdate("ACU-2-01", AgreementStatus.Cancelled, "Lo sustituye el acuerdo ACU-3-01."),
        ]) with { HeldOn = signed.AddDays(30) }), HttpStatusCode.OK);

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/procesos/{id}/comite");
        var agreements = page.GetByRole(AriaRole.Table, new() { Name = "Acuerdos del Comité" });
        await Expect(agreements.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(["Acuerdo", "Responsable", "Fecha compromiso", "Estado", "Seguimiento"]);
        await Expect(page.Locator("[data-agreement='ACU-2-01'] td").Nth(3)).ToHaveTextAsync("Cancelado");
        await Expect(page.Locator("[data-agreement='ACU-2-01'] [data-history] li")).ToHaveTextAsync([
            $"{signed.AddDays(20):dd/MM/yyyy} · Segunda sesión ordinaria: Pendiente · Acuerdo tomado en sesión.",
            $"{signed.AddDays(30):dd/MM/yyyy} · Tercera sesión ordinaria: Cancelado · Lo sustituye el acuerdo ACU-3-01."]);
        await Expect(page.Locator("[data-agreement='ACU-1-01'] [data-history] li")).ToHaveTextAsync([
            $"{signed.AddDays(10):dd/MM/yyyy} · Primera sesión ordinaria: Pendiente · Acuerdo tomado en sesión.",
            $"{signed.AddDays(20):dd/MM/yyyy} · Segunda sesión ordinaria: En proceso · Se publicó el primer informe.",
            $"{signed.AddDays(30):dd/MM/yyyy} · Tercera sesión ordinaria: Cumplido · Se publicó el informe final."]);
        await Expect(page.Locator("[data-agreement='ACU-1-01'] [data-history] li time").First)
            .ToHaveAttributeAsync("datetime", signed.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        // Each session says what it did with the agreements it followed up; the first had none to follow up.
        await Expect(page.Locator("[data-session='1'] [data-session-follow-up]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-session='2'] [data-session-follow-up] li")).ToHaveTextAsync([
            "ACU-1-01: Publicar el avance de la obra (sesión 1) — En proceso · Se publicó el primer informe."]);
        await Expect(page.Locator("[data-session='3'] [data-session-follow-up] li")).ToHaveTextAsync([
            "ACU-1-01: Publicar el avance de la obra (sesión 1) — Cumplido · Se publicó el informe final.",
            "ACU-2-01: Publicar el avance de la obra (sesión 2) — Cancelado · Lo sustituye el acuerdo ACU-3-01."]);
        await tab.AxeAsync("consola comité con el seguimiento de los acuerdos", output);

        // On a phone each agreement is a card with its steps under it, not a table scrolled sideways.
        await using var phone = await chromium.SmallPhoneAsync(service);
        await ConsoleAccounts.SignInAsync(phone.Page, service, staff);
        await phone.Page.GotoAsync($"/consola/procesos/{id}/comite");
        var steps = phone.Page.Locator("[data-agreement='ACU-2-01'] [data-history]");
        await Expect(steps).ToContainTextAsync("Lo sustituye el acuerdo ACU-3-01.");
        var box = await steps.BoundingBoxAsync();
        Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= phone.Page.ViewportSize!.Width,
            $"ACU-2-01's follow-up is not on a {phone.Page.ViewportSize!.Width} px screen: {box?.X} + {box?.Width}");
        var overflow = await phone.OverflowAsync();
        Assert.True(overflow is null, $"the committee's console scrolls sideways on a phone: {overflow}");
        await phone.AxeAsync("consola comité con el seguimiento de los acuerdos, en un teléfono", output);
    }

    /// <summary>
    /// An outside tester typed a follow-up note for an open agreement and left its status on «Elija…»: the session was
    /// recorded without it, and a session's record cannot be corrected. A new agreement's row with only its axis and date
    /// was dropped the same way. Both are now said beside the row, and nothing is recorded.
    /// </summary>
    [Fact]
    public async Task a_note_without_its_status_or_an_agreement_row_half_filled_is_asked_for_not_dropped()
    {
        var processes = new ProcessApi(new VotingApi(service));
        var id = await ProcessAtTheConvenioAsync();
        await VotingApi.Expect(await processes.SignConvenioAsync(id), HttpStatusCode.OK);
        await processes.AdvancedAsync(id, Stage.FirstCommitteeSession);
        await VotingApi.Expect(await processes.RecordSessionAsync(id, processes.Session(1, [])), HttpStatusCode.OK);
        await processes.AdvancedAsync(id, Stage.SecondCommitteeSession);
        var secretary = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Committee);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, secretary);
        await page.GotoAsync($"/consola/procesos/{id}/comite");

        var followed = page.GetByRole(AriaRole.Group, new() { Name = "ACU-1-01" });
        await followed.GetByLabel("Nota").FillAsync("Se enviaron 12 invitaciones a organizaciones.");
        var half = page.GetByRole(AriaRole.Group, new() { Name = "Acuerdo nuevo 1" });
        await half.GetByLabel("Eje").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Los datos son los de la sesión celebrada").CheckAsync();
        await Button(page, "Registrar la sesión").ClickAsync();

        await Expect(followed.GetByLabel("Estado")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(followed).ToContainTextAsync("Elija el estado del acuerdo ACU-1-01, o borre su nota");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba el texto del acuerdo.");
        await Expect(followed.GetByLabel("Nota")).ToHaveValueAsync("Se enviaron 12 invitaciones a organizaciones.");
        var followUp = await VotingApi.Read<CommitteeFollowUp>(await new VotingApi(service).Anonymous.GetAsync($"/api/processes/{id}/committee"));
        Assert.Single(followUp.Sessions); // nothing recorded
    }

    /// <summary>Residents read «En proceso» and then «Pendiente»: going back is explained, and the page says so beside the note.</summary>
    [Fact]
    public async Task an_agreement_in_progress_sent_back_to_pending_asks_for_its_note_beside_it()
    {
        var processes = new ProcessApi(new VotingApi(service));
        var id = await ProcessAtTheConvenioAsync();
        await VotingApi.Expect(await processes.SignConvenioAsync(id), HttpStatusCode.OK);
        await processes.AdvancedAsync(id, Stage.FirstCommitteeSession);
        await VotingApi.Expect(await processes.RecordSessionAsync(id, processes.Session(1, [])), HttpStatusCode.OK);
        await processes.AdvancedAsync(id, Stage.SecondCommitteeSession);
        await VotingApi.Expect(await processes.RecordSessionAsync(id,
            processes.Session(2, [new AgreementUpdate("ACU-1-01", AgreementStatus.InProgress, "Se enviaron las invitaciones.")])), HttpStatusCode.OK);
        await processes.AdvancedAsync(id, Stage.ThirdCommitteeSession);
        var secretary = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Committee);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, secretary);
        await page.GotoAsync($"/consola/procesos/{id}/comite");

        var point = page.GetByRole(AriaRole.Group, new() { Name = "Punto 1" });
        await point.GetByLabel("Eje").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await point.GetByLabel("Tema").FillAsync("Avance de la obra");
        await page.GetByLabel("Minuta").FillAsync("Se revisó el avance.");
        var followed = page.GetByRole(AriaRole.Group, new() { Name = "ACU-1-01" });
        // Said before it is sent: where the agreement stands, and that going back takes a note as a cancellation does.
        await Expect(followed.GetByText("Ahora: En proceso. Sin elegir, esta sesión no registra seguimiento del acuerdo.")).ToBeVisibleAsync();
        await Expect(followed.GetByText("Obligatoria si se cancela o si regresa a «Pendiente» (por qué), o si sigue «En proceso» (lo que se informó).")).ToBeVisibleAsync();
        // The status it has, with nothing said, is no follow-up: the note is asked for beside it too.
        await followed.GetByLabel("Estado").SelectOptionAsync(new SelectOptionValue { Label = "En proceso" });
        await page.GetByLabel("Los datos son los de la sesión celebrada").CheckAsync();
        await Button(page, "Registrar la sesión").ClickAsync();
        await Expect(followed.GetByLabel("Nota")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(followed).ToContainTextAsync("El acuerdo ACU-1-01 ya está «En proceso»: si la sesión no lo cambió, quítelo del seguimiento, o escriba en la nota lo que se informó de él.");
        await followed.GetByLabel("Estado").SelectOptionAsync(new SelectOptionValue { Label = "Pendiente" });
        await page.GetByLabel("Los datos son los de la sesión celebrada").CheckAsync();
        await Button(page, "Registrar la sesión").ClickAsync();

        await Expect(followed.GetByLabel("Nota")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(followed).ToContainTextAsync("El acuerdo ACU-1-01 estaba en proceso: para regresarlo a pendiente, escriba en la nota por qué.");
        var followUp = await VotingApi.Read<CommitteeFollowUp>(await new VotingApi(service).Anonymous.GetAsync($"/api/processes/{id}/committee"));
        Assert.Equal(2, followUp.Sessions.Count); // nothing recorded

        await followed.GetByLabel("Nota").FillAsync("La obra se suspendió por lluvias.");
        await page.GetByLabel("Los datos son los de la sesión celebrada").CheckAsync();
        await Button(page, "Registrar la sesión").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Se registró la sesión ordinaria 3.");

        // Still pending, with what the next session heard of it: both histories read a note, not a second «Pendiente».
        await processes.AdvancedAsync(id, Stage.FourthCommitteeSession);
        await VotingApi.Expect(await processes.RecordSessionAsync(id,
            processes.Session(4, [new AgreementUpdate("ACU-1-01", AgreementStatus.Pending, "La obra sigue suspendida.")])), HttpStatusCode.OK);
        await page.GotoAsync($"/consola/procesos/{id}/comite");
        await Expect(page.Locator("[data-agreement='ACU-1-01'] [data-history] li").Last).ToContainTextAsync(": Sigue pendiente · La obra sigue suspendida.");
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/proceso.html?proceso={id}");
        await Expect(phone.Page.Locator("#acuerdo-ACU-1-01 .history li").Last).ToContainTextAsync("Sesión 4: Sigue pendiente · La obra sigue suspendida.");
    }

    [Fact]
    public async Task the_committee_records_each_session_in_its_stage_and_the_rules_answer_on_the_page()
    {
        var processes = new ProcessApi(new VotingApi(service));
        var early = await processes.StartAsync();
        var id = await ProcessAtTheConvenioAsync();
        await VotingApi.Expect(await processes.SignConvenioAsync(id), HttpStatusCode.OK);
        await processes.AdvancedAsync(id, Stage.FirstCommitteeSession);
        var title = (await VotingApi.Read<ProcessTimeline>(await new VotingApi(service).Anonymous.GetAsync($"/api/processes/{id}"))).Title;
        var secretary = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Committee);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, secretary);

        // At the work tables there is nothing to record yet: no form whose every submission would be refused, but why.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Consola" }).GetByRole(AriaRole.Link, new() { Name = "Plan de Acción" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = early.Title }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Comité de Gobierno Abierto" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registrar una sesión ordinaria" })).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-no-session]")).ToHaveTextAsync(
            "Las sesiones del Comité se registran a partir de la etapa «Primera sesión ordinaria del Comité de Gobierno Abierto»; " +
            "el proceso está en la etapa «Primera mesa de trabajo».");
        // Its way back leads where it can go (the process's page is staff's: it bounced to the console's home).
        await page.GetByRole(AriaRole.Link, new() { Name = "← Procesos del Plan de Acción" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/consola/procesos$"));
        // Staff's form sent by hand (the page offers none to the committee) gets the console's page for another role, not
        // the API's JSON problem.
        await page.EvaluateAsync(@"() => {
            const form = Object.assign(document.createElement('form'), { method: 'post', action: '/consola/procesos' });
            form.append(document.querySelector('input[name=__RequestVerificationToken]').cloneNode());
            document.body.append(form);
            form.submit();
        }");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Esta página es para otro rol" })).ToBeVisibleAsync();
        await page.GotoAsync("/consola");
        await Expect(page.Locator(".tile")).ToHaveTextAsync(["Comité de Gobierno Abierto Registrar las sesiones de seguimiento de cada proceso y el estado de sus acuerdos."]);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Consola" }).GetByRole(AriaRole.Link, new() { Name = "Plan de Acción" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(page.GetByLabel("Número de sesión")).ToHaveValueAsync("1");
        await Expect(page.GetByLabel("Número de sesión").Locator("option")).ToHaveCountAsync(2); // «Elija…» and the first session only
        await tab.AxeAsync("consola comité", output);

        // Nothing filled in: every field the rules need is named, at the top and beside it.
        await Button(page, "Registrar la sesión").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Revise los datos marcados");
        await Expect(page.Locator("#Form_Minutes")).ToHaveAttributeAsync("aria-invalid", "true");
        // Focus starts on that list (not at the top of the page), so a screen reader reads it and Tab reaches its links.
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link).First).ToBeFocusedAsync();

        var members = page.GetByRole(AriaRole.Group, new() { Name = "Integrante 1" });
        await members.GetByLabel("Cargo").SelectOptionAsync("Presidente");
        await members.GetByLabel("Nombre").FillAsync("Presidenta Municipal");
        var second = page.GetByRole(AriaRole.Group, new() { Name = "Integrante 2" });
        await second.GetByLabel("Cargo").SelectOptionAsync("Secretaria Técnica");
        await second.GetByLabel("Nombre").FillAsync("Secretaria de prueba");
        var point = page.GetByRole(AriaRole.Group, new() { Name = "Punto 1" });
        await point.GetByLabel("Eje").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await point.GetByLabel("Tema").FillAsync("Instalación del Comité");
        await page.GetByLabel("Minuta").FillAsync("Se instaló el Comité.");
        // Four rows of agreements are drawn; a fifth is added. Its eje left unchosen is said beside it, not as «Eje desconocido».
        await Button(page, "Agregar otro acuerdo").ClickAsync();
        var fifth = page.GetByRole(AriaRole.Group, new() { Name = "Acuerdo nuevo 5" });
        await Expect(fifth.GetByLabel("Acuerdo")).ToBeFocusedAsync();
        await fifth.GetByLabel("Acuerdo").FillAsync("Publicar la minuta en el portal");
        await fifth.GetByLabel("Responsable").FillAsync("Secretaría Técnica");
        // A due date before the session (a year mistyped) is said beside it too, with the row's number as the form gives it.
        await fifth.GetByLabel("Fecha compromiso").FillAsync("2020-01-01");
        // A session's record cannot be corrected: one click does not file it, the box must be ticked; nothing typed is lost.
        await Button(page, "Registrar la sesión").ClickAsync();
        await Expect(fifth.GetByLabel("Eje")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(fifth).ToContainTextAsync("Elija el eje del acuerdo nuevo 5.");
        await Expect(fifth.GetByLabel("Fecha compromiso")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(fifth).ToContainTextAsync("El acuerdo nuevo 5 tiene fecha compromiso 01/01/2020, antes de la sesión que lo toma");
        await fifth.GetByLabel("Fecha compromiso").FillAsync("");
        await tab.AxeAsync("consola comité con un acuerdo agregado y su eje sin elegir", output);
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("obra-publica");
        await fifth.GetByLabel("Eje").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        // An organisation typed twice was published twice («Infoqro, Infoqro»): said beside the list.
        var invited = page.GetByLabel("Organizaciones invitadas (una por renglón)");
        await invited.FillAsync("Infoqro\nFundación Merced\ninfoqro");
        await Button(page, "Registrar la sesión").ClickAsync();
        await Expect(invited).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator(".field:has(#Form_InvitedOrganisations)")).ToContainTextAsync("«Infoqro» aparece dos veces entre las organizaciones invitadas");
        await tab.AxeAsync("consola comité con una organización repetida", output);
        await invited.FillAsync("Infoqro\nFundación Merced");
        await Button(page, "Registrar la sesión").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme que los datos son los de la sesión: registrarla no se puede deshacer.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Minuta")).ToHaveValueAsync("Se instaló el Comité.");
        await Expect(page.GetByLabel("Los datos son los de la sesión celebrada")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Los datos son los de la sesión celebrada").CheckAsync();
        await Button(page, "Registrar la sesión").ClickAsync();

        // Recorded: listed with its minutes, and the form gives way to what comes next.
        await Expect(Status(page)).ToContainTextAsync("Se registró la sesión ordinaria 1.");
        await Expect(page.Locator(".alert-success")).ToBeFocusedAsync(); // after the redirect, where the person goes on from
        await Expect(page.Locator("[data-session='1']")).ToContainTextAsync("Presidenta Municipal (Presidente)");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registrar una sesión ordinaria" })).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-no-session]")).ToHaveTextAsync(
            "La primera sesión ordinaria ya está registrada. La siguiente se registra cuando el personal municipal pase el proceso a su etapa.");
        var followUp = await VotingApi.Read<CommitteeFollowUp>(await new VotingApi(service).Anonymous.GetAsync($"/api/processes/{id}/committee"));
        Assert.Equal("Se instaló el Comité.", Assert.Single(followUp.Sessions).Minutes);
        Assert.Equal(("ACU-1-01", "Publicar la minuta en el portal"), (Assert.Single(followUp.Agreements).Id, followUp.Agreements[0].Text));
    }
}
