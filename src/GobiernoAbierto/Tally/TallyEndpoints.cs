using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Tally;

public sealed record ChosenProject(string OptionId, string Title, string Description, decimal EstimatedCost);

/// <summary>
/// The Jornada the municipality called to vote again after this one chose nothing: when it was called, and its voting
/// period (JornadaDetails.WindowLabel) when that Jornada can be read.
/// </summary>
public sealed record NewJornadaCall(Guid JornadaId, DateTimeOffset CalledAt, string? VotingWindowLabel);

/// <summary>
/// What the public sees: turnout while voting is open (never the running count per option, which could sway
/// voters), the count per option once sealed, and the chosen project once staff publish it after IEEQ certifies.
/// After a tie, a Jornada without ballots or one never opened, NewJornadaId is the Jornada the municipality called to vote again.
/// When it all happened, so a resident can tell: the voting period as it was (an early close said), online voting's if it had
/// any, and when the IEEQ certified the count and staff published the chosen project (null until then).
/// </summary>
public sealed record PublicResults(
    Guid JornadaId, string Title, JornadaStatus Status, string StatusLabel, long Turnout,
    IReadOnlyDictionary<string, long> TurnoutByDelegacion, IReadOnlyList<OptionCount>? Options,
    OutcomeKind Outcome, string OutcomeLabel, string? CertifiedBy, ChosenProject? ChosenProject, bool VotingNow,
    string VotingWindowLabel, string? OnlineWindowLabel, DateTimeOffset? CertifiedAt, DateTimeOffset? PublishedAt, bool KioskVoting,
    Guid? NewJornadaId = null);

