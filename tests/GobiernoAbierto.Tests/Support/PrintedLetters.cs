using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;
using ZXing;

namespace GobiernoAbierto.Tests.Support;

/// <summary>What one page of a PDF shows: its text, line by line (form XObjects included), and its images.</summary>
public sealed record PrintedPage(string Text, IReadOnlyList<PrintedImage> Images)
{
    /// <summary>The text as one flow, lines joined by spaces: sentences wrapped over lines read whole.</summary>
    public string Flowing => Text.ReplaceLineEndings(" ");

    /// <summary>What the QR codes among the page's images say, decoded from their pixels.</summary>
    public IReadOnlyList<string> QrCodes => Images.Select(image => image.DecodeQr()).OfType<string>().ToList();
}

/// <summary>An image embedded in a page, as grey levels (0 black … 255 white), one byte per pixel.</summary>
public sealed record PrintedImage(int Width, int Height, byte[] Grey, bool Interpolate)
{
    /// <summary>
    /// The text of the QR code in the image, read with ZXing as a scanning app reads it (turning the image when one
    /// way round does not read), or null when there is none. Read only the way it is drawn, about 1 letter in 100
    /// (15 of 1,500 random codes) was not found by ZXing's finder-pattern detector, and every one of them read turned,
    /// or decoded bit for bit as a pure barcode: a 30-letter test failed about one run in four.
    /// </summary>
    public string? DecodeQr() =>
        new BarcodeReaderGeneric { AutoRotate = true, Options = { TryHarder = true, PossibleFormats = [BarcodeFormat.QR_CODE] } }
            .Decode(new RGBLuminanceSource(Grey, Width, Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
}

/// <summary>
/// Reads a PDF back the way a reader of the printed page would: PDFsharp's parser for the structure, the fonts'
/// ToUnicode maps for the text, the image streams' pixels for the QR codes (decoded by ZXing, not by the library that
/// drew them).
/// </summary>
public static partial class PrintedLetters
{
    public static IReadOnlyList<PrintedPage> Read(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return document.Pages.Cast<PdfPage>().Select(page =>
        {
            var text = new StringBuilder();
            var images = new List<PrintedImage>();
            Walk(ContentReader.ReadContent(page), page.Elements.GetDictionary("/Resources")!, text, images);
            return new PrintedPage(text.ToString(), images);
        }).ToList();
    }

    public static int PageCount(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return document.PageCount;
    }

    private static void Walk(CSequence content, PdfDictionary resources, StringBuilder text, List<PrintedImage> images)
    {
        Dictionary<int, string>? toUnicode = null;
        foreach (var op in content.OfType<COperator>())
        {
            switch (op.Name)
            {
                case "Tf":
                    var font = resources.Elements.GetDictionary("/Font")!.Elements.GetDictionary(((CName)op.Operands[0]).Name)!;
                    toUnicode = ToUnicode(font);
                    break;
                case "Tj":
                    text.Append(Decode((CString)op.Operands[0], toUnicode)).Append('\n');
                    break;
                case "TJ":
                    foreach (var part in ((CArray)op.Operands[0]).OfType<CString>()) text.Append(Decode(part, toUnicode));
                    text.Append('\n');
                    break;
                case "Do":
                    var xObject = resources.Elements.GetDictionary("/XObject")!.Elements.GetDictionary(((CName)op.Operands[0]).Name)!;
                    if (xObject.Elements.GetName("/Subtype") == "/Form")
                        Walk(ContentReader.ReadContent(xObject.Stream.UnfilteredValue),
                            xObject.Elements.GetDictionary("/Resources")!, text, images);
                    else if (xObject.Elements.GetName("/Subtype") == "/Image")
                        images.Add(Image(xObject));
                    break;
            }
        }
    }

    private static string Decode(CString value, Dictionary<int, string>? toUnicode)
    {
        if (toUnicode is null) return value.Value; // a simple font: one byte per character
        var decoded = new StringBuilder();
        for (var i = 0; i + 1 < value.Value.Length; i += 2)
            decoded.Append(toUnicode.GetValueOrDefault((value.Value[i] << 8) | value.Value[i + 1], "\uFFFD"));
        return decoded.ToString();
    }

    /// <summary>The glyph → text map of a Type0 font, from its ToUnicode CMap (bfchar and bfrange entries).</summary>
    private static Dictionary<int, string>? ToUnicode(PdfDictionary font)
    {
        if (font.Elements.GetDictionary("/ToUnicode") is not { } cmapStream) return null;
        var cmap = Encoding.ASCII.GetString(cmapStream.Stream.UnfilteredValue);
        var map = new Dictionary<int, string>();
        foreach (Match block in BfChar().Matches(cmap))
            foreach (Match pair in HexPair().Matches(block.Groups[1].Value))
                map[Hex(pair.Groups[1].Value)] = Utf16(pair.Groups[2].Value);
        foreach (Match block in BfRange().Matches(cmap))
            foreach (Match range in HexRange().Matches(block.Groups[1].Value))
            {
                var (low, high, first) = (Hex(range.Groups[1].Value), Hex(range.Groups[2].Value), Hex(range.Groups[3].Value));
                for (var glyph = low; glyph <= high; glyph++) map[glyph] = char.ConvertFromUtf32(first + glyph - low);
            }
        return map;
    }

    private static PrintedImage Image(PdfDictionary image)
    {
        var width = image.Elements.GetInteger("/Width");
        var height = image.Elements.GetInteger("/Height");
        var bits = image.Elements.GetInteger("/BitsPerComponent");
        var samples = image.Stream.UnfilteredValue;
        var palette = Palette(image.Elements["/ColorSpace"]);
        var grey = new byte[width * height];
        var rowBytes = (width * bits + 7) / 8;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var index = bits switch
                {
                    1 => (samples[y * rowBytes + x / 8] >> (7 - x % 8)) & 1,
                    8 => samples[y * rowBytes + x],
                    _ => throw new NotSupportedException($"{bits} bits per component"),
                };
                grey[y * width + x] = palette is null ? (byte)(index * (bits == 1 ? 255 : 1)) : palette[index];
            }
        return new PrintedImage(width, height, grey, image.Elements.GetBoolean("/Interpolate"));
    }

    /// <summary>The grey level of each colour of an /Indexed /DeviceRGB colour space; null for /DeviceGray.</summary>
    private static byte[]? Palette(PdfItem? colorSpace)
    {
        if (colorSpace is PdfReference reference) colorSpace = reference.Value;
        if (colorSpace is not PdfArray { Elements.Count: 4 } indexed) return null;
        var lookup = indexed.Elements[3] is PdfReference { Value: PdfDictionary stream }
            ? stream.Stream.UnfilteredValue
            : Encoding.Latin1.GetBytes(((PdfString)indexed.Elements[3]).Value);
        return lookup.Chunk(3).Select(rgb => (byte)((rgb[0] + rgb[1] + rgb[2]) / 3)).ToArray();
    }

    private static int Hex(string hex) => int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Utf16(string hex) =>
        Encoding.BigEndianUnicode.GetString(Convert.FromHexString(hex));

    [GeneratedRegex(@"beginbfchar(.*?)endbfchar", RegexOptions.Singleline)]
    private static partial Regex BfChar();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex HexPair();

    [GeneratedRegex(@"beginbfrange(.*?)endbfrange", RegexOptions.Singleline)]
    private static partial Regex BfRange();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex HexRange();
}
