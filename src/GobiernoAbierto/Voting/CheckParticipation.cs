using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Npgsql;

namespace GobiernoAbierto.Voting;

/// <summary>¿Alguien votó con mis datos? The person's identifier and the voting code of their letter.</summary>
public sealed record CheckParticipation(string VoterId, string VotingCode);

public sealed class CheckParticipationValidator : AbstractValidator<CheckParticipation>
{
    public CheckParticipationValidator()
    {
        RuleFor(c => c.VoterId).NotEmpty().WithMessage("Escriba su clave de elector o CURP (18 caracteres).")
            .MaximumLength(40).WithMessage("El identificador tiene 18 caracteres; revise lo que escribió.");
        RuleFor(c => c.VotingCode).NotEmpty().WithMessage("Escriba el código de votación de su carta.")
            .MaximumLength(40).WithMessage("El código de votación tiene 16 caracteres; revise lo que escribió.");
    }
}

/// <summary>
/// Whether a ballot was cast with this credential: yes or no, the channel, and the day only (never the time, never the
/// choice). A person who did not vote and reads "yes" has evidence that someone voted in their name (README).
/// </summary>
/// <param name="CanVoteOnlineNow">Not voted, and online voting takes ballots now: the page offers to vote at once.</param>
public sealed record ParticipationStatus(Guid JornadaId, bool Voted, string? Channel, string? ChannelLabel, DateOnly? Day, string Message,
    bool CanVoteOnlineNow = false);

