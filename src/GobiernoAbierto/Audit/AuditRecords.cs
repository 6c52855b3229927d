using System.Globalization;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using JasperFx;
using JasperFx.Events;
using Marten.Events;
using Npgsql;

namespace GobiernoAbierto.Audit;

/// <summary>
/// Reads the ballots and the seal straight from the event store, not from any projection, so the audit checks what was
/// actually appended: the ballots' fields read from each event's JSON by SQL, the other facts decoded by Marten.
/// Ordered by sequence: the order they were written.
/// </summary>
public static class AuditRecords
{
    public const string CsvHeader = "position,option,channel,kiosk,receipt,previous_hash,hash";
    public const string RecordCsvHeader = "position,type,fields,previous_hash,hash";
    public const string Encoding = "boletas: sha256(jornadaId|position|option|channel|kiosk|receipt|previous_hash), UTF-8, sin salto de línea final; " +
                                   "kiosk \"-\" en votos en línea; la boleta 1 usa previous_hash = 64 ceros. Registro: " +
                                   "sha256(registro-v1|jornadaId|position|type|fields|previous_hash) (README, «Codificación canónica del registro»)";

    /// <summary>Every event type a Jornada's stream holds: the record's facts, ballots and turnout.</summary>
    public static readonly Type[] StreamEventTypes = [.. JornadaRecord.TypeNames.Keys, typeof(BallotCast), typeof(TurnoutRecorded)];

    /// <summary>A read-only store for `verify --database`: the service's event format, nothing created or changed.</summary>
    public static IDocumentStore OpenStore(string connectionString, string schema) => DocumentStore.For(opts =>
    {
        EventFormat.Apply(opts, connectionString, schema);
        opts.AutoCreateSchemaObjects = AutoCreate.None;
        opts.Events.AddEventTypes(StreamEventTypes);
    });

    /// <summary>
    /// The Jornada's ballot events in the order they were written, each field read from the event's own JSON by
    /// PostgreSQL and streamed: a million are read without holding them (Marten's event decoding cost a hundred times
    /// more per ballot). The same rows Marten's event query returns: this stream, type ballot_cast, not archived.
    /// </summary>
    public static async IAsyncEnumerable<ExportedBallot> ReadBallotsAsync(IQuerySession session, Guid jornadaId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var connection = session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await foreach (var ballot in ReadBallotsAsync(connection, session.DocumentStore.Options.Events.DatabaseSchemaName, jornadaId, cancellation))
            yield return ballot;
    }

