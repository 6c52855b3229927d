using GobiernoAbierto.Ballots;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Jornadas;

public sealed record DelegacionDetails(string Id, string Name, IReadOnlyList<Colonia> Colonias);

/// <summary>
/// Online voting, when the Jornada has it: its window, and whether it takes online ballots now (if not, why). Ended: it
/// never will again (its window is over, or the Jornada closed), so a page need not offer to try later.
/// </summary>
public sealed record OnlineVotingDetails(DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string WindowLabel, bool AcceptingBallots,
    string? NotAcceptingCode, string? NotAcceptingReason, bool CodesIssued, bool Ended);

/// <summary>
/// A kiosk as anyone may see it: where it is and how it stands, never its credential, its fingerprint or why staff
/// closed it (that is the record's, for staff and the IEEQ). Active: staff have not closed it (the Jornada's close ends
/// every kiosk without closing each); TakesBallots: it takes a ballot now, by the service's clock. AwaitsAuthorization:
/// it takes no ballot until the IEEQ authorizes it; never on a service without an IEEQ, where no one could (the pages
/// then left out kiosks that took ballots).
/// </summary>
public sealed record KioskDetails(string Id, string Name, string Location, bool Active, bool Configured, DateTimeOffset? ConfiguredAt,
    bool AwaitsAuthorization, DateTimeOffset? AuthorizedAt, DateTimeOffset? ClosedAt, bool TakesBallots)
{
    /// <param name="ieeqAuthorizesKiosks">The service has an IEEQ (IeeqPresence): a configured kiosk then votes only once authorized.</param>
    public static KioskDetails From(Kiosk k, bool kiosksVoteNow, bool ieeqAuthorizesKiosks) => new(k.Id, k.Name, k.Location, k.Active,
        k.Configured, k.ConfiguredAt, k.AwaitsAuthorization && ieeqAuthorizesKiosks, k.AuthorizedAt, k.ClosedAt,
        kiosksVoteNow && k.Active && k.Configured && !(k.AwaitsAuthorization && ieeqAuthorizesKiosks));
}

