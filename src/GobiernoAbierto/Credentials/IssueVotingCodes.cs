using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Npgsql;

namespace GobiernoAbierto.Credentials;

/// <summary>A code as issued: to the roll entry it belongs to, in its grouped form. Exists only until the letters are made.</summary>
public sealed record IssuedCode(RollEntry Entry, string Code);

public static class IssueVotingCodesEndpoint
{
    public static readonly Rejection OnlineDisabled = new("online_voting_disabled", "Esta Jornada se vota en kiosco",
        "Sin votación en línea no hay códigos que emitir: el personal municipal la habilita con su horario antes de cargar el padrón.");

    public static readonly Rejection NoRoll = new("voter_roll_missing", "Falta el padrón",
        "Los códigos se emiten uno por persona del padrón: el personal municipal debe cargarlo primero.");

    public static readonly Rejection AlreadyIssued = new("voting_codes_already_issued", "Códigos ya emitidos",
        "Los códigos de votación de esta Jornada ya se emitieron y sus cartas ya se entregaron una vez. Para una carta perdida, " +
        "emita de nuevo solo esa (revoca el código anterior).");

    public static Rejection OnlineStarted(Jornada jornada) => new("online_voting_started", "La votación en línea ya empezó",
        $"Los códigos se emiten antes de que abra la votación en línea ({QueretaroTime.Format(jornada.Online!.OpensAt)}), para que las cartas lleguen a tiempo.");

    /// <param name="verifiers">What the service keeps of each new code, one per roll entry.</param>
    public static Decision Decide(Jornada jornada, IReadOnlyCollection<string> verifiers, string by, DateTimeOffset now)
    {
        if (jornada.Online is not { } online) return OnlineDisabled;
        if (jornada.VotingCodesIssued) return AlreadyIssued;
        if (!jornada.HasVoterRoll) return NoRoll;
        if (jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open) || now >= online.OpensAt) return OnlineStarted(jornada);
        return jornada.Record(new VotingCodesIssued(jornada.Id, verifiers.Count, Digest(verifiers), by, now));
    }

    /// <summary>SHA-256 over the sorted verifiers, one per line.</summary>
    public static string Digest(IEnumerable<string> verifiers) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', verifiers.Order(StringComparer.Ordinal)))));

    /// <summary>
    /// One new code per roll entry, decided, and on acceptance their verifiers stored in the caller's transaction (which
    /// holds the Jornada's lock). The codes go back to the caller only, to be put in the letters; they are kept nowhere.
    /// </summary>
    /// <param name="codeFor">Only the sample data passes one, to print known demo codes; every real code is VotingCode.New().</param>
    public static async Task<(Decision Decision, IReadOnlyList<IssuedCode> Codes)> IssueAsync(Jornada jornada, NpgsqlConnection connection,
        VotingTables tables, VoterKeys keys, string by, DateTimeOffset now, CancellationToken cancellation, Func<RollEntry, string>? codeFor = null)
    {
        var codes = (await tables.RollAsync(connection, jornada.Id, cancellation: cancellation))
            .Select(entry => new IssuedCode(entry, codeFor?.Invoke(entry) ?? VotingCode.New())).ToList();
        var verifiers = codes.Select(c => (c.Entry.VoterKey, keys.CodeVerifier(jornada.Id, c.Entry.VoterKey, VotingCode.Normalize(c.Code)!))).ToList();
        var decision = Decide(jornada, verifiers.Select(v => v.Item2).ToList(), by, now);
        if (!decision.Accepted) return (decision, []);
        await tables.InsertCodesAsync(connection, jornada.Id, verifiers, cancellation);
        return (decision, codes);
    }
}
