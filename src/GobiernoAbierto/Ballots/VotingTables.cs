using Npgsql;
using Weasel.Postgresql.Tables;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// The tables that sit beside Marten's event store, and every statement that touches them. Marten's documents would
/// carry a version and a last-modified timestamp, which could order a participation next to its ballot in time; these
/// rows have no timestamp, no serial id and nothing else that orders them.
/// participations: who took part (voter key, colonia), never what they chose.
/// participation_notes: for "¿Alguien votó con mis datos?", the channel and the day of each participation, sealed
/// (ParticipationNotes) under a key of its own and filed under another keyed hash, so nothing joins it to participations.
/// voter_roll: the eligible voter keys, when staff load a roll; from a CSV roll also each one's colonia, and sealed
/// (RollLetters) the line of the file it came from (folio: how staff address the sealed letter) and the identifier's last
/// four characters (printed on it), with a keyed hash of the folio to find it by.
/// voting_codes: a verifier of each online voting code (never the code), the ones reissued letters replaced, and a keyed
/// hash of each reissue request's key (VoterKeys.ReissueLookup), so a reissue sent twice does not void the letter it made.
/// ballot_replays: what a retried submission needs to get its receipt back, sealed (BallotBatch.Seal).
/// sealed_urns: the sealed urn (SealedUrn), one row per Jornada: the accepted ballots encrypted until they are mixed into
/// the chain, as three arrays of the same length (random ids, ciphertexts, and receipt lookups, no longer written: the
/// receipt check does not look into the urn, SealedUrn says why).
/// secret_check: one row, an HMAC of a fixed text under the server secret (SecretCheck), to refuse a start with another.
/// counted_receipts: the receipts of the ballots in the chain, with their Jornada (CountedReceipts), for the receipt check.
/// Statements run on the caller's connection, inside the caller's transaction. A group commit reads what it needs in one
/// round trip (ReadForCommitAsync) and writes with Marten's own batch (QueueCommit): under the Jornada's lock, each round
/// trip is time every other writer of the Jornada waits.
/// </summary>
/// <summary>One person on the roll: never the identifier, only its keyed hash, and for the letter its last four characters.</summary>
public sealed record RollEntry(string VoterKey, string? ColoniaId, int? Folio, string? IdentifierTail);

/// <summary>An entry of a sealed urn as stored: its random id, its ciphertext (SealedUrn) and its receipt lookup.</summary>
public readonly record struct UrnRow(Guid Id, byte[] Sealed, string? ReceiptLookup);

/// <param name="letters">Seals and opens each roll entry's folio and identifier tail; the service's always has it, while
/// `verify --database`, which has no secret, reads the roll's keys and colonias only.</param>
public sealed class VotingTables(string schema, RollLetters? letters = null)
{
    public string Schema => schema;

