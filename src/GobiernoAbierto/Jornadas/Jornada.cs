using GobiernoAbierto.Ballots;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Jornadas;

// The Jornada de Participación: its events and the aggregate they build. One event stream per Jornada holds
// everything that happens to it, staff actions and ballots (Ballots.BallotCast) alike, so the ballot chain and the
// seal live in one ordered place. Every event carries the JornadaId (its grouping key) and, for human actions, who
// and when. The lifecycle, in this folder: create, set the options, register and close kiosks, load the roll, open,
// close (seal), certify (IEEQ), publish.

public enum JornadaStatus { Preparing, Open, Closed, Certified, Published }

/// <summary>One of the two public works on the ballot. Id is "A" or "B".</summary>
public sealed record BallotOption(string Id, string Title, string Description, decimal EstimatedCost, Guid? ProposalId = null);

public sealed record Kiosk(string Id, string Name, string Location, bool Active);

/// <summary>What closing fixes for good: how many ballots, the chain's last hash and the count per option.</summary>
public sealed record JornadaSeal(long BallotCount, string FinalHash, IReadOnlyDictionary<string, long> Counts);

public enum OutcomeKind { Pending, Winner, Tie, NoBallots }

/// <summary>
/// The result once the Jornada is closed. Tie rule: a tie is reported as a tie and nothing is published; the
/// service never breaks it (no coin toss, no "first to reach"): the municipality must call a new Jornada.
/// </summary>
public sealed record Outcome(OutcomeKind Kind, string? WinnerOptionId)
{
    public static readonly Outcome Pending = new(OutcomeKind.Pending, null);

    public static Outcome From(IReadOnlyDictionary<string, long> counts)
    {
        var total = counts.Values.Sum();
        if (total == 0) return new(OutcomeKind.NoBallots, null);
        var top = counts.Values.Max();
        var leaders = counts.Where(c => c.Value == top).Select(c => c.Key).ToList();
        return leaders.Count == 1 ? new(OutcomeKind.Winner, leaders[0]) : new(OutcomeKind.Tie, null);
    }
}

