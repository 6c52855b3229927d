using System.Net;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A service whose PostgreSQL connections go through a relay (<see cref="PostgresRelay"/>) that can lose one
/// transaction's connection at its COMMIT, and that sends its SQL text every time, in clear (Max Auto Prepare=0, no TLS) so the relay
/// can tell the group commit's transaction from the others.
/// </summary>
public abstract class CommitCutHost(int mixSize) : ServiceHost(TestDatabase.NewSchemaName(), mixSize: mixSize)
{
    public PostgresRelay Relay { get; private set; } = null!;

    protected override async Task<string> ConnectionStringForServiceAsync()
    {
        Relay = PostgresRelay.Start(await TestDatabase.ConnectionStringAsync());
        return new Npgsql.NpgsqlConnectionStringBuilder(Relay.ConnectionString) { MaxAutoPrepare = 0, SslMode = Npgsql.SslMode.Disable }.ConnectionString;
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Relay.DisposeAsync();
    }
}

/// <summary>
/// The group commit's COMMIT reaches PostgreSQL, which commits, and its answer is lost with the connection (a network
/// cut or a failover at that instant). The service cannot know whether the ballot was written: the kiosk gets a 503 in
/// Spanish that does not say nothing was recorded, the retry under the same Idempotency-Key gets the receipt of the
/// ballot already counted (never a second one), and the seal and the export hold it once.
/// </summary>
public sealed class when_the_connection_is_lost_at_the_ballots_commit(CommitCutService service) : IClassFixture<CommitCutService>
{
    [Fact]
    public async Task the_answer_promises_nothing_and_the_retry_gets_the_one_ballot_that_was_committed()
    {
        var api = new VotingApi(service);
        var db = new Database(service);
        var (id, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = api.Kiosk(kioskToken);
        var first = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave())); // a warm kiosk
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();

        var cut = service.Relay.CutAtNextCommitAsync($"insert into {service.Schema}.participations (");
        var lost = await VotingApi.VoteAsync(kiosk, id, voter, "B", idempotencyKey: key);
        await service.Relay.AwaitCutAsync(cut, TimeSpan.FromSeconds(60)); // the COMMIT was answered by PostgreSQL, and the answer dropped

        var problem = await VotingApi.ExpectProblem(lost, HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(2, await db.ParticipationCountAsync(id)); // it was committed
        Assert.Equal(2, await db.BallotCountAsync(id));
        // It was answered «Nada se registró», and the ballot is in: nothing may be promised either way.
        var detail = problem.GetProperty("detail").GetString();
        Assert.DoesNotContain("Nada se registró", detail);
        Assert.Contains("no se sabe si quedó guardado", detail);
        Assert.Contains("la misma clave Idempotency-Key", detail);

        var retried = await VotingApi.VoteAsync(kiosk, id, voter, "B", idempotencyKey: key);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        var receipt = (await VotingApi.Read<GobiernoAbierto.Voting.BallotReceipt>(retried)).Receipt;
        Assert.True((await VotingApi.Read<GobiernoAbierto.Voting.ReceiptStatus>(await api.Anonymous.GetAsync($"/api/receipts/{receipt}"))).Counted);
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, voter, "B"), HttpStatusCode.Conflict, "already_voted");

        await api.CloseAsync(id);
        var report = await VotingApi.Read<GobiernoAbierto.Audit.VerificationReport>(await api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(2, report.BallotsChecked);
        var export = await api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/ballots.csv");
        var receipts = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[4]).ToList();
        Assert.Equal(new[] { first, receipt }.Order(), receipts.Order()); // once each
    }
}

/// <summary>
/// A kiosk asking for its session (on start and every 30 seconds while it waits) makes the service write when it last
/// saw the kiosk. That write's COMMIT answer lost answered the kiosk «no se sabe si el cambio quedó registrado» for a
/// change it never asked for, and the kiosk page showed the outage screen: the session is what it asked, and it gets it.
/// </summary>
public sealed class when_the_connection_is_lost_at_a_kiosk_heartbeats_commit(CommitCutService service) : IClassFixture<CommitCutService>
{
    [Fact]
    public async Task the_kiosk_gets_its_session()
    {
        var api = new VotingApi(service);
        var (id, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());

        var mark = service.Logs.Mark();
        var cut = service.Relay.CutAtNextCommitAsync($"{id:N}:"); // the heartbeat's id, the Jornada's and the kiosk's
        var asked = api.Kiosk(kioskToken).GetAsync("/api/kiosk/session");
        await service.Relay.AwaitCutAsync(cut, TimeSpan.FromSeconds(60));
        var session = await VotingApi.Read<KioskSession>(await asked);

        Assert.Equal((id, true, true), (session.JornadaId, session.Configured, session.Active));
        // Not unseen either: the operator reads why the dashboard may show the kiosk as silent.
        var warning = Assert.Single(service.Logs.Since(mark), e => e.Message.StartsWith("No se pudo anotar que un kiosco llamó", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kioskToken), id, Voters.UniqueClave())); // and votes
    }
}

