using Npgsql;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// Refuses to start with a Voting:VoterKeySecret other than the one this database was first used with. With another
/// secret every voter key, code verifier and sealed urn entry is foreign to the service: it used to start, report
/// healthy, and answer every ballot of an open Jornada with 503 sealed_urn_altered («alguien modificó la urna»), a false
/// alarm of tampering whose cause was the operator's setting. The database keeps an HMAC of a fixed text under the
/// secret (it reveals nothing of the secret); the first start writes it, every later one compares. The upsert returns
/// the stored value even when another instance's first start wrote it a moment before (it waits for that row's lock).
/// A database from before the check takes the secret of its first start after it, said in the log once; README says how
/// to clear it after a start with the wrong one.
/// </summary>
public sealed class SecretCheck(NpgsqlDataSource dataSource, VoterKeys keys, VotingTables tables, ILogger<SecretCheck> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // xmax = 0: this start wrote the row (an update of the existing row sets it).
        await using var command = dataSource.CreateCommand($"""
            insert into {tables.Schema}.secret_check (id, check_value) values (1, $1)
            on conflict (id) do update set check_value = secret_check.check_value
            returning check_value, xmax = 0, exists (select from {tables.Schema}.mt_events)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = keys.SecretCheck() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.GetString(0) != keys.SecretCheck()) throw new WrongSecretException();
        if (reader.GetBoolean(1) && reader.GetBoolean(2))
            log.LogWarning("This database had no record of its Voting:VoterKeySecret (it is from before the check): the secret of this " +
                "start is now the one every later start must have. If voters or the sealed urn are not recognised, it was the wrong " +
                "one: stop every instance, run «delete from {Schema}.secret_check» and start with the right one", tables.Schema);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class WrongSecretException() : InvalidOperationException("GobiernoAbierto no arranca: " + Why)
{
    public const string Why =
        "Voting:VoterKeySecret (Voting__VoterKeySecret) no es el secreto con el que se usó esta base de " +
        "datos. Con otro secreto el servicio no reconoce a ningún votante ni puede abrir la urna sellada. Use el secreto de siempre " +
        "(el de las demás instancias, el del respaldo); un secreto nuevo es solo para una base de datos nueva.";
}
