using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Committee;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Shortlist;
using GobiernoAbierto.Tests.Support;
using GobiernoAbierto.WorkProgress;
using GobiernoAbierto.WorkTables;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_the_plan_runs_from_the_first_table_to_the_fourth_committee_session(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    [Fact]
    public async Task every_stage_happens_in_order_and_the_shortlist_becomes_the_ballot()
    {
        var process = await Process.StartAsync();
        var id = process.Id;
        Assert.Equal(Stage.FirstWorkTable, process.CurrentStage);

        // First work table: two tables, participants from the territory, proposals, deliberation, prioritisation.
        var t1 = await Process.ConveneAsync(id, 1);
        var t2 = await Process.ConveneAsync(id, 2);
        var (a, b, c) = (await Process.SeatedAsync(t1, "María G."), await Process.SeatedAsync(t1, "José L.", "sonterra"), await Process.SeatedAsync(t1, "Ana P."));
        var (d, e, f) = (await Process.SeatedAsync(t2, "Luis R."), await Process.SeatedAsync(t2, "Rosa M."), await Process.SeatedAsync(t2, "Juan C."));

        var court = await Process.SubmittedAsync(t1, a, "Cancha de usos múltiples");
        var lights = await Process.SubmittedAsync(t1, b, "Alumbrado en la calle principal");
        var duplicate = await Process.SubmittedAsync(t2, d, "Rehabilitar la cancha");
        var park = await Process.SubmittedAsync(t2, e, "Parque lineal");
        var drainage = await Process.SubmittedAsync(t2, f, "Drenaje pluvial");

        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/proposals/{court}/arguments",
            new RecordArgument(b, Stance.For, "Los jóvenes no tienen dónde jugar."), VotingApi.Json), HttpStatusCode.OK);
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/proposals/{court}/arguments",
            new RecordArgument(c, Stance.Against, "Hay una cancha a diez cuadras."), VotingApi.Json), HttpStatusCode.OK);
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/proposals/{court}/comments",
            new RecordComment(c, "Que incluya alumbrado."), VotingApi.Json), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/proposals/{drainage}/withdrawal",
            new WithdrawProposal(d, "No soy el autor."), VotingApi.Json), HttpStatusCode.Forbidden, "not_the_author");
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/proposals/{drainage}/withdrawal",
            new WithdrawProposal(f, "La CEA ya lo tiene programado."), VotingApi.Json), HttpStatusCode.OK);

        foreach (var p in new[] { a, b, c }) await VotingApi.Expect(await Process.EndorseAsync(t1, p, court), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.EndorseAsync(t1, a, lights), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.EndorseAsync(t2, d, duplicate), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.EndorseAsync(t2, e, duplicate), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.EndorseAsync(t2, e, park), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await Process.EndorseAsync(t2, e, court), HttpStatusCode.UnprocessableEntity, "proposal_not_at_table");

        // A duplicate across tables is merged; its endorsers count for the proposal it joins, once each.
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/proposals/{duplicate}/merge",
            new MergeProposal(court, "Es la misma cancha."), VotingApi.Json), HttpStatusCode.OK);

        await Process.AdvancedAsync(id, Stage.SecondWorkTable);
        await VotingApi.ExpectProblem(await Process.SubmitAsync(t1, a, "Propuesta tardía"), HttpStatusCode.Conflict, "wrong_stage");
        await VotingApi.ExpectProblem(await Process.EndorseAsync(t2, f, park), HttpStatusCode.Conflict, "wrong_stage");

        // Second work table: feasibility, then the shortlist of two viable proposals.
        await VotingApi.Expect(await Process.StudyAsync(court, viable: true, cost: 2_100_000m), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.StudyAsync(lights, viable: true, cost: 900_000m), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.StudyAsync(park, viable: false), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await Process.StudyAsync(drainage, viable: true), HttpStatusCode.Conflict, "proposal_inactive");

        var ranking = await VotingApi.Read<RankingView>(await _api.Anonymous.GetAsync($"/api/processes/{id}/ranking"));
        Assert.Equal(court, ranking.Rows[0].ProposalId);
        Assert.Equal(5, ranking.Rows[0].Endorsements);
        Assert.DoesNotContain(ranking.Rows, r => r.ProposalId == duplicate || r.ProposalId == drainage);

        await VotingApi.ExpectProblem(await Process.ShortlistAsync(id, [court, park]), HttpStatusCode.UnprocessableEntity, "proposal_not_viable");
        // An identifier that already names another record (here the process's own stream) creates nothing.
        await VotingApi.ExpectProblem(await Process.ShortlistAsync(id, jornadaId: id), HttpStatusCode.Conflict, "jornada_id_taken");
        var chosenJornada = Guid.NewGuid(); // the client's identifier for the Jornada the choice creates
        var shortlist = await ProcessApi.Created<ShortlistResult>(await Process.ShortlistAsync(id, jornadaId: chosenJornada));
        Assert.Equal(chosenJornada, shortlist.JornadaId);
        Assert.Equal(ProcessRanking.Rule, shortlist.Rule);
        Assert.Equal([court, lights], shortlist.Options.Select(o => o.ProposalId!.Value));
        Assert.Equal(2_100_000m, shortlist.Options[0].EstimatedCost);
        // The same choice sent again (a retry) is refused as sent, naming its Jornada; another choice, as already made.
        var resent = await VotingApi.ExpectProblem(await Process.ShortlistAsync(id, jornadaId: chosenJornada), HttpStatusCode.Conflict, "shortlist_already_sent");
        Assert.Contains(chosenJornada.ToString(), resent.GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await Process.ShortlistAsync(id), HttpStatusCode.Conflict, "shortlist_already_chosen");

        // The shortlist is the ballot: no hand copying, and no vote before the process reaches the Jornada.
        var jornadaId = shortlist.JornadaId;
        var jornada = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornadaId}"));
        Assert.Equal(id, jornada.ProcessId);
        Assert.Equal(["Cancha de usos múltiples", "Alumbrado en la calle principal"], jornada.Options.Select(o => o.Title));
        await VotingApi.ExpectProblem(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornadaId}/options", VotingApi.TwoWorks, VotingApi.Json),
            HttpStatusCode.Conflict, "options_from_shortlist");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{jornadaId}/open", null), HttpStatusCode.Conflict, "wrong_stage");

        await Process.AdvancedAsync(id, Stage.Jornada);
        // At the Jornada stage the retry was told «no corresponde a la etapa»: it is still the choice it made.
        await VotingApi.ExpectProblem(await Process.ShortlistAsync(id, jornadaId: chosenJornada), HttpStatusCode.Conflict, "shortlist_already_sent");
        await VotingApi.ExpectProblem(await Process.AdvanceAsync(id, Stage.Convenio), HttpStatusCode.Conflict, "chosen_project_not_published");
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(jornadaId));
        await _api.OpenAsync(jornadaId);
        foreach (var option in new[] { "A", "A", "B" }) await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), option));
        await _api.CloseAsync(jornadaId);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{jornadaId}/certification", new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));
        await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{jornadaId}/publication", null));
        // Publication settles both proposals' public status at once: the court won, the lights were not chosen.
        Assert.Equal(PublicStatus.Chosen, (await VotingApi.Read<ProposalDetails>(await _api.Anonymous.GetAsync($"/api/proposals/{court}"))).Status);
        var notChosen = await VotingApi.Read<ProposalDetails>(await _api.Anonymous.GetAsync($"/api/proposals/{lights}"));
        Assert.Equal((PublicStatus.NotChosen, "not_chosen"), (notChosen.Status, notChosen.Timeline[^1].Kind));
        // The process names its chosen work from the publication, as the work's progress does: until staff advanced the
        // stage its page named the work at the top and none in the Jornada's section (an outside tester's).
        var published = await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{id}"));
        Assert.Equal((court, Stage.Jornada), (published.ChosenWork?.ProposalId, published.CurrentStage));

        // After the vote: the chosen work, the convenio, four sessions with agreements followed, progress reports.
        await VotingApi.ExpectProblem(await Process.RecordSessionAsync(id, Process.Session(1)), HttpStatusCode.Conflict, "wrong_stage");
        await Process.AdvancedAsync(id, Stage.Convenio);
        await VotingApi.Expect(await Process.SignConvenioAsync(id), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await Process.SignConvenioAsync(id), HttpStatusCode.Conflict, "convenio_already_signed");
        await Process.AdvancedAsync(id, Stage.FirstCommitteeSession);
        await VotingApi.Expect(await Process.RecordSessionAsync(id, Process.Session(1)), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await Process.RecordSessionAsync(id, Process.Session(2)), HttpStatusCode.Conflict, "wrong_stage");
        await VotingApi.Expect(await Report(id, 35, 700_000m), HttpStatusCode.OK);
        await Process.AdvancedAsync(id, Stage.SecondCommitteeSession);
        await VotingApi.Expect(await Process.RecordSessionAsync(id, Process.Session(2, [new("ACU-1-01", AgreementStatus.InProgress, "En curso.")])), HttpStatusCode.OK);
        await Process.AdvancedAsync(id, Stage.ThirdCommitteeSession);
        await VotingApi.Expect(await Process.RecordSessionAsync(id, Process.Session(3, [new("ACU-1-01", AgreementStatus.Done, "Publicado en el portal.")])), HttpStatusCode.OK);
        await VotingApi.Expect(await Report(id, 100, 2_050_000m), HttpStatusCode.OK);
        await Process.AdvancedAsync(id, Stage.FourthCommitteeSession);
        await VotingApi.ExpectProblem(await Process.RecordSessionAsync(id, Process.Session(4, [new("ACU-1-01", AgreementStatus.InProgress, "Reabrir.")])),
            HttpStatusCode.Conflict, "agreement_closed");
        await VotingApi.Expect(await Process.RecordSessionAsync(id, Process.Session(4, [new("ACU-2-01", AgreementStatus.Cancelled, "Ya no aplica.")])), HttpStatusCode.OK);
        await Process.AdvancedAsync(id, Stage.Concluded);

        var timeline = await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{id}"));
        Assert.Equal(Stage.Concluded, timeline.CurrentStage);
        Assert.All(timeline.Stages.Where(s => s.Stage != Stage.Concluded), s => Assert.Equal(StageStatus.Done, s.Status));
        Assert.Equal(new DateOnly(2020, 10, 1), timeline.Stages[0].PlannedOn);
        Assert.Equal(court, timeline.ChosenWork!.ProposalId);
        Assert.Equal(4, timeline.CommitteeSessionsHeld);
        Assert.Equal("Infoqro", timeline.Convenio!.Parties[3].Name);

        var chosen = await VotingApi.Read<ProposalDetails>(await _api.Anonymous.GetAsync($"/api/proposals/{court}"));
        Assert.Equal(PublicStatus.Chosen, chosen.Status);
        Assert.Equal((1, 1, 1), (chosen.ArgumentsFor, chosen.ArgumentsAgainst, chosen.Comments));
        Assert.Equal([duplicate], chosen.AbsorbedDuplicates);
        Assert.Equal(["submitted", "argument", "argument", "comment", "endorsed", "endorsed", "endorsed", "absorbed", "feasibility", "shortlisted", "chosen"],
            chosen.Timeline.Select(t => t.Kind));
        Assert.DoesNotContain(chosen.Timeline, t => t.Text.Contains("María"));

        var committee = await VotingApi.Read<CommitteeFollowUp>(await _api.Anonymous.GetAsync($"/api/processes/{id}/committee"));
        Assert.Equal(4, committee.Sessions.Count);
        var first = committee.Agreements.Single(x => x.Id == "ACU-1-01");
        Assert.Equal([AgreementStatus.Pending, AgreementStatus.InProgress, AgreementStatus.Done], first.History.Select(h => h.Status));
        Assert.Equal(AgreementStatus.Cancelled, committee.Agreements.Single(x => x.Id == "ACU-2-01").Status);

        var progress = await VotingApi.Read<ChosenWorkProgress>(await _api.Anonymous.GetAsync($"/api/processes/{id}/work-progress"));
        Assert.Equal(100, progress.PercentComplete);
        Assert.Equal(2_100_000m, progress.Budget);
        Assert.Equal(97.6m, progress.SpentOfBudgetPercent);
        Assert.Equal(2, progress.Reports.Count);
    }

    private Task<HttpResponseMessage> Report(Guid processId, int percent, decimal spent) =>
        _api.Staff.PostAsJsonAsync($"/api/processes/{processId}/work-progress", new ReportWorkProgress(
            Process.Today, percent, spent,
            [new GobiernoAbierto.Process.Evidence("Fotografías de la obra", null, "https://example.org/avance.pdf")], "Avance según bitácora."), VotingApi.Json);
}

