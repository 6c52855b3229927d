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

    /// <summary>Which endorsement (one choice: "participant/proposal"), why, and the box: a voided endorsement stays voided.</summary>
    public sealed class VoidForm
    {
        public string? Endorsement { get; set; }
        public string Reason { get; set; } = "";
        public bool Confirmed { get; set; }

        public static string Value(Guid participantId, Guid proposalId) => $"{participantId:N}/{proposalId:N}";

        public (Guid ParticipantId, Guid ProposalId) Read() =>
            Endorsement?.Split('/') is [var participant, var proposal] && Guid.TryParse(participant, out var who) && Guid.TryParse(proposal, out var what)
                ? (who, what)
                : (Guid.Empty, Guid.Empty);
    }

    /// <summary>
    /// A voided endorsement or seat as staff read it: the kind («Respaldo», «Lugar en la mesa»), whose it was, the proposal
    /// (an endorsement's), the reason, when, and who recorded it.
    /// </summary>
    public sealed record Voiding(string Kind, string Participant, string? Proposal, string Reason, string VoidedBy, DateTimeOffset At);

    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public SeatParticipant Seat { get; set; } = new("", "");

    /// <summary>
    /// The seating form's key, new each time the page draws it: the form arriving twice (sent again by the browser, a
    /// double click without JavaScript) seats the person once, and the second answer says so.
    /// </summary>
    [BindProperty] public string? SeatRequest { get; set; }

    /// <summary>The proposal form's key, new each time the page draws it (as SeatRequest): sent twice, one proposal.</summary>
    [BindProperty] public string? ProposalRequest { get; set; }

    public static string NewRequestKey() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// A form drawn once and used again for someone else (the browser's Back brings the page back with its key, and
    /// another person is typed in): what the API says of its Idempotency-Key means nothing at the console.
    /// </summary>
    private static Rejection? InConsoleWords(Rejection? refusal) => refusal?.Code switch
    {
        "idempotency_key_other_seat" => refusal with
        {
            Title = "Este formulario ya se usó",
            Detail = "Este formulario ya integró a otra persona a la mesa (se volvió a él con «Atrás»). Para integrar a alguien más, recargue la página.",
        },
        "seat_voided" => refusal with
        {
            Title = "Este formulario ya se usó",
            Detail = "Este formulario integró a esa persona y su lugar se anuló después. Para integrarla de nuevo, recargue la página.",
        },
        "idempotency_key_other_proposal" => refusal with
        {
            Title = "Este formulario ya se usó",
            Detail = "Este formulario ya registró otra propuesta (se volvió a él con «Atrás»). Para registrar otra, recargue la página.",
        },
        _ => refusal,
    };
    [BindProperty] public ProposalForm Proposal { get; set; } = new();
    [BindProperty] public EndorseProposal Endorse { get; set; } = new(Guid.Empty, Guid.Empty);
    [BindProperty] public VoidForm Void { get; set; } = new();
    [BindProperty] public VoidSeat VoidSeat { get; set; } = new(Guid.Empty, "");
    [BindProperty] public bool VoidSeatConfirmed { get; set; }

    public WorkTable Table { get; private set; } = new();
    public ParticipationProcess Process { get; private set; } = null!;
    public IReadOnlyList<Proposal> Proposals { get; private set; } = [];
    public ProcessRanking Ranking { get; private set; } = new(Guid.Empty, []);
    public IReadOnlyList<Voiding> Voidings { get; private set; } = [];

    public IReadOnlyList<(string, string)> ColoniaChoices => Process.Territory.Colonias.Select(c => (c.Id, c.Name)).ToList();
    public IReadOnlyList<(string, string)> ParticipantChoices => Table.Participants.Select(p => (p.Id.ToString(), Seats[p.Id])).ToList();
    private IReadOnlyDictionary<Guid, string> Seats => _seats ??= ChoiceLabels.Seats(Table, ColoniaName);
    private IReadOnlyDictionary<Guid, string>? _seats;
    /// <summary>
    /// The proposals a participant backs now, by title: a merged duplicate's backing under the proposal that absorbed
    /// it, which may be another table's.
    /// </summary>
    public IReadOnlyList<(Guid Id, string Title)> Backs(Guid participantId) => Ranking.Entries
        .Where(e => Ranking.BackedBy(participantId).Contains(e.ProposalId)).Select(e => (e.ProposalId, e.Title)).ToList();

    /// <summary>Every endorsement standing at this table, as the void form offers them.</summary>
    public IReadOnlyList<(string, string)> EndorsementChoices => Table.Participants
        .SelectMany(person => Backs(person.Id).Select(p => (VoidForm.Value(person.Id, p.Id), $"{Seats[person.Id]} respalda «{p.Title}»")))
        .ToList();

    public string ColoniaName(string id) => Process.Territory.Colonias.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation) ? Page() : NotFound();

    /// <remarks>Exclusive on the table, as the endpoint: two people cannot take its last seat.</remarks>
    public async Task<IActionResult> OnPostSeatAsync(CancellationToken cancellation)
    {
        if (!Validate(Seat, nameof(Seat))) return await InvalidAsync(cancellation);
        var now = clock.GetUtcNow();
        var seatId = SeatParticipantEndpoint.SeatId(Id, SeatRequest is { } key && IdempotencyKey.IsWellFormed(key) ? key : null, now);
        var repeated = false;
        var refusal = await writes.DecideAsync<WorkTable>(Id, async (table, session) =>
        {
            var decision = SeatParticipantEndpoint.Decide(await SeatParticipantEndpoint.LoadAsync(table, session, cancellation), table, Seat, seatId, Actor, now);
            repeated = decision.Accepted && decision.Events.Count == 0;
            return decision;
        }, cancellation, exclusive: true);
        return await AnswerAsync(InConsoleWords(refusal), repeated
            ? $"El formulario llegó dos veces y se integró a {Seat.DisplayName.Trim()} a la mesa una sola vez."
            : $"Se integró a {Seat.DisplayName.Trim()} a la mesa.", cancellation);
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
        var proposalId = SubmitProposalEndpoint.ProposalId(Id, ProposalRequest is { } key && IdempotencyKey.IsWellFormed(key) ? key : null, now);
        var repeated = false;
        var refusal = await writes.DecideAsync<WorkTable>(Id, async (table, session) =>
        {
            var process = await SubmitProposalEndpoint.LoadAsync(table, session, cancellation); // under the table's lock, then the process's: a twin send waits, then finds it
            var existing = await session.LoadAsync<Proposal>(proposalId, cancellation);
            var decided = SubmitProposalEndpoint.Decide(process, table, command, proposalId, Actor, now, existing);
            repeated = decided.Accepted && existing is not null;
            return decided.Accepted ? Decision.Accept().AndOnOtherStream([.. decided.Events]) : decided;
        }, cancellation, exclusive: true, otherStream: proposalId, startsOtherStreamOf: typeof(Proposal));
        return await AnswerAsync(InConsoleWords(refusal), repeated
            ? $"El formulario llegó dos veces y la propuesta «{command.Title.Trim()}» se registró una sola vez."
            : $"Se registró la propuesta «{command.Title.Trim()}».", cancellation);
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

    public async Task<IActionResult> OnPostVoidAsync(CancellationToken cancellation)
    {
        var (participantId, proposalId) = Void.Read();
        if (participantId == Guid.Empty) ModelState.AddModelError("Void.Endorsement", "Elija el respaldo que se anula.");
        var command = new VoidEndorsement(participantId, proposalId, Void.Reason ?? "");
        var valid = Validate(command, nameof(Void), new Dictionary<string, string>
        {
            [nameof(VoidEndorsement.ParticipantId)] = "Void.Endorsement", [nameof(VoidEndorsement.ProposalId)] = "Void.Endorsement",
        });
        if (!Void.Confirmed)
            ModelState.AddModelError("Void.Confirmed", "Confirme la anulación: el respaldo deja de contar y queda anulado en la historia de la propuesta.");
        if (!valid || !ModelState.IsValid) return await InvalidAsync(cancellation);
        return await AnswerAsync(await writes.DecideAsync<WorkTable>(Id, async (table, session) =>
            {
                var (process, proposal, ranking) = await VoidEndorsementEndpoint.LoadAsync(command, table, session, cancellation);
                return VoidEndorsementEndpoint.Decide(process, table, proposal, ranking, command, Actor, clock.GetUtcNow());
            }, cancellation, exclusive: true),
            "Se anuló el respaldo: ya no cuenta para la propuesta y la persona puede darlo de nuevo.", cancellation, field: "Void.Endorsement");
    }

    public async Task<IActionResult> OnPostVoidSeatAsync(CancellationToken cancellation)
    {
        var valid = Validate(VoidSeat, nameof(VoidSeat));
        if (!VoidSeatConfirmed)
        {
            ModelState.AddModelError(nameof(VoidSeatConfirmed), "Confirme la anulación: la persona deja la mesa y su lugar queda libre.");
            valid = false;
        }
        if (!valid) return await InvalidAsync(cancellation);
        return await AnswerAsync(await writes.DecideAsync<WorkTable>(Id, async (table, session) =>
            {
                var (process, ranking, presented) = await VoidSeatEndpoint.LoadAsync(VoidSeat, table, session, cancellation);
                return VoidSeatEndpoint.Decide(process, table, ranking, presented, VoidSeat, Actor, clock.GetUtcNow());
            }, cancellation, exclusive: true),
            "Se anuló el lugar: la persona ya no integra la mesa.", cancellation, field: "VoidSeat.ParticipantId");
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<WorkTable>(Id, cancellation) is not { } table) return false;
        Table = table;
        Process = (await session.LoadAsync<ParticipationProcess>(table.ProcessId, cancellation))!;
        Proposals = await session.Query<Proposal>().Where(p => p.TableId == Id).OrderBy(p => p.SubmittedAt).ToListAsync(cancellation);
        Ranking = await session.LoadAsync<ProcessRanking>(table.ProcessId, cancellation) ?? new ProcessRanking(table.ProcessId, []);
        // The reasons live only on the table's stream: the proposals' public histories say a void happened, never why
        // (a reason may name someone). A table's stream is a few dozen events written at a facilitator's pace.
        var events = (await session.Events.FetchStreamAsync(Id, token: cancellation)).Select(e => e.Data).ToList();
        var voidedProposals = events.OfType<EndorsementVoided>().Select(e => e.ProposalId).Distinct().ToList();
        var titles = voidedProposals.Count == 0 ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<Proposal>(cancellation, voidedProposals)).ToDictionary(p => p.Id, p => p.Title);
        Voidings = VoidingsOf(events, titles);
        return true;
    }

    /// <summary>The table's voids in the order they were recorded; a person is named as seated, even after their seat was voided.</summary>
    public static IReadOnlyList<Voiding> VoidingsOf(IReadOnlyList<object> tableEvents, IReadOnlyDictionary<Guid, string> proposalTitles)
    {
        var names = tableEvents.OfType<ParticipantSeated>().DistinctBy(e => e.ParticipantId).ToDictionary(e => e.ParticipantId, e => e.DisplayName);
        return tableEvents.Select(e => e switch
        {
            EndorsementVoided v => new Voiding("Respaldo", names.GetValueOrDefault(v.ParticipantId, "(persona sin registro en esta mesa)"),
                proposalTitles.GetValueOrDefault(v.ProposalId, "(propuesta sin registro)"), v.Reason, v.VoidedBy, v.At),
            ParticipantSeatVoided v => new Voiding("Lugar en la mesa", v.DisplayName, null, v.Reason, v.VoidedBy, v.At),
            _ => null,
        }).OfType<Voiding>().ToList();
    }
}
