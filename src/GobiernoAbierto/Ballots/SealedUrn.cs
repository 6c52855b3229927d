using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace GobiernoAbierto.Ballots;

// The sealed urn (urna sellada). A group commit at low traffic may hold a single ballot, and a database reader could
// then pair that commit's one participation with its one ballot. So an accepted ballot first goes into the urn,
// encrypted under a key derived from the server secret, in the same transaction as its participation: it is durable
// and its receipt is valid, but the database shows nothing of the choice. Ballots leave the urn for the chain only in
// mixes of at least MixSize, shuffled, so the smallest set a ballot can hide in is MixSize ballots, not one commit.

public sealed class MixingOptions
{
    /// <summary>
    /// The smallest anonymity set. Ballots wait sealed until the urn holds twice this many; then all but this many
    /// (chosen at random) go into the chain. Closing the Jornada mixes the rest. 0 puts every commit's ballots into
    /// the chain at once (the anonymity set is then the commit).
    /// </summary>
    public int MixSize { get; set; } = 25;
}

/// <summary>A ballot inside the urn: what its BallotCast will say, before it has a position in the chain.</summary>
public sealed record SealedBallot(Guid Id, string OptionId, BallotChannel Channel, string? KioskId, string Receipt);

/// <summary>
/// Seals and opens urn entries (AES-256-GCM), and reads or writes a Jornada's urn inside the caller's transaction.
/// Nothing answers questions about a single entry: a database administrator sees which entry each commit added beside
/// whose participation (one transaction writes both), and a public receipt check that found a receipt's entry by a keyed
/// lookup let a red team, composing urns of copied entries, pair every entry with its receipt and so with its place and
/// option in the chain. The receipt check reads the chain only; the lookups' column is left empty.
/// </summary>
public sealed class SealedUrn(VoterKeys keys, VotingTables tables, int mixSize)
{
    /// <summary>Every sealed payload is padded to this length, so a ciphertext's size says nothing (online ballots have no kiosk).</summary>
    public const int PayloadLength = 160;

    private readonly byte[] _key = keys.SealingKey();

    public int MixSize { get; } = mixSize >= 0 ? mixSize : throw new ArgumentOutOfRangeException(nameof(mixSize), "Voting:Mixing:MixSize is 0 or more.");

    public byte[] Seal(Guid jornadaId, SealedBallot ballot)
    {
        using var aes = new AesGcm(_key, 16);
        return Seal(aes, jornadaId, ballot);
    }

    /// <summary>
    /// What an entry's tag binds besides its ciphertext: its Jornada and its id, so that an entry copied into another
    /// Jornada's urn (whose mix would put it in that chain, showing its option beside the participation a database
    /// administrator saw written with it) or under another id fails to open.
    /// </summary>
    private static byte[] Bound(Guid jornadaId, Guid id) => [.. jornadaId.ToByteArray(), .. id.ToByteArray()];