/// <summary>
/// A client whose answer was lost sent «iniciar el proceso» again and got a second process. With an identifier it chose,
/// the same request sent again finds the process it started; the identifier with other data changes nothing.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_process_is_started_with_an_identifier_the_client_chose(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private async Task<List<ProcessSummary>> NamedAsync(string title) =>
        (await VotingApi.Read<List<ProcessSummary>>(await _api.Anonymous.GetAsync("/api/processes"))).Where(p => p.Title.StartsWith(title)).ToList();

    [Fact]
    public async Task it_starts_under_that_identifier_and_sent_again_it_names_the_first_and_starts_no_other()
    {
        var id = Guid.NewGuid();
        var command = ProcessApi.NewProcess() with { ProcessId = id };

        var started = await ProcessApi.Created<ProcessTimeline>(await _api.Staff.PostAsJsonAsync("/api/processes", command, VotingApi.Json));
        Assert.Equal(id, started.Id);

        var again = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync("/api/processes", command, VotingApi.Json),
            HttpStatusCode.Conflict, StartProcessEndpoint.AlreadyStartedCode);
        Assert.Contains($"«{command.Title}»", again.GetProperty("detail").GetString());
        Assert.Equal(id, again.GetProperty("processId").GetGuid());

        // The identifier with other data is not a retry: refused, and the process keeps what it started with.
        var other = command with { Title = command.Title + " (otro)", Axes = [.. command.Axes.Reverse()] };
        var reused = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync("/api/processes", other, VotingApi.Json),
            HttpStatusCode.Conflict, StartProcessEndpoint.IdReusedCode);
        Assert.Equal(id, reused.GetProperty("processId").GetGuid());
        Assert.Equal(id, Assert.Single(await NamedAsync(command.Title)).Id);
        Assert.Equal(command.Title, (await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{id}"))).Title);

        // Another record's identifier is not taken over.
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        var elsewhere = ProcessApi.NewProcess() with { ProcessId = jornada.Id };
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync("/api/processes", elsewhere, VotingApi.Json), HttpStatusCode.Conflict, "process_id_taken");
        Assert.Empty(await NamedAsync(elsewhere.Title));

        // Without one, the service chooses: the same request twice is two processes, as before.
        var unnamed = ProcessApi.NewProcess();
        foreach (var _ in new[] { 1, 2 }) await ProcessApi.Created<ProcessTimeline>(await _api.Staff.PostAsJsonAsync("/api/processes", unnamed, VotingApi.Json));
        Assert.Equal(2, (await NamedAsync(unnamed.Title)).Count);
    }

    /// <summary>Two sendings of the same request at once: one process, and the other sending answered with a 409, not a 500.</summary>
    [Fact]
    public async Task the_same_request_sent_twice_at_once_starts_one_process()
    {
        var id = Guid.NewGuid();
        var command = ProcessApi.NewProcess() with { ProcessId = id };
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _api.Staff.PostAsJsonAsync("/api/processes", command, VotingApi.Json)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created)) // they take turns: told it was started
            Assert.Equal(id, (await VotingApi.ExpectProblem(refused, HttpStatusCode.Conflict, StartProcessEndpoint.AlreadyStartedCode)).GetProperty("processId").GetGuid());
        Assert.Single(await NamedAsync(command.Title));
    }
}

