using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_a_jornada_runs_from_creation_to_publication(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    /// <summary>
    /// A Jornada outside a process whose voting period ended before anyone opened it can never open: its results said
    /// «La votación no ha concluido», as if the vote were still to come (a process's says a new Jornada decides).
    /// </summary>
    [Fact]
    public async Task one_whose_period_ended_unopened_says_there_was_no_vote_not_that_it_has_not_concluded()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromHours(1), closesIn: TimeSpan.FromHours(2)));
        await _api.SetOptionsAsync(jornada.Id);
        var before = await VotingApi.Read<PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}/results"));
        Assert.Equal("La votación no ha concluido.", before.OutcomeLabel);

        using var afterItsPeriod = service.Clock.RunAhead(TimeSpan.FromHours(3));
        var after = await VotingApi.Read<PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}/results"));
        Assert.Equal("La Jornada no se abrió y su periodo de votación terminó: no hubo votación, así que ningún proyecto resulta elegido.",
            after.OutcomeLabel);
    }

    [Fact]
    public async Task voters_vote_staff_close_ieeq_certifies_and_the_chosen_project_is_published()
    {
        // Five residents of Loma Bonita vote at the kiosk, three of San Pedro Mártir online; the roll says where each lives.
        var voters = Enumerable.Range(0, 8).Select(_ => Voters.UniqueClave()).ToArray();
        var (id, kioskToken, codes) = await _api.OpenOnlineJornadaAsync(voters, i => i < 5 ? "loma-bonita" : "san-pedro-martir");
        var kiosk = _api.Kiosk(kioskToken);

        var receipts = new List<string>();
        foreach (var voter in voters[..5]) receipts.Add(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, voter, "A")));
        foreach (var voter in voters[5..]) receipts.Add(await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, codes[voter], "B")));

        // Anyone can check a receipt is counted; the answer never names the choice.
        var status = await VotingApi.Read<ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipts[0].ToLowerInvariant()}"));
        Assert.True(status.Counted);
        Assert.DoesNotContain("\"A\"", await (await _api.Anonymous.GetAsync($"/api/receipts/{receipts[0]}")).Content.ReadAsStringAsync());

        // While open, the public sees turnout but not the count per option.
        var during = await VotingApi.Read<PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}/results"));
        Assert.Equal(8, during.Turnout);
        Assert.Null(during.Options);

        var live = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/tally"));
        Assert.Equal(8, live.TotalBallots);
        Assert.Equal(5, live.Options.Single(o => o.OptionId == "A").Votes);
        Assert.Equal(3, live.Options.Single(o => o.OptionId == "B").Votes);
        Assert.Equal(5, live.ByChannel["kiosk"]);
        Assert.Equal(3, live.ByChannel["online"]);
        Assert.Equal(5, live.ByKiosk["kiosco-1"]);
        Assert.Equal(5, live.TurnoutByColonia["loma-bonita"]);
        Assert.Equal(3, live.TurnoutByColonia["san-pedro-martir"]);
        Assert.Equal(5, live.TurnoutByDelegacion["felix-osores-sotomayor"]);
        Assert.Equal(3, live.TurnoutByDelegacion["felipe-carrillo-puerto"]);

        // Publication before certification is refused.
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/publication", null), HttpStatusCode.Conflict, "tally_not_certified");

        await _api.CloseAsync(id);
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()), HttpStatusCode.Conflict, "jornada_closed");

        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        Assert.Equal(8, seal.BallotCount);
        Assert.Equal(5, seal.Counts["A"]);
        Assert.Equal(3, seal.Counts["B"]);

        // IEEQ recomputes the chain from the export, then certifies the seal it recomputed.
        var csv = await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/ballots.csv");
        var report = ChainVerifier.Verify(id, AuditRecords.ParseCsv(new StringReader(csv)), seal);
        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(seal.FinalHash, report.FinalHash);
        Assert.Equal(receipts.Order(), AuditRecords.ParseCsv(new StringReader(csv)).Select(b => b.Receipt).Order());

        await VotingApi.ExpectProblem(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new CertifyTally(new string('a', 64), null, ExportVerified: true), VotingApi.Json), HttpStatusCode.Conflict, "seal_mismatch");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new CertifyTally(report.FinalHash, null, ExportVerified: true), VotingApi.Json), HttpStatusCode.Forbidden, "forbidden");
        // The acta says the auditor declared having verified the export: through the API too, that is asked, not assumed.
        var undeclared = await VotingApi.ExpectProblem(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new { sealHash = seal.RecordHash }, VotingApi.Json), HttpStatusCode.BadRequest, "validation_failed");
        Assert.StartsWith("Declare que verificó la exportación", undeclared.GetProperty("errors").GetProperty("exportVerified")[0].GetString());
        // What the seal sheet asks the IEEQ to note, and the README to send: the sello del registro (recordHash).
        Assert.NotNull(seal.RecordHash);
        var certified = await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new CertifyTally(seal.RecordHash!, "Sin incidencias.", ExportVerified: true), VotingApi.Json));
        Assert.Equal(JornadaStatus.Certified, certified.Status);

        var published = await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{id}/publication", null));
        Assert.Equal(JornadaStatus.Published, published.Status);

        var results = await VotingApi.Read<PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}/results"));
        Assert.Equal(OutcomeKind.Winner, results.Outcome);
        Assert.Equal("A", results.ChosenProject!.OptionId);
        Assert.Equal("Cancha de usos múltiples", results.ChosenProject.Title);
        Assert.Equal("Auditora IEEQ de prueba", results.CertifiedBy);
        Assert.Equal(5, results.Options!.Single(o => o.OptionId == "A").Votes);
    }

    /// <summary>
    /// A button pressed twice, a form sent from two desks, a client retrying before its first answer: every sending after
    /// the first is told what the first did (or that nothing changed), never «Otra operación modificó este registro»
    /// (concurrent_change), and the record holds each fact once. These commands take the Jornada's row lock, so sends at
    /// the same moment take turns and each decides on what the one before it left.
    /// </summary>
    [Fact]
    public Task a_jornadas_one_time_commands_sent_several_times_at_once_are_done_once_and_the_rest_told_so() =>
        OneTimeCommandsAtOnceAsync(service);

    internal static async Task OneTimeCommandsAtOnceAsync(ServiceHost service)
    {
        var api = new VotingApi(service);
        var jornada = await api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        var id = jornada.Id;
        async Task<HttpResponseMessage[]> AtOnce(int times, Func<Task<HttpResponseMessage>> send) =>
            await Task.WhenAll(Enumerable.Range(0, times).Select(_ => Task.Run(send)));

        // The same ballot six times: one fact, six answers that it is set.
        Assert.All(await VotingApi.Outcomes(await AtOnce(6, () => api.Staff.PutAsJsonAsync($"/api/jornadas/{id}/options", VotingApi.TwoWorks, VotingApi.Json))),
            code => Assert.Equal("200", code));
        var kiosk = await api.RegisterKioskAsync(id);

        var opened = await VotingApi.Outcomes(await AtOnce(4, () => api.Staff.PostAsync($"/api/jornadas/{id}/open", null)));
        Assert.Equal(["200", "409 jornada_already_opened", "409 jornada_already_opened", "409 jornada_already_opened"], opened.Order());

        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kiosk), id, Voters.UniqueClave(), "A"));
        await api.CloseAsync(id);
        var seal = await VotingApi.Read<ExportedSeal>(await api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));

        var certified = await VotingApi.Outcomes(await AtOnce(6, () => api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new CertifyTally(seal.RecordHash!, "Sin incidencias.", ExportVerified: true), VotingApi.Json)));
        Assert.Equal(["200", .. Enumerable.Repeat("409 already_certified", 5)], certified.Order());

        var published = await VotingApi.Outcomes(await AtOnce(4, () => api.Staff.PostAsync($"/api/jornadas/{id}/publication", null)));
        Assert.Equal(["200", .. Enumerable.Repeat("409 already_published", 3)], published.Order());

        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var facts = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
        Assert.Single(facts.OfType<BallotOptionsSet>());
        Assert.Single(facts.OfType<JornadaOpened>());
        Assert.Single(facts.OfType<TallyCertified>());
        Assert.Single(facts.OfType<ChosenProjectPublished>());
    }

    /// <summary>
    /// The IEEQ desk's «Certificar» sent four times at once (a double click, the form resent after a slow answer): one
    /// certification, to its acta; the others come back to the desk saying it is already certified, none to the error page.
    /// </summary>
    [Fact]
    public async Task the_ieeq_desks_certification_sent_several_times_at_once_certifies_once()
    {
        var (id, kiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kiosk), id, Voters.UniqueClave(), "B"));
        await _api.CloseAsync(id);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        using var desk = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));
        var form = await desk.GetStringAsync($"/consola/auditoria/{id}");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => desk.PostAsync($"/consola/auditoria/{id}?handler=Certify",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["SealHash"] = seal.RecordHash!, ["Observations"] = "Sin incidencias.", ["CertifyConfirmed"] = "true",
            })))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Redirect && a.Headers.Location!.OriginalString == $"/consola/auditoria/{id}/acta");
        var others = answers.Where(a => a.StatusCode != HttpStatusCode.Redirect).ToList();
        Assert.Equal(3, others.Count);
        foreach (var other in others) Assert.Contains("Ya certificada", System.Net.WebUtility.HtmlDecode(await other.Content.ReadAsStringAsync()));
        Assert.DoesNotContain(answers, a => a.Headers.Location?.OriginalString.StartsWith("/consola/error") == true);
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<TallyCertified>());
    }

    [Fact]
    public async Task a_tie_is_reported_as_a_tie_and_nothing_is_published()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), "A"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), "B"));
        await _api.CloseAsync(id);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));

        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/publication", null), HttpStatusCode.Conflict, "tally_tied");
        var results = await VotingApi.Read<PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}/results"));
        Assert.Equal(OutcomeKind.Tie, results.Outcome);
        Assert.Null(results.ChosenProject);
    }
}

/// <summary>
/// A service whose every connection to PostgreSQL is opened anew (no pool), so each command's transaction begins on a
/// connection still being opened. On that path Marten before 9.58 sent a batched exclusive fetch (the generated code of
/// the Jornada's options, opening, certification and publication) without waiting for its transaction to begin, in
/// autocommit: the `for update` then held its row lock for no time at all (marten#5532). With a pool the connection is
/// usually ready at once and hides it.
/// </summary>
public sealed class UnpooledService() : ServiceHost(TestDatabase.NewSchemaName())
{
    protected override async Task<string> ConnectionStringForServiceAsync() =>
        new Npgsql.NpgsqlConnectionStringBuilder(await TestDatabase.ConnectionStringAsync()) { Pooling = false }.ConnectionString;
}

public sealed class when_every_connection_to_postgresql_is_opened_anew(UnpooledService service) : IClassFixture<UnpooledService>
{
    [Fact]
    public Task a_jornadas_one_time_commands_sent_several_times_at_once_still_take_turns_on_its_lock() =>
        when_a_jornada_runs_from_creation_to_publication.OneTimeCommandsAtOnceAsync(service);
}
