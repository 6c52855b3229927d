using System.Text;
using System.Text.Json;

namespace GobiernoAbierto.Audit;

/// <summary>
/// How the export writes a number, and the only way the verifiers read one: digits only, no leading zero, no sign,
/// fraction or exponent (`14`, never `014`, `+14`, `14.0` or `1.4e1`); in the record's `i:` fields also `-` before a
/// negative. The service writes nothing else (long.ToString, System.Text.Json), in this version or any before. Read
/// leniently, the same file said three things: a seal with `"ballotCount": 14.0` was intact for verificar.html (JSON
/// reads 14), unreadable for `verify` and altered for the shell, and a ballot at position `01` held for `verify` and the
/// page and broke the shell's chain. Any other writing is not the file the service gave: the export is not intact, and
/// the finding names where (README, «Seal, export and verification»).
/// </summary>
public static class ExportNumbers
{
    /// <summary>What every finding about a number says, in the verifiers' words (verificador.js and the shell say the same).</summary>
    public const string Rule = "el servicio escribe cada número solo con cifras, sin ceros a la izquierda, signo, decimales ni exponente";

    /// <summary>0 or a digit 1–9 followed by digits; with <paramref name="negative"/>, also one of those but 0 after a `-`.</summary>
    public static bool IsCanonical(ReadOnlySpan<char> text, bool negative = false)
    {
        if (negative && text.Length > 1 && text[0] == '-' && text[1] != '0') text = text[1..];
        if (text.IsEmpty || (text[0] == '0' && text.Length > 1)) return false;
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>
    /// The first number of a JSON document, in the order written, that is not canonical, with the name of the property it
    /// is the value of (an item of a list takes its list's name); null when every number is.
    /// </summary>
    public static (string? Name, string Written)? FirstNotCanonical(JsonElement element, string? name = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                return IsCanonical(raw) ? null : (name, raw);
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    if (FirstNotCanonical(property.Value, property.Name) is { } found) return found;
                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (FirstNotCanonical(item, name) is { } found) return found;
                return null;
            default:
                return null;
        }
    }
}

/// <summary>
/// How the export writes a hash, and the seal its Jornada's id: in lower case, the text each line's hash is taken over (a
/// ballot's or fact's hash is chained as text, not as bytes, after the Jornada's id). Read case-blind, a file whose
/// hashes or seal's id were turned upper-case held for `verify` and verificar.html and broke the shell's chain, which
/// hashes the text as written: it is not the file the service gave, for all three (README, «Seal, export and verification»).
/// </summary>
public static class ExportHashes
{
    /// <summary>What every finding about a hash's case says, in the verifiers' words (verificador.js and the shell say the same).</summary>
    public const string Rule = "el servicio escribe cada hash y el identificador de la Jornada en minúsculas, como entran en el hash de cada línea";

    /// <summary>Whether a hash or id field has a capital hexadecimal letter; any other departure is a hash that does not match.</summary>
    public static bool HasCapitals(string? text) => text is not null && text.AsSpan().IndexOfAnyInRange('A', 'F') >= 0;
}

/// <summary>
/// How the record writes a text and a field's name (JornadaRecord's CanonicalFields.Percent): each byte of its UTF-8 as
/// %XX, upper-case hex, but for A–Z a–z 0–9 - . _ ~, which stay as they are; one way only, like a number (ExportNumbers).
/// A name is read for what it says, so «counts.A» and «counts.%41» are one field; a text written «%41» says «A» and held
/// for verify and the page, while the shell, comparing text, found another option published: a line not written as the
/// service writes it is not the service's (README, «Codificación canónica del registro»).
/// </summary>
public static class ExportText
{
    /// <summary>What every finding about a text's encoding says, in the verifiers' words (verificador.js and the shell say the same).</summary>
    public const string Rule = "el servicio escribe cada texto del registro, y el nombre de cada campo, de una sola manera: cada byte UTF-8 como %XX " +
                               "con mayúsculas, salvo las letras A-Z y a-z, las cifras y - . _ ~, que van tal cual";

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text as the service writes it, or null when it says something that the service would write otherwise («%41» for «A»).</summary>
    public static string? Canonical(string written) => Decode(written) is { } text ? Jornadas.CanonicalFields.Percent(text) : null;

    public static bool IsCanonical(string written) => Canonical(written) == written;

    /// <summary>What a percent-encoded text says, read strictly: null when a % is not followed by two hexadecimal digits or the bytes are no UTF-8.</summary>
    public static string? Decode(string written)
    {
        var bytes = new List<byte>(written.Length);
        try
        {
            for (var i = 0; i < written.Length;)
            {
                if (written[i] == '%')
                {
                    if (i + 2 >= written.Length || !char.IsAsciiHexDigit(written[i + 1]) || !char.IsAsciiHexDigit(written[i + 2])) return null;
                    bytes.Add(Convert.ToByte(written.Substring(i + 1, 2), 16));
                    i += 3;
                }
                else
                {
                    // A character written as it is (é, a space): its own UTF-8, so what the text says is still read.
                    var length = char.IsHighSurrogate(written[i]) && i + 1 < written.Length ? 2 : 1;
                    bytes.AddRange(Strict.GetBytes(written.Substring(i, length)));
                    i += length;
                }
            }
            return Strict.GetString(bytes.ToArray());
        }
        catch (ArgumentException)
        {
            // A lone surrogate, or bytes that are no UTF-8 (DecoderFallbackException and EncoderFallbackException are ArgumentExceptions).
            return null;
        }
    }
}