/// <summary>
/// A seat's answer lost and the request sent again (a client's retry, a form sent twice): eight sends of «Juana Pérez»
/// seated eight Juanas, each taking a place at a table of nine.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_seat_is_sent_again_under_its_idempotency_key(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    private Task<HttpResponseMessage> SeatAsync(Guid table, string key, string name = "Juana Pérez")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/work-tables/{table}/participants")
        {
            Content = JsonContent.Create(new SeatParticipant(name, "loma-bonita"), options: VotingApi.Json),
        };
        request.Headers.Add("Idempotency-Key", key);
        return _api.Staff.SendAsync(request);
    }

    [Fact]
    public async Task the_person_is_seated_once_and_every_repeat_is_answered_with_that_seat()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1, capacity: 9);
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SeatAsync(table, key)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, a.StatusCode.ToString()));
        var seats = await Task.WhenAll(answers.Select(a => a.Content.ReadFromJsonAsync<ParticipantSeatAssigned>(VotingApi.Json)));
        Assert.Single(seats.Select(s => s!.ParticipantId).Distinct());
        Assert.All(seats, s => Assert.Equal((1, 9), (s!.Seated, s.Capacity)));
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
            Assert.Equal("Juana Pérez", Assert.Single((await session.LoadAsync<WorkTable>(table))!.Participants).DisplayName);

        await VotingApi.ExpectProblem(await SeatAsync(table, key, "Pedro Ruiz"), HttpStatusCode.UnprocessableEntity, "idempotency_key_other_seat");
        await VotingApi.ExpectProblem(await SeatAsync(table, "corta"), HttpStatusCode.BadRequest, "invalid_idempotency_key");
        // Another key is another person, and the same key at another table seats there.
        Assert.Equal(HttpStatusCode.Created, (await SeatAsync(table, Guid.NewGuid().ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SeatAsync(await Process.ConveneAsync(process.Id, 2), key)).StatusCode);
    }

    [Fact]
    public async Task a_proposal_sent_again_under_its_key_is_recorded_once()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var author = await Process.SeatedAsync(table, "Rosa M.");
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> SubmitAsync(string title = "Alumbrado en la calle Pino")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/work-tables/{table}/proposals")
            {
                Content = JsonContent.Create(new SubmitProposal(author, title, "Luminarias en toda la calle.", "loma-bonita", WorkCategory.Lighting, 850_000m),
                    options: VotingApi.Json),
            };
            request.Headers.Add("Idempotency-Key", key);
            return _api.Staff.SendAsync(request);
        }

        // Sent at the same moment, each waits for the process's lock and then finds what the one before recorded.
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SubmitAsync()));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, a.StatusCode.ToString()));
        var created = await ProcessApi.Created<ProposalCreated>(answers.Single(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(created.ProposalId, (await VotingApi.Read<ProposalCreated>(await SubmitAsync())).ProposalId);
        await VotingApi.ExpectProblem(await SubmitAsync("Otra obra"), HttpStatusCode.UnprocessableEntity, "idempotency_key_other_proposal");

        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(created.ProposalId, Assert.Single(await session.Query<Proposal>().Where(p => p.TableId == table).ToListAsync()).Id);
    }
}

/// <summary>
/// A proposal worked on from several desks at the same moment (the table's secretary typing comments, another a study, a
/// double click on «Retirar»): every writer of a proposal takes its process's lock before it reads the proposal, so each
/// decides on what the one before it left, never failing on the proposal's version (409 concurrent_change).
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_proposal_is_worked_on_from_several_desks_at_once(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    private async Task<List<object>> FactsOf(Guid stream)
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(stream)).Select(e => e.Data).ToList();
    }

    [Fact]
    public async Task comments_arguments_and_a_study_sent_at_once_are_all_recorded()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var people = new List<Guid>();
        for (var i = 0; i < 3; i++) people.Add(await Process.SeatedAsync(table, $"Persona {i}"));
        var proposal = await Process.SubmittedAsync(table, people[0], "Alumbrado en la calle Pino");

        var sends = Enumerable.Range(0, 6).Select(i => Task.Run(() => _api.Staff.PostAsJsonAsync($"/api/proposals/{proposal}/comments",
                new RecordComment(people[i % 3], $"Comentario {i}"), VotingApi.Json)))
            .Concat(Enumerable.Range(0, 2).Select(i => Task.Run(() => _api.Staff.PostAsJsonAsync($"/api/proposals/{proposal}/arguments",
                new RecordArgument(people[i], i == 0 ? Stance.For : Stance.Against, $"Argumento {i}"), VotingApi.Json))))
            .Append(Task.Run(() => Process.StudyAsync(proposal, viable: true)));

        Assert.All(await VotingApi.Outcomes(await Task.WhenAll(sends)), code => Assert.Equal("200", code));
        var facts = await FactsOf(proposal);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"Comentario {i}"), facts.OfType<CommentRecorded>().Select(c => c.Text).Order());
        Assert.Equal(2, facts.OfType<ArgumentRecorded>().Count());
        Assert.Single(facts.OfType<FeasibilityStudyRecorded>());
    }

    [Fact]
    public async Task a_withdrawal_sent_several_times_at_once_withdraws_once_and_a_study_at_the_same_moment_is_told_why()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var author = await Process.SeatedAsync(table, "Rosa M.");
        var proposal = await Process.SubmittedAsync(table, author, "Alumbrado en la calle Pino");

        var answers = await VotingApi.Outcomes(await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            _api.Staff.PostAsJsonAsync($"/api/proposals/{proposal}/withdrawal", new WithdrawProposal(author, "Ya no aplica."), VotingApi.Json)))
            .Append(Task.Run(() => Process.StudyAsync(proposal, viable: true)))));

        Assert.Equal(["200", .. Enumerable.Repeat("409 proposal_inactive", 5)], answers[..6].Order());
        Assert.Contains(answers[6], new[] { "200", "409 proposal_inactive" });
        var facts = await FactsOf(proposal);
        Assert.Single(facts.OfType<ProposalWithdrawn>());
        Assert.Equal(answers[6] == "200" ? 1 : 0, facts.OfType<FeasibilityStudyRecorded>().Count());
    }

    /// <summary>The console's proposal page, its comment form posted from four desks at once: four comments, no error page.</summary>
    [Fact]
    public async Task the_consoles_comments_sent_from_several_desks_at_once_are_all_recorded()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var person = await Process.SeatedAsync(table, "Persona de la prueba");
        var proposal = await Process.SubmittedAsync(table, person, "Alumbrado en la calle Pino");
        using var desk = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        var page = await desk.GetStringAsync($"/consola/propuestas/{proposal}");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => desk.PostAsync($"/consola/propuestas/{proposal}?handler=Said",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Said.ParticipantId"] = person.ToString(), ["Said.Stance"] = "", ["Said.Text"] = $"Comentario {i}",
            })))));

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Redirect, $"/consola/propuestas/{proposal}"), (a.StatusCode, a.Headers.Location?.OriginalString)));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => $"Comentario {i}"), (await FactsOf(proposal)).OfType<CommentRecorded>().Select(c => c.Text).Order());
    }

    /// <summary>
    /// The race made certain: the process's lock held from here, the seat's freeing sent and waiting for it, then the
    /// person's proposal sent and waiting too. Freed first, the proposal must then be refused: before, it read the table
    /// before any lock and was recorded by a freed seat.
    /// </summary>
    [Fact]
    public async Task a_seat_freed_while_its_person_submits_a_proposal_never_leaves_a_proposal_by_a_freed_seat()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var person = await Process.SeatedAsync(table, "Persona de la prueba");

        Task<HttpResponseMessage> voiding, submitting;
        await using (await JornadaLock.HoldAsync(service, process.Id))
        {
            voiding = Task.Run(() => _api.Staff.PostAsJsonAsync($"/api/work-tables/{table}/voided-seats", new VoidSeat(person, "Se registró dos veces."), VotingApi.Json));
            await JornadaLock.CommitsWaitingAsync(service, 1);
            submitting = Task.Run(() => Process.SubmitAsync(table, person, "Obra de un lugar anulado"));
            await JornadaLock.CommitsWaitingAsync(service, 2);
        }

        Assert.Equal("200", (await VotingApi.Outcomes([await voiding])).Single());
        Assert.Equal("422 not_seated", (await VotingApi.Outcomes([await submitting])).Single());
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Empty(await session.Query<Proposal>().Where(p => p.TableId == table).ToListAsync());
    }
}

