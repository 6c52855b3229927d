using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Runtime;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// Wolverine runs the HTTP endpoints and the aggregate workflow, and the service sends no message. So no Wolverine node
/// registers itself or polls PostgreSQL for messages, leader elections or scheduled work: during a database outage
/// those agents each logged an error with its stack trace every few seconds (dozens a minute), drowning the service's
/// own warnings, and on voting day they would poll for nothing.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_the_service_runs_its_endpoints_through_wolverine(ServiceFixture service)
{
    [Fact]
    public async Task no_durability_agent_runs_and_no_node_registers_in_the_database()
    {
        var runtime = service.Services.GetRequiredService<IWolverineRuntime>();
        Assert.Equal(DurabilityMode.MediatorOnly, runtime.Options.Durability.Mode);

        var tables = await new Database(service).RowsAsync(
            "select table_name from information_schema.tables where table_schema = '{schema}' and table_name = 'wolverine_nodes'");
        if (tables.Count > 0) Assert.Equal(0L, await new Database(service).ScalarAsync<long>("select count(*) from {schema}.wolverine_nodes"));
    }
}
