using GobiernoAbierto.Process;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Proposals;

public sealed record SubmitProposal(Guid ParticipantId, [property: OneLine] string Title, string Description, string ColoniaId, WorkCategory Category, decimal RoughCost);

public sealed class SubmitProposalValidator : AbstractValidator<SubmitProposal>
{
    public SubmitProposalValidator()
    {
        RuleFor(c => c.Title).NotEmpty().WithMessage("Escriba el título de la propuesta.")
            .MaximumLength(200).WithMessage("El título de la propuesta lleva hasta 200 caracteres.").WithName("título");
        RuleFor(c => c.Description).NotEmpty().WithMessage("Describa la propuesta.")
            .MaximumLength(4000).WithMessage("La descripción lleva hasta 4,000 caracteres.").WithName("descripción");
        RuleFor(c => c.ColoniaId).NotEmpty().WithName("colonia").WithMessage("Elija la colonia de la obra.");
        RuleFor(c => c.Category).IsInEnum().WithName("categoría").WithMessage("Elija el tipo de obra.");
        RuleFor(c => c.RoughCost).GreaterThan(0).WithMessage("El costo aproximado debe ser mayor que cero pesos.")
            .LessThan(1_000_000_000).WithMessage("El costo aproximado debe ser menor que mil millones de pesos.")
            .InCentavos("El costo aproximado").WithName("costo aproximado");
    }
}

public sealed record ProposalCreated(Guid ProposalId, Guid ProcessId, Guid TableId, string Title);

/// <summary>Staff facilitators record what participants present at their table.</summary>
public static class SubmitProposalEndpoint
{
    public static readonly Rejection KeyOfAnotherProposal = new("idempotency_key_other_proposal", "Clave de reintento de otra propuesta",
        "La clave Idempotency-Key ya registró otra propuesta (u otros datos de esta). Un reintento envía exactamente lo mismo; para " +
        "registrar otra propuesta, genere una clave nueva.", StatusCodes.Status422UnprocessableEntity);

    /// <summary>The proposal's id: new, or the one an Idempotency-Key gives at this table (a retry finds its proposal).</summary>
    public static Guid ProposalId(Guid tableId, string? requestKey, DateTimeOffset now) =>
        requestKey is null ? Guid.CreateVersion7(now) : IdempotencyKey.IdFor("proposal", tableId, requestKey);

    /// <param name="existing">The proposal already under proposalId: the same request arriving again when it is the same
    /// proposal, answered with nothing appended (Decision.Accept()).</param>
    public static Decision Decide(ParticipationProcess process, WorkTable table, SubmitProposal command, Guid proposalId, string by, DateTimeOffset now,
        Proposal? existing = null)
    {
        if (existing is not null)
            return existing.TableId == table.Id && existing.AuthorId == command.ParticipantId && existing.Title == command.Title.Trim() &&
                   existing.Description == command.Description.Trim() && existing.ColoniaId == process.Territory.FindColonia(command.ColoniaId)?.Id &&
                   existing.Category == command.Category && existing.RoughCost == command.RoughCost
                ? Decision.Accept()
                : KeyOfAnotherProposal;
        if (StageRules.Require(process, "Presentar propuestas", Stage.FirstWorkTable) is { } wrong) return wrong;
        if (table.FindParticipant(command.ParticipantId) is null) return Proposal.NotSeated(table);
        if (process.Territory.FindColonia(command.ColoniaId) is not { } colonia)
            return new Rejection("colonia_outside_territory", "Colonia fuera del proceso",
                $"La obra debe ubicarse en una colonia del proceso; «{command.ColoniaId}» no lo es.", StatusCodes.Status422UnprocessableEntity);
        return Decision.Accept(new ProposalSubmitted(proposalId, process.Id, table.Id, table.Number, command.ParticipantId, command.Title.Trim(),
            command.Description.Trim(), colonia.Id, command.Category, command.RoughCost, by, now));
    }

    public static async Task<ParticipationProcess> LoadAsync(WorkTable table, IDocumentSession session, CancellationToken cancellation) =>
        (await ProcessLock.HoldAsync(session, table.ProcessId, cancellation))!;

    /// <remarks>
    /// The proposal is looked for once the process's lock is held (LoadAsync runs first): two sends of one key at the
    /// same moment take turns, and the second finds what the first recorded. The table is read under its own lock, taken
    /// first as seating and freeing a seat take it: a seat freed at the same moment is seen freed (422 not_seated).
    /// </remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ProposalCreated>(StatusCodes.Status201Created)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ProposalCreated>(StatusCodes.Status200OK)] // a retry with its Idempotency-Key
    [WolverinePost("/api/work-tables/{tableId}/proposals", OperationId = "SubmitProposal")]
    public static async Task<(IResult, IStartStream?)> Post(SubmitProposal command,
        [WriteAggregate("tableId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = WorkTable.NotFoundMessage)] WorkTable table, ParticipationProcess process,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        IDocumentSession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation)
    {
        if (idempotencyKey is not null && !IdempotencyKey.IsWellFormed(idempotencyKey)) return (Problems.Result(IdempotencyKey.Malformed), null);
        var now = clock.GetUtcNow();
        var id = ProposalId(table.Id, idempotencyKey, now);
        var existing = idempotencyKey is null ? null : await session.LoadAsync<Proposal>(id, cancellation);
        var decision = Decide(process, table, command, id, user.Actor(), now, existing);
        var created = new ProposalCreated(id, process.Id, table.Id, command.Title.Trim());
        if (decision.Accepted && existing is not null) return (Results.Ok(created), null);
        return decision.Start<Proposal>(id, Results.Created($"/api/proposals/{id}", created));
    }
}
