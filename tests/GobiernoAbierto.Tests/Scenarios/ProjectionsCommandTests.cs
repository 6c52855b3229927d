using GobiernoAbierto.Tests.Support;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// `projections rebuild`, run as an operator runs it (the built service, the service's environment), on the Querétaro
/// sample: a whole process, a published Jornada with its 300 ballots and an open one.
/// </summary>
public sealed class when_the_stored_views_are_rebuilt_from_the_events
{
    // Marten documents that are not computed from events: Wolverine's messages and the consoles' cookie keys.
    private static readonly string[] NotViews = ["mt_doc_envelope", "mt_doc_deadletterevent", "mt_doc_dataprotectionkeys_storedkey"];

    /// <summary>The service's settings, as an operator gives the command the service's environment.</summary>
    private static Task<ServiceCommand.Run> ProjectionsAsync(string connectionString, string schema, params string[] args) =>
        ServiceCommand.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = Hosting.ProductionChecks.TestingEnvironment,
            ["ConnectionStrings__GobiernoAbierto"] = connectionString,
            ["Marten__Schema"] = schema,
            ["Voting__VoterKeySecret"] = ServiceHost.VoterKeySecret,
        }, TimeSpan.FromMinutes(2), ["projections", .. args]);

    /// <summary>Every stored view, row by row: the documents of Marten's projections, and counted_receipts.</summary>
    private static async Task<Dictionary<string, List<string>>> ViewsAsync(Database database)
    {
        var tables = (await database.RowsAsync("""
            select table_name from information_schema.tables where table_schema = '{schema}' and table_name like 'mt_doc_%' order by 1
            """)).Select(r => (string)r[0]!).Except(NotViews).ToList();
        var views = new Dictionary<string, List<string>>();
        foreach (var table in tables)
            views[table] = (await database.RowsAsync($"select id::text || ' ' || data::text from {{schema}}.{table} order by id::text")).Select(r => (string)r[0]!).ToList();
        views["counted_receipts"] = (await database.RowsAsync("select receipt || ' ' || jornada_id from {schema}.counted_receipts order by receipt"))
            .Select(r => (string)r[0]!).ToList();
        return views;
    }

    /// <summary>Views computed wrongly, as a bug of an earlier version could have left them.</summary>
    private const string WrongViews = """
        update {schema}.mt_doc_jornada set data = jsonb_set(data, '{Title}', '"vista alterada"');
        delete from {schema}.mt_doc_proposaldetails;
        delete from {schema}.mt_doc_auditlog;
        delete from {schema}.mt_doc_turnouttimeline;
        delete from {schema}.counted_receipts where receipt in (select receipt from {schema}.counted_receipts order by receipt limit 10);
        insert into {schema}.counted_receipts (receipt, jornada_id) values ('RECIBO-QUE-NO-EXISTE', '00000000-0000-0000-0000-000000000001');
        """;

    [Fact]
    public async Task with_the_service_stopped_every_view_is_computed_again_from_the_events_as_it_was()
    {
        var schema = TestDatabase.NewSchemaName();
        var connectionString = await TestDatabase.ConnectionStringAsync();
        Dictionary<string, List<string>> before;
        await using (var service = new ServiceHost(schema, loadSample: true))
        {
            await service.InitializeAsync();
            var admin = await ServiceCommand.RunAsync(new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = Hosting.ProductionChecks.TestingEnvironment, ["ConnectionStrings__GobiernoAbierto"] = connectionString,
                ["Marten__Schema"] = schema, ["Marten__DaemonMode"] = "Disabled", ["Voting__VoterKeySecret"] = ServiceHost.VoterKeySecret,
            }, TimeSpan.FromMinutes(2), "accounts", "create-admin", "--user", "ana.admin", "--name", "Ana Administradora");
            Assert.True(admin.ExitCode == 0, admin.Error); // an account's view too
            await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            var database = new Database(service);
            before = await ViewsAsync(database);
            Assert.Equal(300, before["counted_receipts"].Count);
            Assert.All(new[] { "mt_doc_jornada", "mt_doc_proposaldetails", "mt_doc_auditlog", "mt_doc_turnouttimeline", "mt_doc_account" },
                table => Assert.True(before[table].Count > 0, $"{table} is empty"));
            await database.ExecuteAsync(WrongViews);
        }

        var run = await ProjectionsAsync(connectionString, schema, "rebuild");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Equal("", run.Error);
        Assert.StartsWith("Reconstruyendo 14 vistas de los hechos registrados", run.Output);
        foreach (var view in new[] { "Jornada", "ProposalDetails", "AuditLog", "TurnoutTimeline", "CountedReceipts", "KioskCredential", "Account" })
            Assert.Matches($@"(?m)^  {view} +hecha \(\d+\.\d s\)$", run.Output);
        Assert.Contains("Puede arrancar el servicio.", run.Output);
        var after = await ViewsAsync(new Database(connectionString, schema));
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (table, rows) in before) Assert.True(rows.SequenceEqual(after[table]), $"{table} differs after the rebuild");
    }

    [Fact]
    public async Task while_a_service_of_the_schema_is_connected_it_refuses_and_changes_nothing()
    {
        await using var service = new ServiceHost(TestDatabase.NewSchemaName(), loadSample: true);
        await service.InitializeAsync();
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var database = new Database(service);
        await database.ExecuteAsync(WrongViews);
        var wrong = await ViewsAsync(database);

        var run = await ProjectionsAsync(service.ConnectionString, service.Schema, "rebuild");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"^El servicio está conectado a la base «[^»]+»: \d+ sesi(ón|ones) «GobiernoAbierto/" + service.Schema + "»", run.Error);
        Assert.Contains("Detenga todas sus instancias antes de reconstruir las vistas. No se reconstruyó nada.", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Equal("", run.Output);
        var after = await ViewsAsync(database);
        foreach (var (table, rows) in wrong) Assert.True(rows.SequenceEqual(after[table]), $"{table} changed although the command refused");
        Assert.Contains(after["counted_receipts"], r => r.StartsWith("RECIBO-QUE-NO-EXISTE ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_view_that_does_not_exist_is_named_with_the_ones_that_do_and_nothing_is_rebuilt()
    {
        var run = await ProjectionsAsync(await TestDatabase.ConnectionStringAsync(), TestDatabase.NewSchemaName(), "rebuild", "Jornadas");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("No hay vista llamada «Jornadas». Son: ", run.Error);
        Assert.Contains("Jornada, KioskCredential, CountedReceipts", run.Error);
        Assert.EndsWith("No se reconstruyó nada." + System.Environment.NewLine, run.Error);
    }
}
