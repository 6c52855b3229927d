using System.Text.Json.Serialization;
using FluentValidation;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Seed;
using GobiernoAbierto.Tally;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

if (args is ["verify", .. var verifyArgs])
    return await VerifyCommand.RunAsync(verifyArgs, Console.Out, Console.Error);
if (args is ["healthcheck", .. var healthArgs])
    return await HealthProbe.RunAsync(healthArgs);

var builder = WebApplication.CreateBuilder(args);
var settings = ServiceSettings.From(builder.Configuration);

builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(settings.ConnectionString));

builder.Services.AddMarten(opts =>
    {
        opts.Connection(settings.ConnectionString);
        opts.DatabaseSchemaName = settings.Schema;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        // Transaction-scoped advisory locks: the upstream DistributedLock.Postgres we run on (ENVIRONMENT.md) needs them.
        opts.Events.UseAdvisoryLockTransaction = true;
        // Ballot secrecy: none of the optional event metadata is stored (README, "Secreto del voto").
        opts.Events.MetadataConfig.CorrelationIdEnabled = false;
        opts.Events.MetadataConfig.CausationIdEnabled = false;
        opts.Events.MetadataConfig.HeadersEnabled = false;
        opts.Events.MetadataConfig.UserNameEnabled = false;

        opts.AddProcess();
        opts.AddDeliberation();
        opts.AddJornadas();
        opts.AddBallots(settings.Schema);
        opts.AddTally();
        opts.AddAudit();
    })
    .IntegrateWithWolverine()
    .ApplyAllDatabaseChangesOnStartup()
    .AddAsyncDaemon(settings.DaemonMode);

builder.Host.UseWolverine(opts =>
{
    opts.UseRuntimeCompilation();
    if (settings.SoloMode) opts.Durability.Mode = DurabilityMode.Solo;
});
builder.Services.AddWolverineHttp();

builder.Services.AddBallots(builder.Configuration);
ValidatorOptions.Global.LanguageManager.Culture = new System.Globalization.CultureInfo("es");
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
builder.Services.AddAccessControl(builder.Configuration);
builder.Services.AddSampleData(builder.Configuration);

builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemExceptionHandler.Customize);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddNpgSql(settings.ConnectionString, name: "postgresql", tags: ["ready"]);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.Use(EmptyIdentifiers.RejectAsync);

app.MapOpenApi();
app.MapScalarApiReference(o => o.WithTitle("GobiernoAbierto — API de la Jornada de Participación"));
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
app.MapWolverineEndpoints(opts =>
{
    opts.AddPolicy<RequestValidationPolicy>();
    opts.AddPolicy<ProblemResponsesPolicy>();
});

await app.RunAsync();
return 0;

public partial class Program;