/// <summary>Ballots go into the chain at once (no sealed urn).</summary>
public sealed class CommitCutService() : CommitCutHost(mixSize: 0);

/// <summary>The sealed urn on: ballots wait in it until the close mixes them into the chain.</summary>
public sealed class CommitCutUrnService() : CommitCutHost(mixSize: 25);

/// <summary>
/// The close's COMMIT (the last mix and the seal) reaches PostgreSQL and its answer is lost. Staff get a 503 in
/// Spanish, never a 500, that does not say nothing was recorded; the Jornada is closed and sealed once, with every ballot of the urn in the chain: closing again
/// says so, and the seal, the export and the verification agree.
/// </summary>
public sealed class when_the_connection_is_lost_at_the_closes_commit(CommitCutUrnService service) : IClassFixture<CommitCutUrnService>
{
    [Fact]
    public async Task the_jornada_is_sealed_once_with_every_ballot()
    {
        var api = new VotingApi(service);
        var (id, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var receipts = new List<string>();
        for (var i = 0; i < 3; i++) receipts.Add(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kioskToken), id, Voters.UniqueClave())));
        Assert.Equal(0, await new Database(service).BallotCountAsync(id)); // all three wait in the sealed urn

        // The IEEQ's grant first; then the cut is armed on what only the close's event carries, the grant it uses: the
        // event type's name is also in the projection daemon's queries, and under a full run's load the COMMIT after
        // one of them, on the same connection, was cut instead of the close's.
        var grant = await api.CountersignAsync(id, new RequestCountersignature(CountersignedAction.CloseEarly, null, "Cierre anticipado de la prueba."));
        var cut = service.Relay.CutAtNextCommitAsync($"\"Countersignature\":\"{grant.RequestId}\"");
        var close = api.Staff.PostAsync($"/api/jornadas/{id}/close", null);
        // A minute at most, as every wait for a cut here. This one and its console twin timed out in full runs: the relay
        // cut the COMMIT's answer and then failed to say so when the pair's other side was already disposed
        // (PostgresRelay.Reset). If a cut ever times out again, the failure says what the relay saw.
        await service.Relay.AwaitCutAsync(cut, TimeSpan.FromSeconds(60));
        var problem = await VotingApi.ExpectProblem(await close, HttpStatusCode.ServiceUnavailable, "service_unavailable");
        // It is closed: «Nada se registró» would be false, so the answer says it is not known and to look first.
        var detail = problem.GetProperty("detail").GetString();
        Assert.DoesNotContain("Nada se registró", detail);
        Assert.Contains("no se sabe si el cambio quedó registrado", detail);

        await VotingApi.ExpectProblem(await api.Staff.PostAsync($"/api/jornadas/{id}/close", null), System.Net.HttpStatusCode.Conflict, "jornada_closed");
        var report = await VotingApi.Read<GobiernoAbierto.Audit.VerificationReport>(await api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(3, report.BallotsChecked);
        var export = await api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/ballots.csv");
        Assert.Equal(receipts.Order(), export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[4]).Order());
    }
}