public static class CheckParticipationEndpoint
{
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Checks)]
    [Microsoft.AspNetCore.Mvc.RequestSizeLimit(BodyLimits.Voter)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Voting.ParticipationStatus>(StatusCodes.Status200OK)]
    [WolverinePost("/api/jornadas/{jornadaId}/participation-check", OperationId = "CheckParticipation")]
    public static async Task<IResult> Post(Guid jornadaId, CheckParticipation command, IQuerySession query, VoterKeys keys,
        VotingCredentials credentials, VotingTables tables, ParticipationNotes notes, NpgsqlDataSource dataSource, IeeqPresence ieeq,
        TimeProvider clock, CancellationToken cancellation)
    {
        if (await query.LoadAsync<Jornada>(jornadaId, cancellation) is not { } jornada) return Problems.Result(Jornada.NotFound);
        if (!jornada.VotingCodesIssued) return Problems.Result(new Rejection("online_voting_disabled", "Sin códigos de votación",
            "Esta Jornada no emitió cartas con código de votación, y la consulta funciona con la clave y el código de la carta. " +
            "Revise que eligió la Jornada de su carta.",
            StatusCodes.Status409Conflict));

        var normalized = VoterIdentifier.Normalize(jornada.VoterIdKind, command.VoterId);
        if (!VoterIdentifier.IsValid(jornada.VoterIdKind, normalized))
            return Problems.Result(BallotRules.InvalidVoterId(jornada.VoterIdKind));
        var voterKey = keys.VoterKey(jornadaId, normalized);
        var now = clock.GetUtcNow();
        if (await credentials.CheckAsync(jornadaId, jornada.VoterIdKind, voterKey, command.VotingCode, cancellation) is { } refused)
            return Problems.Result(refused);

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        if (!await tables.TookPartAsync(connection, jornadaId, voterKey))
            return Results.Ok(new ParticipationStatus(jornadaId, false, null, null, null, NotVoted(jornada, now, await ieeq.IsPresentAsync(cancellation)),
                jornada.Online is not null && jornada.CheckOpen(now, BallotChannel.Online) is null));
        var checkKey = keys.ParticipationCheckKey(jornadaId, voterKey);
        var note = await tables.NoteAsync(connection, jornadaId, checkKey) is { } sealedNote ? notes.Open(checkKey, sealedNote) : null;
        return Results.Ok(new ParticipationStatus(jornadaId, true, note?.Channel, ChannelLabel(note?.Channel), note?.Day,
            Voted(jornada.VoterIdKind, note)));
    }

    /// <summary>
    /// "Yes", with how and when, as the sealed note says: what could have kept a voter from their receipt is said for the
    /// way they voted (a kiosk's resident read «se cortó la conexión, se cerró la página», an online voter's reasons).
    /// </summary>
    public static string Voted(VoterIdKind kind, (string Channel, DateOnly Day)? note) =>
        $"Con sus datos se emitió un voto{(note is { } n ? $" {ChannelLabel(n.Channel)} el {n.Day:dd/MM/yyyy}" : "")}. " +
        (note?.Channel switch
        {
            "online" => "Si usted votó y no alcanzó a ver su recibo (se cortó la conexión, se cerró la página), ese voto es el suyo y cuenta una sola vez. ",
            "kiosk" => "Si usted votó en un kiosco y no alcanzó a ver su recibo, ese voto es el suyo y cuenta una sola vez. ",
            _ => "Si usted votó y no alcanzó a ver su recibo, ese voto es el suyo y cuenta una sola vez. ",
        }) +
        $"Si usted no votó, acuda al IEEQ con {(kind == VoterIdKind.Curp ? "su CURP" : "su credencial del INE")} y su carta: alguien votó en su nombre.";

    /// <summary>
    /// "No", and where and until when this person can still vote: online within its hours, at a kiosk while one is open
    /// and the Jornada's hours last; when neither is left, that voting is over for them (it said «Aún puede votar
    /// mientras esté abierta» after the online hours ended in a Jornada without kiosks, and before they began).
    /// </summary>
    /// <param name="ieeqAuthorizesKiosks">The service has an IEEQ (IeeqPresence): a configured kiosk then votes only once authorized.</param>
    /// <summary>Where a Jornada's hours end: its online hours' end when it never had a kiosk (StatusLabels.HoursOver).</summary>
    private static DateTimeOffset HoursEnd(Jornada jornada) =>
        jornada.Online is { } online && jornada.Kiosks.Count == 0 && online.ClosesAt < jornada.VotingClosesAt ? online.ClosesAt : jornada.VotingClosesAt;

    public static string NotVoted(Jornada jornada, DateTimeOffset now, bool ieeqAuthorizesKiosks = true)
    {
        const string None = "Con sus datos no se ha emitido ningún voto en esta Jornada.";
        // Never opened and its hours over (an online-only one's: its online hours, as its label says): «podrá votar» would
        // never come true.
        if (jornada.Status == JornadaStatus.Preparing && StatusLabels.HoursOver(jornada, now))
            return $"{None} La votación no se abrió y su periodo terminó el {QueretaroTime.Format(HoursEnd(jornada))} (hora del centro de México): " +
                "no se recibirán votos en esta Jornada.";
        if (jornada.Status == JornadaStatus.Preparing) return $"{None} Podrá votar cuando abra la votación.";
        if (jornada.Status == JornadaStatus.Withdrawn) return $"{None} La Jornada se retiró antes de abrir la votación: no habrá votación en ella.";
        if (jornada.Status != JornadaStatus.Open || now >= jornada.VotingClosesAt)
            return "Con sus datos no se emitió ningún voto en esta Jornada. La votación ya terminó.";

        var online = jornada.Online switch
        {
            { } o when now < o.OpensAt => $"en línea del {QueretaroTime.Format(o.OpensAt)} al {QueretaroTime.Format(o.ClosesAt)}",
            { } o when now < o.ClosesAt => $"en línea hasta el {QueretaroTime.Format(o.ClosesAt)}",
            _ => null,
        };
        // A kiosk whose device was never configured takes no ballot: offered, it sent residents to a kiosk the home page
        // said was not taking votes. Registered and not configured yet, it may still be: «ya no es posible» would be wrong.
        // Nor one waiting for the IEEQ's authorization, which refuses every ballot until then (BallotRules.CheckChannel).
        var kiosk = jornada.Kiosks.Any(k => k is { Active: true, Configured: true } && !(k.AwaitsAuthorization && ieeqAuthorizesKiosks))
            ? $"en un kiosco de su delegación, con {(jornada.VoterIdKind == VoterIdKind.Curp ? "su CURP" : "su credencial del INE")}, " +
              (now < jornada.VotingOpensAt
                  ? $"del {QueretaroTime.Format(jornada.VotingOpensAt)} al {QueretaroTime.Format(jornada.VotingClosesAt)}"
                  : $"hasta el {QueretaroTime.Format(jornada.VotingClosesAt)}")
            : null;
        var onlineEnded = jornada.Online is { } window && now >= window.ClosesAt
            ? $"La votación en línea terminó el {QueretaroTime.Format(window.ClosesAt)} (hora del centro de México)"
            : null;
        return (online, kiosk, onlineEnded) switch
        {
            (null, null, { } ended) when jornada.Kiosks.Any(k => k.Active) =>
                $"{None} {ended}; por ahora ningún kiosco recibe votos: la página de inicio dice dónde y a qué hora se vota en un kiosco.",
            (null, null, { } ended) => $"{None} {ended} y no queda un kiosco abierto: ya no es posible votar en esta Jornada.",
            // No online voting, and kiosks registered that wait for the IEEQ's authorization: «no hay kiosco» read as if the
            // Municipio had set up none (a reviewer). When the IEEQ authorizes them is not known here: no time is promised.
            (null, null, null) when ieeqAuthorizesKiosks && jornada.Kiosks.Any(k => k is { Active: true, Configured: true, AwaitsAuthorization: true }) =>
                jornada.Kiosks.Count(k => k.Active) == 1
                    ? $"{None} Esta Jornada se vota en kiosco: su kiosco ya está registrado, pero el IEEQ aún no lo autoriza para recibir votos. " +
                      "Vuelva a consultar más tarde: la página de inicio dice dónde y a qué hora se vota en un kiosco."
                    : $"{None} Esta Jornada se vota en kiosco: sus kioscos ya están registrados, pero el IEEQ aún no los autoriza para recibir votos. " +
                      "Vuelva a consultar más tarde: la página de inicio dice dónde y a qué hora se vota en un kiosco.",
            // Before the kiosks' hours with none registered yet, and no online voting: nothing to offer yet, nothing ended.
            (null, null, null) => $"{None} Por ahora no hay kiosco ni votación en línea en esta Jornada: el Municipio anuncia dónde votar.",
            (null, { } atKiosk, { } ended) => $"{None} {ended}; aún puede votar {atKiosk} (hora del centro de México).",
            _ => $"{None} Aún puede votar {string.Join(" o ", new[] { online, kiosk }.OfType<string>())} (hora del centro de México).",
        };
    }

    private static string? ChannelLabel(string? channel) => channel switch
    {
        "kiosk" => "en un kiosco",
        "online" => "en línea",
        _ => null,
    };
}
