using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Voting;

/// <summary>
/// A ballot. At a kiosk (its device credential) the operator has seen the voter's INE card; online the voter adds the
/// voting code of their letter. The colonia is the roll's when the roll gives it; otherwise the voter chooses it.
/// </summary>
public sealed record CastBallot(string VoterId, string? ColoniaId, string OptionId, string? VotingCode = null);

public sealed class CastBallotValidator : AbstractValidator<CastBallot>
{
    public CastBallotValidator()
    {
        RuleFor(c => c.VoterId).NotEmpty().WithMessage("Escriba su clave de elector o CURP (18 caracteres).")
            .MaximumLength(40).WithMessage("El identificador tiene 18 caracteres; revise lo que escribió.");
        RuleFor(c => c.ColoniaId).MaximumLength(64).WithMessage("Elija su colonia de la lista.");
        RuleFor(c => c.OptionId).NotEmpty().WithMessage("Elija uno de los dos proyectos.").MaximumLength(8).WithMessage("Elija uno de los dos proyectos.");
        RuleFor(c => c.VotingCode).MaximumLength(40).WithMessage("El código de votación tiene 16 caracteres; revise lo que escribió.");
    }
}

/// <summary>The voter's proof: a receipt code that says "counted", never the choice. CheckUrl is the public page that checks it.</summary>
public sealed record BallotReceipt(Guid JornadaId, string Receipt, string Message, string CheckUrl);

public static class CastBallotEndpoint
{
    public static readonly Rejection LinkIsNotAKiosk = new("kiosk_not_configured", "Kiosco sin configurar",
        "Esta es la credencial del enlace de configuración del kiosco, que no vota: abra el enlace (kiosco.html#configurar=…) en el equipo " +
        "del kiosco, que lo cambia, una sola vez, por una credencial propia.", StatusCodes.Status403Forbidden);

    public static readonly Rejection WrongJornadaForKiosk = new("kiosk_not_registered", "Kiosco de otra Jornada",
        "La credencial de este kiosco pertenece a otra Jornada.", StatusCodes.Status403Forbidden);

