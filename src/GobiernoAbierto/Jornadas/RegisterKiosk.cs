
namespace GobiernoAbierto.Jornadas;

public sealed record RegisterKiosk(string KioskId, [property: OneLine] string Name, [property: OneLine] string Location);

/// <summary>A kiosk's name or place as kept and compared.</summary>
public static class KioskTexts
{
    /// <summary>
    /// Trimmed, composed (NFC) and single-spaced: «Centro  Cívico» typed with a doubled space, or its í as i and an accent,
    /// is what the IEEQ countersigned as «Centro Cívico», and compares so.
    /// </summary>
    public static string? Tidy(string? text) =>
        text is null ? null : string.Join(' ', text.Normalize(System.Text.NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The same text once tidied, whatever its capitals.</summary>
    public static bool Same(string? typed, string? kept) => string.Equals(Tidy(typed), Tidy(kept), StringComparison.OrdinalIgnoreCase);
}

/// <summary>A kiosk's identifier as staff type it, and as it is kept.</summary>
public static class KioskIds
{
    public const string Example = "kiosco-mercado-01";

    public const string Message = $"Use solo minúsculas, dígitos y guiones (por ejemplo «{Example}»), hasta 64 caracteres.";

    /// <summary>
    /// « Kiosco-Mercado-01 » is kiosco-mercado-01: spaces around it dropped, capitals lowered. Safe for countersignatures:
    /// every identifier ever kept (kiosk or countersignature) matched the lower-case pattern, so tidying only turns what
    /// used to be refused into the identifier it meant; a request and its registration are tidied alike.
    /// </summary>
    public static string? Tidy(string? id) => id?.Trim().ToLowerInvariant();

    /// <summary>
    /// No such kiosk: named when what was asked for could be a kiosk's identifier, never echoed otherwise (a path carrying
    /// a line break or 10 KB came back in the answer's detail).
    /// </summary>
    public static Rejection NotFound(string asked) => Rejection.NotFound(
        System.Text.RegularExpressions.Regex.IsMatch(asked, Slug.Pattern) ? $"un kiosco «{asked}» en esta Jornada" : "un kiosco con ese identificador en esta Jornada");

    /// <summary>
    /// Why a typed identifier is refused, with the one it most likely meant: «Kiosco Jardín 2» is refused (tidying never
    /// guesses past spaces and capitals), and the message offers «kiosco-jardin-2» to type instead.
    /// </summary>
    public static string Refusal(string? typed)
    {
        var meant = Slug.From(typed ?? "");
        return meant.Length > 0 && System.Text.RegularExpressions.Regex.IsMatch(meant, Slug.Pattern) ? $"{Message} ¿Quiso decir «{meant}»?" : Message;
    }
}

public sealed class RegisterKioskValidator : AbstractValidator<RegisterKiosk>
{
    public RegisterKioskValidator()
    {
        RuleFor(c => KioskIds.Tidy(c.KioskId)).NotEmpty().WithMessage($"Escriba el identificador del kiosco, p. ej. «{KioskIds.Example}».")
            .Matches(Slug.Pattern).WithMessage(c => KioskIds.Refusal(c.KioskId)).OverridePropertyName(nameof(RegisterKiosk.KioskId)).WithName("identificador del kiosco");
        RuleFor(c => c.Name).NotEmpty().WithMessage("Escriba el nombre del kiosco.")
            .MaximumLength(120).WithMessage("El nombre del kiosco lleva hasta 120 caracteres.").WithName("nombre");
        RuleFor(c => c.Location).NotEmpty().WithMessage("Escriba dónde está el kiosco.")
            .MaximumLength(300).WithMessage("La ubicación lleva hasta 300 caracteres.").WithName("ubicación");
    }
}

/// <summary>Answer to a kiosk registration. The credential is shown this once; the service keeps only its hash.</summary>
public sealed record KioskRegistration(Guid JornadaId, string KioskId, string Name, string Location, string Credential, string Notice);

public static class RegisterKioskEndpoint
{
    /// <summary>
    /// While the Jornada is prepared, staff register kiosks on their own. Once the vote is open a new kiosk is a new place
    /// where ballots come from, so it needs the IEEQ's countersignature for that kiosk id (Countersignatures.cs), used once.
    /// </summary>
    public static Decision Decide(Jornada jornada, RegisterKiosk command, string credentialHash, string by, DateTimeOffset now)
    {
        command = command with { KioskId = KioskIds.Tidy(command.KioskId)!, Name = KioskTexts.Tidy(command.Name)!, Location = KioskTexts.Tidy(command.Location)! };
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open))
            return new Rejection("jornada_closed", "La Jornada ya cerró", "Ya no se pueden registrar kioscos en una Jornada cerrada.");
        if (jornada.FindKiosk(command.KioskId) is not null)
            return new Rejection("kiosk_already_registered", "Kiosco ya registrado",
                $"Ya existe un kiosco «{command.KioskId}» en esta Jornada. Use otro identificador. Si es el que acaba de registrar y perdió " +
                "su enlace de configuración (la página se recargó), no se puede volver a mostrar: cierre ese kiosco y registre otro" +
                (jornada.Status == JornadaStatus.Open ? ", con una nueva contrafirma del IEEQ." : "."));
        Guid? countersignature = null;
        if (jornada.Status == JornadaStatus.Open)
        {
            if (jornada.GrantFor(CountersignedAction.RegisterKiosk, now, command.KioskId) is not { } grant)
                return Countersignatures.Required(jornada, CountersignedAction.RegisterKiosk, now, command.KioskId);
            // The IEEQ countersigned a kiosk at a place, not an id: registered elsewhere, it is another kiosk. (Grants
            // recorded before name and place were asked fix the id only.)
            if (grant.KioskName is not null)
            {
                if (!KioskTexts.Same(command.Name, grant.KioskName) || !KioskTexts.Same(command.Location, grant.KioskLocation))
                    return new Rejection("countersignature_mismatch", "La contrafirma es para otro nombre o ubicación",
                        $"La contrafirma del IEEQ es para registrar el kiosco «{command.KioskId}» con el nombre «{grant.KioskName}», en «{grant.KioskLocation}». " +
                        "Regístrelo con ese nombre y esa ubicación, o retire esa solicitud y pida otra contrafirma con los correctos.");
                // Kept as the IEEQ countersigned it (capitals included), so the record's rules compare them as written.
                command = command with { Name = grant.KioskName, Location = grant.KioskLocation! };
            }
            countersignature = grant.RequestId;
        }
        // The IEEQ authorizes and staff open kiosks by their name: two of one name in a Jornada were listed alike, with
        // nothing to tell which device was which (an outside tester's). A closed kiosk's name may be taken by the one
        // that replaces it.
        if (jornada.Kiosks.FirstOrDefault(k => k.Active && KioskTexts.Same(k.Name, command.Name)) is { } namesake)
            return new Rejection("kiosk_name_taken", "Ya hay un kiosco con ese nombre",
                $"El kiosco «{namesake.Id}» de esta Jornada ya se llama «{namesake.Name}» (en {namesake.Location}). Dele a este un nombre " +
                "que lo distinga, por ejemplo con un número o su lugar: el IEEQ autoriza y el personal reconoce cada kiosco por su nombre.");
        return jornada.Record(new KioskRegistered(jornada.Id, command.KioskId, command.Name, command.Location,
            credentialHash, by, now, countersignature));
    }

