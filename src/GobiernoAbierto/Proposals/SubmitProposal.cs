using GobiernoAbierto.Process;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Proposals;

public sealed record SubmitProposal(Guid ParticipantId, string Title, string Description, string ColoniaId, WorkCategory Category, decimal RoughCost);

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
    public static Decision Decide(ParticipationProcess process, WorkTable table, SubmitProposal command, Guid proposalId, string by, DateTimeOffset now)
    {
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

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ProposalCreated>(StatusCodes.Status201Created)]
    [WolverinePost("/api/work-tables/{tableId}/proposals", OperationId = "SubmitProposal")]
    public static (IResult, IStartStream?) Post(SubmitProposal command,
        [ReadAggregate("tableId", MissingMessage = WorkTable.NotFoundMessage)] WorkTable table, ParticipationProcess process,
        ClaimsPrincipal user, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        return Decide(process, table, command, id, user.Actor(), now)
            .Start<Proposal>(id, Results.Created($"/api/proposals/{id}", new ProposalCreated(id, process.Id, table.Id, command.Title.Trim())));
    }
}
