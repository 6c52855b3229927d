using System.Globalization;
using System.Text.RegularExpressions;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// Which identity document a Jornada accepts. One kind per Jornada: accepting both would let one person vote
/// once with the clave de elector and again with the CURP.
/// </summary>
public enum VoterIdKind
{
    /// <summary>Clave de elector of the INE voting credential: 18 characters, e.g. GMVLMR80070501M100.</summary>
    ClaveElector,

    /// <summary>CURP (Clave Única de Registro de Población): 18 characters with a check digit.</summary>
    Curp,
}

/// <summary>Format checks and normalisation of voter identifiers. Never logged, never stored in clear.</summary>
public static partial class VoterIdentifier
{
    /// <summary>
    /// Upper case, without spaces, hyphens or the dashes a phone's keyboard puts for them (VotingCode.Separators),
    /// fullwidth characters (some phone keyboards) folded to ASCII by NFKC: the form the voter key is computed from.
    /// Anything still outside A-Z and 0-9 fails the format check, so one person can't get a second voter key by typing
    /// digits of another script. (A dash other than the hyphen used to fail it: no identifier that was read changes.)
    /// </summary>
    public static string Normalize(string raw) =>
        new(raw.Normalize(System.Text.NormalizationForm.FormKC)
            .Where(c => !char.IsWhiteSpace(c) && !Credentials.VotingCode.Separators.Contains(c)).Select(char.ToUpperInvariant).ToArray());

    /// <summary>
    /// Normalize, then the letter O and the digit zero put where the format says, in the 18 characters of an identifier:
    /// a zero where it has a digit (O typed for 0, the commonest slip), an O where it has a letter, so one refused for
    /// that slip now names its person (the same voter key: once per person holds). One more: the CURP's 17th character,
    /// a digit for those born before 2000 and a letter from A on after (an O would be a fifteenth namesake), reads an O as
    /// a zero. Both spellings pass the check digit there (O weighs 25 × 2 ≡ 0), so one person could vote twice by typing
    /// each; no other valid identifier changes.
    /// </summary>
    public static string Normalize(VoterIdKind kind, string raw)
    {
        var id = Normalize(raw).ToCharArray();
        if (id.Length != 18) return new string(id);
        var (letters, digits) = kind == VoterIdKind.Curp ? (CurpLetters, CurpDigits) : (ClaveLetters, ClaveDigits);
        foreach (var i in digits) if (id[i] == 'O') id[i] = '0';
        foreach (var i in letters) if (id[i] == '0') id[i] = 'O';
        if (kind == VoterIdKind.Curp && id[CurpDifferentiator] == 'O') id[CurpDifferentiator] = '0';
        return new string(id);
    }

    // Clave de elector: 6 letters, birth date and state (8 digits), sex, 3 digits. CURP: 4 letters, birth date (6 digits),
    // sex, state and 3 consonants (5 letters), a letter or digit (an O read as a zero), a check digit.
    private static readonly int[] ClaveLetters = [0, 1, 2, 3, 4, 5];
    private static readonly int[] ClaveDigits = [6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17];
    private static readonly int[] CurpLetters = [0, 1, 2, 3, 11, 12, 13, 14, 15];
    private static readonly int[] CurpDigits = [4, 5, 6, 7, 8, 9, 17];
    private const int CurpDifferentiator = 16;

    public static bool IsValid(VoterIdKind kind, string normalized) => kind switch
    {
        VoterIdKind.ClaveElector => IsClaveElector(normalized),
        VoterIdKind.Curp => IsCurp(normalized),
        _ => false,
    };

    /// <summary>Human description of the expected format, for error messages.</summary>
    public static string Describe(VoterIdKind kind) => kind switch
    {
        VoterIdKind.ClaveElector => "la clave de elector de su credencial del INE (18 caracteres: 6 letras, 6 dígitos de fecha de nacimiento, 2 de entidad, H, M o X y 3 dígitos)",
        VoterIdKind.Curp => "su CURP (18 caracteres, por ejemplo GODE561231HQTRRL08)",
        _ => "un identificador válido",
    };

    // 6 letters (from the surnames and name), birth date YYMMDD, state of birth, sex, 3-digit homoclave.
    [GeneratedRegex(@"^[A-Z]{6}(?<yy>[0-9]{2})(?<mm>[0-9]{2})(?<dd>[0-9]{2})(?<state>[0-9]{2})[HMX][0-9]{3}$")]
    private static partial Regex ClaveElectorPattern();

    [GeneratedRegex(@"^[A-Z][AEIOUX][A-Z]{2}(?<yy>[0-9]{2})(?<mm>[0-9]{2})(?<dd>[0-9]{2})[HMX](AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z0-9][0-9]$")]
    private static partial Regex CurpPattern();

    private static bool IsClaveElector(string id)
    {
        var m = ClaveElectorPattern().Match(id);
        if (!m.Success || !IsDate(m)) return false;
        var state = int.Parse(m.Groups["state"].Value, CultureInfo.InvariantCulture);
        return state is >= 1 and <= 32 or 87 or 88; // 87/88: born abroad / naturalised
    }

    private static bool IsCurp(string id)
    {
        var m = CurpPattern().Match(id);
        return m.Success && IsDate(m) && id[17] == CurpCheckDigit(id);
    }

    private static bool IsDate(Match m)
    {
        var month = int.Parse(m.Groups["mm"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["dd"].Value, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2000, month);
    }

    private const string CurpAlphabet = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ";

    /// <summary>RENAPO's check digit: weighted sum of the first 17 characters (weights 18..2), mod 10.</summary>
    public static char CurpCheckDigit(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += CurpAlphabet.IndexOf(first17[i]) * (18 - i);
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
