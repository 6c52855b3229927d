using System.Globalization;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using JasperFx;
using JasperFx.Events;
using Marten.Events;

namespace GobiernoAbierto.Audit;

/// <summary>
/// Reads the ballots and the seal straight from the event store (Marten's raw events, decoded as the service wrote
/// them), not from any projection, so the audit checks what was actually appended. Ordered by sequence: the order
/// the ballots were written.
/// </summary>
public static class AuditRecords
{
    public const string CsvHeader = "position,option,channel,kiosk,receipt,previous_hash,hash";
    public const string Encoding = "sha256(jornadaId|position|option|channel|kiosk|receipt|previous_hash), UTF-8, sin salto de línea final; kiosk \"-\" en votos en línea; la boleta 1 usa previous_hash = 64 ceros";

    /// <summary>A read-only store for `verify --database`: the service's event format, nothing created or changed.</summary>
    public static IDocumentStore OpenStore(string connectionString, string schema) => DocumentStore.For(opts =>
    {
        EventFormat.Apply(opts, connectionString, schema);
        opts.AutoCreateSchemaObjects = AutoCreate.None;
        opts.Events.AddEventTypes([typeof(JornadaCreated), typeof(BallotCast), typeof(JornadaClosed)]);
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
        await using var command = new Npgsql.NpgsqlCommand($"""
            select (data ->> 'Position')::bigint, data ->> 'OptionId', data ->> 'Channel', data ->> 'KioskId', data ->> 'Receipt',
                   data ->> 'PreviousHash', data ->> 'Hash'
            from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events
            where stream_id = $1 and type = $2 and is_archived = false
            order by seq_id
            """, connection)
        {
            Parameters = { new() { Value = jornadaId }, new() { Value = BallotEventType } },
        };
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellation);
        string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
        while (await reader.ReadAsync(cancellation))
            yield return new ExportedBallot(reader.GetInt64(0), Text(1)!, ChannelCode(Text(2)!), Text(3), Text(4)!, Text(5)!, Text(6)!);
    }

    private static readonly string BallotEventType = typeof(BallotCast).GetEventTypeName();

    /// <summary>
    /// The channel as the chain writes it ("kiosk", "online") from the stored enum, read as the service's JSON reader
    /// reads it (name in any case, or number); anything else as stored, so that the ballot's hash no longer fits.
    /// </summary>
    private static string ChannelCode(string stored) =>
        Enum.TryParse<BallotChannel>(stored, ignoreCase: true, out var channel) && Enum.IsDefined(channel) ? channel.Code() : stored;

    public static async Task<ExportedSeal?> ReadSealAsync(IQuerySession session, Guid jornadaId, CancellationToken cancellation = default)
    {
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == jornadaId && e.EventTypesAre(typeof(JornadaCreated), typeof(JornadaClosed)))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
        if (events.Select(e => e.Data).OfType<JornadaClosed>().LastOrDefault() is not { } closed) return null;
        var created = events.Select(e => e.Data).OfType<JornadaCreated>().First();
        return new ExportedSeal(jornadaId, created.Title, closed.Seal.BallotCount, closed.Seal.FinalHash,
            new SortedDictionary<string, long>(closed.Seal.Counts.ToDictionary(), StringComparer.Ordinal),
            closed.ClosedAt, closed.ClosedBy, Encoding);
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
