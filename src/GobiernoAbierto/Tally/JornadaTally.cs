using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Tally;

public sealed record OptionCount(string OptionId, string Title, long Votes);

/// <summary>
/// Live tally of a Jornada, kept inline with every group commit, so reading it is one row however many ballots.
/// Turnout by colonia and delegación comes from participation (TurnoutRecorded); per option, channel and kiosk from
/// the anonymous ballots. The two are never joined.
/// </summary>
public sealed record JornadaTally
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public JornadaStatus Status { get; init; }
    public long TotalBallots { get; init; }
    public IReadOnlyList<OptionCount> Options { get; init; } = [];
    public IReadOnlyDictionary<string, long> ByChannel { get; init; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> ByKiosk { get; init; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> TurnoutByColonia { get; init; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> TurnoutByDelegacion { get; init; } = new Dictionary<string, long>();
    public string ChainHead { get; init; } = "";

    /// <summary>How many people have voted: every accepted ballot, in the chain or still in the sealed urn.</summary>
    public long Turnout => TurnoutByDelegacion.Values.Sum();

    /// <summary>Ballots registered (in turnout) but still in the sealed urn, waiting for the next mix or the close.</summary>
    public long InSealedUrn => Turnout - TotalBallots;

    public Outcome Outcome { get; init; } = Outcome.Pending;
    public JornadaSeal? Seal { get; init; }
    public string? CertifiedBy { get; init; }
    public string? PublishedOptionId { get; init; }

    public static JornadaTally Create(JornadaCreated e) => new() { Id = e.JornadaId, Title = e.Title };

    public JornadaTally Apply(BallotOptionsSet e) => this with
    {
        Options = e.Options.Select(o => new OptionCount(o.Id, o.Title, 0)).ToList(),
    };

    public JornadaTally Apply(JornadaOpened _) => this with { Status = JornadaStatus.Open };

    public JornadaTally Apply(BallotCast e) => this with
    {
        TotalBallots = TotalBallots + 1,
        Options = Options.Select(o => o.OptionId == e.OptionId ? o with { Votes = o.Votes + 1 } : o).ToList(),
        ByChannel = Increment(ByChannel, e.Channel.Code(), 1),
        ByKiosk = e.KioskId is null ? ByKiosk : Increment(ByKiosk, e.KioskId, 1),
        ChainHead = e.Hash,
    };

    public JornadaTally Apply(TurnoutRecorded e)
    {
        var colonias = TurnoutByColonia;
        foreach (var (colonia, n) in e.ByColonia) colonias = Increment(colonias, colonia, n);
        var delegaciones = TurnoutByDelegacion;
        foreach (var (delegacion, n) in e.ByDelegacion) delegaciones = Increment(delegaciones, delegacion, n);
        return this with { TurnoutByColonia = colonias, TurnoutByDelegacion = delegaciones };
    }

    public JornadaTally Apply(JornadaClosed e) => this with
    {
        Status = JornadaStatus.Closed,
        Seal = e.Seal,
        Outcome = Outcome.From(e.Seal.Counts),
    };

    public JornadaTally Apply(TallyCertified e) => this with { Status = JornadaStatus.Certified, CertifiedBy = e.CertifiedBy };

    public JornadaTally Apply(ChosenProjectPublished e) => this with { Status = JornadaStatus.Published, PublishedOptionId = e.OptionId };

    private static IReadOnlyDictionary<string, long> Increment(IReadOnlyDictionary<string, long> counts, string key, long by)
    {
        var copy = new Dictionary<string, long>(counts);
        copy[key] = copy.GetValueOrDefault(key) + by;
        return copy;
    }
}
