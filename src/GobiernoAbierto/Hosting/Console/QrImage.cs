using QRCoder;

namespace GobiernoAbierto.Hosting.Console;

/// <summary>A QR code as a data: URL for an img element (the CSP allows data: images; nothing leaves the service).</summary>
public static class QrImage
{
    public static string DataUrl(string payload, int pixelsPerModule = 6)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(pixelsPerModule));
    }
}
