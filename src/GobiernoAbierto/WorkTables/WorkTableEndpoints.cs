using System.Security.Claims;
using FluentValidation;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace GobiernoAbierto.WorkTables;

public sealed record ConveneWorkTable(int Number, string Name, TableMode Mode, int Capacity, DateTimeOffset MeetsAt);

public sealed class ConveneWorkTableValidator : AbstractValidator<ConveneWorkTable>
{
    public ConveneWorkTableValidator()
    {
        RuleFor(c => c.Number).InclusiveBetween(1, 99).WithName("número de mesa");
        RuleFor(c => c.Name).NotEmpty().MaximumLength(120).WithName("nombre");
        RuleFor(c => c.Mode).IsInEnum().WithName("modalidad");
        RuleFor(c => c.Capacity).InclusiveBetween(2, 50).WithName("cupo");
    }
}

public sealed record SeatParticipant(string DisplayName, string ColoniaId);

public sealed class SeatParticipantValidator : AbstractValidator<SeatParticipant>
{
    public SeatParticipantValidator()
    {
        RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(80).WithName("nombre para la minuta");
        RuleFor(c => c.ColoniaId).NotEmpty().WithName("colonia");
    }
}

public sealed record EndorseProposal(Guid ParticipantId, Guid ProposalId);

public sealed record WorkTableCreated(Guid TableId, Guid ProcessId, int Number);

public sealed record ParticipantSeatAssigned(Guid TableId, Guid ParticipantId, string DisplayName, int Seated, int Capacity);

public static class WorkTableEndpoints
{
    public static readonly Rejection TableNotFound = Rejection.NotFound("una mesa de trabajo con ese identificador");

    public static Decision DecideConvene(ParticipationProcess process, IReadOnlyList<int> existingNumbers, ConveneWorkTable command,
        Guid tableId, string by, DateTimeOffset now)
    {
        if (StageRules.Require(process, "Instalar una mesa de trabajo", Stage.FirstWorkTable) is { } wrong) return wrong;
        if (existingNumbers.Contains(command.Number))
            return new Rejection("table_number_taken", "Mesa ya instalada", $"Ya existe la mesa {command.Number} en este proceso.");
        return Decision.Accept(new WorkTableConvened(tableId, process.Id, command.Number, command.Name.Trim(), command.Mode, command.Capacity,
            command.MeetsAt, by, now));
    }

