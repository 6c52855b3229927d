using GobiernoAbierto.Credentials;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_voting_code_is_issued
{
    private static readonly List<string> Issued = Enumerable.Range(0, 20_000).Select(_ => VotingCode.New()).ToList();

    [Fact]
    public void every_code_is_four_groups_of_four_symbols() =>
        Assert.All(Issued, code => Assert.Matches(VotingCode.Pattern(), code));

    [Fact]
    public void every_code_carries_a_good_check_symbol() =>
        Assert.All(Issued, code => Assert.True(VotingCode.HasValidCheck(VotingCode.Normalize(code)), code));

    [Fact]
    public void it_round_trips_through_normalizing_and_formatting() =>
        Assert.All(Issued.Take(2_000), code =>
        {
            var normalized = VotingCode.Normalize(code);
            Assert.Equal(code.Replace("-", "", StringComparison.Ordinal), normalized);
            Assert.Equal(code, VotingCode.Format(normalized));
            Assert.Equal(code, VotingCode.Format(code));
            Assert.Equal(normalized, VotingCode.Read(code));
        });

    [Fact]
    public void no_two_codes_are_the_same() =>
        Assert.Equal(Issued.Count, Issued.Distinct(StringComparer.Ordinal).Count());

    [Fact]
    public void all_32_symbols_are_drawn_in_every_random_position()
    {
        // 20,000 draws per position from 32 symbols: the chance that one symbol never shows up is below 1e-270.
        for (var position = 0; position < VotingCode.RandomSymbols; position++)
        {
            var drawn = Issued.Select(code => VotingCode.Normalize(code)![position]).Distinct().Order();
            Assert.Equal(VotingCode.Alphabet, new string(drawn.ToArray()));
        }
    }

    [Fact]
    public void the_codes_never_use_letters_that_read_like_digits() =>
        Assert.DoesNotContain(Issued, code => code.IndexOfAny(['I', 'L', 'O', 'U']) >= 0);
}

/// <summary>
/// The check symbol, Luhn mod 32. Every single-symbol substitution and every adjacent transposition is tried, over the
/// whole alphabet; the one documented gap is the swap of '0' and 'Z'.
/// </summary>
public sealed class when_a_voting_code_is_mistyped
{
    private const string Code = "7XK2MQ9P4TRVB3H"; // 15 random symbols; its check symbol is computed below

    private static string Valid(string randomSymbols) => randomSymbols + VotingCode.CheckSymbol(randomSymbols);

    [Fact]
    public void the_check_symbol_is_the_luhn_mod_32_of_the_worked_example()
    {
        // Worked by hand from the rule in VotingCode's remarks (values: 0-9, then A=10 … Z=31 skipping I L O U), from
        // the rightmost symbol with factors 2, 1, 2, …; a product of 32 or more counts as product − 31:
        // H=17×2=34→3, 3×1=3, B=11×2=22, V=27×1=27, R=24×2=48→17, T=26×1=26, 4×2=8, P=22×1=22, 9×2=18, Q=23×1=23,
        // M=20×2=40→9, 2×1=2, K=19×2=38→7, X=29×1=29, 7×2=14. Sum 230; 230 mod 32 = 6; 32 − 6 = 26 → 'T'.
        Assert.Equal('T', VotingCode.CheckSymbol(Code));
        Assert.True(VotingCode.HasValidCheck(Code + "T"));
    }

    [Fact]
    public void every_single_symbol_substitution_at_every_position_is_caught()
    {
        var valid = Valid(Code);
        var tried = 0;
        for (var position = 0; position < VotingCode.Length; position++)
            foreach (var symbol in VotingCode.Alphabet.Where(s => s != valid[position]))
            {
                var typo = valid[..position] + symbol + valid[(position + 1)..];
                Assert.False(VotingCode.HasValidCheck(typo), $"{typo} should be refused");
                tried++;
            }
        Assert.Equal(16 * 31, tried);
    }

    [Fact]
    public void single_substitutions_are_caught_on_random_codes_too() =>
        Assert.All(Enumerable.Range(0, 200).Select(_ => VotingCode.Normalize(VotingCode.New())!), valid =>
        {
            for (var position = 0; position < VotingCode.Length; position++)
                foreach (var symbol in VotingCode.Alphabet.Where(s => s != valid[position]))
                    Assert.False(VotingCode.HasValidCheck(valid[..position] + symbol + valid[(position + 1)..]));
        });

