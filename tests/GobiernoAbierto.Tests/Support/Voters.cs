namespace GobiernoAbierto.Tests.Support;

/// <summary>Made-up but well-formed identifiers: the n-th person of a test gets a distinct one.</summary>
public static class Voters
{
    /// <summary>Clave de elector: 6 letters, birth date YYMMDD, state 22 (Querétaro), sex, 3 digits.</summary>
    public static string Clave(int n, string prefix = "")
    {
        var letters = new char[6];
        var x = n;
        for (var i = 5; i >= 0; i--) { letters[i] = (char)('A' + x % 26); x /= 26; }
        var tag = prefix.Length > 0 ? prefix.ToUpperInvariant()[..1] : "";
        var word = tag + new string(letters)[tag.Length..];
        return $"{word}{80 + n % 20:00}{1 + n % 12:00}{1 + n % 28:00}22{(n % 2 == 0 ? 'H' : 'M')}{n % 1000:000}";
    }

    public static string UniqueClave() => Clave(Random.Shared.Next(0, 300_000_000));

    /// <summary>A well-formed CURP (born in Querétaro, with RENAPO's check digit), distinct for each n.</summary>
    public static string Curp(int n)
    {
        var letters = new char[3];
        var x = n;
        for (var i = 2; i >= 0; i--) { letters[i] = (char)('A' + x % 26); x /= 26; }
        const string consonants = "BCDFGHJKLMNPQRSTVWXYZ";
        var inner = $"{consonants[x % 21]}{consonants[x / 21 % 21]}{consonants[x / 441 % 21]}";
        var first17 = $"{letters[0]}A{letters[1]}{letters[2]}{80 + n % 20:00}{1 + n % 12:00}{1 + n % 28:00}{(n % 2 == 0 ? 'H' : 'M')}QT{inner}0";
        return first17 + GobiernoAbierto.Ballots.VoterIdentifier.CurpCheckDigit(first17);
    }

    public static string UniqueCurp() => Curp(Random.Shared.Next(0, 300_000_000));
}