/// <summary>
/// The same lost answer from the console: staff are sent to the console's error page, which says it is not known whether
/// the close was recorded and to look before sending it again, not that nothing was recorded.
/// </summary>
public sealed class when_the_connection_is_lost_at_the_closes_commit_from_the_console(CommitCutUrnService service) : IClassFixture<CommitCutUrnService>
{
    [Fact]
    public async Task the_error_page_says_it_is_not_known()
    {
        var api = new VotingApi(service);
        var (id, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kioskToken), id, Voters.UniqueClave()));
        var grant = await api.CountersignAsync(id, new RequestCountersignature(CountersignedAction.CloseEarly, null, "Cierre anticipado de la prueba."));
        var staff = await ConsoleAccounts.CreateAsync(service, GobiernoAbierto.Hosting.Roles.Staff);
        using var browser = await ConsoleAccounts.SignedInClientAsync(service, staff);
        var form = await browser.GetStringAsync($"/consola/jornadas/{id}/cerrar");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var cut = service.Relay.CutAtNextCommitAsync($"\"Countersignature\":\"{grant.RequestId}\"");
        var close = browser.PostAsync($"/consola/jornadas/{id}/cerrar", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        await service.Relay.AwaitCutAsync(cut, TimeSpan.FromSeconds(60));
        var answer = await close;

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/consola/error?estado=503&motivo=incierto&volver=", answer.Headers.Location?.OriginalString);
        var page = await browser.GetAsync(answer.Headers.Location);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        var text = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("No se sabe si su cambio quedó registrado", text);
        Assert.DoesNotContain("no se registró", text, StringComparison.OrdinalIgnoreCase);
        await VotingApi.ExpectProblem(await api.Staff.PostAsync($"/api/jornadas/{id}/close", null), HttpStatusCode.Conflict, "jornada_closed"); // it was
    }
}

/// <summary>
/// The close's statements are on their way when the connection is lost, before its COMMIT: PostgreSQL rolls it back.
/// That answer may promise «Nada se registró» (the lost-COMMIT one above must not), and it is true: the Jornada is
/// still open with its ballots in the urn, and the close sent again seals it.
/// </summary>
public sealed class when_the_connection_is_lost_before_the_closes_commit(CommitCutUrnService service) : IClassFixture<CommitCutUrnService>
{
    [Fact]
    public async Task nothing_was_recorded_and_the_answer_says_so()
    {
        var api = new VotingApi(service);
        var (id, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kioskToken), id, Voters.UniqueClave()));
        var grant = await api.CountersignAsync(id, new RequestCountersignature(CountersignedAction.CloseEarly, null, "Cierre anticipado de la prueba."));

        var cut = service.Relay.CutWhenSentAsync($"\"Countersignature\":\"{grant.RequestId}\"");
        try
        {
            var close = api.Staff.PostAsync($"/api/jornadas/{id}/close", null);
            await service.Relay.AwaitCutAsync(cut, TimeSpan.FromSeconds(60));
            var problem = await VotingApi.ExpectProblem(await close, HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.Contains("Nada se registró", problem.GetProperty("detail").GetString());
        }
        finally
        {
            service.Relay.Restore();
        }

        Assert.Equal(0, await new Database(service).BallotCountAsync(id)); // still in the urn: the close was not recorded
        await api.CloseAsync(id);
        Assert.Equal(1, await new Database(service).BallotCountAsync(id));
    }
}

/// <summary>
/// PostgreSQL goes away while a group commit's statements are on their way (after Marten reserved the events'
/// sequence numbers). The kiosk gets the Spanish 503 and the retry counts the ballot once; the log says the outage once
/// (the outage log), and Marten's attempts to fill the sequence gap meanwhile are not an error with a stack trace each.
/// </summary>
public sealed class when_postgresql_goes_away_during_a_group_commit(CommitCutService service) : IClassFixture<CommitCutService>
{
    [Fact]
    public async Task the_ballot_is_answered_503_and_the_log_says_the_outage_once()
    {
        var api = new VotingApi(service);
        var (id, kioskToken) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = api.Kiosk(kioskToken);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave())); // a warm kiosk
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();
        var mark = service.Logs.Mark();

        // The group commit's append (the events' sequence numbers reserved), not the event type's name, which the
        // projection daemon's queries also send.
        var cut = service.Relay.CutWhenSentAsync($"{service.Schema}.mt_quick_append_events(");
        try
        {
            var answer = await VotingApi.VoteAsync(kiosk, id, voter, idempotencyKey: key);
            await service.Relay.AwaitCutAsync(cut, TimeSpan.FromSeconds(60));
            await VotingApi.ExpectProblem(answer, HttpStatusCode.ServiceUnavailable, "service_unavailable");
            await Task.Delay(TimeSpan.FromSeconds(4)); // the outage lasts
        }
        finally
        {
            service.Relay.Restore();
        }

        Assert.Equal(HttpStatusCode.Created, (await VotingApi.VoteAsync(kiosk, id, voter, idempotencyKey: key)).StatusCode);
        Assert.Equal(2, await new Database(service).ParticipationCountAsync(id));
        var loud = service.Logs.Since(mark).Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning
            && e.Category != typeof(GobiernoAbierto.Hosting.DatabaseOutageLog).FullName).ToList();
        Assert.True(loud.Count == 0, string.Join('\n', loud.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
    }
}
