using System.Net;
using System.Text.Json;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>What someone with full access to the database can learn after people vote.</summary>
[Collection(SharedService.Name)]
public sealed class when_someone_reads_the_whole_database_after_a_vote(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    private async Task<(Guid Id, string[] Voters)> VoteAsync(int voters)
    {
        var identifiers = Enumerable.Range(0, voters).Select(_ => Voters.UniqueClave()).ToArray();
        var (id, kioskToken, codes) = await _api.OpenOnlineJornadaAsync(identifiers, i => i % 2 == 0 ? "loma-bonita" : "sonterra");
        var responses = await Task.WhenAll(identifiers.Select((voter, i) => i % 2 == 0
            ? VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, voter, i % 3 == 0 ? "B" : "A", idempotencyKey: Guid.NewGuid().ToString())
            : VotingApi.VoteOnlineAsync(_api.Anonymous, id, voter, codes[voter], i % 3 == 0 ? "B" : "A", idempotencyKey: Guid.NewGuid().ToString())));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        return (id, identifiers);
    }

    [Fact]
    public async Task no_identifier_is_stored_anywhere_in_clear()
    {
        var (_, voters) = await VoteAsync(12);
        var everything = await _db.RowsAsync("""
            select string_agg(t::text, E'\n') from (
              select data::text as t from {schema}.mt_events
              union all select voter_key || ' ' || colonia_id from {schema}.participations
              union all select encode(sealed_receipt, 'escape') from {schema}.ballot_replays
            ) x
            """);
        var dump = (string)everything[0][0]!;
        var docs = await _db.RowsAsync("""
            select string_agg(format('select data::text from %I.%I', table_schema, table_name), ' union all ')
            from information_schema.tables where table_schema = $1 and table_name like 'mt_doc_%'
            """, service.Schema);
        var documents = await _db.RowsAsync((string)docs[0][0]!);
        dump += string.Join('\n', documents.Select(r => (string?)r[0]));

        foreach (var voter in voters)
            Assert.DoesNotContain(voter, dump, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The roll's rows and the codes' lay in the table in the file's order: a DBA holding the padrón (line n, folio n) read
    /// each person's voter key from its row's place, and with it when they voted and in which commit. Written in voter-key
    /// order (a keyed hash: an order that means nothing), on a schema of its own so no earlier row shares the pages.
    /// </summary>
    [Fact]
    public async Task the_rolls_and_the_codes_rows_lie_in_an_order_that_says_nothing_of_the_files_lines()
    {
        await using var host = new ServiceHost(TestDatabase.NewSchemaName(), daemonMode: "Disabled");
        await host.InitializeAsync();
        var identifiers = Enumerable.Range(0, 40).Select(_ => Voters.UniqueClave()).ToArray();
        var jornada = await new VotingApi(host).OpenOnlineJornadaAsync(identifiers);
        var db = new Database(host);
        foreach (var table in new[] { "voter_roll", "voting_codes" })
        {
            var keys = (await db.RowsAsync($"select voter_key from {{schema}}.{table} where jornada_id = $1 order by ctid", jornada.Id))
                .Select(r => (string)r[0]!).ToList();
            Assert.Equal(40, keys.Count);
            Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        }
    }

    [Fact]
    public async Task ballots_carry_no_metadata_or_field_that_points_at_a_voter()
    {
        var (id, _) = await VoteAsync(6);

        var eventColumns = (await _db.RowsAsync(
            "select column_name from information_schema.columns where table_schema = $1 and table_name = 'mt_events'", service.Schema))
            .Select(r => (string)r[0]!).ToHashSet();
        foreach (var metadata in new[] { "correlation_id", "causation_id", "headers", "user_name" })
            Assert.DoesNotContain(metadata, eventColumns);

        var ballotFields = (await _db.RowsAsync(
                "select distinct jsonb_object_keys(data) from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast'", id))
            .Select(r => (string)r[0]!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "Channel", "Hash", "JornadaId", "KioskId", "OptionId", "Position", "PreviousHash", "Receipt" }, ballotFields);

        var participationColumns = (await _db.RowsAsync(
                "select column_name from information_schema.columns where table_schema = $1 and table_name = 'participations'", service.Schema))
            .Select(r => (string)r[0]!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "colonia_id", "jornada_id", "voter_key" }, participationColumns);

        // The voter keys (keyed hashes) live in participations only: never in an event or a document.
        var keys = (await _db.RowsAsync("select voter_key from {schema}.participations where jornada_id = $1", id)).Select(r => (string)r[0]!).ToList();
        var events = string.Join('\n', (await _db.RowsAsync("select data::text from {schema}.mt_events")).Select(r => (string)r[0]!));
        Assert.All(keys, key => Assert.DoesNotContain(key, events));
    }

    [Fact]
    public async Task a_commit_holds_many_ballots_that_share_one_transaction_id_and_one_timestamp()
    {
        var (id, _) = await VoteAsync(16);

        // xmin (transaction id) and timestamp group ballots by commit; within a commit they cannot tell ballots apart.
        var ballotsByCommit = await _db.RowsAsync("""
            select xmin::text, count(*), count(distinct "timestamp") from {schema}.mt_events
            where stream_id = $1 and type = 'ballot_cast' group by xmin::text
            """, id);
        Assert.All(ballotsByCommit, commit => Assert.Equal(1L, (long)commit[2]!));
        Assert.Contains(ballotsByCommit, commit => (long)commit[1]! > 1);

        var participationsByCommit = (await _db.RowsAsync(
                "select xmin::text, count(*) from {schema}.participations where jornada_id = $1 group by xmin::text", id))
            .ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        foreach (var commit in ballotsByCommit)
            Assert.Equal((long)commit[1]!, participationsByCommit[(string)commit[0]!]);
    }

    [Fact]
    public async Task the_receipt_lookup_never_tells_the_choice()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave(), "B"));
        var body = await _api.Anonymous.GetStringAsync($"/api/receipts/{receipt}");
        var fields = JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "counted", "jornadaId", "jornadaTitle", "message", "receipt" }, fields);
        Assert.DoesNotContain("Banquetas", body);
    }
}
