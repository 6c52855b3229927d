namespace GobiernoAbierto.Audit;

/// <summary>
/// A hash as the IEEQ wrote it down and types it back: the seal sheet prints it in groups of eight, README's command puts
/// it in quotes, people paste it with both and in either case. One reading for the certification (console and API) and
/// `verify`; verificar.js's compact() does the same in the browser.
/// </summary>
public static class NotedHash
{
    private const string Quotes = "\"'«»“”‘’`";

    public static string Compact(string? text) =>
        string.Concat((text ?? "").Where(c => !char.IsWhiteSpace(c) && !Quotes.Contains(c))).ToLowerInvariant();

    /// <summary>64 hexadecimal characters, once compacted.</summary>
    public static bool IsHash(string? text) => Compact(text) is { Length: 64 } h && h.All(char.IsAsciiHexDigit);

    /// <summary>The SHA-256 of nothing: a document's fingerprint taken of a download that failed (0 bytes).</summary>
    public static bool IsOfAnEmptyFile(string? text) => Compact(text) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public const string EmptyFileMessage = "Esa es la huella de un archivo vacío (0 bytes): la descarga o la copia del documento falló. " +
                                           "Obtenga de nuevo el documento y calcule su huella (sha256sum).";
}
