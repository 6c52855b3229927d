using System.Globalization;
using GobiernoAbierto.Process;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Committee.Console;

/// <summary>
/// The Secretaría Técnica records an ordinary session of the Open Government Committee: who attended, the agenda on
/// the plan's axes, the minutes, new agreements and how each open agreement stands. Staff may read it.
/// </summary>
[Accounts.ForRoles(Roles.Committee + "," + Roles.Staff)]
public sealed class CommitteeSessionPage(IDocumentStore store, StreamWrites writes, TimeProvider clock) : Hosting.Console.ConsolePage
{
    public sealed class MemberRow { public string Role { get; set; } = ""; public string Name { get; set; } = ""; }
    public sealed class AgendaRow { public string AxisId { get; set; } = ""; public string Topic { get; set; } = ""; }
    public sealed class AgreementRow
    {
        public string Text { get; set; } = "";
        public string AxisId { get; set; } = "";
        public string Responsible { get; set; } = "";
        public string? DueOn { get; set; }
    }
    public sealed class UpdateRow { public string AgreementId { get; set; } = ""; public AgreementStatus? Status { get; set; } public string Note { get; set; } = ""; }

    public sealed class SessionForm
    {
        public int? Number { get; set; }
        public string? HeldOn { get; set; }
        public List<MemberRow> Members { get; set; } = [.. Enumerable.Range(0, 6).Select(_ => new MemberRow())];
        public string InvitedOrganisations { get; set; } = "";
        public List<AgendaRow> Agenda { get; set; } = [.. Enumerable.Range(0, 4).Select(_ => new AgendaRow())];
        public string Minutes { get; set; } = "";
        public List<AgreementRow> Agreements { get; set; } = [.. Enumerable.Range(0, 4).Select(_ => new AgreementRow())];
        public List<UpdateRow> Updates { get; set; } = [];
    }

    /// <summary>The session whose members the form came filled with (null: none recorded before).</summary>
    public int? MembersFromSession { get; private set; }

    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public SessionForm Form { get; set; } = new();
    [BindProperty] public bool SessionConfirmed { get; set; }

    public ProcessTimeline Timeline { get; private set; } = new();
    public CommitteeFollowUp FollowUp { get; private set; } = new(Guid.Empty, [], [], []);
    public DateOnly Today => QueretaroTime.Today(clock.GetUtcNow());

    /// <summary>
    /// What the due date's cell adds: «(vencida)» for an open agreement past its date; on a concluded process (no session
    /// can change it any more) only when it was past its date at the conclusion, and otherwise, once its date passed,
    /// that nobody follows it up now (as proceso.js says it).
    /// </summary>
    public (string Text, bool Overdue)? DueNote(FollowedAgreement agreement)
    {
        var concluded = Timeline.CurrentStage == Stage.Concluded
            ? Timeline.Stages.FirstOrDefault(s => s.Stage == Stage.Concluded)?.ReachedAt : null;
        if (concluded is not { } at) return agreement.IsOverdueOn(Today) ? (" (vencida)", true) : null;
        if (agreement.IsOverdueOn(QueretaroTime.Today(at))) return (" (vencida al concluir el proceso)", true);
        return agreement.IsOverdueOn(Today) ? (" (sin seguimiento: el proceso concluyó)", false) : null;
    }
    public IReadOnlyList<FollowedAgreement> OpenAgreements => FollowUp.Agreements.Where(a => a.Status is AgreementStatus.Pending or AgreementStatus.InProgress).ToList();
    /// <summary>
    /// The agreements taken before this session that it followed up, each with the step it recorded (an agreement is
    /// followed up from the session after the one that took it, so its first step, «tomado en sesión», is never here).
    /// </summary>
    public IReadOnlyList<(FollowedAgreement Agreement, AgreementHistory Step)> FollowedUpIn(int session) =>
        FollowUp.Agreements.Where(a => a.Session != session)
            .SelectMany(a => a.History.Where(h => h.Session == session).Select(h => (a, h))).ToList();
    public IReadOnlyList<(string, string)> AxisChoices => FollowUp.Axes.Select(a => (a.Id, a.Name)).ToList();
    /// <summary>
    /// The ordinary session of the process's current stage, if it is not recorded yet: a session is recorded in its own
    /// stage (the decision refuses any other), so the form is offered only then.
    /// </summary>
    public IReadOnlyList<(string, string)> SessionChoices => Enumerable.Range(1, 4)
        .Where(n => Stages.SessionStage(n) == Timeline.CurrentStage && FollowUp.Sessions.All(s => s.Number != n))
        .Select(n => (n.ToString(), Stages.SessionName(n))).ToList();

