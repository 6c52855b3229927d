using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Audit;

/// <summary>
/// `verify --ballots` on an intact export, fast: a million ballots in about the time sha256sum takes to read the file
/// (README, Benchmarks). The file is read as bytes in large blocks; within a block every line's hash is recomputed from
/// its own fields and the previous_hash it states, on every core; then, in file order, positions must run 1, 2, 3…,
/// each previous_hash must be the hash of the line before and each option must be on the sealed ballot; at the end no
/// receipt may repeat. Together that is the chain recomputed from ballot 1, as ChainVerifier does it; like it, the scan
/// keeps each channel and kiosk the lines name with its first ballot (Sources), which AuditVerifier compares with the
/// record. The scan only ever says "intact": at the first thing it does not expect (a break, a difference with the seal,
/// more than MaxSources channels and kiosks, or a line it would have to
/// read differently from ParseCsv: a CR, a BOM, a byte outside ASCII, a hash not in lower-case hex, a number with leading
/// zeros, a missing field, a receipt not in the service's XXXX-XXXX-XXXX form) it answers null, and the caller checks the
/// file the ordinary way, which names the first break.
/// </summary>
public static class ExportScan
{
    public const int BlockSize = 8 << 20;
    private const int FieldCount = 7;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <param name="blockSize">How much is read at once; a line longer than this is left to the ordinary check.</param>
    public static VerificationReport? TryVerify(Guid jornadaId, Stream csv, ExportedSeal seal, string? expectedFinalHash, int blockSize = BlockSize)
    {
        if (seal.JornadaId != jornadaId) return null;
        var options = seal.Counts.Keys.Select(o => Encoding.UTF8.GetBytes(o)).ToArray();
        var counts = new long[options.Length];
        var prefix = Encoding.ASCII.GetBytes(jornadaId.ToString("D") + "|");
        Span<byte> previous = stackalloc byte[64]; // the hash of the line before, as hex text; ballot 1's is 64 zeros
        previous.Fill((byte)'0');
        long row = 0;
        // Each line's receipt as a number (ReceiptNumber), in chain order; grown as lines are read, not sized by a seal that may lie.
        var receipts = new List<ulong>((int)Math.Min(seal.BallotCount, 1 << 20));
        var sources = new List<(byte[] Text, BallotSource Source)>(); // each "channel,kiosk" as the lines write it, and its first ballot

        var buffer = new byte[blockSize];
        var filled = 0;
        var header = true;
        while (true)
        {
            var read = csv.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var end = read == 0 ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            if (end <= 0)
            {
                if (read == 0) break;
                if (filled == buffer.Length) return null; // a line longer than a block: not an export
                continue;
            }
            var block = buffer.AsMemory(0, end);
            if (header)
            {
                var firstLine = block.Span.IndexOf((byte)'\n');
                if (firstLine < 0 || !block.Span[..firstLine].SequenceEqual(Encoding.ASCII.GetBytes(AuditRecords.CsvHeader))) return null;
                block = block[(firstLine + 1)..];
                header = false;
            }
            if (ScanBlock(block, prefix, options, counts, receipts, sources, ref row, previous) is false) return null;
            buffer.AsSpan(end, filled - end).CopyTo(buffer);
            filled -= end;
            if (read == 0) break;
        }
        if (header) return null;

        var finalHash = Encoding.ASCII.GetString(previous);
        if (row != seal.BallotCount || !string.Equals(finalHash, seal.FinalHash, StringComparison.OrdinalIgnoreCase)) return null;
        var tally = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var i = 0;
        foreach (var option in seal.Counts.Keys) tally[option] = counts[i++];
        if (seal.Counts.Any(c => tally[c.Key] != c.Value)) return null;
        if (expectedFinalHash is not null && !string.Equals(finalHash, expectedFinalHash.Trim(), StringComparison.OrdinalIgnoreCase)) return null;
        // A copy of an urn entry chained anew links and hashes like any ballot, and a close seals it: its receipt repeats.
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(receipts);
        sorted.Sort();
        for (var r = 1; r < sorted.Length; r++)
            if (sorted[r] == sorted[r - 1]) return null;
        return new VerificationReport(row, finalHash, tally, null) { Sources = [.. sources.Select(s => s.Source)] };
    }