/// <summary>
/// What anyone may know of a Jornada: what is on the ballot, when and where to vote, who takes part, and whether it
/// takes ballots right now by the server's clock (AcceptingBallots, at kiosks; if not, NotAcceptingReason says why), and
/// whether its kiosks never will again (VotingEnded: the window is over or the Jornada closed). Online is null for a kiosk-only Jornada. ColoniasFromRoll: the voter's colonia comes from the roll; they need not choose it.
/// </summary>
public sealed record JornadaDetails(
    Guid Id, string Title, Guid? ProcessId, JornadaStatus Status, string StatusLabel, bool AcceptingBallots, string? NotAcceptingCode,
    string? NotAcceptingReason,
    DateTimeOffset VotingOpensAt, DateTimeOffset VotingClosesAt, string VotingWindowLabel,
    VoterIdKind VoterIdKind, string VoterIdHint,
    IReadOnlyList<BallotOption> Options, IReadOnlyList<DelegacionDetails> Delegaciones,
    IReadOnlyList<KioskDetails> Kiosks, bool HasVoterRoll, long BallotCount, int Version, OnlineVotingDetails? Online, bool ColoniasFromRoll,
    bool VotingEnded, DateTimeOffset? ClosedEarlyAt, JornadaWithdrawal? Withdrawal = null)
{
    /// <param name="ieeqAuthorizesKiosks">The service has an IEEQ (IeeqPresence): a configured kiosk then votes only once authorized.</param>
    public static JornadaDetails From(Jornada j, DateTimeOffset now, bool ieeqAuthorizesKiosks) => From(j, j.CheckOpen(now), j.Online is { } online
        ? OnlineDetails(j, online, j.CheckOpen(now, BallotChannel.Online), Ended(j, online.ClosesAt, now))
        : null, Ended(j, j.VotingClosesAt, now), now, ieeqAuthorizesKiosks);

    /// <remarks>
    /// A Jornada never opened whose hours are over can no longer be opened: online voting ended with it too. Its hours are
    /// online voting's when it has no kiosk (StatusLabels.HoursOver), as the list and its label say.
    /// </remarks>
    private static bool Ended(Jornada j, DateTimeOffset closesAt, DateTimeOffset now) =>
        j.Status is not (JornadaStatus.Preparing or JornadaStatus.Open) || now >= closesAt
        || (j.Status == JornadaStatus.Preparing && StatusLabels.HoursOver(j, now));

    private static OnlineVotingDetails OnlineDetails(Jornada j, OnlineWindow online, Rejection? closed, bool ended) => new(online.OpensAt,
        online.ClosesAt, OnlineWindowLabel(j, online), closed is null, closed?.Code, closed?.Detail, j.VotingCodesIssued, ended);

    /// <summary>Online voting's period as it was: an early close ended it too (an outside tester read its planned end after it).</summary>
    public static string OnlineWindowLabel(Jornada j, OnlineWindow online) => j.ClosedEarlyAt switch
    {
        { } closed when closed <= online.OpensAt =>
            $"{QueretaroTime.Format(online.OpensAt)} a {QueretaroTime.Format(online.ClosesAt)}; no llegó a abrir: la votación se cerró antes, el {QueretaroTime.Format(closed)}",
        { } closed when closed < online.ClosesAt =>
            $"{QueretaroTime.Format(online.OpensAt)} a {QueretaroTime.Format(closed)}; se cerró antes de lo previsto: su horario terminaba el {QueretaroTime.Format(online.ClosesAt)}",
        _ => $"{QueretaroTime.Format(online.OpensAt)} a {QueretaroTime.Format(online.ClosesAt)}",
    };

    /// <summary>A command's answer: the Jornada's details after the command's commit.</summary>
    public static IResult Answer(Guid jornadaId, DateTimeOffset now, bool created = false) =>
        Answers.AfterCommit(async (session, services, cancellation) => await session.LoadAsync<Jornada>(jornadaId, cancellation) is { } j
            ? From(j, now, await services.GetRequiredService<IeeqPresence>().IsPresentAsync(cancellation))
            : null, created ? $"/api/jornadas/{jornadaId}" : null);

    private static JornadaDetails From(Jornada j, Rejection? closed, OnlineVotingDetails? online, bool ended, DateTimeOffset now,
        bool ieeqAuthorizesKiosks) => new(
        j.Id, j.Title, j.ProcessId, j.Status, StatusLabels.For(j, now), closed is null, closed?.Code, closed?.Detail,
        j.VotingOpensAt, j.VotingClosesAt, WindowLabel(j),
        j.VoterIdKind, VoterIdentifier.Describe(j.VoterIdKind),
        j.Options,
        j.Territory.Delegaciones.Select(d => new DelegacionDetails(d.Id, d.Name,
            j.Territory.Colonias.Where(c => c.DelegacionId == d.Id).ToList())).ToList(),
        [.. j.Kiosks.Select(k => KioskDetails.From(k, closed is null, ieeqAuthorizesKiosks))], j.HasVoterRoll, j.BallotCount, j.Version, online, j.ColoniasFromRoll, ended, j.ClosedEarlyAt,
        JornadaWithdrawal.Of(j));

    /// <summary>
    /// The voting period as it was: a Jornada closed early shows when it closed, and the planned end beside it; closed
    /// before its hours began (its online vote ran first, or it was opened ahead of them), its hours as planned and that
    /// they never began, as online voting's label says (it read «02:10 a 01:53», an end before its start).
    /// </summary>
    public static string WindowLabel(Jornada j) => j.ClosedEarlyAt switch
    {
        { } closed when closed <= j.VotingOpensAt =>
            $"{QueretaroTime.Format(j.VotingOpensAt)} a {QueretaroTime.Format(j.VotingClosesAt)}; no llegó a abrir: la votación se cerró antes, el {QueretaroTime.Format(closed)}",
        { } closed =>
            $"{QueretaroTime.Format(j.VotingOpensAt)} a {QueretaroTime.Format(closed)}; se cerró antes de lo previsto: su horario terminaba el {QueretaroTime.Format(j.VotingClosesAt)}",
        _ => $"{QueretaroTime.Format(j.VotingOpensAt)} a {QueretaroTime.Format(j.VotingClosesAt)}",
    };
}

