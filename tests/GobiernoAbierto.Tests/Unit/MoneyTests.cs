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

public sealed class when_staff_type_an_amount_of_pesos
{
    [Theory]
    [InlineData("2,400,000", 2_400_000)]
    [InlineData("$ 2 400 000.50", 2_400_000.50)]
    [InlineData("1500000", 1_500_000)]
    [InlineData("1,500,000.5", 1_500_000.5)]
    [InlineData("$1,850,000 MXN", 1_850_000)]
    [InlineData("-500", -500)]       // read, so the rules can say it must be above zero
    [InlineData("-$ 1,500.50", -1_500.50)]
    [InlineData("$-1,500", -1_500)]
    [InlineData("\u22121500", -1_500)] // the typographic minus sign
    public void the_usual_ways_of_writing_it_are_read(string typed, decimal expected)
    {
        Assert.True(Money.TryParse(typed, out var amount));
        Assert.Equal(expected, amount);
    }

    [Theory]
    [InlineData("1500000,50")]   // a decimal comma: read the Mexican way it would be 150,000,050
    [InlineData("1.500.000")]    // points grouping thousands
    [InlineData("2,400,000.999")] // more than centavos
    [InlineData("1,50,000")]
    [InlineData("1e6")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("--500")]
    [InlineData("-")]
    public void what_could_be_read_two_ways_or_not_at_all_is_refused(string typed) =>
        Assert.False(Money.TryParse(typed, out _));
}

public sealed class when_a_number_of_things_is_written
{
    [Theory]
    [InlineData(1, "1 boleta")]
    [InlineData(0, "0 boletas")]
    [InlineData(1250, "1,250 boletas")]
    public void the_noun_agrees_with_the_number(long n, string expected) => Assert.Equal(expected, Counted.Of(n, "boleta", "boletas"));
}
