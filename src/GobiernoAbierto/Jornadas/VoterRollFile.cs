using GobiernoAbierto.Territory;
using System.Text;
using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Jornadas;

/// <summary>One line of a roll file that cannot be loaded, and why (in Spanish, for the person who prepared the file).</summary>
public sealed record RollLineProblem(long Line, string Reason);

/// <summary>
/// A roll read and checked line by line, or the answer that says why nothing was loaded. Pure but for reading the
/// stream: identifiers are normalised and turned into voter keys here and never kept.
/// </summary>
public sealed class VoterRollFile
{
    public const int MaxRows = 500_000;

    /// <summary>A lista nominal line is well under 100 bytes; 64 MB leaves room for quoting and extra columns.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>How many bad lines the answer names; the count covers all of them.</summary>
    public const int ReportedLines = 100;

    private VoterRollFile(IReadOnlyList<RollEntry> entries, bool hasColonias, Rejection? refusal,
        IReadOnlyList<RollLineProblem>? badLines = null, int badCount = 0)
    {
        Entries = entries;
        HasColonias = hasColonias;
        Refusal = refusal;
        BadLines = badLines ?? [];
        BadCount = badCount;
    }

    public IReadOnlyList<RollEntry> Entries { get; }
    public bool HasColonias { get; }

    /// <summary>Why nothing was loaded, with the first <see cref="ReportedLines"/> bad lines and how many there were.</summary>
    public Rejection? Refusal { get; }
    public IReadOnlyList<RollLineProblem> BadLines { get; }
    public int BadCount { get; }

    /// <summary>The refusal as the API answers it: problem details with "badLines" and "lines" when lines were bad.</summary>
    public IResult? Problem => Refusal is null ? null
        : Problems.Result(Refusal, BadCount == 0 ? null : new Dictionary<string, object?> { ["badLines"] = BadCount, ["lines"] = BadLines });

    public static VoterRollFile FromIdentifiers(Jornada jornada, IReadOnlyList<string> identifiers, Func<string, string> voterKeyOf)
    {
        var bad = new List<RollLineProblem>();
        var entries = new Dictionary<string, RollEntry>(StringComparer.Ordinal);
        for (var i = 0; i < identifiers.Count; i++)
        {
            var normalized = VoterIdentifier.Normalize(jornada.VoterIdKind, identifiers[i] ?? "");
            if (!VoterIdentifier.IsValid(jornada.VoterIdKind, normalized))
            {
                bad.Add(new RollLineProblem(i + 1, BadFormat(jornada)));
                continue;
            }
            entries.TryAdd(voterKeyOf(normalized), new RollEntry(voterKeyOf(normalized), null, i + 1, Tail(normalized)));
        }
        return bad.Count == 0
            ? new([.. entries.Values], false, null)
            // 422, as the CSV's bad lines: the body is well formed, its entries are not (one code, one status).
            : new([], false, new Rejection("invalid_voter_roll", "Padrón con errores",
                    (bad.Count == 1 ? $"Hay un identificador con formato inválido en la posición {bad[0].Line}. "
                        : $"Hay identificadores con formato inválido en las posiciones {string.Join(", ", bad.Take(10).Select(b => b.Line))}. ") +
                    $"Se espera {VoterIdentifier.Describe(jornada.VoterIdKind)}. No se cargó nada.", StatusCodes.Status422UnprocessableEntity),
                bad.Take(ReportedLines).ToList(), bad.Count);
    }

