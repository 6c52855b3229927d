using GobiernoAbierto.Process;
using Marten.Events.Aggregation;

namespace GobiernoAbierto.Committee;

public sealed record NewAgreement(string Text, string AxisId, [property: OneLine] string Responsible, DateOnly? DueOn);

/// <summary>An ordinary session of the Open Government Committee, as its Secretaría Técnica records it.</summary>
public sealed record RecordCommitteeSession(int Number, DateOnly HeldOn, IReadOnlyList<SessionMember> Members, [property: OneLine] IReadOnlyList<string> InvitedOrganisations,
    IReadOnlyList<AgendaItem> Agenda, string Minutes, IReadOnlyList<NewAgreement> Agreements, IReadOnlyList<AgreementUpdate> AgreementUpdates);

public sealed class RecordCommitteeSessionValidator : AbstractValidator<RecordCommitteeSession>
{
    public RecordCommitteeSessionValidator()
    {
        RuleFor(c => c.Number).InclusiveBetween(1, 4).WithName("número de sesión").WithMessage("Las sesiones ordinarias van de la 1 a la 4.");
        RuleFor(c => c.Members).NotEmpty().WithName("integrantes presentes").WithMessage("Anote a los integrantes presentes.");
        RuleForEach(c => c.Members).ChildRules(m =>
        {
            m.RuleFor(x => x.Role).Must(r => RecordCommitteeSessionEndpoint.MemberRoles.Contains(r))
                .WithMessage($"El cargo es uno de: {string.Join(", ", RecordCommitteeSessionEndpoint.MemberRoles)}.");
            m.RuleFor(x => x.Name).NotEmpty().WithMessage("Escriba el nombre del integrante.")
                .MaximumLength(120).WithMessage("El nombre del integrante lleva hasta 120 caracteres.").WithName("nombre del integrante");
        });
        RuleFor(c => c.InvitedOrganisations).NotNull().WithName("organizaciones invitadas")
            .WithMessage("Falta la lista de organizaciones invitadas (vacía si no hubo).")
            .Must(o => o is null || o.Count <= 50).WithMessage("Se anotan hasta 50 organizaciones invitadas.")
            .Must(o => Names.Repeated(o) is null)
            .WithMessage(c => $"«{Names.Repeated(c.InvitedOrganisations)}» aparece dos veces entre las organizaciones invitadas: anote cada una una vez.");
        RuleForEach(c => c.InvitedOrganisations).NotEmpty().WithMessage("Escriba el nombre de la organización invitada, o quítela de la lista.")
            .MaximumLength(200).WithMessage("El nombre de una organización invitada lleva hasta 200 caracteres.").WithName("organización invitada");
        RuleFor(c => c.Agenda).NotEmpty().WithName("orden del día").WithMessage("El orden del día lleva al menos un punto.")
            .Must(a => a is null || a.Count <= 50).WithMessage("El orden del día lleva hasta 50 puntos.");
        RuleForEach(c => c.Agenda).ChildRules(i =>
        {
            i.RuleFor(x => x.AxisId).NotEmpty().WithMessage("Elija el eje del punto del orden del día.").WithName("eje");
            i.RuleFor(x => x.Topic).NotEmpty().WithMessage("Escriba el tema del punto del orden del día.")
                .MaximumLength(500).WithMessage("El tema de un punto del orden del día lleva hasta 500 caracteres.").WithName("tema");
        });
        RuleFor(c => c.Minutes).NotEmpty().WithMessage("Escriba la minuta de la sesión.")
            .MaximumLength(20_000).WithMessage("La minuta lleva hasta 20,000 caracteres.").WithName("minuta");
        RuleFor(c => c.Agreements).NotNull().WithName("acuerdos").WithMessage("Falta la lista de acuerdos (vacía si no hubo).")
            .Must(a => a is null || a.Count <= 99).WithMessage("Una sesión toma hasta 99 acuerdos (se numeran ACU-n-01 a ACU-n-99).");
        RuleForEach(c => c.Agreements).ChildRules(a =>
        {
            a.RuleFor(x => x.Text).NotEmpty().WithMessage("Escriba el texto del acuerdo.")
                .MaximumLength(2000).WithMessage("El texto del acuerdo lleva hasta 2,000 caracteres.").WithName("texto del acuerdo");
            a.RuleFor(x => x.Responsible).NotEmpty().WithMessage("Escriba quién es responsable del acuerdo.")
                .MaximumLength(200).WithMessage("El responsable lleva hasta 200 caracteres.").WithName("responsable");
        });
        RuleFor(c => c.AgreementUpdates).NotNull().WithName("seguimiento de acuerdos").WithMessage("Falta el seguimiento de acuerdos (vacío si no hay).")
            .Must(u => u is null || u.Select(x => x.AgreementId).Distinct().Count() == u.Count).WithMessage("Cada acuerdo aparece una sola vez en el seguimiento.");
        RuleForEach(c => c.AgreementUpdates).ChildRules(u =>
        {
            u.RuleFor(x => x.Status).IsInEnum().WithMessage("Elija el estado del acuerdo de la lista.");
            u.RuleFor(x => x.Note).MaximumLength(2000).WithMessage("La nota del seguimiento lleva hasta 2,000 caracteres.").WithName("nota del seguimiento");
        });
    }
}