[Collection(SharedService.Name)]
public sealed class when_a_process_rule_is_broken(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    [Fact]
    public async Task concurrent_endorsements_at_every_table_are_all_counted_in_the_ranking()
    {
        var process = await Process.StartAsync();
        var tables = new List<(Guid Table, Guid Proposal, List<Guid> People)>();
        for (var n = 1; n <= 4; n++)
        {
            var table = await Process.ConveneAsync(process.Id, n);
            var people = new List<Guid>();
            for (var i = 0; i < 9; i++) people.Add(await Process.SeatedAsync(table, $"Persona {n}-{i}"));
            tables.Add((table, await Process.SubmittedAsync(table, people[0], $"Obra de la mesa {n}"), people));
        }

        var endorsements = tables.SelectMany(t => t.People.Select(p => Process.EndorseAsync(t.Table, p, t.Proposal)));
        foreach (var response in await Task.WhenAll(endorsements)) await VotingApi.Expect(response, HttpStatusCode.OK);

        var ranking = await VotingApi.Read<RankingView>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}/ranking"));
        Assert.All(ranking.Rows, r => Assert.Equal(9, r.Endorsements));
        foreach (var (_, proposal, _) in tables)
            Assert.Equal(9, (await VotingApi.Read<ProposalDetails>(await _api.Anonymous.GetAsync($"/api/proposals/{proposal}"))).Endorsements);
    }

    /// <summary>
    /// An outside tester moved a process to the second table with nothing done at the first: no proposal can be presented
    /// after it, so the process could never reach its Jornada. The advance now waits for two proposals in deliberation.
    /// </summary>
    [Fact]
    public async Task the_first_table_gives_way_only_once_two_proposals_are_in_deliberation()
    {
        var process = await Process.StartAsync();
        await VotingApi.ExpectProblem(await Process.AdvanceAsync(process.Id, Stage.SecondWorkTable), HttpStatusCode.Conflict,
            AdvanceStageEndpoint.ProposalsMissing);
        var table = await Process.ConveneAsync(process.Id, 1);
        await Process.SubmittedAsync(table, await Process.SeatedAsync(table, "Una"), "Alumbrado del parque");
        var refused = await VotingApi.ExpectProblem(await Process.AdvanceAsync(process.Id, Stage.SecondWorkTable), HttpStatusCode.Conflict,
            AdvanceStageEndpoint.ProposalsMissing);
        Assert.Contains("hacen falta al menos dos propuestas en deliberación, y hay una", refused.GetProperty("detail").GetString());

        await Process.SubmittedAsync(table, await Process.SeatedAsync(table, "Otra"), "Banquetas de la calle 5");
        await Process.AdvancedAsync(process.Id, Stage.SecondWorkTable);
    }

    [Fact]
    public async Task a_full_table_and_a_colonia_outside_the_territory_are_refused()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1, capacity: 2);
        await VotingApi.ExpectProblem(await Process.SeatAsync(table, "Fuera", "centro-historico"), HttpStatusCode.UnprocessableEntity, "colonia_outside_territory");
        await Process.SeatedAsync(table, "Uno");
        await Process.SeatedAsync(table, "Dos");
        await VotingApi.ExpectProblem(await Process.SeatAsync(table, "Tres"), HttpStatusCode.Conflict, "table_full");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/work-tables",
            new ConveneWorkTable(1, "Otra", TableMode.InPerson, 9, DateTimeOffset.UtcNow, "Biblioteca del Centro Cívico"), VotingApi.Json),
            HttpStatusCode.Conflict, "table_number_taken");
        var view = await VotingApi.Read<WorkTableView>(await _api.Anonymous.GetAsync($"/api/work-tables/{table}"));
        Assert.Equal(2, view.Seated);
        Assert.All(view.Participants, p => Assert.Null(p.DisplayName)); // names are for staff only
    }

    [Fact]
    public async Task an_in_person_table_is_convened_with_where_it_meets_and_the_public_reads_it()
    {
        var process = await Process.StartAsync();
        Task<HttpResponseMessage> Convene(ConveneWorkTable command) =>
            _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/work-tables", command, VotingApi.Json);
        var inPerson = new ConveneWorkTable(1, "Mesa presencial", TableMode.InPerson, 9, DateTimeOffset.UtcNow.AddDays(2));

        var refused = await VotingApi.ExpectProblem(await Convene(inPerson with { Place = "  " }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(ConveneWorkTableValidator.PlaceRequired, refused.GetProperty("errors").GetProperty("place")[0].GetString());

        var created = await ProcessApi.Created<WorkTableCreated>(await Convene(inPerson with { Place = " Salón de usos múltiples, Col. Lomas de Casa Blanca " }));
        var view = await VotingApi.Read<WorkTableView>(await _api.Anonymous.GetAsync($"/api/work-tables/{created.TableId}"));
        Assert.Equal("Salón de usos múltiples, Col. Lomas de Casa Blanca", view.Place);

        // A virtual table needs none.
        var online = await ProcessApi.Created<WorkTableCreated>(await Convene(new ConveneWorkTable(2, "Mesa virtual", TableMode.Virtual, 9, DateTimeOffset.UtcNow.AddDays(3))));
        Assert.Null((await VotingApi.Read<WorkTableView>(await _api.Anonymous.GetAsync($"/api/work-tables/{online.TableId}"))).Place);
    }

    /// <summary>
    /// At a table where a colonia has one participant, a participant's id beside their colonia (the table) and among a
    /// proposal's endorsers would tell anyone what that person backed: the public reads colonias and counts only.
    /// </summary>
    [Fact]
    public async Task the_public_reads_how_many_back_a_proposal_not_who()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var rosa = await Process.SeatedAsync(table, "Rosa");
        var proposal = await Process.SubmittedAsync(table, rosa, "Cancha");
        await VotingApi.Expect(await Process.EndorseAsync(table, rosa, proposal), HttpStatusCode.OK);

        var seats = await VotingApi.Read<WorkTableView>(await _api.Anonymous.GetAsync($"/api/work-tables/{table}"));
        Assert.All(seats.Participants, p => Assert.Equal((null, null, (int?)null), (p.ParticipantId, p.DisplayName, p.EndorsementsUsed)));
        Assert.Equal("loma-bonita", seats.Participants.Single().ColoniaId);
        var listed = await VotingApi.Read<List<WorkTableView>>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}/work-tables"));
        Assert.All(listed.SelectMany(t => t.Participants), p => Assert.Null(p.ParticipantId));
        foreach (var path in new[] { $"/api/proposals/{proposal}", $"/api/processes/{process.Id}/proposals" })
        {
            var json = await (await _api.Anonymous.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.Contains("\"endorsements\":1", json);
            Assert.DoesNotContain("endorsers", json);
            Assert.DoesNotContain(rosa.ToString(), json);
        }

        // Staff still see who backs it (to void an endorsement recorded by mistake) and who sits where.
        Assert.Equal([rosa], (await VotingApi.Read<ProposalDetails>(await _api.Staff.GetAsync($"/api/proposals/{proposal}"))).Endorsers);
        Assert.Equal(rosa, (await VotingApi.Read<WorkTableView>(await _api.Staff.GetAsync($"/api/work-tables/{table}"))).Participants.Single().ParticipantId);
    }

    [Fact]
    public async Task stages_only_advance_in_order_and_each_endorses_at_most_three()
    {
        var process = await Process.StartAsync();
        await VotingApi.ExpectProblem(await Process.AdvanceAsync(process.Id, Stage.Jornada), HttpStatusCode.Conflict, "stage_out_of_order");
        // A stage no name stands for goes out as the number 99, and an enum is read by its name only.
        await VotingApi.ExpectProblem(await Process.AdvanceAsync(process.Id, (Stage)99), HttpStatusCode.BadRequest, "invalid_request_body");
        // Two names at once, which System.Text.Json alone reads as the two combined: not one of the names.
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/processes/{process.Id}/stage",
            new StringContent("{\"to\": \"Concluded, SecondWorkTable\"}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid_request_body");
        var table = await Process.ConveneAsync(process.Id, 1);
        var author = await Process.SeatedAsync(table, "Autora");
        // The endorsement has no rules of its own to check its body: a null one is refused as every other is (it was a 500).
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/work-tables/{table}/endorsements",
            new StringContent("null", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "missing_request_body");
        var proposals = new List<Guid>();
        for (var i = 0; i < 4; i++) proposals.Add(await Process.SubmittedAsync(table, author, $"Obra {i}"));
        for (var i = 0; i < 3; i++) await VotingApi.Expect(await Process.EndorseAsync(table, author, proposals[i]), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await Process.EndorseAsync(table, author, proposals[0]), HttpStatusCode.Conflict, "already_endorsed");
        await VotingApi.ExpectProblem(await Process.EndorseAsync(table, author, proposals[3]), HttpStatusCode.Conflict, "endorsements_exhausted");

        // Withdrawing a proposal gives its endorsement back.
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/proposals/{proposals[1]}/withdrawal",
            new WithdrawProposal(author, "Ya la atiende otro programa."), VotingApi.Json), HttpStatusCode.OK);
        var seat = (await VotingApi.Read<WorkTableView>(await _api.Staff.GetAsync($"/api/work-tables/{table}"))).Participants.Single();
        Assert.Equal(2, seat.EndorsementsUsed);
        var afterFourth = await VotingApi.Read<WorkTableView>(await Process.EndorseAsync(table, author, proposals[3]));
        Assert.Equal(3, afterFourth.Participants.Single().EndorsementsUsed);

        await Process.AdvancedAsync(process.Id, Stage.SecondWorkTable);
        await VotingApi.ExpectProblem(await Process.AdvanceAsync(process.Id, Stage.Jornada), HttpStatusCode.Conflict, "shortlist_missing");
    }

    /// <summary>
    /// An endorsement recorded for the wrong person or proposal is voided with a reason: the ranking and the proposal's
    /// public page lose it, the person can give it again, and the proposal's history says it was voided and why.
    /// </summary>
    [Fact]
    public async Task an_endorsement_recorded_by_mistake_is_voided_with_its_reason_and_can_be_given_again()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var (rosa, luis) = (await Process.SeatedAsync(table, "Rosa M."), await Process.SeatedAsync(table, "Luis P."));
        var (court, lights) = (await Process.SubmittedAsync(table, rosa, "Cancha"), await Process.SubmittedAsync(table, rosa, "Alumbrado"));
        await VotingApi.Expect(await Process.EndorseAsync(table, rosa, court), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.EndorseAsync(table, luis, court), HttpStatusCode.OK);
        Task<HttpResponseMessage> Void(VoidEndorsement command) =>
            _api.Staff.PostAsJsonAsync($"/api/work-tables/{table}/voided-endorsements", command, VotingApi.Json);

        await VotingApi.ExpectProblem(await Void(new VoidEndorsement(luis, court, " ")), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await Void(new VoidEndorsement(luis, lights, "Error")), HttpStatusCode.Conflict, "not_endorsed");
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Auditor.PostAsJsonAsync($"/api/work-tables/{table}/voided-endorsements",
            new VoidEndorsement(luis, court, "Error"), VotingApi.Json)).StatusCode);
        var view = await VotingApi.Read<WorkTableView>(await Void(new VoidEndorsement(luis, court, "Luis respaldaba el alumbrado, no la cancha.")));

        Assert.Equal(0, view.Participants.Single(p => p.ParticipantId == luis).EndorsementsUsed);
        var ranking = await VotingApi.Read<RankingView>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}/ranking"));
        Assert.Equal(1, ranking.Rows.Single(r => r.ProposalId == court).Endorsements);
        var details = await VotingApi.Read<ProposalDetails>(await _api.Anonymous.GetAsync($"/api/proposals/{court}"));
        Assert.Equal(1, details.Endorsements);
        Assert.Equal(("endorsement_voided", "Se anuló un respaldo registrado por error."), (details.Timeline[^1].Kind, details.Timeline[^1].Text));
        // The public history never names anyone: the reason, which may, stays with the table's record.
        Assert.DoesNotContain("Luis", await _api.Anonymous.GetStringAsync($"/api/proposals/{court}"));
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
            Assert.Equal("Luis respaldaba el alumbrado, no la cancha.",
                (await session.Events.FetchStreamAsync(table)).Select(e => e.Data).OfType<EndorsementVoided>().Single().Reason);
        await VotingApi.ExpectProblem(await Void(new VoidEndorsement(luis, court, "Otra vez")), HttpStatusCode.Conflict, "not_endorsed");
        await VotingApi.Expect(await Process.EndorseAsync(table, luis, lights), HttpStatusCode.OK);

        await Process.AdvancedAsync(process.Id, Stage.SecondWorkTable);
        await VotingApi.ExpectProblem(await Void(new VoidEndorsement(rosa, court, "Error")), HttpStatusCode.Conflict, "wrong_stage");
    }

    /// <summary>
    /// Staff read at the table's console page what was voided there and why: the endorsement (whose, of which proposal)
    /// and the seat, each with its reason, when, and who recorded it; the person is still named after their seat is freed.
    /// The public answers never carry a reason.
    /// </summary>
    [Fact]
    public async Task the_tables_console_page_lists_each_void_with_its_reason_and_the_public_never_sees_them()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var (rosa, luis) = (await Process.SeatedAsync(table, "Rosa M."), await Process.SeatedAsync(table, "Luis P."));
        var court = await Process.SubmittedAsync(table, rosa, "Cancha techada");
        await VotingApi.Expect(await Process.EndorseAsync(table, luis, court), HttpStatusCode.OK);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        using var console = await ConsoleAccounts.SignedInClientAsync(service, staff);

        var before = await console.GetStringAsync($"/consola/mesas/{table}");
        Assert.Contains("Anulaciones", before);
        Assert.Contains("Aún no se ha anulado ningún respaldo ni lugar en esta mesa.", before);

        var endorsementReason = "Se anotó a Luis: el respaldo era de su vecina.";
        var seatReason = "Luis vive fuera del territorio de esta mesa.";
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/work-tables/{table}/voided-endorsements",
            new VoidEndorsement(luis, court, endorsementReason), VotingApi.Json), HttpStatusCode.OK);
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/work-tables/{table}/voided-seats",
            new VoidSeat(luis, seatReason), VotingApi.Json), HttpStatusCode.OK);

        var page = await console.GetStringAsync($"/consola/mesas/{table}");
        var voids = Regex.Match(page, "<section aria-labelledby=\"voids-title\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        var rows = Regex.Matches(voids, "<tr><td>.*?</tr>", RegexOptions.Singleline)
            .Select(row => string.Join(" | ", Regex.Matches(row.Value, "<td>(.*?)</td>").Select(cell => WebUtility.HtmlDecode(cell.Groups[1].Value)))).ToList();
        List<object> events;
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
            events = (await session.Events.FetchStreamAsync(table)).Select(e => e.Data).ToList();
        var (endorsementAt, seatAt) = (events.OfType<EndorsementVoided>().Single().At, events.OfType<ParticipantSeatVoided>().Single().At);
        Assert.Equal([
            $"Respaldo | Luis P. | Cancha techada | {endorsementReason} | {QueretaroTime.Format(endorsementAt)} | Personal de prueba",
            $"Lugar en la mesa | Luis P. | — | {seatReason} | {QueretaroTime.Format(seatAt)} | Personal de prueba",
        ], rows);
        Assert.DoesNotContain("Aún no se ha anulado", page);

        // Only signed-in staff: a request without a session is sent to sign in; the public answers say a void happened, never why.
        using var noSession = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };
        var refused = await noSession.GetAsync($"/consola/mesas/{table}");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var location = refused.Headers.Location!;
        Assert.StartsWith("/consola/entrar", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
        foreach (var path in new[] { $"/api/work-tables/{table}", $"/api/processes/{process.Id}/work-tables", $"/api/proposals/{court}",
                     $"/api/processes/{process.Id}/ranking" })
        {
            var body = await _api.Anonymous.GetStringAsync(path);
            Assert.DoesNotContain("su vecina", body); // ASCII: the API's JSON escapes accented letters
            Assert.DoesNotContain("fuera del territorio", body);
            Assert.DoesNotContain("Luis", body);
        }
        Assert.Contains("Se anuló un respaldo registrado por error.", await _api.Anonymous.GetStringAsync($"/api/proposals/{court}"));
    }

    /// <summary>A seat taken by mistake at a full table is freed, with the reason, unless its person presented or backs a proposal.</summary>
    [Fact]
    public async Task a_seat_taken_by_mistake_is_freed_unless_the_person_presented_or_backs_a_proposal()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var people = new List<Guid>();
        for (var i = 0; i < 9; i++) people.Add(await Process.SeatedAsync(table, $"Persona {i}"));
        var court = await Process.SubmittedAsync(table, people[0], "Cancha");
        await VotingApi.Expect(await Process.EndorseAsync(table, people[1], court), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await Process.SeatAsync(table, "Persona 9"), HttpStatusCode.Conflict, "table_full");
        Task<HttpResponseMessage> Void(Guid participant, string reason = "Se integró en la mesa equivocada.") =>
            _api.Staff.PostAsJsonAsync($"/api/work-tables/{table}/voided-seats", new VoidSeat(participant, reason), VotingApi.Json);

        await VotingApi.ExpectProblem(await Void(people[0]), HttpStatusCode.Conflict, "seat_has_proposals");
        await VotingApi.ExpectProblem(await Void(people[1]), HttpStatusCode.Conflict, "seat_has_endorsements");
        await VotingApi.ExpectProblem(await Void(people[2], ""), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await Void(Guid.NewGuid()), HttpStatusCode.UnprocessableEntity, "not_seated");
        var view = await VotingApi.Read<WorkTableView>(await Void(people[2]));

        Assert.Equal(8, view.Seated);
        Assert.DoesNotContain(view.Participants, p => p.ParticipantId == people[2]);
        // Sent again (a retry after a lost answer): no change, the same table, nothing recorded (it said «not_seated»).
        Assert.Equal(8, (await VotingApi.Read<WorkTableView>(await Void(people[2]))).Seated);
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
            Assert.Single((await session.Events.FetchStreamAsync(table)).Select(e => e.Data).OfType<ParticipantSeatVoided>());
        Assert.Equal(HttpStatusCode.Created, (await Process.SeatAsync(table, "Persona 9")).StatusCode);
        var ranking = await VotingApi.Read<RankingView>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}/ranking"));
        Assert.Equal(1, ranking.Rows.Single(r => r.ProposalId == court).Endorsements); // the ranking is untouched
    }

    [Fact]
    public async Task the_shortlist_takes_exactly_two_viable_proposals()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var author = await Process.SeatedAsync(table, "Autor");
        var (x, y, z) = (await Process.SubmittedAsync(table, author, "X"), await Process.SubmittedAsync(table, author, "Y"), await Process.SubmittedAsync(table, author, "Z"));
        await VotingApi.ExpectProblem(await Process.ShortlistAsync(process.Id), HttpStatusCode.Conflict, "wrong_stage");
        await Process.AdvancedAsync(process.Id, Stage.SecondWorkTable);
        await VotingApi.Expect(await Process.StudyAsync(x, viable: true), HttpStatusCode.OK);
        await VotingApi.Expect(await Process.StudyAsync(y, viable: false), HttpStatusCode.OK);

        await VotingApi.ExpectProblem(await Process.ShortlistAsync(process.Id), HttpStatusCode.UnprocessableEntity, "not_enough_viable_proposals");
        await VotingApi.ExpectProblem(await Process.ShortlistAsync(process.Id, [x, y, z]), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await Process.ShortlistAsync(process.Id, [x, x]), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await Process.ShortlistAsync(process.Id, [x, z]), HttpStatusCode.UnprocessableEntity, "proposal_not_viable");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/proposals/{z}/feasibility", new RecordFeasibilityStudy(
            new Assessment(false, "No"), new Assessment(true, "Sí"), new Assessment(true, "Sí"), 100m, Verdict.Viable, "Incongruente"), VotingApi.Json),
            HttpStatusCode.BadRequest, "validation_failed");

        await VotingApi.Expect(await Process.StudyAsync(z, viable: true, cost: 50m), HttpStatusCode.OK);
        var shortlist = await ProcessApi.Created<ShortlistResult>(await Process.ShortlistAsync(process.Id, [z, x]));
        Assert.Equal(ChooseShortlistEndpoint.DirectRule, shortlist.Rule);
        Assert.Equal([z, x], shortlist.Options.Select(o => o.ProposalId!.Value));
        Assert.Equal(["A", "B"], shortlist.Options.Select(o => o.Id));
    }

    [Fact]
    public async Task a_session_without_quorum_or_on_an_unknown_axis_is_refused_and_progress_never_goes_back()
    {
        var process = await Process.StartAsync();
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/work-progress", new ReportWorkProgress(
            new DateOnly(2021, 2, 1), 10, 1m, [new GobiernoAbierto.Process.Evidence("Foto", new string('a', 64), null)], ""), VotingApi.Json),
            HttpStatusCode.Conflict, "no_chosen_work");
        // Three evidences without a description: each is named where it is, and the summary says it once.
        var undescribed = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/work-progress", new ReportWorkProgress(
            new DateOnly(2021, 2, 1), 10, 1m, [.. Enumerable.Repeat(new GobiernoAbierto.Process.Evidence("", new string('a', 64), null), 3)], ""), VotingApi.Json),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("Revise los datos enviados: Describa la evidencia.", undescribed.GetProperty("detail").GetString());
        Assert.Equal(["evidence[0].description", "evidence[1].description", "evidence[2].description"],
            undescribed.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var heap = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/work-progress", new ReportWorkProgress(
            new DateOnly(2021, 2, 1), 10, 1m, [.. Enumerable.Repeat(new GobiernoAbierto.Process.Evidence("Foto", new string('a', 64), null), 51)], ""), VotingApi.Json),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("hasta 50 evidencias", heap.GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await Process.RecordSessionAsync(process.Id, Process.Session(1)), HttpStatusCode.Conflict, "wrong_stage");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/committee-sessions", Process.Session(1), VotingApi.Json),
            HttpStatusCode.Forbidden, "forbidden");

        // The rest of the session rules are pure decisions over the process; see Unit tests for quorum and axes.
        var noQuorum = RecordCommitteeSessionEndpoint.Decide(
            new ParticipationProcess { Stage = Stage.FirstCommitteeSession, Axes = ProcessApi.Axes, Title = "x" },
            // The session is dated by the service's clock (Process.Today), which other tests move ahead: decided by the
            // machine's clock it was «in the future» near midnight in Querétaro.
            Process.Session(1, members: [new(RecordCommitteeSessionEndpoint.Vocal, "Vocal")]), "s", service.Clock.GetUtcNow());
        Assert.Equal("no_quorum", noQuorum.Rejection?.Code);
    }
}

