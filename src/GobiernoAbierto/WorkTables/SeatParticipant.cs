using GobiernoAbierto.Process;

namespace GobiernoAbierto.WorkTables;

public sealed record SeatParticipant(string DisplayName, string ColoniaId);

public sealed class SeatParticipantValidator : AbstractValidator<SeatParticipant>
{
    public SeatParticipantValidator()
    {
        RuleFor(c => c.DisplayName).NotEmpty().WithMessage("Escriba el nombre de la persona como irá en la minuta, p. ej. «María G.».")
            .MaximumLength(80).WithMessage("El nombre para la minuta lleva hasta 80 caracteres.").WithName("nombre para la minuta");
        RuleFor(c => c.ColoniaId).NotEmpty().WithName("colonia").WithMessage("Elija la colonia donde vive.");
    }
}

public sealed record ParticipantSeatAssigned(Guid TableId, Guid ParticipantId, string DisplayName, int Seated, int Capacity);

public static class SeatParticipantEndpoint
{
    public static Decision Decide(ParticipationProcess process, WorkTable table, SeatParticipant command, Guid participantId,
        string by, DateTimeOffset now)
    {
        if (StageRules.Require(process, "Integrar participantes a una mesa", Stage.FirstWorkTable) is { } wrong) return wrong;
        if (table.IsFull)
            return new Rejection("table_full", "Mesa completa",
                $"La mesa {table.Number} ya tiene sus {table.Capacity} lugares ocupados. Integre a la persona en otra mesa.");
        var colonia = process.Territory.FindColonia(command.ColoniaId);
        if (colonia is null)
            return new Rejection("colonia_outside_territory", "Colonia fuera del proceso",
                $"La colonia «{command.ColoniaId}» no está en el territorio del proceso; solo participan habitantes de sus colonias.",
                StatusCodes.Status422UnprocessableEntity);
        return Decision.Accept(new ParticipantSeated(table.Id, process.Id, participantId, command.DisplayName.Trim(), colonia.Id,
            colonia.DelegacionId, by, now));
    }

    public static async Task<ParticipationProcess> LoadAsync(WorkTable table, IDocumentSession session, CancellationToken cancellation) =>
        (await ProcessLock.HoldAsync(session, table.ProcessId, cancellation))!;

    /// <remarks>Exclusive on the table: two people can't take its last seat.</remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ParticipantSeatAssigned>(StatusCodes.Status201Created)]
    [WolverinePost("/api/work-tables/{tableId}/participants", OperationId = "SeatParticipant")]
    public static (IResult, Events) Post(SeatParticipant command,
        [WriteAggregate("tableId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = WorkTable.NotFoundMessage)] WorkTable table,
        ParticipationProcess process, ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var participantId = Guid.CreateVersion7(now);
        return Decide(process, table, command, participantId, user.Actor(), now)
            .Answer(Results.Created($"/api/work-tables/{table.Id}", new ParticipantSeatAssigned(table.Id, participantId, command.DisplayName.Trim(),
                table.Participants.Count + 1, table.Capacity)));
    }
}