    /// <remarks>
    /// Exclusive, as every command that may run while ballots are committed: it takes the Jornada's row lock first, as
    /// the group commit does, so the two wait for each other instead of deadlocking on the stream's next version.
    /// </remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<KioskRegistration>(StatusCodes.Status201Created)]
    [WolverinePost("/api/jornadas/{jornadaId}/kiosks", OperationId = "RegisterKiosk")]
    public static (IResult, Events) Post(RegisterKiosk command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, Ballots.VoterKeys keys, TimeProvider clock)
    {
        var token = KioskCredential.NewToken();
        var decision = Decide(jornada, command, keys.KioskLinkHash(token), user.Actor(), clock.GetUtcNow());
        // Answered as registered: tidied, and named as the IEEQ countersigned it.
        var registered = decision.Events.OfType<KioskRegistered>().SingleOrDefault();
        return decision
            .Answer(Results.Created($"/api/jornadas/{jornada.Id}", new KioskRegistration(jornada.Id, registered?.KioskId ?? "", registered?.Name ?? "",
                registered?.Location ?? "", token,
                "Abra el enlace de configuración (kiosco.html#configurar=<credencial>) en el equipo del kiosco ahora: no se vuelve a mostrar y sirve una sola vez, " +
                "porque el kiosco lo cambia por una credencial propia. Si se pierde, cierre el kiosco y registre otro.")));
    }
}