/// <summary>
/// A mistyped progress report (80% for 30%) would otherwise hold every later report above it: staff correct it with a
/// reason, and the public keeps seeing what it said before, who corrected it and why.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_progress_report_was_mistyped(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);
    private static readonly GobiernoAbierto.Process.Evidence Log = new("Bitácora de obra", null, "https://example.org/bitacora.pdf");
    private DateOnly _day; // the day of the reports: today, once the work is published

    private Task<HttpResponseMessage> Correct(Guid processId, int number, int percent, decimal spent, string reason, HttpClient? client = null) =>
        (client ?? _api.Staff).PostAsJsonAsync($"/api/processes/{processId}/work-progress/{number}/corrections",
            new CorrectWorkProgress(new ReportWorkProgress(_day, percent, spent, [Log], "Cimentación."), reason), VotingApi.Json);

    [Fact]
    public async Task staff_correct_it_with_a_reason_and_the_public_sees_what_it_said_before()
    {
        var (id, _, _, _, jornadaId) = await Process.AtJornadaAsync(cost: 1_000_000m);
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(jornadaId));
        await _api.OpenAsync(jornadaId);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), "A"));
        await _api.CloseAsync(jornadaId);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{jornadaId}/certification", new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));
        await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{jornadaId}/publication", null));
        await Process.AdvancedAsync(id, Stage.Convenio);
        _day = Process.Today;

        await VotingApi.ExpectProblem(await Correct(id, 1, 30, 300_000m, "Sin informes aún."), HttpStatusCode.NotFound, "progress_report_not_found");
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress",
            new ReportWorkProgress(_day, 80, 300_000m, [Log], "Cimentación."), VotingApi.Json), HttpStatusCode.OK);
        // The typo holds the next honest report back.
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress",
            new ReportWorkProgress(_day, 40, 400_000m, [Log], ""), VotingApi.Json), HttpStatusCode.UnprocessableEntity, "progress_went_back");

        // Refused, each with its code, and nothing written: no reason, no such report, not staff.
        var noReason = await VotingApi.ExpectProblem(await Correct(id, 1, 30, 300_000m, "  "), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("Explique el motivo de la corrección", noReason.GetProperty("errors").GetProperty("reason")[0].GetString());
        await VotingApi.ExpectProblem(await Correct(id, 2, 30, 300_000m, "Captura."), HttpStatusCode.NotFound, "progress_report_not_found");
        await VotingApi.ExpectProblem(await Correct(id, 1, 30, 300_000m, "Captura.", _api.Committee), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Correct(id, 1, 30, 300_000m, "Captura.", _api.Anonymous)).StatusCode);
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/processes/{id}/work-progress/1/corrections",
            new StringContent("{\"corrected\": null, \"reason\": \"x\"}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "validation_failed");
        var untouched = await VotingApi.Read<ChosenWorkProgress>(await _api.Anonymous.GetAsync($"/api/processes/{id}/work-progress"));
        Assert.Equal(80, untouched.PercentComplete);
        Assert.Empty(untouched.Reports[0].Corrections);

        var corrected = await VotingApi.Read<ChosenWorkProgress>(await Correct(id, 1, 30, 300_000m, "Se capturó 80 en lugar de 30."));
        Assert.Equal((30, 300_000m, (decimal?)30.0m), (corrected.PercentComplete, corrected.Spent, corrected.SpentOfBudgetPercent));
        await VotingApi.ExpectProblem(await Correct(id, 1, 30, 300_000m, "Otra vez."), HttpStatusCode.UnprocessableEntity, "correction_changes_nothing");
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/processes/{id}/work-progress",
            new ReportWorkProgress(_day, 40, 400_000m, [Log], ""), VotingApi.Json), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await Correct(id, 1, 45, 300_000m, "Más avance."), HttpStatusCode.UnprocessableEntity, "progress_past_next_report");

        var published = await VotingApi.Read<ChosenWorkProgress>(await _api.Anonymous.GetAsync($"/api/processes/{id}/work-progress"));
        Assert.Equal([(1, 30), (2, 40)], published.Reports.Select(r => (r.Number, r.PercentComplete)));
        var correction = Assert.Single(published.Reports[0].Corrections);
        Assert.Equal(("Se capturó 80 en lugar de 30.", 80, 300_000m, _day),
            (correction.Reason, correction.WasPercentComplete, correction.WasSpent, correction.WasReportedOn));
        Assert.False(string.IsNullOrWhiteSpace(correction.CorrectedBy));
        Assert.Empty(published.Reports[1].Corrections);

        // Notes are optional in a report and in a correction: left out, they are none (not a 500).
        const string evidence = "\"evidence\": [{\"description\": \"Fotografías\", \"url\": \"https://example.org/fotos.pdf\"}]";
        await VotingApi.Expect(await _api.Staff.PostAsync($"/api/processes/{id}/work-progress", new StringContent(
            $"{{\"reportedOn\": \"{_day:yyyy-MM-dd}\", \"percentComplete\": 50, \"spent\": 500000, {evidence}}}", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.OK);
        var third = await VotingApi.Read<ChosenWorkProgress>(await _api.Staff.PostAsync($"/api/processes/{id}/work-progress/3/corrections", new StringContent(
            $"{{\"corrected\": {{\"reportedOn\": \"{_day:yyyy-MM-dd}\", \"percentComplete\": 55, \"spent\": 500000, \"notes\": null, {evidence}}}, \"reason\": \"Cinco puntos más.\"}}",
            System.Text.Encoding.UTF8, "application/json")));
        Assert.Equal((55, ""), (third.Reports[2].PercentComplete, third.Reports[2].Notes));
    }
}

