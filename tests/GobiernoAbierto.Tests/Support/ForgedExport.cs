using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// An export (ballots.csv, sello.json, registro.csv as downloaded) rewritten by someone who knows the encodings: one
/// ballot changed, the ballot chain linked anew from it, the record's close (and the certification, which names the same
/// final hash) given the new final hash and the record linked anew, and the seal file made to agree. Every link, hash
/// and count then holds; only what the ballot says can give it away.
/// </summary>
public static class ForgedExport
{
    public static (string Ballots, string Seal, string Record) WithBallot(Guid jornadaId, string ballots, string seal, string record, long position,
        string channel, string kiosk)
    {
        var lines = ballots.TrimEnd('\n').Split('\n');
        var previous = new string('0', 64);
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            if (long.Parse(f[0], CultureInfo.InvariantCulture) == position) (f[2], f[3]) = (channel, kiosk);
            if (long.Parse(f[0], CultureInfo.InvariantCulture) >= position)
                (f[5], f[6]) = (previous, Sha256($"{jornadaId}|{f[0]}|{f[1]}|{f[2]}|{f[3]}|{f[4]}|{previous}"));
            lines[i] = string.Join(',', f);
            previous = f[6];
        }
        var oldFinal = ballots.TrimEnd('\n').Split('\n')[^1].Split(',')[6];
        var newRecord = Rechained(jornadaId, record.Replace(oldFinal, previous));
        var (oldClose, newClose) = (Close(record), Close(newRecord));
        return (string.Join('\n', lines) + "\n", seal.Replace(oldFinal, previous).Replace(oldClose, newClose), newRecord);
    }

    /// <summary>The record without its facts of this type, linked anew (the seal's recordHash is the caller's to mend).</summary>
    public static string Without(Guid jornadaId, string record, string type) =>
        Rechained(jornadaId, string.Join('\n', record.TrimEnd('\n').Split('\n').Where(l => !l.Contains($",{type},"))) + "\n");

    public static string Close(string record) => record.Split('\n').Single(l => l.Contains(",jornada_closed,")).Split(',')[4];

    /// <summary>The seal mended for a record rewritten: its recordHash and recordPosition those of the new record's close.</summary>
    public static string SealFor(string seal, string record, string newRecord) => seal.Replace(Close(record), Close(newRecord))
        .Replace($"\"recordPosition\":{ClosePosition(record)}", $"\"recordPosition\":{ClosePosition(newRecord)}");

    private static string ClosePosition(string record) => record.Split('\n').Single(l => l.Contains(",jornada_closed,")).Split(',')[0];

    /// <summary>The record's links and hashes computed again from its first line, as README's canonical encoding says.</summary>
    public static string Rechained(Guid jornadaId, string record)
    {
        var lines = record.TrimEnd('\n').Split('\n');
        var previous = new string('0', 64);
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            var hash = Sha256($"registro-v1|{jornadaId}|{i}|{f[1]}|{f[2]}|{previous}");
            lines[i] = $"{i},{f[1]},{f[2]},{previous},{hash}";
            previous = hash;
        }
        return string.Join('\n', lines) + "\n";
    }

    private static string Sha256(string line) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));
}
