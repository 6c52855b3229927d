using Npgsql;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// Refuses to start with a Voting:VoterKeySecret other than the one this database was first used with. With another
/// secret every voter key, code verifier and sealed urn entry is foreign to the service: it used to start, report
/// healthy, and answer every ballot of an open Jornada with 503 sealed_urn_altered («alguien modificó la urna»), a false
/// alarm of tampering whose cause was the operator's setting. The database keeps an HMAC of a fixed text under the
/// secret (it reveals nothing of the secret); the first start writes it, every later one compares. A database from
/// before the check takes the secret of its first start after it.
/// </summary>
public sealed class SecretCheck(NpgsqlDataSource dataSource, VoterKeys keys, VotingTables tables) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            with written as (insert into {tables.Schema}.secret_check (id, check_value) values (1, $1) on conflict (id) do nothing
                             returning check_value)
            select check_value from written union all select check_value from {tables.Schema}.secret_check where id = 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = keys.SecretCheck() });
        if ((string?)await command.ExecuteScalarAsync(cancellationToken) != keys.SecretCheck())
            throw new WrongSecretException();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class WrongSecretException() : InvalidOperationException(
    "GobiernoAbierto no arranca: Voting:VoterKeySecret (Voting__VoterKeySecret) no es el secreto con el que se usó esta base de " +
    "datos. Con otro secreto el servicio no reconoce a ningún votante ni puede abrir la urna sellada. Use el secreto de siempre " +
    "(el de las demás instancias, el del respaldo); un secreto nuevo es solo para una base de datos nueva.");
