using System.Text.RegularExpressions;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_voter_identifier_is_normalized
{
    [Theory]
    [InlineData("gmvlmr80070501m100")]
    [InlineData("GMVLMR 800705 01 M 100")]
    [InlineData("  gmvl-mr80-0705-01m-100  ")]
    [InlineData("GMVLMR\t80070501M100\n")]
    [InlineData("GMVLMR–800705—01M\u2011100")] // the dashes a phone's keyboard or copied text puts (an outside tester's)
    [InlineData("GMVLMR\u221280070501M\u2010100")]
    public void spaces_hyphens_and_case_do_not_matter(string typed) =>
        Assert.Equal("GMVLMR80070501M100", VoterIdentifier.Normalize(typed));

    [Fact]
    public void normalizing_twice_changes_nothing()
    {
        var once = VoterIdentifier.Normalize(" gode-561231 hqtrrl08 ");
        Assert.Equal(once, VoterIdentifier.Normalize(once));
    }

    [Fact]
    public void the_format_check_expects_the_normalized_form()
    {
        const string typed = "gmvlmr-800705-01m100";
        Assert.False(VoterIdentifier.IsValid(VoterIdKind.ClaveElector, typed));
        Assert.True(VoterIdentifier.IsValid(VoterIdKind.ClaveElector, VoterIdentifier.Normalize(typed)));
    }
}

/// <summary>
/// «WNOGBA75060622H1O5»: the letter O typed for a zero was refused as malformed though 18 characters were typed, and
/// the resident was not told where. Where the format allows only a digit (or only a letter), the other is read for it.
/// </summary>
public sealed class when_an_o_and_a_zero_are_typed_for_each_other
{
    [Theory]
    [InlineData(VoterIdKind.ClaveElector, "GMVLMR8OO7O5O1M1OO", "GMVLMR80070501M100")] // O for 0 in the date, the state and the last three
    [InlineData(VoterIdKind.ClaveElector, "G0MVLR80070522M100", "GOMVLR80070522M100")] // 0 for O among the letters
    [InlineData(VoterIdKind.Curp, "G0DE56l231HQTRRL08", "GODE56L231HQTRRL08")]           // only O and 0: an L stays an L (and is refused)
    [InlineData(VoterIdKind.Curp, "GODE561231HQTRRLO8", "GODE561231HQTRRL08")]           // position 17 takes either, and O passes the check as 0
    [InlineData(VoterIdKind.Curp, "GODE561231HQTRRLA8", "GODE561231HQTRRLA8")]           // another letter there stays
    [InlineData(VoterIdKind.Curp, "GODE561231HQTRRL0O", "GODE561231HQTRRL00")]           // the check digit is a digit
    [InlineData(VoterIdKind.ClaveElector, "GMVLMR8007050 1M100", "GMVLMR80070501M100")]
    [InlineData(VoterIdKind.ClaveElector, "GMVLMR8OO7O5O1M1O", "GMVLMR8OO7O5O1M1O")]     // 17 characters: no position to go by
    public void each_is_read_where_the_format_allows_only_it(VoterIdKind kind, string typed, string read) =>
        Assert.Equal(read, VoterIdentifier.Normalize(kind, typed));

    /// <summary>
    /// The red team voted twice in a CURP Jornada without a padrón: «…L08» and «…LO8» both pass the check digit (the 17th
    /// character weighs 2, and O is 25 in RENAPO's alphabet) and gave two voter keys for one card.
    /// </summary>
    [Fact]
    public void an_o_or_a_zero_as_the_curps_17th_character_is_one_person()
    {
        Assert.True(VoterIdentifier.IsValid(VoterIdKind.Curp, "GODE561231HQTRRL08"));
        Assert.True(VoterIdentifier.IsValid(VoterIdKind.Curp, VoterIdentifier.Normalize("GODE561231HQTRRLO8")));
        var keys = new VoterKeys(new byte[32]);
        var jornadaId = Guid.NewGuid();

        Assert.Equal(keys.VoterKey(jornadaId, VoterIdentifier.Normalize(VoterIdKind.Curp, "GODE561231HQTRRL08")),
            keys.VoterKey(jornadaId, VoterIdentifier.Normalize(VoterIdKind.Curp, "gode 561231 hqtrrlo8")));
    }

