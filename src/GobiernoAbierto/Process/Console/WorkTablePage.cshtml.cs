using GobiernoAbierto.Proposals;
using GobiernoAbierto.WorkTables;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Process.Console;

/// <summary>A work table: who sits at it, the proposals presented there, and each participant's endorsements.</summary>
[Accounts.ForRoles(Roles.Staff)]
public sealed class WorkTablePage(IDocumentStore store, StreamWrites writes, TimeProvider clock) : Hosting.Console.ConsolePage
{
    public sealed class ProposalForm
    {
        public Guid? ParticipantId { get; set; }
        public string Title { get; set; } = "";
        public string Description { get; set; } = "";
        public string ColoniaId { get; set; } = "";
        public WorkCategory? Category { get; set; }
        public string? RoughCost { get; set; }
    }

    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public SeatParticipant Seat { get; set; } = new("", "");
    [BindProperty] public ProposalForm Proposal { get; set; } = new();
    [BindProperty] public EndorseProposal Endorse { get; set; } = new(Guid.Empty, Guid.Empty);

    public WorkTable Table { get; private set; } = new();
    public ParticipationProcess Process { get; private set; } = null!;
    public IReadOnlyList<Proposal> Proposals { get; private set; } = [];
    public ProcessRanking Ranking { get; private set; } = new(Guid.Empty, []);

    public IReadOnlyList<(string, string)> ColoniaChoices => Process.Territory.Colonias.Select(c => (c.Id, c.Name)).ToList();
    public IReadOnlyList<(string, string)> ParticipantChoices => Table.Participants.Select(p => (p.Id.ToString(), p.DisplayName)).ToList();
    public string ColoniaName(string id) => Process.Territory.Colonias.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation) ? Page() : NotFound();

    /// <remarks>Exclusive on the table, as the endpoint: two people cannot take its last seat.</remarks>
    public async Task<IActionResult> OnPostSeatAsync(CancellationToken cancellation)
    {
        if (!Validate(Seat, nameof(Seat))) return await InvalidAsync(cancellation);
        var now = clock.GetUtcNow();
        return await AnswerAsync(await writes.DecideAsync<WorkTable>(Id, async (table, session) =>
                SeatParticipantEndpoint.Decide(await SeatParticipantEndpoint.LoadAsync(table, session, cancellation), table, Seat, Guid.CreateVersion7(now), Actor, now),
                cancellation, exclusive: true),
            $"Se integró a {Seat.DisplayName.Trim()} a la mesa.", cancellation);
    }

    public async Task<IActionResult> OnPostProposalAsync(CancellationToken cancellation)
    {
        var costRead = Money.TryParse(Proposal.RoughCost, out var cost);
        var command = new SubmitProposal(Proposal.ParticipantId ?? Guid.Empty, Proposal.Title ?? "", Proposal.Description ?? "", Proposal.ColoniaId ?? "",
            Proposal.Category ?? WorkCategory.Other, costRead ? cost : 0m);
        if (Proposal.Category is null) ModelState.AddModelError("Proposal.Category", "Elija el tipo de obra.");
        var valid = Validate(command, nameof(Proposal));
        if (!costRead) OnlyError("Proposal.RoughCost", Money.Unreadable);
        if (!ModelState.IsValid || !valid) return await InvalidAsync(cancellation);
        var now = clock.GetUtcNow();
        var proposalId = Guid.CreateVersion7(now);
        var refusal = await writes.DecideAsync<WorkTable>(Id, async (table, session) =>
        {
            var decided = SubmitProposalEndpoint.Decide(await SubmitProposalEndpoint.LoadAsync(table, session, cancellation), table, command, proposalId, Actor, now);
            return decided.Accepted ? Decision.Accept().AndOnOtherStream([.. decided.Events]) : decided;
        }, cancellation, otherStream: proposalId, startsOtherStreamOf: typeof(Proposal));
        return await AnswerAsync(refusal, $"Se registró la propuesta «{command.Title.Trim()}».", cancellation);
    }

    public async Task<IActionResult> OnPostEndorseAsync(CancellationToken cancellation)
    {
        if (!Validate(Endorse, nameof(Endorse))) return await InvalidAsync(cancellation);
        return await AnswerAsync(await writes.DecideAsync<WorkTable>(Id, async (table, session) =>
            {
                var (process, proposal, ranking) = await EndorseProposalEndpoint.LoadAsync(Endorse, table, session, cancellation);
                return EndorseProposalEndpoint.Decide(process, table, proposal, ranking, Endorse, Actor, clock.GetUtcNow());
            }, cancellation, exclusive: true),
            "Se registró el respaldo.", cancellation);
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<WorkTable>(Id, cancellation) is not { } table) return false;
        Table = table;
        Process = (await session.LoadAsync<ParticipationProcess>(table.ProcessId, cancellation))!;
        Proposals = await session.Query<Proposal>().Where(p => p.TableId == Id).OrderBy(p => p.SubmittedAt).ToListAsync(cancellation);
        Ranking = await session.LoadAsync<ProcessRanking>(table.ProcessId, cancellation) ?? new ProcessRanking(table.ProcessId, []);
        return true;
    }
}