/// <summary>
/// Why and when staff withdrew the Jornada before it opened (who did is the record's, for staff and the IEEQ).
/// LettersSent: its voting codes had been issued, so residents may hold its letters, whose printed addresses name no
/// Jornada. Notice: all of it in residents' words, the same on every page that says it.
/// </summary>
public sealed record JornadaWithdrawal(string Reason, DateTimeOffset WithdrawnAt, bool LettersSent = false, string Notice = "")
{
    public static JornadaWithdrawal? Of(Jornada j) => j.WithdrawnAt is { } at
        ? new(j.WithdrawalReason ?? "", at, j.VotingCodesIssued, NoticeOf(j.Title, j.WithdrawalReason, at, j.VotingCodesIssued))
        : null;

    private static string NoticeOf(string title, string? reason, DateTimeOffset at, bool lettersSent) =>
        $"«{title}» se retiró antes de abrir la votación, el {QueretaroTime.Format(at)} (hora del centro de México)." +
        (string.IsNullOrWhiteSpace(reason) ? "" : $" Motivo: {Sentence.Quoted(reason)}") +
        (lettersSent ? " No habrá votación: si recibió una carta con un código de votación para esta Jornada, ese código no se usará."
            : " No habrá votación.");
}

public static class StatusLabels
{
    public static string For(JornadaStatus status) => status switch
    {
        JornadaStatus.Preparing => "En preparación",
        JornadaStatus.Open => "Votación abierta",
        JornadaStatus.Closed => "Votación cerrada y sellada",
        JornadaStatus.Certified => "Cómputo certificado por el IEEQ",
        JornadaStatus.Published => "Proyecto elegido publicado",
        JornadaStatus.Withdrawn => "Retirada: no habrá votación",
        _ => status.ToString(),
    };

    /// <summary>
    /// What residents read of a Jornada now: an open one before its hours or after them is not «Votación abierta» (the
    /// home page said so from the moment staff opened it before 08:00, and after its hours until they closed it).
    /// </summary>
    public static string For(Jornada jornada, DateTimeOffset now) =>
        // Never opened, and it can no longer be (OpenJornada): «En preparación» for good read as if a vote were still coming.
        // Nor its online hours, when it has no kiosk: they were all its hours (the home page read «En preparación» after them).
        jornada.Status == JornadaStatus.Preparing && HoursOver(jornada, now) ? NeverOpened
        : jornada.Status != JornadaStatus.Open ? For(jornada.Status)
        : now < FirstOpening(jornada) ? $"La votación empieza el {QueretaroTime.Format(FirstOpening(jornada))} ({Zone})"
        : HoursOver(jornada, now) ? "Terminó el horario de votación"
        : For(jornada.Status);

    /// <summary>A Jornada in preparation whose window (an online-only one's: its online hours) passed before anyone opened it.</summary>
    public const string NeverOpened = "No se abrió: su periodo de votación terminó";

