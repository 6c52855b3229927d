using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Audit;

public static class AuditEndpoints
{
    public static readonly Rejection NotSealed = new("jornada_not_sealed", "La Jornada no está sellada",
        "El sello existe cuando el personal municipal cierra la votación.");

    [Authorize(Roles = Roles.StaffOrAuditor)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/ballots.csv", OperationId = "ExportBallots")]
    public static async Task ExportBallots(Guid jornadaId, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is null)
        {
            await Problems.WriteAsync(http, Jornada.NotFound);
            return;
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"boletas-{jornadaId}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        await writer.WriteLineAsync(AuditRecords.CsvHeader);
        await foreach (var ballot in AuditRecords.ReadBallotsAsync(session, jornadaId, cancellation))
            await writer.WriteLineAsync(AuditRecords.ToCsvLine(ballot));
    }

    [Authorize(Roles = Roles.StaffOrAuditor)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/seal", OperationId = "GetSeal")]
    public static async Task<IResult> Seal(Guid jornadaId, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is null) return Problems.Result(Jornada.NotFound);
        var seal = await AuditRecords.ReadSealAsync(session, jornadaId, cancellation);
        return seal is null ? Problems.Result(NotSealed) : Results.Ok(seal);
    }

    /// <summary>The same check `verify --database` runs, done by the service on its own store.</summary>
    [Authorize(Roles = Roles.StaffOrAuditor)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/verification", OperationId = "VerifyChain")]
    public static async Task<IResult> Verification(Guid jornadaId, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is null) return Problems.Result(Jornada.NotFound);
        var seal = await AuditRecords.ReadSealAsync(session, jornadaId, cancellation);
        return Results.Ok(await ChainVerifier.VerifyAsync(jornadaId, AuditRecords.ReadBallotsAsync(session, jornadaId, cancellation), seal,
            cancellation: cancellation));
    }

    [Authorize(Roles = Roles.StaffOrAuditor)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/log", OperationId = "GetAuditLog")]
    public static Task<IResult> Log(Guid jornadaId, IQuerySession session, CancellationToken cancellation) =>
        Answers.ReadAsync<AuditLog>(session, jornadaId, Jornada.NotFound, cancellation);
}
