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

public sealed class when_an_agreement_is_listed
{
    /// <summary>A list names an agreement by what it says (the committee's sessions listed ids only); a long one is cut at a word.</summary>
    [Theory]
    [InlineData("Publicar el avance de la obra", "Publicar el avance de la obra")]
    [InlineData("Difundir en las colonias de ambas delegaciones el calendario de las obras y los teléfonos para reportar fallas en ellas",
        "Difundir en las colonias de ambas delegaciones el calendario de las obras y los…")]
    [InlineData("Difundir en las colonias de ambas delegaciones, con carteles y volantes; el calendario de las obras",
        "Difundir en las colonias de ambas delegaciones, con carteles y volantes; el…")]
    public void it_says_what_the_agreement_says_up_to_about_eighty_characters(string text, string listed) =>
        Assert.Equal(listed, Sentence.Shortened(text));
}
