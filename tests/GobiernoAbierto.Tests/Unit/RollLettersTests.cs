using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>A roll entry's folio and identifier tail are kept sealed under the server secret, bound to their voter key.</summary>
public sealed class when_a_rolls_letters_are_sealed
{
    private static readonly VoterKeys Keys = new(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());
    private static readonly Guid Jornada = Guid.Parse("11111111-2222-4333-8444-555555555555");
    private readonly RollLetters _letters = new(Keys);

    [Fact]
    public void a_letter_opens_to_its_folio_and_tail_for_its_own_voter_key_only()
    {
        var (ana, beto) = (new RollEntry("key-ana", "loma-bonita", 2, "H500"), new RollEntry("key-beto", "sonterra", 123_456, "M012"));
        var sealedAll = _letters.SealAll(Jornada, [ana, beto]);

        Assert.Equal((2, "H500"), _letters.Open(Jornada, "key-ana", sealedAll[0].Letter));
        Assert.Equal((123_456, "M012"), _letters.Open(Jornada, "key-beto", sealedAll[1].Letter));
        Assert.Null(_letters.Open(Jornada, "key-beto", sealedAll[0].Letter));   // moved to another person's row
        Assert.Null(_letters.Open(Guid.NewGuid(), "key-ana", sealedAll[0].Letter)); // or another Jornada's
        Assert.Equal(sealedAll[0].Letter.Length, sealedAll[1].Letter.Length);  // the size says nothing of the folio
        Assert.Equal(_letters.FolioKey(Jornada, 2), sealedAll[0].FolioKey);
        Assert.NotEqual(_letters.FolioKey(Jornada, 2), _letters.FolioKey(Guid.NewGuid(), 2));
        Assert.Null(new RollLetters(new VoterKeys(new byte[32])).Open(Jornada, "key-ana", sealedAll[0].Letter)); // another secret
    }

    [Fact]
    public void an_entry_without_folio_or_tail_seals_and_opens_as_such()
    {
        var sealedOne = Assert.Single(_letters.SealAll(Jornada, [new RollEntry("key", null, null, null)]));

        Assert.Null(sealedOne.FolioKey);
        Assert.Equal(((int?)null, (string?)null), _letters.Open(Jornada, "key", sealedOne.Letter));
    }
}