    public IEnumerable<Table> Define()
    {
        var participations = new Table($"{schema}.participations");
        participations.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        participations.AddColumn<string>("voter_key").AsPrimaryKey();
        participations.AddColumn<string>("colonia_id").NotNull();
        yield return participations;

        // Each ballot files a participation, a note and (with an Idempotency-Key, which the kiosk and the web page
        // always send) a replay, each under a keyed hash (64 hex characters) that orders nothing. As B-tree primary
        // keys the three indexes took some 140 MB each at a million ballots; once they outgrew PostgreSQL's cache
        // (shared_buffers, 128 MB by default) every ballot read some three index pages from the kernel and wrote out as
        // many dirty ones (million.sh; Benchmarks/FINDINGS.md). Notes and replays are only looked up by their key and
        // need no uniqueness from the database: a note is written in the commit that writes its participation, whose
        // primary key refuses a second one, and a replay only after the commit's read under the Jornada's lock found
        // none (BallotBatch). A hash index keeps a 4-byte hash a row: 36 MB for a million (143 MB as a B-tree).
        // participations keeps its primary key, the database's own guard of once per person.
        var notes = new Table($"{schema}.participation_notes");
        notes.AddColumn<Guid>("jornada_id").NotNull();
        notes.AddColumn<string>("check_key").NotNull();
        notes.AddColumn("sealed", "bytea").NotNull();
        notes.Indexes.Add(new IndexDefinition("ix_participation_notes_check_key") { Columns = ["check_key"], Method = IndexMethod.hash });
        // The store's check counts a Jornada's notes (ParticipationCountsAsync): since the key above lost jornada_id that
        // read every Jornada's notes. A B-tree on jornada_id alone keeps each Jornada's rows as one deduplicated entry, some
        // 6 MB a million rows (the hash index above is 36 MB), every ballot's entry going to the same hot page; counted
        // from it once vacuumed, a million notes took 45 ms, not 90 ms, and another Jornada's million no longer counts.
        // It orders nothing the table's own pages do not: a Jornada's rows, in the order they lie on disk.
        notes.Indexes.Add(new IndexDefinition("ix_participation_notes_jornada_id") { Columns = ["jornada_id"] });
        yield return notes;

        var roll = new Table($"{schema}.voter_roll");
        roll.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        roll.AddColumn<string>("voter_key").AsPrimaryKey();
        roll.AddColumn<string>("colonia_id");
        roll.AddColumn<string>("folio_key");
        roll.AddColumn("letter", "bytea");
        // In clear: written only by versions before 2026-12-03 (RollLetters), still read for their rolls.
        roll.AddColumn<int>("folio");
        roll.AddColumn<string>("identifier_tail");
        yield return roll;

        var codes = new Table($"{schema}.voting_codes");
        codes.AddColumn<Guid>("jornada_id").AsPrimaryKey();
        codes.AddColumn<string>("voter_key").AsPrimaryKey();
        codes.AddColumn<string>("verifier").NotNull();
        codes.AddColumn<string>("revoked_verifier");
        codes.AddColumn("reissue_requests", "varchar[]");
        yield return codes;


        var replays = new Table($"{schema}.ballot_replays");
        replays.AddColumn<Guid>("jornada_id").NotNull();
        replays.AddColumn<string>("lookup").NotNull();
        replays.AddColumn("sealed_receipt", "bytea").NotNull();
        replays.Indexes.Add(new IndexDefinition("ix_ballot_replays_lookup") { Columns = ["lookup"], Method = IndexMethod.hash });
        yield return replays;

        yield return new SealedUrnsTable(schema);

        var secretCheck = new Table($"{schema}.secret_check");
        secretCheck.AddColumn<int>("id").AsPrimaryKey();
        secretCheck.AddColumn<string>("check_value").NotNull();
        yield return secretCheck;

        var counted = new CountedReceiptsTable(schema);
        counted.AddColumn<string>("receipt").AsPrimaryKey();
        counted.AddColumn<Guid>("jornada_id").NotNull();
        yield return counted;
    }

    /// <summary>
    /// counted_receipts replaced a Marten document per counted ballot (one upsert statement each, with a timestamp). A
    /// database from before it gets the table filled from the chain itself, once, when the table is created.
    /// </summary>
    private sealed class CountedReceiptsTable(string schema) : Table($"{schema}.counted_receipts")
    {
        public override void WriteCreateStatement(Weasel.Core.Migrator migrator, TextWriter writer)
        {
            base.WriteCreateStatement(migrator, writer);
            writer.WriteLine($"""
                do $$ begin
                  if to_regclass('{schema}.mt_events') is not null then
                    {FillCountedSql(schema)};
                  end if;
                end $$;
                """);
        }
    }

    /// <summary>
    /// The urn is one row per Jornada that every commit rewrites in place, not a row per ballot. As a row per ballot each
    /// commit inserted and deleted some 50 rows; the dead ones stay until vacuum (longer while any transaction is open),
    /// and every commit's read of the urn visited them all: PostgreSQL's CPU per ballot tripled within 150,000 ballots.
    /// A rewritten row leaves one dead version (pruned on the page) and dead TOAST chunks that no read looks at again.
    /// A database from before it gets the entries of sealed_ballots moved here, once, when the table is created.
    /// </summary>
    private sealed class SealedUrnsTable : Table
    {
        private readonly string _schema;