    /// <summary>The lines of one block (each ending in \n, the file's last perhaps not); false at anything unexpected.</summary>
    /// <remarks>Optimized at once, as the other loops here: `verify` is a short process, done before tiered compilation would get to them.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanBlock(ReadOnlyMemory<byte> block, byte[] prefix, byte[][] options, long[] counts, List<ulong> receipts,
        List<(byte[] Text, BallotSource Source)> sources, ref long row, Span<byte> previous)
    {
        var starts = new List<int>(block.Length / 150 + 1);
        for (var at = 0; at < block.Length;)
        {
            var next = block.Span[at..].IndexOf((byte)'\n');
            var lineEnd = next < 0 ? block.Length : at + next;
            if (lineEnd == at) return false; // an empty line: ParseCsv skips it; leave it to the ordinary check
            starts.Add(at);
            at = lineEnd + 1;
        }
        var lines = starts.Count;
        var positions = new long[lines];
        var optionOf = new int[lines];
        var hashesAt = new int[lines]; // where the line's previous_hash starts in the block; its hash follows after a comma
        var receiptOf = new ulong[lines];
        var sourcesAt = new int[lines]; // where the line's "channel,kiosk" starts in the block, and its length
        var sourceLengths = new int[lines];

        var parts = Environment.ProcessorCount;
        var fits = new bool[parts];
        Parallel.For(0, parts, part => fits[part] = ScanLines(block, starts, (int)((long)lines * part / parts), (int)((long)lines * (part + 1) / parts),
            prefix, options, positions, optionOf, hashesAt, receiptOf, sourcesAt, sourceLengths));
        if (fits.Contains(false)) return false;

        var text = block.Span;
        for (var i = 0; i < lines; i++)
        {
            if (positions[i] != ++row || !text.Slice(hashesAt[i], 64).SequenceEqual(previous)) return false;
            receipts.Add(receiptOf[i]);
            if (!Seen(sources, text.Slice(sourcesAt[i], sourceLengths[i]), row, text.Slice(sourcesAt[i] + sourceLengths[i] + 1, 14))) return false;
            text.Slice(hashesAt[i] + 65, 64).CopyTo(previous);
            counts[optionOf[i]]++;
        }
        return true;
    }

    /// <summary>
    /// The line's channel and kiosk among those already seen, or added with this ballot as its first; false past
    /// MaxSources (no real Jornada has that many kiosks: the ordinary check reads such a file).
    /// </summary>
    private static bool Seen(List<(byte[] Text, BallotSource Source)> sources, ReadOnlySpan<byte> source, long row, ReadOnlySpan<byte> receipt)
    {
        foreach (var (text, _) in sources)
            if (source.SequenceEqual(text)) return true;
        if (sources.Count >= MaxSources) return false;
        var comma = source.IndexOf((byte)',');
        var kiosk = Encoding.ASCII.GetString(source[(comma + 1)..]);
        sources.Add((source.ToArray(), new BallotSource(Encoding.ASCII.GetString(source[..comma]), kiosk is "" or "-" ? null : kiosk, row, row,
            Encoding.ASCII.GetString(receipt))));
        return true;
    }

    private const int MaxSources = 512;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanLines(ReadOnlyMemory<byte> block, List<int> starts, int from, int to, byte[] prefix, byte[][] options,
        long[] positions, int[] optionOf, int[] hashesAt, ulong[] receiptOf, int[] sourcesAt, int[] sourceLengths)
    {
        Span<byte> canonical = stackalloc byte[512];
        Span<byte> hash = stackalloc byte[32];
        prefix.CopyTo(canonical);
        for (var i = from; i < to; i++)
        {
            var start = starts[i];
            var length = block.Span[start..].IndexOf((byte)'\n');
            var line = length < 0 ? block.Span[start..] : block.Span.Slice(start, length);
            if (!ScanLine(line, prefix.Length, canonical, hash, options, out positions[i], out optionOf[i], out var previousAt, out receiptOf[i],
                    out var sourceAt, out sourceLengths[i]))
                return false;
            hashesAt[i] = start + previousAt;
            sourcesAt[i] = start + sourceAt;
        }
        return true;
    }

    /// <summary>
    /// One line: its fields, its canonical encoding (BallotChain) written after the Jornada prefix already in canonical,
    /// and the hash of that, in lower-case hex as the export writes it, compared with the line's hash field. Out: the
    /// position, the option's index in the seal, where in the line its previous_hash starts (lower-case hex too), its
    /// receipt as a number, and where its channel and kiosk ("kiosk,kiosco-1", "online,-") start and how long they are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanLine(ReadOnlySpan<byte> line, int prefixLength, Span<byte> canonical, Span<byte> hash,
        byte[][] options, out long position, out int option, out int previousAt, out ulong receipt, out int sourceAt, out int sourceLength)
    {
        position = 0;
        option = -1;
        previousAt = 0;
        receipt = 0;
        sourceAt = 0;
        sourceLength = 0;
        if (!Ascii.IsValid(line) || line.Contains((byte)'\r')) return false;
        Span<Range> fields = stackalloc Range[FieldCount];
        var fieldStart = 0;
        for (var f = 0; f < FieldCount - 1; f++)
        {
            var comma = line[fieldStart..].IndexOf((byte)',');
            if (comma < 0) return false;
            fields[f] = fieldStart..(fieldStart + comma);
            fieldStart += comma + 1;
        }
        if (line[fieldStart..].Contains((byte)',')) return false;
        fields[FieldCount - 1] = fieldStart..line.Length;

        var positionField = line[fields[0]];
        // Digits only, as the ordinary parser reads them (Utf8Parser alone would take a sign).
        if (positionField.IsEmpty || positionField.Length > 18 || !char.IsAsciiDigit((char)positionField[0])
            || (positionField[0] == (byte)'0' && positionField.Length > 1)
            || !Utf8Parser.TryParse(positionField, out position, out var consumed) || consumed != positionField.Length || position < 1)
            return false;
        var optionField = line[fields[1]];
        for (var o = 0; o < options.Length && option < 0; o++)
            if (optionField.SequenceEqual(options[o])) option = o;
        if (option < 0) return false;

        if (ReceiptNumber(line[fields[4]]) is not { } number) return false;
        receipt = number;

        var previousHex = line[fields[5]];
        var hashHex = line[fields[6]];
        if (previousHex.Length != 64 || hashHex.Length != 64) return false;
        previousAt = fields[5].Start.Value;
        sourceAt = fields[2].Start.Value;
        sourceLength = fields[3].End.Value - sourceAt;

        // jornadaId|position|option|channel|kiosk|receipt|previous_hash, kiosk "-" when the export has "-" or nothing.
        var kiosk = line[fields[3]];
        var n = prefixLength;
        if (!Append(canonical, ref n, positionField, (byte)'|') || !Append(canonical, ref n, optionField, (byte)'|')
            || !Append(canonical, ref n, line[fields[2]], (byte)'|') || !Append(canonical, ref n, kiosk.IsEmpty ? "-"u8 : kiosk, (byte)'|')
            || !Append(canonical, ref n, line[fields[4]], (byte)'|') || !Append(canonical, ref n, previousHex, 0))
            return false;
        LineHash.Hash(canonical[..n], hash);
        for (var i = 0; i < 32; i++)
            if (hashHex[2 * i] != LowerHex[hash[i] >> 4] || hashHex[2 * i + 1] != LowerHex[hash[i] & 0xF]) return false;
        return true;
    }

    private static ReadOnlySpan<byte> LowerHex => "0123456789abcdef"u8;

    /// <summary>
    /// A receipt as the service writes it (ReceiptCode: XXXX-XXXX-XXXX in Crockford base32, upper case) as its twelve
    /// symbols' 60 bits, so two receipts are the same number exactly when they are the same text; null for any other
    /// form, which the ordinary check compares as text.
    /// </summary>
    private static ulong? ReceiptNumber(ReadOnlySpan<byte> receipt)
    {
        if (receipt.Length != 14 || receipt[4] != (byte)'-' || receipt[9] != (byte)'-') return null;
        ulong number = 0;
        for (var i = 0; i < receipt.Length; i++)
        {
            if (i is 4 or 9) continue;
            var value = Crockford32.ValueOf((char)receipt[i]);
            if (value < 0) return null;
            number = number << 5 | (uint)value;
        }
        return number;
    }

    private static bool Append(Span<byte> canonical, ref int n, ReadOnlySpan<byte> field, byte separator)
    {
        if (n + field.Length + 1 > canonical.Length) return false;
        field.CopyTo(canonical[n..]);
        n += field.Length;
        if (separator != 0) canonical[n++] = separator;
        return true;
    }
}