    public static Decision DecideSeat(ParticipationProcess process, WorkTable table, SeatParticipant command, Guid participantId,
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

    public static Decision DecideEndorse(ParticipationProcess process, WorkTable table, Proposal? proposal, ProcessRanking ranking,
        EndorseProposal command, string by, DateTimeOffset now)
    {
        if (StageRules.Require(process, "Priorizar propuestas", Stage.FirstWorkTable) is { } wrong) return wrong;
        if (table.FindParticipant(command.ParticipantId) is null)
            return new Rejection("not_seated", "No integra la mesa", "Solo quienes integran la mesa priorizan sus propuestas.", StatusCodes.Status422UnprocessableEntity);
        if (proposal is null || proposal.TableId != table.Id)
            return new Rejection("proposal_not_at_table", "Propuesta de otra mesa", "Cada mesa prioriza solo las propuestas presentadas en ella.", StatusCodes.Status422UnprocessableEntity);
        if (!proposal.IsActive)
            return new Rejection("proposal_inactive", "Propuesta retirada o fusionada", $"La propuesta «{proposal.Title}» ya no está en deliberación.");
        var backed = ranking.BackedBy(command.ParticipantId);
        if (backed.Contains(command.ProposalId))
            return new Rejection("already_endorsed", "Respaldo ya registrado",
                "Esta persona ya respalda esa propuesta (directamente o por una propuesta duplicada que se fusionó en ella).");
        if (backed.Count >= WorkTable.EndorsementsPerParticipant)
            return new Rejection("endorsements_exhausted", "Respaldos agotados",
                $"Cada participante respalda hasta {WorkTable.EndorsementsPerParticipant} propuestas de su mesa; esta persona ya usó los suyos. Un respaldo se libera si la propuesta se retira.");
        return Decision.Accept(new ProposalEndorsed(table.Id, process.Id, command.ProposalId, command.ParticipantId, by, now));
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/processes/{processId}/work-tables", OperationId = "ConveneWorkTable")]
    public static async Task<IResult> Convene(Guid processId, ConveneWorkTable command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation)
    {
        // Locking the process stream serialises conveners, so two tables can't take the same number.
        var process = await session.Events.FetchForExclusiveWriting<ParticipationProcess>(processId, cancellation);
        if (process.Aggregate is null) return Problems.Result(StageRules.ProcessNotFound);
        var numbers = await session.Query<WorkTable>().Where(t => t.ProcessId == processId).Select(t => t.Number).ToListAsync(cancellation);
        var tableId = Guid.CreateVersion7(clock.GetUtcNow());
        var decision = DecideConvene(process.Aggregate, numbers, command, tableId, user.Actor(), clock.GetUtcNow());
        if (decision.Rejection is { } rejection) return Problems.Result(rejection);
        session.Events.StartStream<WorkTable>(tableId, decision.Events.ToArray());
        await session.SaveChangesAsync(cancellation);
        return Results.Created($"/api/work-tables/{tableId}", new WorkTableCreated(tableId, processId, command.Number));
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/work-tables/{tableId}/participants", OperationId = "SeatParticipant")]
    public static async Task<IResult> Seat(Guid tableId, SeatParticipant command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation)
    {
        var participantId = Guid.CreateVersion7(clock.GetUtcNow());
        var process = await LockProcessOf(session, tableId, cancellation);
        if (process is null) return Problems.Result(TableNotFound);
        var (table, rejection) = await EventStreams.DecideAsync<WorkTable>(session, tableId, TableNotFound,
            t => DecideSeat(process, t, command, participantId, user.Actor(), clock.GetUtcNow()), cancellation, exclusive: true);
        return rejection is not null
            ? Problems.Result(rejection)
            : Results.Created($"/api/work-tables/{tableId}", new ParticipantSeatAssigned(tableId, participantId, command.DisplayName.Trim(),
                table!.Participants.Count, table.Capacity));
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/work-tables/{tableId}/endorsements", OperationId = "EndorseProposal")]
    public static async Task<IResult> Endorse(Guid tableId, EndorseProposal command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellation)
    {
        var process = await LockProcessOf(session, tableId, cancellation);
        if (process is null) return Problems.Result(TableNotFound);
        var proposal = await session.LoadAsync<Proposal>(command.ProposalId, cancellation);
        // Consistent with the proposals' streams because every write that feeds the ranking holds the process lock.
        var ranking = await session.LoadAsync<ProcessRanking>(process.Id, cancellation) ?? new ProcessRanking(process.Id, []);
        var (table, rejection) = await EventStreams.DecideAsync<WorkTable>(session, tableId, TableNotFound,
            t => DecideEndorse(process, t, proposal, ranking, command, user.Actor(), clock.GetUtcNow()), cancellation, exclusive: true);
        if (rejection is not null) return Problems.Result(rejection);
        // The inline projection has applied the new endorsement by now.
        ranking = await session.LoadAsync<ProcessRanking>(process.Id, cancellation) ?? ranking;
        return Results.Ok(WorkTableView.From(table!, ranking, includeNames: true));
    }

    [AllowAnonymous]
    [WolverineGet("/api/work-tables/{tableId}", OperationId = "GetWorkTable")]
    public static async Task<IResult> Get(Guid tableId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<WorkTable>(tableId, cancellation) is not { } table) return Problems.Result(TableNotFound);
        var ranking = await session.LoadAsync<ProcessRanking>(table.ProcessId, cancellation) ?? new ProcessRanking(table.ProcessId, []);
        return Results.Ok(WorkTableView.From(table, ranking, includeNames: user.IsInRole(Roles.Staff)));
    }

    [AllowAnonymous]
    [WolverineGet("/api/processes/{processId}/work-tables", OperationId = "ListWorkTables")]
    public static async Task<IResult> List(Guid processId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<ProcessTimeline>(processId, cancellation) is null) return Problems.Result(StageRules.ProcessNotFound);
        var tables = await session.Query<WorkTable>().Where(t => t.ProcessId == processId).OrderBy(t => t.Number).ToListAsync(cancellation);
        var ranking = await session.LoadAsync<ProcessRanking>(processId, cancellation) ?? new ProcessRanking(processId, []);
        return Results.Ok(tables.Select(t => WorkTableView.From(t, ranking, includeNames: user.IsInRole(Roles.Staff))).ToList());
    }

    private static async Task<ParticipationProcess?> LockProcessOf(IDocumentSession session, Guid tableId, CancellationToken cancellation) =>
        await session.LoadAsync<WorkTable>(tableId, cancellation) is { } table
            ? await ProcessLock.HoldAsync(session, table.ProcessId, cancellation)
            : null;
}

/// <summary>EndorsementsUsed: the proposals this participant backs now (ProcessRanking.BackedBy), out of WorkTable.EndorsementsPerParticipant.</summary>
public sealed record SeatView(Guid ParticipantId, string? DisplayName, string ColoniaId, int EndorsementsUsed);

/// <summary>A table as shown: the public sees colonias and counts; participants' names only to staff.</summary>
public sealed record WorkTableView(Guid Id, Guid ProcessId, int Number, string Name, TableMode Mode, int Capacity, int Seated,
    DateTimeOffset MeetsAt, IReadOnlyList<SeatView> Participants)
{
    public static WorkTableView From(WorkTable t, ProcessRanking ranking, bool includeNames) => new(t.Id, t.ProcessId, t.Number, t.Name,
        t.Mode, t.Capacity, t.Participants.Count, t.MeetsAt,
        t.Participants.Select(p => new SeatView(p.Id, includeNames ? p.DisplayName : null, p.ColoniaId, ranking.BackedBy(p.Id).Count)).ToList());
}
