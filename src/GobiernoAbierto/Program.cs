using GobiernoAbierto;
using GobiernoAbierto.Accounts;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Committee;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Seed;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Voting;
using GobiernoAbierto.WorkProgress;
using GobiernoAbierto.WorkTables;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;
using Wolverine;
using Wolverine.Persistence;

ValidatorOptions.Global.LanguageManager.Culture = new System.Globalization.CultureInfo("es"); // the commands validate too

// verify, healthcheck, accounts, projections, --help (CommandLine.Usage); no command, or only options such as --urls, starts the service.
if (await CommandLine.RunAsync(args, Console.Out, Console.Error, TimeProvider.System) is { } exitCode)
    return exitCode;

QueretaroTime.Find(); // refuse to start without time-zone data rather than show Querétaro times an hour off
StartupFailure.AnswerInSpanish(); // its address taken, a setting not of its type: Spanish and exit 2, no stack trace
// SIGTERM while starting: a clean exit 0, not 143 or 134. Not for accounts create-admin or projections, commands the runtime stops.
var stopRequested = args is ["accounts", ..] or ["projections", ..] or ["codegen", ..] ? CancellationToken.None : StartupFailure.StopRequested();
CodegenCommand.Prepare(args);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ServiceDirectory.ContentRoot(args) });
// Secrets as files, one a setting (Docker/compose secrets in /run/secrets, or GOBIERNOABIERTO_SECRETS_DIR): over appsettings,
// under the environment variables; ProductionChecks refuses a setting given both ways with different values.
SecretFiles.Add(builder.Configuration, SecretFiles.DirectoryOf(builder.Configuration));
var pagesFound = ServiceDirectory.FindPages(builder);
if (args is ["accounts", "create-admin" or "ieeq-code", ..] && AccountsCommand.CheckConfiguration(builder.Configuration, builder.Environment, Console.Error, args[1]) is { } refused)
    return refused;
if (args is ["projections", ..] && ProjectionsCommand.CheckConfiguration(builder.Configuration, builder.Environment, Console.Error) is { } cannotRebuild)
    return cannotRebuild;
// Started from a shell (this assembly is the process's entry point), a configuration the service cannot run with is
// answered like a command: the problems in Spanish, each with its fix, exit code 2, no stack trace. Hosted in another
// process (the tests' WebApplicationFactory), Enforce's InsecureConfigurationException reaches the host's caller instead.
if (System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly &&
    ProductionChecks.Report(builder.Configuration, builder.Environment, Console.Error, ProductionChecks.ServiceRefusal(builder.Environment), """
          - En producción, defina las variables como dice README.md, «Configuración de producción» (en la imagen de
            contenedor, en el entorno del servicio de deploy/compose.yaml). Solo los entornos Development y Testing, con
            valores públicos de demostración, omiten estas comprobaciones: nunca en una votación real.
          - En una máquina de desarrollo, ./run.sh prepara la base local y arranca el servicio en Development.
        """) is { } cannotStart)
    return cannotStart;
// Its address taken (another instance still running): said now, not after the schema, Wolverine and the warm-up.
if (System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly && args is not (["accounts", ..] or ["projections", ..] or ["codegen", ..]) &&
    StartupFailure.AddressTaken(builder.Configuration) is { } taken)
{
    Console.Error.WriteLine(taken);
    return 2;
}
var toleratedLocally = ProductionChecks.Enforce(builder.Configuration, builder.Environment); // before anything connects or listens
var settings = ServiceSettings.From(builder.Configuration);
StartupFailure.ConnectionString = settings.ConnectionString; // PostgreSQL refusing at start: what to check, naming it
var serviceSession = "";
if (args is ["projections", ..] && StartupFailure.Parses(settings.ConnectionString))
    settings = settings with { ConnectionString = ProjectionsCommand.ItsOwnSessions(settings.ConnectionString, out serviceSession) };
builder.AddPublicHosting();
builder.Services.AddClientMistakeLogging();
builder.Services.AddHttpContextAccessor().AddSingleton<IConfigureMarten, UnansweredCommit.Registration>();

builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(settings.ConnectionString));