    // A group commit seals and opens dozens of entries under the Jornada's lock: one AesGcm (one OpenSSL context) for
    // all of them, not one each.
    private static byte[] Seal(AesGcm aes, Guid jornadaId, SealedBallot ballot)
    {
        var text = $"{ballot.OptionId}\n{ballot.Channel.Code()}\n{ballot.KioskId}\n{ballot.Receipt}";
        var payload = new byte[PayloadLength];
        var written = Encoding.UTF8.GetBytes(text, payload.AsSpan(2));
        payload[0] = (byte)(written >> 8);
        payload[1] = (byte)written;
        var output = new byte[12 + PayloadLength + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        aes.Encrypt(output.AsSpan(0, 12), payload, output.AsSpan(12, PayloadLength), output.AsSpan(12 + PayloadLength), Bound(jornadaId, ballot.Id));
        return output;
    }

    /// <summary>Opens an entry; a changed ciphertext or id fails the tag check and throws (the urn was tampered with).</summary>
    public SealedBallot Open(Guid jornadaId, Guid id, byte[] sealedBallot)
    {
        using var aes = new AesGcm(_key, 16);
        return Open(aes, jornadaId, id, sealedBallot);
    }

    private static SealedBallot Open(AesGcm aes, Guid jornadaId, Guid id, byte[] sealedBallot)
    {
        if (sealedBallot.Length != 12 + PayloadLength + 16)
            throw new CryptographicException($"Sealed ballot {id} has the wrong length; the urn was altered.");
        var payload = new byte[PayloadLength];
        try
        {
            aes.Decrypt(sealedBallot.AsSpan(0, 12), sealedBallot.AsSpan(12, PayloadLength), sealedBallot.AsSpan(12 + PayloadLength), payload, Bound(jornadaId, id));
        }
        catch (CryptographicException)
        {
            // Sealed by a version that bound the id alone: such an entry still opens, under its own id only.
            aes.Decrypt(sealedBallot.AsSpan(0, 12), sealedBallot.AsSpan(12, PayloadLength), sealedBallot.AsSpan(12 + PayloadLength), payload, id.ToByteArray());
        }
        var parts = Encoding.UTF8.GetString(payload, 2, (payload[0] << 8) | payload[1]).Split('\n');
        var channel = parts[1] == BallotChannel.Kiosk.Code() ? BallotChannel.Kiosk : BallotChannel.Online;
        return new SealedBallot(id, parts[0], channel, parts[2].Length == 0 ? null : parts[2], parts[3]);
    }

    /// <summary>Every entry of the Jornada's urn, opened. Call with the Jornada's stream locked, inside the writing transaction.</summary>
    public async Task<IReadOnlyList<SealedBallot>> ReadAsync(NpgsqlConnection connection, Guid jornadaId, CancellationToken cancellation = default) =>
        OpenAll(jornadaId, await tables.UrnAsync(connection, jornadaId, cancellation));

    /// <summary>The urn's rows as read (VotingTables), opened; one that fails its tag stops everything (SealedUrnAlteredException).</summary>
    public IReadOnlyList<SealedBallot> OpenAll(Guid jornadaId, IReadOnlyList<UrnRow> rows)
    {
        var entries = new List<SealedBallot>(rows.Count);
        var seen = new HashSet<Guid>(rows.Count);
        var receipts = new HashSet<string>(rows.Count, StringComparer.Ordinal);
        using var aes = new AesGcm(_key, 16);
        foreach (var (id, sealedBallot, _) in rows)
        {
            // A copy of an entry opens as well as the entry: the mix would put the same ballot in the chain twice (ballots
            // stuffed, and the copies' shared receipt showing a database administrator that entry's option).
            if (!seen.Add(id))
                throw new SealedUrnAlteredException(jornadaId, id, new InvalidDataException("The urn holds this entry more than once."));
            try
            {
                var entry = Open(aes, jornadaId, id, sealedBallot);
                if (!receipts.Add(entry.Receipt))
                    throw new SealedUrnAlteredException(jornadaId, id, new InvalidDataException("Two entries of the urn carry one receipt."));
                entries.Add(entry);
            }
            catch (CryptographicException e)
            {
                throw new SealedUrnAlteredException(jornadaId, id, e);
            }
        }
        return entries;
    }

    /// <summary>
    /// The urn after a commit, as the rows VotingTables writes: the entries read that stay, as stored (never sealed
    /// again), then the new ones sealed; null when nothing was added or taken out.
    /// </summary>
    public IReadOnlyList<UrnRow>? After(Guid jornadaId, IReadOnlyList<UrnRow> read, IReadOnlyList<SealedBallot> added, IReadOnlyList<Guid> taken)
    {
        if (added.Count == 0 && taken.Count == 0) return null;
        var leaving = taken.ToHashSet();
        using var aes = new AesGcm(_key, 16);
        return [.. read.Where(r => !leaving.Contains(r.Id)), .. added.Select(e => new UrnRow(e.Id, Seal(aes, jornadaId, e), null))];
    }

    /// <summary>Takes everything out of the Jornada's urn (the close mixes it all into the chain in the same transaction).</summary>
    public Task EmptyAsync(NpgsqlConnection connection, Guid jornadaId) => tables.EmptyUrnAsync(connection, jornadaId);
}

/// <summary>The mixing rule and the chain it feeds, pure.</summary>
public static class Mixing
{
    /// <summary>
    /// Which urn entries go into the chain now. Nothing until the urn holds 2 × mixSize; then all but mixSize, chosen
    /// at random, so both the mix and what stays behind for the next one (or the close) hold at least mixSize ballots.
    /// Closing, or mixSize 0, takes everything.
    /// </summary>
    public static (IReadOnlyList<SealedBallot> Mixed, IReadOnlyList<SealedBallot> Kept) Choose(IReadOnlyList<SealedBallot> urn, int mixSize, bool closing)
    {
        if (closing || mixSize == 0) return (Shuffled(urn), []);
        if (urn.Count < 2 * mixSize) return ([], urn);
        var shuffled = Shuffled(urn);
        return (shuffled.Skip(mixSize).ToList(), shuffled.Take(mixSize).ToList());
    }

    /// <summary>
    /// The mixed ballots as chain entries, in the (already random) order given, continuing a chain that holds
    /// <paramref name="length"/> ballots and ends in <paramref name="head"/>.
    /// </summary>
    public static IReadOnlyList<BallotCast> Chain(Guid jornadaId, long length, string head, IReadOnlyList<SealedBallot> mixed)
    {
        var ballots = new List<BallotCast>(mixed.Count);
        var position = length;
        var previous = head;
        foreach (var b in mixed)
        {
            position++;
            var hash = BallotChain.Hash(jornadaId, position, b.OptionId, b.Channel.Code(), b.KioskId, b.Receipt, previous);
            ballots.Add(new BallotCast(jornadaId, position, b.OptionId, b.Channel, b.KioskId, b.Receipt, previous, hash));
            previous = hash;
        }
        return ballots;
    }

    private static List<SealedBallot> Shuffled(IReadOnlyList<SealedBallot> urn)
    {
        var shuffled = urn.ToArray();
        RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        return [.. shuffled];
    }
}

/// <summary>
/// An urn entry fails its authentication tag: someone changed the database. Nothing is mixed, committed or closed
/// for that Jornada until the incident is looked at; the tampering is never absorbed silently.
/// </summary>
public sealed class SealedUrnAlteredException(Guid jornadaId, Guid entryId, Exception inner)
    : Exception($"Sealed urn entry {entryId} of Jornada {jornadaId} fails its integrity check.", inner)
{
    public static readonly Rejection Problem = new("sealed_urn_altered", "Urna sellada alterada",
        "Una boleta de la urna sellada no pasa la verificación de integridad: alguien modificó la base de datos. No se registra, " +
        "mezcla ni cierra nada en esta Jornada hasta que el personal y el IEEQ revisen el incidente.",
        StatusCodes.Status503ServiceUnavailable);
}
