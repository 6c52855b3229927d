using System.Threading.Channels;
using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Audit;

/// <summary>One row of the IEEQ export (ballots.csv), in the order of the file.</summary>
public sealed record ExportedBallot(long Position, string OptionId, string Channel, string? KioskId, string Receipt,
    string PreviousHash, string Hash)
{
    /// <summary>
    /// Why the row is not as the service writes it (other than seven columns, a position written «01» or «1.0»:
    /// ExportNumbers, a hash in capitals: ExportHashes), in a sentence that names its line; null for a row as written.
    /// The chain breaks at it.
    /// </summary>
    public string? NotCanonical { get; init; }
}

/// <summary>
/// The seal as exported (seal.json): what closing fixed. RecordHash is the hash of the close in the Jornada's record
/// (at RecordPosition): it covers every fact before it and, through the close's fields, the ballot chain.
/// </summary>
public sealed record ExportedSeal(Guid JornadaId, string Title, long BallotCount, string FinalHash,
    IReadOnlyDictionary<string, long> Counts, DateTimeOffset ClosedAt, string ClosedBy, string Encoding,
    string? RecordHash = null, long? RecordPosition = null)
{
    private static readonly System.Text.Json.JsonSerializerOptions FileJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file to read, not HTML: «Félix», not «F\u00E9lix»
    };

    /// <summary>
    /// sello.json as the API and the IEEQ desk both hand it out: the same bytes from either, one line (the README's shell
    /// recipe reads the Jornada id from it).
    /// </summary>
    public byte[] ToFile() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this, FileJson);

    /// <summary>
    /// Why the file is not the seal the service wrote although it reads (a number written «14.0» or «1.4e1»:
    /// ExportNumbers; a hash or the Jornada's id in capitals: ExportHashes), in a sentence; null for a seal as written.
    /// Never part of the file.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? NotCanonical { get; init; }
}

/// <summary>
/// One fact of the Jornada's record as exported (registro.csv) or read from the store: its link (null when it has
/// none) and its canonical fields. Line: the file's line; Version: the event's version in the stream.
/// </summary>
public sealed record ExportedFact(long? Position, string Type, string Fields, string? PreviousHash, string? Hash)
{
    public long? Line { get; init; }

    /// <summary>As ExportedBallot.NotCanonical: other than five columns, a position or a hash written otherwise than the service writes it; the record breaks at it.</summary>
    public string? NotCanonical { get; init; }
    public long? Version { get; init; }
}

public sealed record ChainBreak(long Row, long? Position, string? Receipt, string Reason)
{
    /// <summary>Every ballot holds; only the count, the final hash or the tally is other than the seal says.</summary>
    public bool AgainstSeal { get; init; }
}

public sealed record VerificationReport(
    long BallotsChecked, string FinalHash, IReadOnlyDictionary<string, long> Counts, ChainBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;

    /// <summary>
    /// Where the ballots that held were cast: the first ballot of each channel and kiosk, in chain order; AuditVerifier
    /// compares them with the kiosks the record registered and its online voting. Null when not collected.
    /// </summary>
    public IReadOnlyList<BallotSource>? Sources { get; init; }
}

/// <summary>A channel and kiosk (null: "-") as ballots name them, and the first ballot that does: its row, position and receipt.</summary>
public sealed record BallotSource(string Channel, string? KioskId, long Row, long Position, string Receipt);

/// <summary>
/// Recomputes the ballot chain and the count and names the first place where they stop matching: a changed ballot
/// (its hash no longer fits), a removed one (a position is skipped), an inserted one (a position repeats, the
/// chain's link breaks, or the chain runs past the seal). Pure: the CLI, the API and the tests all call it. A check
/// runs one ballot at a time (ChainCheck), so a Jornada of a million ballots is verified as it is read, never held.
/// </summary>
public static class ChainVerifier
{
    public static VerificationReport Verify(Guid jornadaId, IEnumerable<ExportedBallot> ballots, ExportedSeal? seal,
        string? expectedFinalHash = null)
    {
        var check = new ChainCheck(jornadaId, seal);
        foreach (var b in ballots)
            if (check.Next(b) is { } broken) return broken;
        return check.End(expectedFinalHash);
    }

