using System.Diagnostics;
using System.Globalization;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using JasperFx.Events.Projections;
using Marten.Events;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// `projections list` and `projections rebuild [NAME…]`: every view the service stores (each Jornada's state with its
/// tally and chain head, processes, proposals, work tables, the audit log, the counted receipts…) is computed from the
/// events, which never change. A rebuild deletes the views and computes them again from the events, with the code of
/// this version: after a fix in how a view is computed, or to compare a view with what the events say. Marten's daemon
/// does it for each projection, inline ones included; counted_receipts is filled again by SQL from the events.
/// Only with every instance of the service stopped (inline views are written by each commit, and a commit meanwhile
/// would be overwritten or lost): the command refuses while it sees a session of the service in pg_stat_activity, and
/// while it runs a row in views_rebuild makes a starting service refuse (ViewsRebuildCheck), also after an interrupted
/// run, until a run finishes.
/// Each Jornada is verified first, as `verify --database` does, and nothing is rebuilt if one is altered: the stored
/// Jornada is what shows that its record lost its last facts (AuditVerifier), and rebuilt from the facts that remain it
/// would show nothing.
/// </summary>
public static class ProjectionsCommand
{
    public const string Usage = """
        Uso: dotnet GobiernoAbierto.dll projections list
             dotnet GobiernoAbierto.dll projections rebuild [NOMBRE …]
          Las vistas que el servicio guarda (el estado de cada Jornada con su conteo, los procesos, las propuestas, la
          bitácora de auditoría, los recibos contados…) se calculan de los hechos registrados, que nunca cambian.
          list     nombra esas vistas.
          rebuild  las borra y las vuelve a calcular de los hechos, todas o las que se nombren, con el código de esta
                   versión (tras corregir cómo se calcula una vista). Los hechos no se tocan.
          Solo con el servicio detenido en todas sus instancias: rebuild se niega (código 1) mientras vea una sesión del
          servicio conectada a la base. No lo interrumpa; si se interrumpe, vuelva a ejecutarlo antes de arrancar el servicio.
          Usa la configuración del servicio (ConnectionStrings__GobiernoAbierto, Marten__Schema, Voting__VoterKeySecret…).
        """;

