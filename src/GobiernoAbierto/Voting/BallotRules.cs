using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Voting;

/// <summary>What a valid ballot request resolves to before it joins a group commit.</summary>
/// <param name="Colonia">What the voter chose; null when the roll gives each voter's colonia (the group commit reads it there).</param>
public sealed record CheckedBallot(string NormalizedVoterId, Colonia? Colonia, BallotOption Option, BallotChannel Channel, string? KioskId);

/// <summary>The rules a ballot must pass; pure, so every one is unit-tested without a database.</summary>
public static class BallotRules
{
    /// <summary>An identifier that cannot be one of this kind (the ballot's and the participation check's answer alike).</summary>
    public static Rejection InvalidVoterId(VoterIdKind kind) => new("invalid_voter_id", "Identificador inválido",
        $"El identificador no tiene el formato esperado. Escriba {VoterIdentifier.Describe(kind)}.", StatusCodes.Status400BadRequest);

    /// <summary>Either the checked ballot or the first rule it breaks, in the order a voter can act on.</summary>

    /// <param name="ieeqAuthorizesKiosks">The service has an IEEQ (IeeqPresence): a configured kiosk then votes only once authorized.</param>
    public static (CheckedBallot? Ballot, Rejection? Rejection) Check(Jornada jornada, DateTimeOffset now, string voterId,
        string? coloniaId, string optionId, BallotChannel channel, string? kioskId, bool ieeqAuthorizesKiosks)
    {
        if (Closed(jornada, now, channel, kioskId, ieeqAuthorizesKiosks) is { } closed) return (null, closed);
        return Read(jornada, voterId, coloniaId, optionId, channel, kioskId);
    }

    /// <summary>Why this channel (this kiosk) takes no ballot now, or null: the Jornada's hours and state, then the kiosk's.</summary>
    public static Rejection? Closed(Jornada jornada, DateTimeOffset now, BallotChannel channel, string? kioskId, bool ieeqAuthorizesKiosks) =>
        jornada.CheckOpen(now, channel) ?? CheckChannel(jornada, channel, kioskId, ieeqAuthorizesKiosks);

    /// <summary>What the ballot says, checked against the Jornada's options, identifier kind and territory (not whether it is open).</summary>
    public static (CheckedBallot? Ballot, Rejection? Rejection) Read(Jornada jornada, string voterId, string? coloniaId, string optionId,
        BallotChannel channel, string? kioskId)
    {
        var option = jornada.FindOption(optionId);
        if (option is null) return (null, UnknownOption(jornada, optionId));

        var normalized = VoterIdentifier.Normalize(jornada.VoterIdKind, voterId);
        if (!VoterIdentifier.IsValid(jornada.VoterIdKind, normalized))
            return (null, InvalidVoterId(jornada.VoterIdKind));

        if (jornada.ColoniasFromRoll) return (new CheckedBallot(normalized, null, option, channel, kioskId), null);
        if (string.IsNullOrWhiteSpace(coloniaId))
            return (null, Rejection.Invalid("colonia_required", "Elija su colonia de la lista."));
        var colonia = jornada.Territory.FindColonia(coloniaId);
        if (colonia is null)
            return (null, new("colonia_outside_territory", "Colonia fuera de la Jornada",
                $"La colonia «{coloniaId}» no participa en esta Jornada. Participan colonias de {(jornada.Territory.Delegaciones.Count == 1 ? "la delegación" : "las delegaciones")} {string.Join(" y ", jornada.Territory.Delegaciones.Select(d => d.Name))}.",
                StatusCodes.Status422UnprocessableEntity));

        return (new CheckedBallot(normalized, colonia, option, channel, kioskId), null);
    }

    public static Rejection UnknownOption(Jornada jornada, string optionId) => new("unknown_option", "Opción inexistente",
        $"La opción «{optionId}» no está en la boleta. Las opciones son: {string.Join(", ", jornada.Options.Select(o => $"{o.Id} ({o.Title})"))}.",
        StatusCodes.Status400BadRequest);

    public static Rejection? CheckChannel(Jornada jornada, BallotChannel channel, string? kioskId, bool ieeqAuthorizesKiosks)
    {
        if (channel == BallotChannel.Online) return null;
        var kiosk = jornada.FindKiosk(kioskId);
        if (kiosk is null)
            return new("kiosk_not_registered", "Kiosco no registrado",
                "Este kiosco no está registrado para esta Jornada. Pida al personal municipal que lo registre.",
                StatusCodes.Status403Forbidden);
        if (!kiosk.Active)
            return new("kiosk_closed", "Kiosco cerrado",
                $"El kiosco «{kiosk.Name}» fue cerrado y ya no recibe votos. Acuda a otro kiosco{(jornada.Online is null ? "" : " o vote en línea")}.",
                StatusCodes.Status403Forbidden);
        if (kiosk.AwaitsAuthorization && ieeqAuthorizesKiosks) return NotAuthorized(kiosk);
        return null;
    }

    public static Rejection NotAuthorized(Kiosk kiosk) => new("kiosk_not_authorized", "Kiosco sin autorizar",
        $"El kiosco «{kiosk.Name}» aún no tiene la autorización del IEEQ y no recibe votos. La persona observadora del IEEQ lo autoriza " +
        "frente al equipo con la huella que muestra su pantalla.", StatusCodes.Status403Forbidden);
}
