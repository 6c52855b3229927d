using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace GobiernoAbierto.Ballots;

/// <summary>A receipt that is in the count. Holds the Jornada only: the lookup must never reveal the choice.</summary>
public sealed record CountedReceipt(string Id, Guid JornadaId);

public sealed partial class CountedReceiptProjection : EventProjection
{
    public CountedReceipt Create(BallotCast e) => new(e.Receipt, e.JornadaId);
}

public sealed record ReceiptStatus(string Receipt, bool Counted, Guid? JornadaId, string? JornadaTitle, string Message);

public static class ReceiptEndpoints
{
    [AllowAnonymous]
    [WolverineGet("/api/receipts/{receipt}", OperationId = "CheckReceipt")]
    public static async Task<IResult> Check(string receipt, IQuerySession session, CancellationToken cancellation)
    {
        var code = ReceiptCode.Normalize(receipt);
        if (code is null)
            return Problems.Result(new Rejection("invalid_receipt", "Código de recibo inválido",
                "El código de recibo tiene 12 caracteres, por ejemplo 7K3M-Q9XA-2BFD.", StatusCodes.Status400BadRequest));

        var counted = await session.LoadAsync<CountedReceipt>(code, cancellation);
        if (counted is null)
            return Results.Ok(new ReceiptStatus(code, false, null, null,
                "Ese código no corresponde a ningún voto contado. Revise que lo haya escrito bien; si el problema sigue, acuda al IEEQ."));

        var jornada = await session.LoadAsync<Jornada>(counted.JornadaId, cancellation);
        return Results.Ok(new ReceiptStatus(code, true, counted.JornadaId, jornada?.Title,
            "Su voto está en el cómputo. Por el secreto del voto, aquí nunca se muestra por quién votó."));
    }
}
