using System.Security.Cryptography;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Voting;

/// <summary>A ballot that passed the request-level rules and waits for the next group commit.</summary>
/// <param name="ColoniaId">What the voter said; ignored when the roll gives each voter's colonia.</param>
/// <param name="CodeVerifier">Online: the verifier of the voting code the voter typed, checked again under the lock.</param>
public sealed record PendingBallot(
    Guid JornadaId,
    string VoterKey,
    string? ColoniaId,
    string OptionId,
    BallotChannel Channel,
    string? KioskId,
    string? IdempotencyLookup,
    byte[]? ReplayKey,
    string? CodeVerifier = null);

public abstract record BallotOutcome
{
    /// <summary>Counted now; the receipt is the voter's proof.</summary>
    public sealed record Counted(string Receipt) : BallotOutcome;

    /// <summary>A retry of a submission already counted: the same receipt, no second ballot.</summary>
    public sealed record Replayed(string Receipt) : BallotOutcome;

    public sealed record Refused(Rejection Rejection) : BallotOutcome;
}

/// <summary>A stored idempotency record: looked up by an HMAC of the key, the receipt sealed with AES-GCM.</summary>
public sealed record IdempotencyRecord(string Lookup, byte[] SealedReceipt);

/// <summary>Who took part and where they live: never what they chose.</summary>
public sealed record Participation(string VoterKey, string ColoniaId);

/// <summary>How and on which day (Querétaro) a voter took part: sealed before it is stored (ParticipationNotes).</summary>
public sealed record ParticipationNote(string VoterKey, BallotChannel Channel, DateOnly Day);

/// <summary>
/// What one group commit writes, in one transaction: the participations, the ballots that go into the chain now
/// (a mix), the new ballots that stay in the sealed urn, and the urn entries the mix took out.
/// </summary>
public sealed record BatchWrite(
    IReadOnlyList<Participation> Participations,
    IReadOnlyList<BallotCast> Ballots,
    TurnoutRecorded? Turnout,
    IReadOnlyList<IdempotencyRecord> IdempotencyRecords,
    IReadOnlyList<SealedBallot> Sealed,
    IReadOnlyList<Guid> Unsealed,
    IReadOnlyList<ParticipationNote> Notes);

/// <summary>
/// What the group commit knows of a voter's online credential: the code's verifier and those of every code a reissued
/// letter replaced (RevokedVerifiers: space-separated, oldest first; null when the letter was never reissued).
/// </summary>
public sealed record StoredCredential(string? Verifier, string? RevokedVerifiers)
{
    /// <summary>
    /// The online rule, for a ballot and the participation check alike: a verifier that is not the stored one is a wrong
    /// code, or a code a reissued letter revoked (any of them: after two reissues the first code must still say so, or
    /// its holder would be told they mistyped it); the same answer whether the identifier is on the roll or not (null stored).
    /// </summary>
    public static Rejection? Check(StoredCredential? stored, string? verifier, VoterIdKind kind) =>
        VotingCredentials.Same(stored?.Verifier, verifier) ? null
        : (stored?.RevokedVerifiers?.Split(' ') ?? []).Any(revoked => VotingCredentials.Same(revoked, verifier)) ? VotingCredentials.Revoked
        : VotingCredentials.Invalid(kind);
}

/// <summary>
/// The group-commit decision, pure: given the Jornada as locked, who already took part, the roll and earlier
/// idempotency records, it decides each pending ballot and produces the rows and events to write. Everything the
/// request path checked against its own view of the Jornada (JornadaViews, which may be behind another instance) is
/// checked again here, against the locked Jornada: open, window, kiosk registered and still active, the option on the
/// ballot; the roll and the credential are read here in the first place. This check is the authority.
/// Accepted ballots join the sealed urn; the mixing rule (Mixing.Choose) says which urn entries go into the chain,
/// shuffled with a cryptographic RNG before they get positions. Participations are written in voter-key order, so
/// neither order nor position pairs a ballot with its voter.
/// </summary>
public static class BallotBatch
{
    public static readonly Rejection AlreadyVoted = new("already_voted", "Ya participó",
        "Esta persona ya emitió su voto en esta Jornada. Cada persona vota una sola vez, en kiosco o en línea.");

    public static readonly Rejection NotOnRoll = new("not_on_voter_roll", "Fuera del padrón",
        "El identificador no aparece en el padrón de participantes de esta Jornada. Acuda al módulo de atención.",
        StatusCodes.Status403Forbidden);

    public static readonly Rejection ColoniaRequired = Rejection.Invalid("colonia_required",
        "Elija su colonia: esta Jornada no tiene un padrón que la diga.");

    public static readonly Rejection IdempotencyKeyReused = new("idempotency_key_reused", "Clave de reintento ya usada",
        "La clave Idempotency-Key ya se usó para otra persona. Genere una clave nueva para cada votante.",
        StatusCodes.Status422UnprocessableEntity);

    public static readonly Rejection IdempotencyKeyOtherBallot = new("idempotency_key_other_ballot", "Clave de reintento de otro voto",
        "La clave Idempotency-Key ya se usó con otra elección o colonia. Un reintento envía exactamente el mismo voto: el " +
        "primero pudo haberse registrado, y un voto registrado no se cambia.",
        StatusCodes.Status422UnprocessableEntity);

