using GobiernoAbierto.Audit;
using GobiernoAbierto.Committee;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Seed;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;
using GobiernoAbierto.WorkProgress;
using GobiernoAbierto.WorkTables;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios.SampleData;

/// <summary>A service of its own, started with Seed:LoadSample=true on a fresh schema: it loads the sample data as it starts.</summary>
public sealed class SampleDataService() : ServiceHost(TestDatabase.NewSchemaName(), loadSample: true, mixSize: 25);

/// <summary>
/// The Querétaro Plan de Acción Municipal 2020-2021 as the sample data loads it, read through the public API and checked
/// against the seed calendar (shared/seed/cronograma-plan-accion-municipal-2020-2021.txt).
/// </summary>
public sealed class when_the_service_starts_with_the_sample_data(SampleDataService service) : IClassFixture<SampleDataService>
{
    private static readonly Guid ProcessId = SampleProcess.ProcessId;
    private readonly VotingApi _api = new(service);

    private static readonly (Stage Stage, DateOnly PlannedOn)[] SeedCalendar =
    [
        (Stage.FirstWorkTable, new(2020, 10, 1)),
        (Stage.SecondWorkTable, new(2020, 10, 8)),
        (Stage.Jornada, new(2020, 10, 18)),
        (Stage.Convenio, new(2020, 11, 25)),
        (Stage.FirstCommitteeSession, new(2020, 12, 30)),
        (Stage.SecondCommitteeSession, new(2021, 2, 25)),
        (Stage.ThirdCommitteeSession, new(2021, 7, 12)),
        (Stage.FourthCommitteeSession, new(2021, 9, 21)),
    ];

    private static readonly string[][] InvitedPerSession =
    [
        ["Secretaria de Obras Públicas", "Coordinador del Programa “Querétaro por la Paz”", "Junta de Asistencia Privada", "Fundación Merced",
            "Puerta Abierta", "LAB-UAQ Ciudadanía Digital", "Federación Mexicana de Jóvenes Abogados"],
        ["Secretaria de Obras Públicas", "Coordinador del Programa “Querétaro por la Paz”", "Fundación Merced", "LAB-UAQ Ciudadanía Digital"],
        ["Secretaria de Obras Públicas", "Coordinador del Programa “Querétaro por la Paz”", "Fundación Merced", "Puerta Abierta", "Asociación Brali",
            "LAB-UAQ Ciudadanía Digital", "Federación Mexicana de Jóvenes Abogados"],
        ["Secretaria de Obras Públicas", "Coordinador del Programa “Querétaro por la Paz”", "Fundación Merced", "Puerta Abierta", "Asociación Brali",
            "LAB-UAQ Ciudadanía Digital", "Federación Mexicana de Jóvenes Abogados"],
    ];

    private async Task<ProcessTimeline> TimelineAsync() => await VotingApi.Read<ProcessTimeline>(await _api.Anonymous.GetAsync($"/api/processes/{ProcessId}"));

    [Fact]
    public async Task the_plan_is_listed_as_concluded()
    {
        var processes = await VotingApi.Read<List<ProcessSummary>>(await _api.Anonymous.GetAsync("/api/processes"));

        var plan = Assert.Single(processes);
        Assert.Equal(ProcessId, plan.Id);
        Assert.Equal(Stage.Concluded, plan.CurrentStage);
        Assert.Contains("Plan de Acción Municipal 2020-2021", plan.Title);
    }