        public SealedUrnsTable(string schema) : base($"{schema}.sealed_urns")
        {
            _schema = schema;
            AddColumn<Guid>("jornada_id").AsPrimaryKey();
            AddColumn("ids", "uuid[]").NotNull();
            AddColumn("sealed", "bytea[]").NotNull();
            // No longer written (null for every entry; SealedUrn says why), kept so that older databases need no migration.
            AddColumn("receipt_lookups", "varchar[]").NotNull();
        }

        public override void WriteCreateStatement(Weasel.Core.Migrator migrator, TextWriter writer)
        {
            base.WriteCreateStatement(migrator, writer);
            writer.WriteLine($"""
                do $$ begin
                  if to_regclass('{_schema}.sealed_ballots') is not null then
                    insert into {_schema}.sealed_urns (jornada_id, ids, sealed, receipt_lookups)
                    select jornada_id, array_agg(id order by id), array_agg(sealed order by id), array_agg(receipt_lookup order by id)
                    from {_schema}.sealed_ballots group by jornada_id;
                    drop table {_schema}.sealed_ballots;
                  end if;
                end $$;
                """);
        }
    }

    // What a group commit reads and writes, each in one round trip.

    /// <summary>What a group commit reads under the Jornada's lock.</summary>
    /// <param name="Roll">Each voter key on the roll with the colonia the roll gives it; null when the Jornada has no roll.</param>
    public sealed record CommitReads(
        HashSet<string> Voted,
        Dictionary<string, string?>? Roll,
        Dictionary<string, byte[]> Replays,
        Dictionary<string, (string? Verifier, string? RevokedVerifiers)> Credentials,
        IReadOnlyList<UrnRow> Urn);

    /// <summary>
    /// Who of these voter keys already took part; the roll's entries for them (withRoll); earlier submissions with these
    /// idempotency lookups; the credentials of the online voters among them; and the whole urn of the Jornada.
    /// </summary>
    public async Task<CommitReads> ReadForCommitAsync(NpgsqlConnection connection, Guid jornadaId, string[] voterKeys, bool withRoll,
        string[] replayLookups, string[] onlineVoterKeys)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(BatchCommand(VotedSql, jornadaId, voterKeys));
        if (withRoll) batch.BatchCommands.Add(BatchCommand(RollSql, jornadaId, voterKeys));
        if (replayLookups.Length > 0) batch.BatchCommands.Add(BatchCommand(ReplaysSql, jornadaId, replayLookups));
        if (onlineVoterKeys.Length > 0) batch.BatchCommands.Add(BatchCommand(CredentialsSql, jornadaId, onlineVoterKeys));
        batch.BatchCommands.Add(BatchCommand(UrnSql, jornadaId));