    [Fact]
    public void an_identifier_that_was_valid_reads_the_same_so_no_voter_key_changes()
    {
        for (var n = 0; n < 2_000; n++)
        {
            var clave = Tests.Support.Voters.Clave(Random.Shared.Next(0, 300_000_000));
            var curp = Tests.Support.Voters.Curp(Random.Shared.Next(0, 300_000_000));
            Assert.Equal(VoterIdentifier.Normalize(clave), VoterIdentifier.Normalize(VoterIdKind.ClaveElector, clave));
            Assert.Equal(VoterIdentifier.Normalize(curp), VoterIdentifier.Normalize(VoterIdKind.Curp, curp));
        }
        Assert.True(VoterIdentifier.IsValid(VoterIdKind.ClaveElector, VoterIdentifier.Normalize(VoterIdKind.ClaveElector, "gmvlmr-8oo7o5-o1m1oo")));
    }
}

public sealed class when_a_clave_de_elector_is_checked
{
    [Theory]
    [InlineData("GMVLMR80070501M100")] // the example in VoterIdKind's documentation
    [InlineData("ABCDEF00022922H000")] // 29 February: the century is unknown, so a leap day is allowed
    [InlineData("ZYXWVU99123132X999")] // last day of the year, state 32, sex X
    [InlineData("QROQRO05063087H001")] // 87: born abroad
    [InlineData("QROQRO05063088M001")] // 88: naturalised
    public void a_well_formed_clave_is_accepted(string clave) =>
        Assert.True(VoterIdentifier.IsValid(VoterIdKind.ClaveElector, clave));

    [Theory]
    [InlineData("GMVLMR80070501M10", "17 characters")]
    [InlineData("GMVLMR80070501M1000", "19 characters")]
    [InlineData("", "empty")]
    [InlineData("GMVLMR80130501M100", "month 13")]
    [InlineData("GMVLMR80000501M100", "month 00")]
    [InlineData("GMVLMR80070001M100", "day 00")]
    [InlineData("GMVLMR80023001M100", "30 February")]
    [InlineData("GMVLMR80043101M100", "31 April")]
    [InlineData("GMVLMR80073201M100", "32 July")]
    [InlineData("GMVLMR80070500M100", "state 00")]
    [InlineData("GMVLMR80070533M100", "state 33")]
    [InlineData("GMVLMR80070586M100", "state 86")]
    [InlineData("GMVLMR80070589M100", "state 89")]
    [InlineData("GMVLMR80070501Z100", "sex Z")]
    [InlineData("GMVLMR80070501F100", "sex F")]
    [InlineData("GMVLM180070501M100", "a digit among the letters")]
    [InlineData("GMVLMR80070501M10A", "a letter in the homoclave")]
    [InlineData("ÑMVLMR80070501M100", "a letter outside A-Z")]
    public void a_malformed_clave_is_refused(string clave, string why) =>
        Assert.False(VoterIdentifier.IsValid(VoterIdKind.ClaveElector, clave), why);

    [Fact]
    public void the_made_up_voters_of_the_tests_are_all_well_formed()
    {
        var malformed = Enumerable.Range(0, 2_000).Select(n => Support.Voters.Clave(n))
            .Where(c => !VoterIdentifier.IsValid(VoterIdKind.ClaveElector, c)).ToList();
        Assert.Empty(malformed);
    }

    [Fact]
    public void a_curp_is_not_a_clave_de_elector() =>
        Assert.False(VoterIdentifier.IsValid(VoterIdKind.ClaveElector, Curps.With("GODE561231HQTRRL0")));
}

public sealed class when_a_curp_is_checked
{
    [Theory]
    [InlineData("GODE561231HQTRRL0")]
    [InlineData("MAPL000229MQTRRSA")] // born in 2000 (letter differentiator), leap day
    [InlineData("XEXX010101HNEXXXA")] // born abroad: state NE
    [InlineData("OIAR991015XDFLMN9")]
    public void a_curp_with_its_renapo_check_digit_is_accepted(string first17) =>
        Assert.True(VoterIdentifier.IsValid(VoterIdKind.Curp, Curps.With(first17)));