    public static (IReadOnlyList<BallotOutcome> Outcomes, BatchWrite Write) Decide(
        Jornada jornada,
        DateTimeOffset now,
        IReadOnlyList<PendingBallot> pending,
        IReadOnlySet<string> alreadyVoted,
        IReadOnlyDictionary<string, string?>? roll,
        IReadOnlyDictionary<string, byte[]> storedReplays,
        bool ieeqAuthorizesKiosks,
        IReadOnlyList<SealedBallot>? urn = null,
        int mixSize = 0,
        IReadOnlyDictionary<string, StoredCredential>? credentials = null)
    {
        var outcomes = new BallotOutcome?[pending.Count];

        var accepted = new List<int>();
        var takenInThisBatch = new Dictionary<string, int>();      // voter key -> index that took it
        var replayOfFirst = new Dictionary<int, int>();             // follower index -> first index (same idempotency key)
        var firstByLookup = new Dictionary<string, int>();

        for (var i = 0; i < pending.Count; i++)
        {
            var ballot = pending[i];
            if (BallotRules.Closed(jornada, now, ballot.Channel, ballot.KioskId, ieeqAuthorizesKiosks) is { } refused)
            {
                // A retry of a ballot counted before the close (its answer lost in the last seconds) still gets its
                // receipt: told «no se reciben más votos», its voter believed it did not count (an outside tester).
                outcomes[i] = ReplayOf(ballot, storedReplays, credentials, jornada.VoterIdKind) is { } receipt
                    ? new BallotOutcome.Replayed(receipt)
                    : new BallotOutcome.Refused(refused);
                continue;
            }
            if (jornada.FindOption(ballot.OptionId) is null)
            {
                outcomes[i] = new BallotOutcome.Refused(BallotRules.UnknownOption(jornada, ballot.OptionId));
                continue;
            }

            // Online, the credential first, a retry's too (its receipt is not given back for a wrong code): someone off the
            // roll has no code, and gets the answer a wrong code gets.
            if (ballot.Channel == BallotChannel.Online && CheckCredential(credentials?.GetValueOrDefault(ballot.VoterKey), ballot, jornada.VoterIdKind) is { } wrong)
            {
                outcomes[i] = wrong;
                continue;
            }

            // A retry gets the first submission's receipt only if it is the same ballot: the same voter (the record opens
            // only with their voter key), the same option and colonia (its digest is sealed in the record). A resident
            // who changed their choice after a submission whose answer was lost must not be told the new one counted.
            if (ballot.IdempotencyLookup is { } lookup)
            {
                if (storedReplays.TryGetValue(lookup, out var sealedReceipt))
                {
                    outcomes[i] = Unseal(sealedReceipt, ballot.ReplayKey!) switch
                    {
                        null => new BallotOutcome.Refused(IdempotencyKeyReused),
                        { BallotDigest: { } digest } when digest != BallotDigest(ballot) => new BallotOutcome.Refused(IdempotencyKeyOtherBallot),
                        var replay => new BallotOutcome.Replayed(replay.Receipt),
                    };
                    continue;
                }
                if (firstByLookup.TryGetValue(lookup, out var first))
                {
                    if (pending[first].VoterKey != ballot.VoterKey) outcomes[i] = new BallotOutcome.Refused(IdempotencyKeyReused);
                    else if (BallotDigest(pending[first]) != BallotDigest(ballot)) outcomes[i] = new BallotOutcome.Refused(IdempotencyKeyOtherBallot);
                    else replayOfFirst[i] = first;
                    continue;
                }
                firstByLookup[lookup] = i;
            }
            if (roll is not null && !roll.ContainsKey(ballot.VoterKey)) { outcomes[i] = new BallotOutcome.Refused(NotOnRoll); continue; }
            if (ColoniaOf(jornada, ballot, roll) is null) { outcomes[i] = new BallotOutcome.Refused(ColoniaRequired); continue; }
            if (alreadyVoted.Contains(ballot.VoterKey) || !takenInThisBatch.TryAdd(ballot.VoterKey, i))
            {
                outcomes[i] = new BallotOutcome.Refused(AlreadyVoted);
                continue;
            }
            accepted.Add(i);
        }

        var receipts = accepted.ToDictionary(i => i, _ => ReceiptCode.New());
        foreach (var i in accepted) outcomes[i] = new BallotOutcome.Counted(receipts[i]);
        foreach (var (follower, first) in replayOfFirst)
            outcomes[follower] = outcomes[first] switch
            {
                BallotOutcome.Counted counted => new BallotOutcome.Replayed(counted.Receipt),
                var other => other,
            };

        var added = accepted
            .Select(i => new SealedBallot(Guid.NewGuid(), pending[i].OptionId, pending[i].Channel, pending[i].KioskId, receipts[i]))
            .ToList();
        var earlier = urn ?? [];
        var (mixed, kept) = Mixing.Choose([.. earlier, .. added], mixSize, closing: false);
        var addedIds = added.Select(a => a.Id).ToHashSet();

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, QueretaroTime.Zone).DateTime);
        var colonias = accepted.ToDictionary(i => i, i => ColoniaOf(jornada, pending[i], roll)!);
        var participations = accepted
            .Select(i => new Participation(pending[i].VoterKey, colonias[i].Id))
            .OrderBy(p => p.VoterKey, StringComparer.Ordinal)
            .ToList();
        var notes = accepted.Select(i => new ParticipationNote(pending[i].VoterKey, pending[i].Channel, day)).ToList();

        var turnout = accepted.Count == 0 ? null : new TurnoutRecorded(jornada.Id,
            accepted.GroupBy(i => colonias[i].Id).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            accepted.GroupBy(i => colonias[i].DelegacionId).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));

        var idempotency = accepted
            .Where(i => pending[i].IdempotencyLookup is not null)
            .Select(i => new IdempotencyRecord(pending[i].IdempotencyLookup!, Seal(receipts[i], BallotDigest(pending[i]), pending[i].ReplayKey!)))
            .OrderBy(r => r.Lookup, StringComparer.Ordinal)
            .ToList();

        return (outcomes.Select(o => o!).ToList(), new BatchWrite(participations, Mixing.Chain(jornada.Id, jornada.BallotCount, jornada.ChainHead, mixed), turnout, idempotency,
            kept.Where(k => addedIds.Contains(k.Id)).ToList(),
            mixed.Where(m => !addedIds.Contains(m.Id)).Select(m => m.Id).ToList(), notes));
    }

    /// <summary>Online, under the Jornada's lock (StoredCredential.Check).</summary>
    private static BallotOutcome.Refused? CheckCredential(StoredCredential? stored, PendingBallot ballot, VoterIdKind kind) =>
        StoredCredential.Check(stored, ballot.CodeVerifier, kind) is { } refusal ? new(refusal) : null;

    /// <summary>The voter's colonia: the roll's when the roll gives one (not what the voter typed), else what they chose.</summary>
    private static Territory.Colonia? ColoniaOf(Jornada jornada, PendingBallot ballot, IReadOnlyDictionary<string, string?>? roll) =>
        jornada.Territory.FindColonia(roll?.GetValueOrDefault(ballot.VoterKey) ?? ballot.ColoniaId);

    /// <summary>
    /// What a retry must repeat besides the voter: the option and the colonia as sent, hashed to a fixed length so the
    /// sealed record's size says nothing about them.
    /// </summary>
    public static string BallotDigest(PendingBallot ballot) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{ballot.OptionId}\n{ballot.ColoniaId}")).AsSpan(0, 16));

    /// <summary>
    /// The receipt of the ballot this one retries, when it is exactly that ballot (the same voter, with their code
    /// online, the same option and colonia); null otherwise. Only for a Jornada or kiosk that takes no more ballots:
    /// while it does, Decide answers a retry with the precise refusal (another voter's key, another ballot).
    /// </summary>
    private static string? ReplayOf(PendingBallot ballot, IReadOnlyDictionary<string, byte[]> storedReplays,
        IReadOnlyDictionary<string, StoredCredential>? credentials, VoterIdKind kind)
    {
        if (ballot.IdempotencyLookup is not { } lookup || !storedReplays.TryGetValue(lookup, out var sealedReceipt)) return null;
        if (ballot.Channel == BallotChannel.Online && CheckCredential(credentials?.GetValueOrDefault(ballot.VoterKey), ballot, kind) is not null) return null;
        return Unseal(sealedReceipt, ballot.ReplayKey!) is { } replay && (replay.BallotDigest is null || replay.BallotDigest == BallotDigest(ballot))
            ? replay.Receipt
            : null;
    }

    /// <summary>What a replay record holds: the receipt, and the ballot's digest (null in a record from before it was kept).</summary>
    public sealed record SealedReplay(string Receipt, string? BallotDigest);

    /// <summary>AES-256-GCM: 12-byte nonce, then ciphertext ("receipt\ndigest"), then 16-byte tag.</summary>
    public static byte[] Seal(string receipt, string ballotDigest, byte[] key)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes($"{receipt}\n{ballotDigest}");
        var output = new byte[12 + plain.Length + 16];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(12, plain.Length), output.AsSpan(12 + plain.Length));
        return output;
    }

    /// <summary>The record opened with the replay key; null when it does not open (another voter's key, or altered).</summary>
    public static SealedReplay? Unseal(byte[] sealedReceipt, byte[] key)
    {
        if (sealedReceipt.Length < 28) return null;
        var plain = new byte[sealedReceipt.Length - 28];
        using var aes = new AesGcm(key, 16);
        try
        {
            aes.Decrypt(sealedReceipt.AsSpan(0, 12), sealedReceipt.AsSpan(12, plain.Length), sealedReceipt.AsSpan(12 + plain.Length), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null; // the same idempotency key, but another voter
        }
        var text = System.Text.Encoding.UTF8.GetString(plain).Split('\n');
        return new SealedReplay(text[0], text.Length > 1 ? text[1] : null);
    }
}
