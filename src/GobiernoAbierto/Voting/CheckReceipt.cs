using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Npgsql;

namespace GobiernoAbierto.Voting;

/// <summary>
/// Counted: the ballot is in the chain and the tally. InSealedUrn: it is registered, durable and will be counted, but
/// still waits in the sealed urn for the next mix (or the close).
/// </summary>
public sealed record ReceiptStatus(string Receipt, bool Counted, bool InSealedUrn, Guid? JornadaId, string? JornadaTitle, string Message);

public static class ReceiptEndpoints
{
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Checks)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Voting.ReceiptStatus>(StatusCodes.Status200OK)]
    [WolverineGet("/api/receipts/{receipt}", OperationId = "CheckReceipt")]
    public static async Task<IResult> Check(string receipt, IQuerySession session, NpgsqlDataSource dataSource, VotingTables tables,
        SealedUrn urn, CancellationToken cancellation)
    {
        var code = ReceiptCode.Normalize(receipt);
        if (code is null)
            return Problems.Result(new Rejection("invalid_receipt", "Código de recibo inválido", ReceiptCode.WhyNot(receipt)!,
                StatusCodes.Status400BadRequest));

        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        if (await tables.CountedAsync(connection, code, cancellation) is { } counted)
            return Results.Ok(new ReceiptStatus(code, true, false, counted, await TitleAsync(counted),
                "Su voto está en el cómputo. Por el secreto del voto, aquí nunca se muestra por quién votó."));

        if (await urn.FindReceiptAsync(connection, code, cancellation) is { } jornadaId)
            return Results.Ok(new ReceiptStatus(code, false, true, jornadaId, await TitleAsync(jornadaId),
                $"Su voto está registrado y guardado en la urna sellada. Para proteger el secreto del voto, los votos entran al cómputo " +
                $"en grupos de al menos {urn.MixSize}, revueltos, o al cierre de la Jornada; consulte de nuevo más tarde. " +
                "Aquí nunca se muestra por quién votó."));

        // A mix may have moved it from the urn into the chain between the two reads above: look once more.
        if (await tables.CountedAsync(connection, code, cancellation) is { } mixedMeanwhile)
            return Results.Ok(new ReceiptStatus(code, true, false, mixedMeanwhile, await TitleAsync(mixedMeanwhile),
                "Su voto está en el cómputo. Por el secreto del voto, aquí nunca se muestra por quién votó."));

        // Looked up first whatever its check character says: receipts given before there was one are found all the same.
        if (!ReceiptCode.HasValidCheck(code))
            return Results.Ok(new ReceiptStatus(code, false, false, null, null,
                "Ese código no corresponde a ningún voto registrado y su último carácter no concuerda con los demás: probablemente " +
                "hay un carácter mal copiado o dos cambiados de lugar. Compárelo carácter por carácter con su recibo: basta uno distinto " +
                "para que no se encuentre. Si coincide con su recibo y sigue sin encontrarse, acuda al IEEQ."));
        return Results.Ok(new ReceiptStatus(code, false, false, null, null,
            "Ese código no corresponde a ningún voto registrado. Compárelo carácter por carácter con su recibo: basta uno distinto " +
            "para que no se encuentre. Si coincide con su recibo y sigue sin encontrarse, acuda al IEEQ."));

        async Task<string?> TitleAsync(Guid jornadaId) => (await session.LoadAsync<Jornada>(jornadaId, cancellation))?.Title;
    }
}
