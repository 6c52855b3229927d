using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Audit;

/// <summary>One row of the IEEQ export (ballots.csv), in the order of the file.</summary>
public sealed record ExportedBallot(long Position, string OptionId, string Channel, string? KioskId, string Receipt,
    string PreviousHash, string Hash);

/// <summary>
/// The seal as exported (seal.json): what closing fixed. RecordHash is the hash of the close in the Jornada's record
/// (at RecordPosition): it covers every fact before it and, through the close's fields, the ballot chain.
/// </summary>
public sealed record ExportedSeal(Guid JornadaId, string Title, long BallotCount, string FinalHash,
    IReadOnlyDictionary<string, long> Counts, DateTimeOffset ClosedAt, string ClosedBy, string Encoding,
    string? RecordHash = null, long? RecordPosition = null);

/// <summary>
/// One fact of the Jornada's record as exported (registro.csv) or read from the store: its link (null when it has
/// none) and its canonical fields. Line: the file's line; Version: the event's version in the stream.
/// </summary>
public sealed record ExportedFact(long? Position, string Type, string Fields, string? PreviousHash, string? Hash)
{
    public long? Line { get; init; }
    public long? Version { get; init; }
}

public sealed record ChainBreak(long Row, long? Position, string? Receipt, string Reason);

public sealed record VerificationReport(
    long BallotsChecked, string FinalHash, IReadOnlyDictionary<string, long> Counts, ChainBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// Recomputes the ballot chain and the count and names the first place where they stop matching: a changed ballot
/// (its hash no longer fits), a removed one (a position is skipped), an inserted one (a position repeats, the
/// chain's link breaks, or the chain runs past the seal). Pure: the CLI, the API and the tests all call it.
/// </summary>
public static class ChainVerifier
{
    public static VerificationReport Verify(Guid jornadaId, IEnumerable<ExportedBallot> ballots, ExportedSeal? seal,
        string? expectedFinalHash = null)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var option in seal?.Counts.Keys ?? []) counts[option] = 0;
        var previous = BallotChain.Genesis;
        long row = 0;

        VerificationReport Broken(ExportedBallot? b, string reason) =>
            new(row, previous, counts, new ChainBreak(row, b?.Position, b?.Receipt, reason));

        foreach (var b in ballots)
        {
            row++;
            var expected = row;
            if (b.Position > expected)
                return Broken(b, $"Falta la boleta {expected}: la fila {row} trae la posición {b.Position}. Se eliminó al menos una boleta.");
            if (b.Position < expected)
                return Broken(b, $"La posición {b.Position} aparece otra vez en la fila {row} (recibo {b.Receipt}): se insertó una boleta.");
            if (!string.Equals(b.PreviousHash, previous, StringComparison.OrdinalIgnoreCase))
                return Broken(b, $"La boleta {b.Position} (recibo {b.Receipt}) no se encadena con la anterior: su previous_hash no es el hash de la boleta {b.Position - 1}. Se insertó, eliminó o alteró una boleta.");
            var hash = BallotChain.Hash(jornadaId, b.Position, b.OptionId, b.Channel, b.KioskId, b.Receipt, previous);
            if (!string.Equals(hash, b.Hash, StringComparison.OrdinalIgnoreCase))
                return Broken(b, $"La boleta {b.Position} (recibo {b.Receipt}) fue alterada: su contenido no produce el hash registrado.");
            if (seal is not null && !seal.Counts.ContainsKey(b.OptionId))
                return Broken(b, $"La boleta {b.Position} (recibo {b.Receipt}) trae la opción «{b.OptionId}», que no está en la boleta sellada.");

            counts[b.OptionId] = counts.GetValueOrDefault(b.OptionId) + 1;
            previous = hash;
        }

        if (seal is not null)
        {
            if (seal.JornadaId != jornadaId)
                return Broken(null, $"El sello es de otra Jornada ({seal.JornadaId}).");
            if (row > seal.BallotCount)
                return new(row, previous, counts, new ChainBreak(seal.BallotCount + 1, seal.BallotCount + 1, null,
                    $"La cadena tiene {row} boletas y el sello {seal.BallotCount}: la boleta {seal.BallotCount + 1} en adelante se agregó después del cierre."));
            if (row < seal.BallotCount)
                return new(row, previous, counts, new ChainBreak(row + 1, row + 1, null,
                    $"El sello cubre {seal.BallotCount} boletas y la cadena solo {row}: falta la boleta {row + 1} en adelante."));
            if (!string.Equals(previous, seal.FinalHash, StringComparison.OrdinalIgnoreCase))
                return new(row, previous, counts, new ChainBreak(row, row, null,
                    $"El hash final recalculado ({previous}) no es el del sello ({seal.FinalHash})."));
            foreach (var (option, sealedCount) in seal.Counts)
                if (counts.GetValueOrDefault(option) != sealedCount)
                    return new(row, previous, counts, new ChainBreak(row, null, null,
                        $"El cómputo recalculado da {counts.GetValueOrDefault(option)} votos a la opción {option}; el sello dice {sealedCount}."));
        }

        if (expectedFinalHash is not null && !string.Equals(previous, expectedFinalHash.Trim(), StringComparison.OrdinalIgnoreCase))
            return new(row, previous, counts, new ChainBreak(row, row, null,
                $"El hash final recalculado ({previous}) no es el que el IEEQ registró al cierre ({expectedFinalHash.Trim()}): la cadena o el sello se rehicieron."));

        return new(row, previous, counts, null);
    }
}
