using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_receipt_code_is_issued
{
    private static readonly List<string> Issued = Enumerable.Range(0, 20_000).Select(_ => ReceiptCode.New()).ToList();

    [Fact]
    public void every_code_has_the_published_shape() =>
        Assert.All(Issued, code => Assert.Matches(ReceiptCode.Pattern(), code));

    [Fact]
    public void no_two_codes_are_the_same() =>
        Assert.Equal(Issued.Count, Issued.Distinct(StringComparer.Ordinal).Count());

    [Fact]
    public void the_codes_never_use_letters_that_read_like_digits() =>
        Assert.DoesNotContain(Issued, code => code.IndexOfAny(['I', 'L', 'O', 'U']) >= 0);

    [Fact]
    public void all_32_symbols_of_crockford_base32_are_drawn()
    {
        // 240,000 draws from 32 symbols: the chance that any one symbol never shows up is below 1e-3000.
        var symbols = Issued.SelectMany(c => c.Replace("-", "", StringComparison.Ordinal)).Distinct().Order().ToArray();
        Assert.Equal("0123456789ABCDEFGHJKMNPQRSTVWXYZ", new string(symbols));
    }

    [Fact]
    public void an_issued_code_is_already_in_canonical_form() =>
        Assert.All(Issued.Take(500), code => Assert.Equal(code, ReceiptCode.Normalize(code)));

    [Fact]
    public void every_code_ends_with_the_check_character_of_the_rest() =>
        Assert.All(Issued, code => Assert.True(ReceiptCode.HasValidCheck(code), code));
}

public sealed class when_a_receipt_code_is_copied_wrong
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly List<string> Issued = Enumerable.Range(0, 300).Select(_ => ReceiptCode.New()).ToList();

    private static string Typed(char[] symbols) => $"{new string(symbols, 0, 4)}-{new string(symbols, 4, 4)}-{new string(symbols, 8, 4)}";

    [Fact]
    public void any_one_character_changed_is_caught()
    {
        foreach (var code in Issued)
        {
            var symbols = code.Replace("-", "", StringComparison.Ordinal).ToCharArray();
            for (var position = 0; position < 12; position++)
                foreach (var other in Alphabet.Where(c => c != symbols[position]))
                {
                    var typo = (char[])symbols.Clone();
                    typo[position] = other;
                    Assert.False(ReceiptCode.HasValidCheck(Typed(typo)), $"{code} with {other} at {position + 1}");
                }
        }
    }

    [Fact]
    public void two_neighbours_swapped_are_caught_unless_they_are_0_and_z()
    {
        var swaps = 0;
        foreach (var code in Issued)
        {
            var symbols = code.Replace("-", "", StringComparison.Ordinal).ToCharArray();
            for (var position = 0; position < 11; position++)
            {
                var (left, right) = (symbols[position], symbols[position + 1]);
                if (left == right || (left, right) is ('0', 'Z') or ('Z', '0')) continue;
                var swapped = (char[])symbols.Clone();
                (swapped[position], swapped[position + 1]) = (right, left);
                Assert.False(ReceiptCode.HasValidCheck(Typed(swapped)), $"{code} with {left}{right} swapped");
                swaps++;
            }
        }
        Assert.True(swaps > 3000, $"Only {swaps} swaps tried.");
    }

    [Theory]
    [InlineData("0000-0000-0000", true)]   // all zeros: the check value of nothing is 0
    [InlineData("7K3M-Q9XA-2BFV", true)]
    [InlineData("7K3M-Q9XA-2BFD", false)]  // the example the pages gave before receipts had a check character
    public void the_check_is_luhn_mod_32(string code, bool valid) => Assert.Equal(valid, ReceiptCode.HasValidCheck(code));
}