    /// <remarks>
    /// Anyone may call it: a kiosk's credential makes it a kiosk ballot; without one it is an online ballot, which needs
    /// the voter's identifier and voting code (the shared portal credential of earlier versions no longer votes).
    /// Every answer is counted in VotingMetrics by outcome (accepted, replayed, refused by code) with the Jornada or the
    /// channel as labels; the voter's identifier, key, colonia, choice and receipt never reach a metric or a span.
    /// </remarks>
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Ballots)]
    [RequestSizeLimit(BodyLimits.Voter)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<BallotReceipt>(StatusCodes.Status201Created)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<BallotReceipt>(StatusCodes.Status200OK)] // a retry with its Idempotency-Key
    [WolverinePost("/api/jornadas/{jornadaId}/ballots", OperationId = "CastBallot")]
    public static async Task<IResult> Post(
        Guid jornadaId,
        CastBallot command,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        ClaimsPrincipal user,
        IDocumentStore store,
        JornadaViews views,
        VoterKeys keys,
        BallotBox box,
        IeeqPresence ieeq,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellation)
    {
        // A credential that is not a kiosk's does not vote: an unknown one is 401, staff or IEEQ 403.
        if (user.Identity?.IsAuthenticated != true && BearerAuthenticationHandler.TokenOf(http.Request) is not null)
            return Problems.Result(Problems.Unauthenticated);
        if (user.Identity?.IsAuthenticated == true && !user.IsInRole(Roles.Kiosk))
            return Problems.Result(user.IsInRole(Roles.KioskSetup) ? LinkIsNotAKiosk : Problems.Forbidden);
        var channel = user.IsInRole(Roles.Kiosk) ? BallotChannel.Kiosk : BallotChannel.Online;
        if (idempotencyKey is not null && !IdempotencyKey.IsWellFormed(idempotencyKey)) return Refuse(IdempotencyKey.Malformed);

        var kioskId = channel == BallotChannel.Kiosk ? user.FindFirst(KioskAuthentication.KioskClaim)?.Value : null;
        if (channel == BallotChannel.Kiosk && user.FindFirst(KioskAuthentication.JornadaClaim)?.Value != jornadaId.ToString())
            return Refuse(WrongJornadaForKiosk);

        var jornada = await views.GetAsync(store, jornadaId, cancellation);
        if (jornada is null) return Refuse(Jornada.NotFound);

        var ieeqAuthorizesKiosks = channel != BallotChannel.Kiosk || await ieeq.IsPresentAsync(cancellation);
        var (ballot, rejection) = BallotRules.Check(jornada, clock.GetUtcNow(), command.VoterId, command.ColoniaId,
            command.OptionId, channel, kioskId, ieeqAuthorizesKiosks);
        if (rejection is not null)
        {
            // The view may be behind an action on another instance (the Jornada opened, a kiosk registered): only the
            // Jornada as the database has it now may refuse.
            jornada = await views.ReadAsync(store, jornadaId, cancellation);
            if (jornada is null) return Refuse(Jornada.NotFound);
            var now = clock.GetUtcNow();
            (ballot, rejection) = BallotRules.Check(jornada, now, command.VoterId, command.ColoniaId,
                command.OptionId, channel, kioskId, ieeqAuthorizesKiosks);
            // Closed (the Jornada, its hours, the kiosk): a retry with its Idempotency-Key still goes to the box, which gives
            // back the receipt of the ballot it counted before the close and refuses anything else as closed.
            if (rejection is not null && idempotencyKey is not null && BallotRules.Closed(jornada, now, channel, kioskId, ieeqAuthorizesKiosks) is not null)
                (ballot, _) = BallotRules.Read(jornada, command.VoterId, command.ColoniaId, command.OptionId, channel, kioskId);
            if (ballot is null) return Refuse(rejection!);
        }

        var voterKey = keys.VoterKey(jornadaId, ballot!.NormalizedVoterId);
        string? verifier = null;
        if (channel == BallotChannel.Online)
        {
            // Only read here; the group commit checks it against the stored verifier under the Jornada's lock.
            var (code, unreadable) = VotingCredentials.Read(command.VotingCode);
            if (unreadable is not null) return Refuse(unreadable);
            verifier = keys.CodeVerifier(jornadaId, voterKey, code!);
        }

        var idempotency = idempotencyKey?.Trim();
        var pending = new PendingBallot(jornadaId, voterKey, ballot.Colonia?.Id, ballot.Option.Id, channel, kioskId,
            idempotency is null ? null : keys.IdempotencyLookup(jornadaId, kioskId, idempotency),
            idempotency is null ? null : keys.ReplayKey(idempotency, voterKey),
            verifier);

        BallotOutcome outcome;
        try
        {
            outcome = await box.SubmitAsync(pending, cancellation);
        }
        catch (BallotBoxUnavailableException e)
        {
            // The database down or the service stopping: 503, the kiosk retries. Anything else failed the group commit
            // for a reason of ours (a schema or permission fault, BallotBox logged it at Error): 500, not a 503 to retry.
            var refusal = e.InnerException switch
            {
                SealedUrnAlteredException => SealedUrnAlteredException.Problem,
                System.Threading.Channels.ChannelClosedException => Problems.DatabaseUnavailable,
                CommitOutcomeUnknownException => Problems.BallotOutcomeUnknown,
                var inner when Hosting.ProblemExceptionHandler.IsDatabaseFailure(inner) => Problems.DatabaseUnavailable,
                _ => Problems.Unexpected,
            };
            if ((refusal == Problems.DatabaseUnavailable || refusal == Problems.BallotOutcomeUnknown)
                && e.InnerException is not System.Threading.Channels.ChannelClosedException)
                http.RequestServices.GetRequiredService<Hosting.DatabaseOutageLog>().Refused(Hosting.ProblemExceptionHandler.RouteOf(http), e.InnerException);
            return Refuse(refusal);
        }

        switch (outcome)
        {
            case BallotOutcome.Counted counted:
                VotingMetrics.Accepted(jornadaId, channel.Code());
                return Results.Created($"/api/receipts/{counted.Receipt}", Receipt(jornadaId, counted.Receipt));
            case BallotOutcome.Replayed replayed:
                VotingMetrics.Replayed(jornadaId, channel.Code());
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Ok(Receipt(jornadaId, replayed.Receipt));
            case BallotOutcome.Refused refused:
                return Refuse(refused.Rejection);
            default:
                return Refuse(Problems.Unexpected);
        }

        IResult Refuse(Rejection refusal)
        {
            VotingMetrics.Refused(refusal.Code, channel.Code());
            return Problems.Result(refusal);
        }
    }

    private static BallotReceipt Receipt(Guid jornadaId, string receipt) => new(jornadaId, receipt,
        $"Su voto fue registrado y será contado. Guarde su código de recibo {receipt} y no lo comparta: con él puede comprobar que su voto está en el cómputo; la comprobación nunca muestra por quién votó.",
        $"/recibo.html?codigo={receipt}");
}
