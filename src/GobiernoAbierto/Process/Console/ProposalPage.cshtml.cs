using GobiernoAbierto.Proposals;
using GobiernoAbierto.WorkTables;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Process.Console;

/// <summary>One proposal's deliberation: arguments and comments from its table, its feasibility study, merging a duplicate, withdrawal.</summary>
[Accounts.ForRoles(Roles.Staff)]
public sealed class ProposalPage(IDocumentStore store, StreamWrites writes, TimeProvider clock) : Hosting.Console.ConsolePage
{
    public sealed class SaidForm
    {
        public Guid? ParticipantId { get; set; }
        public string? Stance { get; set; }
        public string Text { get; set; } = "";
    }

    public sealed class AssessmentForm
    {
        public bool? Viable { get; set; }
        public string Notes { get; set; } = "";
    }

    public sealed class StudyForm
    {
        /// <summary>The study the page showed when drawn (StudyFingerprint): the form corrects that one, not a colleague's since.</summary>
        public string? Shown { get; set; }

        public AssessmentForm Technical { get; set; } = new();
        public AssessmentForm Legal { get; set; } = new();
        public AssessmentForm Budget { get; set; } = new();
        public string? CostEstimate { get; set; }
        public Verdict? Verdict { get; set; }
        public string Reasons { get; set; } = "";
    }

    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public SaidForm Said { get; set; } = new();
    [BindProperty] public StudyForm Study { get; set; } = new();
    [BindProperty] public MergeProposal Merge { get; set; } = new(Guid.Empty, "");
    [BindProperty] public WithdrawProposal Withdraw { get; set; } = new(Guid.Empty, "");
    [BindProperty] public bool MergeConfirmed { get; set; }
    [BindProperty] public bool WithdrawConfirmed { get; set; }

    public Proposal Proposal { get; private set; } = new();
    public ProposalDetails? Details { get; private set; }
    public WorkTable Table { get; private set; } = new();
    public IReadOnlyList<Proposal> Others { get; private set; } = [];
    public IReadOnlyList<(string, string)> ParticipantChoices
    {
        get
        {
            var seats = ChoiceLabels.Seats(Table, ColoniaName);
            return Table.Participants.Select(p => (p.Id.ToString(), seats[p.Id])).ToList();
        }
    }
    private IReadOnlyList<Territory.Colonia> Colonias => Timeline?.ColoniaList ?? [];
    private ProcessTimeline? Timeline { get; set; }

