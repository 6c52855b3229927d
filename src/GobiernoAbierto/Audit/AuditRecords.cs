using System.Globalization;
using System.Text.Json;
using GobiernoAbierto.Jornadas;
using Npgsql;

namespace GobiernoAbierto.Audit;

/// <summary>
/// Reads the ballots and the seal straight from the event store (mt_events), not from any projection, so the
/// audit checks what was actually appended. Ordered by seq_id: the order the ballots were written.
/// </summary>
public static class AuditRecords
{
    public const string CsvHeader = "position,option,channel,kiosk,receipt,previous_hash,hash";
    public const string Encoding = "sha256(jornadaId|position|option|channel|kiosk|receipt|previous_hash), UTF-8, sin salto de línea final; kiosk \"-\" en votos en línea; la boleta 1 usa previous_hash = 64 ceros";

    public static async IAsyncEnumerable<ExportedBallot> ReadBallotsAsync(NpgsqlConnection connection, string schema, Guid jornadaId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var command = new NpgsqlCommand(
            $"select data from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast' order by seq_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jornadaId });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            using var json = JsonDocument.Parse(reader.GetString(0));
            var e = json.RootElement;
            var channel = e.GetProperty(nameof(BallotCast.Channel)).GetString() == nameof(BallotChannel.Kiosk) ? "kiosk" : "online";
            yield return new ExportedBallot(
                e.GetProperty(nameof(BallotCast.Position)).GetInt64(),
                e.GetProperty(nameof(BallotCast.OptionId)).GetString() ?? "",
                channel,
                e.TryGetProperty(nameof(BallotCast.KioskId), out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null,
                e.GetProperty(nameof(BallotCast.Receipt)).GetString() ?? "",
                e.GetProperty(nameof(BallotCast.PreviousHash)).GetString() ?? "",
                e.GetProperty(nameof(BallotCast.Hash)).GetString() ?? "");
        }
    }

    public static async Task<ExportedSeal?> ReadSealAsync(NpgsqlConnection connection, string schema, Guid jornadaId,
        CancellationToken cancellation = default)
    {
        await using var command = new NpgsqlCommand(
            $"""
             select c.data, o.data from {schema}.mt_events c
             join {schema}.mt_events o on o.stream_id = c.stream_id and o.type = 'jornada_created'
             where c.stream_id = $1 and c.type = 'jornada_closed' order by c.seq_id desc limit 1
             """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jornadaId });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation)) return null;
        var closed = JsonSerializer.Deserialize<JornadaClosed>(reader.GetString(0))!;
        var created = JsonSerializer.Deserialize<JornadaCreatedTitle>(reader.GetString(1))!;
        return new ExportedSeal(jornadaId, created.Title, closed.Seal.BallotCount, closed.Seal.FinalHash,
            new SortedDictionary<string, long>(closed.Seal.Counts.ToDictionary(), StringComparer.Ordinal),
            closed.ClosedAt, closed.ClosedBy, Encoding);
    }

    private sealed record JornadaCreatedTitle(string Title);

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
