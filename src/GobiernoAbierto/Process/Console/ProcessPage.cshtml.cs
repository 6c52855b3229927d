using System.Globalization;
using GobiernoAbierto.Convenio;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Jornadas.Console;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Shortlist;
using GobiernoAbierto.WorkProgress;
using GobiernoAbierto.WorkTables;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Process.Console;

/// <summary>
/// One participation process for municipal staff, stage by stage: its work tables, the ranking and the shortlist that
/// starts the Jornada, the convenio, the chosen work's progress, and moving on to the next stage. Each form runs the
/// decision its API endpoint runs, under the process's lock where the endpoint takes it.
/// </summary>
[Accounts.ForRoles(Roles.Staff)]
public sealed class ProcessPage(IDocumentStore store, StreamWrites writes, Npgsql.NpgsqlDataSource database, Ballots.VotingTables tables,
    TimeProvider clock) : Hosting.Console.ConsolePage
{
    public sealed class TableForm
    {
        public int? Number { get; set; }
        public string Name { get; set; } = "";
        /// <summary>Nullable: the list's «Elija…» sent empty is a modality not chosen, said as such, not «Falta un valor».</summary>
        public TableMode? Mode { get; set; }
        public int? Capacity { get; set; } = 9;
        public string? MeetsAt { get; set; }
        public string? Place { get; set; }
    }

    public sealed class ShortlistForm
    {
        /// <summary>
        /// The identifier of the Jornada the choice creates, fixed when the form is drawn: the form sent again (Back to the
        /// page the browser kept, then «Elegir las dos finalistas…») finds the Jornada it created instead of a refusal.
        /// </summary>
        public Guid? JornadaId { get; set; }
        public List<Guid> ProposalIds { get; set; } = [];
        public string? OpensAt { get; set; }
        public string? ClosesAt { get; set; }
        /// <summary>The pair the ranking's rule chose when the page was drawn (RulePair): confirmed by whoever sends it.</summary>
        public string? PairShown { get; set; }
    }

    public sealed class NewJornadaForm
    {
        /// <summary>
        /// The new Jornada's identifier, fixed when the form is drawn: the form sent again (Back to the page the browser
        /// kept, then «Convocar la nueva Jornada») finds the Jornada it called instead of a refusal about that Jornada.
        /// </summary>
        public Guid? JornadaId { get; set; }

        /// <summary>
        /// The process's Jornada when the form was drawn, the one the call replaces: a form sent after another tab or a
        /// colleague already called a new Jornada goes to that one instead of a refusal about its certification.
        /// </summary>
        public Guid? EarlierJornadaId { get; set; }
        public string? OpensAt { get; set; }
        public string? ClosesAt { get; set; }
    }

    /// <summary>
    /// A stage still to come as the calendar form shows it: its date and objective, ready to change, and as the form was
    /// loaded with them (Shown…), so that a row left as it was does not undo what someone else re-planned meanwhile.
    /// </summary>
    public sealed class ReplanRow
    {
        public Stage? Stage { get; set; }
        public string? PlannedOn { get; set; }
        public string Objective { get; set; } = "";
        public string? ShownPlannedOn { get; set; }
        public string? ShownObjective { get; set; }

        public bool Edited => PlannedOn != ShownPlannedOn || (Objective ?? "").Trim() != (ShownObjective ?? "").Trim();
    }

    public sealed class ReplanForm
    {
        public List<ReplanRow> Calendar { get; set; } = [];
        public string Reason { get; set; } = "";
    }

    public sealed class PartyRow
    {
        public string Name { get; set; } = "";
        public string Role { get; set; } = "";
    }

    public sealed class ConvenioForm
    {
        public string? SignedOn { get; set; }
        public List<PartyRow> Parties { get; set; } = [new(), new(), new()];
        public string DocumentTitle { get; set; } = "";
        public string DocumentSha256 { get; set; } = "";
        public string? DocumentUrl { get; set; }
    }

    public sealed class EvidenceRow
    {
        public string Description { get; set; } = "";
        public string? Sha256 { get; set; }
        public string? Url { get; set; }
    }

    public sealed class ProgressForm
    {
        public string? ReportedOn { get; set; }
        public int? PercentComplete { get; set; }
        public string? Spent { get; set; }
        public List<EvidenceRow> Evidence { get; set; } = [new(), new()];
        public string Notes { get; set; } = "";
    }

    /// <summary>A report as it should read, and why: the form starts from what the report says now.</summary>
    public sealed class CorrectionForm
    {
        public int? Number { get; set; }
        public ProgressForm Report { get; set; } = new();
        public string Reason { get; set; } = "";
        /// <summary>The report as the page showed it when drawn (ReportFingerprint): the form corrects that one, not a colleague's correction since.</summary>
        public string? Shown { get; set; }
    }

    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public Stage? AdvanceTo { get; set; }
    [BindProperty] public bool AdvanceConfirmed { get; set; }
    [BindProperty] public bool ShortlistConfirmed { get; set; }
    [BindProperty] public TableForm Table { get; set; } = new();
    [BindProperty] public ShortlistForm Shortlist { get; set; } = new();
    [BindProperty] public NewJornadaForm NewJornada { get; set; } = new();
    [BindProperty] public bool NewJornadaConfirmed { get; set; }
    [BindProperty] public ReplanForm Replan { get; set; } = new();
    [BindProperty] public ConvenioForm Convenio { get; set; } = new();
    [BindProperty] public ProgressForm Progress { get; set; } = new();
    [BindProperty] public bool ConvenioConfirmed { get; set; }
    [BindProperty] public bool ProgressConfirmed { get; set; }
    [BindProperty] public CorrectionForm Correction { get; set; } = new();

    /// <summary>?corregir=2 from a report's row: its correction form opens (text, so that a mangled link is simply no form).</summary>
    [FromQuery(Name = "corregir")] public string? CorrectingQuery { get; set; }

    /// <summary>The report whose correction form is open: the link's, or the form's own number after a post.</summary>
    public int? Correcting { get; private set; }

    public ProcessTimeline Timeline { get; private set; } = new();
    public ParticipationProcess Process { get; private set; } = null!;
    public IReadOnlyList<WorkTable> Tables { get; private set; } = [];
    public IReadOnlyList<RankedRow> Ranking { get; private set; } = [];

    /// <summary>
    /// Proposals that left the deliberation (withdrawn, or merged into another), shown under the ranking: the ranking rule
    /// leaves them out, and staff must see why a proposal they remember is not in it.
    /// </summary>
    public IReadOnlyList<(Proposal Proposal, string Why)> OutOfRanking { get; private set; } = [];
    /// <summary>Why the process's Jornada can no longer choose a project (a certified tie, no ballots, never opened), so a new one can be called.</summary>
    public Rejection? NothingChosen { get; private set; }
    /// <summary>The chosen work's reports so far, so staff see what was reported before they add the next one.</summary>
    public ChosenWorkProgress? WorkProgress { get; private set; }
    public Stage? NextStage => Enum.GetValues<Stage>().Where(s => s > Process.Stage).Cast<Stage?>().FirstOrDefault();

    /// <summary>Why the process cannot move on yet, said before the box is ticked (the rules refused it only after).</summary>
    public Rejection? NotYet => NextStage is { } next ? AdvanceStageEndpoint.Decide(Process, _ranking, next, Actor, clock.GetUtcNow(), NothingChosen).Rejection : null;
    private ProcessRanking _ranking = null!;

    /// <summary>The committee's agreements still open when the next stage concludes the process, said before the box is ticked.</summary>
    public string? PendingAgreements => NextStage is { } next ? PendingAgreementsWarning(Process, next) : null;

    /// <summary>
    /// Concluding the process with agreements of the committee still pending or in progress: a warning, not a refusal (no
    /// rule asks every agreement closed, and after the fourth session none can be followed up any more), but staff learnt
    /// of them only on the public page, after concluding. Null when <paramref name="next"/> is not the conclusion or none is open.
    /// </summary>
    public static string? PendingAgreementsWarning(ParticipationProcess process, Stage next)
    {
        if (next != Stage.Concluded) return null;
        var open = process.Agreements.Where(a => a.Status is AgreementStatus.Pending or AgreementStatus.InProgress).ToList();
        if (open.Count == 0) return null;
        var listed = string.Join("; ", open.Select(a => $"{a.Id} «{Sentence.Shortened(a.Text)}» ({a.Status.Label().ToLowerInvariant()}; responsable: {a.Responsible})"));
        return (open.Count == 1 ? "Queda 1 acuerdo sin concluir: " : $"Quedan {open.Count} acuerdos sin concluir: ") + listed + ". " +
               (open.Count == 1 ? "Si concluye el proceso, el acuerdo queda publicado en ese estado" : "Si concluye el proceso, los acuerdos quedan publicados en ese estado") +
               " y ya no se registra su seguimiento.";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAdvanceAsync(CancellationToken cancellation)
    {
        if (!AdvanceConfirmed)
        {
            ModelState.AddModelError(nameof(AdvanceConfirmed), "Confirme que la etapa actual terminó: pasar a la siguiente no se puede deshacer.");
            return await InvalidAsync(cancellation);
        }
        return await AnswerAsync(await writes.DecideAsync<ParticipationProcess>(Id, async (p, session) =>
                AdvanceStageEndpoint.Decide(p, await AdvanceStageEndpoint.LoadAsync(p, session, cancellation), AdvanceTo ?? p.Stage, Actor, clock.GetUtcNow(),
                    await AdvanceStageEndpoint.NothingChosenAsync(p, session, clock.GetUtcNow(), cancellation)),
                cancellation, exclusive: true),
            $"El proceso pasó a «{AdvanceTo?.Label()}».", cancellation);
    }

    public async Task<IActionResult> OnPostTableAsync(CancellationToken cancellation)
    {
        var meetsAt = ReadTime(Table.MeetsAt, "Table.MeetsAt", "Escriba la fecha y la hora de la mesa.");
        if (Table.Mode is null) ModelState.AddModelError("Table.Mode", ConveneWorkTableValidator.ChooseMode);
        var command = new ConveneWorkTable(Table.Number ?? 0, Table.Name ?? "", Table.Mode ?? TableMode.InPerson, Table.Capacity ?? 0, meetsAt ?? default,
            Table.Place);
        Validate(command, "Table");
        // Whether a place is needed depends on the modality not chosen yet: asked for it, not for a place (an outside tester's).
        if (Table.Mode is null && ModelState.TryGetValue("Table.Place", out var place))
            foreach (var error in place.Errors.Where(e => e.ErrorMessage == ConveneWorkTableValidator.PlaceRequired).ToList()) place.Errors.Remove(error);
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        var now = clock.GetUtcNow();
        var tableId = Guid.CreateVersion7(now);
        var refusal = await writes.DecideAsync<ParticipationProcess>(Id, async (process, session) =>
        {
            var numbers = await session.Query<WorkTable>().Where(t => t.ProcessId == process.Id).Select(t => t.Number).ToListAsync(cancellation);
            var decided = ConveneWorkTableEndpoint.Decide(process, numbers, command, tableId, Actor, now);
            // The table's events start its own stream, in the transaction that holds the process's lock while the numbers are read.
            return decided.Accepted ? Decision.Accept().AndOnOtherStream([.. decided.Events]) : decided;
        }, cancellation, exclusive: true, otherStream: tableId, startsOtherStreamOf: typeof(WorkTable));
        return await AnswerAsync(refusal, $"Se convocó la mesa {command.Number}. Integre a sus participantes.", cancellation, $"/consola/mesas/{tableId}",
            field: refusal?.Code == ConveneWorkTableEndpoint.NumberTaken ? "Table.Number" : null);
    }

    public async Task<IActionResult> OnPostShortlistAsync(CancellationToken cancellation)
    {
        var opens = ReadTime(Shortlist.OpensAt, "Shortlist.OpensAt", whenEmpty: null);
        var closes = ReadTime(Shortlist.ClosesAt, "Shortlist.ClosesAt", whenEmpty: null);
        // A request that did not come from the form (or whose identifier did not bind) gets one now, as the API does.
        var jornadaId = Shortlist.JornadaId is { } drawn && drawn != Guid.Empty ? drawn : Guid.CreateVersion7(clock.GetUtcNow());
        var command = new ChooseShortlist(Shortlist.ProposalIds.Count == 0 ? null : Shortlist.ProposalIds, opens, closes, JornadaId: jornadaId);
        Validate(command, nameof(Shortlist), new Dictionary<string, string> { ["propuestas"] = "Shortlist.ProposalIds", ["horario"] = "Shortlist.ClosesAt" });
        if (!ShortlistConfirmed)
            ModelState.AddModelError(nameof(ShortlistConfirmed), "Confirme que son las dos propuestas que van a votación: crear la Jornada no se puede deshacer.");
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        var refusal = await writes.DecideAsync<ParticipationProcess>(Id, async (process, session) =>
        {
            var ranking = (await session.LoadAsync<ProcessRanking>(Id, cancellation))!;
            var proposals = (await session.LoadManyAsync<Proposal>(cancellation, ranking.Entries.Select(e => e.ProposalId))).ToDictionary(p => p.Id);
            var decision = ChooseShortlistEndpoint.Decide(process, ranking, proposals, command, jornadaId, Actor, clock.GetUtcNow(),
                await CreateJornadaEndpoint.TakenByAnotherRecordAsync(session, jornadaId, process, cancellation));
            // The rule's pair changed after the page was drawn (a colleague's study made one not viable): the person confirmed
            // another pair than the one the Jornada would be created with, which cannot be undone.
            if (command.ProposalIds is null && Shortlist.PairShown is { } shown && decision is { Accepted: true, Events: [ShortlistChosen chosen, ..] }
                && shown != RulePair(chosen.ProposalIds))
                return FinalistsChangedMeanwhile(chosen.ProposalIds.Select(id => proposals.TryGetValue(id, out var p) ? p.Title : id.ToString()));
            return decision;
        }, cancellation, exclusive: true, otherStream: jornadaId, startsOtherStreamOf: typeof(Jornadas.Jornada));
        if (refusal?.Code == ChooseShortlistEndpoint.AlreadySentCode)
        {
            // Sent before: the Jornada it created is the answer.
            Done = ShortlistAlreadySent;
            return Redirect($"/consola/jornadas/{jornadaId}");
        }
        return await AnswerAsync(refusal, "Se eligieron las dos propuestas finalistas y se creó la Jornada de Participación con ellas como opciones. Prepárela desde aquí.",
            cancellation, $"/consola/jornadas/{jornadaId}",
            field: refusal?.Code == CreateJornadaEndpoint.WindowAlreadyClosed.Code ? "Shortlist.OpensAt" : null);
    }

    /// <summary>The two proposals the ranking's rule chooses, as the form carries them (in either order: the same two are the same finalists).</summary>
    public static string RulePair(IEnumerable<Guid> pair) => string.Join(",", pair.Order());

    public static Rejection FinalistsChangedMeanwhile(IEnumerable<string> titles) => new("shortlist_changed_meanwhile",
        "Las finalistas cambiaron mientras revisaba la página",
        $"Después de que usted abrió esta página cambió el ranking (un estudio de factibilidad o un respaldo), y la regla ahora elige " +
        $"{string.Join(" y ", titles.Select(t => $"«{t}»"))}, no las dos que usted confirmó. No se creó la Jornada: revise el ranking como quedó " +
        "y confirme de nuevo.", StatusCodes.Status409Conflict);

    /// <summary>Said on the Jornada the shortlist's form had already created.</summary>
    public const string ShortlistAlreadySent = "Estas finalistas ya se habían elegido y esta Jornada ya se había creado con ellas: el formulario se envió otra vez y no se creó otra.";

    /// <summary>Said on the Jornada the form had already called.</summary>
    public const string NewJornadaAlreadyCalled = "Esta nueva Jornada ya se había convocado: el formulario se envió otra vez y no se convocó otra.";

    /// <summary>Said on the Jornada another call had already put in place of the one the form meant to replace.</summary>
    public const string NewJornadaCalledElsewhere = "Otra convocatoria ya había sustituido la Jornada anterior por esta (desde otra pestaña o por otra persona): el proceso sigue esta Jornada y no se convocó otra.";

    public async Task<IActionResult> OnPostNewJornadaAsync(CancellationToken cancellation)
    {
        var opens = ReadTime(NewJornada.OpensAt, "NewJornada.OpensAt", "Escriba la fecha y la hora de apertura de la votación.");
        var closes = ReadTime(NewJornada.ClosesAt, "NewJornada.ClosesAt", "Escriba la fecha y la hora de cierre de la votación.");
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        // A request that did not come from the form (or whose identifier did not bind) gets one now, as the API does.
        var jornadaId = NewJornada.JornadaId is { } drawn && drawn != Guid.Empty ? drawn : Guid.CreateVersion7(clock.GetUtcNow());
        var command = new CallNewJornada(opens!.Value, closes!.Value, jornadaId, NewJornada.EarlierJornadaId);
        Validate(command, nameof(NewJornada), new Dictionary<string, string>
        {
            ["apertura"] = "NewJornada.OpensAt", ["cierre"] = "NewJornada.ClosesAt", ["duración"] = "NewJornada.ClosesAt",
        });
        if (!NewJornadaConfirmed)
            ModelState.AddModelError(nameof(NewJornadaConfirmed), "Confirme que se convoca una nueva Jornada: no se puede deshacer.");
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        Guid? following = null;
        var refusal = await writes.DecideAsync<ParticipationProcess>(Id, async (process, session) =>
            {
                following = process.JornadaId;
                var current = await CallNewJornadaEndpoint.LoadAsync(process, session, cancellation);
                if (await CallNewJornadaEndpoint.VerifiedFirstIfCertifiedAsync(current, store, database, tables, cancellation) is { } altered) return altered;
                return CallNewJornadaEndpoint.Decide(process, current, command, jornadaId,
                    Actor, clock.GetUtcNow(), await CreateJornadaEndpoint.TakenByAnotherRecordAsync(session, jornadaId, process, cancellation));
            },
            cancellation, exclusive: true, otherStream: jornadaId, startsOtherStreamOf: typeof(Jornadas.Jornada));
        if (refusal?.Code == CallNewJornadaEndpoint.AlreadyCalledCode)
        {
            // Sent before: the Jornada it called is the answer.
            Done = NewJornadaAlreadyCalled;
            return Redirect($"/consola/jornadas/{jornadaId}");
        }
        if (refusal?.Code == CallNewJornadaEndpoint.AlreadyReplacedCode)
        {
            // Another call got there first: the Jornada the process follows now is the answer.
            Done = NewJornadaCalledElsewhere;
            return Redirect($"/consola/jornadas/{following}");
        }
        return await AnswerAsync(refusal, "Se convocó una nueva Jornada con las mismas dos finalistas. Prepárela como la anterior: kioscos, padrón y, si aplica, votación en línea.",
            cancellation, $"/consola/jornadas/{jornadaId}", field: refusal?.Code == CreateJornadaEndpoint.WindowAlreadyClosed.Code ? "NewJornada.ClosesAt" : null);
    }

    /// <summary>The stages after the current one, with a date on the calendar: those its form can re-plan.</summary>
    public IReadOnlyList<CalendarEntry> Upcoming => Process.Calendar.Where(e => ReplanCalendarEndpoint.Replannable(Process, e.Stage)).ToList();

    /// <summary>The stages still to come whose planned day has passed in Querétaro: the public page shows them as to come.</summary>
    public IReadOnlyList<CalendarEntry> Overdue => Upcoming.Where(e => e.PlannedOn < QueretaroTime.Today(clock.GetUtcNow())).ToList();

    public async Task<IActionResult> OnPostReplanAsync(CancellationToken cancellation)
    {
        var calendar = new List<CalendarEntry>();
        var edited = new List<CalendarEntry>();
        for (var i = 0; i < Replan.Calendar.Count; i++)
        {
            if (Replan.Calendar[i] is not { Stage: { } stage } row) continue;
            // Unread, the day stays in the list as none, so every row keeps its index for the rules' messages.
            var day = ReadDay(row.PlannedOn, $"Replan.Calendar[{i}].PlannedOn", $"Escriba la fecha de «{stage.Label()}».");
            var entry = new CalendarEntry(stage, day ?? default, (row.Objective ?? "").Trim());
            calendar.Add(entry);
            if (row.Edited) edited.Add(entry);
        }
        var command = new ReplanCalendar(calendar, Replan.Reason ?? "");
        Validate(command, nameof(Replan));
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        // Only the rows staff changed: the others, as the page was loaded, would put back dates re-planned since.
        var refusal = await writes.DecideAsync<ParticipationProcess>(Id, p => ReplanCalendarEndpoint.Decide(p, command with { Calendar = edited }, Actor, clock.GetUtcNow()),
            cancellation, exclusive: true);
        return await AnswerAsync(refusal, "Se reprogramó el calendario. La página pública muestra las nuevas fechas y el motivo; las fechas anteriores quedan en la historia del proceso.",
            cancellation, field: ReplanCalendarEndpoint.FieldOf(refusal?.Code));
    }

    public async Task<IActionResult> OnPostConvenioAsync(CancellationToken cancellation)
    {
        var signedOn = ReadDay(Convenio.SignedOn, "Convenio.SignedOn", "Escriba la fecha de la firma.");
        var parties = Convenio.Parties.Where(p => !string.IsNullOrWhiteSpace(p.Name) || !string.IsNullOrWhiteSpace(p.Role))
            .Select(p => new ConvenioParty((p.Name ?? "").Trim(), (p.Role ?? "").Trim())).ToList();
        var command = new SignConvenio(signedOn ?? default, parties, Convenio.DocumentTitle ?? "", (Convenio.DocumentSha256 ?? "").Trim(),
            string.IsNullOrWhiteSpace(Convenio.DocumentUrl) ? null : Convenio.DocumentUrl.Trim());
        Validate(command, "Convenio", new Dictionary<string, string>
        {
            ["partes"] = "Convenio.Parties", ["título del documento"] = "Convenio.DocumentTitle", ["huella del documento"] = "Convenio.DocumentSha256",
            ["liga del documento"] = "Convenio.DocumentUrl",
        });
        if (!ConvenioConfirmed)
            ModelState.AddModelError(nameof(ConvenioConfirmed), "Confirme que los datos son los del convenio firmado: la firma se registra una sola vez y no se puede corregir.");
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        var refusal = await writes.DecideAsync<ParticipationProcess>(Id, p => SignConvenioEndpoint.Decide(p, command, Actor, clock.GetUtcNow()),
            cancellation, exclusive: true);
        return await AnswerAsync(refusal, "Se registró la firma del convenio.", cancellation, field: ConvenioFieldOf(refusal?.Code));
    }

    public async Task<IActionResult> OnPostProgressAsync(CancellationToken cancellation)
    {
        var command = ReadReport(Progress, "Progress");
        if (!ProgressConfirmed)
            ModelState.AddModelError(nameof(ProgressConfirmed), "Confirme las cifras del informe: los siguientes informes no pueden marcar menos avance ni menos gasto, y una corrección se publica con su motivo.");
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        var refusal = await writes.DecideAsync<ParticipationProcess>(Id, p => ReportWorkProgressEndpoint.Decide(p, command, Actor, clock.GetUtcNow()),
            cancellation, exclusive: true);
        return await AnswerAsync(refusal, "Se registró el informe de avance de la obra.", cancellation, field: ReportFieldOf(refusal?.Code, "Progress"));
    }

    public async Task<IActionResult> OnPostCorrectionAsync(CancellationToken cancellation)
    {
        var number = Correction.Number ?? 0;
        Correcting = number;
        var command = new CorrectWorkProgress(ReadReport(Correction.Report, "Correction.Report"), Correction.Reason ?? "");
        // The report's own fields were checked by ReadReport; only the reason is left.
        if (new CorrectWorkProgressValidator().Validate(command, o => o.IncludeProperties(c => c.Reason)).Errors.FirstOrDefault() is { } noReason)
            ModelState.AddModelError("Correction.Reason", noReason.ErrorMessage);
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        var now = clock.GetUtcNow();
        var refusal = await writes.DecideAsync<ParticipationProcess>(Id, async (p, session) =>
            {
                var reports = await CorrectWorkProgressEndpoint.ReportsAsync(session, p.Id, cancellation);
                // Two people correcting one report: the second, whose form started from what it said before the first's
                // correction, replaced it unknowing, and the public history quoted a figure they never saw.
                // The same correction sent again (an answer lost on the way) is left to the rule («ya dice exactamente eso»).
                var sent = command.Corrected;
                if (Correction.Shown is not null && reports.ElementAtOrDefault(number - 1) is { } current
                    && Correction.Shown != ReportFingerprint(current.ReportedOn, current.PercentComplete, current.Spent, current.Evidence, current.Notes)
                    && ReportFingerprint(current.ReportedOn, current.PercentComplete, current.Spent, current.Evidence, current.Notes)
                       != ReportFingerprint(sent.ReportedOn, sent.PercentComplete, sent.Spent, sent.Evidence, sent.Notes))
                    return ReportChangedMeanwhile(number);
                return CorrectWorkProgressEndpoint.Decide(p, reports, number, command, Actor, now);
            },
            cancellation, exclusive: true);
        return await AnswerAsync(refusal, $"Se corrigió el informe de avance {number}; lo que decía antes queda publicado con el motivo.", cancellation,
            field: ReportFieldOf(refusal?.Code, "Correction.Report"));
    }

    /// <summary>
    /// The convenio's field a rule's refusal is about (its date, for a day still to come or one before the publication),
    /// so the page marks it as well as saying it at the top; none for a refusal of the convenio as a whole.
    /// </summary>
    public static string? ConvenioFieldOf(string? code) => code switch
    {
        "convenio_in_the_future" or "convenio_before_publication" => "Convenio.SignedOn",
        _ => null,
    };

    /// <summary>
    /// The field of a progress report (under <paramref name="prefix"/>, the new report's or a correction's) that a rule's
    /// refusal is about: the date, the percentage, the spend, or the notes an over-budget spend needs; none for a refusal
    /// of the report as a whole (the same report sent again, a correction that changes nothing).
    /// </summary>
    public static string? ReportFieldOf(string? code, string prefix) => code switch
    {
        "report_in_the_future" or "report_before_publication" or "report_out_of_order" => $"{prefix}.ReportedOn",
        "progress_went_back" or "progress_past_next_report" => $"{prefix}.PercentComplete",
        "spend_went_back" or "spend_past_next_report" => $"{prefix}.Spent",
        "over_budget_without_explanation" => $"{prefix}.Notes",
        _ => null,
    };

    /// <summary>A short digest of what a progress report says.</summary>
    public static string ReportFingerprint(DateOnly reportedOn, int percent, decimal spent, IEnumerable<Evidence> evidence, string notes) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\u001f',
            [reportedOn.ToString("O", CultureInfo.InvariantCulture), percent.ToString(CultureInfo.InvariantCulture), spent.ToString(CultureInfo.InvariantCulture), notes,
             .. evidence.Select(e => $"{e.Description}\u001e{e.Sha256}\u001e{e.Url}")]))))[..16];

    public static Rejection ReportChangedMeanwhile(int number) => new("work_progress_changed_meanwhile", "El informe cambió mientras lo corregía",
        $"Otra persona corrigió el informe de avance {number} después de que usted abrió esta página, y su corrección no se guardó. " +
        "Revise lo que dice ahora y, si aún hace falta, corríjalo de nuevo.", StatusCodes.Status409Conflict);

    /// <summary>A progress report as typed in <paramref name="form"/>, with each mistake next to its field (under <paramref name="prefix"/>).</summary>
    private ReportWorkProgress ReadReport(ProgressForm form, string prefix)
    {
        var reportedOn = ReadDay(form.ReportedOn, $"{prefix}.ReportedOn", "Escriba la fecha del informe.");
        if (!Money.TryParse(form.Spent, out var spent)) ModelState.AddModelError($"{prefix}.Spent", "Escriba el gasto acumulado en pesos, p. ej. 1,250,000.");
        var evidence = form.Evidence.Where(e => !string.IsNullOrWhiteSpace(e.Description) || !string.IsNullOrWhiteSpace(e.Sha256) || !string.IsNullOrWhiteSpace(e.Url))
            .Select(e => new Evidence((e.Description ?? "").Trim(), string.IsNullOrWhiteSpace(e.Sha256) ? null : e.Sha256.Trim(),
                string.IsNullOrWhiteSpace(e.Url) ? null : e.Url.Trim())).ToList();
        var command = new ReportWorkProgress(reportedOn ?? default, form.PercentComplete ?? -1, spent, evidence, form.Notes ?? "");
        Validate(command, prefix, new Dictionary<string, string>
        {
            ["avance (%)"] = $"{prefix}.PercentComplete", ["gasto acumulado"] = $"{prefix}.Spent", ["evidencias"] = $"{prefix}.Evidence", ["notas"] = $"{prefix}.Notes",
        });
        return command;
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<ParticipationProcess>(Id, cancellation) is not { } process) return false;
        Process = process;
        Timeline = await session.LoadAsync<ProcessTimeline>(Id, cancellation) ?? new ProcessTimeline { Id = Id, Title = "" };
        Tables = await session.Query<WorkTable>().Where(t => t.ProcessId == Id).OrderBy(t => t.Number).ToListAsync(cancellation);
        _ranking = await AdvanceStageEndpoint.LoadAsync(process, session, cancellation);
        Ranking = _ranking.Ranked()
            .Select((e, i) => new RankedRow(i + 1, e.ProposalId, e.Title, e.TableNumber, e.Endorsers.Count, e.Verdict, e.CostEstimate)).ToList();
        var gone = await session.Query<Proposal>().Where(x => x.ProcessId == Id && x.Status != ProposalStatus.Deliberating)
            .OrderBy(x => x.SubmittedAt).ToListAsync(cancellation);
        var into = (await session.LoadManyAsync<Proposal>(cancellation, gone.Where(g => g.MergedInto is not null).Select(g => g.MergedInto!.Value).Distinct()))
            .ToDictionary(x => x.Id, x => x.Title);
        OutOfRanking = gone.Select(g => (g, g.Status == ProposalStatus.Withdrawn ? "Retirada"
            : g.MergedInto is { } target && into.TryGetValue(target, out var title) ? $"Fusionada con «{title}»" : "Fusionada")).ToList();
        WorkProgress = await session.LoadAsync<ChosenWorkProgress>(Id, cancellation);
        if (process.Stage == Stage.Jornada && await CallNewJornadaEndpoint.LoadAsync(process, session, cancellation) is { } jornada)
            NothingChosen = CallNewJornadaEndpoint.WhyVoteAgain(jornada, clock.GetUtcNow());
        if (Shortlist.JornadaId is null || Shortlist.JornadaId == Guid.Empty) Shortlist.JornadaId = Guid.CreateVersion7(clock.GetUtcNow());
        if (NewJornada.JornadaId is null || NewJornada.JornadaId == Guid.Empty) NewJornada.JornadaId = Guid.CreateVersion7(clock.GetUtcNow());
        NewJornada.EarlierJornadaId ??= process.JornadaId;
        // The calendar form starts from the dates as they are; after a refused post it keeps what was typed.
        if (Replan.Calendar.Count == 0)
            Replan.Calendar = Upcoming.Select(e =>
            {
                var day = e.PlannedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return new ReplanRow { Stage = e.Stage, PlannedOn = day, Objective = e.Objective ?? "", ShownPlannedOn = day, ShownObjective = e.Objective ?? "" };
            }).ToList();
        Table.Number ??= Tables.Count + 1;
        Table.MeetsAt ??= LocalTime.Field(clock.GetUtcNow().AddDays(1));
        var today = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), QueretaroTime.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Convenio.SignedOn ??= today;
        Progress.ReportedOn ??= today;
        if (Correcting is null && int.TryParse(CorrectingQuery, NumberStyles.None, CultureInfo.InvariantCulture, out var asked)) Correcting = asked;
        // The correction form opens on what the report says now; after a refused post it keeps what was typed.
        if (Correcting is { } number && WorkProgress?.Reports.ElementAtOrDefault(number - 1) is { } report && Correction.Number is null)
            Correction = new CorrectionForm
            {
                Number = number,
                Report = new ProgressForm
                {
                    ReportedOn = report.ReportedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    PercentComplete = report.PercentComplete,
                    Spent = report.Spent.ToString("#,0.##", CultureInfo.InvariantCulture),
                    Evidence = [.. report.Evidence.Select(e => new EvidenceRow { Description = e.Description, Sha256 = e.Sha256, Url = e.Url }), new EvidenceRow()],
                    Notes = report.Notes,
                },
            };
        return true;
    }
}