    /// <summary>No channel will take a ballot again: the Jornada closed, or every channel's hours are over.</summary>
    public static bool HoursOver(Jornada jornada, DateTimeOffset now) => jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open)
        || now >= (jornada.Online is { } online && online.ClosesAt > jornada.VotingClosesAt ? online.ClosesAt : jornada.VotingClosesAt)
        || OnlineOnlyAndOver(jornada, now);

    /// <summary>
    /// Voted online only (no kiosk was ever registered) and its online hours over: it read «Votación abierta» until the
    /// Jornada's own window ended, hours later, while nobody could vote. Once the kiosks' hours would have begun only: a
    /// Jornada voting online first may still register its kiosks. A kiosk closed to be replaced keeps it a kiosk Jornada.
    /// </summary>
    private static bool OnlineOnlyAndOver(Jornada jornada, DateTimeOffset now) =>
        jornada.Online is { } online && jornada.Kiosks.Count == 0 && now >= online.ClosesAt && now >= jornada.VotingOpensAt;

    /// <summary>Within the hours of some channel, the Jornada open: ballots are being taken.</summary>
    public static bool VotingNow(Jornada jornada, DateTimeOffset now) =>
        jornada.Status == JornadaStatus.Open && now >= FirstOpening(jornada) && !HoursOver(jornada, now);

    /// <summary>When the first channel's hours begin (online may open before the kiosks).</summary>
    public static DateTimeOffset FirstOpening(Jornada jornada) =>
        jornada.Online is { } online && online.OpensAt < jornada.VotingOpensAt ? online.OpensAt : jornada.VotingOpensAt;

    /// <summary>
    /// A kiosk as the consoles list it: it takes ballots only while its Jornada is open (the close ends them all).
    /// staff: the staff console, which says what to do next; the IEEQ's desk only says how it stands.
    /// </summary>
    public static string For(Kiosk kiosk, JornadaStatus status, bool staff = true) => (kiosk.Active, status) switch
    {
        // The consoles only (staff and the IEEQ): why it was closed is the record's, not the public's.
        (false, _) => "Cerrado" + (kiosk.ClosedAt is { } closed ? $" el {QueretaroTime.Format(closed)} ({Zone})" : "") +
                       (kiosk.ClosedReason is { } reason ? $": «{reason}»" : ""),
        (true, JornadaStatus.Preparing or JornadaStatus.Open) when !kiosk.Configured => staff
            ? "Sin configurar: abra su enlace de configuración en el equipo del kiosco"
            : "Sin configurar: el personal municipal aún no abre su enlace en el equipo del kiosco",
        (true, JornadaStatus.Preparing or JornadaStatus.Open) when kiosk.AwaitsAuthorization =>
            "Configurado" + ConfiguredAt(kiosk) + "; espera la autorización del IEEQ frente al equipo",
        (true, JornadaStatus.Preparing) => (kiosk.AuthorizedAt is null ? "Configurado" + ConfiguredAt(kiosk) : "Autorizado por el IEEQ" + AuthorizedAt(kiosk))
            + "; listo para la apertura",
        (true, JornadaStatus.Open) => "Recibe votos" + (kiosk.AuthorizedAt is { } authorized ? $" (autorizado por el IEEQ el {QueretaroTime.Format(authorized)}, {Zone})"
            : kiosk.ConfiguredAt is { } at ? $" (configurado el {QueretaroTime.Format(at)}, {Zone})" : ""),
        (true, JornadaStatus.Withdrawn) => "Sin votación: la Jornada se retiró antes de abrir",
        _ => "Cerrado con la votación",
    };

    /// <summary>
    /// A kiosk as the consoles list it at a moment: an open Jornada's kiosk that would take ballots says so only within
    /// the kiosks' hours (staff open the Jornada before 08:00; its kiosks take nothing until then, nor after the hours).
    /// </summary>
    public static string For(Kiosk kiosk, Jornada jornada, DateTimeOffset now, bool staff = true)
    {
        var label = For(kiosk, jornada.Status, staff);
        if (jornada.Status != JornadaStatus.Open || !kiosk.Active || !kiosk.Configured || kiosk.AwaitsAuthorization) return label;
        return now < jornada.VotingOpensAt
            ? (kiosk.AuthorizedAt is null ? "Configurado" + ConfiguredAt(kiosk, zoned: false) : "Autorizado por el IEEQ" + AuthorizedAt(kiosk, zoned: false))
                + $"; recibe votos desde el {QueretaroTime.Format(jornada.VotingOpensAt)} ({Zone})"
            : now >= jornada.VotingClosesAt ? "Terminó su horario de votación; ya no recibe votos"
            : label;
    }

    /// <param name="zoned">Whether to say the clock here; not where the label names another time after it, which says it once.</param>
    private static string ConfiguredAt(Kiosk kiosk, bool zoned = true) =>
        kiosk.ConfiguredAt is { } at ? $" el {QueretaroTime.Format(at)}{(zoned ? $" ({Zone})" : "")}" : "";

    private static string AuthorizedAt(Kiosk kiosk, bool zoned = true) =>
        kiosk.AuthorizedAt is { } at ? $" el {QueretaroTime.Format(at)}{(zoned ? $" ({Zone})" : "")}" : "";

    // Every time staff and the IEEQ read says its clock (they may sit in another zone, or read it after a change of hour).
    private const string Zone = "hora del centro de México";
}

