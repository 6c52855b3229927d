using GobiernoAbierto.Audit;

namespace GobiernoAbierto.Jornadas;

/// <summary>
/// The IEEQ auditor certifies one seal: SealHash is the hash they noted at the close, typed back from their paper: the
/// sello del registro (recordHash, as the seal sheet asks) or, as older practice did, the ballots' final hash. Required:
/// the certification is the auditor's word that what they noted is what the service sealed, so the service compares it
/// and certifies nothing when it differs. Spaces, quotes and case are not part of it (NotedHash). ExportVerified: the
/// auditor declares having verified the export (ballots and record), as the acta says they did; the console's box, and
/// `"exportVerified": true` through the API (a certification through the API asked nothing, and its acta said it).
/// </summary>
public sealed record CertifyTally(string SealHash, string? Observations,
    [property: System.ComponentModel.Description("Debe ser true: el IEEQ declara que verificó la exportación (boletas y registro). " +
        "Sin él, o con false, la certificación se rechaza (400 validation_failed).")] bool ExportVerified = false);

public sealed class CertifyTallyValidator : AbstractValidator<CertifyTally>
{
    public CertifyTallyValidator()
    {
        RuleFor(c => c.SealHash).NotEmpty().WithMessage("Escriba el sello del registro que anotó al cierre: los 64 caracteres de su hoja del sello de cierre.")
            .Must(h => string.IsNullOrWhiteSpace(h) || NotedHash.IsHash(h)).WithName("sello del registro")
            .WithMessage("El sello del registro (o el hash final de las boletas) tiene 64 caracteres hexadecimales: números del 0 al 9 y letras " +
                         "de la a a la f; los espacios entre grupos no cuentan.");
        RuleFor(c => c.Observations).MaximumLength(4000).WithName("observaciones").WithMessage("Las observaciones llevan hasta 4,000 caracteres.");
        RuleFor(c => c.ExportVerified).Equal(true).WithName("exportVerified")
            .WithMessage("Declare que verificó la exportación (la cadena de boletas y el registro de la Jornada) con «exportVerified»: true: " +
                         "el acta de certificación dice que usted lo declaró, y certificar no se puede deshacer.");
    }
}

public static class CertifyTallyEndpoint
{
    public static Decision Decide(Jornada jornada, CertifyTally command, string by, DateTimeOffset now)
    {
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (jornada.Status is JornadaStatus.Preparing or JornadaStatus.Open)
            return new Rejection("jornada_not_sealed", "La Jornada no está sellada",
                $"Solo se certifica una Jornada cerrada y sellada; está «{StatusLabels.For(jornada.Status)}».");
        if (jornada.Status != JornadaStatus.Closed)
            return new Rejection("already_certified", "Ya certificada", "El cómputo de esta Jornada ya fue certificado" +
                (jornada.CertifiedBy is { } who && jornada.CertifiedAt is { } when
                    ? $", por {Accounts.Account.PublicName(who)}, el {QueretaroTime.Format(when)} (hora del centro de México)." : "."));
        var noted = NotedHash.Compact(command.SealHash);
        NotedHashKind? kind = jornada.RecordSeal is { } recordSeal && string.Equals(noted, recordSeal, StringComparison.OrdinalIgnoreCase) ? NotedHashKind.RecordSeal
            : string.Equals(noted, jornada.Seal!.FinalHash, StringComparison.OrdinalIgnoreCase) ? NotedHashKind.FinalHash
            : null;
        if (kind is null && jornada.OpeningHash is { } opening && string.Equals(noted, opening, StringComparison.OrdinalIgnoreCase))
            return new Rejection("seal_mismatch", "Ese es el hash de la apertura",
                $"El hash escrito ({noted}) es el de la apertura de la votación, no el sello del registro: el sello se anota al cierre, " +
                "en la hoja del sello de cierre. No se certificó nada; escriba el sello del registro de esa hoja.");
        if (kind is null)
            return new Rejection("seal_mismatch", "El sello del registro no coincide",
                $"El hash escrito ({noted}) no es el sello del registro de esta Jornada ni el hash final de sus boletas: no se certificó " +
                "nada. Compárelo con el que anotó al cierre; si lo anotó bien, el sello cambió desde entonces: no certifique y verifique la exportación.");
        return jornada.Record(new TallyCertified(jornada.Id, jornada.Seal!.FinalHash, by, command.Observations?.Trim(), now, kind));
    }

    /// <summary>How the acta and the audit log name the hash the auditor typed back.</summary>
    public static string NotedLabel(NotedHashKind kind) => kind == NotedHashKind.RecordSeal ? "el sello del registro" : "el hash final de las boletas";

    /// <summary>
    /// The acta's sentence on the hash typed back. A certification recorded before the service kept which one it was
    /// claims no comparison the record cannot show.
    /// </summary>
    public static string WhatWasTyped(TallyCertified certified) => certified.Noted is { } noted
        ? $"Al certificar escribió {NotedLabel(noted)} que anotó al cierre, y el servicio comprobó que es el de esta Jornada."
        : "Esta certificación se registró antes de que el servicio guardara qué hash se escribió al certificar, así que esta acta no da constancia de esa comparación.";

    /// <summary>Nothing is certified while the service's own verification finds an alteration (Audit.VerifiedFirst).</summary>
    public static async Task<IResult> ValidateAsync(Guid jornadaId, IDocumentStore store, Npgsql.NpgsqlDataSource database,
        Ballots.VotingTables tables, CancellationToken cancellation) =>
        await Audit.VerifiedFirst.RefusalAsync(store, database, tables, jornadaId, "certificó", cancellation) is { } refusal
            ? Problems.Result(refusal)
            : Wolverine.Http.WolverineContinue.Result();

    [Authorize(Roles = Roles.Auditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.JornadaDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/certification", OperationId = "CertifyTally")]
    public static (IResult, Events) Post(CertifyTally command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, command, user.Actor(), clock.GetUtcNow()).Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
}
