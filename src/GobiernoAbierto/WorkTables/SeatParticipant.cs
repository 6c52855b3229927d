using GobiernoAbierto.Process;

namespace GobiernoAbierto.WorkTables;

public sealed record SeatParticipant([property: OneLine] string DisplayName, string ColoniaId);

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
    public static readonly Rejection KeyOfAnotherSeat = new("idempotency_key_other_seat", "Clave de reintento de otra persona",
        "La clave Idempotency-Key ya integró a otra persona (u otra colonia) a esta mesa. Un reintento envía exactamente lo mismo; " +
        "para integrar a otra persona, genere una clave nueva.", StatusCodes.Status422UnprocessableEntity);

    public static readonly Rejection SeatVoidedSince = new("seat_voided", "Lugar anulado",
        "Esta solicitud ya había integrado a la persona, y su lugar se anuló después. Para integrarla de nuevo, envíe una solicitud nueva " +
        "(con otra clave Idempotency-Key).");

    /// <param name="participantId">New, or under an Idempotency-Key the one its first request gave (IdempotencyKey.IdFor):
    /// a person that id already seats is that request arriving again, answered with nothing appended (Decision.Accept()).</param>
    public static Decision Decide(ParticipationProcess process, WorkTable table, SeatParticipant command, Guid participantId,
        string by, DateTimeOffset now)
    {
        if (table.FindParticipant(participantId) is { } seated)
            return seated.DisplayName == command.DisplayName.Trim() && seated.ColoniaId == process.Territory.FindColonia(command.ColoniaId)?.Id
                ? Decision.Accept()
                : KeyOfAnotherSeat;
        if (table.VoidedParticipants.Contains(participantId)) return SeatVoidedSince;
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

    /// <summary>The seat's id: new, or the one an Idempotency-Key gives at this table (a retry finds its seat).</summary>
    public static Guid SeatId(Guid tableId, string? requestKey, DateTimeOffset now) =>
        requestKey is null ? Guid.CreateVersion7(now) : IdempotencyKey.IdFor("seat", tableId, requestKey);

    /// <remarks>Exclusive on the table: two people can't take its last seat.</remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ParticipantSeatAssigned>(StatusCodes.Status201Created)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ParticipantSeatAssigned>(StatusCodes.Status200OK)] // a retry with its Idempotency-Key
    [WolverinePost("/api/work-tables/{tableId}/participants", OperationId = "SeatParticipant")]
    public static (IResult, Events) Post(SeatParticipant command,
        [WriteAggregate("tableId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = WorkTable.NotFoundMessage)] WorkTable table,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        ParticipationProcess process, ClaimsPrincipal user, TimeProvider clock)
    {
        if (idempotencyKey is not null && !IdempotencyKey.IsWellFormed(idempotencyKey)) return (Problems.Result(IdempotencyKey.Malformed), new Events());
        var now = clock.GetUtcNow();
        var participantId = SeatId(table.Id, idempotencyKey, now);
        var decision = Decide(process, table, command, participantId, user.Actor(), now);
        if (decision.Accepted && decision.Events.Count == 0)
            return (Results.Ok(new ParticipantSeatAssigned(table.Id, participantId, command.DisplayName.Trim(), table.Participants.Count, table.Capacity)),
                new Events());
        return decision.Answer(Results.Created($"/api/work-tables/{table.Id}", new ParticipantSeatAssigned(table.Id, participantId, command.DisplayName.Trim(),
                table.Participants.Count + 1, table.Capacity)));
    }
}
