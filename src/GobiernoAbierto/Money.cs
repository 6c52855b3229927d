using System.Globalization;

namespace GobiernoAbierto;

/// <summary>Pesos as people in Querétaro write them, whatever the server's locale: "$1,500,000 MXN".</summary>
public static class Money
{
    private static readonly CultureInfo Mexico = CultureInfo.GetCultureInfo("es-MX");

    public static string Format(decimal amount) =>
        "$" + amount.ToString(amount == decimal.Truncate(amount) ? "N0" : "N2", Mexico) + " MXN";

    /// <summary>An amount as a form field shows it to be corrected, "2,400,000" or "1,850,000.50": what TryParse reads back.</summary>
    public static string Field(decimal amount) => amount.ToString(amount == decimal.Truncate(amount) ? "N0" : "N2", Mexico);

    /// <summary>An amount in pesos and centavos: at most two decimals ("El costo estimado lleva a lo más dos decimales").</summary>
    public static IRuleBuilderOptions<T, decimal> InCentavos<T>(this IRuleBuilder<T, decimal> rule, string what) =>
        rule.Must(a => a == decimal.Round(a, 2)).WithMessage($"{what} lleva a lo más dos decimales (centavos).");

    /// <summary>What to tell a person whose amount could not be read (TryParse).</summary>
    public const string Unreadable = "Escriba la cantidad en pesos con punto decimal y a lo más dos decimales (centavos), por ejemplo 1,500,000.50 o 1500000.";

    // Digits in groups of three separated by commas or spaces, or not grouped, then at most a point and two decimals.
    // "1500000,50" (a decimal comma) and "1.500.000" (points grouping thousands) are refused, never guessed: read the
    // Mexican way the first would be a hundred times too much.
    private static readonly System.Text.RegularExpressions.Regex Amount = new(@"^(\d{1,3}(,\d{3})+|\d{1,3}( \d{3})+|\d+)(\.\d{1,2})?$");

    /// <summary>
    /// What a person types as an amount of pesos: "2,400,000", "$ 2 400 000.50", "1500000"; false when it is ambiguous.
    /// A minus sign is read ("-500", "-$500"), so that the form's rules say the amount must be above zero rather than
    /// that it could not be read.
    /// </summary>
    public static bool TryParse(string? typed, out decimal amount)
    {
        amount = 0;
        var text = (typed ?? "").Replace('\u00A0', ' ').Replace('\u2212', '-').Trim();
        var negative = text.StartsWith('-');
        if (negative) text = text[1..].TrimStart();
        if (text.StartsWith('$')) text = text[1..].TrimStart();
        if (!negative && text.StartsWith('-')) (negative, text) = (true, text[1..].TrimStart());
        if (text.EndsWith("MXN", StringComparison.OrdinalIgnoreCase)) text = text[..^3].TrimEnd();
        if (!Amount.IsMatch(text) ||
            !decimal.TryParse(text.Replace(",", "").Replace(" ", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
            return false;
        if (negative) amount = -amount;
        return true;
    }
}
