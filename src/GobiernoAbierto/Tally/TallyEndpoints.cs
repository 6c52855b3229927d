using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Tally;

public sealed record ChosenProject(string OptionId, string Title, string Description, decimal EstimatedCost);

/// <summary>
/// What the public sees: turnout while voting is open (never the running count per option, which could sway
/// voters), the count per option once sealed, and the chosen project once staff publish it after IEEQ certifies.
/// </summary>
public sealed record PublicResults(
    Guid JornadaId, string Title, JornadaStatus Status, string StatusLabel, long Turnout,
    IReadOnlyDictionary<string, long> TurnoutByDelegacion, IReadOnlyList<OptionCount>? Options,
    OutcomeKind Outcome, string OutcomeLabel, string? CertifiedBy, ChosenProject? ChosenProject);

public static class TallyEndpoints
{
    [Authorize(Roles = Roles.StaffOrAuditor)]
    [WolverineGet("/api/jornadas/{jornadaId}/tally", OperationId = "GetLiveTally")]
    public static Task<IResult> Live(Guid jornadaId, IQuerySession session, CancellationToken cancellation) =>
        Answers.ReadAsync<JornadaTally>(session, jornadaId, Jornada.NotFound, cancellation);

    [AllowAnonymous]
    [WolverineGet("/api/jornadas/{jornadaId}/results", OperationId = "GetPublicResults")]
    public static async Task<IResult> Public(Guid jornadaId, IQuerySession session, CancellationToken cancellation)
    {
        var tally = await session.LoadAsync<JornadaTally>(jornadaId, cancellation);
        var jornada = await session.LoadAsync<Jornada>(jornadaId, cancellation);
        if (tally is null || jornada is null) return Problems.Result(Jornada.NotFound);
        return Results.Ok(ToPublic(tally, jornada));
    }

    public static PublicResults ToPublic(JornadaTally tally, Jornada jornada)
    {
        var sealed_ = tally.Seal is not null;
        var chosen = jornada.PublishedOptionId is { } id && jornada.FindOption(id) is { } o
            ? new ChosenProject(o.Id, o.Title, o.Description, o.EstimatedCost)
            : null;
        return new PublicResults(tally.Id, tally.Title, tally.Status, StatusLabels.For(tally.Status), tally.Turnout,
            tally.TurnoutByDelegacion, sealed_ ? tally.Options : null, tally.Outcome.Kind, OutcomeLabel(tally.Outcome, tally),
            tally.CertifiedBy, chosen);
    }

    private static string OutcomeLabel(Outcome outcome, JornadaTally tally) => outcome.Kind switch
    {
        OutcomeKind.Pending => "La votación no ha concluido.",
        OutcomeKind.NoBallots => "La Jornada cerró sin votos.",
        OutcomeKind.Tie => "Empate: los dos proyectos obtuvieron los mismos votos. El servicio no rompe empates.",
        _ => $"Mayoría para «{tally.Options.First(o => o.OptionId == outcome.WinnerOptionId).Title}».",
    };
}
