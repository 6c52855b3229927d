using GobiernoAbierto.Proposals;
using GobiernoAbierto.Process;
using GobiernoAbierto.Territory;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>A work table built by folding its stream's events through WorkTable.Create and Apply.</summary>
internal sealed class WorkTableBuilder
{
    public static readonly DateTimeOffset MeetsAt = ProcessBuilder.On(Stage.FirstWorkTable);

    private readonly List<object> _events = [];
    private readonly List<Guid> _participants = [];

    private WorkTableBuilder(Guid processId, int number, int capacity)
    {
        Id = Guid.NewGuid();
        ProcessId = processId;
        Number = number;
        _events.Add(new WorkTableConvened(Id, processId, number, $"Mesa {number}", TableMode.InPerson, capacity, MeetsAt,
            ProcessBuilder.Staff, ProcessBuilder.StartedAt));
    }

    public Guid Id { get; }
    public Guid ProcessId { get; }
    public int Number { get; }
    public IReadOnlyList<object> Events => _events;

    public static WorkTableBuilder Convened(ProcessBuilder process, int number = 1, int capacity = 9) => new(process.Id, number, capacity);

    /// <summary>Seats this many more residents, all of the given colonia.</summary>
    public WorkTableBuilder WithParticipants(int count, string coloniaId = "loma-bonita")
    {
        var colonia = QueretaroTerritory.Plan2020.FindColonia(coloniaId) ?? throw new ArgumentException($"No colonia {coloniaId}.");
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            _participants.Add(id);
            Then(new ParticipantSeated(Id, ProcessId, id, $"Participante {_participants.Count} de la mesa {Number}", colonia.Id,
                colonia.DelegacionId, ProcessBuilder.Staff, MeetsAt));
        }
        return this;
    }

    /// <summary>The n-th participant seated (1-based).</summary>
    public Guid Participant(int n) => _participants[n - 1];

    /// <summary>The n-th participant backs the proposal.</summary>
    public WorkTableBuilder WithEndorsement(int participant, Guid proposalId) =>
        Then(new ProposalEndorsed(Id, ProcessId, proposalId, Participant(participant), ProcessBuilder.Staff, MeetsAt.AddHours(1)));

    /// <summary>Each of the given participants (1-based) backs the proposal.</summary>
    public WorkTableBuilder EndorsedBy(Guid proposalId, params int[] participants)
    {
        foreach (var p in participants) WithEndorsement(p, proposalId);
        return this;
    }

    /// <summary>A proposal presented at this table by its n-th participant.</summary>
    public ProposalBuilder Proposal(int author, string title, DateTimeOffset? submittedAt = null) =>
        ProposalBuilder.Submitted(this, author, title, submittedAt);

    public WorkTableBuilder Then(params IEnumerable<object> events)
    {
        _events.AddRange(events);
        return this;
    }

    public WorkTable Build() => Fold(_events);

    public static WorkTable Fold(IEnumerable<object> events) => Support.Fold.Into<WorkTable>(events);
}
