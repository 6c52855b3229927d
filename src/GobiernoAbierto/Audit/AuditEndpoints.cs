using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Wolverine.Http;

namespace GobiernoAbierto.Audit;

public static class AuditEndpoints
{
    public static readonly Rejection NotSealed = new("jornada_not_sealed", "La Jornada no está sellada",
        "El sello existe cuando el personal municipal cierra la votación.");

    [Authorize(Roles = Roles.StaffOrAuditor)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/ballots.csv", OperationId = "ExportBallots")]
    public static async Task ExportBallots(Guid jornadaId, HttpContext http, IQuerySession session, NpgsqlDataSource dataSource,
        CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is null)
        {
            await Problems.WriteAsync(http, JornadaStream.JornadaNotFound);
            return;
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"boletas-{jornadaId}.csv\"";
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        await writer.WriteLineAsync(AuditRecords.CsvHeader);
        await foreach (var ballot in AuditRecords.ReadBallotsAsync(connection, session.DocumentStore.Options.DatabaseSchemaName, jornadaId, cancellation))
            await writer.WriteLineAsync(AuditRecords.ToCsvLine(ballot));
    }

    [Authorize(Roles = Roles.StaffOrAuditor)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/seal", OperationId = "GetSeal")]
    public static async Task<IResult> Seal(Guid jornadaId, IQuerySession session, NpgsqlDataSource dataSource, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is null) return Problems.Result(JornadaStream.JornadaNotFound);
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        var seal = await AuditRecords.ReadSealAsync(connection, session.DocumentStore.Options.DatabaseSchemaName, jornadaId, cancellation);
        return seal is null ? Problems.Result(NotSealed) : Results.Ok(seal);
    }

    /// <summary>The same check `verify --database` runs, done by the service on its own store.</summary>
    [Authorize(Roles = Roles.StaffOrAuditor)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/verification", OperationId = "VerifyChain")]
    public static async Task<IResult> Verification(Guid jornadaId, IQuerySession session, NpgsqlDataSource dataSource, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is null) return Problems.Result(JornadaStream.JornadaNotFound);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        var seal = await AuditRecords.ReadSealAsync(connection, schema, jornadaId, cancellation);
        var ballots = new List<ExportedBallot>();
        await foreach (var b in AuditRecords.ReadBallotsAsync(connection, schema, jornadaId, cancellation)) ballots.Add(b);
        return Results.Ok(ChainVerifier.Verify(jornadaId, ballots, seal));
    }

    [Authorize(Roles = Roles.StaffOrAuditor)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/log", OperationId = "GetAuditLog")]
    public static Task<IResult> Log(Guid jornadaId, IQuerySession session, CancellationToken cancellation) =>
        Answers.ReadAsync<AuditLog>(session, jornadaId, JornadaStream.JornadaNotFound, cancellation);
}
