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
        Assert.StartsWith("Verificando 2 Jornadas antes de reconstruir (como verify --database)…", run.Output);
        Assert.Contains("Reconstruyendo 14 vistas de los hechos registrados", run.Output);
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

    /// <summary>
    /// The stored Jornada is what shows that its record lost its last facts (a deleted certification): rebuilt from the
    /// facts that remain, it would show nothing, and `verify --database` would then pass.
    /// </summary>
    [Fact]
    public async Task a_jornada_whose_record_lost_its_last_facts_is_named_and_nothing_is_rebuilt_over_the_evidence()
    {
        var schema = TestDatabase.NewSchemaName();
        var connectionString = await TestDatabase.ConnectionStringAsync();
        var database = new Database(connectionString, schema);
        await using (var service = new ServiceHost(schema, loadSample: true)) await service.InitializeAsync();
        var published = (Guid)(await database.RowsAsync("select stream_id from {schema}.mt_events where type = 'chosen_project_published'")).Single()[0]!;
        Assert.Equal(1, await database.ExecuteAsync("delete from {schema}.mt_events where stream_id = $1 and type = 'chosen_project_published'", published));
        var stored = await database.ScalarAsync<string>("select data::text from {schema}.mt_doc_jornada where id = $1", published);

        var run = await ProjectionsAsync(connectionString, schema, "rebuild");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"No se reconstruyó nada: la verificación encontró alterada la Jornada {published}.", run.Error);

        // A Jornada whose creation was deleted is found by its stored state, and named too.
        var open = (Guid)(await database.RowsAsync("select id from {schema}.mt_doc_jornada where id <> $1", published)).Single()[0]!;
        Assert.Equal(1, await database.ExecuteAsync("delete from {schema}.mt_events where stream_id = $1 and type = 'jornada_created'", open));
        var again = await ProjectionsAsync(connectionString, schema, "rebuild");
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("No se reconstruyó nada: la verificación encontró alteradas las Jornadas ", again.Error);
        Assert.Contains(published.ToString(), again.Error);
        Assert.Contains(open.ToString(), again.Error);
        Assert.Contains("verify --database", run.Error);
        Assert.Contains("Verificando 2 Jornadas antes de reconstruir", run.Output);
        Assert.DoesNotContain("Reconstruyendo", run.Output);
        Assert.Equal(stored, await database.ScalarAsync<string>("select data::text from {schema}.mt_doc_jornada where id = $1", published));
    }

    /// <summary>A run interrupted halfway leaves views deleted: the service does not start on them until a run finishes.</summary>
    [Fact]
    public async Task after_a_rebuild_that_did_not_finish_the_service_refuses_to_start_until_one_does()
    {
        var schema = TestDatabase.NewSchemaName();
        var connectionString = await TestDatabase.ConnectionStringAsync();
        await using (var first = new ServiceHost(schema)) await first.InitializeAsync();
        // As a run leaves it when stopped after it began: its mark, and a view already deleted.
        await new Database(connectionString, schema).ExecuteAsync("""
            insert into {schema}.views_rebuild (id, started_at) values (1, now());
            delete from {schema}.mt_doc_jornada;
            """);

        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var second = new ServiceHost(schema);
            await second.InitializeAsync();
        });
        var unfinished = Assert.IsType<Hosting.UnfinishedRebuildException>(Unwrap(refused));
        Assert.StartsWith("GobiernoAbierto no arranca: una reconstrucción de las vistas (projections rebuild) empezó el ", unfinished.Message);
        Assert.Contains("ejecute de nuevo «dotnet GobiernoAbierto.dll projections rebuild» hasta que diga «Listo»", unfinished.Message);

        var run = await ProjectionsAsync(connectionString, schema, "rebuild");
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Equal(0L, await new Database(connectionString, schema).ScalarAsync<long>("select count(*) from {schema}.views_rebuild"));
        await using var third = new ServiceHost(schema);
        await third.InitializeAsync(); // starts
    }

    private static Exception Unwrap(Exception e) =>
        e is Hosting.UnfinishedRebuildException || e.InnerException is null ? e : Unwrap(e.InnerException);

    [Fact]
    public async Task a_view_that_does_not_exist_is_named_with_the_ones_that_do_and_nothing_is_rebuilt()
    {
        var run = await ProjectionsAsync(await TestDatabase.ConnectionStringAsync(), TestDatabase.NewSchemaName(), "rebuild", "Jornadas");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("No hay vista llamada «Jornadas». Son: ", run.Error);
        Assert.Contains("Jornada, KioskCredential, CountedReceipts", run.Error);
        Assert.EndsWith("No se reconstruyó nada." + System.Environment.NewLine, run.Error);
    }

    /// <summary>A Jornada's kiosks and the kiosk credentials say together whether each kiosk's device took its link: one is never rebuilt alone.</summary>
    [Fact]
    public async Task naming_the_kiosk_credentials_rebuilds_the_jornadas_with_them()
    {
        var schema = TestDatabase.NewSchemaName();
        var connectionString = await TestDatabase.ConnectionStringAsync();
        await using (var service = new ServiceHost(schema, loadSample: true)) await service.InitializeAsync();

        var run = await ProjectionsAsync(connectionString, schema, "rebuild", "KioskCredential");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("Jornada y KioskCredential se reconstruyen juntas", run.Output);
        Assert.Contains("Reconstruyendo 2 vistas", run.Output);
        foreach (var view in new[] { "Jornada", "KioskCredential" })
            Assert.Matches($@"(?m)^  {view} +hecha \(\d+\.\d s\)$", run.Output);
    }
}