builder.Services.AddMarten(opts =>
    {
        EventFormat.Apply(opts, settings.ConnectionString, settings.Schema);
        // Transaction-scoped advisory locks: the upstream DistributedLock.Postgres we run on (ENVIRONMENT.md) needs them.
        // The async daemon's leader then holds its lock in an open transaction for as long as it leads, and that
        // transaction holds back what VACUUM may remove in this database. Keep Marten's lock monitoring on (the
        // default): its SELECT pg_sleep(60) restarts every minute and lets the horizon advance, and VacuumHorizonKeeper
        // cuts each sleep after a few seconds; turned off, the horizon stayed where the daemon started (the idle
        // transaction still held its snapshot), dead rows of the urn and of the Jornada's stream row piled up, and a
        // 400,000-ballot run fell from 2,979 to 871 ballots/s (README, Benchmarks).
        opts.Events.UseAdvisoryLockTransaction = true;
        // Replicas started together (a deploy, a restart after a failover) take turns to update the schema under one
        // advisory lock; Marten's 10 s wait for it failed the start of one that queued behind two or three others on a
        // busy database (seen in the test suite, where every service's schema is updated at once). A minute, then the
        // start fails and its supervisor (systemd's unit, the container's restart policy) starts it again.
        opts.ApplyChangesLockTimeout = TimeSpan.FromMinutes(1);

        opts.AddProcess();
        opts.AddWorkTables();
        opts.AddProposals();
        opts.AddCommittee();
        opts.AddWorkProgress();
        opts.AddJornadas();
        opts.AddBallots(settings.Schema);
        opts.AddTally();
        opts.AddAudit();
        opts.AddAccounts();
        opts.Storage.ExtendedSchemaObjects.Add(ProjectionsCommand.Marker(settings.Schema));
    })
    .IntegrateWithWolverine()
    .ApplyAllDatabaseChangesOnStartup()
    .AddAsyncDaemon(settings.DaemonMode);

builder.Host.UseWolverine(opts =>
{
    // The endpoints' adapter code is generated ahead of time (./codegen.sh, into Internal/Generated) and compiled with
    // the service, which outside Development runs it as built: no Roslyn while starting (ready in 5 to 6 s instead of
    // 13 to 17 on two cores, half the memory: README, «Generated endpoint code»). Development generates and compiles
    // it at each endpoint's first use, so an endpoint changed there runs as written; `codegen write` writes the files.
    opts.UseRuntimeCompilation();
    opts.CodeGeneration.TypeLoadMode = builder.Environment.IsDevelopment() || args is ["codegen", ..]
        ? JasperFx.CodeGeneration.TypeLoadMode.Dynamic : JasperFx.CodeGeneration.TypeLoadMode.Static;
    opts.CodeGeneration.GeneratedCodeOutputPath = CodegenCommand.OutputPath(builder.Configuration, builder.Environment);
    // [WriteAggregate] on an unknown id answers 404 problem details (with the parameter's Spanish MissingMessage).
    opts.EntityDefaults.OnMissing = OnMissing.ProblemDetailsWith404;
    // Wolverine here runs HTTP endpoints and the aggregate workflow, and sends no message: no inbox, outbox, scheduled
    // messages or node agents to keep. Its durability agents would only poll PostgreSQL every few seconds for nothing,
    // and with PostgreSQL down fill the log with their stack traces (dozens a minute) beside the service's own warnings.
    opts.Durability.Mode = DurabilityMode.MediatorOnly;
});
builder.Services.AddWolverineHttp();
if (settings.DaemonMode != JasperFx.Events.Daemon.DaemonMode.Disabled) builder.Services.AddHostedService<AsyncProjectionWatch>();
// Only HotCold takes advisory locks (leader election between instances), and only their monitor holds snapshots open.
if (settings.DaemonMode == JasperFx.Events.Daemon.DaemonMode.HotCold) builder.Services.AddHostedService<VacuumHorizonKeeper>();

builder.Services.AddBallots(builder.Configuration, settings.Schema);
builder.Services.AddHostedService<ViewsRebuildCheck>(); // after Marten's schema changes (registered before): its table exists
builder.Services.AddVoting(builder.Configuration);
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
builder.Services.AddAccessControl(builder.Configuration).AddKioskCredentials().AddConsoleSignIn();
builder.Services.AddAccounts();
builder.Services.AddSingleton<StreamWrites>();
builder.Services.AddSingleton<KioskHeartbeats>();
builder.Services.AddSingleton<KioskPace>();
builder.Services.AddHostedService(services => services.GetRequiredService<KioskPace>());
// The consoles: Razor Pages beside the capability they serve (Accounts/, Jornadas/Console/…), each with an absolute route.
// The consoles' antiforgery cookie is Secure over HTTPS like the session's (its default never is).
builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest);
builder.Services.AddRazorPages(o => o.RootDirectory = "/")
    // The rules (FluentValidation, in Spanish) say what is required; MVC's implicit English "field is required" stays out.
    .AddMvcOptions(o =>
    {
        o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        o.ModelBinderProviders.Insert(0, new EnumNamesModelBinderProvider());
        // A value the form's own controls cannot send (a hand-made request) still gets a Spanish answer.
        var messages = o.ModelBindingMessageProvider;
        // A number with decimals where a whole one goes (99.5 in «Avance (%)») was told only that it «no es válido aquí».
        // A comma is how Mexico writes thousands (1,000): said apart.
        static string Invalid(string value) =>
            !decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? $"El valor «{value}» no es válido aquí."
            : number != decimal.Truncate(number) ? $"«{value}» no es un número entero: escríbalo sin decimales."
            : $"Escriba «{value}» sin comas ni puntos: {decimal.Truncate(number).ToString(System.Globalization.CultureInfo.InvariantCulture)}.";
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => Invalid(value));
        messages.SetValueIsInvalidAccessor(Invalid);
        messages.SetValueMustBeANumberAccessor(_ => "Escriba un número.");
        messages.SetValueMustNotBeNullAccessor(_ => "Falta un valor.");
        messages.SetMissingBindRequiredValueAccessor(_ => "Falta un valor.");
        messages.SetUnknownValueIsInvalidAccessor(_ => "El valor no es válido aquí.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(Invalid);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "El valor no es válido aquí.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "Escriba un número.");
        messages.SetMissingKeyOrValueAccessor(() => "Falta un valor.");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "Falta el contenido del formulario.");
    });