/// <param name="OnlineVoting">Whether the Jornada takes ballots online at all (in its online window); if not, only at its kiosks.</param>
/// <param name="VotingEnded">Its hours are over (or it closed): it will take no more ballots, whatever its status says.</param>
/// <param name="Withdrawal">A withdrawn Jornada's withdrawal (the list holds one only when its letters went out); else null.</param>
/// <param name="OnlineHours">Online voting's hours, when it has online voting.</param>
/// <param name="OnlineOnly">Online voting and no kiosk ever registered (one closed to be replaced still counts): its hours are online voting's.</param>
public sealed record JornadaSummary(Guid Id, string Title, JornadaStatus Status, string StatusLabel, bool AcceptingBallots,
    DateTimeOffset VotingOpensAt, DateTimeOffset VotingClosesAt, bool OnlineVoting, DateTimeOffset? ClosedEarlyAt, bool VotingEnded,
    JornadaWithdrawal? Withdrawal = null, OnlineWindow? OnlineHours = null, bool OnlineOnly = false);

public static class JornadaReadEndpoints
{
    /// <remarks>
    /// A withdrawn Jornada only when its voting codes were issued: a Jornada created by mistake left the lists when staff
    /// withdrew it (its page still says so), but letters already mailed print the plain addresses of the ballot and of
    /// «¿Alguien votó con mis datos?», which name no Jornada; the resident who types them learns from this list that the
    /// Jornada of their letter was withdrawn, and each page says so (Status Withdrawn, with its Withdrawal).
    /// </remarks>
    [AllowAnonymous]
    [WolverineGet("/api/jornadas", OperationId = "ListJornadas")]
    public static async Task<IReadOnlyList<JornadaSummary>> List(IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var jornadas = await session.Query<Jornada>().Where(j => j.Status != JornadaStatus.Withdrawn || j.VotingCodesIssued)
            .OrderByDescending(j => j.VotingOpensAt).ToListAsync(cancellation);
        var now = clock.GetUtcNow();
        return jornadas.Select(j => new JornadaSummary(j.Id, j.Title, j.Status, StatusLabels.For(j, now),
            j.CheckOpen(now) is null || (j.Online is not null && j.CheckOpen(now, BallotChannel.Online) is null), j.VotingOpensAt, j.VotingClosesAt,
            j.Online is not null, j.ClosedEarlyAt, StatusLabels.HoursOver(j, now), JornadaWithdrawal.Of(j), j.Online,
            j.Online is not null && j.Kiosks.Count == 0)).ToList();
    }

    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.JornadaDetails>(StatusCodes.Status200OK)]
    [WolverineGet("/api/jornadas/{jornadaId}", OperationId = "GetJornada")]
    public static async Task<IResult> Get(Guid jornadaId, IQuerySession session, IeeqPresence ieeq, TimeProvider clock, CancellationToken cancellation) =>
        await session.LoadAsync<Jornada>(jornadaId, cancellation) is { } jornada
            ? Results.Ok(JornadaDetails.From(jornada, clock.GetUtcNow(), await ieeq.IsPresentAsync(cancellation)))
            : Problems.Result(Jornada.NotFound);
}