    /// <summary>
    /// The same check over ballots read from the database: reading (PostgreSQL's rows, decoded) and checking (a hash each)
    /// take turns on two threads, in batches, so a large Jornada costs about the longer of the two, not their sum.
    /// </summary>
    public static async Task<VerificationReport> VerifyAsync(Guid jornadaId, IAsyncEnumerable<ExportedBallot> ballots, ExportedSeal? seal,
        string? expectedFinalHash = null, CancellationToken cancellation = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var batches = Channel.CreateBounded<List<ExportedBallot>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                var batch = new List<ExportedBallot>(BatchSize);
                await foreach (var b in ballots.WithCancellation(stop.Token))
                {
                    batch.Add(b);
                    if (batch.Count < BatchSize) continue;
                    await batches.Writer.WriteAsync(batch, stop.Token);
                    batch = new List<ExportedBallot>(BatchSize);
                }
                if (batch.Count > 0) await batches.Writer.WriteAsync(batch, stop.Token);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, CancellationToken.None);

        var check = new ChainCheck(jornadaId, seal);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellation))
                foreach (var b in batch)
                    if (check.Next(b) is { } broken) return broken;
            return check.End(expectedFinalHash);
        }
        finally
        {
            await stop.CancelAsync(); // a break was found: the rest need not be read
            try { await reading; } catch (OperationCanceledException) { }
        }
    }

    private const int BatchSize = 4096;
}

