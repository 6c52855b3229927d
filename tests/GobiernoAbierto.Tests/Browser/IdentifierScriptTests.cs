using System.Security.Cryptography;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The voting pages check the format of a clave de elector or a CURP with wwwroot/js/api.js before the resident
/// chooses; the service checks it with VoterIdentifier when the ballot comes. They must agree: a page that refused a good
/// identifier would keep a person from voting, one that let a bad one through would send them back after their choice.
/// The module is loaded as the pages load it: served by the service, imported under their Content-Security-Policy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_browser_checks_a_voter_identifier(ServiceFixture service, ChromiumFixture chromium)
{
    private const string Symbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private sealed class Verdicts
    {
        public string[] Normalized { get; set; } = [];
        public string[] AsClave { get; set; } = [];
        public string[] AsCurp { get; set; } = [];
        public bool[] Clave { get; set; } = [];
        public bool[] Curp { get; set; } = [];
    }

    [Fact]
    public async Task the_page_script_agrees_with_the_service_on_good_identifiers_and_their_typos()
    {
        var candidates = new List<string>();
        for (var n = 0; n < 150; n++)
        {
            var seed = RandomNumberGenerator.GetInt32(300_000_000);
            foreach (var good in new[] { Voters.Clave(seed), Voters.Curp(seed) })
            {
                candidates.Add(good);
                candidates.Add(good.ToLowerInvariant());
                for (var i = 0; i < 6; i++) candidates.Add(Substituted(good));
            }
        }
        candidates.AddRange(Edges);

        var verdicts = await JudgeInBrowserAsync(candidates);

        Assert.Equal(candidates.Count, verdicts.Clave.Length);
        for (var i = 0; i < candidates.Count; i++)
        {
            Assert.Equal(VoterIdentifier.Normalize(candidates[i]), verdicts.Normalized[i]);
            // As each kind of Jornada reads it (an O and a zero where the format allows only one of them).
            var asClave = VoterIdentifier.Normalize(VoterIdKind.ClaveElector, candidates[i]);
            var asCurp = VoterIdentifier.Normalize(VoterIdKind.Curp, candidates[i]);
            Assert.Equal(asClave, verdicts.AsClave[i]);
            Assert.Equal(asCurp, verdicts.AsCurp[i]);
            Assert.True(VoterIdentifier.IsValid(VoterIdKind.ClaveElector, asClave) == verdicts.Clave[i], $"Clave de elector: disagreement on {candidates[i]}");
            Assert.True(VoterIdentifier.IsValid(VoterIdKind.Curp, asCurp) == verdicts.Curp[i], $"CURP: disagreement on {candidates[i]}");
        }
        // Both answers occur: the good ones pass on both sides, and so do some typos (a letter for a letter).
        Assert.Contains(true, verdicts.Clave);
        Assert.Contains(true, verdicts.Curp);
        Assert.Contains(false, verdicts.Clave);
        Assert.Contains(false, verdicts.Curp);
    }

    /// <summary>Dates, states, sexes and check digits at their limits, and what people type around an identifier.</summary>
    private static readonly string[] Edges =
    [
        "GOMVLR80022922M100", "GOMVLR80023022M100", "GOMVLR80043122M100", "GOMVLR80003122M100", "GOMVLR80130522M100",
        "GOMVLR80010500M100", "GOMVLR80010532M100", "GOMVLR80010533M100", "GOMVLR80010587X100", "GOMVLR80010588H100",
        "GOMVLR80010589H100", "GOMVLR80010522Z100", "GOMV1R80010522M100",
        " gomv-lr80 0705 22m100 ", "\uFF27\uFF2F\uFF2DVLR80070522M100", "GOMVLR80070522M10", "GOMVLR80070522M1000",
        "GODE561231HQTRRL08", "GODE561231HQTRRL09", "GODE561231HQTRRL0Z", "GBDE561231HQTRRL08", "GODE561231HNERRL08",
        "GODE561231HXXRRL08", "GODE561231HQTARL08", "GODE560230HQTRRL08", "GODE561231XQTRRL08", "GOÑE561231HQTRRL08",
        "gode-561231-hqtrrl08", "GODE561231HQTRRLA8", "",
        "GMVLMR8OO7O5O1M1OO", "G0MVLR80070522M100", "WNOGBA75060622H1O5", "G0DE561231HQTRRL08", "GODE56123lHQTRRL08", "GODE561231HQTRRLO8",
        "GODE561231HQTRRL0O", "GOMVLR8007052OM100", "GMVLMR8OO7O5O1M1O",
        "GOMVLR–800705—22M\u2011100", "gode\u2212561231\u2010hqtrrl08", "GOMVLR.80070522M100", "GOMVLR80070522M100\u2015",
    ];

    private async Task<Verdicts> JudgeInBrowserAsync(IReadOnlyList<string> candidates)
    {
        await using var tab = await chromium.PhoneAsync(service);
        await tab.GotoAsync("/recibo.html");
        return await tab.Page.EvaluateAsync<Verdicts>("""
            async (candidates) => {
              const m = await import('/js/api.js');
              const normalized = candidates.map(c => m.normalizeIdentifier(c));
              const asClave = normalized.map(n => m.foldIdentifier('ClaveElector', n));
              const asCurp = normalized.map(n => m.foldIdentifier('Curp', n));
              return {
                normalized,
                asClave,
                asCurp,
                clave: asClave.map(n => m.isValidIdentifier({ voterIdKind: 'ClaveElector' }, n)),
                curp: asCurp.map(n => m.isValidIdentifier({ voterIdKind: 'Curp' }, n)),
              };
            }
            """, candidates);
    }

    private static string Substituted(string good)
    {
        var position = RandomNumberGenerator.GetInt32(good.Length);
        return good[..position] + Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)] + good[(position + 1)..];
    }
}