    public static async Task<VoterRollFile> ReadCsvAsync(Jornada jornada, Stream body, Func<string, string> voterKeyOf, CancellationToken cancellation)
    {
        // Bytes that are not UTF-8 read as U+FFFD, found line by line: a decoder that throws does so where it reads ahead,
        // and named line 1 for a bad byte on line 5 (an outside tester's; line 2,999 for one on line 3,002).
        var reader = new StreamReader(body, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: false);
        long line = 0;
        try
        {
            line = 1;
            var header = await reader.ReadLineAsync(cancellation);
            if (header is not null && header.Contains(NotUtf8)) return Refused(NotInUtf8(line));
            // Excel saves «CSV» with semicolons where the list separator is one: the header says which it is.
            var separator = header is not null && header.Contains(';') && !header.Contains(',') ? ';' : ',';
            if (header is null || Columns(header.TrimStart('\uFEFF'), separator, jornada.VoterIdKind) is not { } columns)
                return Refused(NoHeader(jornada));
            var (id, colonia) = columns;
            // Two columns of one name: the reader took the first, and a file with two people a line loaded half of them, silently.
            if (RepeatedColumn(header.TrimStart('\uFEFF'), separator, jornada.VoterIdKind) is { } repeated)
                return Refused(NotLoaded("voter_roll_repeated_column",
                    $"El encabezado trae dos veces la misma columna («{repeated}» repite un dato de otra): cada persona va en su propia línea, con una sola columna de cada dato. No se cargó nada."));
            // A CURP roll for a clave-de-elector Jornada (or the reverse) used to be refused line by line, each «formato inválido».
            if (OtherKindNamed(jornada, Fields(header.TrimStart('\uFEFF'), separator)[id]) is { } wrongKind) return Refused(wrongKind);

            var bad = new List<RollLineProblem>();
            var badCount = 0;
            var entries = new List<RollEntry>();
            var lineOf = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadLineAsync(cancellation) is { } text)
            {
                line++;
                if (text.Contains(NotUtf8)) return Refused(NotInUtf8(line));
                if (text.Length == 0) continue;
                if (entries.Count + badCount >= MaxRows) return Refused(TooLarge);
                // An odd number of quotes leaves a field open to the line's end: what follows the quote was read as its value.
                RollEntry? entry = null;
                var reason = text.Count(c => c == '"') % 2 == 1
                    ? "Hay unas comillas sin cerrar: revise esa línea (una colonia con coma va entre comillas: \"Colonia, sección\")."
                    : Check(jornada, Fields(text, separator), id, colonia, lineOf, line, out entry, voterKeyOf);
                if (reason is null) { entries.Add(entry!); continue; }
                if (++badCount <= ReportedLines) bad.Add(new RollLineProblem(line, reason));
            }
            if (entries.Count == 0 && badCount == 0) return Refused(NotLoaded("voter_roll_empty", "El archivo no trae ninguna persona después del encabezado."));
            return badCount > 0 ? Refused(bad, badCount) : new(entries, true, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refused(TooLarge);
        }
    }

    /// <summary>What the decoder puts for bytes that are not UTF-8 (a file saved as «CSV» in Windows-1252, with its «ñ» and «é»).</summary>
    private const char NotUtf8 = '\uFFFD';

    private static Rejection NotInUtf8(long line) => NotLoaded("voter_roll_not_utf8",
        $"El archivo no está en UTF-8 (línea {line}). Guárdelo como «CSV UTF-8» y vuelva a cargarlo. No se cargó nada.");

    private static string? Check(Jornada jornada, string[] fields, int id, int colonia, Dictionary<string, long> lineOf, long line,
        out RollEntry? entry, Func<string, string> voterKeyOf)
    {
        entry = null;
        if (fields.Length <= Math.Max(id, colonia)) return "Faltan columnas: cada línea lleva el identificador y la colonia.";
        var normalized = VoterIdentifier.Normalize(jornada.VoterIdKind, fields[id]);
        if (!VoterIdentifier.IsValid(jornada.VoterIdKind, normalized)) return BadFormat(jornada);
        if (ColoniaOf(jornada.Territory, fields[colonia]) is not { } found)
            // A real colonia of Querétaro outside this Jornada is not «unknown»: say which it is, and that it does not vote here.
            return ColoniaOf(QueretaroTerritory.Plan2020, fields[colonia]) is { } elsewhere
                ? $"La colonia «{elsewhere.Name}» no forma parte de esta Jornada: aquí votan {Counted.Of(jornada.Territory.Colonias.Count, "colonia", "colonias")} " +
                  $"(por ejemplo «{jornada.Territory.Colonias[0].Name}»). Quite a esa persona del padrón o corrija su colonia."
                : $"Colonia desconocida «{Shorten(fields[colonia])}»: escriba el nombre o el identificador de una colonia de la Jornada (por ejemplo " +
                $"«{jornada.Territory.Colonias[0].Name}» o «{jornada.Territory.Colonias[0].Id}»).";
        if (!lineOf.TryAdd(normalized, line)) return $"Persona repetida: ya está en la línea {lineOf[normalized]}.";
        var key = voterKeyOf(normalized);
        entry = new RollEntry(key, found.Id, checked((int)line), Tail(normalized));
        return null;
    }

    /// <summary>
    /// A colonia by its identifier or by its name as the consoles and the kiosk show it, accents and capitals aside
    /// («Francisco Villa I», «francisco villa i»): a roll prepared from the lista nominal names colonias, not identifiers.
    /// </summary>
    private static Territory.Colonia? ColoniaOf(Territory.Territory territory, string value) =>
        territory.FindColonia(value) ?? (Slug.From(value) is { Length: > 0 } slug
            ? territory.Colonias.FirstOrDefault(c => Slug.From(c.Name) == slug || c.Id == slug)
            : null);

    /// <summary>
    /// The identifier and colonia columns of the header, or null when it does not name them. With both a CURP and a
    /// clave de elector column, the Jornada's own.
    /// </summary>
    private static (int Id, int Colonia)? Columns(string header, char separator, VoterIdKind kind)
    {
        var names = Fields(header, separator).Select(f => f.Trim().ToLowerInvariant()).ToList();
        var own = names.FindIndex(n => kind == VoterIdKind.Curp ? n is "curp" : n is "clave_elector" or "clave de elector");
        var id = own >= 0 ? own : names.FindIndex(n => n is "clave_elector" or "clave de elector" or "curp" or "identificador");
        var colonia = names.FindIndex(n => n is "colonia" or "colonia_id");
        return id < 0 || colonia < 0 ? null : (id, colonia);
    }

