using System.Diagnostics;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Credentials;
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

/// <summary>A development account, active from the start (its password and TOTP key are public).</summary>
public sealed class SampleAccount
{
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public string Password { get; set; } = "";
    public string TotpSecret { get; set; } = "";
}

public sealed class SampleDataOptions
{
    /// <summary>Load the Querétaro 2020 sample when the database does not have it yet.</summary>
    public bool LoadSample { get; set; }

    /// <summary>Demo kiosks with known credentials, so a newcomer can vote at /kiosco.html right away.</summary>
    public List<SampleKiosk> Kiosks { get; set; } = [];

    /// <summary>Development accounts for the consoles, printed at start-up.</summary>
    public List<SampleAccount> Accounts { get; set; } = [];
}

/// <summary>
/// Loads the sample data once per database: the whole Querétaro Plan de Acción Municipal 2020-2021 walked through
/// every stage (SampleProcess), and a separate sample Jornada with the same territory, open for voting from the
/// moment it is loaded, to try the kiosk and the portal. Every step goes through the same decisions the API uses;
/// nothing is inserted behind the rules' back.
/// </summary>
public sealed class SampleDataLoader(IDocumentStore store, Microsoft.Extensions.Options.IOptions<SampleDataOptions> options,
    TimeProvider clock, GroupCommit groupCommit, VoterKeys voterKeys, IServiceProvider services, IHostEnvironment environment,
    ILogger<SampleDataLoader> logger) : IHostedService
{
    public static readonly Guid SampleJornadaId = Guid.Parse("20201018-0000-4000-8000-000000000001");

    public async Task StartAsync(CancellationToken cancellation)
    {
        if (!options.Value.LoadSample) return;
        await LoadSampleJornadaAsync(cancellation);
        WarnOutsideDevelopment();
        PrintSampleVoters();
        if (options.Value.Accounts.Count > 0)
        {
            await Accounts.AccountsCommand.SeedAsync(store, options.Value.Accounts, services.GetRequiredService<Accounts.SecondFactor>(),
                services.GetRequiredService<Microsoft.AspNetCore.Identity.PasswordHasher<Accounts.Account>>(), clock.GetUtcNow(), cancellation);
            PrintSampleAccounts();
        }

        var started = Stopwatch.GetTimestamp();
        if (await new SampleProcess(store, groupCommit, voterKeys, services, logger, cancellation).LoadAsync())
            logger.LogInformation("Proceso de ejemplo {ProcessId} (Plan de Acción Municipal 2020-2021) cargado en todas sus etapas en {Elapsed:N0} ms",
                SampleProcess.ProcessId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task LoadSampleJornadaAsync(CancellationToken cancellation)
    {
        await using (var query = store.QuerySession())
            if (await query.Events.FetchStreamStateAsync(SampleJornadaId, cancellation) is not null) return;

        // Every preparation step at the instant it is loaded, in the order staff and the IEEQ would take them, so the
        // record and the audit log read forward; the voting window starts then too, and the opening comes last.
        var steps = new SampleSteps(store, services, cancellation);
        var now = clock.GetUtcNow();
        var territory = QueretaroTerritory.Plan2020;
        var create = steps.Validated(new CreateJornada(
            "Jornada de Participación 2020 — Delegaciones Félix Osores Sotomayor y Felipe Carrillo Puerto (ejemplo)",
            now, now.AddDays(14), VoterIdKind.ClaveElector, territory.Delegaciones, territory.Colonias), "CreateJornada");
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
                RegisterKioskEndpoint.Decide(jornada, register, voterKeys.KioskLinkHash(kiosk.Token), SampleSteps.By, now)), step: "RegisterKiosk");
        }
        await SampleOnlineVotingAsync(steps, now, cancellation);
        await steps.DecideAsync<Jornada>(SampleJornadaId, (jornada, _) => Task.FromResult(OpenJornadaEndpoint.Decide(jornada, null, SampleSteps.By,
            clock.GetUtcNow())), step: "OpenJornada");
        logger.LogInformation("Jornada de ejemplo {JornadaId} cargada y abierta para votar", SampleJornadaId);
    }

    /// <summary>
    /// Online voting for two weeks, a roll of SampleVoters (with colonias), and their known codes. Codes are issued before
    /// online voting opens (IssueVotingCodesEndpoint), so its window opens a second after they are: before anyone can
    /// reach the service, which starts listening once the whole sample is loaded.
    /// </summary>
    private async Task SampleOnlineVotingAsync(SampleSteps steps, DateTimeOffset at, CancellationToken cancellation)
    {
        var online = steps.Validated(new EnableOnlineVoting(at.AddSeconds(1), at.AddDays(14)), "EnableOnlineVoting");
        await steps.DecideAsync<Jornada>(SampleJornadaId, (jornada, _) => Task.FromResult(
            EnableOnlineVotingEndpoint.Decide(jornada, online, SampleSteps.By, at)), step: "EnableOnlineVoting");

        var tables = services.GetRequiredService<VotingTables>();
        var colonias = QueretaroTerritory.Plan2020.Colonias;
        var roll = Enumerable.Range(1, SampleVoters.Count).Select(n => new RollEntry(voterKeys.VoterKey(SampleJornadaId, SampleVoters.Clave(n)),
            colonias[n * 7 % colonias.Count].Id, n + 1, SampleVoters.Clave(n)[^4..])).ToList();
        await steps.DecideAsync<Jornada>(SampleJornadaId, async (jornada, session) =>
        {
            var decision = LoadVoterRollEndpoint.Decide(jornada, roll, coloniasFromRoll: true, SampleSteps.By, at);
            if (decision.Accepted) await tables.ReplaceRollAsync(session.Connection!, SampleJornadaId, roll, cancellation);
            return decision;
        }, exclusive: true, step: "LoadVoterRoll");

        await steps.DecideAsync<Jornada>(SampleJornadaId, async (jornada, session) => (await IssueVotingCodesEndpoint.IssueAsync(jornada,
            session.Connection!, tables, voterKeys, "IEEQ (datos de ejemplo)", at, cancellation,
            entry => SampleVoters.Code(entry.Folio!.Value - 1))).Decision, exclusive: true, step: "IssueVotingCodes");
    }

    /// <summary>Development only: the sample residents, to try the kiosk and the online page.</summary>
    private void PrintSampleVoters()
    {
        if (!environment.IsDevelopment()) return;
        var lines = Enumerable.Range(1, SampleVoters.Count).Select(n => $"  {SampleVoters.Clave(n)}  código {SampleVoters.Code(n)}  folio {n + 1}");
        logger.LogInformation("Votantes de ejemplo de la Jornada {JornadaId} (solo en desarrollo; cada uno vota una vez; el folio, " +
            "línea del padrón cargado, es el de su carta, para reponerla):\n{Voters}",
            SampleJornadaId, string.Join('\n', lines));
    }

    /// <summary>
    /// Where the start-up checks apply (not Development, not Testing) the sample is allowed, for a demonstration of the
    /// image (deploy/compose.yaml's SEED_SAMPLE), and it started without a word: an operator who copied
    /// Seed__LoadSample=true into a real deployment got an open Jornada whose voters and voting codes anyone can read in
    /// the repository, in a record nothing deletes. Said at every start, as a warning.
    /// </summary>
    private void WarnOutsideDevelopment()
    {
        if (!Hosting.ProductionChecks.Apply(environment)) return;
        logger.LogWarning("Seed:LoadSample (Seed__LoadSample) es true en el entorno «{Environment}»: esta base tiene la Jornada de ejemplo " +
            "{JornadaId}, abierta a votar en línea 14 días desde que se cargó, con un padrón y unos códigos de votación que cualquiera lee en " +
            "el repositorio (Seed/SampleVoters.cs), y el proceso de ejemplo del Plan 2020-2021 en las páginas públicas; sus hechos no se " +
            "borran del registro. Sirve para una demostración, nunca para una votación real: use una base sin ellos y quite Seed__LoadSample " +
            "(README.md, «Datos de ejemplo»).", environment.EnvironmentName, SampleJornadaId);
    }

    /// <summary>Development only: where to sign in to the consoles, and as whom.</summary>
    private void PrintSampleAccounts()
    {
        if (!environment.IsDevelopment()) return;
        var lines = options.Value.Accounts.Select(a =>
            $"  {a.UserName,-13} {a.Role,-13} contraseña {a.Password}  clave TOTP {a.TotpSecret}");
        logger.LogInformation("Consola en /consola/entrar. Cuentas de desarrollo (solo en desarrollo; el código de 6 dígitos lo da cualquier " +
            "aplicación de autenticación con la clave TOTP, o `dotnet src/GobiernoAbierto/bin/Release/net10.0/GobiernoAbierto.dll accounts code CLAVE`):\n{Accounts}",
            string.Join('\n', lines));
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