public sealed record JornadaCreated(
    Guid JornadaId, string Title, DateTimeOffset VotingOpensAt, DateTimeOffset VotingClosesAt, VoterIdKind VoterIdKind,
    IReadOnlyList<Delegacion> Delegaciones, IReadOnlyList<Colonia> Colonias, Guid? ProcessId,
    string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Source says where the options came from: "staff" (set by hand) or "shortlist" (the work tables).</summary>
public sealed record BallotOptionsSet(Guid JornadaId, IReadOnlyList<BallotOption> Options, string Source, string SetBy, DateTimeOffset SetAt);

/// <summary>CredentialHash is SHA-256 of the kiosk's device token; the token itself is shown once and never stored.</summary>
public sealed record KioskRegistered(Guid JornadaId, string KioskId, string Name, string Location, string CredentialHash,
    string RegisteredBy, DateTimeOffset RegisteredAt);

public sealed record KioskClosed(Guid JornadaId, string KioskId, string ClosedBy, DateTimeOffset ClosedAt);

/// <summary>A roll of eligible voters was loaded; the entries (voter keys) live in the voter_roll table.</summary>
public sealed record VoterRollLoaded(Guid JornadaId, int Entries, string RollDigest, string LoadedBy, DateTimeOffset LoadedAt);

public sealed record JornadaOpened(Guid JornadaId, string OpenedBy, DateTimeOffset OpenedAt);

public sealed record JornadaClosed(Guid JornadaId, JornadaSeal Seal, string ClosedBy, DateTimeOffset ClosedAt);

public sealed record TallyCertified(Guid JornadaId, string SealHash, string CertifiedBy, string? Observations, DateTimeOffset CertifiedAt);

public sealed record ChosenProjectPublished(Guid JornadaId, string OptionId, string Title, string PublishedBy, DateTimeOffset PublishedAt);

/// <summary>The write model: what the rules need to decide. Kept as an inline snapshot, so loading it is one row.</summary>
public sealed record Jornada
{
    public const string NotFoundMessage = "No existe una Jornada con ese identificador.";
    public static readonly Rejection NotFound = Rejection.NotFound("una Jornada con ese identificador");

    public Guid Id { get; init; }
    public int Version { get; init; }
    public string Title { get; init; } = "";
    public Guid? ProcessId { get; init; }
    public JornadaStatus Status { get; init; }
    public DateTimeOffset VotingOpensAt { get; init; }
    public DateTimeOffset VotingClosesAt { get; init; }
    public VoterIdKind VoterIdKind { get; init; }
    public Territory.Territory Territory { get; init; } = new([], []);
    public IReadOnlyList<BallotOption> Options { get; init; } = [];
    public IReadOnlyList<Kiosk> Kiosks { get; init; } = [];
    public bool HasVoterRoll { get; init; }
    public long BallotCount { get; init; }
    public string ChainHead { get; init; } = BallotChain.Genesis;
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();
    public JornadaSeal? Seal { get; init; }
    public string? PublishedOptionId { get; init; }

    public Kiosk? FindKiosk(string? id) => Kiosks.FirstOrDefault(k => k.Id == id);
    public BallotOption? FindOption(string? id) => Options.FirstOrDefault(o => string.Equals(o.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the Jornada takes ballots at this instant: open, and inside its window; if not, why.</summary>
    public Rejection? CheckOpen(DateTimeOffset now)
    {
        if (Status == JornadaStatus.Preparing)
            return new("jornada_not_open", "La Jornada aún no abre",
                $"La votación de «{Title}» todavía no ha sido abierta por el personal municipal.");
        if (Status != JornadaStatus.Open)
            return new("jornada_closed", "La Jornada ya cerró",
                $"La votación de «{Title}» ya fue cerrada; no se reciben más votos.");
        if (now < VotingOpensAt || now >= VotingClosesAt)
            return new("outside_voting_window", "Fuera del horario de votación",
                $"Solo se reciben votos del {QueretaroTime.Format(VotingOpensAt)} al {QueretaroTime.Format(VotingClosesAt)} (hora del centro de México).");
        return null;
    }

    public static Jornada Create(JornadaCreated e) => new()
    {
        Id = e.JornadaId,
        Title = e.Title,
        ProcessId = e.ProcessId,
        Status = JornadaStatus.Preparing,
        VotingOpensAt = e.VotingOpensAt,
        VotingClosesAt = e.VotingClosesAt,
        VoterIdKind = e.VoterIdKind,
        Territory = new Territory.Territory(e.Delegaciones, e.Colonias),
    };

    public Jornada Apply(BallotOptionsSet e) => this with
    {
        Options = e.Options,
        Counts = e.Options.ToDictionary(o => o.Id, _ => 0L),
    };

    public Jornada Apply(KioskRegistered e) => this with { Kiosks = [.. Kiosks, new Kiosk(e.KioskId, e.Name, e.Location, true)] };

    public Jornada Apply(KioskClosed e) => this with
    {
        Kiosks = Kiosks.Select(k => k.Id == e.KioskId ? k with { Active = false } : k).ToList(),
    };

    public Jornada Apply(VoterRollLoaded _) => this with { HasVoterRoll = true };

    public Jornada Apply(JornadaOpened _) => this with { Status = JornadaStatus.Open };

    public Jornada Apply(BallotCast e)
    {
        var counts = new Dictionary<string, long>(Counts);
        counts[e.OptionId] = counts.GetValueOrDefault(e.OptionId) + 1;
        return this with { BallotCount = e.Position, ChainHead = e.Hash, Counts = counts };
    }

    public Jornada Apply(JornadaClosed e) => this with { Status = JornadaStatus.Closed, Seal = e.Seal };

    public Jornada Apply(TallyCertified _) => this with { Status = JornadaStatus.Certified };

    public Jornada Apply(ChosenProjectPublished e) => this with { Status = JornadaStatus.Published, PublishedOptionId = e.OptionId };
}
