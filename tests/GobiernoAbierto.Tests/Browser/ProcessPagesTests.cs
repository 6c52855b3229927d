using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Committee;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Shortlist;
using GobiernoAbierto.Tests.Support;
using GobiernoAbierto.WorkProgress;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class when_the_public_follows_the_plan(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Court = "Cancha de usos múltiples";
    private const string Lights = "Alumbrado en la calle principal";
    private const string Park = "Parque lineal";
    private const string ConvenioSha256 = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4f6b8d0a2c4e6f8b0d";

    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    /// <summary>
    /// Finalists the second table chose directly (ranks 1 and 3, say) are not the ranking rule's: the ranking's section says
    /// so beside the rule, where its «Se vota en la Jornada» badges would otherwise seem to follow it.
    /// </summary>
    [Fact]
    public async Task finalists_chosen_directly_say_so_beside_the_ranking_rule()
    {
        var process = await Process.AtJornadaAsync();
        await using var desk = await chromium.DesktopAsync(service);

        await desk.GotoAsync($"/proceso.html?proceso={process.Id}");

        await Expect(desk.Page.Locator("#priorizacion .rule")).ToContainTextAsync("Se ordenan las propuestas en deliberación por número de respaldos");
        await Expect(desk.Page.Locator("#priorizacion [data-direct-choice]")).ToHaveTextAsync(
            $"La segunda mesa de trabajo no eligió las finalistas con esta regla. Regla que aplicó: {ChooseShortlistEndpoint.DirectRule}");
        // Its Jornada is still being prepared: the button leads to its hours, not to «resultados» that do not exist yet.
        await Expect(desk.Page.Locator("#jornada .actions a")).ToHaveTextAsync("Ver el horario de la Jornada");
        // Read as text (a screen reader, a copy), the title and its badge are two words: «CanchaSe vota en la Jornada» before.
        var finalist = desk.Page.Locator("#priorizacion .rank-title").Filter(new() { HasText = "Cancha" });
        Assert.Equal("Cancha Se vota en la Jornada", await finalist.TextContentAsync());

        // A finalist's own page leads to its Jornada too.
        await desk.GotoAsync($"/propuesta.html?id={process.First}");
        // Its history names each entry's kind once, in the badge: «Presentada · En la mesa 1: …», not «Presentada · Presentada en …».
        var history = desk.Page.Locator("[data-fill=timeline] li");
        await Expect(history.First).ToContainTextAsync("En la mesa 1: Cancha");
        Assert.True(await history.EvaluateAllAsync<bool>(
            "items => items.length > 2 && items.every(li => !li.lastElementChild.textContent.startsWith(li.querySelector('.badge').textContent))"),
            "An entry of the proposal's history repeats its kind beside the badge.");
        var jornada = desk.Page.Locator("[data-jornada-link]");
        await Expect(jornada).ToContainTextAsync("Es una de las dos propuestas que se votan en la Jornada de Participación.");
        await Expect(jornada.GetByRole(AriaRole.Link, new() { Name = "Ver la Jornada" }))
            .ToHaveAttributeAsync("href", $"resultados.html?jornada={process.JornadaId}");
        // Its history's times say their clock once, as every other page does.
        await Expect(desk.Page.Locator("[data-timeline-hint]")).ToContainTextAsync("(hora del centro de México)");

        // Where it leads, before the vote: the hours and what is on the ballot, not an empty count.
        await desk.GotoAsync($"/resultados.html?jornada={process.JornadaId}");
        var ballot = desk.Page.GetByRole(AriaRole.Region, new() { Name = "Proyectos en la boleta" }).GetByRole(AriaRole.Listitem);
        await Expect(ballot).ToHaveCountAsync(2);
        await Expect(ballot.First).ToContainTextAsync("Proyecto A: Cancha · costo estimado");
        await Expect(ballot.Last).ToContainTextAsync("Proyecto B: Alumbrado");
        // Its hours began an hour ago and staff have not opened it: said so, not «0 personas han votado» over a table of zeros.
        var opens = QueretaroTime.Format((await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{process.JornadaId}"))).VotingOpensAt);
        await Expect(desk.Page.Locator("[data-fill=not-started]")).ToHaveTextAsync(
            $"La votación aún no empieza: su horario empezaba el {opens} (hora del centro de México), y aún no se abre.");
        await Expect(desk.Page.Locator("[data-part=turnout]")).ToBeHiddenAsync();
        // Neither kiosks nor online voting yet: no way to vote to offer.
        await Expect(desk.Page.Locator("[data-fill=vote-links]")).ToBeHiddenAsync();

        // The three pages with what this test added to them, on a phone: nothing sideways, nothing axe-core objects to.
        await using var phone = await chromium.PhoneAsync(service);
        foreach (var (path, name) in new[]
                 {
                     ($"/proceso.html?proceso={process.Id}", "proceso con elección directa"),
                     ($"/propuesta.html?id={process.First}", "propuesta finalista"),
                     ($"/resultados.html?jornada={process.JornadaId}", "resultados antes de la votación"),
                 })
        {
            await phone.GotoAsync(path);
            await Expect(phone.Page.Locator("[data-panel]:not([hidden]) h2").First).ToBeVisibleAsync();
            var overflow = await phone.OverflowAsync();
            Assert.True(overflow is null, $"{path} scrolls sideways on a phone: {overflow}");
            await phone.AxeAsync(name, output);
        }
    }

    [Fact]
    public async Task the_page_shows_the_current_stage_the_ranking_the_agreements_and_the_works_progress()
    {
        var (processId, title, court, fourMonthsOn) = await PlanAtTheSecondCommitteeSessionAsync();
        using var _ = fourMonthsOn;
        await using var desk = await chromium.DesktopAsync(service);

        await desk.GotoAsync($"/proceso.html?proceso={processId}");

        await Expect(desk.Heading(title)).ToBeVisibleAsync();
        // What residents come for first: the work they chose and how far it has got.
        var first = desk.Page.Locator("article[data-panel=process] > section").First;
        await Expect(first).ToHaveAttributeAsync("id", "avance");
        await Expect(first).ToContainTextAsync($"Proyecto A: {Court}");
        await Expect(first).ToContainTextAsync("35 % de avance de la obra");
        var current = desk.Page.Locator("[aria-current=step]");
        await Expect(current).ToHaveCountAsync(1);
        await Expect(current).ToContainTextAsync("Segunda sesión ordinaria del Comité de Gobierno Abierto");
        await Expect(current).ToContainTextAsync("Etapa actual");
        await Expect(desk.Page.Locator(".stages > li")).ToHaveCountAsync(9);
        await Expect(desk.Page.Locator(".stages > li").First).ToContainTextAsync("Concluida");
        await Expect(desk.Page.Locator(".stages > li").First).ToContainTextAsync("Fecha prevista: 01/10/2020");
        await Expect(desk.Page.Locator(".stages > li").Last).ToContainTextAsync("Próxima");
        // The Jornada's stage gives the window it voted in beside the calendar's day, each named.
        await Expect(desk.Page.Locator(".stages > li").Nth(2).Locator("[data-voting-window]"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^ · Votación: \d{2}/\d{2}/\d{4} \d{2}:\d{2} a .+ \(hora del centro de México\)$"));

        var ranking = desk.Page.GetByRole(AriaRole.List, new() { Name = "Ranking consolidado de las propuestas" }).GetByRole(AriaRole.Listitem);
        await Expect(ranking).ToHaveCountAsync(3); // the withdrawn proposal and the merged duplicate are out
        var rows = await ranking.AllInnerTextsAsync();
        Assert.Contains(Court, rows[0]);
        Assert.Contains("5 respaldos", rows[0]); // its own 3 and the 2 of the duplicate it absorbed
        Assert.Contains(Lights, rows[1]);
        // The two that went to the vote say how it ended, not «Se vota en la Jornada» long after it.
        await Expect(ranking.Nth(0).Locator(".badge")).ToHaveTextAsync("Elegida en la Jornada");
        await Expect(ranking.Nth(1).Locator(".badge")).ToHaveTextAsync("No elegida en la Jornada");
        await Expect(ranking.Nth(2).Locator(".badge")).ToHaveCountAsync(0);
        Assert.Contains(Park, rows[2]);
        Assert.Contains("No viable", rows[2]);
        await Expect(desk.Page.Locator("#priorizacion .rule")).ToContainTextAsync("Se ordenan las propuestas en deliberación por número de respaldos");
        await Expect(desk.Page.Locator("#priorizacion [data-direct-choice]")).ToHaveCountAsync(0); // the rule chose them

        var firstTable = desk.Page.Locator("#mesas .card").First;
        await Expect(firstTable).ToContainTextAsync("3 de 9");
        await Expect(firstTable).ToContainTextAsync("Loma Bonita (2), Sonterra (1)");
        // Its session says which clock it is in, as the Jornada's hours on this page do.
        await Expect(firstTable.Locator("dt", new() { HasTextString = "Sesión" }).Locator("xpath=following-sibling::dd[1]"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2} \(hora del centro de México\)$"));
        // An in-person table says where it meets; a virtual one has no such line.
        await Expect(firstTable.Locator("dt", new() { HasTextString = "Sede" }).Locator("xpath=following-sibling::dd[1]")).ToHaveTextAsync("Salón ejidal de Loma Bonita");
        await Expect(desk.Page.Locator("#mesas .card").Nth(1).Locator("dt", new() { HasTextString = "Sede" })).ToHaveCountAsync(0);
        await Expect(desk.Page.Locator("#propuestas")).ToContainTextAsync("Retirada");
        await Expect(desk.Page.Locator("#jornada")).ToContainTextAsync($"Proyecto A: {Court}");
        await Expect(desk.Page.Locator("#jornada").GetByRole(AriaRole.Link, new() { Name = "Ver resultados de la Jornada" }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^resultados\\.html\\?jornada=[0-9a-f-]{36}$"));
        await Expect(desk.Page.Locator("#convenio .hash")).ToHaveTextAsync(ConvenioSha256);
        await Expect(desk.Page.Locator("#convenio")).ToContainTextAsync("sha256sum convenio.pdf");

        var agreement = desk.Page.Locator("#acuerdo-ACU-1-01");
        await Expect(agreement).ToContainTextAsync("Estado: En proceso");
        await Expect(agreement.Locator(".history li")).ToHaveTextAsync([
            new System.Text.RegularExpressions.Regex("Sesión 1: Pendiente"),
            new System.Text.RegularExpressions.Regex("Sesión 2: En proceso · Licitación publicada"),
        ]);
        await Expect(desk.Page.Locator("#acuerdo-ACU-2-01")).ToContainTextAsync("Estado: Pendiente");
        // Its date (three months after the publication) has passed and it is still pending: said beside its status. ACU-1-01 has no date.
        await Expect(desk.Page.Locator("#acuerdo-ACU-2-01 .badges")).ToHaveTextAsync("Estado: Pendiente Fecha compromiso vencida");
        await Expect(desk.Page.Locator("#acuerdo-ACU-1-01 .badge-agreement-overdue")).ToHaveCountAsync(0);
        await Expect(desk.Page.Locator("#comite .card").Nth(2)).ToContainTextAsync("Aún no se registra esta sesión.");
        // The agenda in the order the session followed (grouped by axis, its first and last points came ahead of the one between).
        await Expect(desk.Page.Locator("#comite .card").Nth(1).Locator(".agenda ul li")).ToHaveTextAsync(
            ["Lista de asistencia", "Foro con la sociedad civil", "Asuntos generales"]);

        var progress = desk.Page.GetByRole(AriaRole.Progressbar, new() { Name = "35 % de avance de la obra" });
        await Expect(progress).ToHaveAttributeAsync("aria-valuenow", "35");
        await Expect(desk.Page.Locator("#avance")).ToContainTextAsync("Gasto acumulado: $700,000 MXN de $2,100,000 MXN presupuestados (33.3 %)");
        await Expect(desk.Page.Locator("#avance .hash")).ToHaveTextAsync(new string('e', 64));
        await desk.ScreenshotAsync("proceso-1280");

        // From the process to its Jornada's results, and back.
        await desk.Page.GetByRole(AriaRole.Link, new() { Name = "Ver resultados de la Jornada" }).ClickAsync();
        await Expect(desk.Page.Locator("[data-fill=status]")).ToHaveTextAsync("Proyecto elegido publicado");
        await desk.Page.GetByRole(AriaRole.Link, new() { Name = "Ver el proceso de participación de esta Jornada" }).ClickAsync();
        await Expect(desk.Heading(title)).ToBeVisibleAsync();

        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/proceso.html?proceso={processId}");
        await Expect(phone.Heading(title)).ToBeVisibleAsync();
        Assert.True(await phone.FitsWidthAsync(), "The process page scrolls sideways on a phone.");
        await phone.ScreenshotAsync("proceso-390");

        // A proposal's own page: its whole history, participants by table and never by name.
        await phone.Page.Locator("#propuestas").GetByRole(AriaRole.Heading, new() { Name = Court }).GetByRole(AriaRole.Link).TapAsync();
        await Expect(phone.Heading(Court)).ToBeVisibleAsync();
        Assert.EndsWith($"/propuesta.html?id={court}", phone.Page.Url);
        var timeline = phone.Page.Locator(".timeline > li");
        await Expect(timeline).ToHaveCountAsync(11);
        await Expect(timeline.First).ToContainTextAsync("En la mesa 1: Cancha de usos múltiples");
        await Expect(timeline.Nth(1)).ToContainTextAsync("A favor: Los jóvenes no tienen dónde jugar.");
        await Expect(timeline.Nth(7)).ToContainTextAsync("Absorbió la propuesta duplicada «Rehabilitar la cancha»");
        await Expect(timeline.Nth(9)).ToContainTextAsync("Elegida en la segunda mesa para la Jornada de Participación.");
        await Expect(timeline.Last).ToContainTextAsync("Por los habitantes en la Jornada de Participación.");
        await Expect(phone.Page.GetByText("Dictamen: Viable")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync("María");
        Assert.True(await phone.FitsWidthAsync(), "The proposal page scrolls sideways on a phone.");
        await phone.ScreenshotAsync("propuesta-390");
    }

    [Fact]
    public async Task a_process_at_its_first_table_says_what_has_not_happened_yet()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        await Process.SeatedAsync(table, "Participante");
        // Named as the console's form suggests: headed once by its number, not «Mesa 2 · Mesa 2 — Sonterra».
        await ProcessApi.Created<GobiernoAbierto.WorkTables.WorkTableCreated>(await _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/work-tables",
            new GobiernoAbierto.WorkTables.ConveneWorkTable(2, "Mesa 2 — Sonterra", GobiernoAbierto.WorkTables.TableMode.Virtual, 9, DateTimeOffset.UtcNow), VotingApi.Json));
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync("/");
        await phone.Page.GetByRole(AriaRole.Link, new() { Name = "Seguir el Plan de Acción" }).TapAsync();
        await phone.Page.GetByRole(AriaRole.Link, new() { Name = process.Title }).TapAsync();

        await Expect(phone.Heading(process.Title)).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("[aria-current=step]")).ToContainTextAsync("Primera mesa de trabajo");
        await Expect(phone.Page.Locator(".current-stage")).ToHaveTextAsync("Etapa actual: Primera mesa de trabajo");
        await Expect(phone.Page.Locator("#mesas .card").First).ToContainTextAsync("1 de 9");
        await Expect(phone.Page.Locator("#mesas .card h4")).ToHaveTextAsync(["Mesa 1", "Mesa 2 — Sonterra"]);
        foreach (var notYet in new[]
                 {
                     "Aún no se registran propuestas.",
                     "Aún no hay propuestas en deliberación que ordenar.",
                     "Aún no se eligen las dos propuestas que se votarán en la Jornada de Participación.",
                     "Aún no se registra la firma del convenio de colaboración.",
                     "Aún no se registran acuerdos del Comité.",
                     "Aún no hay obra elegida: su avance se publica después de la Jornada de Participación.",
                 })
            await Expect(phone.Page.GetByText(notYet)).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText("Aún no se registra esta sesión.")).ToHaveCountAsync(4);
        Assert.True(await phone.FitsWidthAsync(), "The process page scrolls sideways on a phone.");
        await phone.ScreenshotAsync("proceso-inicio-390");
    }

    /// <summary>
    /// Between the close of the vote and the publication, the work's section said its progress is published «después de la
    /// Jornada de Participación», when the Jornada was over: it says the vote closed, what comes before the work is known,
    /// and leads to the results, which say at what step it is. Once published, the chosen work takes its place.
    /// </summary>
    [Fact]
    public async Task after_the_vote_closed_and_before_the_publication_the_work_section_says_what_is_left()
    {
        var process = await Process.AtJornadaAsync();
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(process.JornadaId));
        await _api.OpenAsync(process.JornadaId);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, process.JornadaId, Voters.UniqueClave(), "A"));
        await _api.CloseAsync(process.JornadaId);
        await using var phone = await chromium.PhoneAsync(service);

        const string Awaiting = "Aún no hay obra elegida: la votación de la Jornada ya cerró. La obra se anuncia aquí una vez que el IEEQ certifica " +
            "el cómputo y el Municipio publica el proyecto elegido; vea en los resultados de la Jornada en qué paso va.";
        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");
        await Expect(phone.Page.Locator("#avance [data-awaiting-publication]")).ToHaveTextAsync(Awaiting);
        await Expect(phone.Page.Locator("#avance")).Not.ToContainTextAsync("después de la Jornada de Participación");
        // The two finalists: the vote is over, not «Se vota en la Jornada»; what came of it is the results page's to say.
        var finalists = phone.Page.GetByRole(AriaRole.List, new() { Name = "Ranking consolidado de las propuestas" }).Locator(".badge");
        await Expect(finalists).ToHaveTextAsync(["Votación cerrada", "Votación cerrada"]);
        await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync("Se vota en la Jornada");
        await phone.AxeAsync("proceso con la votación cerrada, antes de la certificación (teléfono)", output);
        await phone.GotoAsync($"/propuesta.html?id={process.Second}");
        await Expect(phone.Page.Locator("[data-fill=badges] .badge").First).ToHaveTextAsync("Votación cerrada");
        await Expect(phone.Page.Locator("[data-jornada-link]")).ToHaveTextAsync("Se votó en la Jornada de Participación. Ver los resultados de la Jornada");
        await phone.AxeAsync("propuesta finalista con la votación cerrada (teléfono)", output);
        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");

        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{process.JornadaId}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{process.JornadaId}/certification",
            new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));
        await phone.Page.ReloadAsync();
        await Expect(phone.Page.Locator("#avance [data-awaiting-publication]")).ToHaveTextAsync(Awaiting);
        await phone.Page.Locator("#avance").GetByRole(AriaRole.Link, new() { Name = "los resultados de la Jornada" }).TapAsync();
        await Expect(phone.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"resultados\\.html\\?jornada={process.JornadaId}$"));

        await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{process.JornadaId}/publication", null));
        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");
        await Expect(phone.Page.Locator("#avance .chosen-title")).ToHaveTextAsync("Proyecto A: Cancha");
        await Expect(phone.Page.Locator("#avance [data-awaiting-publication]")).ToHaveCountAsync(0);

        // The proposal that lost says so under its badge in a sentence of its own, capital first («los habitantes…» before).
        await phone.GotoAsync($"/propuesta.html?id={process.Second}");
        var last = phone.Page.Locator("[data-fill=timeline] > li").Last;
        await Expect(last.Locator(".badge")).ToHaveTextAsync("No elegida");
        await Expect(last.Locator("p").Last).ToHaveTextAsync("Los habitantes eligieron en la Jornada de Participación el otro proyecto, «Cancha».");
        await phone.AxeAsync("propuesta no elegida (teléfono)", output);
    }

    /// <summary>
    /// A process's Jornada whose voting period ended before anyone opened it can never open: it chooses nothing, and the
    /// Municipio calls a new one. Residents read «su avance se publica después de la Jornada», «Se vota en la Jornada» on
    /// both finalists, and on its results «0 personas han votado» and nothing of what comes next.
    /// </summary>
    [Fact]
    public async Task a_jornada_whose_period_ended_unopened_says_it_chooses_nothing_and_what_comes_next()
    {
        var opens = service.Clock.GetUtcNow().AddHours(1);
        var process = await Process.AtJornadaAsync(opens: opens, closes: opens.AddHours(1));
        await using var phone = await chromium.PhoneAsync(service);
        const string NothingChosen = "La Jornada no se abrió y su periodo de votación terminó, así que ningún proyecto resulta elegido. " +
            "El Municipio convocará una nueva Jornada para decidir.";

        using (service.Clock.RunAhead(TimeSpan.FromHours(3)))
        {
            var results = await VotingApi.Read<Tally.PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{process.JornadaId}/results"));
            Assert.Equal(NothingChosen, results.OutcomeLabel);

            await phone.GotoAsync($"/proceso.html?proceso={process.Id}");
            await Expect(phone.Page.Locator("#avance [data-nothing-chosen]")).ToHaveTextAsync($"Aún no hay obra elegida. {NothingChosen} Ver la Jornada");
            var finalists = phone.Page.GetByRole(AriaRole.List, new() { Name = "Ranking consolidado de las propuestas" }).Locator(".badge");
            await Expect(finalists).ToHaveTextAsync(["La Jornada no se abrió", "La Jornada no se abrió"]);
            await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync("Se vota en la Jornada");
            await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync("después de la Jornada de Participación");
            await Expect(phone.Page.Locator("#jornada .actions a")).ToHaveTextAsync("Ver la Jornada");
            Assert.True(await phone.FitsWidthAsync(), "The process page does not fit a phone's width.");
            await phone.AxeAsync("proceso cuya Jornada no se abrió (teléfono)", output);

            await phone.GotoAsync($"/propuesta.html?id={process.First}");
            await Expect(phone.Page.Locator("[data-fill=badges] .badge").First).ToHaveTextAsync("La Jornada no se abrió");
            await Expect(phone.Page.Locator("[data-jornada-link]")).ToHaveTextAsync(
                "Es una de las dos propuestas de la Jornada de Participación, que no se abrió: su periodo de votación terminó. Ver la Jornada");

            await phone.GotoAsync($"/resultados.html?jornada={process.JornadaId}");
            await Expect(phone.Page.Locator("[data-fill=outcome]")).ToHaveTextAsync(NothingChosen);
            await Expect(phone.Page.Locator("[data-part=turnout]")).ToBeHiddenAsync(); // «0 personas han votado», of a vote never held
            await phone.AxeAsync("resultados de una Jornada que no se abrió (teléfono)", output);
        }
    }

    /// <summary>
    /// Online voting only, its online hours over, its whole period not: a kiosk registered now still lets staff open it
    /// (OpenJornada), so no new Jornada is called and nothing says it did not open (a reviewer: the pages took the
    /// service's «voting ended» for the period's end, and called it «no se abrió» while it still could).
    /// </summary>
    [Fact]
    public async Task an_online_only_jornada_whose_online_hours_alone_passed_is_not_said_to_have_not_opened()
    {
        var now = service.Clock.GetUtcNow();
        var process = await Process.AtJornadaAsync(opens: now.AddHours(1), closes: now.AddHours(10));
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{process.JornadaId}/online-voting",
            new EnableOnlineVoting(now.AddHours(1), now.AddHours(2)), VotingApi.Json), HttpStatusCode.OK);
        await using var phone = await chromium.PhoneAsync(service);

        using (service.Clock.RunAhead(TimeSpan.FromHours(3)))
        {
            var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{process.JornadaId}"));
            Assert.True(details.VotingEnded); // what the pages had taken for the period's end
            var results = await VotingApi.Read<Tally.PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{process.JornadaId}/results"));
            Assert.Equal("La votación no ha concluido.", results.OutcomeLabel);

            await phone.GotoAsync($"/proceso.html?proceso={process.Id}");
            var finalists = phone.Page.GetByRole(AriaRole.List, new() { Name = "Ranking consolidado de las propuestas" }).Locator(".badge");
            await Expect(finalists).ToHaveCountAsync(2);
            await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync("no se abrió");
            await Expect(phone.Page.Locator("#avance [data-nothing-chosen]")).ToHaveCountAsync(0);

            await phone.GotoAsync($"/propuesta.html?id={process.First}");
            await Expect(phone.Page.Locator("[data-jornada-link]")).ToBeVisibleAsync();
            await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync("no se abrió");

            await phone.GotoAsync($"/resultados.html?jornada={process.JornadaId}");
            await Expect(phone.Page.Locator("[data-fill=title]")).Not.ToBeEmptyAsync();
            await Expect(phone.Page.Locator("[data-fill=outcome]")).ToBeEmptyAsync();
        }
    }

    /// <summary>
    /// After the vote the calendar's convenio and committee sessions read «Próxima · Fecha prevista» on days long past, and
    /// staff had no way to move them. Staff re-plan them from the console's process page, with a reason; residents read
    /// the new dates, that they were re-planned and why, and the dates they replaced.
    /// </summary>
    [Fact]
    public async Task the_calendar_staff_replan_from_the_console_is_what_residents_read_with_the_reason()
    {
        var process = await Process.AtJornadaAsync();
        var today = Process.Today;
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using (var desk = await chromium.DesktopAsync(service))
        {
            var page = desk.Page;
            await ConsoleAccounts.SignInAsync(page, service, staff);
            await page.GotoAsync($"/consola/procesos/{process.Id}");
            await Expect(page.Locator("[data-overdue-stages]")).ToContainTextAsync("«Firma de convenio», 31/10/2020");
            var form = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Reprogramar el calendario", Exact = true }) });
            await Expect(form.GetByRole(AriaRole.Group, new() { Name = "Jornada de Participación" })).ToHaveCountAsync(0); // the current stage keeps its date
            string[] stages = ["Firma de convenio", "Primera sesión ordinaria del Comité de Gobierno Abierto", "Segunda sesión ordinaria del Comité de Gobierno Abierto",
                "Tercera sesión ordinaria del Comité de Gobierno Abierto", "Cuarta sesión ordinaria del Comité de Gobierno Abierto"];
            for (var i = 0; i < stages.Length; i++)
                await form.GetByRole(AriaRole.Group, new() { Name = stages[i], Exact = true }).GetByLabel("Fecha prevista").FillAsync(today.AddDays(7 * (i + 1)).ToString("yyyy-MM-dd"));
            // Without a reason: said beside its field, nothing recorded.
            await form.GetByRole(AriaRole.Button, new() { Name = "Reprogramar el calendario" }).ClickAsync();
            await Expect(page.GetByLabel("Motivo del cambio (se publica)")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator(".field:has(#Replan_Reason)")).ToContainTextAsync(ReplanCalendarValidator.ReasonMissing);
            await page.GetByLabel("Motivo del cambio (se publica)").FillAsync("La Jornada terminó empatada y se convocó una nueva.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Reprogramar el calendario", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se reprogramó el calendario.");
            await Expect(page.Locator("[data-overdue-stages]")).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-calendar-replan]")).ToContainTextAsync("Antes: «Firma de convenio», 31/10/2020;");
            await desk.AxeAsync("consola proceso con el calendario reprogramado", output);

            // A colleague moves the fourth session meanwhile; this page, loaded before, changes only the convenio's objective:
            // its rows left as they were do not put the session back (a reviewer), and residents read only what changed.
            await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/calendar", new ReplanCalendar(
                [new(Stage.FourthCommitteeSession, today.AddDays(60), "Cuarta sesión, tras la nueva Jornada.")], "La sala no estará disponible."), VotingApi.Json),
                HttpStatusCode.OK);
            await form.GetByRole(AriaRole.Group, new() { Name = "Firma de convenio", Exact = true }).GetByLabel("Objetivo (opcional)").FillAsync("Firmar el convenio tras la nueva Jornada.");
            await page.GetByLabel("Motivo del cambio (se publica)").FillAsync("Se precisa el objetivo del convenio.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Reprogramar el calendario", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Se reprogramó el calendario.");
        }

        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");
        var convenio = phone.Page.Locator(".stage").Filter(new() { Has = phone.Page.GetByText("Firma de convenio", new() { Exact = true }) });
        await Expect(convenio.Locator(".stage-meta")).ToHaveTextAsync($"Próxima Fecha prevista: {today.AddDays(7):dd/MM/yyyy} (reprogramada; antes 31/10/2020)");
        await Expect(phone.Page.Locator("[data-calendar-replanned]").First).ToHaveTextAsync(
            $"El {today:dd/MM/yyyy} {staff.DisplayName} reprogramó el calendario: «La Jornada terminó empatada y se convocó una nueva». Fechas anteriores: " +
            "«Firma de convenio», 31/10/2020; «Primera sesión ordinaria del Comité de Gobierno Abierto», 10/11/2020; " +
            "«Segunda sesión ordinaria del Comité de Gobierno Abierto», 20/11/2020; «Tercera sesión ordinaria del Comité de Gobierno Abierto», 30/11/2020; " +
            "«Cuarta sesión ordinaria del Comité de Gobierno Abierto», 10/12/2020.");
        await Expect(phone.Page.Locator("[data-calendar-replanned]").Nth(2)).ToHaveTextAsync(
            $"El {today:dd/MM/yyyy} {staff.DisplayName} reprogramó el calendario: «Se precisa el objetivo del convenio». Cambió el objetivo de «Firma de convenio».");
        var fourth = phone.Page.Locator(".stage").Filter(new() { Has = phone.Page.GetByText("Cuarta sesión ordinaria del Comité de Gobierno Abierto", new() { Exact = true }) });
        await Expect(fourth.Locator(".stage-meta")).ToContainTextAsync($"Fecha prevista: {today.AddDays(60):dd/MM/yyyy} (reprogramada; antes {today.AddDays(35):dd/MM/yyyy})");
        // The committee's section says the first session's new date, not the one that passed.
        await Expect(phone.Page.Locator("#comite")).ToContainTextAsync($"Fecha prevista: {today.AddDays(14):dd/MM/yyyy}.");
        Assert.True(await phone.FitsWidthAsync(), "The process page does not fit a phone's width.");
        await phone.AxeAsync("proceso con el calendario reprogramado (teléfono)", output);
    }

    /// <summary>
    /// After a tie the IEEQ certified, the work section still said the Municipio would publish the chosen project, which
    /// never happens after a tie: it names the tie, that the IEEQ certified it, and that a new Jornada decides, in the
    /// results' own words.
    /// </summary>
    [Fact]
    public async Task after_a_certified_tie_the_work_section_names_the_tie_and_what_comes_next()
    {
        var process = await Process.AtJornadaAsync();
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(process.JornadaId));
        await _api.OpenAsync(process.JornadaId);
        foreach (var option in new[] { "A", "B" })
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, process.JornadaId, Voters.UniqueClave(), option));
        await _api.CloseAsync(process.JornadaId);
        await Process.CertifyAsync(process.JornadaId);
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");

        await Expect(phone.Page.Locator("#avance [data-nothing-chosen]")).ToHaveTextAsync(
            "Aún no hay obra elegida: el IEEQ certificó el cómputo de la Jornada. Empate: los dos proyectos obtuvieron los mismos votos, " +
            "así que ninguno resulta elegido. El Municipio convocará una nueva Jornada para decidir. Ver los resultados de la Jornada");
        await Expect(phone.Page.Locator("#avance")).Not.ToContainTextAsync("publica el proyecto elegido");
        await Expect(phone.Page.Locator("#avance [data-awaiting-publication]")).ToHaveCountAsync(0);
        await phone.AxeAsync("proceso tras un empate certificado (teléfono)", output);

        // Once the Municipio called the new Jornada, the tied one's results say it was called, and when it votes: they read
        // «convocará» for good.
        var opens = service.Clock.GetUtcNow().AddDays(1);
        var called = await ProcessApi.Created<NewJornadaResult>(await _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/jornadas",
            new CallNewJornada(opens, opens.AddHours(10)), VotingApi.Json));
        var calledAt = (await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}"))).EarlierJornadas.Single().NewJornadaCalledAt;
        await phone.GotoAsync($"/resultados.html?jornada={process.JornadaId}");
        await Expect(phone.Page.Locator("[data-fill=outcome]")).ToHaveTextAsync(
            "Empate: los dos proyectos obtuvieron los mismos votos, así que ninguno resulta elegido. " +
            $"El {QueretaroTime.Format(calledAt)} el Municipio convocó una nueva Jornada para decidir; su periodo de votación: " +
            $"{QueretaroTime.Format(opens)} a {QueretaroTime.Format(opens.AddHours(10))} (hora del centro de México). Ver la nueva Jornada");
        await Expect(phone.Page.Locator("[data-fill=outcome] a")).ToHaveAttributeAsync("href", $"resultados.html?jornada={called.JornadaId}");
        await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync("convocará");
        await phone.AxeAsync("resultados de un empate tras convocar la nueva Jornada (teléfono)", output);
    }

    /// <summary>
    /// A Jornada the IEEQ certified without ballots is handled as a tie is (CallNewJornadaEndpoint.WhyVoteAgain): the
    /// municipality calls a new one with the same finalists. The work section read only «La Jornada cerró sin votos.», and
    /// not what comes next; it says it as it does after a tie.
    /// </summary>
    [Fact]
    public async Task after_a_certified_jornada_without_ballots_the_work_section_says_a_new_jornada_decides()
    {
        var process = await Process.AtJornadaAsync();
        await _api.RegisterKioskAsync(process.JornadaId);
        await _api.OpenAsync(process.JornadaId);
        await _api.CloseAsync(process.JornadaId);
        await Process.CertifyAsync(process.JornadaId);
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");

        await Expect(phone.Page.Locator("#avance [data-nothing-chosen]")).ToHaveTextAsync(
            "Aún no hay obra elegida: el IEEQ certificó el cómputo de la Jornada. La Jornada cerró sin votos, así que ningún proyecto " +
            "resulta elegido. El Municipio convocará una nueva Jornada para decidir. Ver los resultados de la Jornada");
        await phone.AxeAsync("proceso tras una Jornada sin votos certificada (teléfono)", output);
    }

    [Fact]
    public async Task a_part_the_service_cannot_give_is_said_in_its_section_and_the_rest_still_shows()
    {
        var process = await Process.StartAsync();
        await using var phone = await chromium.PhoneAsync(service);
        await phone.Page.RouteAsync("**/committee", route => route.FulfillAsync(new()
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = "{\"code\":\"service_unavailable\",\"title\":\"Servicio no disponible\",\"detail\":\"Intente en unos segundos.\",\"status\":503}",
        }));

        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");

        await Expect(phone.Heading(process.Title)).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("#comite [role=alert], #comite .alert")).ToContainTextAsync("Servicio no disponible");
        await Expect(phone.Page.Locator("#acuerdos .alert")).ToContainTextAsync("Esta sección no se pudo cargar");
        await Expect(phone.Page.GetByText("Aún no se registran propuestas.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task an_unknown_process_is_said_in_spanish()
    {
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/proceso.html?proceso={Guid.NewGuid()}");
        await Expect(phone.Alert).ToContainTextAsync("No existe un proceso de participación con ese identificador");
    }

    /// <summary>
    /// A proposal studied viable and left out when the two finalists were chosen kept only «Viable», as if it were still in
    /// the running (a walk-through's): its page and its card say it did not go to the Jornada, and where to see why.
    /// </summary>
    [Fact]
    public async Task a_viable_proposal_left_out_of_the_jornada_says_so()
    {
        var id = (await Process.StartAsync()).Id;
        var table = await Process.ConveneAsync(id, 1);
        var author = await Process.SeatedAsync(table, "Autora");
        var (first, second, third) = (await Process.SubmittedAsync(table, author, "Cancha"), await Process.SubmittedAsync(table, author, "Alumbrado"),
            await Process.SubmittedAsync(table, author, "Parque lineal"));
        await Process.AdvancedAsync(id, Stage.SecondWorkTable);
        foreach (var p in new[] { first, second, third }) await VotingApi.Expect(await Process.StudyAsync(p, viable: true), HttpStatusCode.OK);
        await ProcessApi.Created<ShortlistResult>(await Process.ShortlistAsync(id, [first, second]));
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/propuesta.html?id={third}");
        await Expect(phone.Heading("Parque lineal")).ToBeVisibleAsync();
        var notice = phone.Page.Locator("[data-not-shortlisted]");
        // Nobody has voted yet: the two «se votan», not «se votaron» (before the Jornada even opened).
        await Expect(notice).ToContainTextAsync("Fue viable, pero no quedó entre las dos propuestas que se votan en la Jornada de Participación.");
        await Expect(notice.GetByRole(AriaRole.Link, new() { Name = "Ver cómo se eligieron" })).ToHaveAttributeAsync("href", $"proceso.html?proceso={id}#priorizacion");
        await phone.AxeAsync("propuesta viable que no pasó a la Jornada", output);
        await phone.GotoAsync($"/propuesta.html?id={first}");
        await Expect(phone.Page.Locator("[data-jornada-link]")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("[data-not-shortlisted]")).ToHaveCountAsync(0);

        await phone.GotoAsync($"/proceso.html?proceso={id}");
        var cards = phone.Page.Locator("#propuestas .card");
        await Expect(cards.Filter(new() { HasText = "Parque lineal" }).Locator("[data-not-shortlisted]")).ToHaveTextAsync("No quedó entre las dos que se votan en la Jornada.");
        await Expect(phone.Page.Locator("#propuestas [data-not-shortlisted]")).ToHaveCountAsync(1);

        // Once the vote is over, in the past.
        var jornadaId = (await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{id}"))).Shortlist!.JornadaId;
        await Process.AdvancedAsync(id, Stage.Jornada);
        await _api.RegisterKioskAsync(jornadaId);
        await _api.OpenAsync(jornadaId);
        await _api.CloseAsync(jornadaId);
        await phone.Page.ReloadAsync();
        await Expect(cards.Filter(new() { HasText = "Parque lineal" }).Locator("[data-not-shortlisted]")).ToHaveTextAsync("No quedó entre las dos que se votaron en la Jornada.");
        await phone.GotoAsync($"/propuesta.html?id={third}");
        await Expect(notice).ToContainTextAsync("Fue viable, pero no quedó entre las dos propuestas que se votaron en la Jornada de Participación.");
    }

    /// <summary>
    /// An agreement's status changes only in a committee session, and a concluded process has no session after its fourth:
    /// an agreement the last session left pending read «Fecha compromiso vencida» for good (the sample plan's ACU-4-01). On a
    /// concluded process it says instead that nothing more was recorded, and since when.
    /// </summary>
    [Fact]
    public async Task a_concluded_process_does_not_call_its_open_agreements_overdue_for_ever()
    {
        var (processId, _, _, fourMonthsOn) = await PlanAtTheSecondCommitteeSessionAsync();
        using var _ = fourMonthsOn;
        var published = QueretaroTime.Today(service.Clock.GetUtcNow()).AddDays(-120);
        await Process.AdvancedAsync(processId, Stage.ThirdCommitteeSession);
        await VotingApi.Expect(await Process.RecordSessionAsync(processId, Process.Session(3, [new("ACU-1-01", AgreementStatus.Done, "Licitación adjudicada.")]) with { HeldOn = published.AddDays(75) }), HttpStatusCode.OK);
        await Process.AdvancedAsync(processId, Stage.FourthCommitteeSession);
        // ACU-4-01 due ten days from now: after the conclusion, so no debt of a session that cannot come.
        var today = QueretaroTime.Today(service.Clock.GetUtcNow());
        await VotingApi.Expect(await Process.RecordSessionAsync(processId, Process.Session(4) with
        {
            HeldOn = published.AddDays(80),
            Agreements = [new NewAgreement("Entregar la obra", "combate-corrupcion", "Secretaría de Obras Públicas", today.AddDays(10))],
        }), HttpStatusCode.OK);
        await Process.AdvancedAsync(processId, Stage.Concluded);
        var concluded = (await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{processId}")))
            .Stages.Single(s => s.Stage == Stage.Concluded).ReachedAt!.Value;
        await using var phone = await chromium.PhoneAsync(service);
        using var monthLater = service.Clock.RunAhead(TimeSpan.FromDays(30)); // past ACU-4-01's date

        await phone.GotoAsync($"/proceso.html?proceso={processId}");

        // ACU-2-01, due 90 days after the publication, 30 days before the conclusion, left pending by every session since:
        // late when the process concluded, and said so; ACU-4-01, due after it, is not called late a month on.
        var noMore = $"Sin más seguimiento: el proceso concluyó el {QueretaroTime.Format(concluded)} (hora del centro de México), sin otra sesión del Comité.";
        var agreement = phone.Page.Locator("#acuerdo-ACU-2-01");
        await Expect(agreement.Locator(".badges")).ToHaveTextAsync("Estado: Pendiente Fecha compromiso vencida al concluir el proceso");
        await Expect(agreement.Locator("[data-no-follow-up]")).ToHaveTextAsync(noMore);
        await Expect(phone.Page.Locator("#acuerdo-ACU-4-01 .badges")).ToHaveTextAsync("Estado: Pendiente");
        await Expect(phone.Page.Locator("#acuerdo-ACU-4-01 [data-no-follow-up]")).ToHaveTextAsync(noMore);
        // One done (or cancelled) needs no such line.
        await Expect(phone.Page.Locator("#acuerdo-ACU-1-01 .badges")).ToHaveTextAsync("Estado: Cumplido");
        await Expect(phone.Page.Locator("#acuerdo-ACU-1-01 [data-no-follow-up]")).ToHaveCountAsync(0);
        await phone.AxeAsync("proceso concluido con acuerdos abiertos (teléfono)", output);

        // The Committee's console too: «(vencida)» for good there, no session left to change it.
        await using var console = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(console.Page, service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Committee));
        await console.Page.GotoAsync($"/consola/procesos/{processId}/comite");
        await Expect(console.Page.Locator("[data-agreement='ACU-2-01'] td").Nth(2)).ToContainTextAsync("(vencida al concluir el proceso)");
        await Expect(console.Page.Locator("[data-agreement='ACU-4-01'] td").Nth(2)).ToContainTextAsync("(sin seguimiento: el proceso concluyó)");
        await Expect(console.Page.Locator("[data-agreement='ACU-4-01'] [data-overdue]")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A withdrawn proposal and a merged duplicate are never studied: their pages said «Aún no se registra el estudio de
    /// factibilidad» (and the process page «Aún no se registra.»), as if a study were on its way, long after the process ended.
    /// </summary>
    [Fact]
    public async Task a_withdrawn_or_merged_proposal_says_it_has_no_study_not_that_one_is_still_to_come()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var (a, b, c) = (await Process.SeatedAsync(table, "María G."), await Process.SeatedAsync(table, "José L."), await Process.SeatedAsync(table, "Ana P."));
        var court = await Process.SubmittedAsync(table, a, Court);
        var duplicate = await Process.SubmittedAsync(table, b, "Rehabilitar la cancha");
        var drainage = await Process.SubmittedAsync(table, c, "Drenaje pluvial");
        await Staff($"/api/proposals/{drainage}/withdrawal", new WithdrawProposal(c, "La CEA ya lo tiene programado."));
        await Staff($"/api/proposals/{duplicate}/merge", new MergeProposal(court, "Es la misma cancha."));
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/propuesta.html?id={drainage}");
        await Expect(phone.Heading("Drenaje pluvial")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("[data-fill=feasibility]")).ToHaveTextAsync("No tiene estudio de factibilidad: quien la presentó la retiró.");
        await Expect(phone.Page.Locator("[data-fill=deliberation]")).ToHaveTextAsync("No se registraron argumentos sobre esta propuesta.");
        await phone.AxeAsync("propuesta retirada", output);

        await phone.GotoAsync($"/propuesta.html?id={duplicate}");
        var study = phone.Page.Locator("[data-fill=feasibility]");
        await Expect(study).ToHaveTextAsync($"No tiene estudio de factibilidad propio: se fusionó en {Court}, y el estudio de esa propuesta es el que cuenta.");
        await Expect(study.GetByRole(AriaRole.Link, new() { Name = Court })).ToHaveAttributeAsync("href", $"propuesta.html?id={court}");
        await phone.AxeAsync("propuesta fusionada", output);
        // The proposal it joined says so, in the singular for one («absorbió propuestas duplicadas» for one read wrong).
        await phone.GotoAsync($"/propuesta.html?id={court}");
        await Expect(phone.Page.Locator("[data-fill=merge]")).ToContainTextAsync("Esta propuesta absorbió una propuesta duplicada: Rehabilitar la cancha.");

        // The process page's cards alike; the one still in deliberation keeps waiting for its study.
        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");
        var cards = phone.Page.Locator("#propuestas .card");
        ILocator Card(string title) => cards.Filter(new() { Has = phone.Page.GetByRole(AriaRole.Heading, new() { Name = title }) });
        await Expect(Card("Drenaje pluvial")).ToContainTextAsync("No tiene: se retiró.");
        await Expect(Card("Rehabilitar la cancha")).ToContainTextAsync("No tiene propio: cuenta el de la propuesta en que se fusionó.");
        await Expect(Card(Court)).ToContainTextAsync("Aún no se registra.");
    }

    /// <summary>
    /// A whole plan through the API up to its second committee session: two tables, five proposals (one withdrawn,
    /// one merged), feasibility, the shortlist, the Jornada voted and published, the convenio, two sessions and a
    /// progress report at 35%.
    /// </summary>
    /// <summary>
    /// A plan whose work was published today and whose committee met over the next months: the service's clock runs four
    /// months on from the publication (what follows it is dated from it) until the last value is disposed.
    /// </summary>
    private async Task<(Guid ProcessId, string Title, Guid Court, IDisposable FourMonthsOn)> PlanAtTheSecondCommitteeSessionAsync()
    {
        var process = await Process.StartAsync();
        var id = process.Id;
        var t1 = await Process.ConveneAsync(id, 1, place: "Salón ejidal de Loma Bonita");
        var t2 = await Process.ConveneAsync(id, 2);
        var (a, b, c) = (await Process.SeatedAsync(t1, "María G."), await Process.SeatedAsync(t1, "José L.", "sonterra"), await Process.SeatedAsync(t1, "Ana P."));
        var (d, e, f) = (await Process.SeatedAsync(t2, "Luis R."), await Process.SeatedAsync(t2, "Rosa M."), await Process.SeatedAsync(t2, "Juan C."));

        var court = await Process.SubmittedAsync(t1, a, Court);
        var lights = await Process.SubmittedAsync(t1, b, Lights);
        var duplicate = await Process.SubmittedAsync(t2, d, "Rehabilitar la cancha");
        var park = await Process.SubmittedAsync(t2, e, Park);
        var drainage = await Process.SubmittedAsync(t2, f, "Drenaje pluvial");

        await Staff($"/api/proposals/{court}/arguments", new RecordArgument(b, Stance.For, "Los jóvenes no tienen dónde jugar."));
        await Staff($"/api/proposals/{court}/arguments", new RecordArgument(c, Stance.Against, "Hay una cancha a diez cuadras."));
        await Staff($"/api/proposals/{court}/comments", new RecordComment(c, "Que incluya alumbrado."));
        await Staff($"/api/proposals/{drainage}/withdrawal", new WithdrawProposal(f, "La CEA ya lo tiene programado."));
        foreach (var p in new[] { a, b, c }) await VotingApi.Expect(await Process.EndorseAsync(t1, p, court), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.EndorseAsync(t1, a, lights), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.EndorseAsync(t2, d, duplicate), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.EndorseAsync(t2, e, duplicate), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.EndorseAsync(t2, e, park), HttpStatusCode.OK);
        await Staff($"/api/proposals/{duplicate}/merge", new MergeProposal(court, "Es la misma cancha."));

        await Process.AdvancedAsync(id, Stage.SecondWorkTable);
        await VotingApi.Expect(await Process.StudyAsync(court, viable: true, cost: 2_100_000m), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.StudyAsync(lights, viable: true, cost: 900_000m), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.StudyAsync(park, viable: false), HttpStatusCode.OK);
        var jornadaId = (await ProcessApi.Created<ShortlistResult>(await Process.ShortlistAsync(id))).JornadaId;

        await Process.AdvancedAsync(id, Stage.Jornada);
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(jornadaId));
        await _api.OpenAsync(jornadaId);
        foreach (var option in new[] { "A", "A", "B" })
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), option));
        await _api.CloseAsync(jornadaId);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{jornadaId}/certification",
            new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));
        await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{jornadaId}/publication", null));
        var published = QueretaroTime.Today(service.Clock.GetUtcNow());
        var fourMonthsOn = service.Clock.RunAhead(TimeSpan.FromDays(120));
        try
        {
            await Process.AdvancedAsync(id, Stage.Convenio);
            await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/processes/{id}/convenio", new GobiernoAbierto.Convenio.SignConvenio(
                published.AddDays(30),
                [new ConvenioParty("Municipio de Querétaro", "Municipio"), new ConvenioParty("Instituto Electoral del Estado de Querétaro", "IEEQ")],
                "Convenio de Colaboración para el Plan de Acción Municipal 2020-2021", ConvenioSha256), VotingApi.Json), HttpStatusCode.OK);
            await Process.AdvancedAsync(id, Stage.FirstCommitteeSession);
            await VotingApi.Expect(await Process.RecordSessionAsync(id, Process.Session(1) with { HeldOn = published.AddDays(40) }), HttpStatusCode.OK);
            await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress", new ReportWorkProgress(
                published.AddDays(50), 35, 700_000m,
                [
                    new GobiernoAbierto.Process.Evidence("Bitácora de obra firmada", new string('e', 64), null),
                    new GobiernoAbierto.Process.Evidence("Fotografías de la obra", null, "https://example.org/avance.pdf"),
                ], "Avance según bitácora."), VotingApi.Json), HttpStatusCode.OK);
            await Process.AdvancedAsync(id, Stage.SecondCommitteeSession);
            await VotingApi.Expect(await Process.RecordSessionAsync(id,
                Process.Session(2, [new("ACU-1-01", AgreementStatus.InProgress, "Licitación publicada.")]) with
                {
                    HeldOn = published.AddDays(70),
                    Agenda = [new AgendaItem("combate-corrupcion", "Lista de asistencia"), new AgendaItem("cultura-de-paz", "Foro con la sociedad civil"),
                        new AgendaItem("combate-corrupcion", "Asuntos generales")],
                    Agreements = [new NewAgreement("Publicar el avance de la obra (sesión 2)", "combate-corrupcion", "Secretaría de Obras Públicas", published.AddDays(90))],
                }), HttpStatusCode.OK);
            return (id, process.Title, court, fourMonthsOn);
        }
        catch
        {
            fourMonthsOn.Dispose();
            throw;
        }
    }

    private async Task Staff<T>(string path, T body) =>
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync(path, body, VotingApi.Json), HttpStatusCode.OK);
}