// Spanish as it is (ó, ñ), not as HTML entities; Razor still encodes what could break the markup.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddRateLimits(builder.Configuration);
builder.Services.AddSampleData(builder.Configuration);

builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new EnumNamesConverter());
    o.SerializerOptions.Converters.Add(new DatesWithOffset());
    // {"voterId":"A…","voterId":"B…"}: the last one won, so a proxy, a log or a person reading the first saw another voter.
    o.SerializerOptions.AllowDuplicateProperties = false;
    // The web defaults read "50" as 50: a number in quotes is the wrong type (invalid_request_body), as README says.
    o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
});
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemExceptionHandler.Customize);
builder.Services.AddSingleton<IProblemDetailsWriter, FallbackProblemWriter>(); // after the default one: see its summary
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddOpenApi(ApiReference.Describe);
builder.Services.AddTelemetry(builder.Configuration).AddLogPrivacy();
builder.Services.AddSingleton<DatabaseOutageLog>();
// Ready: PostgreSQL answers, takes writes (not a standby) and holds the service's schema; the reason in Spanish when not.
// One instance: the health check service would make one per probe, and probes share an answer (DatabaseReadiness).
builder.Services.AddSingleton(services => new DatabaseReadiness(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), settings.Schema,
    services.GetRequiredService<DatabaseOutageLog>(), services.GetRequiredService<IDocumentStore>()));
builder.Services.AddHealthChecks().Add(new(DatabaseReadiness.Name, services => services.GetRequiredService<DatabaseReadiness>(), null, ["ready"]));
// It logs an error for each unhealthy probe (every kiosk's every step in an outage); DatabaseReadiness says it once instead.
builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", StartupFailure.HostLogs); // no stack trace for a SIGTERM while starting

var app = builder.Build();
if (args is ["accounts", "create-admin" or "ieeq-code", ..])
    return await AccountsCommand.RunAsync(args[1..], app.Services, Console.Out, Console.Error);
if (args is ["projections", .. var projectionArgs])
    return await ProjectionsCommand.RunAsync(projectionArgs, app.Services, serviceSession, Console.Out, Console.Error);
if (!pagesFound)
    app.Logger.LogWarning("No se encuentran las páginas de los residentes (wwwroot) en {ContentRoot}: el kiosco y las páginas " +
        "públicas responderán «no encontrada». Arranque el servicio publicado (dotnet publish) o indique --contentRoot.",
        app.Environment.ContentRootPath);
if (ProductionChecks.Apply(app.Environment) && SecretFiles.OpenToEveryone(app.Configuration) is { } openSecrets)
    app.Logger.LogWarning("{Warning}", openSecrets);
// Legitimate on a second instance beside one that runs the daemon; alone, the bitácora never fills and nothing says why.
if (ProductionChecks.Apply(app.Environment) && settings.DaemonMode == JasperFx.Events.Daemon.DaemonMode.Disabled)
    app.Logger.LogWarning("Marten:DaemonMode (Marten__DaemonMode) es Disabled: esta instancia no escribe la bitácora de las Jornadas ni su " +
        "participación por cuarto de hora. Solo avanzan si otra instancia del servicio, sobre la misma base, corre con HotCold (el de " +
        "omisión) o Solo; si esta es la única, la bitácora se queda sin lo que pase desde ahora, sin que nada lo diga, y la de una " +
        "Jornada nueva responde 503 audit_log_catching_up (README.md, «Configuration»).");
if (toleratedLocally.Count > 0)
    app.Logger.LogWarning("Arranque local (solo escucha en loopback, sin Hosting:PublicOrigin ni proxy inverso): se toleran estos " +
        "problemas, que en un despliegue público impedirían arrancar:{Problems}", string.Concat(toleratedLocally.Select(p => $"\n  - {p}")));

