namespace GobiernoAbierto;

/// <summary>Identifiers people choose (colonias, kiosks): lower case, digits and hyphens, as they appear in URLs and exports.</summary>
public static class Slug
{
    public const string Pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";
    public const string Message = "Use solo minúsculas, dígitos y guiones (por ejemplo «loma-bonita»), hasta 64 caracteres.";

    /// <summary>A slug made from a name: "Cultura de paz" → "cultura-de-paz" (accents dropped, anything else a hyphen).</summary>
    public static string From(string name)
    {
        var plain = new string(name.Trim().ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray());
        var slug = System.Text.RegularExpressions.Regex.Replace(plain, "[^a-z0-9]+", "-").Trim('-');
        return slug.Length > 64 ? slug[..64].TrimEnd('-') : slug;
    }
}
