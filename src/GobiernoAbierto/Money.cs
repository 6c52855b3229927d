using System.Globalization;

namespace GobiernoAbierto;

/// <summary>Pesos as people in Querétaro write them, whatever the server's locale: "$1,500,000 MXN".</summary>
public static class Money
{
    private static readonly CultureInfo Mexico = CultureInfo.GetCultureInfo("es-MX");

    public static string Format(decimal amount) =>
        "$" + amount.ToString(amount == decimal.Truncate(amount) ? "N0" : "N2", Mexico) + " MXN";
}
