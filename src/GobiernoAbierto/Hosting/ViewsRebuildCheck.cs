using Npgsql;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Refuses to start while `projections rebuild` runs, or after one that did not finish: its views are partly deleted
/// (a Jornada missing from them reads as not found, and voting stops) until a run finishes (ProjectionsCommand).
/// </summary>
public sealed class ViewsRebuildCheck(NpgsqlDataSource dataSource, Ballots.VotingTables tables) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select started_at from {tables.Schema}.{ProjectionsCommand.MarkerTable} where id = 1");
        if (await command.ExecuteScalarAsync(cancellationToken) is DateTime started)
            throw new UnfinishedRebuildException(new DateTimeOffset(started, TimeSpan.Zero));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class UnfinishedRebuildException(DateTimeOffset started) : InvalidOperationException(
    $"GobiernoAbierto no arranca: una reconstrucción de las vistas (projections rebuild) empezó el {QueretaroTime.Format(started)} " +
    "(hora del centro de México) y no ha terminado, o se interrumpió; sus vistas están a medias. Si ya no corre, ejecute de nuevo " +
    "«dotnet GobiernoAbierto.dll projections rebuild» hasta que diga «Listo», y arranque el servicio después.");