app.Use(HeadRequests.AsGetAsync); // before routing, which would answer HEAD on the API with 405
app.UseRouting(); // where it ran when implicit: first, before everything below
app.UsePublicHosting();
app.UseExceptionHandler();
// An answer without a body of its own: problem details in Spanish for the API; in the consoles, which people read (an
// unknown record, a form whose antiforgery token no longer matches), a console page that says what happened; a page a
// browser asked for that does not exist, a page in Spanish with the way to the start.
app.UseStatusCodePages(async context =>
{
    var http = context.HttpContext;
    HeadRequests.AllowHeadWithGet(http.Response);
    if (http.Request.Path.StartsWithSegments("/consola") && !http.Request.Path.StartsWithSegments("/consola/error"))
        http.Response.Redirect($"/consola/error?estado={http.Response.StatusCode}" + (http.Items[BodyLimits.UnreadableForm] is string why
            ? $"&motivo={why}&volver={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}" : ""));
    else if (MissingPage.AskedByABrowser(http))
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        var page = app.Environment.WebRootFileProvider.GetFileInfo("no-encontrado.html");
        if (page.Exists) await http.Response.SendFileAsync(page);
        else await http.Response.WriteAsync(MissingPage.Bare); // pages not installed (warned at start)
    }
    else
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new() { HttpContext = http });
});
app.Use(BodyLimits.RefuseOversizedConsoleFormsAsync);
app.Use(BodyLimits.RefuseUnreadableConsoleFormsAsync);
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.Use(EmptyIdentifiers.RejectAsync);
app.Use(JsonBodies.RejectAsync); // a body the API reads as JSON that does not say so: 415, before anything reads it

// The API reference is for developers: open in Development; elsewhere the OpenAPI document needs a staff credential
// (the tests' sweep of every operation reads it so) and the Scalar page is not served.
if (app.Environment.IsDevelopment())
{
    app.MapOpenApi();
    // No fonts from Scalar's CDN: the page stays within this origin, as its CSP (SecurityHeaders.ApiReferencePolicy) says.
    app.MapScalarApiReference(ApiReference.Page);
}
else app.MapOpenApi().RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Staff });
app.MapHealthChecks("/health/live", new() { Predicate = _ => false, ResponseWriter = DatabaseReadiness.WriteAsync });
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = DatabaseReadiness.WriteAsync });
app.MapMetrics();
app.MapRazorPages();
app.MapWolverineEndpoints(opts =>
{
    // Development only (elsewhere the endpoints' code comes compiled, above): Eager compiles each endpoint's generated
    // code before the service reports ready, Lazy at its first request, the default there.
    opts.WarmUpRoutes = string.Equals(builder.Configuration.GetValue("Wolverine:WarmUpRoutes", ProductionChecks.Apply(builder.Environment) ? "Eager" : "Lazy")?.Trim(),
        "Eager", StringComparison.OrdinalIgnoreCase) ? Wolverine.Http.RouteWarmup.Eager : Wolverine.Http.RouteWarmup.Lazy;
    opts.AddPolicy<RequestValidationPolicy>();
    opts.AddPolicy<GobiernoAbierto.Process.ProcessLockFirstPolicy>();
    opts.AddPolicy<JsonBodyPolicy>();
    opts.AddPolicy<ProblemResponsesPolicy>();
});
if (args is ["codegen", .. var codegenArgs])
    return CodegenCommand.Run(codegenArgs, app.Services, Console.Out, Console.Error);
if (!app.Environment.IsDevelopment() &&
    CodegenCommand.WithoutGeneratedCode(CodegenCommand.DeclaredEndpoints(typeof(Program).Assembly), CodegenCommand.ServedEndpoints(app)) is { Count: > 0 } stale)
{
    Console.Error.WriteLine("GobiernoAbierto no arranca: estos endpoints no tienen código generado compilado en el servicio " +
        $"({string.Join(", ", stale)}). Desde la raíz del repositorio ejecute ./codegen.sh y vuelva a compilar.");
    return 2;
}

if (stopRequested.IsCancellationRequested)
{
    StartupFailure.SayStoppedWhileStarting();
    return 0;
}
var stopping = app.Lifetime.ApplicationStopping; // read now: RunAsync disposes the host before its exception reaches us
app.Lifetime.ApplicationStarted.Register(StartupFailure.Started);
try
{
    await app.RunAsync(stopRequested);
}
catch (Exception e) when (StartupFailure.IsStopDuringStart(e, stopRequested, stopping))
{
    StartupFailure.SayStoppedWhileStarting();
}
return 0;

public partial class Program;
