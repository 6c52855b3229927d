using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Npgsql;

namespace GobiernoAbierto.Voting;

/// <summary>
/// Counted: the ballot is in the chain and the tally. A ballot still waiting in the sealed urn for the next mix (or the
/// close) is not told apart from a receipt that is not there: the check never looks into the urn (SealedUrn says why).
/// MayBeWaiting: not counted, yet it could be a ballot in some urn: its check character agrees, the urn is on and a
/// Jornada is open (nothing waits in the urn of one closed, which mixed what was left). It is the same answer for
/// every receipt at that moment, so it says nothing of this one; false, a receipt not counted is a mistake or a case for the IEEQ.
/// Written only when true: a counted receipt's answer keeps exactly the fields the secrecy tests allow.
/// </summary>
public sealed record ReceiptStatus(string Receipt, bool Counted, Guid? JornadaId, string? JornadaTitle, string Message,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    bool MayBeWaiting = false);

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
            return Results.Ok(new ReceiptStatus(code, true, counted, await TitleAsync(counted),
                "Su voto está en el cómputo. Por el secreto del voto, aquí nunca se muestra por quién votó."));
        // Looked up first whatever its check character says: receipts given before there was one are found all the same.
        if (!ReceiptCode.HasValidCheck(code))
            return Results.Ok(new ReceiptStatus(code, false, null, null,
                "Ese código no corresponde a ningún voto contado y su último carácter no concuerda con los demás: probablemente " +
                "hay un carácter mal copiado o dos cambiados de lugar. Compárelo carácter por carácter con su recibo: basta uno distinto " +
                "para que no se encuentre. Si coincide con su recibo y sigue sin encontrarse, acuda al IEEQ."));
        var voteOpen = urn.MixSize > 0
            && await session.Query<Jornada>().AnyAsync(j => j.Status == JornadaStatus.Open, cancellation);
        return Results.Ok(voteOpen
            ? new ReceiptStatus(code, false, null, null, NotCountedYet(urn.MixSize), MayBeWaiting: true)
            : new ReceiptStatus(code, false, null, null, NotCounted(urn.MixSize > 0)));

        async Task<string?> TitleAsync(Guid jornadaId) => (await session.LoadAsync<Jornada>(jornadaId, cancellation))?.Title;
    }

    /// <summary>
    /// A receipt not in the chain when nothing can be waiting for it: no vote open (each Jornada's close drained its urn),
    /// or no urn. It read «Durante la Jornada es normal…» under the page's red «No aparece» (a reviewer).
    /// </summary>
    public static string NotCounted(bool urn) =>
        "Ese recibo no aparece en el cómputo" + (urn
            ? ", y ahora no hay ninguna votación abierta: al cerrar, cada Jornada pasa al cómputo todos los votos que esperaban en la urna sellada. "
            : ": en este servicio cada voto entra al cómputo al emitirse. ") +
        "Compárelo carácter por carácter con su recibo: basta uno distinto para que no se encuentre. Si coincide con su recibo, acuda al IEEQ.";

    /// <summary>A receipt not in the chain: maybe in the sealed urn, which this check does not look into, maybe not a receipt at all.</summary>
    public static string NotCountedYet(int mixSize) =>
        "Ese recibo todavía no aparece en el cómputo. Durante la Jornada es normal: para proteger el secreto del voto, los votos entran " +
        $"al cómputo en grupos de al menos {mixSize}, revueltos, o al cierre, y esta consulta no dice nada de ellos antes (ni siquiera que " +
        "esperan en la urna sellada: así nadie puede usarla para saber de quién es cada voto). Si recibió este recibo al votar, su voto " +
        "quedó guardado. Consulte de nuevo después del cierre. Si la Jornada ya cerró y sigue sin aparecer, compárelo carácter por " +
        "carácter con su recibo: si coincide, acuda al IEEQ.";
}
