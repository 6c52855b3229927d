using GobiernoAbierto.Process;

namespace GobiernoAbierto.Proposals;

/// <summary>The municipal authorities' feasibility study of a proposal, presented at the second table.</summary>
public sealed record RecordFeasibilityStudy(Assessment Technical, Assessment Legal, Assessment Budget, decimal CostEstimate, Verdict Verdict, string Reasons);

public sealed class RecordFeasibilityStudyValidator : AbstractValidator<RecordFeasibilityStudy>
{
    public RecordFeasibilityStudyValidator()
    {
        RuleFor(c => c.Technical).NotNull().WithName("viabilidad técnica").WithMessage("Indique si es viable técnicamente.");
        RuleFor(c => c.Legal).NotNull().WithName("viabilidad legal").WithMessage("Indique si es viable legalmente.");
        RuleFor(c => c.Budget).NotNull().WithName("viabilidad presupuestal").WithMessage("Indique si cabe en el presupuesto.");
        RuleFor(c => c.CostEstimate).GreaterThan(0).WithMessage("El costo estimado debe ser mayor que cero pesos.")
            .LessThan(1_000_000_000).WithMessage("El costo estimado debe ser menor que mil millones de pesos.")
            .InCentavos("El costo estimado").WithName("costo estimado");
        // Each assessment's notes as long as the console's field takes (a 100 KB note was stored and published: an outside tester).
        foreach (var (assessment, what) in new (System.Linq.Expressions.Expression<Func<RecordFeasibilityStudy, Assessment>>, string)[]
                     { (c => c.Technical, "técnica"), (c => c.Legal, "legal"), (c => c.Budget, "presupuestal") })
            RuleFor(assessment).ChildRules(a => a.RuleFor(x => x.Notes).MaximumLength(2000)
                .WithMessage($"Las notas de la viabilidad {what} llevan hasta 2,000 caracteres.").WithName($"notas de la viabilidad {what}"));
        RuleFor(c => c.Verdict).IsInEnum().WithName("dictamen").WithMessage("Elija el dictamen.");
        RuleFor(c => c.Reasons).NotEmpty().WithMessage("Escriba los motivos del dictamen.")
            .MaximumLength(4000).WithMessage("Los motivos llevan hasta 4,000 caracteres.").WithName("motivos");
        RuleFor(c => c).Must(c => c.Verdict != Verdict.Viable || c.Technical is { Viable: true } && c.Legal is { Viable: true } && c.Budget is { Viable: true })
            .WithName("dictamen").WithMessage("Un dictamen «viable» requiere viabilidad técnica, legal y presupuestal.");
    }
}

public static class RecordFeasibilityStudyEndpoint
{
    public static Decision Decide(ParticipationProcess process, Proposal proposal, RecordFeasibilityStudy command, string by, DateTimeOffset now)
    {
        if (StageRules.RequireDeliberationOpen(process, "Registrar el estudio de factibilidad") is { } wrong) return wrong;
        if (!proposal.IsActive) return Proposal.Inactive(proposal);
        return Decision.Accept(new FeasibilityStudyRecorded(proposal.Id, process.Id, new FeasibilityStudy(command.Technical, command.Legal,
            command.Budget, command.CostEstimate, command.Verdict, command.Reasons.Trim(), by, now)));
    }

    public static async Task<ParticipationProcess> LoadAsync(Proposal proposal, IDocumentSession session, CancellationToken cancellation) =>
        (await ProcessLock.HoldAsync(session, proposal.ProcessId, cancellation))!;

    [Authorize(Roles = Roles.Staff)]
    [ProcessLockFirst]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.ProposalDetails>(StatusCodes.Status200OK)]
    [WolverinePost("/api/proposals/{proposalId}/feasibility", OperationId = "RecordFeasibilityStudy")]
    public static (IResult, Events) Post(RecordFeasibilityStudy command,
        [WriteAggregate("proposalId", MissingMessage = Proposal.NotFoundMessage)] Proposal proposal, ParticipationProcess process,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, proposal, command, user.Actor(), clock.GetUtcNow()).Answer(Answers.View<ProposalDetails>(proposal.Id));
}
