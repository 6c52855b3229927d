using System.Globalization;

namespace GobiernoAbierto;

/// <summary>A number and its noun as people read them: "1 boleta", "1,250 boletas" (es-MX grouping, whatever the server's locale).</summary>
public static class Counted
{
    public static string Of(long n, string one, string many) =>
        $"{n.ToString("N0", CultureInfo.GetCultureInfo("es-MX"))} {(n == 1 ? one : many)}";
}
