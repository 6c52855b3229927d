using GobiernoAbierto.Ballots;
using Marten.Events;
using Npgsql;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Audit;

public static class AuditEndpoints
{
    public static readonly Rejection NotSealed = new("jornada_not_sealed", "La Jornada no está sellada",
        "El sello existe cuando el personal municipal cierra la votación.");

    /// <summary>
    /// Before the close the ballots wait in the sealed urn, and an export then was a header alone: an auditor could take it
    /// for a Jornada without votes.
    /// </summary>
    public static readonly Rejection BallotsNotSealed = new("jornada_not_sealed", "La Jornada no está sellada",
        "Las boletas se exportan cuando el personal municipal cierra la votación y se sella la urna. Mientras tanto, la " +
        "verificación del servicio (GET …/audit/verification) revisa la cadena hasta hoy.");

    /// <summary>
    /// Each line of ballots.csv holds a receipt beside its choice, so whoever holds the file and someone's receipt knows that
    /// vote: a municipal account could then check how its own employees voted (or a bought vote). The export is the IEEQ's;
    /// staff read it only on a service with no IEEQ at all (IeeqPresence), where nobody else could.
    /// </summary>
    public static readonly Rejection BallotsAreTheIeeqs = new("ballots_export_ieeq_only", "La exportación de boletas es del IEEQ",
        "Cada línea de boletas-….csv lleva un recibo junto a su opción: con el archivo y el recibo de una persona se sabe su " +
        "voto. Por eso solo lo descarga el IEEQ. El personal municipal tiene el sello (…/audit/seal), el registro " +
        "(…/audit/record.csv) y la verificación del servicio (…/audit/verification); un residente consulta su recibo en " +
        "/recibo.html.", StatusCodes.Status403Forbidden);

    [Authorize(Roles = Roles.StaffOrAuditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/ballots.csv", OperationId = "ExportBallots")]
    public static async Task ExportBallots(Guid jornadaId, HttpContext http, IQuerySession session, IeeqPresence ieeq,
        CancellationToken cancellation)
    {
        if (!http.User.IsInRole(Roles.Auditor) && await ieeq.IsPresentAsync(cancellation))
        {
            await Problems.WriteAsync(http, BallotsAreTheIeeqs);
            return;
        }
        await DownloadAsync(http, session, jornadaId, $"boletas-{jornadaId}.csv", WriteBallotsAsync, cancellation, sealedOnly: true);
    }

    /// <summary>ballots.csv (the API's export and the IEEQ desk's download): UTF-8 without BOM, "\n" line ends.</summary>
    public static async Task WriteBallotsAsync(IQuerySession session, Guid jornadaId, Stream output, CancellationToken cancellation)
    {
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        await writer.WriteLineAsync(AuditRecords.CsvHeader);
        await foreach (var ballot in AuditRecords.ReadBallotsAsync(session, jornadaId, cancellation))
            await writer.WriteLineAsync(AuditRecords.ToCsvLine(ballot));
    }

    [Authorize(Roles = Roles.StaffOrAuditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Audit.ExportedSeal>(StatusCodes.Status200OK)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/seal", OperationId = "GetSeal")]
    public static async Task<IResult> Seal(Guid jornadaId, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is null) return Problems.Result(Jornada.NotFound);
        var seal = await AuditRecords.ReadSealAsync(session, jornadaId, cancellation);
        return seal is null ? Problems.Result(NotSealed) : Results.Bytes(seal.ToFile(), "application/json; charset=utf-8");
    }

    /// <summary>
    /// The Jornada's record: every fact of its stream but ballots and turnout, one line each in the order written, with the
    /// canonical fields and the links the service wrote (README, "Codificación canónica del registro").
    /// </summary>
    [Authorize(Roles = Roles.StaffOrAuditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/record.csv", OperationId = "ExportRecord")]
    public static Task ExportRecord(Guid jornadaId, HttpContext http, IQuerySession session, CancellationToken cancellation) =>
        DownloadAsync(http, session, jornadaId, $"registro-{jornadaId}.csv", WriteRecordAsync, cancellation);

    /// <summary>A CSV download of an existing Jornada, streamed as it is written; an unknown Jornada gets its problem details.</summary>
    private static async Task DownloadAsync(HttpContext http, IQuerySession session, Guid jornadaId, string fileName,
        Func<IQuerySession, Guid, Stream, CancellationToken, Task> write, CancellationToken cancellation, bool sealedOnly = false)
    {
        var jornada = await session.LoadAsync<Jornada>(jornadaId, cancellation);
        if (jornada is null || (sealedOnly && jornada.Seal is null))
        {
            await Problems.WriteAsync(http, jornada is null ? Jornada.NotFound : BallotsNotSealed);
            return;
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await write(session, jornadaId, http.Response.Body, cancellation);
    }

    /// <summary>record.csv (the API's export and the IEEQ desk's download).</summary>
    public static async Task WriteRecordAsync(IQuerySession session, Guid jornadaId, Stream output, CancellationToken cancellation)
    {
        var facts = AuditRecords.Record(await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == jornadaId && e.EventTypesAre(JornadaRecord.TypeNames.Keys.ToArray()))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation));
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        await writer.WriteLineAsync(AuditRecords.RecordCsvHeader);
        foreach (var fact in facts) await writer.WriteLineAsync(AuditRecords.ToRecordCsvLine(fact));
    }

    /// <summary>The same check `verify --database` runs, done by the service on its own store: ballots, record, store.</summary>
    [Authorize(Roles = Roles.StaffOrAuditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Audit.AuditVerification>(StatusCodes.Status200OK)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/verification", OperationId = "VerifyChain")]
    public static async Task<IResult> Verification(Guid jornadaId, IQuerySession session, NpgsqlDataSource database, VotingTables tables,
        CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is null) return Problems.Result(Jornada.NotFound);
        await using var connection = await database.OpenConnectionAsync(cancellation);
        var (report, _) = await AuditRecords.VerifyStoredAsync(session.DocumentStore, connection, tables, jornadaId, cancellation: cancellation);
        return Results.Ok(report);
    }

    public static readonly Rejection LogCatchingUp = new("audit_log_catching_up", "La bitácora se está poniendo al día",
        "La Jornada existe, pero su bitácora aún no registra sus primeros movimientos: se escribe unos segundos después de ellos. " +
        "Vuelva a consultarla en unos segundos; si sigue así más de un minuto, avise al personal técnico: el proceso que escribe la " +
        "bitácora podría estar detenido.", StatusCodes.Status503ServiceUnavailable);

    /// <remarks>
    /// The log is written by the async daemon, a moment after the facts: a Jornada just created has none yet, which
    /// answered «No existe una Jornada con ese identificador» to an auditor who had just seen it.
    /// </remarks>
    [Authorize(Roles = Roles.StaffOrAuditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Audit.AuditLog>(StatusCodes.Status200OK)]
    [WolverineGet("/api/jornadas/{jornadaId}/audit/log", OperationId = "GetAuditLog")]
    public static async Task<IResult> Log(Guid jornadaId, IQuerySession session, HttpResponse response, CancellationToken cancellation)
    {
        if (await session.LoadAsync<AuditLog>(jornadaId, cancellation) is { } log) return Results.Ok(log);
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is null) return Problems.Result(Jornada.NotFound);
        response.Headers.RetryAfter = "5";
        return Problems.Result(LogCatchingUp);
    }
}
