namespace GobiernoAbierto.Tests.Unit;

public sealed class when_someones_words_end_a_sentence
{
    /// <summary>The close page quoted an early close's reason as «Simulacro: ya votó.». — two full stops.</summary>
    [Theory]
    [InlineData("Se fue la luz", "«Se fue la luz».")]
    [InlineData("Simulacro: la participación esperada ya votó.", "«Simulacro: la participación esperada ya votó.»")]
    [InlineData("¿Se cierra ya?", "«¿Se cierra ya?»")]
    [InlineData("Se fue la luz. ", "«Se fue la luz.»")]
    public void their_own_full_stop_ends_it_and_none_is_added(string words, string written) =>
        Assert.Equal(written, Sentence.Quoted(words));
}

public sealed class when_titles_are_listed
{
    [Fact]
    public void titles_go_in_the_order_of_a_spanish_dictionary_not_of_their_bytes() =>
        Assert.Equal(["Alumbrado", "Árboles en el camellón", "banquetas nuevas", "Ñandú", "Zanja pluvial"],
            new[] { "Zanja pluvial", "Ñandú", "Árboles en el camellón", "banquetas nuevas", "Alumbrado" }.Order(Sentence.Alphabetical));
}
