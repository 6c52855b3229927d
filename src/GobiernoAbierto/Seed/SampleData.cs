using GobiernoAbierto.Ballots;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;
using System.Diagnostics;
using Marten;
using Npgsql;

namespace GobiernoAbierto.Seed;

public sealed class SampleKiosk
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Location { get; set; } = "";
    public string Token { get; set; } = "";
}

public sealed class SampleDataOptions
{
    /// <summary>Load the Querétaro 2020 sample when the database does not have it yet.</summary>
    public bool LoadSample { get; set; }

    /// <summary>Demo kiosks with known credentials, so a newcomer can vote at /kiosco.html right away.</summary>
    public List<SampleKiosk> Kiosks { get; set; } = [];
}

/// <summary>
/// Loads the sample data once per database: the whole Querétaro Plan de Acción Municipal 2020-2021 walked through
/// every stage (QueretaroProcessSeed), and a separate sample Jornada with the same territory, open for voting from the
/// moment it is loaded, to try the kiosk and the portal. Everything goes through the same events the API writes;
/// nothing is inserted behind the rules' back.
/// </summary>
public sealed class SampleDataLoader(IDocumentStore store, Microsoft.Extensions.Options.IOptions<SampleDataOptions> options,
    TimeProvider clock, NpgsqlDataSource dataSource, VoterKeys voterKeys, IServiceProvider services, ILogger<SampleDataLoader> logger) : IHostedService
{
    public static readonly Guid SampleJornadaId = Guid.Parse("20201018-0000-4000-8000-000000000001");

    /// <summary>Who the sample data says did it, in every event it writes.</summary>
    public const string By = "datos de ejemplo";

    public async Task StartAsync(CancellationToken cancellation)
    {
        if (!options.Value.LoadSample) return;
        await LoadSampleJornadaAsync(cancellation);

        var started = Stopwatch.GetTimestamp();
        if (await new QueretaroProcessSeed(store, dataSource, voterKeys, services, logger, cancellation).LoadAsync())
            logger.LogInformation("Sample process {ProcessId} (Plan de Acción Municipal 2020-2021) loaded through every stage in {Elapsed:N0} ms",
                QueretaroProcessSeed.ProcessId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task LoadSampleJornadaAsync(CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(SampleJornadaId, cancellation) is not null) return;

        var now = clock.GetUtcNow();
        var territory = QueretaroTerritory.Plan2020;
        var events = new List<object>
        {
            new JornadaCreated(SampleJornadaId, "Jornada de Participación 2020 — Delegaciones Félix Osores Sotomayor y Felipe Carrillo Puerto (ejemplo)",
                now.AddHours(-1), now.AddDays(14), VoterIdKind.ClaveElector, territory.Delegaciones, territory.Colonias, null, By, now),
            new BallotOptionsSet(SampleJornadaId,
            [
                new BallotOption("A", "Rehabilitación de cancha de usos múltiples y área verde (ejemplo)",
                    "Rehabilitar la cancha y el área verde comunitaria con alumbrado, bancas y rampas de acceso.", 2_400_000m),
                new BallotOption("B", "Banquetas seguras y alumbrado público (ejemplo)",
                    "Construir banquetas accesibles y colocar luminarias LED en la ruta a la escuela y al transporte público.", 1_850_000m),
            ], "staff", By, now),
        };
        events.AddRange(options.Value.Kiosks.Select(k => (object)new KioskRegistered(SampleJornadaId, k.Id, k.Name, k.Location,
            ApiKeyAuthenticationHandler.HashToken(k.Token), By, now)));
        events.Add(new JornadaOpened(SampleJornadaId, By, now));

        session.Events.StartStream<Jornada>(SampleJornadaId, events.ToArray());
        await session.SaveChangesAsync(cancellation);
        logger.LogInformation("Sample Jornada {JornadaId} loaded and open for voting", SampleJornadaId);
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}

public static class SampleDataConfiguration
{
    public static void AddSampleData(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SampleDataOptions>(configuration.GetSection("Seed"));
        services.AddHostedService<SampleDataLoader>();
    }
}
