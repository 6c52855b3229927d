using System.Net;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>A service whose sealed urn mixes ballots in groups of at least 3, as production does with 25.</summary>
public sealed class UrnService() : ServiceHost(TestDatabase.NewSchemaName(), mixSize: MixSize)
{
    public const int MixSize = 3;
}

/// <summary>Low traffic: voters come one at a time, each in a group commit of their own.</summary>
public sealed class when_voters_come_one_at_a_time(UrnService service) : IClassFixture<UrnService>
{
    private const int K = UrnService.MixSize;
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    /// <summary>A Jornada open at its kiosk and online for twelve residents, of two colonias.</summary>
    private Task<OnlineJornada> OpenAsync() =>
        _api.OpenOnlineJornadaAsync([.. Enumerable.Range(0, 12).Select(_ => Voters.UniqueClave())], i => i % 2 == 0 ? "loma-bonita" : "sonterra");

    /// <summary>The n-th resident's ballot: even ones at the kiosk, odd ones online with their code.</summary>
    private async Task<string> VoteAsync(OnlineJornada jornada, string option, int n)
    {
        var voter = jornada.Codes.Keys.ElementAt(n);
        return await VotingApi.ReceiptOf(n % 2 == 0
            ? await VotingApi.VoteAsync(_api.Kiosk(jornada.KioskToken), jornada.Id, voter, option)
            : await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voter, jornada.Codes[voter], option));
    }

    private Task<long> SealedCountAsync(Guid jornadaId) =>
        _db.ScalarAsync<long>("select count(*) from {schema}.sealed_urns, unnest(ids) where jornada_id = $1", jornadaId);

    [Fact]
    public async Task a_lone_voter_leaves_nothing_in_the_database_that_shows_their_choice()
    {
        var jornada = await OpenAsync();
        var id = jornada.Id;

        var receipt = await VoteAsync(jornada, "B", 0);

        Assert.Equal(1, await _db.ParticipationCountAsync(id));
        Assert.Equal(0, await _db.BallotCountAsync(id));
        var sealedRows = await _db.RowsAsync("select unnest(sealed) from {schema}.sealed_urns where jornada_id = $1", id);
        var sealedBallot = (byte[])Assert.Single(sealedRows)[0]!;
        Assert.Equal(12 + SealedUrn.PayloadLength + 16, sealedBallot.Length);
        var asText = System.Text.Encoding.Latin1.GetString(sealedBallot);
        Assert.DoesNotContain(receipt.Replace("-", ""), asText.Replace("-", ""));
        Assert.DoesNotContain("kiosco", asText);

        var status = await VotingApi.Read<ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"));
        Assert.Equal((false, (Guid?)null), (status.Counted, status.JornadaId)); // the urn is never looked into
        Assert.Contains("todavía no aparece en el cómputo", status.Message);

        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/tally"));
        Assert.Equal((0L, 1L, 1L), (tally.TotalBallots, tally.InSealedUrn, tally.Turnout));
        var results = await VotingApi.Read<PublicResults>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}/results"));
        Assert.Equal(1, results.Turnout); // the public sees everyone who voted, sealed or not
    }

    [Fact]
    public async Task ballots_enter_the_chain_only_in_mixes_of_at_least_the_mix_size_and_closing_takes_the_rest()
    {
        var jornada = await OpenAsync();
        var id = jornada.Id;
        string[] choices = ["A", "B", "A", "A", "B", "A", "B", "A"];
        var receipts = new List<string>();

        // Each ballot is a commit of its own. The urn fills up to 2K; then all but K random ones go into the chain.
        var (expectedInChain, expectedInUrn) = (0L, 0L);
        for (var n = 0; n < choices.Length; n++)
        {
            receipts.Add(await VoteAsync(jornada, choices[n], n));
            expectedInUrn++;
            if (expectedInUrn >= 2 * K) (expectedInChain, expectedInUrn) = (expectedInChain + expectedInUrn - K, K);

            Assert.Equal(n + 1, await _db.ParticipationCountAsync(id));
            Assert.Equal((expectedInChain, expectedInUrn), (await _db.BallotCountAsync(id), await SealedCountAsync(id)));
        }
        Assert.Equal((3L, 5L), (expectedInChain, expectedInUrn));

        // Every transaction that wrote ballots wrote at least K of them: no commit pairs one voter with one choice.
        var perTransaction = await _db.RowsAsync(
            "select xmin::text, count(*) from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast' group by 1", id);
        Assert.All(perTransaction, row => Assert.True((long)row[1]! >= K, $"Transaction {row[0]} wrote only {row[1]} ballots."));

        // The urn lives in the database: another instance (a restart) closes the Jornada and mixes the rest in.
        await using (var restarted = new ServiceHost(service.Schema, daemonMode: "Disabled", mixSize: K))
        {
            await restarted.InitializeAsync();
            await new VotingApi(restarted).CloseAsync(id);
        }

        Assert.Equal(0, await SealedCountAsync(id));
        Assert.Equal(choices.Length, await _db.BallotCountAsync(id));
        var closing = await _db.RowsAsync(
            "select xmin::text, count(*) from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast' group by 1", id);
        Assert.All(closing, row => Assert.True((long)row[1]! >= K, $"Transaction {row[0]} wrote only {row[1]} ballots."));

        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/tally"));
        Assert.Equal(choices.Count(c => c == "A"), tally.Seal!.Counts["A"]);
        Assert.Equal(choices.Count(c => c == "B"), tally.Seal.Counts["B"]);
        Assert.Equal(0, tally.InSealedUrn);
        var verification = await VotingApi.Read<VerificationReport>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(verification.Intact);
        Assert.Equal(choices.Length, verification.BallotsChecked);
        foreach (var receipt in receipts)
            Assert.True((await VotingApi.Read<ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"))).Counted);
    }

    /// <summary>
    /// A red team, as a database administrator, paired every urn entry with its receipt (and so each participation written
    /// beside it with a place and an option in the chain) by composing urns of copied entries and asking the public receipt
    /// check, which found a receipt's entry by a keyed lookup. The check reads the chain only; no lookup is written.
    /// </summary>
    [Fact]
    public async Task the_receipt_check_says_nothing_of_the_sealed_urn_so_that_no_one_can_pair_an_entry_with_its_receipt()
    {
        var jornada = await OpenAsync();
        var id = jornada.Id;
        var receipt = await VoteAsync(jornada, "A", 0);
        await VoteAsync(jornada, "B", 1);
        Assert.All(await _db.RowsAsync("select unnest(receipt_lookups) from {schema}.sealed_urns where jornada_id = $1", id), r => Assert.Null(r[0]));

        // The red team's urns: each entry alone, under a Jornada id of its own, then asked about the receipt.
        Assert.Equal(2, await _db.ExecuteAsync("""
            insert into {schema}.sealed_urns (jornada_id, ids, sealed, receipt_lookups)
            select u.id, array[u.id], array[u.s], array[null::varchar]
            from {schema}.sealed_urns, unnest(ids, sealed) as u(id, s) where jornada_id = $1
            """, id));
        var status = await VotingApi.Read<ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"));
        Assert.Equal((false, (Guid?)null, (string?)null), (status.Counted, status.JornadaId, status.JornadaTitle));
        Assert.Equal(ReceiptEndpoints.NotCountedYet(UrnService.MixSize), status.Message);
        Assert.Equal(2, await _db.ExecuteAsync("delete from {schema}.sealed_urns where jornada_id <> $1 and jornada_id = ids[1]", id));

        await _api.CloseAsync(id);
        status = await VotingApi.Read<ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"));
        Assert.Equal((true, (Guid?)id), (status.Counted, status.JornadaId));
    }

    [Fact]
    public async Task an_altered_urn_entry_stops_the_jornada_with_a_clear_problem_instead_of_being_absorbed()
    {
        var jornada = await OpenAsync();
        var id = jornada.Id;
        var receipt = await VoteAsync(jornada, "A", 0);
        Assert.Equal(1, await _db.ExecuteAsync(
            "update {schema}.sealed_urns set sealed[1] = set_byte(sealed[1], 40, get_byte(sealed[1], 40) # 1) where jornada_id = $1", id));

        var voter = jornada.Codes.Keys.ElementAt(1);
        var next = await VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, jornada.Codes[voter], "B");
        await VotingApi.ExpectProblem(next, HttpStatusCode.ServiceUnavailable, "sealed_urn_altered");
        Assert.Equal(1, await _db.ParticipationCountAsync(id)); // the refused commit wrote nothing
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/close", null), HttpStatusCode.ServiceUnavailable,
            "sealed_urn_altered");
        Assert.False((await VotingApi.Read<ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"))).Counted);
    }

    [Theory]
    [InlineData("sealed = sealed[2:]")]                  // an entry's ciphertext cut out, its id left
    [InlineData("sealed[1] = null")]                      // a hole where a ciphertext was
    [InlineData("ids[1] = null")]
    public async Task an_urn_whose_arrays_no_longer_line_up_stops_the_jornada_too(string alteration)
    {
        var jornada = await OpenAsync();
        var id = jornada.Id;
        await VoteAsync(jornada, "A", 0);
        await VoteAsync(jornada, "B", 1);
        Assert.Equal(1, await _db.ExecuteAsync($"update {{schema}}.sealed_urns set {alteration} where jornada_id = $1", id));

        var voter = jornada.Codes.Keys.ElementAt(2);
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(jornada.KioskToken), id, voter, "A"),
            HttpStatusCode.ServiceUnavailable, "sealed_urn_altered");
        Assert.Equal(2, await _db.ParticipationCountAsync(id)); // the refused commit wrote nothing
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/close", null), HttpStatusCode.ServiceUnavailable,
            "sealed_urn_altered");
    }

    [Fact]
    public async Task a_commit_that_accepts_nothing_still_writes_a_mix_that_is_due()
    {
        var jornada = await OpenAsync();
        var receipts = new[] { await VoteAsync(jornada, "A", 0), await VoteAsync(jornada, "B", 1) };
        Assert.Equal(2, await SealedCountAsync(jornada.Id));

        // An instance restarted with the urn turned off (MixSize 0) mixes all of it at its next commit, and that commit
        // accepts nothing (a wrong voting code).
        var node = new ServiceHost(service.Schema, daemonMode: "Disabled", mixSize: 0);
        await using var _ = node;
        await node.InitializeAsync();
        node.Clock.Offset = service.Clock.Offset;
        var voters = jornada.Codes.Keys.ToList();
        await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(new VotingApi(node).Anonymous, jornada.Id, voters[3], jornada.Codes[voters[5]], "A"),
            HttpStatusCode.Forbidden, "invalid_voting_credentials");

        Assert.Equal(0, await SealedCountAsync(jornada.Id));
        var chained = await _db.RowsAsync("select data ->> 'Receipt' from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast'", jornada.Id);
        Assert.Equal(receipts.Order(), chained.Select(r => (string)r[0]!).Order());
    }
}

