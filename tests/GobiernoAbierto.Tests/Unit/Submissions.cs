using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>Pending ballots as the cast-ballot endpoint builds them, with real voter keys and idempotency keys.</summary>
internal static class Submissions
{
    public static readonly VoterKeys Keys = new(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    /// <summary>The voter key of the n-th made-up person in this Jornada.</summary>
    public static string Voter(Jornada jornada, int n) => Keys.VoterKey(jornada.Id, Voters.Clave(n));

    public static PendingBallot Online(Jornada jornada, string voterKey, string optionId = "A", string coloniaId = "loma-bonita") =>
        Pending(jornada, voterKey, optionId, coloniaId, BallotChannel.Online, null);

    public static PendingBallot AtKiosk(Jornada jornada, string kioskId, string voterKey, string optionId = "A",
        string coloniaId = "loma-bonita") =>
        Pending(jornada, voterKey, optionId, coloniaId, BallotChannel.Kiosk, kioskId);

    public static PendingBallot WithIdempotencyKey(this PendingBallot ballot, string idempotencyKey) => ballot with
    {
        IdempotencyLookup = Keys.IdempotencyLookup(ballot.JornadaId, ballot.KioskId, idempotencyKey),
        ReplayKey = Keys.ReplayKey(idempotencyKey, ballot.VoterKey),
    };

    private static PendingBallot Pending(Jornada jornada, string voterKey, string optionId, string coloniaId,
        BallotChannel channel, string? kioskId)
    {
        var colonia = jornada.Territory.FindColonia(coloniaId) ?? throw new ArgumentException($"No colonia {coloniaId}.");
        return new PendingBallot(jornada.Id, voterKey, colonia.Id, optionId, channel, kioskId, null, null,
            channel == BallotChannel.Online ? CodeVerifier(jornada, voterKey) : null);
    }

    /// <summary>The verifier of the voting code every made-up online voter typed correctly.</summary>
    public static string CodeVerifier(Jornada jornada, string voterKey) => Keys.CodeVerifier(jornada.Id, voterKey, "0123456789ABCDEF");

    public static (IReadOnlyList<BallotOutcome> Outcomes, BatchWrite Write) Decide(
        Jornada jornada,
        IReadOnlyList<PendingBallot> pending,
        IEnumerable<string>? alreadyVoted = null,
        IEnumerable<string>? roll = null,
        IEnumerable<IdempotencyRecord>? stored = null,
        DateTimeOffset? now = null,
        IReadOnlyDictionary<string, StoredCredential>? credentials = null,
        bool ieeqAuthorizesKiosks = true) =>
        BallotBatch.Decide(jornada, now ?? JornadaBuilder.During, pending,
            (alreadyVoted ?? []).ToHashSet(StringComparer.Ordinal),
            roll?.Distinct().ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal),
            (stored ?? []).ToDictionary(r => r.Lookup, r => r.SealedReceipt, StringComparer.Ordinal),
            ieeqAuthorizesKiosks,
            credentials: credentials ?? pending.Where(p => p.Channel == BallotChannel.Online).DistinctBy(p => p.VoterKey)
                .ToDictionary(p => p.VoterKey, p => new StoredCredential(CodeVerifier(jornada, p.VoterKey), null)));

    public static string ReceiptOf(BallotOutcome outcome) => outcome switch
    {
        BallotOutcome.Counted c => c.Receipt,
        _ => throw new Xunit.Sdk.XunitException($"Expected the ballot to be counted, got {outcome}."),
    };

    public static string RefusalOf(BallotOutcome outcome) => outcome switch
    {
        BallotOutcome.Refused r => r.Rejection.Code,
        _ => throw new Xunit.Sdk.XunitException($"Expected the ballot to be refused, got {outcome}."),
    };
}