    /// <summary>The same, on a connection the caller holds (and in its transaction, if it has one).</summary>
    public static async IAsyncEnumerable<ExportedBallot> ReadBallotsAsync(NpgsqlConnection connection, string schema, Guid jornadaId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var command = new NpgsqlCommand($"""
            select data ->> 'Position', data ->> 'OptionId', data ->> 'Channel', data ->> 'KioskId', data ->> 'Receipt',
                   data ->> 'PreviousHash', data ->> 'Hash'
            from {schema}.mt_events
            where stream_id = $1 and type = $2 and is_archived = false
            order by seq_id
            """, connection)
        {
            Parameters = { new() { Value = jornadaId }, new() { Value = BallotEventType } },
        };
        // Not SequentialAccess: each row is a few hundred bytes, and ReadAsync then buffers it whole, so no Get* below waits
        // on the socket synchronously (a pool thread blocked per row that crosses Npgsql's buffer, a million in an export).
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
        while (await reader.ReadAsync(cancellation))
        {
            // A field edited away or into something else is read as a value the chain cannot fit (position 0, an empty
            // text), so the check names the ballot instead of failing to read it.
            var position = long.TryParse(Text(0), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
            yield return new ExportedBallot(position, Text(1) ?? "", ChannelCode(Text(2) ?? ""), Text(3), Text(4) ?? "", Text(5) ?? "", Text(6) ?? "");
        }
    }

    private static readonly string BallotEventType = typeof(BallotCast).GetEventTypeName();

    /// <summary>
    /// The channel as the chain writes it ("kiosk", "online") from the stored enum, read as the service's JSON reader
    /// reads it (name in any case, or number); anything else as stored, so that the ballot's hash no longer fits.
    /// </summary>
    private static string ChannelCode(string stored) =>
        Enum.TryParse<BallotChannel>(stored, ignoreCase: true, out var channel) && Enum.IsDefined(channel) ? channel.Code() : stored;

    public static async Task<ExportedSeal?> ReadSealAsync(IQuerySession session, Guid jornadaId, CancellationToken cancellation = default) =>
        SealOf(jornadaId, await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == jornadaId && e.EventTypesAre(typeof(JornadaCreated), typeof(JornadaClosed)))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation));

    /// <summary>The seal the stream's close fixed (null before the close), as exported.</summary>
    public static ExportedSeal? SealOf(Guid jornadaId, IEnumerable<IEvent> stream)
    {
        var events = stream.Select(e => e.Data).ToList();
        if (events.OfType<JornadaClosed>().LastOrDefault() is not { } closed) return null;
        var title = events.OfType<JornadaCreated>().FirstOrDefault()?.Title ?? "";
        return new ExportedSeal(jornadaId, title, closed.Seal.BallotCount, closed.Seal.FinalHash,
            new SortedDictionary<string, long>(closed.Seal.Counts.ToDictionary(), StringComparer.Ordinal),
            closed.ClosedAt, closed.ClosedBy, Encoding, closed.Record?.Hash, closed.Record?.Position);
    }

    public static ExportedBallot ToExported(BallotCast b) => new(b.Position, b.OptionId, b.Channel.Code(), b.KioskId, b.Receipt, b.PreviousHash, b.Hash);

    /// <summary>
    /// The whole check on the store itself (`verify --database` and GET …/audit/verification): the ballots streamed and
    /// checked as they are read, every other event of the stream decoded (the seal and the record from them), the
    /// versions of all, the aggregate the service keeps, the stream's own event count, the roll's table.
    /// </summary>
    /// <param name="compareView">
    /// Whether the Jornada the service keeps (mt_doc_jornada) is compared with what its events give: false only for
    /// `projections rebuild`, which rewrites that row from the events.
    /// </param>
    public static async Task<(AuditVerification Report, ExportedSeal? Seal)> VerifyStoredAsync(IDocumentStore store, NpgsqlConnection connection,
        VotingTables tables, Guid jornadaId, string? expectedSeal = null, IReadOnlyList<string>? noted = null, CancellationToken cancellation = default,
        bool compareView = true)
    {
        // Every read sees one snapshot of the database: an open Jornada keeps taking ballots while a million are read,
        // and a commit landing between two reads would look like an inserted or a missing event.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation);
        await using (var readOnly = new NpgsqlCommand("set transaction read only", connection, transaction))
            await readOnly.ExecuteNonQueryAsync(cancellation);
        await using var session = store.QuerySession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var schema = store.Options.Events.DatabaseSchemaName;

        var facts = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == jornadaId && e.EventTypesAre(FactEventTypes))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
        var seal = SealOf(jornadaId, facts);
        var state = await session.Events.FetchStreamStateAsync(jornadaId, cancellation);
        var snapshot = await session.LoadAsync<Jornada>(jornadaId, cancellation);
        var roll = await tables.RollAsync(connection, jornadaId, cancellation: cancellation);
        var calledAgain = facts.Select(e => e.Data).OfType<JornadaCalledAgain>().FirstOrDefault();
        var stored = new StoredJornada(state?.Version, facts.Select(e => (e.Version, e.Data)).ToList(), snapshot,
            LoadVoterRollEndpoint.Digest(roll), roll.Count)
        {
            Ballots = await ReadBallotVersionsAsync(connection, schema, jornadaId, cancellation),
            Participations = await tables.ParticipationCountsAsync(connection, jornadaId, cancellation),
            EarlierRecord = calledAgain is null ? null : Record(await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamId == calledAgain.EarlierJornadaId && e.EventTypesAre(FactEventTypes))
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellation)).ToList(),
        };
        var chain = await ChainVerifier.VerifyAsync(jornadaId, ReadBallotsAsync(connection, schema, jornadaId, cancellation), seal, cancellation: cancellation);
        if (compareView && snapshot is not null && facts.Count > 0
            && await session.Json.FindByIdAsync<Jornada>(jornadaId, cancellation) is { } storedJson
            // The facts already read, folded as the service folds them (its snapshot's own aggregator), not read twice.
            && await ((Marten.StoreOptions)store.Options).Projections.AggregatorFor<Jornada>().BuildAsync(facts, session, null, cancellation) is { } replayed)
        {
            // The ballots' part of the view is what the chain just recomputed from them (they are not decoded twice).
            replayed = replayed with { BallotCount = chain.BallotsChecked, ChainHead = chain.FinalHash, Counts = chain.Counts };
            stored = stored with { View = (storedJson, store.Options.Serializer().ToJson(replayed)) };
        }
        return (AuditVerifier.Verify(jornadaId, chain, seal, Record(facts), expectedSeal, noted, stored), seal);
    }

    /// <summary>Every event type of a Jornada's stream but ballots: the record's facts and turnout.</summary>
    private static readonly Type[] FactEventTypes = [.. StreamEventTypes.Where(t => t != typeof(BallotCast))];

    /// <summary>
    /// The version of each ballot event of the stream and the Jornada its JSON names (an id that is missing or not an id
    /// reads as the empty one, which is no Jornada's): what the store checks need of a ballot, read without decoding it.
    /// </summary>
    private static async Task<IReadOnlyList<StoredBallot>> ReadBallotVersionsAsync(NpgsqlConnection connection, string schema, Guid jornadaId,
        CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"""
            select version, data ->> 'JornadaId' from {schema}.mt_events
            where stream_id = $1 and type = $2 and is_archived = false
            order by version
            """, connection)
        {
            Parameters = { new() { Value = jornadaId }, new() { Value = BallotEventType } },
        };
        var ballots = new List<StoredBallot>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            ballots.Add(new StoredBallot(reader.GetInt64(0), Guid.TryParse(reader.IsDBNull(1) ? null : reader.GetString(1), out var id) ? id : Guid.Empty));
        return ballots;
    }

    /// <summary>The Jornada's record as stored: each fact re-encoded from what is in the store, with the link it was written with.</summary>
    public static IEnumerable<ExportedFact> Record(IEnumerable<IEvent> stream) => stream
        .Where(e => e.Data is JornadaRecordEvent)
        .Select(e => Fact((JornadaRecordEvent)e.Data) with { Version = e.Version });

    /// <summary>A fact as the export writes it: the canonical fields of its content, and the link it carries.</summary>
    public static ExportedFact Fact(JornadaRecordEvent fact) =>
        new(fact.Record?.Position, JornadaRecord.TypeOf(fact), JornadaRecord.Fields(fact), fact.Record?.PreviousHash, fact.Record?.Hash);

    /// <summary>One line of registro.csv; a fact without a link (not written by the service) shows "-" where the link would be.</summary>
    public static string ToRecordCsvLine(ExportedFact f) =>
        string.Join(',', f.Position?.ToString(CultureInfo.InvariantCulture) ?? "-", f.Type, f.Fields, f.PreviousHash ?? "-", f.Hash ?? "-");

    /// <summary>
    /// Parses registro.csv: a file that is not one (its header) is an error; a line not as the service writes it is read
    /// with its finding (ExportedFact.NotCanonical), which names the line, never a silent skip.
    /// </summary>
    public static IEnumerable<ExportedFact> ParseRecordCsv(TextReader reader)
    {
        var header = reader.ReadLine();
        if (header?.Trim() != RecordCsvHeader)
            throw new FormatException($"La primera línea del registro debe ser «{RecordCsvHeader}».");
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var f = line.TrimEnd('\r').Split(',');
            // A line of other columns is a finding at that line, as for the shell, which reads the file line by line: it
            // could not be checked (exit 2) while the shell called the export altered (exit 1).
            if (f.Length != 5)
            {
                yield return new ExportedFact(null, "", "", null, null)
                {
                    Line = lineNumber,
                    NotCanonical = $"La línea {lineNumber} del registro no tiene las 5 columnas que escribe el servicio: no es el registro que entregó el servicio.",
                };
                continue;
            }
            // A position written otherwise than the service writes it («01», «+1», «1.0») is a finding, not a value read
            // leniently (ExportNumbers): the shell compares it as text. So is a hash in capitals (ExportHashes).
            var canonical = f[0] == "-" || ExportNumbers.IsCanonical(f[0]);
            long? position = f[0] == "-" || !canonical ? null : Whole(f[0]);
            yield return new ExportedFact(position, f[1], f[2], f[3] == "-" ? null : f[3], f[4] == "-" ? null : f[4])
            {
                Line = lineNumber,
                NotCanonical = !canonical
                    ? $"La línea {lineNumber} del registro escribe la posición del evento como «{f[0]}»: {ExportNumbers.Rule}. No es el registro que entregó el servicio."
                    : ExportHashes.HasCapitals(f[3]) || ExportHashes.HasCapitals(f[4])
                        ? $"La línea {lineNumber} del registro escribe un hash con mayúsculas: {ExportHashes.Rule}. No es el registro que entregó el servicio."
                        : null,
            };
        }
    }

    /// <summary>A canonical number's value; one past what a long holds reads as the largest, a position no chain reaches.</summary>
    private static long Whole(string canonical) =>
        long.TryParse(canonical, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : long.MaxValue;

    public static string ToCsvLine(ExportedBallot b) =>
        string.Join(',', b.Position.ToString(CultureInfo.InvariantCulture), b.OptionId, b.Channel, b.KioskId ?? "-", b.Receipt,
            b.PreviousHash, b.Hash);

    /// <summary>
    /// Parses ballots.csv: a file that is not one (its header) is an error; a line not as the service writes it is read
    /// with its finding (ExportedBallot.NotCanonical), which names the line, never a silent skip.
    /// </summary>
    public static IEnumerable<ExportedBallot> ParseCsv(TextReader reader)
    {
        var header = reader.ReadLine();
        if (header?.Trim() != CsvHeader)
            throw new FormatException($"La primera línea debe ser «{CsvHeader}».");
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var f = line.TrimEnd('\r').Split(',');
            // As in the record: a line of other columns, a position «01» read as 1 and a hash in capitals compared
            // case-blind were each read otherwise than by the shell (ExportNumbers, ExportHashes); each is a finding here.
            if (f.Length != 7)
            {
                yield return new ExportedBallot(0, "", "", null, "", "", "")
                {
                    NotCanonical = $"La línea {lineNumber} del archivo de boletas no tiene las 7 columnas que escribe el servicio: no es el archivo que entregó el servicio.",
                };
                continue;
            }
            var canonical = ExportNumbers.IsCanonical(f[0]);
            yield return new ExportedBallot(canonical ? Whole(f[0]) : 0,
                f[1], f[2], f[3] == "-" ? null : f[3], f[4], f[5], f[6])
            {
                NotCanonical = !canonical
                    ? $"La línea {lineNumber} del archivo de boletas escribe la posición de la boleta como «{f[0]}»: {ExportNumbers.Rule}. No es el archivo que entregó el servicio."
                    : ExportHashes.HasCapitals(f[5]) || ExportHashes.HasCapitals(f[6])
                        ? $"La línea {lineNumber} del archivo de boletas escribe un hash con mayúsculas: {ExportHashes.Rule}. No es el archivo que entregó el servicio."
                        : null,
            };
        }
    }
}
