using GobiernoAbierto.Hosting;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_an_amount_is_shown_to_residents
{
    [Theory]
    [InlineData(1_500_000, "$1,500,000 MXN")]
    [InlineData(1234.5, "$1,234.50 MXN")]
    [InlineData(0, "$0 MXN")]
    public void it_is_written_in_mexican_pesos_whatever_the_server_locale(decimal amount, string expected)
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal(expected, Money.Format(amount));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