    [Fact]
    public void every_other_last_digit_is_refused()
    {
        var valid = Curps.With("GODE561231HQTRRL0");
        var flipped = "0123456789".Where(d => d != valid[17]).Select(d => valid[..17] + d).ToList();

        Assert.Equal(9, flipped.Count);
        Assert.All(flipped, curp => Assert.False(VoterIdentifier.IsValid(VoterIdKind.Curp, curp), curp));
    }

    [Fact]
    public void a_curp_typed_in_lower_case_with_spaces_is_accepted_once_normalized()
    {
        var curp = Curps.With("GODE561231HQTRRL0");
        var typed = $" {curp[..4].ToLowerInvariant()} {curp[4..10]}-{curp[10..].ToLowerInvariant()} ";
        Assert.True(VoterIdentifier.IsValid(VoterIdKind.Curp, VoterIdentifier.Normalize(typed)));
    }

    [Theory]
    [InlineData("GODE561231HXXRRL0", "state XX does not exist")]
    [InlineData("GODE561231HQTORL0", "a vowel among the inner consonants")]
    [InlineData("GDDE561231HQTRRL0", "the second letter must be a vowel or X")]
    [InlineData("GODE560230HQTRRL0", "30 February")]
    [InlineData("GODE561331HQTRRL0", "month 13")]
    [InlineData("GODE561231ZQTRRL0", "sex Z")]
    public void a_curp_with_a_correct_check_digit_but_a_wrong_field_is_refused(string first17, string why) =>
        Assert.False(VoterIdentifier.IsValid(VoterIdKind.Curp, Curps.With(first17)), why);

    [Fact]
    public void a_curp_one_character_short_or_long_is_refused()
    {
        var curp = Curps.With("GODE561231HQTRRL0");
        Assert.False(VoterIdentifier.IsValid(VoterIdKind.Curp, curp[..17]));
        Assert.False(VoterIdentifier.IsValid(VoterIdKind.Curp, curp + "0"));
    }

    [Fact]
    public void a_clave_de_elector_is_not_a_curp() =>
        Assert.False(VoterIdentifier.IsValid(VoterIdKind.Curp, "GMVLMR80070501M100"));

    // Vectors worked out by hand from RENAPO's rule: values 0-9 for digits, A=10 ... N=23, Ñ=24, O=25 ... Z=36;
    // weights 18 for the first character down to 2 for the 17th; check digit = (10 - sum mod 10) mod 10.
    [Theory]
    [InlineData("00000000000000000", '0')] // sum 0
    [InlineData("10000000000000000", '2')] // 1 x 18 = 18
    [InlineData("00000000000000001", '8')] // 1 x 2 = 2
    [InlineData("00000000000000005", '0')] // 5 x 2 = 10: a multiple of ten gives 0, not 10
    [InlineData("0000000000000000N", '4')] // 23 x 2 = 46
    [InlineData("0000000000000000O", '0')] // 25 x 2 = 50: Ñ sits between N and O
    [InlineData("B0000000000000000", '2')] // 11 x 18 = 198
    public void the_check_digit_follows_the_renapo_weights(string first17, char expected) =>
        Assert.Equal(expected, VoterIdentifier.CurpCheckDigit(first17));

    [Fact]
    public void the_example_shown_to_voters_is_itself_a_valid_curp()
    {
        var example = Regex.Match(VoterIdentifier.Describe(VoterIdKind.Curp), "[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[A-Z0-9][0-9]").Value;
        Assert.Equal("GODE561231HQTRRL08", example);
        Assert.True(VoterIdentifier.IsValid(VoterIdKind.Curp, example),
            $"expected check digit {VoterIdentifier.CurpCheckDigit(example)}");
    }
}

internal static class Curps
{
    /// <summary>The 17 first characters followed by their check digit.</summary>
    public static string With(string first17) => first17 + VoterIdentifier.CurpCheckDigit(first17);
}

