namespace GobiernoAbierto;

/// <summary>Identifiers people choose (colonias, kiosks): lower case, digits and hyphens, as they appear in URLs and exports.</summary>
public static class Slug
{
    public const string Pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";
    public const string Message = "Use solo minúsculas, dígitos y guiones (por ejemplo «loma-bonita»), hasta 64 caracteres.";
}
