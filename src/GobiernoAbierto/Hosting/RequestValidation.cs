using System.Globalization;
using System.Text;
using System.Collections;
using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http.CodeGen;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Checks every endpoint's request body (RequestValidation.Check) and runs its FluentValidation validator, if it has one,
/// before the endpoint, answering a Spanish problem details (400, code "validation_failed", errors per field) when either
/// fails. Our own small replacement for WolverineFx.Http.FluentValidation, which is not served here.
/// </summary>
public sealed class RequestValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            // Every body is checked for what no validator sees (RequestValidation.FindFlaws); its validator runs when it has one.
            var requestType = chain.RequestType!;
            var method = container.HasRegistrationFor(typeof(IValidator<>).MakeGenericType(requestType))
                ? typeof(RequestValidation).GetMethod(nameof(RequestValidation.ValidateAsync))!.MakeGenericMethod(requestType)
                : typeof(RequestValidation).GetMethod(nameof(RequestValidation.Check))!.MakeGenericMethod(requestType);
            var call = new MethodCall(typeof(RequestValidation), method) { CommentText = "The request body's checks, then its FluentValidation validator" };
            chain.Middleware.Insert(0, call);
            chain.Middleware.Insert(1, new MaybeEndWithResultFrame(call.ReturnVariable!));
            chain.Metadata.ProducesValidationProblem();
        }
    }
}

public static class RequestValidation
{
    public static readonly Rejection MissingBody = Rejection.Invalid("missing_request_body",
        "Falta el cuerpo de la solicitud: esta operación lleva sus datos en JSON (Content-Type: application/json). Nada se registró.");

    public static async Task<IResult> ValidateAsync<T>(IValidator<T> validator, T body, CancellationToken cancellation)
    {
        var check = Check(body);
        if (check is not WolverineContinue) return check;
        var result = await validator.ValidateAsync(body, cancellation);
        if (result.IsValid) return WolverineContinue.Result();

        // Grouped as the client names the field: two rules may name one field two ways ("Delegaciones[0].Name" and an
        // overridden "delegaciones[0].name"), which collided as one key (a 500 an outside tester found).
        var errors = result.Errors
            .GroupBy(e => JsonName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        var rejection = Rejection.Invalid("validation_failed",
            "Revise los datos enviados: " + string.Join(" ", errors.Values.SelectMany(v => v).Distinct().Take(3)));
        return Problems.Result(rejection, new Dictionary<string, object?> { ["errors"] = errors });
    }

    /// <summary>What every body is checked for, before its validator if it has one: present, and without a flaw (FindFlaws).</summary>
    public static IResult Check<T>(T body)
    {
        if (body is null) return Problems.Result(MissingBody);
        var flaws = FindFlaws(body).Take(20).ToList();
        if (flaws.Count == 0) return WolverineContinue.Result();
        var errors = flaws.GroupBy(f => JsonName(f.Path)).ToDictionary(g => g.Key, g => g.Select(f => f.FieldMessage).Distinct().ToArray());
        return Problems.Result(Rejection.Invalid("validation_failed",
                "Revise los datos enviados: " + string.Join(" ", flaws.Take(3).Select(f => $"«{JsonName(f.Path)}» {f.Detail}"))),
            new Dictionary<string, object?> { ["errors"] = errors });
    }

    /// <summary>What is wrong with one value of a body, at Path ("Options[1].Title", as the command names it).</summary>
    public sealed record Flaw(string Path, string Detail, string FieldMessage);

    /// <summary>
    /// The values of the body that no validator looks at and that nothing could be kept with:
    /// <list type="bullet">
    /// <item>a null element of a list (System.Text.Json lets <c>[null]</c> into a list of records, and the validators'
    /// element rules assume elements are there);</item>
    /// <item>the empty identifier (nothing is stored under it; Marten refuses it as a stream id with an exception);</item>
    /// <item>text with a control character other than tab and line breaks (U+0000 cannot be kept in PostgreSQL's jsonb
    /// at all) or half of a surrogate pair;</item>
    /// <item>a date outside QueretaroTime's years (year 9999 in Querétaro's time is past what an instant can hold in
    /// UTC), or none at all (a date left out of the JSON is 01/01/0001);</item>
    /// <item>an enumeration's value that is none of its names (System.Text.Json reads "A, B" as the two combined).</item>
    /// </list>
    /// The console runs it on the commands its forms make (ConsolePage.Validate), so both refuse the same values.
    /// </summary>
    public static IEnumerable<Flaw> FindFlaws(object value, string path = "", int depth = 0)
    {
        if (depth > 8) yield break;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var name = path + property.Name;
            var child = property.GetValue(value);
            if (child is IEnumerable list and not string and not byte[])
            {
                var index = 0;
                foreach (var item in list)
                {
                    if (item is null) yield return new Flaw($"{name}[{index}]", "está vacío (null).", "No puede ser nulo.");
                    else if (BrokenLine(item, property) is { } broken) yield return broken with { Path = $"{name}[{index}]" };
                    else foreach (var flaw in FlawsIn(item, $"{name}[{index}]", depth)) yield return flaw;
                    index++;
                }
            }
            else if (child is not null && BrokenLine(child, property) is { } broken)
                yield return broken with { Path = name };
            else if (child is not null)
                foreach (var flaw in FlawsIn(child, name, depth)) yield return flaw;
        }
    }