    [Fact]
    public async Task every_stage_was_reached_on_its_date_of_the_seed_calendar()
    {
        var timeline = await TimelineAsync();

        Assert.Equal(Stage.Concluded, timeline.CurrentStage);
        Assert.Equal(Enum.GetValues<Stage>(), timeline.Stages.Select(s => s.Stage));
        Assert.All(timeline.Stages.SkipLast(1), s => Assert.Equal(StageStatus.Done, s.Status));
        Assert.Equal(StageStatus.Current, timeline.Stages[^1].Status);
        Assert.Equal(SeedCalendar.Select(c => (DateOnly?)c.PlannedOn), timeline.Stages.SkipLast(1).Select(s => s.PlannedOn));
        Assert.All(timeline.Stages.SkipLast(1), s =>
            Assert.Equal(s.PlannedOn, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.ReachedAt!.Value, QueretaroTime.Zone).DateTime)));
        Assert.Equal(["Combate a la Corrupción y Rendición de Cuentas en Obra Pública",
            "Fortalecimiento del trabajo colaborativo con organizaciones de la Sociedad Civil para trabajar Cultura de Paz con enfoque de Derechos Humanos"],
            timeline.Axes.Select(a => a.Name));
        Assert.Equal(2, timeline.Delegaciones);
        Assert.Equal(28, timeline.Colonias);
    }

    [Fact]
    public async Task eight_virtual_tables_of_nine_deliberated_endorsed_and_ranked_the_proposals()
    {
        var tables = await VotingApi.Read<List<WorkTableView>>(await _api.Staff.GetAsync($"/api/processes/{ProcessId}/work-tables"));
        Assert.Equal(Enumerable.Range(1, 8), tables.Select(t => t.Number));
        Assert.All(tables, t =>
        {
            Assert.Equal(TableMode.Virtual, t.Mode);
            Assert.Equal(9, t.Capacity);
            Assert.Equal(9, t.Seated);
            Assert.All(t.Participants, p =>
            {
                Assert.Matches(@"^\p{Lu}\p{Ll}+ \p{Lu}\.$", p.DisplayName); // a first name and an initial, nothing more
                Assert.InRange(p.EndorsementsUsed!.Value, 1, WorkTable.EndorsementsPerParticipant); // staff read it
            });
        });

        var proposals = await VotingApi.Read<List<ProposalDetails>>(await _api.Staff.GetAsync($"/api/processes/{ProcessId}/proposals")); // with endorsers
        Assert.InRange(proposals.Count, 14, 18);
        Assert.All(proposals, p => Assert.EndsWith("(ejemplo)", p.Title));
        Assert.Single(proposals, p => p.Status == PublicStatus.Withdrawn);
        var merged = Assert.Single(proposals, p => p.Status == PublicStatus.Merged);
        var survivor = proposals.Single(p => p.Id == merged.MergedInto);
        Assert.Contains(merged.Id, survivor.AbsorbedDuplicates);
        Assert.NotEqual(merged.TableNumber, survivor.TableNumber);
        Assert.Contains(proposals, p => p.ArgumentsFor > 0 && p.ArgumentsAgainst > 0);
        Assert.Contains(proposals, p => p.Comments > 0);
        Assert.InRange(proposals.Count(p => p.Feasibility?.Verdict == Verdict.NotViable), 2, 3);

        var ranking = await VotingApi.Read<RankingView>(await _api.Anonymous.GetAsync($"/api/processes/{ProcessId}/ranking"));
        Assert.Equal(proposals.Count - 2, ranking.Rows.Count);
        Assert.Equal(survivor.Id, ranking.Rows[0].ProposalId);
        // The duplicate's endorsers count for the survivor, on its page as in the ranking.
        Assert.Equal(survivor.Endorsers!.Count, merged.Endorsers!.Union(survivor.Endorsers).Count());
        Assert.True(merged.Endorsements > 0);
        Assert.Equal(survivor.Endorsements, ranking.Rows[0].Endorsements);
        Assert.Equal(ranking.Rows.OrderByDescending(r => r.Endorsements).ThenBy(r => r.CostEstimate).Select(r => r.ProposalId), ranking.Rows.Select(r => r.ProposalId));
        Assert.Equal(Verdict.NotViable, ranking.Rows[1].Verdict); // the rule passes over it

        var timeline = await TimelineAsync();
        Assert.Equal(ProcessRanking.Rule, timeline.Shortlist!.Rule);
        Assert.Equal(ranking.Rows.Where(r => r.Verdict == Verdict.Viable).Take(2).Select(r => r.ProposalId), timeline.Shortlist.ProposalIds);
    }

    [Fact]
    public async Task the_shortlist_was_the_ballot_of_the_jornada_of_18_october_certified_by_ieeq_and_published()
    {
        var timeline = await TimelineAsync();
        var jornadaId = timeline.Shortlist!.JornadaId;

        var jornada = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornadaId}"));
        Assert.Equal(ProcessId, jornada.ProcessId);
        Assert.Equal(JornadaStatus.Published, jornada.Status);
        Assert.Equal("18/10/2020 08:00 a 18/10/2020 18:00", jornada.VotingWindowLabel);
        Assert.Equal(timeline.Shortlist.ProposalIds, jornada.Options.Select(o => o.ProposalId!.Value));
        Assert.Equal(2, jornada.Kiosks.Count);
        Assert.All(jornada.Kiosks, k => Assert.False(k.TakesBallots, $"{k.Id} takes ballots in a published Jornada."));
        Assert.True(jornada.VotingEnded);

        var results = await VotingApi.Read<PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornadaId}/results"));
        Assert.Equal("IEEQ (datos de ejemplo)", results.CertifiedBy);
        Assert.Equal(OutcomeKind.Winner, results.Outcome);
        Assert.InRange(results.Turnout, 250, 350);
        var votes = results.Options!.Select(o => o.Votes).Order().ToList();
        Assert.True(votes[1] - votes[0] >= results.Turnout / 10, "a clear winner");
        Assert.Equal(2, results.TurnoutByDelegacion.Count);

        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/tally"));
        Assert.True(tally.ByChannel["kiosk"] > 0 && tally.ByChannel["online"] > 0);
        Assert.True(tally.TurnoutByColonia.Count > 20);

        var verification = await VotingApi.Read<VerificationReport>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/audit/verification"));
        Assert.True(verification.Intact, verification.FirstBreak?.Reason);
        Assert.Equal(results.Turnout, verification.BallotsChecked);
        Assert.Equal(tally.Seal!.FinalHash, verification.FinalHash);
        var whole = await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/audit/verification"));
        Assert.True(whole.Intact, whole.Record?.FirstBreak?.Reason ?? whole.Store?.Reason);
        Assert.Contains("chosen_project_published", await _api.Auditor.GetStringAsync($"/api/jornadas/{jornadaId}/audit/record.csv"));

        // Leaving the Jornada stage recorded the published winner as the chosen work.
        var winner = jornada.Options.Single(o => o.Id == results.ChosenProject!.OptionId);
        Assert.Equal(winner.ProposalId, timeline.ChosenWork!.ProposalId);
        Assert.Equal(winner.EstimatedCost, timeline.ChosenWork.Budget);
        var chosen = await VotingApi.Read<ProposalDetails>(await _api.Anonymous.GetAsync($"/api/proposals/{winner.ProposalId}"));
        Assert.Equal(PublicStatus.Chosen, chosen.Status);
        var other = jornada.Options.Single(o => o.Id != winner.Id);
        Assert.Equal(PublicStatus.NotChosen, (await VotingApi.Read<ProposalDetails>(await _api.Anonymous.GetAsync($"/api/proposals/{other.ProposalId}"))).Status);
    }

    [Fact]
    public async Task the_convenio_was_signed_by_the_seed_parties_and_the_committee_held_four_sessions()
    {
        var convenio = (await TimelineAsync()).Convenio!;
        Assert.Equal(new DateOnly(2020, 11, 25), convenio.SignedOn);
        Assert.Equal(["Municipio de Querétaro", "IEEQ", "Representante de la Delegación Félix Osores Sotomayor",
            "Representante de la Delegación Felipe Carrillo Puerto", "Infoqro"], convenio.Parties.Select(p => p.Name));
        Assert.Matches("^[0-9a-f]{64}$", convenio.DocumentSha256);

        var committee = await VotingApi.Read<CommitteeFollowUp>(await _api.Anonymous.GetAsync($"/api/processes/{ProcessId}/committee"));
        Assert.Equal([1, 2, 3, 4], committee.Sessions.Select(s => s.Number));
        Assert.Equal(SeedCalendar.Skip(4).Select(c => c.PlannedOn), committee.Sessions.Select(s => s.HeldOn));
        for (var i = 0; i < 4; i++)
        {
            var session = committee.Sessions[i];
            Assert.Equal(InvitedPerSession[i], session.InvitedOrganisations);
            Assert.Equal(["Presidente", "Vocal", "Secretaria Técnica"], session.Members.Select(m => m.Role));
            Assert.Equal(committee.Axes.Select(a => a.Id).Order(), session.Agenda.Select(a => a.AxisId).Distinct().Order());
            Assert.False(string.IsNullOrWhiteSpace(session.Minutes));
        }

        Assert.Equal(new Dictionary<string, AgreementStatus>
        {
            ["ACU-1-01"] = AgreementStatus.Done,
            ["ACU-1-02"] = AgreementStatus.Done,
            ["ACU-1-03"] = AgreementStatus.Done,
            ["ACU-2-01"] = AgreementStatus.Done,
            ["ACU-2-02"] = AgreementStatus.Cancelled,
            ["ACU-3-01"] = AgreementStatus.Done,
            ["ACU-4-01"] = AgreementStatus.Pending,
        }, committee.Agreements.ToDictionary(a => a.Id, a => a.Status));
        Assert.Equal([AgreementStatus.Pending, AgreementStatus.InProgress, AgreementStatus.Done],
            committee.Agreements.Single(a => a.Id == "ACU-1-02").History.Select(h => h.Status));
    }

    [Fact]
    public async Task the_chosen_work_was_reported_until_its_last_report()
    {
        var timeline = await TimelineAsync();
        var progress = await VotingApi.Read<ChosenWorkProgress>(await _api.Anonymous.GetAsync($"/api/processes/{ProcessId}/work-progress"));

        Assert.Equal(timeline.ChosenWork, progress.Work);
        Assert.InRange(progress.Reports.Count, 3, 4);
        Assert.All(progress.Reports, r =>
        {
            Assert.InRange(r.ReportedOn, new DateOnly(2021, 2, 1), new DateOnly(2021, 9, 30));
            Assert.NotEmpty(r.Evidence);
        });
        Assert.Equal(progress.Reports.Select(r => r.PercentComplete).Order(), progress.Reports.Select(r => r.PercentComplete));
        Assert.Equal(progress.Reports.Select(r => r.Spent).Order(), progress.Reports.Select(r => r.Spent));
        Assert.Equal(progress.Reports[^1].PercentComplete, progress.PercentComplete);
        // One report shows a correction as staff would make it, with what it said before.
        var corrected = Assert.Single(progress.Reports, r => r.Corrections.Count > 0);
        Assert.Equal((2, 45), (corrected.Number, corrected.PercentComplete));
        var correction = Assert.Single(corrected.Corrections);
        Assert.Equal(54, correction.WasPercentComplete);
        Assert.Contains("(ejemplo)", correction.Reason);
        Assert.Equal(progress.Reports[^1].Spent, progress.Spent);
    }

    [Fact]
    public async Task the_record_of_each_sample_jornada_reads_forward_in_time_as_an_auditor_rehearsing_on_it_sees_it()
    {
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var historic = (await TimelineAsync()).Shortlist!.JornadaId;
        foreach (var id in new[] { SampleDataLoader.SampleJornadaId, historic })
        {
            var log = await VotingApi.Read<AuditLog>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/log"));
            Assert.True(log.Entries.Count >= 7, $"{id}: {log.Entries.Count} entries"); // creation, ballot, kiosks, online, roll, codes, opening…
            Assert.Equal(log.Entries.Select(e => e.At).Order(), log.Entries.Select(e => e.At)); // never backwards
        }

        // The open one: its window starts when it is created (not before), online voting once the codes are out.
        var sample = await VotingApi.Read<AuditLog>(await _api.Auditor.GetAsync($"/api/jornadas/{SampleDataLoader.SampleJornadaId}/audit/log"));
        var jornada = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{SampleDataLoader.SampleJornadaId}"));
        var created = sample.Entries[0].At;
        var codesIssued = sample.Entries.Single(e => e.Action.StartsWith("Emitió 20 códigos de votación", StringComparison.Ordinal)).At;
        Assert.Equal(created, jornada.VotingOpensAt);
        Assert.InRange(jornada.Online!.OpensAt, codesIssued.AddTicks(1), codesIssued.AddSeconds(1));
        Assert.True(jornada.AcceptingBallots && jornada.Online.AcceptingBallots);
        Assert.Equal("Abrió la votación", sample.Entries[^1].Action);
    }

    [Fact]
    public async Task the_open_sample_jornada_still_takes_a_vote_at_its_demo_kiosk()
    {
        var link = new KioskRegistration(SampleDataLoader.SampleJornadaId, "kiosco-demo", "", "", "kiosco_demo-token", "");
        var (device, activation) = await _api.ConfigureKioskAsync(SampleDataLoader.SampleJornadaId, link);
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(device), SampleDataLoader.SampleJornadaId,
            SampleVoters.Clave(1), "A", "loma-bonita"), System.Net.HttpStatusCode.Forbidden, "kiosk_not_authorized");
        await VotingApi.Read<KioskAuthorization>(await _api.AuthorizeKioskAsync(SampleDataLoader.SampleJornadaId, "kiosco-demo", activation.Fingerprint));
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(device), SampleDataLoader.SampleJornadaId,
            SampleVoters.Clave(1), "A", "loma-bonita"));

        Assert.False(string.IsNullOrWhiteSpace(receipt));
    }

    [Fact]
    public async Task a_sample_resident_votes_online_with_the_code_printed_for_them_and_nobody_off_the_roll_does()
    {
        await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, SampleDataLoader.SampleJornadaId, SampleVoters.Clave(2),
            SampleVoters.Code(2), "B"));
        await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(_api.Anonymous, SampleDataLoader.SampleJornadaId, Voters.UniqueClave(),
            SampleVoters.Code(3), "B"), System.Net.HttpStatusCode.Forbidden, "invalid_voting_credentials");
    }

    [Fact]
    public async Task starting_again_on_the_same_database_loads_nothing_twice()
    {
        var database = new Database(service);
        const string events = "select count(*) from {schema}.mt_events";
        var before = await database.ScalarAsync<long>(events);

        await using (var restarted = new ServiceHost(service.Schema, loadSample: true, daemonMode: "Disabled", mixSize: 25))
            await restarted.InitializeAsync();

        Assert.Equal(before, await database.ScalarAsync<long>(events));
        Assert.Single(await VotingApi.Read<List<ProcessSummary>>(await _api.Anonymous.GetAsync("/api/processes")));
    }
}
