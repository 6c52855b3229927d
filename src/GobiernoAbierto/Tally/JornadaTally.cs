using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Tally;

public sealed record OptionCount(string OptionId, string Title, long Votes);

/// <summary>
/// Live tally of a Jornada: a view of the Jornada's own inline snapshot, so reading it is one row however many ballots,
/// and a group commit loads and writes one document under the Jornada's lock, not two. Turnout by colonia and
/// delegación comes from participation (TurnoutRecorded); per option, channel and kiosk from the anonymous ballots. The
/// two are never joined.
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

    public static JornadaTally Of(Jornada jornada) => new()
    {
        Id = jornada.Id,
        Title = jornada.Title,
        Status = jornada.Status,
        TotalBallots = jornada.BallotCount,
        Options = jornada.Options.Select(o => new OptionCount(o.Id, o.Title, jornada.Counts.GetValueOrDefault(o.Id))).ToList(),
        ByChannel = jornada.ByChannel,
        ByKiosk = jornada.ByKiosk,
        TurnoutByColonia = jornada.TurnoutByColonia,
        TurnoutByDelegacion = jornada.TurnoutByDelegacion,
        ChainHead = jornada.BallotCount == 0 ? "" : jornada.ChainHead,
        Outcome = jornada.Seal is { } seal ? Outcome.From(seal.Counts) : Outcome.Pending,
        Seal = jornada.Seal,
        CertifiedBy = jornada.CertifiedBy,
        PublishedOptionId = jornada.PublishedOptionId,
    };
}
