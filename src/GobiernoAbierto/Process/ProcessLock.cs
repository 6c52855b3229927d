
namespace GobiernoAbierto.Process;

/// <summary>
/// Serialises every write that feeds a process's shared read models. The ranking is one document per process and a
/// proposal's details gather events from the proposal's, its table's and the process's streams; inline projections
/// read such a document, apply and upsert it, so two concurrent writes from different streams would lose one update.
/// Locking the process's stream row first (held until the commit) makes them take turns. Tables and proposals are
/// written by people at a facilitator's pace, so the lock costs nothing that matters.
/// </summary>
public static class ProcessLock
{
    public static async Task<ParticipationProcess?> HoldAsync(IDocumentSession session, Guid processId, CancellationToken cancellation) =>
        (await session.Events.FetchForExclusiveWriting<ParticipationProcess>(processId, cancellation)).Aggregate;
}
