using System.Globalization;

namespace GobiernoAbierto;

/// <summary>
/// A percentage as every page writes it, whatever the server's locale: es-MX digits, at most one decimal, and a space
/// that never breaks before the sign, "33.3 %", "30 %", "1,234.5 %" (api.js's formatPercent writes it the same way). The
/// console wrote a share of the budget with the server's locale and «30%» in some messages, the public page another way.
/// </summary>
public static class Percent
{
    private static readonly CultureInfo Mexico = CultureInfo.GetCultureInfo("es-MX");

    public static string Format(decimal value) => Math.Round(value, 1).ToString("#,##0.#", Mexico) + "\u00A0%";

    /// <summary>How much of the budget is spent, to one decimal (ChosenWorkProgress.SpentOfBudgetPercent); null without a budget.</summary>
    public static decimal? OfBudget(decimal spent, decimal budget) => budget == 0 ? null : Math.Round(spent / budget * 100, 1);
}
