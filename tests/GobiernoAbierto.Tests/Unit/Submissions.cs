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
        IdempotencyLookup = Keys.IdempotencyLookup(ballot.JornadaId, idempotencyKey),
        ReplayKey = Keys.ReplayKey(idempotencyKey, ballot.VoterKey),
    };

    private static PendingBallot Pending(Jornada jornada, string voterKey, string optionId, string coloniaId,
        BallotChannel channel, string? kioskId)
    {
        var colonia = jornada.Territory.FindColonia(coloniaId) ?? throw new ArgumentException($"No colonia {coloniaId}.");
        return new PendingBallot(jornada.Id, voterKey, colonia.Id, colonia.DelegacionId, optionId, channel, kioskId, null, null);
    }

    public static (IReadOnlyList<BallotOutcome> Outcomes, BatchWrite Write) Decide(
        Jornada jornada,
        IReadOnlyList<PendingBallot> pending,
        IEnumerable<string>? alreadyVoted = null,
        IEnumerable<string>? roll = null,
        IEnumerable<IdempotencyRecord>? stored = null,
        DateTimeOffset? now = null) =>
        BallotBatch.Decide(jornada, now ?? JornadaBuilder.During, pending,
            (alreadyVoted ?? []).ToHashSet(StringComparer.Ordinal),
            roll?.ToHashSet(StringComparer.Ordinal),
            (stored ?? []).ToDictionary(r => r.Lookup, r => r.SealedReceipt, StringComparer.Ordinal));

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