    /// <summary>Why there is no form to record a session now, for the committee's secretary.</summary>
    public string NoSessionNow => Timeline.CurrentStage switch
    {
        < Stage.FirstCommitteeSession => $"Las sesiones del Comité se registran a partir de la etapa «{Stage.FirstCommitteeSession.Label()}»; " +
            $"el proceso está en la etapa «{Timeline.CurrentStageLabel}».",
        Stage.Concluded => "El proceso concluyó: ya no se registran sesiones.",
        var stage => $"La {Sentence.Inside(Stages.SessionName(stage - Stage.FirstCommitteeSession + 1))} ya está registrada. La siguiente se registra " +
            "cuando el personal municipal pase el proceso a su etapa.",
    };

    public IReadOnlyList<(string, string)> RoleChoices => RecordCommitteeSessionEndpoint.MemberRoles.Select(r => (r, r)).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        Form.Number = SessionChoices.Count > 0 ? int.Parse(SessionChoices[0].Item1, CultureInfo.InvariantCulture) : null;
        Form.HeldOn = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), QueretaroTime.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Form.Updates = OpenAgreements.Select(a => new UpdateRow { AgreementId = a.Id }).ToList();
        // The committee's members rarely change from one session to the next: the last session's come filled in, to
        // check against who came (an outside tester typed the same names four times).
        if (FollowUp.Sessions.LastOrDefault() is { } last)
        {
            MembersFromSession = last.Number;
            Form.Members = [.. last.Members.Select(m => new MemberRow { Role = m.Role, Name = m.Name }),
                .. Enumerable.Range(0, Math.Max(2, 6 - last.Members.Count)).Select(_ => new MemberRow())];
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        if (!User.IsInRole(Roles.Committee)) return Forbid(Accounts.ConsoleSignIn.Scheme); // the console's «para otro rol» page, not the API's JSON
        if (!await LoadAsync(cancellation)) return NotFound(); // the agreements' statuses, for the rules said beside their rows
        var heldOn = ReadDay(Form.HeldOn, "Form.HeldOn", "Escriba la fecha de la sesión.") ?? default;
        var agreements = new List<NewAgreement>();
        for (var i = 0; i < Form.Agreements.Count; i++)
        {
            var row = Form.Agreements[i];
            // A row with anything in it is a new agreement (one with only its axis and date was dropped without a word).
            if (string.IsNullOrWhiteSpace(row.Text) && string.IsNullOrWhiteSpace(row.Responsible) && string.IsNullOrEmpty(row.AxisId)
                && string.IsNullOrWhiteSpace(row.DueOn)) continue;
            var due = ReadDay(row.DueOn, $"Form.Agreements[{i}].DueOn", whenEmpty: null);
            if (string.IsNullOrEmpty(row.AxisId)) ModelState.AddModelError($"Form.Agreements[{i}].AxisId", $"Elija el eje del acuerdo nuevo {i + 1}.");
            // The rules' own refusals, said beside the row they are about (the record's decision checks them again).
            if (heldOn != default && RecordCommitteeSessionEndpoint.DueOutOfRange(heldOn, due, i + 1) is { } wrongDue)
                ModelState.AddModelError($"Form.Agreements[{i}].DueOn", wrongDue.Detail);
            agreements.Add(new NewAgreement((row.Text ?? "").Trim(), row.AxisId ?? "", (row.Responsible ?? "").Trim(), due));
        }
        // Beside the row, not «Eje desconocido» with the plan's identifiers after the rest was corrected.
        for (var i = 0; i < Form.Agenda.Count; i++)
            if (!string.IsNullOrWhiteSpace(Form.Agenda[i].Topic) && string.IsNullOrEmpty(Form.Agenda[i].AxisId))
                ModelState.AddModelError($"Form.Agenda[{i}].AxisId", $"Elija el eje del punto {i + 1}.");
        // A note without a status was dropped without a word, and a session's record cannot be corrected (an outside tester's).
        for (var i = 0; i < Form.Updates.Count; i++)
            if (Form.Updates[i].Status is null && !string.IsNullOrWhiteSpace(Form.Updates[i].Note))
                ModelState.AddModelError($"Form.Updates[{i}].Status",
                    $"Elija el estado del acuerdo {Form.Updates[i].AgreementId}, o borre su nota: sin estado, la nota no se registraría.");
        for (var i = 0; i < Form.Updates.Count; i++)
            if (Form.Updates[i].Status is { } status
                && RecordCommitteeSessionEndpoint.CancelledWithoutReason(new AgreementUpdate(Form.Updates[i].AgreementId, status, Form.Updates[i].Note ?? "")) is { } silent)
                ModelState.AddModelError($"Form.Updates[{i}].Note", silent.Detail);
            else if (Form.Updates[i].Status is { } back && FollowUp.Agreements.FirstOrDefault(a => a.Id == Form.Updates[i].AgreementId) is { } agreement
                && RecordCommitteeSessionEndpoint.SteppedBackWithoutReason(agreement.Status,
                    new AgreementUpdate(agreement.Id, back, Form.Updates[i].Note ?? "")) is { } unexplained)
                ModelState.AddModelError($"Form.Updates[{i}].Note", unexplained.Detail);
            else if (Form.Updates[i].Status is { } same && FollowUp.Agreements.FirstOrDefault(a => a.Id == Form.Updates[i].AgreementId) is { } followed
                && RecordCommitteeSessionEndpoint.UnchangedWithoutNote(followed.Status, new AgreementUpdate(followed.Id, same, Form.Updates[i].Note ?? "")) is { } unchanged)
                ModelState.AddModelError($"Form.Updates[{i}].Note", unchanged.Detail);
        if (RecordCommitteeSessionEndpoint.RoleHeldTwice(Form.Members.Where(m => !string.IsNullOrWhiteSpace(m.Name))
                .Select(m => new SessionMember(m.Role ?? "", m.Name.Trim()))) is { } twiceOver)
            ModelState.AddModelError("Form.Members", twiceOver.Detail);
        var command = new RecordCommitteeSession(Form.Number ?? 0, heldOn,
            Form.Members.Where(m => !string.IsNullOrWhiteSpace(m.Name)).Select(m => new SessionMember(m.Role ?? "", m.Name.Trim())).ToList(),
            (Form.InvitedOrganisations ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            Form.Agenda.Where(a => !string.IsNullOrWhiteSpace(a.Topic)).Select(a => new AgendaItem(a.AxisId ?? "", a.Topic.Trim())).ToList(),
            Form.Minutes ?? "", agreements,
            Form.Updates.Where(u => u.Status is not null).Select(u => new AgreementUpdate(u.AgreementId, u.Status!.Value, (u.Note ?? "").Trim())).ToList());
        var valid = Validate(command, "Form", new Dictionary<string, string>
        {
            ["número de sesión"] = "Form.Number", ["integrantes presentes"] = "Form.Members", ["Members"] = "Form.Members", ["orden del día"] = "Form.Agenda",
            ["minuta"] = "Form.Minutes", ["Agreements"] = "Form.Agreements", ["seguimiento de acuerdos"] = "Form.Updates",
            ["InvitedOrganisations"] = "Form.InvitedOrganisations",
        });
        // A session's record cannot be corrected afterwards: a box to tick, so one stray click does not file a draft.
        if (!SessionConfirmed)
            ModelState.AddModelError(nameof(SessionConfirmed), "Confirme que los datos son los de la sesión: registrarla no se puede deshacer.");
        if (!ModelState.IsValid || !valid) return await InvalidAsync(cancellation);
        var refusal = await writes.DecideAsync<ParticipationProcess>(Id, p => RecordCommitteeSessionEndpoint.Decide(p, command, Actor, clock.GetUtcNow()),
            cancellation, exclusive: true);
        return await AnswerAsync(refusal, $"Se registró la sesión ordinaria {command.Number}.", cancellation, field: FieldOf(refusal?.Code));
    }

    /// <summary>
    /// The field a rule's refusal of the session is about, so the page marks it as well as saying it at the top: the members
    /// present (no quorum, a person listed twice), or the date (still to come, before the previous session or the convenio).
    /// </summary>
    public static string? FieldOf(string? code) => code switch
    {
        "no_quorum" or "member_listed_twice" => "Form.Members",
        "session_in_the_future" or "session_before_the_last" or "session_before_the_convenio" => "Form.HeldOn",
        _ => null,
    };

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<ProcessTimeline>(Id, cancellation) is not { } timeline) return false;
        Timeline = timeline;
        FollowUp = await session.LoadAsync<CommitteeFollowUp>(Id, cancellation) ?? new CommitteeFollowUp(Id, timeline.Axes, [], []);
        return true;
    }
}
