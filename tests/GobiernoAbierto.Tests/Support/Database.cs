using Npgsql;

namespace GobiernoAbierto.Tests.Support;

/// <summary>Direct SQL on a host's schema: what someone with full database access sees and can do.</summary>
public sealed class Database(Func<(string ConnectionString, string Schema)> target)
{
    public Database(ServiceHost host) : this(() => (host.ConnectionString, host.Schema)) { } // read when used: after the host started

    /// <summary>A schema no host of this test is running (a stopped service's).</summary>
    public Database(string connectionString, string schema) : this(() => (connectionString, schema)) { }

    public async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        var (connectionString, schema) = target();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", schema), connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters) => (T)(await RowsAsync(sql, parameters))[0][0]!;

    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        var (connectionString, schema) = target();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", schema), connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return await command.ExecuteNonQueryAsync();
    }

    public Task<long> BallotCountAsync(Guid jornadaId) =>
        ScalarAsync<long>("select count(*) from {schema}.mt_events where stream_id = $1 and type = 'ballot_cast'", jornadaId);

    public Task<long> ParticipationCountAsync(Guid jornadaId) =>
        ScalarAsync<long>("select count(*) from {schema}.participations where jornada_id = $1", jornadaId);
}
