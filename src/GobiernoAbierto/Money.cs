using System.Globalization;

namespace GobiernoAbierto;

/// <summary>Pesos as people in Querétaro write them, whatever the server's locale: "$1,500,000 MXN".</summary>
public static class Money
{
    private static readonly CultureInfo Mexico = CultureInfo.GetCultureInfo("es-MX");

    public static string Format(decimal amount) =>
        "$" + amount.ToString(amount == decimal.Truncate(amount) ? "N0" : "N2", Mexico) + " MXN";

    /// <summary>What a person types as an amount of pesos: "2,400,000", "$ 2 400 000.50"; commas and spaces group thousands.</summary>
    public static bool TryParse(string? typed, out decimal amount) =>
        decimal.TryParse((typed ?? "").Replace("$", "").Replace(",", "").Replace(" ", "").Replace("\u00A0", ""),
            System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out amount);
}