    /// <summary>Help or a wrong action, answered without a host; null for `list` and `rebuild`, which need the service's container.</summary>
    public static int? RunOffline(string[] args, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            // Help after an action too: «rebuild --help» looked for a view called «--help».
            case ["--help" or "-h" or "help"] or ["list" or "rebuild", .., "--help" or "-h"]:
                output.WriteLine(Usage);
                return 0;
            case ["list"] or ["rebuild", ..]:
                return null;
            default:
                error.WriteLine((args.Length == 0 ? "Falta la acción de projections." : $"«{string.Join(' ', args)}» no es una acción de projections.") +
                    Environment.NewLine + Environment.NewLine + Usage);
                return 2;
        }
    }

    public static int? CheckConfiguration(IConfiguration configuration, IHostEnvironment environment, TextWriter error) =>
        ProductionChecks.Report(configuration, environment, error,
            $"projections no puede usar esta configuración (entorno «{environment.EnvironmentName}»); el servicio tampoco arrancaría con ella:",
            """
              - Use las mismas variables que el servicio (README.md, «Configuración de producción»); en la imagen de
                contenedor: docker compose -f deploy/compose.yaml run --rm service projections rebuild
              - En una máquina de desarrollo, con la base de ./run.sh, desde la raíz del repositorio:
                  export ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__GobiernoAbierto="$(deploy/local/ensure-postgres.sh)"
                  dotnet run --project src/GobiernoAbierto -c Release -- projections rebuild
            """);

    /// <summary>
    /// The command's own sessions get a name of their own, so that the check for a running service does not see them.
    /// serviceSession is what the service's sessions are called (ServiceSettings).
    /// </summary>
    public static string ItsOwnSessions(string connectionString, out string serviceSession)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        serviceSession = builder.ApplicationName ?? "";
        builder.ApplicationName = $"{serviceSession} projections";
        return builder.ConnectionString;
    }

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, string serviceSession, TextWriter output, TextWriter error)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var projections = ((StoreOptions)store.Options).Projections.All.Where(p => p.Lifecycle != ProjectionLifecycle.Live).ToList();
        if (args is ["list"])
        {
            await output.WriteLineAsync("Vistas que el servicio guarda (projections rebuild NOMBRE reconstruye una):");
            foreach (var p in projections) await output.WriteLineAsync($"  {ShortName(p.Name),-22} {Describe(p.Lifecycle)}");
            return 0;
        }

        var named = args.Skip(1).ToList();
        var unknown = named.Where(n => !projections.Any(p => Names(p.Name, n))).ToList();
        if (unknown.Count > 0)
        {
            await error.WriteLineAsync($"No hay vista llamada {string.Join(", ", unknown.Select(n => $"«{n}»"))}. Son: " +
                $"{string.Join(", ", projections.Select(p => ShortName(p.Name)))}. No se reconstruyó nada.");
            return 2;
        }
        // A Jornada's kiosks and the kiosk credentials say together whether each kiosk's device took its link: never one without the other.
        var together = named.Any(n => Names("Jornada", n)) != named.Any(n => Names("KioskCredential", n));
        if (together) named = [.. named, "Jornada", "KioskCredential"];
        var chosen = named.Count == 0 ? projections : projections.Where(p => named.Any(n => Names(p.Name, n))).ToList();

        var tables = services.GetRequiredService<VotingTables>();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        try
        {
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                await using var schemaThere = new NpgsqlCommand($"select to_regclass('{tables.Schema}.mt_events') is not null", connection);
                if (await schemaThere.ExecuteScalarAsync() is not true)
                {
                    await error.WriteLineAsync($"La base «{connection.Database}» no tiene el esquema «{tables.Schema}» del servicio (Marten__Schema): " +
                        "no hay hechos de los que reconstruir. Revise la cadena de conexión y el esquema. No se reconstruyó nada.");
                    return 2;
                }
                if (await ServiceSessionsAsync(connection, serviceSession) is { } running)
                {
                    await error.WriteLineAsync(ServiceRunning(running, serviceSession, connection.Database) + " No se reconstruyó nada.");
                    return 1;
                }
            }
            // A database from before this version: the schema the service would leave at its start, before computing anything.
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

            if (await AlteredJornadasAsync(store, dataSource, tables, output) is { Count: > 0 } altered)
            {
                await error.WriteLineAsync($"No se reconstruyó nada: la verificación encontró {(altered.Count == 1 ? "alterada la Jornada" : "alteradas las Jornadas")} " +
                    $"{string.Join(", ", altered)}. La vista guardada de una Jornada es la que muestra que su registro perdió sus últimos hechos; " +
                    "reconstruida de los hechos que quedan, esa prueba se perdería. Que el IEEQ la revise primero: dotnet GobiernoAbierto.dll verify " +
                    "--database \"CADENA\" --jornada ID (README, «Seal, export and verification»).");
                return 1;
            }

            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var mark = new NpgsqlCommand($"insert into {tables.Schema}.{MarkerTable} (id, started_at) values (1, now()) " +
                "on conflict (id) do update set started_at = excluded.started_at", connection))
                await mark.ExecuteNonQueryAsync();

            var started = Stopwatch.GetTimestamp();
            if (together) await output.WriteLineAsync("Jornada y KioskCredential se reconstruyen juntas: las dos dicen si el equipo de cada kiosco ya tomó su enlace.");
            await output.WriteLineAsync($"Reconstruyendo {chosen.Count} {(chosen.Count == 1 ? "vista" : "vistas")} de los hechos registrados " +
                $"(esquema «{tables.Schema}»). No lo interrumpa.");
            using var daemon = await store.BuildProjectionDaemonAsync();
            foreach (var projection in chosen)
            {
                var one = Stopwatch.GetTimestamp();
                await output.WriteAsync($"  {ShortName(projection.Name),-22} ");
                if (ShortName(projection.Name) == nameof(CountedReceipts))
                {
                    // The daemon would insert every receipt again over the rows there: emptied and filled in one transaction.
                    await using var connection = await dataSource.OpenConnectionAsync();
                    await using var transaction = await connection.BeginTransactionAsync();
                    await using var refill = new NpgsqlCommand(tables.RefillCountedSql, connection, transaction);
                    await refill.ExecuteNonQueryAsync();
                    await transaction.CommitAsync();
                }
                else await daemon.RebuildProjectionAsync(projection.Name, TimeSpan.FromHours(1), CancellationToken.None);
                await output.WriteLineAsync($"hecha ({Seconds(one)} s)");
            }

            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                if (await ServiceSessionsAsync(connection, serviceSession) is { } meanwhile)
                {
                    await error.WriteLineAsync(ServiceRunning(meanwhile, serviceSession, connection.Database) +
                        " Se conectó mientras se reconstruía: lo que escribió pudo perderse en las vistas (nunca en los hechos). " +
                        "Deténgalo y vuelva a ejecutar projections rebuild.");
                    return 1;
                }
            }
            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var unmark = new NpgsqlCommand($"delete from {tables.Schema}.{MarkerTable}", connection))
                await unmark.ExecuteNonQueryAsync();
            await output.WriteLineAsync($"Listo en {Seconds(started)} s: las vistas dicen lo que dicen los hechos. Puede arrancar el servicio.");
            return 0;
        }
        catch (Exception e) when (e is NpgsqlException || e.InnerException is NpgsqlException)
        {
            await error.WriteLineAsync("projections no pudo usar PostgreSQL con ConnectionStrings__GobiernoAbierto " +
                $"({(e as NpgsqlException ?? e.InnerException)!.Message}). Revise que PostgreSQL responda en esa dirección y que el " +
                "usuario y la contraseña sean los de la base. Si ya había empezado, vuelva a ejecutarlo antes de arrancar el servicio.");
            return 2;
        }
    }

    /// <summary>While a rebuild runs, and after one that did not finish, a row here: a starting service refuses (ViewsRebuildCheck).</summary>
    public const string MarkerTable = "views_rebuild";

    public static Table Marker(string schema)
    {
        var table = new Table($"{schema}.{MarkerTable}");
        table.AddColumn<int>("id").AsPrimaryKey();
        table.AddColumn("started_at", "timestamptz").NotNull();
        return table;
    }

    /// <summary>Each Jornada verified as `verify --database` does it; the ones that are not intact.</summary>
    private static async Task<List<Guid>> AlteredJornadasAsync(IDocumentStore store, NpgsqlDataSource dataSource, VotingTables tables, TextWriter output)
    {
        // Every Jornada with a creation event, and every one stored: a deleted creation leaves the stored Jornada only.
        List<Guid> ids;
        await using (var session = store.QuerySession())
            ids = (await session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(typeof(JornadaCreated))).ToListAsync()).Select(e => e.StreamId)
                .Concat(await session.Query<Jornada>().Select(j => j.Id).ToListAsync()).Distinct().ToList();
        await output.WriteLineAsync($"Verificando {Counted.Of(ids.Count, "Jornada", "Jornadas")} antes de reconstruir (como verify --database)…");
        var altered = new List<Guid>();
        foreach (var id in ids)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            var (report, _) = await AuditRecords.VerifyStoredAsync(store, connection, tables, id, compareView: false);
            if (!report.Intact) altered.Add(id);
        }
        return altered;
    }

    private static string Seconds(long since) => Stopwatch.GetElapsedTime(since).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>How many sessions of the service are connected to this database, and since when the oldest; null when none.</summary>
    private static async Task<(long Count, DateTime? Since)?> ServiceSessionsAsync(NpgsqlConnection connection, string serviceSession)
    {
        // PostgreSQL keeps 63 bytes of an application name.
        await using var command = new NpgsqlCommand("""
            select count(*), min(backend_start) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and application_name = left($1, 63)
            """, connection) { Parameters = { new() { Value = serviceSession } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var count = reader.GetInt64(0);
        // backend_start is hidden for another role's sessions without pg_read_all_stats; their count and names are not.
        return count == 0 ? null : (count, reader.IsDBNull(1) ? null : reader.GetDateTime(1));
    }

    private static string ServiceRunning((long Count, DateTime? Since) running, string serviceSession, string database) =>
        $"El servicio está conectado a la base «{database}»: {running.Count} {(running.Count == 1 ? "sesión" : "sesiones")} «{serviceSession}»" +
        (running.Since is { } since ? $" (la primera desde {QueretaroTime.Format(new DateTimeOffset(since, TimeSpan.Zero))}, hora del centro de México)" : "") +
        ". Detenga todas sus instancias antes de reconstruir las vistas.";

    private static bool Names(string projection, string name) => string.Equals(projection, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(ShortName(projection), name, StringComparison.OrdinalIgnoreCase);

    // Marten names a projection class by its full type name: GobiernoAbierto.Jornadas.KioskCredentialProjection → KioskCredential.
    private static string ShortName(string name)
    {
        var last = name[(name.LastIndexOf('.') + 1)..];
        return last.EndsWith("Projection", StringComparison.Ordinal) && last.Length > "Projection".Length ? last[..^"Projection".Length] : last;
    }

    private static string Describe(ProjectionLifecycle lifecycle) => lifecycle == ProjectionLifecycle.Inline
        ? "se escribe con cada hecho, en la misma transacción"
        : "la calcula el servicio poco después de cada hecho (daemon asíncrono)";
}