    /// <summary>
    /// A column the reader uses named twice, or under two of its names («clave_elector» and «clave de elector»,
    /// «colonia» and «colonia_id»): it reads the first. Columns it does not read may repeat (two «telefono»).
    /// </summary>
    private static string? RepeatedColumn(string header, char separator, VoterIdKind kind)
    {
        var names = Fields(header, separator).Select(f => f.Trim().ToLowerInvariant()).ToList();
        string[][] meanings =
        [
            kind == VoterIdKind.Curp ? ["curp"] : ["clave_elector", "clave de elector"],
            ["identificador"],
            ["colonia", "colonia_id"],
            ["seccion"],
        ];
        return meanings.Select(meaning => names.Where(meaning.Contains).ToList()).FirstOrDefault(found => found.Count > 1)?[1];
    }

    /// <summary>Fields separated by commas (or semicolons); a field may be quoted ("…", with "" for a quote inside).</summary>
    private static string[] Fields(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(field.ToString().Trim()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString().Trim().TrimEnd('\r'));
        return [.. fields];
    }

    /// <summary>The refusal when the header's identifier column names the other kind of identifier than the Jornada's.</summary>
    private static Rejection? OtherKindNamed(Jornada jornada, string column)
    {
        var named = column.Trim().ToLowerInvariant() switch
        {
            "curp" => VoterIdKind.Curp,
            "clave_elector" or "clave de elector" => VoterIdKind.ClaveElector,
            _ => (VoterIdKind?)null,
        };
        if (named is not { } kind || kind == jornada.VoterIdKind) return null;
        return NotLoaded("voter_roll_other_identifier",
            $"El archivo trae la columna «{column.Trim()}», pero en esta Jornada se vota con {(jornada.VoterIdKind == VoterIdKind.Curp ? "la CURP" : "la clave de elector")}: " +
            $"cargue el padrón con la columna «{(jornada.VoterIdKind == VoterIdKind.Curp ? "curp" : "clave_elector")}». No se cargó nada.");
    }

    private static string Tail(string normalized) => normalized[^4..];

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string BadFormat(Jornada jornada) => $"Formato inválido: se espera {VoterIdentifier.Describe(jornada.VoterIdKind)}.";

    /// <summary>A file refused whole: staff read «Padrón no cargado» and why, not a request's technical title.</summary>
    private static Rejection NotLoaded(string code, string detail) => new(code, "Padrón no cargado", detail, StatusCodes.Status400BadRequest);

    private static Rejection NoHeader(Jornada jornada) => NotLoaded("voter_roll_no_header",
        $"La primera línea debe ser el encabezado, con las columnas «{(jornada.VoterIdKind == VoterIdKind.Curp ? "curp" : "clave_elector")}» y «colonia» " +
        "(y, si la trae, «seccion»), separadas por comas o por punto y coma. No se cargó nada.");

    public static readonly Rejection SentAsForm = new("voter_roll_sent_as_form", "Padrón no cargado",
        "El archivo llegó dentro de un formulario (multipart/form-data): envíe el CSV como el cuerpo de la solicitud, con " +
        "Content-Type: text/csv (con curl, -H 'Content-Type: text/csv' --data-binary @padron.csv en lugar de -F). No se cargó nada.", StatusCodes.Status400BadRequest);

    public static readonly Rejection SentAsJson = new("voter_roll_sent_as_json", "Padrón no cargado",
        "Esta operación lee el padrón en CSV (Content-Type: text/csv), y llegó JSON: para enviar la lista de identificadores en " +
        "JSON use PUT /api/jornadas/{id}/voter-roll. No se cargó nada.", StatusCodes.Status415UnsupportedMediaType);

    public static readonly Rejection TooLarge = new("voter_roll_too_large", "Padrón demasiado grande",
        $"Un padrón admite hasta {MaxRows:N0} personas y {MaxBytes / (1024 * 1024)} MB. Divida el territorio en Jornadas o revise el archivo. No se cargó nada.",
        StatusCodes.Status413PayloadTooLarge);

    private static VoterRollFile Refused(Rejection rejection) => new([], false, rejection);

    private static VoterRollFile Refused(IReadOnlyList<RollLineProblem> bad, int badCount) =>
        new([], false,
            new Rejection("invalid_voter_roll", "Padrón con errores",
                (badCount == 1 ? $"La línea {bad[0].Line} no se puede cargar ({bad[0].Reason}) "
                    : $"{badCount:N0} líneas no se pueden cargar (la primera es la {bad[0].Line}: {bad[0].Reason}) ") +
                "Corrija el archivo y vuelva a cargarlo completo. No se cargó nada.", StatusCodes.Status422UnprocessableEntity),
            bad, badCount);
}