public sealed class when_a_voter_identifier_has_digits_from_another_script
{
    // U+FF10..U+FF19 (fullwidth, what some phone keyboards and IMEs type) and U+0660..U+0669 (Arabic-Indic) are
    // Unicode decimal digits: the patterns' \d accepts them, int.Parse does not read them, and Normalize keeps them.

    [Theory]
    [InlineData(VoterIdKind.ClaveElector, "GMVLMR8007050\u0661M100")]    // state
    [InlineData(VoterIdKind.ClaveElector, "GMVLMR80\u066070501M100")]    // month, Arabic-Indic (fullwidth digits fold to ASCII instead)
    [InlineData(VoterIdKind.ClaveElector, "GMVLMR8007\u06600\u06611M100")] // day and state
    public void a_digit_the_date_or_state_check_cannot_read_is_refused_not_thrown(VoterIdKind kind, string id)
    {
        var exception = Record.Exception(() => VoterIdentifier.IsValid(kind, VoterIdentifier.Normalize(id)));
        Assert.Null(exception);
        Assert.False(VoterIdentifier.IsValid(kind, VoterIdentifier.Normalize(id)));
    }

    [Theory]
    [InlineData("GMVLMR\uFF18\uFF10070501M100")] // year
    [InlineData("GMVLMR80070501M\uFF11\uFF10\uFF10")] // homoclave
    [InlineData("GMVLMR\u0668\u0660070501M100")] // year, Arabic-Indic
    public void a_clave_with_other_digits_is_not_a_second_identity_of_the_same_person(string variant)
    {
        const string clave = "GMVLMR80070501M100";
        var normalized = VoterIdentifier.Normalize(variant);
        Assert.True(!VoterIdentifier.IsValid(VoterIdKind.ClaveElector, normalized) || normalized == clave,
            $"{variant} is accepted as a clave distinct from {clave}, so it gets another voter key");
    }

    [Fact]
    public void a_curp_with_other_digits_is_not_a_second_identity_of_the_same_person()
    {
        var curp = Curps.With("GODE561231HQTRRL0");
        var variant = Curps.With("GODE\uFF15\uFF161231HQTRRL0"); // the voter types the digit the service computes
        var normalized = VoterIdentifier.Normalize(variant);
        Assert.True(!VoterIdentifier.IsValid(VoterIdKind.Curp, normalized) || normalized == curp,
            $"{variant} is accepted as a CURP distinct from {curp}, so it gets another voter key");
    }

    [Fact]
    public void a_ballot_request_with_an_unreadable_digit_is_refused_as_an_invalid_voter_id()
    {
        var jornada = JornadaBuilder.Open().Build();

        var exception = Record.Exception(() => BallotRules.Check(jornada, JornadaBuilder.During, "GMVLMR8007050\u0661M100",
            "loma-bonita", "A", Ballots.BallotChannel.Online, null, ieeqAuthorizesKiosks: true));

        Assert.Null(exception); // was a FormatException, answered as 500 internal_error
        Assert.Equal("invalid_voter_id", BallotRules.Check(jornada, JornadaBuilder.During, "GMVLMR8007050\u0661M100",
            "loma-bonita", "A", Ballots.BallotChannel.Online, null, ieeqAuthorizesKiosks: true).Rejection?.Code);
    }

    [Fact]
    public void the_same_person_cannot_vote_twice_by_typing_fullwidth_digits()
    {
        var jornada = JornadaBuilder.Open().Build();
        var accepted = new[] { "GMVLMR80070501M100", "GMVLMR\uFF18\uFF10070501M100" }
            .Select(id => BallotRules.Check(jornada, JornadaBuilder.During, id, "loma-bonita", "A", Ballots.BallotChannel.Online, null, ieeqAuthorizesKiosks: true).Ballot)
            .OfType<CheckedBallot>()
            .Select(b => Submissions.Online(jornada, Submissions.Keys.VoterKey(jornada.Id, b.NormalizedVoterId)))
            .ToList();

        var (_, write) = Submissions.Decide(jornada, accepted);

        Assert.Single(write.Ballots);
    }
}
