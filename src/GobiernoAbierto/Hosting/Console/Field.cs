using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GobiernoAbierto.Hosting.Console;

/// <summary>
/// One labelled form field as _Field.cshtml draws it: hint and error tied to the input (aria-describedby), aria-invalid
/// when the rules refused it, so a screen reader reads the rule's message with the field.
/// </summary>
public sealed record Field(string Name, string Label, string? Value, string Type = "text", string? Hint = null, string? Autocomplete = null,
    bool Required = true, string? InputMode = null, string? Error = null, IReadOnlyList<(string Value, string Label)>? Choices = null,
    int? MaxLength = null)
{
    public string Id => Name.Replace('.', '_');
    public string? DescribedBy => string.Join(' ', new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.OfType<string>()) is { Length: > 0 } ids ? ids : null;

    public static Field For(ModelStateDictionary state, string name, string label, string? value, string type = "text", string? hint = null,
        string? autocomplete = null, bool required = true, string? inputMode = null, IReadOnlyList<(string, string)>? choices = null, int? maxLength = null) =>
        new(name, label, value, type, hint, autocomplete, required, inputMode,
            state.TryGetValue(name, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null,
            choices, maxLength);
}