/// <summary>
/// The tie rule end to end: a tied Jornada publishes nothing; once the IEEQ certifies the tie, staff call a new Jornada
/// with the same finalists, the same residents vote in it, and its winner carries the process on to the convenio.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_process_jornada_ends_tied(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    [Fact]
    public async Task a_new_jornada_is_called_with_the_same_finalists_and_its_winner_goes_on_to_the_convenio()
    {
        var process = await Process.AtJornadaAsync();
        var (court, lights, first) = (process.First, process.Second, process.JornadaId);

        var (maria, jose) = (Voters.UniqueClave(), Voters.UniqueClave());
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(first));
        await _api.OpenAsync(first);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, first, maria, "A"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, first, jose, "B"));
        await _api.CloseAsync(first);

        var now = service.Clock.GetUtcNow();
        var call = new CallNewJornada(now.AddMinutes(-1), now.AddHours(8));
        Task<HttpResponseMessage> Call(CallNewJornada command) => _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/jornadas", command, VotingApi.Json);

        // Before the IEEQ certifies the tie, nothing can replace the Jornada; nor can anyone but staff, nor with a bad window.
        await VotingApi.ExpectProblem(await Call(call), HttpStatusCode.Conflict, "tally_not_certified");
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{first}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{first}/certification", new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{first}/publication", null), HttpStatusCode.Conflict, "tally_tied");
        // Moving on to the convenio is refused with what comes next: a new Jornada. Staff were told to publish the chosen
        // project, which a tie does not have, on the console page right above the form that calls the new Jornada.
        var notChosen = await VotingApi.ExpectProblem(await Process.AdvanceAsync(process.Id, Stage.Convenio), HttpStatusCode.Conflict, "chosen_project_not_published");
        Assert.Equal(("La Jornada no eligió proyecto", "Los dos proyectos obtuvieron los mismos votos, así que ninguno resulta elegido. Se decide en una " +
            "nueva Jornada, que convoca el Municipio. El convenio se firma para el proyecto que elija esa nueva Jornada, una vez publicado."),
            (notChosen.GetProperty("title").GetString(), notChosen.GetProperty("detail").GetString()));
        using (var console = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff)))
        {
            var page = System.Net.WebUtility.HtmlDecode(await console.GetStringAsync($"/consola/procesos/{process.Id}"));
            Assert.Contains("Todavía no se puede pasar a «Firma de convenio»: La Jornada no eligió proyecto.</strong> Los dos proyectos obtuvieron", page);
            Assert.DoesNotContain("publica el proyecto elegido", page);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Auditor.PostAsJsonAsync($"/api/processes/{process.Id}/jornadas", call, VotingApi.Json)).StatusCode);
        await VotingApi.ExpectProblem(await Call(new CallNewJornada(now.AddHours(2), now.AddHours(1))), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await Call(new CallNewJornada(now.AddHours(-3), now.AddHours(-2))), HttpStatusCode.BadRequest, "voting_window_closed");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/processes/{Guid.NewGuid()}/jornadas", call, VotingApi.Json),
            HttpStatusCode.NotFound, "not_found");

        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/processes/{process.Id}/jornadas", new StringContent("null", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "missing_request_body");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/processes/{process.Id}/jornadas", null), HttpStatusCode.BadRequest, "missing_request_body");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Anonymous.PostAsJsonAsync($"/api/processes/{process.Id}/jornadas", call, VotingApi.Json)).StatusCode);

        // A certified tie replaces the Jornada for good: its count is verified first, as for a publication (a row edited
        // into a tie after the certification would bury the real winner; a reviewer's). Here the row's chain head is edited.
        var database = new Database(service);
        var head = await database.ScalarAsync<string>("select data->>'ChainHead' from {schema}.mt_doc_jornada where id = $1", first);
        Assert.Equal(1, await database.ExecuteAsync("update {schema}.mt_doc_jornada set data = jsonb_set(data, '{ChainHead}', to_jsonb($2::text)) where id = $1",
            first, new string('0', 64)));
        var unverified = await VotingApi.ExpectProblem(await Call(call), HttpStatusCode.Conflict, "verification_failed");
        Assert.Contains("No se convocó nada.", unverified.GetProperty("detail").GetString());
        Assert.Equal(1, await database.ExecuteAsync("update {schema}.mt_doc_jornada set data = jsonb_set(data, '{ChainHead}', to_jsonb($2::text)) where id = $1",
            first, head));

        // An identifier that already names another record (here the process's own stream) calls nothing.
        await VotingApi.ExpectProblem(await Call(call with { JornadaId = process.Id }), HttpStatusCode.Conflict, "jornada_id_taken");

        // Two staff members press the button at once: one new Jornada, the other call refused.
        var answers = await Task.WhenAll(Call(call), Call(call));
        var created = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        await VotingApi.ExpectProblem(Assert.Single(answers, a => a != created), HttpStatusCode.Conflict, "tally_not_certified");
        var called = await ProcessApi.Created<NewJornadaResult>(created);
        Assert.Equal(first, called.EarlierJornadaId);
        var second = called.JornadaId;
        // The call sent again with the identifier it was given (a retry): refused as made, not as one more call.
        var again = await VotingApi.ExpectProblem(await Call(call with { JornadaId = second }), HttpStatusCode.Conflict, "jornada_already_called");
        Assert.Equal(second, again.GetProperty("jornadaId").GetGuid());
        Assert.Single((await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}"))).EarlierJornadas);
        await VotingApi.ExpectProblem(await Call(call), HttpStatusCode.Conflict, "tally_not_certified"); // the new one has not even opened
        // A call that says it replaces the tied Jornada, which another call already replaced: refused as beaten, naming the new one.
        var beaten = await VotingApi.ExpectProblem(await Call(call with { JornadaId = Guid.NewGuid(), EarlierJornadaId = first }), HttpStatusCode.Conflict,
            "jornada_already_replaced");
        Assert.Contains(second.ToString(), beaten.GetProperty("detail").GetString());
        Assert.Equal(second, beaten.GetProperty("jornadaId").GetGuid()); // for a client that follows it without reading the sentence
        Assert.Single((await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}"))).EarlierJornadas);

        var jornada = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{second}"));
        Assert.Equal(process.Id, jornada.ProcessId);
        Assert.Equal([court, lights], jornada.Options.Select(o => o.ProposalId!.Value));
        Assert.EndsWith("(convocatoria 2)", jornada.Title);
        var timeline = await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}"));
        Assert.Equal(second, timeline.Shortlist!.JornadaId);
        Assert.Equal((first, "tally_tied"), (timeline.EarlierJornadas.Single().JornadaId, timeline.EarlierJornadas.Single().Outcome));
        Assert.Equal("new_jornada", (await VotingApi.Read<ProposalDetails>(await _api.Anonymous.GetAsync($"/api/proposals/{court}"))).Timeline[^1].Kind);
        // The new Jornada's record names the tied one in its fact 2, chained to where the tied Jornada's record stood.
        var tiedRecord = (await _api.Auditor.GetStringAsync($"/api/jornadas/{first}/audit/record.csv")).Trim().Split('\n');
        var newRecord = (await _api.Auditor.GetStringAsync($"/api/jornadas/{second}/audit/record.csv")).Trim().Split('\n');
        var tiedHead = tiedRecord[^1].Split(',');
        var calledAgain = newRecord[2].Split(',');
        Assert.Equal(("2", "jornada_called_again"), (calledAgain[0], calledAgain[1]));
        Assert.StartsWith($"earlierJornadaId=s:{first:D};earlierOutcome=s:tally_tied;earlierRecordPosition=i:{tiedHead[0]};earlierRecordHash=s:{tiedHead[4]};",
            calledAgain[2]);
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        Assert.Contains((await VotingApi.Read<AuditLog>(await _api.Auditor.GetAsync($"/api/jornadas/{second}/audit/log"))).Entries,
            e => e.Action.StartsWith($"Convocó esta Jornada porque la Jornada {first} del proceso no eligió proyecto (empate)", StringComparison.Ordinal));
        var tiedResults = await VotingApi.Read<Tally.PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{first}/results"));
        Assert.Equal((OutcomeKind.Tie, second), (tiedResults.Outcome, tiedResults.NewJornadaId));
        // Called already: when, and when the new one votes (not «convocará» for good).
        Assert.EndsWith($"ninguno resulta elegido. El {QueretaroTime.Format(timeline.EarlierJornadas.Single().NewJornadaCalledAt)} el Municipio convocó " +
            $"una nueva Jornada para decidir; su periodo de votación: {jornada.VotingWindowLabel} (hora del centro de México).", tiedResults.OutcomeLabel);

        // The same residents vote again; option A wins; its publication lets the process reach the convenio.
        var kiosk2 = _api.Kiosk(await _api.RegisterKioskAsync(second));
        await _api.OpenAsync(second);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk2, second, maria, "A"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk2, second, jose, "A"));
        await _api.CloseAsync(second);
        var seal2 = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{second}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{second}/certification", new CertifyTally(seal2.FinalHash, null, ExportVerified: true), VotingApi.Json));
        await VotingApi.ExpectProblem(await Call(call), HttpStatusCode.Conflict, "jornada_has_winner");
        using (var verification = System.Text.Json.JsonDocument.Parse(await _api.Auditor.GetStringAsync($"/api/jornadas/{second}/audit/verification")))
            Assert.True(verification.RootElement.GetProperty("intact").GetBoolean(), verification.RootElement.ToString());
        await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{second}/publication", null));
        await Process.AdvancedAsync(process.Id, Stage.Convenio);

        var after = await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}"));
        Assert.Equal((second, court), (after.ChosenWork!.JornadaId, after.ChosenWork.ProposalId));
        var firstTally = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{first}"));
        Assert.Equal(JornadaStatus.Certified, firstTally.Status); // the tied Jornada stays as the IEEQ certified it
    }
}

