namespace GobiernoAbierto.WorkTables;

// A mesa de trabajo: residents of the territory with municipal authorities, virtual or in person, 9 seats by
// default (the seed's 8 tables of 9 people). Personal data is kept to what the process needs: the name a
// participant wants in the minutes and their colonia; no identifier, address, phone or e-mail.

public enum TableMode { Virtual, InPerson }

public static class TableModes
{
    public static string Label(this TableMode mode) => mode == TableMode.Virtual ? "Virtual" : "Presencial";
}

public sealed record Participant(Guid Id, string DisplayName, string ColoniaId, string DelegacionId);

/// <param name="Place">Null in events from before tables had one.</param>
public sealed record WorkTableConvened(Guid TableId, Guid ProcessId, int Number, string Name, TableMode Mode, int Capacity,
    DateTimeOffset MeetsAt, string ConvenedBy, DateTimeOffset ConvenedAt, string? Place = null);

public sealed record ParticipantSeated(Guid TableId, Guid ProcessId, Guid ParticipantId, string DisplayName, string ColoniaId,
    string DelegacionId, string SeatedBy, DateTimeOffset SeatedAt);

public sealed record WorkTable
{
    public const string NotFoundMessage = "No existe una mesa de trabajo con ese identificador.";
    public static readonly Rejection NotFound = Rejection.NotFound("una mesa de trabajo con ese identificador");

    /// <summary>How many proposals each participant may back at the first table.</summary>
    public const int EndorsementsPerParticipant = 3;

    public Guid Id { get; init; }
    public int Version { get; init; }
    public Guid ProcessId { get; init; }
    public int Number { get; init; }
    public string Name { get; init; } = "";

    /// <summary>
    /// «Mesa 1. Loma Bonita»; a name that already begins with its number (as the console's form suggests, «Mesa 1 —
    /// Delegación…») alone, not «Mesa 1. Mesa 1 — …».
    /// </summary>
    public string Heading
    {
        get
        {
            var prefix = $"Mesa {Number}";
            var named = Name.Trim();
            return named.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (named.Length == prefix.Length || !char.IsDigit(named[prefix.Length]))
                ? named : $"{prefix}. {named}";
        }
    }
    public TableMode Mode { get; init; }
    public int Capacity { get; init; }
    public DateTimeOffset MeetsAt { get; init; }
    public string? Place { get; init; }
    public IReadOnlyList<Participant> Participants { get; init; } = [];

    /// <summary>Seats voided: an id is never seated again (a retry of the request that first seated it, under its key).</summary>
    public IReadOnlyList<Guid> VoidedParticipants { get; init; } = [];

    public bool IsFull => Participants.Count >= Capacity;
    public Participant? FindParticipant(Guid id) => Participants.FirstOrDefault(p => p.Id == id);

    public static WorkTable Create(WorkTableConvened e) => new()
    {
        Id = e.TableId, ProcessId = e.ProcessId, Number = e.Number, Name = e.Name, Mode = e.Mode, Capacity = e.Capacity, MeetsAt = e.MeetsAt,
        Place = e.Place,
    };

    public WorkTable Apply(ParticipantSeated e) => this with
    {
        Participants = [.. Participants, new Participant(e.ParticipantId, e.DisplayName, e.ColoniaId, e.DelegacionId)],
    };

    public WorkTable Apply(ParticipantSeatVoided e) => this with
    {
        Participants = Participants.Where(p => p.Id != e.ParticipantId).ToList(), VoidedParticipants = [.. VoidedParticipants, e.ParticipantId],
    };
}