public sealed class when_a_database_from_before_the_one_row_urn_is_upgraded
{
    [Fact]
    public async Task the_ballots_waiting_in_the_old_urn_stay_sealed_and_the_close_counts_them()
    {
        var schema = TestDatabase.NewSchemaName();
        Guid id;
        List<string> receipts = [];
        await using (var first = new ServiceHost(schema, mixSize: UrnService.MixSize))
        {
            await first.InitializeAsync();
            var api = new VotingApi(first);
            (id, var kioskToken) = await api.OpenJornadaAsync(first.Clock.GetUtcNow());
            for (var i = 0; i < 2; i++) receipts.Add(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(api.Kiosk(kioskToken), id, Voters.UniqueClave())));
            // As an older version left it: the urn as a row per ballot.
            await new Database(first).ExecuteAsync("""
                create table {schema}.sealed_ballots (jornada_id uuid, id uuid, sealed bytea not null, receipt_lookup varchar, primary key (jornada_id, id));
                insert into {schema}.sealed_ballots select jornada_id, unnest(ids), unnest(sealed), unnest(receipt_lookups) from {schema}.sealed_urns;
                drop table {schema}.sealed_urns;
                """);
        }

        await using var second = new ServiceHost(schema, mixSize: UrnService.MixSize);
        await second.InitializeAsync();
        var again = new VotingApi(second);
        var db = new Database(second);
        Assert.Equal(2, await db.ScalarAsync<long>("select count(*) from {schema}.sealed_urns, unnest(ids) where jornada_id = $1", id));
        Assert.Null(await db.ScalarAsync<string>("select to_regclass('{schema}.sealed_ballots')::text"));
        foreach (var receipt in receipts)
            Assert.False((await VotingApi.Read<ReceiptStatus>(await again.Anonymous.GetAsync($"/api/receipts/{receipt}"))).Counted);

        await again.CloseAsync(id);

        Assert.Equal(2, await db.BallotCountAsync(id));
        foreach (var receipt in receipts)
            Assert.True((await VotingApi.Read<ReceiptStatus>(await again.Anonymous.GetAsync($"/api/receipts/{receipt}"))).Counted);
        var verification = await VotingApi.Read<VerificationReport>(await again.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(verification.Intact);
    }
}
