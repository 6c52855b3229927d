using GobiernoAbierto.Process;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Proposals;

// The work tables as deliberation shows them: who sits where and how many endorsements each participant has used,
// which the process's ranking knows (withdrawals give endorsements back, merged duplicates count once).

/// <summary>
/// EndorsementsUsed: the proposals this participant backs now (ProcessRanking.BackedBy), out of
/// WorkTable.EndorsementsPerParticipant. ParticipantId, DisplayName and EndorsementsUsed: staff only (null in a public
/// answer; beside the colonia of its only participant at a table, even a count says what one person did).
/// </summary>
public sealed record SeatView(Guid? ParticipantId, string? DisplayName, string ColoniaId, int? EndorsementsUsed);

/// <summary>
/// A table as shown: the public sees colonias and counts; participants' names and ids only staff (an id would tie the
/// one person of a colonia at the table to the proposals that list it among their endorsers).
/// </summary>
public sealed record WorkTableView(Guid Id, Guid ProcessId, int Number, string Name, TableMode Mode, int Capacity, int Seated,
    DateTimeOffset MeetsAt, IReadOnlyList<SeatView> Participants, string? Place)
{
    public static WorkTableView From(WorkTable t, ProcessRanking ranking, bool forStaff) => new(t.Id, t.ProcessId, t.Number, t.Name,
        t.Mode, t.Capacity, t.Participants.Count, t.MeetsAt,
        t.Participants.Select(p => forStaff
            ? new SeatView(p.Id, p.DisplayName, p.ColoniaId, ranking.BackedBy(p.Id).Count)
            : new SeatView(null, null, p.ColoniaId, null)).ToList(), t.Place);

    public static async Task<WorkTableView?> ReadAsync(IQuerySession session, Guid tableId, bool forStaff, CancellationToken cancellation) =>
        await session.LoadAsync<WorkTable>(tableId, cancellation) is { } table
            ? From(table, await session.LoadAsync<ProcessRanking>(table.ProcessId, cancellation) ?? new ProcessRanking(table.ProcessId, []), forStaff)
            : null;
}

public static class WorkTableViewEndpoints
{
    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Proposals.WorkTableView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/work-tables/{tableId}", OperationId = "GetWorkTable")]
    public static async Task<IResult> Get(Guid tableId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        await WorkTableView.ReadAsync(session, tableId, user.IsInRole(Roles.Staff), cancellation) is { } view
            ? Results.Ok(view)
            : Problems.Result(WorkTable.NotFound);

    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<GobiernoAbierto.Proposals.WorkTableView>>(StatusCodes.Status200OK)]
    [WolverineGet("/api/processes/{processId}/work-tables", OperationId = "ListWorkTables")]
    public static async Task<IResult> List(Guid processId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<ProcessTimeline>(processId, cancellation) is null) return Problems.Result(StageRules.ProcessNotFound);
        var tables = await session.Query<WorkTable>().Where(t => t.ProcessId == processId).OrderBy(t => t.Number).ToListAsync(cancellation);
        var ranking = await session.LoadAsync<ProcessRanking>(processId, cancellation) ?? new ProcessRanking(processId, []);
        return Results.Ok(tables.Select(t => WorkTableView.From(t, ranking, forStaff: user.IsInRole(Roles.Staff))).ToList());
    }
}
