using System.Globalization;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using JasperFx;
using JasperFx.Events;
using Marten.Events;
using Npgsql;

namespace GobiernoAbierto.Audit;

/// <summary>
/// Reads the ballots and the seal straight from the event store (Marten's raw events, decoded as the service wrote
/// them), not from any projection, so the audit checks what was actually appended. Ordered by sequence: the order
/// the ballots were written.
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

    public static async IAsyncEnumerable<ExportedBallot> ReadBallotsAsync(IQuerySession session, Guid jornadaId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var ballots = session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == jornadaId && e.EventTypesAre(typeof(BallotCast)))
            .OrderBy(e => e.Sequence)
            .ToAsyncEnumerable(cancellation);
        await foreach (var e in ballots)
        {
            yield return ToExported((BallotCast)e.Data);
        }
    }

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
    /// The whole check on the store itself (`verify --database` and GET …/audit/verification): one read of the stream,
    /// the seal and the record from it, the aggregate the service keeps, the stream's own event count, the roll's table.
    /// </summary>
    public static async Task<(AuditVerification Report, ExportedSeal? Seal)> VerifyStoredAsync(IQuerySession session, NpgsqlConnection connection,
        VotingTables tables, Guid jornadaId, string? expectedSeal = null, IReadOnlyList<string>? noted = null, CancellationToken cancellation = default)
    {
        var stream = await ReadStreamAsync(session, jornadaId, cancellation);
        var seal = SealOf(jornadaId, stream);
        var state = await session.Events.FetchStreamStateAsync(jornadaId, cancellation);
        var snapshot = await session.LoadAsync<Jornada>(jornadaId, cancellation);
        var roll = await tables.RollAsync(connection, jornadaId, cancellation: cancellation);
        var stored = new StoredJornada(state?.Version, stream.Select(e => (e.Version, e.Data)).ToList(), snapshot,
            LoadVoterRollEndpoint.Digest(roll), roll.Count);
        var ballots = stream.Select(e => e.Data).OfType<BallotCast>().Select(ToExported);
        return (AuditVerifier.Verify(jornadaId, ballots, seal, Record(stream), expectedSeal, noted, stored), seal);
    }

    /// <summary>Every event of the Jornada's stream whose type the Jornada uses, in the order they were written.</summary>
    public static async Task<IReadOnlyList<IEvent>> ReadStreamAsync(IQuerySession session, Guid jornadaId, CancellationToken cancellation = default) =>
        await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == jornadaId && e.EventTypesAre(StreamEventTypes))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);

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

    /// <summary>Parses registro.csv; a malformed line is an error naming the line, not a silent skip.</summary>
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
            long? position = f.Length == 5 && f[0] == "-" ? null
                : f.Length == 5 && long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p
                : throw new FormatException($"La línea {lineNumber} del registro no tiene las 5 columnas esperadas ({RecordCsvHeader}).");
            yield return new ExportedFact(position, f[1], f[2], f[3] == "-" ? null : f[3], f[4] == "-" ? null : f[4]) { Line = lineNumber };
        }
    }

    public static string ToCsvLine(ExportedBallot b) =>
        string.Join(',', b.Position.ToString(CultureInfo.InvariantCulture), b.OptionId, b.Channel, b.KioskId ?? "-", b.Receipt,
            b.PreviousHash, b.Hash);

    /// <summary>Parses ballots.csv; a malformed line is an error naming the line, not a silent skip.</summary>
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
            if (f.Length != 7 || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
                throw new FormatException($"La línea {lineNumber} no tiene las 7 columnas esperadas ({CsvHeader}).");
            yield return new ExportedBallot(position, f[1], f[2], f[3] == "-" ? null : f[3], f[4], f[5], f[6]);
        }
    }
}