    /// <summary>
    /// The forms that change the deliberation show only while it is open (StageRules.RequireDeliberationOpen): once the
    /// second table chose the finalists, each of them only answered «Deliberación cerrada».
    /// </summary>
    public bool DeliberationOpen => Proposal.Status == ProposalStatus.Deliberating
        && Timeline is { Shortlist: null, CurrentStage: Stage.FirstWorkTable or Stage.SecondWorkTable };
    private string ColoniaName(string id) => Colonias.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        // A study already recorded fills the form: correcting it is changing what is wrong and recording it again (a new
        // event; the earlier study stays in the history).
        if (Proposal.Feasibility is { } study)
            Study = new StudyForm
            {
                Technical = new() { Viable = study.Technical.Viable, Notes = study.Technical.Notes },
                Legal = new() { Viable = study.Legal.Viable, Notes = study.Legal.Notes },
                Budget = new() { Viable = study.Budget.Viable, Notes = study.Budget.Notes },
                CostEstimate = study.CostEstimate.ToString(study.CostEstimate == decimal.Truncate(study.CostEstimate) ? "N0" : "N2",
                    System.Globalization.CultureInfo.InvariantCulture),
                Verdict = study.Verdict,
                Reasons = study.Reasons,
            };
        return Page();
    }

    /// <summary>An argument for or against, or (without a stance) a comment.</summary>
    public async Task<IActionResult> OnPostSaidAsync(CancellationToken cancellation)
    {
        var participant = Said.ParticipantId ?? Guid.Empty;
        var stance = Enum.TryParse<Stance>(Said.Stance, out var s) ? s : (Stance?)null;
        var valid = stance is { } said ? Validate(new RecordArgument(participant, said, Said.Text ?? ""), nameof(Said)) : Validate(new RecordComment(participant, Said.Text ?? ""), nameof(Said));
        if (!valid) return await InvalidAsync(cancellation);
        return await AnswerAsync(await writes.DecideAsync<Proposal>(Id, async (proposal, session) =>
            {
                var (process, table) = await RecordArgumentEndpoint.LoadAsync(proposal, session, cancellation);
                return stance is { } said
                    ? RecordArgumentEndpoint.Decide(process, table, proposal, new RecordArgument(participant, said, Said.Text!), Actor, clock.GetUtcNow())
                    : RecordCommentEndpoint.Decide(process, table, proposal, new RecordComment(participant, Said.Text!), Actor, clock.GetUtcNow());
            }, cancellation, lockFirst: ProcessFirst(cancellation)),
            stance is null ? "Se registró el comentario." : "Se registró el argumento.", cancellation);
    }

    public async Task<IActionResult> OnPostStudyAsync(CancellationToken cancellation)
    {
        Assessment? Read(AssessmentForm form, string field)
        {
            if (form.Viable is { } viable) return new Assessment(viable, (form.Notes ?? "").Trim());
            ModelState.AddModelError($"Study.{field}.Viable", "Indique si es viable o no.");
            return null;
        }
        var technical = Read(Study.Technical, "Technical");
        var legal = Read(Study.Legal, "Legal");
        var budget = Read(Study.Budget, "Budget");
        if (Study.Verdict is null) ModelState.AddModelError("Study.Verdict", "Elija el dictamen.");
        if (!Money.TryParse(Study.CostEstimate, out var cost)) OnlyError("Study.CostEstimate", Money.Unreadable);
        var command = new RecordFeasibilityStudy(technical!, legal!, budget!, cost,
            Study.Verdict ?? Verdict.NotViable, Study.Reasons ?? "");
        Validate(command, nameof(Study), new Dictionary<string, string>
        {
            ["costo estimado"] = "Study.CostEstimate", ["dictamen"] = "Study.Verdict", ["motivos"] = "Study.Reasons", [""] = "Study.Verdict",
            [nameof(RecordFeasibilityStudy.Technical)] = "Study.Technical.Viable", [nameof(RecordFeasibilityStudy.Legal)] = "Study.Legal.Viable",
            [nameof(RecordFeasibilityStudy.Budget)] = "Study.Budget.Viable",
        });
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        return await AnswerAsync(await writes.DecideAsync<Proposal>(Id, async (proposal, session) =>
                Study.Shown is not null && Study.Shown != StudyFingerprint(proposal.Feasibility) && !SameStudy(proposal.Feasibility, command, Actor)
                    ? StudyChangedMeanwhile(proposal.Feasibility)
                    : RecordFeasibilityStudyEndpoint.Decide(await RecordFeasibilityStudyEndpoint.LoadAsync(proposal, session, cancellation), proposal, command, Actor,
                        clock.GetUtcNow()), cancellation, lockFirst: ProcessFirst(cancellation)),
            "Se registró el estudio de factibilidad.", cancellation);
    }

    /// <summary>The study in force, «none» before any: who recorded it and when.</summary>
    public static string StudyFingerprint(FeasibilityStudy? study) => study is null ? "none" : $"{study.StudiedAt.ToUnixTimeMilliseconds()}|{study.StudiedBy}";

    /// <summary>
    /// Two people recording a study at once: the second, whose page showed the study before the first's (or none),
    /// replaced the first's verdict unknowing, and the history called it a correction. The verdict decides the finalists.
    /// </summary>
    public static Rejection StudyChangedMeanwhile(FeasibilityStudy? now) => new("feasibility_study_changed_meanwhile",
        "El estudio de factibilidad cambió mientras lo editaba",
        (now is null ? "El estudio que mostraba esta página ya no está en vigor" :
            $"{now.StudiedBy} registró un estudio ({(now.Verdict == Verdict.Viable ? "viable" : "no viable")}) el {QueretaroTime.Format(now.StudiedAt)}") +
        ", después de que usted abrió esta página, y el suyo no se guardó. Revise el estudio como quedó y, si aún hace falta, corríjalo.",
        StatusCodes.Status409Conflict);

    /// <summary>The study in force is the one this person sends again (its first answer lost on the way), not a colleague's.</summary>
    private static bool SameStudy(FeasibilityStudy? now, RecordFeasibilityStudy sent, string actor) => now is not null && now.StudiedBy == actor
        && now.Technical == sent.Technical && now.Legal == sent.Legal && now.Budget == sent.Budget && now.CostEstimate == sent.CostEstimate
        && now.Verdict == sent.Verdict && now.Reasons == sent.Reasons.Trim();

    /// <summary>
    /// This proposal is a duplicate: its endorsements go to the one it merges into (two streams, one transaction). It
    /// cannot be undone, so the box that says so must be ticked.
    /// </summary>
    public async Task<IActionResult> OnPostMergeAsync(CancellationToken cancellation)
    {
        Validate(Merge, nameof(Merge));
        if (!MergeConfirmed)
            ModelState.AddModelError(nameof(MergeConfirmed), "Confirme que esta propuesta repite la elegida: la fusión no se puede deshacer.");
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        return await AnswerAsync(await writes.DecideAsync<Proposal>(Id, async (duplicate, session) =>
            {
                var process = (await ProcessLock.HoldAsync(session, duplicate.ProcessId, cancellation))!;
                var ranking = await session.LoadAsync<ProcessRanking>(process.Id, cancellation) ?? new ProcessRanking(process.Id, []);
                var endorsers = ranking.Entries.FirstOrDefault(e => e.ProposalId == duplicate.Id)?.Endorsers ?? [];
                return MergeProposalEndpoint.Decide(process, duplicate, await session.LoadAsync<Proposal>(Merge.IntoProposalId, cancellation), endorsers, Merge,
                    Actor, clock.GetUtcNow());
            }, cancellation, otherStream: Merge.IntoProposalId, lockFirst: ProcessFirst(cancellation)),
            "Se fusionó la propuesta: sus respaldos pasan a la otra.", cancellation);
    }

    /// <summary>Its author takes the proposal back; it cannot be undone, so the box that says so must be ticked.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellation)
    {
        Validate(Withdraw, nameof(Withdraw));
        if (!WithdrawConfirmed)
            ModelState.AddModelError(nameof(WithdrawConfirmed), "Confirme el retiro: una propuesta retirada no vuelve a la deliberación.");
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        return await AnswerAsync(await writes.DecideAsync<Proposal>(Id, async (proposal, session) =>
                WithdrawProposalEndpoint.Decide(await WithdrawProposalEndpoint.LoadAsync(proposal, session, cancellation), proposal, Withdraw, Actor, clock.GetUtcNow()),
                cancellation, lockFirst: ProcessFirst(cancellation)),
            "Se retiró la propuesta.", cancellation);
    }

    /// <summary>Every write of this page takes the proposal's process lock before it loads the proposal, as its endpoints do.</summary>
    private Func<IDocumentSession, Task> ProcessFirst(CancellationToken cancellation) =>
        session => ProcessLock.HoldForProposalAsync(Id, session, store, cancellation);

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Proposal>(Id, cancellation) is not { } proposal) return false;
        Proposal = proposal;
        Details = await session.LoadAsync<ProposalDetails>(Id, cancellation);
        Table = (await session.LoadAsync<WorkTable>(proposal.TableId, cancellation))!;
        Timeline = await session.LoadAsync<ProcessTimeline>(proposal.ProcessId, cancellation);
        Others = (await session.Query<Proposal>().Where(p => p.ProcessId == proposal.ProcessId && p.Id != Id).ToListAsync(cancellation))
            .OrderBy(p => p.Title, Sentence.Alphabetical).ToList();
        return true;
    }
}
