using Npgsql;
using Weasel.Postgresql.Tables;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// The tables that sit beside Marten's event store, and every statement that touches them. Marten's documents would
/// carry a version and a last-modified timestamp, which could order a participation next to its ballot in time; these
/// rows have no timestamp, no serial id and nothing else that orders them.
/// participations: who took part (voter key, colonia), never what they chose.
/// voter_roll: the eligible voter keys, when staff load a roll.
/// ballot_replays: what a retried submission needs to get its receipt back, sealed (BallotBatch.Seal).
/// sealed_ballots: the sealed urn (SealedUrn), accepted ballots encrypted until they are mixed into the chain; ids are
/// random; receipt_lookup (an HMAC of the receipt) lets the public receipt check find one entry without opening the rest.
/// Statements run on the caller's connection, inside the caller's transaction.
/// </summary>
public sealed class VotingTables(string schema)
{
    public IEnumerable<Table> Define()
    {
        var participations = new Table($"{schema}.participations");
        participations.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        participations.AddColumn<string>("voter_key").AsPrimaryKey();
        participations.AddColumn<string>("colonia_id").NotNull();
        yield return participations;

        var roll = new Table($"{schema}.voter_roll");
        roll.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        roll.AddColumn<string>("voter_key").AsPrimaryKey();
        yield return roll;

        var replays = new Table($"{schema}.ballot_replays");
        replays.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        replays.AddColumn<string>("lookup").AsPrimaryKey();
        replays.AddColumn("sealed_receipt", "bytea").NotNull();
        yield return replays;

        var urn = new Table($"{schema}.sealed_ballots");
        urn.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        urn.AddColumn<Guid>("id").AsPrimaryKey();
        urn.AddColumn("sealed", "bytea").NotNull();
        // Nullable only so a database from before the lookup existed still migrates; every row written now has one.
        urn.AddColumn<string>("receipt_lookup");
        urn.Indexes.Add(new IndexDefinition("ix_sealed_ballots_receipt_lookup") { Columns = ["receipt_lookup"] });
        yield return urn;
    }

    // participations

    public Task<HashSet<string>> VotedAsync(NpgsqlConnection connection, Guid jornadaId, string[] voterKeys) =>
        KeysAsync(connection, $"select voter_key from {schema}.participations where jornada_id = $1 and voter_key = any($2)", jornadaId, voterKeys);

    public Task InsertParticipationsAsync(NpgsqlConnection connection, Guid jornadaId, IReadOnlyList<(string VoterKey, string ColoniaId)> rows) =>
        ExecuteAsync(connection,
            $"insert into {schema}.participations (jornada_id, voter_key, colonia_id) select $1, unnest($2::varchar[]), unnest($3::varchar[])",
            jornadaId, rows.Select(r => r.VoterKey).ToArray(), rows.Select(r => r.ColoniaId).ToArray());

    // voter_roll

    public Task<HashSet<string>> OnRollAsync(NpgsqlConnection connection, Guid jornadaId, string[] voterKeys) =>
        KeysAsync(connection, $"select voter_key from {schema}.voter_roll where jornada_id = $1 and voter_key = any($2)", jornadaId, voterKeys);

    public async Task ReplaceRollAsync(NpgsqlConnection connection, Guid jornadaId, string[] voterKeys)
    {
        await ExecuteAsync(connection, $"delete from {schema}.voter_roll where jornada_id = $1", jornadaId);
        await ExecuteAsync(connection, $"insert into {schema}.voter_roll (jornada_id, voter_key) select $1, unnest($2::varchar[])", jornadaId, voterKeys);
    }

    // ballot_replays

    public async Task<Dictionary<string, byte[]>> ReplaysAsync(NpgsqlConnection connection, Guid jornadaId, string[] lookups)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (lookups.Length == 0) return found;
        await using var command = Command(connection, $"select lookup, sealed_receipt from {schema}.ballot_replays where jornada_id = $1 and lookup = any($2)",
            jornadaId, lookups);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found[reader.GetString(0)] = (byte[])reader[1];
        return found;
    }

    public Task InsertReplaysAsync(NpgsqlConnection connection, Guid jornadaId, IReadOnlyList<(string Lookup, byte[] SealedReceipt)> rows) =>
        rows.Count == 0
            ? Task.CompletedTask
            : ExecuteAsync(connection,
                $"insert into {schema}.ballot_replays (jornada_id, lookup, sealed_receipt) select $1, unnest($2::varchar[]), unnest($3::bytea[])",
                jornadaId, rows.Select(r => r.Lookup).ToArray(), rows.Select(r => r.SealedReceipt).ToArray());

    // sealed_ballots

    public async Task<List<(Guid Id, byte[] Sealed)>> UrnAsync(NpgsqlConnection connection, Guid jornadaId, CancellationToken cancellation)
    {
        var rows = new List<(Guid, byte[])>();
        await using var command = Command(connection, $"select id, sealed from {schema}.sealed_ballots where jornada_id = $1", jornadaId);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) rows.Add((reader.GetGuid(0), (byte[])reader[1]));
        return rows;
    }

    public async Task<(Guid JornadaId, Guid Id, byte[] Sealed)?> UrnEntryAsync(NpgsqlConnection connection, string receiptLookup, CancellationToken cancellation)
    {
        await using var command = Command(connection, $"select jornada_id, id, sealed from {schema}.sealed_ballots where receipt_lookup = $1 limit 1", receiptLookup);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? (reader.GetGuid(0), reader.GetGuid(1), (byte[])reader[2]) : null;
    }

    public Task InsertIntoUrnAsync(NpgsqlConnection connection, Guid jornadaId, IReadOnlyList<(Guid Id, byte[] Sealed, string ReceiptLookup)> rows) =>
        rows.Count == 0
            ? Task.CompletedTask
            : ExecuteAsync(connection,
                $"insert into {schema}.sealed_ballots (jornada_id, id, sealed, receipt_lookup) select $1, unnest($2::uuid[]), unnest($3::bytea[]), unnest($4::varchar[])",
                jornadaId, rows.Select(r => r.Id).ToArray(), rows.Select(r => r.Sealed).ToArray(), rows.Select(r => r.ReceiptLookup).ToArray());

    public Task RemoveFromUrnAsync(NpgsqlConnection connection, Guid jornadaId, IReadOnlyList<Guid> ids) =>
        ids.Count == 0
            ? Task.CompletedTask
            : ExecuteAsync(connection, $"delete from {schema}.sealed_ballots where jornada_id = $1 and id = any($2)", jornadaId, ids.ToArray());

    private static async Task<HashSet<string>> KeysAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(reader.GetString(0));
        return found;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