/// <summary>
/// After a tie, a Jornada without ballots or one that lapsed unopened, the calendar's dates of what follows have passed:
/// staff re-plan the stages still to come, with a reason, through the API the process's other commands share.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_the_calendar_is_replanned(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    [Fact]
    public async Task the_stages_to_come_take_new_dates_with_a_published_reason_and_the_old_ones_stay_in_the_stream()
    {
        var process = await Process.AtJornadaAsync();
        var today = Process.Today;
        Task<HttpResponseMessage> Replan(ReplanCalendar command, HttpClient? client = null) =>
            (client ?? _api.Staff).PostAsJsonAsync($"/api/processes/{process.Id}/calendar", command, VotingApi.Json);
        var started = await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}"));
        var convenioBefore = started.Stages.Single(s => s.Stage == Stage.Convenio);
        // Every stage to come, from the convenio on, a week apart from next week (the test's calendar is of 2020).
        var upcoming = started.Stages.Where(s => s.Stage is > Stage.Jornada and < Stage.Concluded)
            .Select((s, i) => new CalendarEntry(s.Stage, today.AddDays(7 * (i + 1)), s.Objective!)).ToList();
        const string Reason = "La Jornada terminó empatada: se convocó una nueva y las etapas que siguen se recorren.";

        // Refused, each with its code, and nothing recorded.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replan(new(upcoming, Reason), _api.Anonymous)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Replan(new(upcoming, Reason), _api.Auditor)).StatusCode);
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/processes/{Guid.NewGuid()}/calendar", new ReplanCalendar(upcoming, Reason), VotingApi.Json),
            HttpStatusCode.NotFound, "not_found");
        var noReason = await VotingApi.ExpectProblem(await Replan(new(upcoming, " ")), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(ReplanCalendarValidator.ReasonMissing, noReason.ToString());
        await VotingApi.ExpectProblem(await Replan(new([new(Stage.Jornada, today.AddDays(3), "")], Reason)), HttpStatusCode.Conflict,
            ReplanCalendarEndpoint.StageReachedCode);
        await VotingApi.ExpectProblem(await Replan(new([.. upcoming.Skip(1), upcoming[0] with { PlannedOn = today.AddDays(-1) }], Reason)),
            HttpStatusCode.UnprocessableEntity, ReplanCalendarEndpoint.InThePastCode);
        var order = await VotingApi.ExpectProblem(await Replan(new([.. upcoming.Skip(1), upcoming[0] with { PlannedOn = today.AddDays(100) }], Reason)),
            HttpStatusCode.UnprocessableEntity, ReplanCalendarEndpoint.OutOfOrderCode);
        Assert.StartsWith("Las fechas del calendario deben seguir el orden de las etapas: «Primera sesión ordinaria", order.GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/processes/{process.Id}/calendar", null), HttpStatusCode.BadRequest, "missing_request_body");

        var timeline = await VotingApi.Read<ProcessTimeline>(await Replan(new(upcoming, Reason)));
        var convenio = timeline.Stages.Single(s => s.Stage == Stage.Convenio);
        Assert.Equal((today.AddDays(7), convenioBefore.PlannedOn), (convenio.PlannedOn!.Value, convenio.PreviouslyPlannedOn));
        Assert.Equal(upcoming.Select(e => (e.Stage, (DateOnly?)e.PlannedOn)),
            timeline.Stages.Where(s => s.Stage is > Stage.Jornada and < Stage.Concluded).Select(s => (s.Stage, s.PlannedOn)));
        var replan = Assert.Single(timeline.CalendarReplans);
        Assert.Equal(Reason, replan.Reason);
        Assert.Equal(convenioBefore.PlannedOn, replan.Stages[0].WasPlannedOn);
        // The public reads it as the answer said; the same re-planning sent again records nothing more.
        Assert.Single((await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{process.Id}"))).CalendarReplans);
        await VotingApi.ExpectProblem(await Replan(new(upcoming, Reason)), HttpStatusCode.Conflict, ReplanCalendarEndpoint.UnchangedCode);

        // Nothing overwritten: the stream keeps the start's calendar and the re-planning with the dates it replaced.
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stream = (await session.Events.FetchStreamAsync(process.Id)).Select(e => e.Data).ToList();
        Assert.Equal(convenioBefore.PlannedOn, stream.OfType<ProcessStarted>().Single().Calendar.Single(c => c.Stage == Stage.Convenio).PlannedOn);
        var replanned = Assert.Single(stream.OfType<CalendarReplanned>());
        Assert.Equal((convenioBefore.PlannedOn!.Value, today.AddDays(7)), (replanned.Previous[0].PlannedOn, replanned.Calendar[0].PlannedOn));
        Assert.Equal(today.AddDays(7), (await session.LoadAsync<ParticipationProcess>(process.Id))!.Planned(Stage.Convenio)!.PlannedOn);
    }
}