public static class TallyEndpoints
{
    [Authorize(Roles = Roles.StaffOrAuditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Tally.JornadaTally>(StatusCodes.Status200OK)]
    [WolverineGet("/api/jornadas/{jornadaId}/tally", OperationId = "GetLiveTally")]
    public static async Task<IResult> Live(Guid jornadaId, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<Jornada>(jornadaId, cancellation) is { } jornada
            ? Results.Ok(JornadaTally.Of(jornada))
            : Problems.Result(Jornada.NotFound);

    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Tally.PublicResults>(StatusCodes.Status200OK)]
    [WolverineGet("/api/jornadas/{jornadaId}/results", OperationId = "GetPublicResults")]
    public static async Task<IResult> Public(Guid jornadaId, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var jornada = await session.LoadAsync<Jornada>(jornadaId, cancellation);
        if (jornada is null) return Problems.Result(Jornada.NotFound);
        var tally = JornadaTally.Of(jornada);
        NewJornadaCall? called = null;
        if ((tally.Outcome.Kind is OutcomeKind.Tie or OutcomeKind.NoBallots || jornada.Status == JornadaStatus.Preparing) && jornada.ProcessId is { } processId
            && await session.LoadAsync<Process.ProcessTimeline>(processId, cancellation) is { } process
            && process.EarlierJornadas.FirstOrDefault(e => e.JornadaId == jornada.Id) is { } earlier)
        {
            var next = await session.LoadAsync<Jornada>(earlier.NewJornadaId, cancellation);
            called = new NewJornadaCall(earlier.NewJornadaId, earlier.NewJornadaCalledAt, next is null ? null : JornadaDetails.WindowLabel(next));
        }
        return Results.Ok(ToPublic(tally, jornada, clock.GetUtcNow(), called));
    }

    /// <remarks>VotingNow: ballots are being taken (open, within its hours); the page says it refreshes only then.</remarks>
    /// <param name="called">The Jornada called after this one chose nothing, if one was: its results say so, not that one will be.</param>
    public static PublicResults ToPublic(JornadaTally tally, Jornada jornada, DateTimeOffset now, NewJornadaCall? called = null)
    {
        var sealed_ = tally.Seal is not null;
        var chosen = jornada.PublishedOptionId is { } id && jornada.FindOption(id) is { } o
            ? new ChosenProject(o.Id, o.Title, o.Description, o.EstimatedCost)
            : null;
        return new PublicResults(tally.Id, tally.Title, tally.Status, StatusLabels.For(jornada, now), tally.Turnout,
            tally.TurnoutByDelegacion, sealed_ ? tally.Options : null, tally.Outcome.Kind, OutcomeLabel(tally.Outcome, tally, called, jornada, now),
            tally.CertifiedBy is { } certifiedBy ? Accounts.Account.PublicName(certifiedBy) : null, chosen, StatusLabels.VotingNow(jornada, now),
            JornadaDetails.WindowLabel(jornada), jornada.Online is { } online ? JornadaDetails.OnlineWindowLabel(jornada, online) : null,
            jornada.CertifiedAt, jornada.PublishedAt, jornada.Kiosks.Count > 0, called?.JornadaId);
    }

    /// <summary>
    /// Between the seal and the IEEQ's certification the count is final but not yet official: residents read a winner
    /// that nobody had certified (an outside tester), so the label says what is still missing.
    /// </summary>
    private static string OutcomeLabel(Outcome outcome, JornadaTally tally, NewJornadaCall? called, Jornada jornada, DateTimeOffset now) => outcome.Kind switch
    {
        // A process's Jornada whose period ended before it opened can no longer open: it read «no ha concluido» for good,
        // while the Municipio was to call another, as after a tie (CallNewJornadaEndpoint.WhyVoteAgain).
        OutcomeKind.Pending when jornada.ProcessId is not null && Process.CallNewJornadaEndpoint.WhyVoteAgain(jornada, now) is not null =>
            "La Jornada no se abrió y su periodo de votación terminó, así que ningún proyecto resulta elegido. " + WhatDecides(called),
        // One outside a process the same, without the new Jornada a process calls.
        OutcomeKind.Pending when Process.CallNewJornadaEndpoint.WhyVoteAgain(jornada, now) is not null =>
            "La Jornada no se abrió y su periodo de votación terminó: no hubo votación, así que ningún proyecto resulta elegido.",
        OutcomeKind.Pending => "La votación no ha concluido.",
        OutcomeKind.NoBallots when tally.CertifiedBy is null => "La Jornada cerró sin votos.",
        // As after a tie, the municipality calls a new Jornada with the same finalists (CallNewJornadaEndpoint.WhyVoteAgain).
        OutcomeKind.NoBallots => "La Jornada cerró sin votos, así que ningún proyecto resulta elegido. " + WhatDecides(called),
        OutcomeKind.Tie when tally.CertifiedBy is null => "Empate en el cómputo sellado: los dos proyectos obtuvieron los mismos votos. " + Uncertified,
        OutcomeKind.Tie => "Empate: los dos proyectos obtuvieron los mismos votos, así que ninguno resulta elegido. " + WhatDecides(called),
        _ when tally.CertifiedBy is null => $"«{tally.Options.First(o => o.OptionId == outcome.WinnerOptionId).Title}» obtuvo la mayoría de los votos en el cómputo sellado. {Uncertified}",
        _ => $"«{tally.Options.First(o => o.OptionId == outcome.WinnerOptionId).Title}» obtuvo la mayoría de los votos.",
    };

    /// <summary>
    /// Who decides instead: a new Jornada, to be called, or called already. Once staff called it, «convocará» stayed on this
    /// Jornada's results for good (a reviewer); they say when it was called, and when it votes.
    /// </summary>
    private static string WhatDecides(NewJornadaCall? called) => called switch
    {
        null => "El Municipio convocará una nueva Jornada para decidir.",
        { VotingWindowLabel: { } window } =>
            $"El {QueretaroTime.Format(called.CalledAt)} el Municipio convocó una nueva Jornada para decidir; su periodo de votación: {window} (hora del centro de México).",
        _ => $"El {QueretaroTime.Format(called.CalledAt)} (hora del centro de México) el Municipio convocó una nueva Jornada para decidir.",
    };

    private const string Uncertified = "Aún no es el resultado oficial: falta que el IEEQ certifique el cómputo.";
}