public static class RecordCommitteeSessionEndpoint
{
    public const string Presidente = "Presidente";
    public const string Vocal = "Vocal";
    public const string SecretariaTecnica = "Secretaria Técnica";
    public static readonly string[] MemberRoles = [Presidente, Vocal, SecretariaTecnica];

    /// <summary>How far ahead of its session an agreement may fall due: further is a year mistyped (2099 for 2029).</summary>
    public const int MaxYearsAhead = 5;

    /// <summary>
    /// Quorum rule (README): a session is valid with the Presidente and the Secretaria Técnica present. Agenda items and
    /// agreements sit on one of the plan's two axes; updates follow agreements of earlier sessions that are still open.
    /// </summary>
    public static Decision Decide(ParticipationProcess process, RecordCommitteeSession command, string by, DateTimeOffset now)
    {
        if (command.Number is < 1 or > 4)
            return Rejection.Invalid("unknown_session", "El comité celebra cuatro sesiones ordinarias: el número va de 1 a 4.");
        var stage = Stages.SessionStage(command.Number);
        if (StageRules.Require(process, $"Registrar la sesión ordinaria {command.Number}", stage) is { } wrong) return wrong;
        if (process.SessionsHeld >= command.Number)
            return new Rejection("session_already_recorded", "Sesión ya registrada", $"La sesión ordinaria {command.Number} ya está registrada.");
        if (WrongDay(process, command, now) is { } wrongDay) return wrongDay;
        var roles = command.Members.Select(m => m.Role).ToHashSet();
        if (!roles.Contains(Presidente) || !roles.Contains(SecretariaTecnica))
            return new Rejection("no_quorum", "Sin quórum", "Una sesión ordinaria es válida con la presencia del Presidente y de la Secretaria Técnica.",
                StatusCodes.Status422UnprocessableEntity);
        if (RoleHeldTwice(command.Members) is { } twiceOver) return twiceOver;
        if (command.Members.GroupBy(m => m.Name.Trim(), StringComparer.CurrentCultureIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } member)
            return new Rejection("member_listed_twice", "Integrante repetido",
                $"«{member.First().Name.Trim()}» aparece {member.Count()} veces entre los integrantes presentes: anote a cada persona una vez, con su cargo.",
                StatusCodes.Status422UnprocessableEntity);
        var axes = process.Axes.Select(a => a.Id).ToHashSet();
        if (command.Agenda.Any(i => !axes.Contains(i.AxisId)) || command.Agreements.Any(a => !axes.Contains(a.AxisId)))
            return new Rejection("unknown_axis", "Eje desconocido",
                $"El orden del día y los acuerdos se ubican en uno de los ejes del plan: {string.Join(", ", process.Axes.Select(a => $"{a.Id} ({a.Name})"))}.",
                StatusCodes.Status422UnprocessableEntity);
        if (command.AgreementUpdates.GroupBy(u => u.AgreementId).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return new Rejection("duplicate_agreement_update", "Acuerdo repetido",
                $"El acuerdo {twice.Key} aparece dos veces en el seguimiento; registre un solo estado por sesión.", StatusCodes.Status422UnprocessableEntity);
        foreach (var update in command.AgreementUpdates)
        {
            var agreement = process.Agreements.FirstOrDefault(a => a.Id == update.AgreementId);
            if (agreement is null)
                return new Rejection("unknown_agreement", "Acuerdo inexistente", $"No existe el acuerdo {update.AgreementId}.", StatusCodes.Status422UnprocessableEntity);
            if (agreement.Status is AgreementStatus.Done or AgreementStatus.Cancelled)
                return new Rejection("agreement_closed", "Acuerdo concluido", $"El acuerdo {agreement.Id} ya está {(agreement.Status == AgreementStatus.Done ? "cumplido" : "cancelado")}.");
            if (UnchangedWithoutNote(agreement.Status, update) is { } unchanged) return unchanged;
            if (CancelledWithoutReason(update) is { } silent) return silent;
            if (SteppedBackWithoutReason(agreement.Status, update) is { } unexplained) return unexplained;
        }
        for (var i = 0; i < command.Agreements.Count; i++)
            if (DueOutOfRange(command.HeldOn, command.Agreements[i].DueOn, i + 1) is { } wrongDue) return wrongDue;
        var agreements = command.Agreements
            .Select((a, i) => new Agreement($"ACU-{command.Number}-{i + 1:00}", command.Number, a.Text.Trim(), a.AxisId, a.Responsible.Trim(), a.DueOn, AgreementStatus.Pending))
            .ToList();
        return Decision.Accept(new CommitteeSessionHeld(process.Id, command.Number, command.HeldOn, command.Members, command.InvitedOrganisations,
            command.Agenda, command.Minutes.Trim(), agreements, command.AgreementUpdates, by, now));
    }

    /// <summary>The Committee has one Presidente and one Secretaria Técnica (the public page named «Presidentes: A, B»).</summary>
    public static Rejection? RoleHeldTwice(IEnumerable<SessionMember> members) =>
        new[] { Presidente, SecretariaTecnica }.FirstOrDefault(role => members.Count(m => m.Role == role) > 1) is { } role
            ? new Rejection("role_held_twice", "Cargo repetido",
                $"El Comité tiene un solo cargo de {role}: anote a las demás personas presentes como Vocal.", StatusCodes.Status422UnprocessableEntity)
            : null;

    /// <summary>
    /// The status it has, with nothing said, is no follow-up: residents read «Sesión 3: Pendiente» as if the session had
    /// decided something. With a note it is one (what the session heard of it), and the history reads it as such.
    /// </summary>
    public static Rejection? UnchangedWithoutNote(AgreementStatus current, AgreementUpdate update) =>
        current == update.Status && string.IsNullOrWhiteSpace(update.Note)
            ? new Rejection("agreement_status_unchanged", "El acuerdo ya está en ese estado",
                $"El acuerdo {update.AgreementId} ya está «{current.Label()}»: si la sesión no lo cambió, quítelo del seguimiento, o escriba en la nota " +
                "lo que se informó de él.", StatusCodes.Status422UnprocessableEntity)
            : null;

    /// <summary>Residents read only «Sesión 4: Cancelado» otherwise: what was promised them is dropped with its reason.</summary>
    public static Rejection? CancelledWithoutReason(AgreementUpdate update) =>
        update.Status == AgreementStatus.Cancelled && string.IsNullOrWhiteSpace(update.Note)
            ? new Rejection("cancellation_without_reason", "Cancelación sin motivo",
                $"Para cancelar el acuerdo {update.AgreementId}, escriba en la nota por qué se cancela: es lo que leen los habitantes en el seguimiento.",
                StatusCodes.Status422UnprocessableEntity)
            : null;

    /// <summary>
    /// Residents read the follow-up session by session: «En proceso» and then «Pendiente» with nothing said reads as work
    /// dropped without a word, so going back takes a note, as a cancellation does.
    /// </summary>
    public static Rejection? SteppedBackWithoutReason(AgreementStatus current, AgreementUpdate update) =>
        current == AgreementStatus.InProgress && update.Status == AgreementStatus.Pending && string.IsNullOrWhiteSpace(update.Note)
            ? new Rejection("agreement_back_to_pending_without_reason", "Regreso a pendiente sin motivo",
                $"El acuerdo {update.AgreementId} estaba en proceso: para regresarlo a pendiente, escriba en la nota por qué. Es lo que leen los " +
                "habitantes en el seguimiento.", StatusCodes.Status422UnprocessableEntity)
            : null;

    /// <summary>An agreement falls due on or after the session that takes it, and not more than MaxYearsAhead later.</summary>
    /// <param name="number">The agreement's place among the session's new ones, as the form numbers them.</param>
    public static Rejection? DueOutOfRange(DateOnly heldOn, DateOnly? dueOn, int number) => dueOn switch
    {
        { } due when due < heldOn => DueRejection(
            $"El acuerdo nuevo {number} tiene fecha compromiso {due:dd/MM/yyyy}, antes de la sesión que lo toma ({heldOn:dd/MM/yyyy}): revise la fecha."),
        { } due when due > heldOn.AddYears(MaxYearsAhead) => DueRejection(
            $"El acuerdo nuevo {number} tiene fecha compromiso {due:dd/MM/yyyy}, más de {MaxYearsAhead} años después de la sesión: revise el año."),
        _ => null,
    };

    private static Rejection DueRejection(string detail) =>
        new("agreement_due_out_of_range", "Fecha compromiso no válida", detail, StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// A session's record cannot be corrected and residents read the follow-up in its order: a date typed months ahead, or
    /// before the session it follows (or before the convenio that installs the Committee), was published as it was.
    /// </summary>
    private static Rejection? WrongDay(ParticipationProcess process, RecordCommitteeSession command, DateTimeOffset now)
    {
        var today = QueretaroTime.Today(now);
        if (command.HeldOn > today)
            return new Rejection("session_in_the_future", "Fecha de sesión futura",
                $"La sesión es del {command.HeldOn:dd/MM/yyyy} y hoy es {today:dd/MM/yyyy} en Querétaro: se registra una sesión ya celebrada, con la fecha en que se celebró.",
                StatusCodes.Status422UnprocessableEntity);
        if (process.LastSessionHeldOn is { } last && command.HeldOn < last)
            return new Rejection("session_before_the_last", "Fecha anterior a la sesión previa",
                $"La sesión ordinaria {command.Number} es del {command.HeldOn:dd/MM/yyyy}, antes que la sesión ordinaria {process.SessionsHeld}, del {last:dd/MM/yyyy}: revise la fecha.",
                StatusCodes.Status422UnprocessableEntity);
        if (process.ConvenioSignedOn is { } signed && command.HeldOn < signed)
            return new Rejection("session_before_the_convenio", "Fecha anterior al convenio",
                $"La sesión es del {command.HeldOn:dd/MM/yyyy}, antes de la firma del convenio, del {signed:dd/MM/yyyy}, que da paso al Comité: revise la fecha.",
                StatusCodes.Status422UnprocessableEntity);
        return null;
    }

    [Authorize(Roles = Roles.Committee)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Committee.CommitteeFollowUp>(StatusCodes.Status200OK)]
    [WolverinePost("/api/processes/{processId}/committee-sessions", OperationId = "RecordCommitteeSession")]
    public static (IResult, Events) Post(RecordCommitteeSession command,
        [WriteAggregate("processId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = StageRules.ProcessNotFoundMessage)] ParticipationProcess process,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, command, user.Actor(), clock.GetUtcNow()).Answer(Answers.View<CommitteeFollowUp>(process.Id));

    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Committee.CommitteeFollowUp>(StatusCodes.Status200OK)]
    [WolverineGet("/api/processes/{processId}/committee", OperationId = "GetCommitteeFollowUp")]
    public static Task<IResult> Get(Guid processId, IQuerySession session, CancellationToken cancellation) =>
        Answers.ReadAsync<CommitteeFollowUp>(session, processId, StageRules.ProcessNotFound, cancellation);
}

/// <param name="StatusUnchanged">A note on the status it already had: the session changed nothing (false in a history
/// projected before it was kept, until `projections rebuild`).</param>
public sealed record AgreementHistory(DateOnly On, int Session, AgreementStatus Status, string Note, bool StatusUnchanged = false)
{
    /// <summary>How the history names the step: a status reached, or the one it still has.</summary>
    public string StatusText => StatusUnchanged ? $"Sigue {Status.Label().ToLowerInvariant()}" : Status.Label();
}

public sealed record FollowedAgreement(string Id, int Session, string Text, string AxisId, string Responsible, DateOnly? DueOn,
    AgreementStatus Status, IReadOnlyList<AgreementHistory> History)
{
    /// <summary>Its date passed and it is neither done nor cancelled (proceso.js says the same on the public page).</summary>
    public bool IsOverdueOn(DateOnly today) => DueOn < today && Status is AgreementStatus.Pending or AgreementStatus.InProgress;
}

public sealed record SessionRecord(int Number, DateOnly HeldOn, IReadOnlyList<SessionMember> Members, IReadOnlyList<string> InvitedOrganisations,
    IReadOnlyList<AgendaItem> Agenda, string Minutes, IReadOnlyList<string> NewAgreementIds);

/// <summary>The committee's sessions and every agreement with its status from session to session.</summary>
public sealed record CommitteeFollowUp(Guid Id, IReadOnlyList<Axis> Axes, IReadOnlyList<SessionRecord> Sessions, IReadOnlyList<FollowedAgreement> Agreements);

public sealed class CommitteeFollowUpProjection : SingleStreamProjection<CommitteeFollowUp, Guid>
{
    public static CommitteeFollowUp Create(ProcessStarted e) => new(e.ProcessId, e.Axes, [], []);

    public static CommitteeFollowUp Apply(CommitteeSessionHeld e, CommitteeFollowUp f)
    {
        var updates = e.AgreementUpdates.ToDictionary(u => u.AgreementId);
        var followed = f.Agreements
            .Select(a => updates.TryGetValue(a.Id, out var u)
                ? a with { Status = u.Status, History = [.. a.History, new AgreementHistory(e.HeldOn, e.Number, u.Status, u.Note, u.Status == a.Status)] }
                : a)
            .Concat(e.NewAgreements.Select(a => new FollowedAgreement(a.Id, a.Session, a.Text, a.AxisId, a.Responsible, a.DueOn, a.Status,
                [new AgreementHistory(e.HeldOn, e.Number, a.Status, "Acuerdo tomado en sesión.")])))
            .ToList();
        var session = new SessionRecord(e.Number, e.HeldOn, e.Members, e.InvitedOrganisations, e.Agenda, e.Minutes, e.NewAgreements.Select(a => a.Id).ToList());
        return f with { Sessions = [.. f.Sessions, session], Agreements = followed };
    }
}
