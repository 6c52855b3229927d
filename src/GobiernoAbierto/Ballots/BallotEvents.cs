namespace GobiernoAbierto.Ballots;

// A ballot's own facts. They are appended to the stream of the Jornada they belong to, so the chain and the seal live
// in one ordered place, but they carry nothing of the person who cast them (README, "Secreto del voto").

public enum BallotChannel { Kiosk, Online }

public static class BallotChannels
{
    /// <summary>The channel as written in the ballot chain, the export and the tally: "kiosk" or "online".</summary>
    public static string Code(this BallotChannel channel) => channel == BallotChannel.Kiosk ? "kiosk" : "online";
}

/// <summary>
/// One anonymous ballot in the chain. Deliberately no voter key, no timestamp of its own, no request id: nothing here
/// points at the participation record of whoever cast it.
/// </summary>
public sealed record BallotCast(Guid JornadaId, long Position, string OptionId, BallotChannel Channel, string? KioskId,
    string Receipt, string PreviousHash, string Hash);

/// <summary>Turnout added by one group commit, per colonia and delegación; no choices in it.</summary>
public sealed record TurnoutRecorded(Guid JornadaId, IReadOnlyDictionary<string, int> ByColonia, IReadOnlyDictionary<string, int> ByDelegacion);

/// <summary>
/// The receipts of the ballots entering the chain go into counted_receipts with their Jornada, inline, in one statement
/// per commit (a Marten document per ballot was an upsert each). The Jornada only: the lookup must never reveal the choice.
/// </summary>
public sealed class CountedReceipts(VotingTables tables) : Marten.Events.Projections.IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<JasperFx.Events.IEvent> events, CancellationToken cancellation)
    {
        var ballots = events.Select(e => e.Data).OfType<BallotCast>().ToList();
        if (ballots.Count > 0)
            operations.QueueSqlCommand(tables.InsertCountedSql, ballots.Select(b => b.Receipt).ToArray(), ballots.Select(b => b.JornadaId).ToArray());
        return Task.CompletedTask;
    }
}
