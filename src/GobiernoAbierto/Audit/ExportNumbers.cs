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

    /// <summary>What an integer field of the record says beyond the rule: it fits a long, as the service wrote it (long.ToString).</summary>
    public const string Range = "entre -9223372036854775807 y 9223372036854775807";

    /// <summary>
    /// An integer field's value (i:) as the service writes it: canonical, negative allowed, and no larger in magnitude than
    /// a long holds. «i:99999999999999999999» has only digits, but no long says it: read, it made verify throw (OverflowException).
    /// </summary>
    public static bool IsCanonicalInteger(ReadOnlySpan<char> text) =>
        IsCanonical(text, negative: true) && long.TryParse(text.TrimStart('-'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);

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

/// <summary>
/// How the record writes its other values (CanonicalFields: Instant, Decimal, Bool and an absent value), one way each,
/// as its numbers and texts: an instant in UTC with its 7 decimals (`t:2020-10-18T13:00:00.0000000Z`), a decimal plain
/// (`d:2400000`, `d:1850000.5`, `d:-0.25`), a boolean `b:true` or `b:false`, an absent value `n:` with nothing after it,
/// and no other tag. Read leniently, «closedAt=t:2020-10-18T13:00:00Z» (or «…T07:00:00-06:00») said the same instant,
/// «byIeeq=b:True» nothing the rules read, and the fact rebuilt so with its links held for all three verifiers, though
/// the service never writes it; nor has any version before (CanonicalFields is as the first record wrote it). The same
/// patterns, character for character, are verificador.js's and the shell block's (README, «Codificación canónica del
/// registro»): what they accept is what the writer's formats can give, and a year 0001–9999 whose date exists.
/// </summary>
public static class ExportValues
{
    /// <summary>What every finding about such a value says, in the verifiers' words (verificador.js and the shell say the same).</summary>
    public const string Rule = "en el registro el servicio escribe cada instante (t:) en UTC y con 7 decimales, como 2020-10-18T13:00:00.0000000Z; " +
                               "cada decimal (d:) con punto, sin exponente, signo + ni ceros de más, y sin punto si es entero; cada booleano (b:) " +
                               "como true o false; un valor ausente como n: sin nada después; y ninguno con otra etiqueta que s, i, d, t, b o n";

    /// <summary>A year 0001–9999, and one whose February has a 29th (divisible by 4, and by 400 if by 100).</summary>
    private const string Year = "([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)";
    private const string LeapYear = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)";

    /// <summary>An instant as Instant writes it (yyyy-MM-dd'T'HH:mm:ss.fffffff'Z' of the UTC time): a date that exists, no leap second.</summary>
    public const string Instant = "(" + Year + "-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|" + Year + "-(0[469]|11)-(0[1-9]|[12][0-9]|30)|" +
                                  Year + "-02-(0[1-9]|1[0-9]|2[0-8])|" + LeapYear + "-02-29)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{7}Z";

    /// <summary>A decimal as PlainDecimal writes it: no trailing zero after the point, no point when whole, never «-0».</summary>
    public const string Decimal = "(0|-?[1-9][0-9]*(\\.[0-9]*[1-9])?|-?0\\.[0-9]*[1-9])";

    /// <summary>A value after its tag, for the tags whose values this class answers for (d, t, b, n): the whole of what may follow «name=».</summary>
    public const string Pattern = "(t:" + Instant + "|d:" + Decimal + "|b:(true|false)|n:)";

    private static readonly System.Text.RegularExpressions.Regex Written = new("^" + Pattern + "\\z",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// Whether what follows a field's «=» is written as the service writes it, for every tag but s and i (ExportText and
    /// ExportNumbers answer for those): false for an instant, decimal, boolean or absent value written otherwise, or another tag.
    /// </summary>
    public static bool IsCanonical(string tagAndValue) =>
        tagAndValue.StartsWith("s:", StringComparison.Ordinal) || tagAndValue.StartsWith("i:", StringComparison.Ordinal) || Written.IsMatch(tagAndValue);
}