    private static IEnumerable<Flaw> FlawsIn(object value, string name, int depth) => value switch
    {
        Guid id when id == Guid.Empty => [new Flaw(name,
            "es el identificador vacío (00000000-0000-0000-0000-000000000000); nada se guarda con él.", EmptyIdentifier)],
        string text when UnstorableCharacter(text) is { } at => [new Flaw(name,
            $"contiene un carácter que no se puede guardar (U+{CodePointAt(text, at):X4}, {(char.IsSurrogate(text[at]) && !IsNoncharacter(CodePointAt(text, at)) ? "la mitad de un par sustituto UTF-16, sin la otra" : ReordersText(text[at]) ? "un carácter invisible que cambia el orden en que se muestra el texto" : IsNoncharacter(CodePointAt(text, at)) ? "un no-carácter de Unicode, que ningún texto lleva" : "un carácter de control")}); quítelo y envíe de nuevo.",
            $"Contiene un carácter no permitido (U+{CodePointAt(text, at):X4}).")],
        string text when ShowsNothing(text) => [new Flaw(name,
            "solo tiene caracteres invisibles o que no se muestran (espacios de ancho cero, espacios en blanco especiales, acentos sin letra, caracteres sin asignar o de uso privado); escriba el texto.",
            "Solo tiene caracteres invisibles; escriba el texto.")],
        DateOnly day when day == default => [Missing(name)],
        DateTimeOffset instant when instant == default => [Missing(name)],
        DateOnly day when day.Year is < QueretaroTime.FirstYear or > QueretaroTime.LastYear => [OutOfRange(name)],
        DateTimeOffset instant when instant.Year is < QueretaroTime.FirstYear or > QueretaroTime.LastYear => [OutOfRange(name)],
        Enum choice when !Enum.IsDefined(choice.GetType(), choice) => [new Flaw(name,
            "no es ninguno de los valores admitidos.", $"Elija uno de: {string.Join(", ", Enum.GetNames(choice.GetType()))}.")],
        _ when IsOurs(value) => FindFlaws(value, name + ".", depth + 1),
        _ => [],
    };

    /// <summary>A line break in text marked [OneLine] (or in an item of a list so marked); null for anything else.</summary>
    private static Flaw? BrokenLine(object value, PropertyInfo property) =>
        value is string text && text.AsSpan().IndexOfAny(LineBreaks) >= 0 && property.IsDefined(typeof(OneLineAttribute)) && UnstorableCharacter(text) is null
            ? new Flaw("", "va en una sola línea (un nombre, un título, un lugar): quite los saltos de línea.", "Va en una sola línea: quite los saltos de línea.")
            : null;

    private static readonly System.Buffers.SearchValues<char> LineBreaks = System.Buffers.SearchValues.Create("\r\n\u2028\u2029");

    /// <summary>What a field holding the empty identifier is told (the console tells a list left on «Elija…» otherwise).</summary>
    public const string EmptyIdentifier = "No puede ser el identificador vacío.";

    private static Flaw Missing(string name) => new(name, "falta: escriba la fecha.", "Falta la fecha.");