public sealed class when_a_typed_receipt_code_is_normalized
{
    [Theory]
    [InlineData("abcd-efgh-jkmn", "ABCD-EFGH-JKMN")]
    [InlineData("ABCDEFGHJKMN", "ABCD-EFGH-JKMN")]
    [InlineData("  ab cd ef gh jk mn ", "ABCD-EFGH-JKMN")]
    [InlineData("ABCD--EFGH--JKMN", "ABCD-EFGH-JKMN")]
    [InlineData("OoOo-0000-Q0Q0", "0000-0000-Q0Q0")]
    [InlineData("IiLl-1111-ZZZZ", "1111-1111-ZZZZ")]
    [InlineData("7XK2-MQ9P-4TRV", "7XK2-MQ9P-4TRV")]
    [InlineData("VYTF-BG71-4AE9.", "VYTF-BG71-4AE9")]   // copied with the end of its sentence
    [InlineData(" VYTF-BG71-4AE9, ", "VYTF-BG71-4AE9")]
    public void what_a_person_types_becomes_the_canonical_code(string typed, string canonical)
    {
        var normalized = ReceiptCode.Normalize(typed);
        Assert.Equal(canonical, normalized);
        Assert.Matches(ReceiptCode.Pattern(), normalized!);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCD-EFGH-JKM")]     // 11 symbols
    [InlineData("ABCD-EFGH-JKMNP")]   // 13 symbols
    [InlineData("ABCD-EFGH-JKMU")]    // U is not in the alphabet
    [InlineData("ABCD-EFGH-JKM*")]
    [InlineData("ABCD_EFGH_JKMN")]    // underscores are not separators
    [InlineData("ÁBCD-EFGH-JKMN")]
    [InlineData("ABCD.EFGH-JKMN")]    // a full stop inside is no end of a sentence
    [InlineData("ABCD-EFGH-JKM.")]    // nor does dropping one make 11 symbols 12
    public void anything_that_is_not_twelve_symbols_of_the_alphabet_is_refused(string? typed) =>
        Assert.Null(ReceiptCode.Normalize(typed));
}

/// <summary>
/// An outside tester typed a receipt with the dashes a phone's keyboard or copied text puts (–, —, ‑) and was told «El
/// código de recibo tiene 12 caracteres»: it had twelve. The voting code's field took them; the receipt now does too, and a
/// character no receipt has is named.
/// </summary>
public sealed class when_a_receipt_code_is_typed_with_other_separators
{
    [Theory]
    [InlineData("SJFH–XN93–6S7M")]
    [InlineData("SJFH—XN93—6S7M")]
    [InlineData("sjfh\u2011xn93\u2212 6s7m")]
    [InlineData("SJFH\u00A0XN93\u202F6S7M")]
    public void dashes_and_spaces_of_any_kind_between_the_groups_are_read(string typed)
    {
        Assert.Equal("SJFH-XN93-6S7M", ReceiptCode.Normalize(typed));
        Assert.Null(ReceiptCode.WhyNot(typed));
    }

    [Fact]
    public void a_character_no_receipt_has_is_named_and_the_count_is_said_otherwise()
    {
        Assert.Null(ReceiptCode.Normalize("SJFH.XN93.6S7M"));
        Assert.Equal("El código de recibo no lleva «.»: escriba sus 12 letras y números como en su recibo, con guiones o espacios " +
                     "entre los grupos o sin nada, por ejemplo 7K3M-Q9XA-2BFV.", ReceiptCode.WhyNot("SJFH.XN93.6S7M"));
        Assert.StartsWith("El código de recibo no lleva «Ü» ni un carácter invisible (copiado con el código):", ReceiptCode.WhyNot("SJFH-XN93-6S7Ü\u200B"));
        Assert.StartsWith("El código de recibo no lleva emojis ni símbolos:", ReceiptCode.WhyNot("SJFH-XN93-6S7😀"));
        Assert.Equal("El código de recibo tiene 12 letras y números; escribió 11. Compárelo con su recibo, por ejemplo 7K3M-Q9XA-2BFV.",
            ReceiptCode.WhyNot("SJFH-XN93-6S7"));
    }
}