        await using var reader = await batch.ExecuteReaderAsync();
        var voted = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) voted.Add(reader.GetString(0));
        Dictionary<string, string?>? roll = null;
        if (withRoll)
        {
            await reader.NextResultAsync();
            roll = await ReadRollAsync(reader);
        }
        var replays = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (replayLookups.Length > 0)
        {
            await reader.NextResultAsync();
            while (await reader.ReadAsync()) replays[reader.GetString(0)] = (byte[])reader[1];
        }
        var credentials = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        if (onlineVoterKeys.Length > 0)
        {
            await reader.NextResultAsync();
            await ReadCredentialsAsync(reader, credentials);
        }
        await reader.NextResultAsync();
        return new CommitReads(voted, roll, replays, credentials, await ReadUrnAsync(reader, jornadaId));
    }

    /// <summary>Everything a group commit writes to these tables (the events go through Marten).</summary>
    /// <param name="Participations">In voter-key order.</param>
    /// <param name="Urn">The Jornada's whole urn after the commit; null when the commit leaves it as it was.</param>
    public sealed record CommitRows(
        IReadOnlyList<(string VoterKey, string ColoniaId)> Participations,
        IReadOnlyList<(string CheckKey, byte[] Sealed)> Notes,
        IReadOnlyList<(string Lookup, byte[] SealedReceipt)> Replays,
        IReadOnlyList<UrnRow>? Urn);

    /// <summary>
    /// Queues a group commit's writes to the voting tables into the session's own batch, so Marten sends them with the
    /// events and projections in one round trip: under the Jornada's lock every round trip is time the next commit waits.
    /// </summary>
    public void QueueCommit(IDocumentOperations operations, Guid jornadaId, CommitRows rows)
    {
        foreach (var (sql, parameters) in CommitStatements(jornadaId, rows))
        {
            var (positional, values) = Positional(sql, parameters);
            operations.QueueSqlCommand(positional, values);
        }
    }

    private IEnumerable<(string Sql, object[] Parameters)> CommitStatements(Guid jornadaId, CommitRows rows)
    {
        if (rows.Participations.Count > 0)
            yield return (InsertParticipationsSql, [jornadaId,
                rows.Participations.Select(r => r.VoterKey).ToArray(), rows.Participations.Select(r => r.ColoniaId).ToArray()]);
        if (rows.Notes.Count > 0)
            yield return (InsertNotesSql, [jornadaId, rows.Notes.Select(r => r.CheckKey).ToArray(), rows.Notes.Select(r => r.Sealed).ToArray()]);
        if (rows.Replays.Count > 0)
            yield return (InsertReplaysSql, [jornadaId, rows.Replays.Select(r => r.Lookup).ToArray(), rows.Replays.Select(r => r.SealedReceipt).ToArray()]);
        if (rows.Urn is { } urn)
            yield return (WriteUrnSql, [jornadaId, urn.Select(r => r.Id).ToArray(), urn.Select(r => r.Sealed).ToArray(),
                urn.Select(r => r.ReceiptLookup).ToArray()]);
    }

    /// <summary>
    /// A statement written with numbered parameters ($1, $2, a number may repeat) in the form Marten's QueueSqlCommand
    /// takes: a ? for each occurrence, the values in the order of the occurrences.
    /// </summary>
    public static (string Sql, object[] Values) Positional(string sql, object[] parameters)
    {
        var values = new List<object>();
        var positional = System.Text.RegularExpressions.Regex.Replace(sql, @"\$(\d+)", m =>
        {
            values.Add(parameters[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1]);
            return "?";
        });
        return (positional, values.ToArray());
    }

    // participations

    // Key lookups are written as one probe of the primary key per key (a lateral subquery with LIMIT 1, which the planner
    // keeps as a nested loop of index probes). As "jornada_id = $1 and voter_key = any($2)" the planner, with statistics
    // that predate the Jornada's growth (before autoanalyze catches up), scanned every row of the Jornada and filtered:
    // 3-5 ms at 25,000 ballots, under the Jornada's lock, growing with the Jornada. This form costs a few µs per key.
    private string VotedSql => $"""
        select k from unnest($2::varchar[]) as k
        cross join lateral (select from {schema}.participations p where p.jornada_id = $1 and p.voter_key = k limit 1) as found
        """;

    private string InsertParticipationsSql =>
        $"insert into {schema}.participations (jornada_id, voter_key, colonia_id) select $1, unnest($2::varchar[]), unnest($3::varchar[])";

    private string InsertNotesSql =>
        $"insert into {schema}.participation_notes (jornada_id, check_key, sealed) select $1, unnest($2::varchar[]), unnest($3::bytea[])";

    public async Task<bool> TookPartAsync(NpgsqlConnection connection, Guid jornadaId, string voterKey)
    {
        await using var command = Command(connection, VotedSql, jornadaId, new[] { voterKey });
        return await command.ExecuteScalarAsync() is not null;
    }

    public async Task<byte[]?> NoteAsync(NpgsqlConnection connection, Guid jornadaId, string checkKey)
    {
        await using var command = Command(connection, $"select sealed from {schema}.participation_notes where jornada_id = $1 and check_key = $2",
            jornadaId, checkKey);
        return await command.ExecuteScalarAsync() as byte[];
    }

    /// <summary>
    /// Who took part in the Jornada as the store's check needs it: how many per colonia, how many of them its roll does not
    /// have (0 without a roll), how many participation notes there are and how many ballots wait in the sealed urn. Counts
    /// only: no voter key leaves the database.
    /// </summary>
    public async Task<ParticipationCounts> ParticipationCountsAsync(NpgsqlConnection connection, Guid jornadaId, CancellationToken cancellation)
    {
        // Both tables are keyed by (jornada_id, voter_key): the planner joins them in key order, not a probe per person.
        await using var command = Command(connection, $"""
            select p.colonia_id, count(*), count(*) filter (where r.voter_key is null and exists (select from {schema}.voter_roll where jornada_id = $1))
            from {schema}.participations p
            left join {schema}.voter_roll r on r.jornada_id = p.jornada_id and r.voter_key = p.voter_key
            where p.jornada_id = $1
            group by p.colonia_id
            """, jornadaId);
        var byColonia = new Dictionary<string, long>(StringComparer.Ordinal);
        var offRoll = 0L;
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation))
            {
                byColonia[reader.GetString(0)] = reader.GetInt64(1);
                offRoll += reader.GetInt64(2);
            }
        await using var others = Command(connection, $"""
            select (select count(*) from {schema}.participation_notes where jornada_id = $1),
                   coalesce((select cardinality(ids) from {schema}.sealed_urns where jornada_id = $1), 0)::bigint
            """, jornadaId);
        await using var counts = await others.ExecuteReaderAsync(cancellation);
        await counts.ReadAsync(cancellation);
        return new ParticipationCounts(byColonia, offRoll, counts.GetInt64(0), counts.GetInt64(1));
    }

    // voter_roll

    /// <summary>Whether the voter key is on the Jornada's roll.</summary>
    public async Task<bool> OnRollAsync(NpgsqlConnection connection, Guid jornadaId, string voterKey, CancellationToken cancellation)
    {
        await using var command = Command(connection,
            $"select exists (select from {schema}.voter_roll where jornada_id = $1 and voter_key = $2)", jornadaId, voterKey);
        return await command.ExecuteScalarAsync(cancellation) is true;
    }

    /// <summary>Which of the voter keys are on the roll, each with the colonia the roll gives it (null from a roll without colonias).</summary>
    private string RollSql => $"""
        select k, r.colonia_id from unnest($2::varchar[]) as k
        cross join lateral (select colonia_id from {schema}.voter_roll r where r.jornada_id = $1 and r.voter_key = k limit 1) as r
        """;

    private static async Task<Dictionary<string, string?>> ReadRollAsync(NpgsqlDataReader reader)
    {
        var found = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) found[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        return found;
    }

    /// <summary>
    /// Replaces the Jornada's roll, streaming the rows with COPY (a roll may hold 500,000 people). In voter-key order, not
    /// the file's: rows lie in the table (and its WAL and backups) in the order written, and a DBA who holds the file
    /// would read each line's voter key from the row's place (an outside reviewer did, by ctid).
    /// </summary>
    public async Task ReplaceRollAsync(NpgsqlConnection connection, Guid jornadaId, IReadOnlyCollection<RollEntry> entries, CancellationToken cancellation = default)
    {
        if (letters is null) throw new InvalidOperationException("Loading a roll seals its letters: VotingTables needs the server secret's RollLetters.");
        entries = entries.OrderBy(e => e.VoterKey, StringComparer.Ordinal).ToList();
        await ExecuteAsync(connection, $"delete from {schema}.voter_roll where jornada_id = $1", jornadaId);
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {schema}.voter_roll (jornada_id, voter_key, colonia_id, folio_key, letter) from stdin (format binary)", cancellation);
        foreach (var (entry, (folioKey, letter)) in entries.Zip(letters.SealAll(jornadaId, entries)))
        {
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(jornadaId, NpgsqlTypes.NpgsqlDbType.Uuid, cancellation);
            await copy.WriteAsync(entry.VoterKey, NpgsqlTypes.NpgsqlDbType.Varchar, cancellation);
            await WriteNullableAsync(copy, entry.ColoniaId, NpgsqlTypes.NpgsqlDbType.Varchar, cancellation);
            await WriteNullableAsync(copy, folioKey, NpgsqlTypes.NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(letter, NpgsqlTypes.NpgsqlDbType.Bytea, cancellation);
        }
        await copy.CompleteAsync(cancellation);
    }

    /// <summary>
    /// Whether the Jornada's stored roll is exactly these entries: the same voter keys, each with the same colonia and the
    /// same folio (a roll loaded before folios were sealed keeps its folio in clear). A padrón sent again unchanged.
    /// </summary>
    public async Task<bool> IsRollAsync(NpgsqlConnection connection, Guid jornadaId, IReadOnlyCollection<RollEntry> entries, CancellationToken cancellation)
    {
        if (letters is null) throw new InvalidOperationException("Comparing a roll's folios needs the server secret's RollLetters.");
        await using var command = Command(connection, $"""
            select (select count(*) from {schema}.voter_roll where jornada_id = $1) = $6 and (
              select count(*) from unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::integer[]) as n(voter_key, colonia_id, folio_key, folio)
              join {schema}.voter_roll r on r.jornada_id = $1 and r.voter_key = n.voter_key
              where r.colonia_id is not distinct from n.colonia_id
                and (r.folio_key is not distinct from n.folio_key or (r.folio_key is null and r.folio is not distinct from n.folio))) = $6
            """, jornadaId, entries.Select(e => e.VoterKey).ToArray(), entries.Select(e => e.ColoniaId).ToArray(),
            entries.Select(e => e.Folio is { } folio ? letters.FolioKey(jornadaId, folio) : null).ToArray(), entries.Select(e => e.Folio).ToArray(),
            (long)entries.Count);
        return await command.ExecuteScalarAsync(cancellation) is true;
    }

    /// <summary>
    /// The whole roll in folio order, for issuing one letter per entry; or the entry of one folio. Without RollLetters
    /// (verify) the folio and tail of a sealed entry are null.
    /// </summary>
    public async Task<List<RollEntry>> RollAsync(NpgsqlConnection connection, Guid jornadaId, int? folio = null, CancellationToken cancellation = default)
    {
        var entries = new List<RollEntry>();
        await using var command = Command(connection,
            $"select voter_key, colonia_id, folio, identifier_tail, letter from {schema}.voter_roll where jornada_id = $1 " +
            "and ($2::integer is null or folio = $2 or folio_key = $3)",
            jornadaId, (object?)folio ?? DBNull.Value, folio is { } f && letters is not null ? letters.FolioKey(jornadaId, f) : DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var voterKey = reader.GetString(0);
            var colonia = reader.IsDBNull(1) ? null : reader.GetString(1);
            var opened = reader.IsDBNull(4) || letters is null ? null : letters.Open(jornadaId, voterKey, (byte[])reader[4]);
            entries.Add(opened is { } letter
                ? new RollEntry(voterKey, colonia, letter.Folio, letter.Tail)
                : new RollEntry(voterKey, colonia, reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return entries.OrderBy(e => e.Folio ?? int.MaxValue).ThenBy(e => e.VoterKey, StringComparer.Ordinal).ToList();
    }

    // voting_codes

    /// <summary>The codes' verifiers, in voter-key order whatever order they come in (the letters' folio order: ReplaceRollAsync says why).</summary>
    public async Task InsertCodesAsync(NpgsqlConnection connection, Guid jornadaId, IEnumerable<(string VoterKey, string Verifier)> codes,
        CancellationToken cancellation = default)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {schema}.voting_codes (jornada_id, voter_key, verifier) from stdin (format binary)", cancellation);
        foreach (var (voterKey, verifier) in codes.OrderBy(c => c.VoterKey, StringComparer.Ordinal))
        {
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(jornadaId, NpgsqlTypes.NpgsqlDbType.Uuid, cancellation);
            await copy.WriteAsync(voterKey, NpgsqlTypes.NpgsqlDbType.Varchar, cancellation);
            await copy.WriteAsync(verifier, NpgsqlTypes.NpgsqlDbType.Varchar, cancellation);
        }
        await copy.CompleteAsync(cancellation);
    }

    /// <summary>
    /// Every code issued again (IssueVotingCodesEndpoint.Decide, again): each new verifier replaces the stored one, which
    /// joins the revoked ones as in <see cref="ReplaceCodeAsync"/>. The roll cannot change once codes exist, so every
    /// voter key has its row; the new ones arrive in voter-key order, like the first ones.
    /// </summary>
    public Task ReplaceCodesAsync(NpgsqlConnection connection, Guid jornadaId, IEnumerable<(string VoterKey, string Verifier)> codes)
    {
        var ordered = codes.OrderBy(c => c.VoterKey, StringComparer.Ordinal).ToList();
        return ExecuteAsync(connection, $"""
            update {schema}.voting_codes c set revoked_verifier = concat_ws(' ', c.revoked_verifier, c.verifier), verifier = n.verifier
            from unnest($2::varchar[], $3::varchar[]) as n(voter_key, verifier)
            where c.jornada_id = $1 and c.voter_key = n.voter_key
            """, jornadaId, ordered.Select(c => c.VoterKey).ToArray(), ordered.Select(c => c.Verifier).ToArray());
    }

    /// <summary>
    /// A reissued letter: the new code's verifier replaces the old one, which joins the revoked ones (space-separated,
    /// StoredCredential), kept only to say "revoked".
    /// </summary>
    /// <param name="request">The reissue request's lookup (VoterKeys.ReissueLookup), kept so a repeat of it is told apart; null without one.</param>
    public Task ReplaceCodeAsync(NpgsqlConnection connection, Guid jornadaId, string voterKey, string verifier, string? request = null) =>
        ExecuteAsync(connection, $"""
            update {schema}.voting_codes set revoked_verifier = concat_ws(' ', revoked_verifier, verifier), verifier = $3,
              reissue_requests = case when $4::varchar is null then reissue_requests else array_append(reissue_requests, $4::varchar) end
            where jornada_id = $1 and voter_key = $2
            """, jornadaId, voterKey, verifier, (object?)request ?? DBNull.Value);

    /// <summary>Whether this person's letter was already reissued under that request (ReplaceCodeAsync's request).</summary>
    public async Task<bool> ReissuedUnderAsync(NpgsqlConnection connection, Guid jornadaId, string voterKey, string request, CancellationToken cancellation)
    {
        await using var command = Command(connection,
            $"select exists (select from {schema}.voting_codes where jornada_id = $1 and voter_key = $2 and $3::varchar = any(reissue_requests))",
            jornadaId, voterKey, request);
        return await command.ExecuteScalarAsync(cancellation) is true;
    }

    /// <summary>Each voter key's stored code verifier and the one a reissue revoked (either may be missing).</summary>
    public async Task<Dictionary<string, (string? Verifier, string? RevokedVerifiers)>> CredentialsAsync(
        NpgsqlConnection connection, Guid jornadaId, string[] voterKeys)
    {
        var found = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        if (voterKeys.Length == 0) return found;
        await using var command = Command(connection, CredentialsSql, jornadaId, voterKeys);
        await using var reader = await command.ExecuteReaderAsync();
        await ReadCredentialsAsync(reader, found);
        return found;
    }

    private string CredentialsSql => $"""
        select k, c.verifier, c.revoked_verifier
        from unnest($2::varchar[]) as k
        left join lateral (select verifier, revoked_verifier from {schema}.voting_codes c where c.jornada_id = $1 and c.voter_key = k limit 1) as c on true
        """;

    private static async Task ReadCredentialsAsync(NpgsqlDataReader reader,
        Dictionary<string, (string? Verifier, string? RevokedVerifiers)> found)
    {
        while (await reader.ReadAsync())
            found[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    // ballot_replays

    private string ReplaysSql => $"""
        select k, r.sealed_receipt from unnest($2::varchar[]) as k
        cross join lateral (select sealed_receipt from {schema}.ballot_replays r where r.jornada_id = $1 and r.lookup = k limit 1) as r
        """;

    private string InsertReplaysSql =>
        $"insert into {schema}.ballot_replays (jornada_id, lookup, sealed_receipt) select $1, unnest($2::varchar[]), unnest($3::bytea[])";

    // sealed_urns

    private string UrnSql => $"select ids, sealed, receipt_lookups from {schema}.sealed_urns where jornada_id = $1";

    public async Task<IReadOnlyList<UrnRow>> UrnAsync(NpgsqlConnection connection, Guid jornadaId, CancellationToken cancellation)
    {
        await using var command = Command(connection, UrnSql, jornadaId);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await ReadUrnAsync(reader, jornadaId);
    }

    private static async Task<IReadOnlyList<UrnRow>> ReadUrnAsync(NpgsqlDataReader reader, Guid jornadaId)
    {
        if (!await reader.ReadAsync()) return [];
        var ids = reader.GetFieldValue<Guid?[]>(0);
        var sealedBallots = reader.GetFieldValue<byte[]?[]>(1);
        var lookups = reader.GetFieldValue<string?[]>(2);
        // Only a hand in the database makes the arrays disagree or leaves a hole in them: the urn was altered.
        if (sealedBallots.Length != ids.Length || lookups.Length != ids.Length || ids.Any(id => id is null) || sealedBallots.Any(s => s is null))
            throw new SealedUrnAlteredException(jornadaId, ids.FirstOrDefault(id => id is not null) ?? Guid.Empty,
                new InvalidDataException("The urn's arrays differ in length or have a hole."));
        return [.. ids.Select((id, i) => new UrnRow(id!.Value, sealedBallots[i]!, lookups[i]))];
    }

    private string WriteUrnSql => $"""
        insert into {schema}.sealed_urns (jornada_id, ids, sealed, receipt_lookups) values ($1, $2::uuid[], $3::bytea[], $4::varchar[])
        on conflict (jornada_id) do update set ids = excluded.ids, sealed = excluded.sealed, receipt_lookups = excluded.receipt_lookups
        """;

    public Task EmptyUrnAsync(NpgsqlConnection connection, Guid jornadaId) =>
        ExecuteAsync(connection, $"delete from {schema}.sealed_urns where jornada_id = $1", jornadaId);

    // counted_receipts

    /// <summary>Every receipt of a ballot in the chain, from the events themselves: what CountedReceipts would have written.</summary>
    private static string FillCountedSql(string schema) =>
        $"insert into {schema}.counted_receipts (receipt, jornada_id) " +
        $"select data ->> 'Receipt', stream_id from {schema}.mt_events where type = 'ballot_cast' on conflict do nothing";

    /// <summary>
    /// counted_receipts emptied and filled again from the events, for `projections rebuild` (the daemon's rebuild of
    /// CountedReceipts would insert each receipt again over the rows there). Run it in a transaction.
    /// </summary>
    public string RefillCountedSql => $"delete from {schema}.counted_receipts; {FillCountedSql(schema)}";

    /// <summary>One statement for all the receipts a commit puts into the chain (CountedReceipts, an inline projection).</summary>
    public string InsertCountedSql =>
        $"insert into {schema}.counted_receipts (receipt, jornada_id) select unnest(?::varchar[]), unnest(?::uuid[])";

    /// <summary>The Jornada whose chain holds this receipt, or null.</summary>
    public async Task<Guid?> CountedAsync(NpgsqlConnection connection, string receipt, CancellationToken cancellation)
    {
        await using var command = Command(connection, $"select jornada_id from {schema}.counted_receipts where receipt = $1", receipt);
        return await command.ExecuteScalarAsync(cancellation) is Guid jornadaId ? jornadaId : null;
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlTypes.NpgsqlDbType type, CancellationToken cancellation) =>
        value is null ? copy.WriteNullAsync(cancellation) : copy.WriteAsync(value, type, cancellation);

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

    private static NpgsqlBatchCommand BatchCommand(string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}

/// <summary>Who took part in a Jornada, counted (VotingTables.ParticipationCountsAsync).</summary>
public sealed record ParticipationCounts(IReadOnlyDictionary<string, long> ByColonia, long OffRoll, long Notes, long InUrn)
{
    public long Total => ByColonia.Values.Sum();
}
