
namespace GobiernoAbierto.Jornadas;

/// <summary>
/// The IEEQ auditor certifies one seal: the sello del registro they noted at the close (recordHash, as the seal sheet asks)
/// or the ballots' final hash, either recomputed with `verify`.
/// </summary>
public sealed record CertifyTally(string SealHash, string? Observations);

public sealed class CertifyTallyValidator : AbstractValidator<CertifyTally>
{
    public CertifyTallyValidator()
    {
        RuleFor(c => c.SealHash).NotEmpty().WithMessage("Escriba el sello del registro: los 64 caracteres hexadecimales de la hoja del sello.")
            .Matches("^[0-9a-fA-F]{64}$").WithName("hash del sello")
            .WithMessage("El sello del registro (o el hash final de las boletas) tiene 64 caracteres hexadecimales: números del 0 al 9 y letras de la a a la f.");
        RuleFor(c => c.Observations).MaximumLength(4000).WithName("observaciones").WithMessage("Las observaciones llevan hasta 4,000 caracteres.");
    }
}

public static class CertifyTallyEndpoint
{
    public static Decision Decide(Jornada jornada, CertifyTally command, string by, DateTimeOffset now)
    {
        if (jornada.Status is JornadaStatus.Preparing or JornadaStatus.Open)
            return new Rejection("jornada_not_sealed", "La Jornada no está sellada",
                $"Solo se certifica una Jornada cerrada y sellada; está «{StatusLabels.For(jornada.Status)}».");
        if (jornada.Status != JornadaStatus.Closed)
            return new Rejection("already_certified", "Ya certificada", "El cómputo de esta Jornada ya fue certificado.");
        if (!(jornada.RecordSeal is { } recordSeal && string.Equals(command.SealHash, recordSeal, StringComparison.OrdinalIgnoreCase))
            && !string.Equals(command.SealHash, jornada.Seal!.FinalHash, StringComparison.OrdinalIgnoreCase))
            return new Rejection("seal_mismatch", "El sello no coincide",
                "El hash enviado no es el sello del registro de esta Jornada ni el hash final de sus boletas. Vuelva a verificar la " +
                "exportación con `verify` y envíe el sello del registro que anotó al cierre.");
        return jornada.Record(new TallyCertified(jornada.Id, jornada.Seal!.FinalHash, by, command.Observations?.Trim(), now));
    }

    [Authorize(Roles = Roles.Auditor)]
    [WolverinePost("/api/jornadas/{jornadaId}/certification", OperationId = "CertifyTally")]
    public static (IResult, Events) Post(CertifyTally command, [WriteAggregate(MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, command, user.Actor(), clock.GetUtcNow()).Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
}
