using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_a_ballot_is_chained
{
    // Parsed from upper case on purpose: the canonical line must still carry the lower-case 8-4-4-4-12 form.
    private static readonly Guid JornadaId = Guid.Parse("0192A3B4-C5D6-7E8F-9A0B-1C2D3E4F5A6B");
    private const string Zeros = "0000000000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public void the_genesis_hash_is_64_zeros() => Assert.Equal(Zeros, BallotChain.Genesis);

    [Fact]
    public void the_canonical_line_is_exactly_the_documented_encoding() =>
        Assert.Equal(
            "0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b|7|A|kiosk|kiosco-1|ABCD-EFGH-JKMN|" + Zeros,
            BallotChain.CanonicalLine(JornadaId, 7, "A", "kiosk", "kiosco-1", "ABCD-EFGH-JKMN", Zeros));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void an_online_ballot_has_a_hyphen_for_its_kiosk(string? kioskId) =>
        Assert.Equal(
            "0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b|8|B|online|-|WXYZ-2345-6789|" + Zeros,
            BallotChain.CanonicalLine(JornadaId, 8, "B", "online", kioskId, "WXYZ-2345-6789", Zeros));

    [Fact]
    public void the_hash_is_sha256_of_the_utf8_line_in_lower_case_hex()
    {
        const string documented = "0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b|7|A|kiosk|kiosco-1|ABCD-EFGH-JKMN|" + Zeros;
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documented)));

        var hash = BallotChain.Hash(JornadaId, 7, "A", "kiosk", "kiosco-1", "ABCD-EFGH-JKMN", Zeros);

        Assert.Equal(expected, hash);
        // The same value `printf '%s' '<line>' | sha256sum` gives an auditor.
        Assert.Equal("bb2ca1d294c2dfb57a15045547f29e1ed6c03ddaaadcac8569490a07cd879c07", hash);
    }

    [Fact]
    public void an_online_ballot_hashes_as_printf_and_sha256sum_would() =>
        Assert.Equal("e09bd89fa32e27f61fda0d8e027771fe2537e7e0d947cef9bf44b3cb93fbc09a",
            BallotChain.Hash(JornadaId, 8, "B", "online", null, "WXYZ-2345-6789", Zeros));

    [Theory]
    [InlineData("jornada")]
    [InlineData("position")]
    [InlineData("option")]
    [InlineData("channel")]
    [InlineData("kiosk")]
    [InlineData("receipt")]
    [InlineData("previous")]
    public void changing_any_field_changes_the_hash(string field)
    {
        var original = BallotChain.Hash(JornadaId, 7, "A", "kiosk", "kiosco-1", "ABCD-EFGH-JKMN", Zeros);
        var changed = field switch
        {
            "jornada" => BallotChain.Hash(Guid.NewGuid(), 7, "A", "kiosk", "kiosco-1", "ABCD-EFGH-JKMN", Zeros),
            "position" => BallotChain.Hash(JornadaId, 8, "A", "kiosk", "kiosco-1", "ABCD-EFGH-JKMN", Zeros),
            "option" => BallotChain.Hash(JornadaId, 7, "B", "kiosk", "kiosco-1", "ABCD-EFGH-JKMN", Zeros),
            "channel" => BallotChain.Hash(JornadaId, 7, "A", "online", "kiosco-1", "ABCD-EFGH-JKMN", Zeros),
            "kiosk" => BallotChain.Hash(JornadaId, 7, "A", "kiosk", "kiosco-2", "ABCD-EFGH-JKMN", Zeros),
            "receipt" => BallotChain.Hash(JornadaId, 7, "A", "kiosk", "kiosco-1", "ABCD-EFGH-JKMP", Zeros),
            _ => BallotChain.Hash(JornadaId, 7, "A", "kiosk", "kiosco-1", "ABCD-EFGH-JKMN", "1" + Zeros[1..]),
        };
        Assert.NotEqual(original, changed);
    }
}
