using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Npgsql;

namespace GobiernoAbierto.Voting;

/// <summary>At a kiosk, before the resident chooses: is this identifier on the Jornada's padrón?</summary>
public sealed record CheckVoterRoll(string VoterId);

public sealed class CheckVoterRollValidator : AbstractValidator<CheckVoterRoll>
{
    public CheckVoterRollValidator() =>
        RuleFor(c => c.VoterId).NotEmpty().WithMessage("Escriba su clave de elector o CURP (18 caracteres).")
            .MaximumLength(40).WithMessage("El identificador tiene 18 caracteres; revise lo que escribió.");
}

/// <summary>
/// A clave off the padrón is most often one mistyped character, another well-formed clave that only the roll tells
/// apart: at a kiosk it used to be refused after the resident had chosen and confirmed, and they chose again. The
/// kiosk asks here first. 204 when the roll does not stop the identifier (it is on it, or the Jornada has no roll);
/// else the refusal the ballot would get. Nothing else: not whether it voted (a kiosk's credential copied elsewhere
/// would learn who has voted; the ballot says so, once, to the person in front of the kiosk), not its colonia. Only
/// advice: the group commit checks the roll again with the ballot. A kiosk that could not take the ballot now (closed,
/// not authorized, the Jornada outside its hours) gets the ballot's refusal instead, and learns nothing of the roll.
/// </summary>
public static class CheckVoterRollEndpoint
{
    [Authorize(Roles = Roles.Kiosk + "," + Roles.KioskSetup)]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Checks)]
    // The API's default body limit, not the anonymous ballot's: refused at authorization, a larger body is then read to
    // its end under the endpoint's limit, and past a small one Kestrel cut the connection instead of answering 403.
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(StatusCodes.Status204NoContent)]
    [WolverinePost("/api/jornadas/{jornadaId}/voter-roll-check", OperationId = "CheckVoterRoll")]
    public static async Task<IResult> Post(Guid jornadaId, CheckVoterRoll command, ClaimsPrincipal user, IDocumentStore store, JornadaViews views,
        VoterKeys keys, VotingTables tables, NpgsqlDataSource dataSource, IeeqPresence ieeq, TimeProvider clock, CancellationToken cancellation)
    {
        // The configuration link is let through authorization to be told what it is, as the ballot tells it.
        if (!user.IsInRole(Roles.Kiosk)) return Problems.Result(CastBallotEndpoint.LinkIsNotAKiosk);
        if (user.FindFirst(KioskAuthentication.JornadaClaim)?.Value != jornadaId.ToString())
            return Problems.Result(CastBallotEndpoint.WrongJornadaForKiosk);
        var kioskId = user.FindFirst(KioskAuthentication.KioskClaim)?.Value;
        var authorizes = await ieeq.IsPresentAsync(cancellation);
        Rejection? Closed(Jornada j) =>
            j.CheckOpen(clock.GetUtcNow(), BallotChannel.Kiosk) ?? BallotRules.CheckChannel(j, BallotChannel.Kiosk, kioskId, authorizes);
        if (await views.GetAsync(store, jornadaId, cancellation) is not { } jornada) return Problems.Result(Jornada.NotFound);
        // As the ballot does: the view may be behind an action on another instance; only the Jornada as stored refuses.
        if (Closed(jornada) is not null && (jornada = await views.ReadAsync(store, jornadaId, cancellation)) is null) return Problems.Result(Jornada.NotFound);
        if (Closed(jornada) is { } closed) return Problems.Result(closed);

        var normalized = VoterIdentifier.Normalize(jornada.VoterIdKind, command.VoterId);
        if (!VoterIdentifier.IsValid(jornada.VoterIdKind, normalized)) return Problems.Result(BallotRules.InvalidVoterId(jornada.VoterIdKind));
        // The roll is loaded before the opening, so an open Jornada's view says whether it has one, as the ballot reads it.
        if (!jornada.HasVoterRoll) return Results.NoContent();
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        return await tables.OnRollAsync(connection, jornadaId, keys.VoterKey(jornadaId, normalized), cancellation)
            ? Results.NoContent()
            : Problems.Result(BallotBatch.NotOnRoll);
    }
}