/// <summary>The chain check of ChainVerifier, fed one ballot at a time in chain order.</summary>
public sealed class ChainCheck(Guid jornadaId, ExportedSeal? seal)
{
    private readonly SortedDictionary<string, long> _counts = Seeded(seal);
    private string _previous = BallotChain.Genesis;
    private long _row;
    private readonly Dictionary<string, long> _receipts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Channel, string? Kiosk), BallotSource> _sources = [];

    private static SortedDictionary<string, long> Seeded(ExportedSeal? seal)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var option in seal?.Counts.Keys ?? []) counts[option] = 0;
        return counts;
    }

    /// <summary>
    /// The ballots checked are those that held (the ones the counts and the final hash cover), not the row that broke:
    /// verificar.html says the same number for the same file (verificador.js, «hasta la ruptura»).
    /// </summary>
    private VerificationReport Broken(ExportedBallot? b, string reason) =>
        new(_row - 1, _previous, _counts, new ChainBreak(_row, b?.Position, b?.Receipt, reason)) { Sources = Sources };

    private List<BallotSource> Sources => [.. _sources.Values.OrderBy(s => s.Row)];

    private VerificationReport? _missing; // a break that named a skipped position, while the rows after it are looked through
    private long _rowsAfter;

    /// <summary>
    /// The report once the outcome is known, null until then. A row whose position comes early names the ballot that
    /// should be there as missing; the rows after it are then only looked through for that ballot, so that rows moved
    /// within the file are told as moved, not as a ballot removed (an auditor acts on which it was).
    /// </summary>
    public VerificationReport? Next(ExportedBallot b)
    {
        if (_missing is not { FirstBreak: { } at } missing) return Add(b);
        _rowsAfter++;
        var expected = at.Row;
        return b.Position != expected ? null : missing with
        {
            FirstBreak = at with
            {
                Reason = $"Las filas están fuera de orden: en la fila {at.Row} va la boleta {expected} y está la {at.Position}; la boleta " +
                         $"{expected} aparece más adelante, en la fila {at.Row + _rowsAfter}. Se movieron boletas dentro del archivo: no es el " +
                         "que entregó el servicio.",
            },
        };
    }

    /// <summary>After the last row: the break already found (a ballot missing, not found later either), or the final checks.</summary>
    public VerificationReport End(string? expectedFinalHash) => _missing ?? Finish(expectedFinalHash);

    /// <summary>The report naming this ballot when the chain breaks at it; null while it holds.</summary>
    private VerificationReport? Add(ExportedBallot b)
    {
        _row++;
        var expected = _row;
        // Before the order: «01» is read as 1 and would hold, while the shell, comparing text, finds a break.
        if (b.NotCanonical is { } written) // no position read; no receipt either from a line of other columns
            return new(_row - 1, _previous, _counts, new ChainBreak(_row, null, b.Receipt is "" ? null : b.Receipt, written)) { Sources = Sources };
        if (b.Position > expected)
        {
            _missing = Broken(b, $"Falta la boleta {expected}: la fila {_row} trae la posición {b.Position}. Se eliminó al menos una boleta.");
            return null;
        }
        if (b.Position < expected)
            return Broken(b, $"La posición {b.Position} aparece otra vez en la fila {_row} (recibo {b.Receipt}): se insertó una boleta.");
        if (!string.Equals(b.PreviousHash, _previous, StringComparison.OrdinalIgnoreCase))
            return Broken(b, $"La boleta {b.Position} (recibo {b.Receipt}) no se encadena con la anterior: su previous_hash no es el hash de la boleta {b.Position - 1}. Se insertó, eliminó o alteró una boleta.");
        var hash = BallotChain.Hash(jornadaId, b.Position, b.OptionId, b.Channel, b.KioskId, b.Receipt, _previous);
        if (!string.Equals(hash, b.Hash, StringComparison.OrdinalIgnoreCase))
            return Broken(b, $"La boleta {b.Position} (recibo {b.Receipt}) fue alterada: su contenido no produce el hash registrado.");
        if (seal is not null && !seal.Counts.ContainsKey(b.OptionId))
            return Broken(b, $"La boleta {b.Position} (recibo {b.Receipt}) trae la opción «{b.OptionId}», que no está en la boleta sellada.");
        // Chained anew by the service itself, a copy of an urn entry links and hashes like any ballot: only its receipt,
        // which every vote has of its own, gives it away.
        if (!_receipts.TryAdd(b.Receipt, b.Position))
            return Broken(b, $"La boleta {b.Position} repite el recibo {b.Receipt} de la boleta {_receipts[b.Receipt]}: cada voto tiene un recibo " +
                             "propio. Se copió una boleta (un voto contado más de una vez).");

        _sources.TryAdd((b.Channel, string.IsNullOrEmpty(b.KioskId) || b.KioskId == "-" ? null : b.KioskId),
            new BallotSource(b.Channel, string.IsNullOrEmpty(b.KioskId) || b.KioskId == "-" ? null : b.KioskId, _row, b.Position, b.Receipt));
        _counts[b.OptionId] = _counts.GetValueOrDefault(b.OptionId) + 1;
        _previous = hash;
        return null;
    }

    /// <summary>After the last ballot: count, final hash and tally against the seal, and the hash IEEQ wrote down.</summary>
    private VerificationReport Finish(string? expectedFinalHash) => Checked(expectedFinalHash) with { Sources = Sources };

    private VerificationReport Checked(string? expectedFinalHash)
    {
        if (seal is not null)
        {
            if (seal.JornadaId != jornadaId)
                return new(_row, _previous, _counts, new ChainBreak(_row, null, null, $"El sello es de otra Jornada ({seal.JornadaId})."));
            if (_row > seal.BallotCount)
                return new(_row, _previous, _counts, new ChainBreak(seal.BallotCount + 1, seal.BallotCount + 1, null,
                    $"La cadena tiene {_row} boletas y el sello {seal.BallotCount}: la boleta {seal.BallotCount + 1} en adelante se agregó después del cierre.") { AgainstSeal = true });
            if (_row < seal.BallotCount)
                return new(_row, _previous, _counts, new ChainBreak(_row + 1, _row + 1, null,
                    $"El sello cubre {seal.BallotCount} boletas y la cadena solo {_row}: falta la boleta {_row + 1} en adelante.") { AgainstSeal = true });
            if (!string.Equals(_previous, seal.FinalHash, StringComparison.OrdinalIgnoreCase))
                return new(_row, _previous, _counts, new ChainBreak(_row, _row, null,
                    $"El hash final recalculado ({_previous}) no es el del sello ({seal.FinalHash}).") { AgainstSeal = true });
            foreach (var (option, sealedCount) in seal.Counts)
                if (_counts.GetValueOrDefault(option) != sealedCount)
                    return new(_row, _previous, _counts, new ChainBreak(_row, null, null,
                        $"El cómputo recalculado da {_counts.GetValueOrDefault(option)} votos a la opción {option}; el sello dice {sealedCount}.") { AgainstSeal = true });
        }

        if (expectedFinalHash is not null && !string.Equals(_previous, expectedFinalHash.Trim(), StringComparison.OrdinalIgnoreCase))
            return new(_row, _previous, _counts, new ChainBreak(_row, _row, null,
                $"El hash final recalculado ({_previous}) no es el que el IEEQ registró al cierre ({expectedFinalHash.Trim()}): la cadena o el sello se rehicieron."));

        return new(_row, _previous, _counts, null);
    }
}
