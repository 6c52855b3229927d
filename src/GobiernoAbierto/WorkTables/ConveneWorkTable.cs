using GobiernoAbierto.Process;

namespace GobiernoAbierto.WorkTables;

/// <param name="Place">Where an in-person table meets (required for one), as residents would look for it. Public, like the
/// rest of the table: never a video call's link, which would invite anyone in.</param>
public sealed record ConveneWorkTable(int Number, [property: OneLine] string Name, TableMode Mode, int Capacity, DateTimeOffset MeetsAt, [property: OneLine] string? Place = null);

public sealed class ConveneWorkTableValidator : AbstractValidator<ConveneWorkTable>
{
    public const string ChooseMode = "Elija la modalidad: presencial o virtual.";

    public const string PlaceRequired = "Escriba dónde se reúne la mesa presencial, como lo buscarían los vecinos: el lugar y su colonia.";

    public ConveneWorkTableValidator()
    {
        RuleFor(c => c.Number).InclusiveBetween(1, 99).WithName("número de mesa").WithMessage("El número de mesa va del 1 al 99.");
        RuleFor(c => c.Name).NotEmpty().WithMessage("Escriba el nombre de la mesa.")
            .MaximumLength(120).WithMessage("El nombre de la mesa lleva hasta 120 caracteres.").WithName("nombre");
        RuleFor(c => c.Mode).IsInEnum().WithName("modalidad").WithMessage(ChooseMode);
        RuleFor(c => c.Capacity).InclusiveBetween(2, 50).WithName("cupo").WithMessage("El cupo debe ser de 2 a 50 personas.");
        RuleFor(c => c.Place).NotEmpty().When(c => c.Mode == TableMode.InPerson).WithName("sede").WithMessage(PlaceRequired);
        RuleFor(c => c.Place).MaximumLength(200).WithName("sede").WithMessage("La sede lleva hasta 200 caracteres.");
    }
}

public sealed record WorkTableCreated(Guid TableId, Guid ProcessId, int Number);

public static class ConveneWorkTableEndpoint
{
    /// <summary>The refusal of a number another table of the process has: about the number, so the console shows it beside it.</summary>
    public const string NumberTaken = "table_number_taken";

    public static Decision Decide(ParticipationProcess process, IReadOnlyList<int> existingNumbers, ConveneWorkTable command,
        Guid tableId, string by, DateTimeOffset now)
    {
        if (StageRules.Require(process, "Instalar una mesa de trabajo", Stage.FirstWorkTable) is { } wrong) return wrong;
        if (existingNumbers.Contains(command.Number))
            return new Rejection(NumberTaken, "Mesa ya instalada", $"Ya existe la mesa {command.Number} en este proceso.");
        return Decision.Accept(new WorkTableConvened(tableId, process.Id, command.Number, command.Name.Trim(), command.Mode, command.Capacity,
            command.MeetsAt, by, now, string.IsNullOrWhiteSpace(command.Place) ? null : command.Place.Trim()));
    }

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<WorkTableCreated>(StatusCodes.Status201Created)]
    [WolverinePost("/api/processes/{processId}/work-tables", OperationId = "ConveneWorkTable")]
    /// <remarks>Exclusive on the process: the numbers taken are read under its lock, so two conveners can't take one.</remarks>
    public static async Task<(IResult, IStartStream?)> Post(ConveneWorkTable command,
        [WriteAggregate("processId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = StageRules.ProcessNotFoundMessage)] ParticipationProcess process,
        IDocumentSession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation)
    {
        var existingNumbers = await session.Query<WorkTable>().Where(t => t.ProcessId == process.Id).Select(t => t.Number).ToListAsync(cancellation);
        var now = clock.GetUtcNow();
        var tableId = Guid.CreateVersion7(now);
        return Decide(process, existingNumbers, command, tableId, user.Actor(), now)
            .Start<WorkTable>(tableId, Results.Created($"/api/work-tables/{tableId}", new WorkTableCreated(tableId, process.Id, command.Number)));
    }
}
