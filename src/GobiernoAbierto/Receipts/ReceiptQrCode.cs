using GobiernoAbierto.Ballots;
using QRCoder;

namespace GobiernoAbierto.Receipts;

/// <summary>
/// The QR code the kiosk shows (and prints) beside a receipt: it opens the receipt check page with the code filled in,
/// on the resident's own phone. Drawn here with QRCoder, so the kiosk loads nothing from outside this origin. Only a
/// well-formed receipt code goes in (never an arbitrary address); nothing is read or stored, and the answer is not
/// cached: the code is the resident's.
/// </summary>
public static class ReceiptQrCodeEndpoint
{
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Checks)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(string), StatusCodes.Status200OK, "image/svg+xml")]
    [WolverineGet("/api/receipts/{receipt}/qr", OperationId = "GetReceiptQrCode")]
    public static IResult Get(string receipt, HttpRequest request, HttpResponse response)
    {
        var code = ReceiptCode.Normalize(receipt);
        if (code is null)
            return Problems.Result(new Rejection("invalid_receipt", "Código de recibo inválido", ReceiptCode.WhyNot(receipt)!,
                StatusCodes.Status400BadRequest));
        response.Headers.CacheControl = "no-store";
        return Results.Text(Svg(CheckAddress(request, code)), "image/svg+xml");
    }

    /// <summary>The receipt check page for this code, on the service's public address (PublicHosting.SiteFor).</summary>
    public static string CheckAddress(HttpRequest request, string code) =>
        new Uri(request.HttpContext.RequestServices.GetRequiredService<PublicHosting>().SiteFor(request),
            $"recibo.html?codigo={Uri.EscapeDataString(code)}").AbsoluteUri;

    /// <summary>Black modules on white with the quiet zone, sized by its viewBox so it prints sharp at any size.</summary>
    public static string Svg(string payload)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(new System.Drawing.Size(256, 256), "#000000", "#ffffff", drawQuietZones: true,
            SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