    [Fact]
    public void every_swap_of_two_different_adjacent_symbols_is_caught_except_0_and_z()
    {
        var caught = 0;
        var missed = new List<(int Position, char Left, char Right)>();
        for (var position = 0; position < VotingCode.Length - 1; position++)
            foreach (var left in VotingCode.Alphabet)
                foreach (var right in VotingCode.Alphabet.Where(r => r != left))
                {
                    var valid = ValidCodeWith(position, left, right);
                    var swapped = valid[..position] + right + left + valid[(position + 2)..];
                    if (VotingCode.HasValidCheck(swapped)) missed.Add((position, left, right));
                    else caught++;
                }

        // 15 adjacent pairs (the last one holds the check symbol) × 32 × 31 ordered pairs of different symbols.
        Assert.Equal(15 * 32 * 31, caught + missed.Count);
        // Exactly the Luhn mod N exception: "0Z" ↔ "Z0", at every position, in both orders, and nothing else.
        var expectedMisses = Enumerable.Range(0, 15).SelectMany(p => new[] { (p, '0', 'Z'), (p, 'Z', '0') });
        Assert.Equal(expectedMisses.Order(), missed.Order());
    }

    [Fact]
    public void a_swap_of_equal_symbols_is_no_mistake_and_keeps_the_code_valid()
    {
        var valid = ValidCodeWith(3, 'K', 'K');
        Assert.True(VotingCode.HasValidCheck(valid));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7XK2MQ9P4TRVB3HP0")]   // 17 symbols
    [InlineData("7XK2MQ9P4TRVB3H")]     // 15 symbols
    [InlineData("7xk2mq9p4trvb3hp")]    // not normalized: lower case
    [InlineData("7XK2-MQ9P-4TRV-B3HP")] // not normalized: grouped
    [InlineData("7XK2MQ9P4TRVB3HU")]    // U is no symbol
    public void only_sixteen_normalized_symbols_can_pass_the_check(string? candidate) =>
        Assert.False(VotingCode.HasValidCheck(candidate));

    /// <summary>
    /// A code with a good check symbol that has <paramref name="left"/> and <paramref name="right"/> at
    /// <paramref name="position"/> and the next one. When the pair includes the check symbol (position 14), another
    /// symbol is changed until the check symbol comes out as wanted: changing one symbol runs through all 32 check
    /// values, so one of them does.
    /// </summary>
    private static string ValidCodeWith(int position, char left, char right)
    {
        var symbols = Code.ToCharArray();
        var free = position < 2 ? 10 : 0;
        foreach (var filler in VotingCode.Alphabet)
        {
            symbols[free] = filler;
            symbols[position] = left;
            if (position + 1 < VotingCode.RandomSymbols) symbols[position + 1] = right;
            var candidate = Valid(new string(symbols));
            if (candidate[position + 1] == right) return candidate;
        }
        throw new InvalidOperationException("Some filler always gives the wanted check symbol.");
    }
}

public sealed class when_a_typed_voting_code_is_normalized
{
    [Theory]
    [InlineData("7XK2-MQ9P-4TRV-B3HP", "7XK2MQ9P4TRVB3HP")]
    [InlineData("7xk2-mq9p-4trv-b3hp", "7XK2MQ9P4TRVB3HP")]
    [InlineData("7XK2MQ9P4TRVB3HP", "7XK2MQ9P4TRVB3HP")]
    [InlineData("  7xk2 mq9p 4trv b3hp ", "7XK2MQ9P4TRVB3HP")]
    [InlineData("7XK2--MQ9P--4TRV--B3HP", "7XK2MQ9P4TRVB3HP")]
    [InlineData("7XK2\tMQ9P\r\n4TRV\u00A0B3HP", "7XK2MQ9P4TRVB3HP")]        // tabs, line breaks, no-break space
    [InlineData("7XK2\u2013MQ9P\u20144TRV\u2011B3HP", "7XK2MQ9P4TRVB3HP")]  // en dash, em dash, no-break hyphen
    [InlineData("7XK2\u2212MQ9P\u2010\u20124TRV\u202FB3HP", "7XK2MQ9P4TRVB3HP")]
    [InlineData("OoOo-0000-QQQQ-ZZZZ", "00000000QQQQZZZZ")]                // O and o read as zero
    [InlineData("IiLl-1111-QQQQ-ZZZZ", "11111111QQQQZZZZ")]                // I, i, L, l read as one
    public void what_a_person_types_becomes_sixteen_symbols(string typed, string normalized)
    {
        Assert.Equal(normalized, VotingCode.Normalize(typed));
        Assert.Matches(VotingCode.Pattern(), VotingCode.Format(typed)!);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ---   ")]
    [InlineData("7XK2-MQ9P-4TRV-B3H")]     // 15 symbols
    [InlineData("7XK2-MQ9P-4TRV-B3HPP")]   // 17 symbols
    [InlineData("7XK2-MQ9P-4TRV-B3HU")]    // U is not in the alphabet
    [InlineData("7XK2-MQ9P-4TRV-B3H*")]
    [InlineData("7XK2_MQ9P_4TRV_B3HP")]    // underscores are not separators
    [InlineData("7XK2.MQ9P.4TRV.B3HP")]    // nor are full stops
    [InlineData("ÁXK2-MQ9P-4TRV-B3HP")]    // accented letters are refused, not folded
    [InlineData("\u0131XK2-MQ9P-4TRV-B3HP")] // dotless ı, which upper-cases to I in some cultures
    [InlineData("\uFF17XK2-MQ9P-4TRV-B3HP")] // full-width 7
    [InlineData("\u0667XK2-MQ9P-4TRV-B3HP")] // Arabic-Indic 7
    public void anything_that_is_not_sixteen_symbols_of_the_alphabet_is_refused(string? typed)
    {
        Assert.Null(VotingCode.Normalize(typed));
        Assert.Null(VotingCode.Format(typed));
        Assert.Null(VotingCode.Read(typed));
    }

    [Fact]
    public void a_typo_is_well_formed_but_fails_the_check()
    {
        Assert.NotNull(VotingCode.Normalize("7XK2-MQ9P-4TRV-B3HQ"));
        Assert.Null(VotingCode.Read("7XK2-MQ9P-4TRV-B3HQ"));
        Assert.Equal("7XK2MQ9P4TRVB3HT", VotingCode.Read("7xk2 mq9p 4trv b3ht"));
    }

    [Fact]
    public void a_very_long_input_is_refused_without_reading_it_all() =>
        Assert.Null(VotingCode.Normalize(new string('A', 1_000_000)));
}

/// <summary>
/// «¿Alguien votó con mis datos?» says what could have kept a voter from their receipt for the way they voted: a resident
/// who voted at a kiosk read «se cortó la conexión, se cerró la página» (a walk-through's).
/// </summary>
public sealed class when_a_resident_asks_whether_someone_voted_with_their_data
{
    [Fact]
    public void the_answer_speaks_of_the_way_they_voted()
    {
        var day = new DateOnly(2020, 11, 29);
        var kiosk = GobiernoAbierto.Voting.CheckParticipationEndpoint.Voted(GobiernoAbierto.Ballots.VoterIdKind.ClaveElector, ("kiosk", day));
        var online = GobiernoAbierto.Voting.CheckParticipationEndpoint.Voted(GobiernoAbierto.Ballots.VoterIdKind.Curp, ("online", day));

        Assert.StartsWith("Con sus datos se emitió un voto en un kiosco el 29/11/2020. Si usted votó en un kiosco y no alcanzó a ver su recibo, ", kiosk);
        Assert.DoesNotContain("se cortó la conexión", kiosk);
        Assert.EndsWith("acuda al IEEQ con su credencial del INE y su carta: alguien votó en su nombre.", kiosk);
        Assert.Contains("en línea el 29/11/2020. Si usted votó y no alcanzó a ver su recibo (se cortó la conexión, se cerró la página)", online);
        Assert.Contains("con su CURP", online);
        Assert.StartsWith("Con sus datos se emitió un voto. Si usted votó y no alcanzó a ver su recibo, ese voto",
            GobiernoAbierto.Voting.CheckParticipationEndpoint.Voted(GobiernoAbierto.Ballots.VoterIdKind.ClaveElector, null));
    }
}
