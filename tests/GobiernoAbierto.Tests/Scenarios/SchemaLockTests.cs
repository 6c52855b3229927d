using System.Net;
using GobiernoAbierto.Tests.Support;
using Npgsql;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A service starting while another holds the lock under which Marten updates the schema (a replica started at the same
/// moment, still migrating) waits for it. It gave up after 10 s and failed to start: under a full test run's load the
/// services of two test classes started together and one of them failed so («Unable to attain the global lock in time»).
/// </summary>
public sealed class when_another_replica_updates_the_schema_for_a_while_at_start
{
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(15);

    private sealed class ServiceBehindTheLock() : ServiceHost(TestDatabase.NewSchemaName())
    {
        public string? Database { get; private set; }
        public Task? Released { get; private set; }

        protected override async Task<string> ConnectionStringForServiceAsync()
        {
            (Database, var own) = await TestDatabase.CreateOwnAsync("ga_lock_");
            // Advisory locks are the database's own: this one stops only this service.
            var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(own) { Pooling = false }.ConnectionString); // closed, not pooled, at the end
            await holder.OpenAsync();
            await using (var take = new NpgsqlCommand("select pg_advisory_lock($1)", holder) { Parameters = { new() { Value = (long)new Marten.StoreOptions().ApplyChangesLockId } } })
                await take.ExecuteNonQueryAsync();
            Released = Task.Run(async () =>
            {
                await Task.Delay(HeldFor);
                await holder.DisposeAsync(); // the replica's session ends, and its lock with it
            });
            return own;
        }
    }

    [Fact]
    public async Task it_waits_and_starts()
    {
        var service = new ServiceBehindTheLock();
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await service.InitializeAsync();
            Assert.True(started.Elapsed >= HeldFor - TimeSpan.FromSeconds(1), $"started after {started.Elapsed}: the lock was not in its way");
            using var anonymous = service.Client();
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            if (service.Released is { } released) await released;
            await service.DisposeAsync();
            if (service.Database is { } database) await TestDatabase.DropAsync(database);
        }
    }
}
