namespace GobiernoAbierto.Hosting;

/// <summary>
/// A record created under an identifier the client chose (a Jornada's jornadaId, a process's processId), so that the same
/// request sent again is known. Two sendings at the same moment both found nothing, and the second's commit then failed on
/// the stream's identifier: a 409 «otra operación modificó este registro» instead of «ya se había creado». Holding a lock
/// on the identifier first, in the session's transaction until its commit, makes them take turns: the second reads what
/// the first created. There is no stream row yet to lock (ProcessLock), hence PostgreSQL's advisory lock on a hash of it.
/// </summary>
public static class ChosenIdentifiers
{
    public static Task HoldAsync(IDocumentSession session, Guid id, CancellationToken cancellation) =>
        HoldAsync(session, $"chosen-id|{id:N}", cancellation);

    /// <summary>The same for anything else a person chooses that must stay unique (an account's name as read).</summary>
    public static async Task HoldAsync(IDocumentSession session, string key, CancellationToken cancellation)
    {
        await session.BeginTransactionAsync(cancellation);
        await using var command = new Npgsql.NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))", session.Connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
