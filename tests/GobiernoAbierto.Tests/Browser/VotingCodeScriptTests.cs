using System.Security.Cryptography;
using GobiernoAbierto.Credentials;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The online page checks a voting code with wwwroot/js/voting-code.js before sending it; the service checks it with
/// VotingCode. Both must agree on every input, or a person would be told a good code is wrong (or the reverse). The
/// module is loaded as the page loads it: served by the service, imported under the page's Content-Security-Policy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_browser_checks_a_voting_code(ServiceFixture service, ChromiumFixture chromium)
{
    /// <summary>What the page script said of each input (Playwright fills it by property name).</summary>
    private sealed class Verdicts
    {
        public string?[] Normalized { get; set; } = [];
        public bool[] Valid { get; set; } = [];
        public string?[] Formatted { get; set; } = [];
    }

    [Fact]
    public async Task the_page_script_agrees_with_the_service_on_random_codes_and_their_typos()
    {
        var codes = Enumerable.Range(0, 300).Select(_ => VotingCode.New()).ToList();
        var candidates = new List<string>();
        foreach (var code in codes)
        {
            var normalized = VotingCode.Normalize(code)!;
            candidates.Add(code);
            candidates.Add(normalized.ToLowerInvariant());
            for (var i = 0; i < 8; i++) candidates.Add(Substituted(normalized));
            for (var i = 0; i < 4; i++) candidates.Add(Swapped(normalized));
            candidates.Add(RandomSymbols()); // about 1 in 32 of these passes the check: agreement on "yes" too
        }
        // A swap of 0 and Z, the one adjacent swap Luhn mod 32 lets through: both sides must let it through.
        var withZeroZ = "0Z0000000000000" + VotingCode.CheckSymbol("0Z0000000000000");
        candidates.AddRange([withZeroZ, "Z0" + withZeroZ[2..]]);

        var verdicts = await JudgeInBrowserAsync(candidates);

        Assert.Equal(candidates.Count, verdicts.Valid.Length);
        for (var i = 0; i < candidates.Count; i++)
        {
            var expectedNormalized = VotingCode.Normalize(candidates[i]);
            Assert.Equal(expectedNormalized, verdicts.Normalized[i]);
            Assert.True(VotingCode.HasValidCheck(expectedNormalized) == verdicts.Valid[i], $"Disagreement on {candidates[i]}");
            Assert.Equal(VotingCode.Format(candidates[i]), verdicts.Formatted[i]);
        }
        Assert.All(codes, code => Assert.True(verdicts.Valid[candidates.IndexOf(code)]));
        Assert.Equal([true, true], verdicts.Valid[^2..]);
    }

    [Theory]
    [InlineData("  7xk2 mq9p 4trv b3ht ")]
    [InlineData("7XK2\u2013MQ9P\u20144TRV\u2011B3HT")]
    [InlineData("7XK2\tMQ9P\r\n4TRV\u00A0B3HT")]
    [InlineData("OoOo-IiLl-QQQQ-ZZZZ")]
    [InlineData("7XK2-MQ9P-4TRV-B3H")]
    [InlineData("7XK2-MQ9P-4TRV-B3HTT")]
    [InlineData("7XK2-MQ9P-4TRV-B3HU")]
    [InlineData("7XK2_MQ9P_4TRV_B3HT")]
    [InlineData("ÁXK2-MQ9P-4TRV-B3HT")]
    [InlineData("\u0131XK2-MQ9P-4TRV-B3HT")]
    [InlineData("\uFF17XK2-MQ9P-4TRV-B3HT")]
    [InlineData("😀XK2-MQ9P-4TRV-B3HT")]
    [InlineData("")]
    public async Task the_page_script_reads_what_people_type_as_the_service_does(string typed)
    {
        var verdicts = await JudgeInBrowserAsync([typed]);

        Assert.Equal(VotingCode.Normalize(typed), verdicts.Normalized[0]);
        Assert.Equal(VotingCode.HasValidCheck(VotingCode.Normalize(typed)), verdicts.Valid[0]);
        Assert.Equal(VotingCode.Format(typed), verdicts.Formatted[0]);
    }

    /// <summary>A code the page cannot read is told what is wrong with it: a character it does not take, or how many it has.</summary>
    [Fact]
    public async Task a_code_that_cannot_be_read_is_told_why()
    {
        await using var tab = await chromium.PhoneAsync(service);
        await tab.GotoAsync("/recibo.html");
        var code = VotingCode.New();
        var said = await tab.Page.EvaluateAsync<string?[]>(
            "async (texts) => { const m = await import('/js/voting-code.js'); return texts.map(t => m.whyNotAVotingCode(t)); }",
            new[] { code, code.Replace('-', '.'), code.Replace('-', '_'), code[..9], code + "U", code + "\u200B", code + "7", "ſ" + code[1..] });
        Assert.Null(said[0]);
        Assert.StartsWith("El código no lleva «.»", said[1]);
        Assert.StartsWith("El código no lleva «_»", said[2]);
        Assert.Equal("El código tiene 16 letras y números; escribió 8. Revise que lo copió completo.", said[3]);
        Assert.StartsWith("El código no lleva «U»", said[4]);
        Assert.StartsWith("El código no lleva un carácter invisible (copiado con el código)", said[5]);
        Assert.Equal("El código tiene 16 letras y números; escribió 17. Revise que no lo escribió dos veces ni le sobra algo.", said[6]);
        Assert.StartsWith("El código no lleva «ſ»", said[7]); // read as the service reads: ASCII letters only
    }

    private async Task<Verdicts> JudgeInBrowserAsync(IReadOnlyList<string> candidates)
    {
        await using var tab = await chromium.PhoneAsync(service);
        await tab.GotoAsync("/recibo.html");
        return await tab.Page.EvaluateAsync<Verdicts>("""
            async (candidates) => {
              const m = await import('/js/voting-code.js');
              const normalized = candidates.map(c => m.normalizeVotingCode(c));
              return {
                normalized,
                valid: normalized.map(n => m.hasValidCheck(n)),
                formatted: candidates.map(c => m.formatVotingCode(c)),
              };
            }
            """, candidates);
    }

    private static string Substituted(string normalized)
    {
        var position = RandomNumberGenerator.GetInt32(VotingCode.Length);
        var symbol = VotingCode.Alphabet[(VotingCode.Alphabet.IndexOf(normalized[position]) + 1 + RandomNumberGenerator.GetInt32(31)) % 32];
        return normalized[..position] + symbol + normalized[(position + 1)..];
    }

    private static string Swapped(string normalized)
    {
        var position = RandomNumberGenerator.GetInt32(VotingCode.Length - 1);
        return normalized[..position] + normalized[position + 1] + normalized[position] + normalized[(position + 2)..];
    }

    private static string RandomSymbols() => RandomNumberGenerator.GetString(VotingCode.Alphabet, VotingCode.Length);
}
