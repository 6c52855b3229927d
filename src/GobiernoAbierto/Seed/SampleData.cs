using System.Diagnostics;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;
using GobiernoAbierto.Voting;

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
/// every stage (SampleProcess), and a separate sample Jornada with the same territory, open for voting from the
/// moment it is loaded, to try the kiosk and the portal. Every step goes through the same decisions the API uses;
/// nothing is inserted behind the rules' back.
/// </summary>
public sealed class SampleDataLoader(IDocumentStore store, Microsoft.Extensions.Options.IOptions<SampleDataOptions> options,
    TimeProvider clock, GroupCommit groupCommit, VoterKeys voterKeys, IServiceProvider services, ILogger<SampleDataLoader> logger) : IHostedService
{
    public static readonly Guid SampleJornadaId = Guid.Parse("20201018-0000-4000-8000-000000000001");

    public async Task StartAsync(CancellationToken cancellation)
    {
        if (!options.Value.LoadSample) return;
        await LoadSampleJornadaAsync(cancellation);

        var started = Stopwatch.GetTimestamp();
        if (await new SampleProcess(store, groupCommit, voterKeys, services, logger, cancellation).LoadAsync())
            logger.LogInformation("Sample process {ProcessId} (Plan de Acción Municipal 2020-2021) loaded through every stage in {Elapsed:N0} ms",
                SampleProcess.ProcessId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task LoadSampleJornadaAsync(CancellationToken cancellation)
    {
        await using (var query = store.QuerySession())
            if (await query.Events.FetchStreamStateAsync(SampleJornadaId, cancellation) is not null) return;

        var steps = new SampleSteps(store, services, cancellation);
        var now = clock.GetUtcNow();
        var territory = QueretaroTerritory.Plan2020;
        var create = steps.Validated(new CreateJornada(
            "Jornada de Participación 2020 — Delegaciones Félix Osores Sotomayor y Felipe Carrillo Puerto (ejemplo)",
            now.AddHours(-1), now.AddDays(14), VoterIdKind.ClaveElector, territory.Delegaciones, territory.Colonias), "CreateJornada");
        await steps.StartAsync<Jornada>(SampleJornadaId, CreateJornadaEndpoint.Decide(create, SampleJornadaId, SampleSteps.By, now), "CreateJornada");

        var ballot = steps.Validated(new SetBallotOptions(
        [
            new BallotOptionInput("Rehabilitación de cancha de usos múltiples y área verde (ejemplo)",
                "Rehabilitar la cancha y el área verde comunitaria con alumbrado, bancas y rampas de acceso.", 2_400_000m),
            new BallotOptionInput("Banquetas seguras y alumbrado público (ejemplo)",
                "Construir banquetas accesibles y colocar luminarias LED en la ruta a la escuela y al transporte público.", 1_850_000m),
        ]), "SetBallotOptions");
        await steps.DecideAsync<Jornada>(SampleJornadaId, (jornada, _) => Task.FromResult(
            SetBallotOptionsEndpoint.Decide(jornada, SetBallotOptionsEndpoint.Number(ballot.Options), "staff", SampleSteps.By, now)), step: "SetBallotOptions");

        foreach (var kiosk in options.Value.Kiosks)
        {
            var register = steps.Validated(new RegisterKiosk(kiosk.Id, kiosk.Name, kiosk.Location), "RegisterKiosk");
            await steps.DecideAsync<Jornada>(SampleJornadaId, (jornada, _) => Task.FromResult(
                RegisterKioskEndpoint.Decide(jornada, register, KioskCredential.Hash(kiosk.Token), SampleSteps.By, now)), step: "RegisterKiosk");
        }
        await steps.DecideAsync<Jornada>(SampleJornadaId, (jornada, _) => Task.FromResult(OpenJornadaEndpoint.Decide(jornada, null, SampleSteps.By, now)),
            step: "OpenJornada");
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
