using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Credentials;

namespace GobiernoAbierto.Seed;

/// <summary>
/// The sample Jornada's roll: a few made-up residents with well-formed claves de elector and known voting codes, so a
/// newcomer can vote at the demo kiosk and online right away. Development data only: the codes are derived from a
/// public string and printed at start-up, which is exactly what a real code must never be.
/// </summary>
public static class SampleVoters
{
    public const int Count = 20;

    /// <summary>The n-th sample resident's clave de elector (n from 1).</summary>
    public static string Clave(int n)
    {
        var letters = new char[6];
        for (int x = 48_611 + n * 104_729, j = 0; j < letters.Length; j++, x /= 26) letters[j] = (char)('A' + x % 26);
        return $"{new string(letters)}{70 + n % 29:00}{1 + n % 12:00}{1 + n % 28:00}22{(n % 2 == 0 ? 'M' : 'H')}{100 + n:000}";
    }

    /// <summary>The n-th sample resident's voting code, the same on every machine.</summary>
    public static string Code(int n)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"gobiernoabierto-datos-de-ejemplo|{n}"));
        var symbols = new string(hash.Take(VotingCode.RandomSymbols).Select(b => VotingCode.Alphabet[b & 31]).ToArray());
        return VotingCode.Format(symbols + VotingCode.CheckSymbol(symbols))!;
    }
}