    private static Flaw OutOfRange(string name) =>
        new(name, $"es una fecha fuera de los años {QueretaroTime.FirstYear} a {QueretaroTime.LastYear}, los que el servicio admite.",
            $"La fecha debe caer entre los años {QueretaroTime.FirstYear} y {QueretaroTime.LastYear}.");

    /// <summary>
    /// Where the text has a control character (but tab, line feed and carriage return, and C1's too), an unpaired
    /// surrogate, a bidirectional embedding, override or isolate (invisible, they make a title or a name that public
    /// pages show read otherwise than it is written: U+202E turns what follows around), or a noncharacter (U+FFFF,
    /// U+FDD0…: Unicode keeps them out of any text; an outside tester published a Jornada titled U+FFFF).
    /// </summary>
    private static int? UnstorableCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' && c is not '\t' and not '\n' and not '\r' || c is >= '\u007F' and <= '\u009F' || ReordersText(c)) return i;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (IsNoncharacter(char.ConvertToUtf32(c, text[i + 1]))) return i;
                i++;
            }
            else if (char.IsSurrogate(c) || IsNoncharacter(c)) return i;
        }
        return null;
    }

    private static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    private static int CodePointAt(string text, int at) =>
        char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]) ? char.ConvertToUtf32(text[at], text[at + 1]) : text[at];

    /// <summary>
    /// The text without what does not show: zero-width and other format characters (the tag characters above U+FFFF too:
    /// read by Unicode scalar, not by UTF-16 unit), marks with no letter to sit on when nothing else is there, and the
    /// blank-looking letters (U+2800, U+3164…). A title of only those was taken, shown blank on the ballot, and «Uno» and
    /// «Uno» with a zero-width space counted as two titles (an outside tester).
    /// </summary>
    public static string Visible(string text)
    {
        var shown = string.Concat(text.EnumerateRunes().Where(r => !IsInvisible(r)).Select(r => r.ToString())).Trim();
        return shown.EnumerateRunes().All(r => Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark) ? "" : shown;
    }

    /// <summary>
    /// Text that is there but shows nothing (only whitespace is the validators' to name). Every body's every text passes
    /// here, a ballot's too: a printable ASCII character answers at once.
    /// </summary>
    private static bool ShowsNothing(string text) =>
        text.Length > 0 && !text.AsSpan().ContainsAnyInRange('!', '~') && !text.All(char.IsWhiteSpace) && !Visible(text).EnumerateRunes().Any(Shows);

    /// <summary>
    /// Whether a character a reader would see: not a space, and not one no font draws for them (a code point not
    /// assigned yet, private use, the replacement and object-replacement boxes), which made titles of a box or nothing.
    /// </summary>
    /// (The emoji blocks are taken as shown whatever .NET's tables say: phones draw emoji newer than the runtime knows.)
    private static bool Shows(Rune r) => !Rune.IsWhiteSpace(r) && r.Value is not (0xFFFC or 0xFFFD)
        && (r.Value is >= 0x1F000 and <= 0x1FAFF || Rune.GetUnicodeCategory(r) is not (UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned));

    /// <summary>What a reader sees of a text, to tell two texts apart: Visible, in one Unicode form, spaces as one, any case.</summary>
    public static string AsSeen(string text) =>
        string.Join(' ', Visible(text).Normalize(NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static bool IsInvisible(Rune r) =>
        Rune.GetUnicodeCategory(r) == UnicodeCategory.Format || r.Value is 0x2800 or 0x3164 or 0x115F or 0x1160 or 0xFFA0 or 0x034F;

    private static bool ReordersText(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    private static bool IsOurs(object value) => value.GetType().Assembly == typeof(RequestValidation).Assembly;

    /// <summary>"Options[0].Title" → "options[0].title", as the field is spelled in the JSON body.</summary>
    public static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}

/// <summary>
/// Text that names or titles something (a person, a kiosk and its place, a Jornada, an option): one line, as a form's
/// single-line field sends it. A hand-made request put a line break in a name, and the printed sheets, the record's
/// readers and the audit log then showed one name as two lines (RequestValidation.FindFlaws refuses it).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneLineAttribute : Attribute;
