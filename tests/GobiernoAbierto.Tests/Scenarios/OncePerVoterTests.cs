using System.Net;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_one_voter_tries_many_times_at_once(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    [Fact]
    public async Task fifty_concurrent_attempts_across_two_instances_and_both_channels_yield_exactly_one_ballot()
    {
        var voter = Voters.UniqueClave();
        var (id, kioskToken, codes) = await _api.OpenOnlineJornadaAsync([voter]);
        await using var secondNode = new ServiceHost(service.Schema, daemonMode: "Disabled");
        await secondNode.InitializeAsync();
        secondNode.Clock.Offset = service.Clock.Offset;
        var otherApi = new VotingApi(secondNode);

        // At each node's kiosk, and online (with the voter's code) through each node.
        var kiosks = new[] { _api.Kiosk(kioskToken), otherApi.Kiosk(kioskToken) };
        var online = new[] { _api.Anonymous, otherApi.Anonymous };
        // Spelled differently each time: normalisation must still see one person.
        var spellings = new[] { voter, voter.ToLowerInvariant(), $" {voter[..6]}-{voter[6..]} " };
        var attempts = Enumerable.Range(0, 50).Select(i => i % 2 == 0
            ? VotingApi.VoteAsync(kiosks[i / 2 % 2], id, spellings[i % spellings.Length], "A")
            : VotingApi.VoteOnlineAsync(online[i / 2 % 2], id, spellings[i % spellings.Length], codes[voter], "B"));
        var responses = await Task.WhenAll(attempts);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await VotingApi.ExpectProblem(refused, HttpStatusCode.Conflict, "already_voted");
        Assert.Equal(1, await _db.BallotCountAsync(id));
        Assert.Equal(1, await _db.ParticipationCountAsync(id));
    }

    [Fact]
    public async Task a_retry_with_the_same_idempotency_key_gets_the_same_receipt_and_no_second_ballot()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();

        var first = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, voter, idempotencyKey: key));
        var retries = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => VotingApi.VoteAsync(kiosk, id, voter, idempotencyKey: key)));
        foreach (var retry in retries)
        {
            var receipt = await VotingApi.Read<BallotReceipt>(retry);
            Assert.Equal(first, receipt.Receipt);
            Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        }
        Assert.Equal(1, await _db.BallotCountAsync(id));

        // Two keys in one request (two headers, joined by HTTP with a comma) are refused, not taken as a third key.
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, voter, idempotencyKey: $"{key}, {Guid.NewGuid()}"),
            HttpStatusCode.BadRequest, "invalid_idempotency_key");

        // The same key for another person is a client bug, not a replay.
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave(), idempotencyKey: key),
            HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(1, await _db.BallotCountAsync(id));
    }

    /// <summary>
    /// A ballot counted as the hours ended whose answer was lost: its retry after the close was told «no se reciben más
    /// votos», with no receipt (an outside tester). It gets its receipt back; a new ballot is refused as before.
    /// </summary>
    [Fact]
    public async Task a_retry_after_the_close_gets_the_receipt_of_the_ballot_counted_before_it()
    {
        var voter = Voters.UniqueClave();
        var (id, kioskToken, codes) = await _api.OpenOnlineJornadaAsync([voter]);
        var key = Guid.NewGuid().ToString();
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, codes[voter], "B", idempotencyKey: key));

        using var afterTheHours = service.Clock.RunAhead(TimeSpan.FromHours(9));
        var hoursOver = await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, codes[voter], "B", idempotencyKey: key);
        Assert.Equal(receipt, (await VotingApi.Read<BallotReceipt>(hoursOver)).Receipt);
        await VotingApi.Expect(await _api.Staff.PostAsync($"/api/jornadas/{id}/close", null), HttpStatusCode.OK);

        var retry = await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, codes[voter], "B", idempotencyKey: key);
        Assert.Equal(receipt, (await VotingApi.Read<BallotReceipt>(retry)).Receipt);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        // Not to a retry that changed its choice, nor with a wrong code, nor to the kiosk: closed, as any new ballot.
        await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, codes[voter], "A", idempotencyKey: key),
            HttpStatusCode.Conflict, "jornada_closed");
        await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, "0000-0000-0000-0000", "B", idempotencyKey: key),
            HttpStatusCode.Conflict, "jornada_closed");
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), idempotencyKey: Guid.NewGuid().ToString()),
            HttpStatusCode.Conflict, "jornada_closed");
        Assert.Equal(1, await _db.BallotCountAsync(id));
    }

    [Fact]
    public async Task a_kiosk_that_sends_the_key_of_someones_online_ballot_gets_neither_its_receipt_nor_its_choice()
    {
        var voter = Voters.UniqueClave();
        var (id, kioskToken, codes) = await _api.OpenOnlineJornadaAsync([voter]);
        var key = Guid.NewGuid().ToString();
        await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, codes[voter], "B", idempotencyKey: key));

        // A retry is answered only to the device that sent the ballot; to a kiosk, whichever option it tries, the voter
        // has simply voted.
        foreach (var option in new[] { "A", "B" })
            await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, voter, option, idempotencyKey: key),
                HttpStatusCode.Conflict, "already_voted");
        Assert.Equal(HttpStatusCode.OK, (await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, codes[voter], "B", idempotencyKey: key)).StatusCode);
        Assert.Equal(1, await _db.BallotCountAsync(id));
    }

    [Fact]
    public async Task a_retry_that_changed_the_choice_is_refused_and_the_first_choice_stays_counted()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();

        // The first answer was lost on the way (the resident saw an error), the resident picks the other project.
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, voter, "A", idempotencyKey: key));
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, voter, "B", idempotencyKey: key),
            HttpStatusCode.UnprocessableEntity, "idempotency_key_other_ballot");

        Assert.Equal(1, await _db.BallotCountAsync(id));
        var replay = await VotingApi.VoteAsync(kiosk, id, voter, "A", idempotencyKey: key);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
    }

    [Fact]
    public async Task concurrent_first_attempts_with_one_idempotency_key_share_one_receipt()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, voter, idempotencyKey: key)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var receipts = await Task.WhenAll(responses.Select(async r => (await System.Net.Http.Json.HttpContentJsonExtensions
            .ReadFromJsonAsync<BallotReceipt>(r.Content, VotingApi.Json))!.Receipt));
        Assert.Single(receipts.Distinct());
        Assert.Equal(1, await _db.BallotCountAsync(id));
    }

    [Fact]
    public async Task a_second_attempt_while_the_first_is_still_committing_is_refused_and_the_chain_holds_every_ballot_once()
    {
        // Attempts arrive over a spread of a few commit windows, so batches are decided while an earlier one is still in
        // flight (GroupCommitOptions.InFlight): each must read, under the lock, what the one before it committed.
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        var voters = Enumerable.Range(0, 120).Select(_ => Voters.UniqueClave()).ToArray();
        var attempts = voters.SelectMany((voter, i) => new[] { (voter, delay: i % 7 * 15), (voter, delay: i % 7 * 15 + 5 + i % 3 * 20) })
            .Select(async a =>
            {
                await Task.Delay(a.delay);
                return await VotingApi.VoteAsync(kiosk, id, a.voter, a.voter.GetHashCode() % 2 == 0 ? "A" : "B");
            });
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(voters.Length, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await VotingApi.ExpectProblem(refused, HttpStatusCode.Conflict, "already_voted");
        Assert.Equal(voters.Length, await _db.ParticipationCountAsync(id));
        Assert.Equal(voters.Length, await _db.BallotCountAsync(id));
        await _api.CloseAsync(id);
        var report = await VotingApi.Read<GobiernoAbierto.Audit.VerificationReport>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal(voters.Length, report.BallotsChecked);
    }
}

/// <summary>A service whose group commit would wait four seconds for more ballots.</summary>
public sealed class LongWindowService() : ServiceHost(TestDatabase.NewSchemaName())
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(4);

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Voting:GroupCommit:MaxWait", Window.ToString());
    }
}

public sealed class when_everyone_voting_is_already_in_the_commit(LongWindowService service) : IClassFixture<LongWindowService>
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_commit_does_not_wait_out_its_window_once_it_holds_as_many_ballots_as_the_fullest_recent_one()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        Task<HttpResponseMessage[]> TenAtOnce() =>
            Task.WhenAll(Enumerable.Range(0, 10).Select(_ => VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave())));

        // The first ten: no commit before them, so theirs waits out the whole window.
        var first = System.Diagnostics.Stopwatch.StartNew();
        Assert.All(await TenAtOnce(), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.True(first.Elapsed >= LongWindowService.Window * 0.9, $"The first ten took {first.Elapsed}.");

        // The next ten: as many as that commit held, so theirs goes as soon as the tenth is in.
        var next = System.Diagnostics.Stopwatch.StartNew();
        Assert.All(await TenAtOnce(), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.True(next.Elapsed < LongWindowService.Window / 2, $"The next ten took {next.Elapsed}.");
        Assert.Equal(20, await new Database(service).BallotCountAsync(id));
    }

    [Fact]
    public async Task another_jornadas_small_commits_do_not_close_this_ones_window_early()
    {
        var (quiet, quietKiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var (busy, busyKiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        // A Jornada whose last commit held one ballot.
        Assert.Equal(HttpStatusCode.Created, (await VotingApi.VoteAsync(_api.Kiosk(quietKiosk), quiet, Voters.UniqueClave())).StatusCode);

        // Another Jornada's first ten: no commit of its own before them, so theirs waits out the window and takes all
        // ten. Had it counted the other Jornada's commit of one, it would have left with the first ballot.
        var kiosk = _api.Kiosk(busyKiosk);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var ten = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => VotingApi.VoteAsync(kiosk, busy, Voters.UniqueClave())));
        Assert.All(ten, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.True(started.Elapsed >= LongWindowService.Window * 0.9, $"The ten took {started.Elapsed}.");
        Assert.Equal(1L, await new Database(service).ScalarAsync<long>(
            "select count(*) from {schema}.mt_events where stream_id = $1 and type = 'turnout_recorded'", busy));
    }
}

/// <summary>
/// A clave typed with the letter O for a zero was refused; read as the zero it stands for, it is the same person: their
/// second try, spelled right, is refused as already voted, and the roll knows them by either spelling.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_voter_types_the_letter_o_for_a_zero(ServiceFixture service)
{
    [Fact]
    public async Task the_ballot_counts_for_the_person_and_their_clave_spelled_right_has_already_voted()
    {
        var api = new VotingApi(service);
        var voter = Voters.UniqueClave()[..15] + "100"; // its homoclave with two zeros
        var withOs = voter[..6] + voter[6..].Replace('0', 'O');
        var jornada = await api.OpenOnlineJornadaAsync([voter]);
        var kiosk = api.Kiosk(jornada.KioskToken);

        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornada.Id, withOs, "A"));

        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, jornada.Id, voter, "B"), HttpStatusCode.Conflict, "already_voted");
        Assert.Equal(1, await new Database(service).ParticipationCountAsync(jornada.Id));
    }
}
