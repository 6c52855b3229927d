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
        "Los códigos de votación de esta Jornada ya se emitieron y sus cartas se entregaron en esa descarga; el servicio no guarda " +
        "los códigos, solo lo que permite comprobarlos, así que no hay otra copia. Si aquella descarga no terminó y la votación en " +
        "línea aún no abre, emítalos todos de nuevo (las cartas anteriores dejan de servir); para una carta perdida, repóngala por " +
        "folio: cada reposición revoca el código anterior.");

    public static Rejection OnlineStarted(Jornada jornada) => new("online_voting_started", "La votación en línea ya empezó",
        $"Los códigos se emiten antes de que abra la votación en línea ({QueretaroTime.Format(jornada.Online!.OpensAt)}, hora del centro de México), para que las cartas lleguen a tiempo.");

    /// <param name="verifiers">What the service keeps of each new code, one per roll entry.</param>
    // A mistyped huella lands here too, and was told that someone had issued the codes again (an outside tester).
    public static readonly Rejection IssueChanged = new("voting_codes_issued_again", "Esa no es la emisión vigente",
        "La huella enviada no es la de la emisión vigente de los códigos: o alguien los emitió de nuevo después (vea la " +
        "bitácora; las cartas que sirven son las de esa otra descarga), o la huella se copió mal. No se emitió nada ahora.");

    /// <param name="replaces">
    /// To issue every code anew, the digest of the issue it replaces (its VerifiersDigest), when that issue's letters
    /// never arrived whole (a download cut off: the codes are kept nowhere); null for the first issue. Naming it keeps
    /// two people, or a retry, from each replacing the other's letters. Only before online voting opens, like the first
    /// issue: by then no letter has been used, and afterwards letters are replaced one by one, by folio. Each earlier
    /// code then says «revoked», as after a reissue by folio.
    /// </param>
    public static Decision Decide(Jornada jornada, IReadOnlyCollection<string> verifiers, string by, DateTimeOffset now, string? replaces)
    {
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (jornada.Online is not { } online) return OnlineDisabled;
        if (jornada.VotingCodesIssued && replaces is null) return AlreadyIssued;
        // A digest stored before this version is null: the issue it names cannot be told, and is taken as named.
        if (jornada.VotingCodesIssued && jornada.VotingCodesDigest is { } current && !string.Equals(current, replaces!.Trim(), StringComparison.OrdinalIgnoreCase))
            return IssueChanged;
        if (!jornada.HasVoterRoll) return NoRoll;
        if (jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open) || now >= online.OpensAt) return OnlineStarted(jornada);
        return jornada.Record(new VotingCodesIssued(jornada.Id, verifiers.Count, Digest(verifiers), by, now, Again: jornada.VotingCodesIssued));
    }

    /// <summary>Codes issued, online voting not open yet: every letter can still be made anew (what Decide accepts with replaces).</summary>
    public static bool MayIssueAgain(Jornada jornada, DateTimeOffset now) =>
        jornada.VotingCodesIssued && jornada.Status is JornadaStatus.Preparing or JornadaStatus.Open && now < jornada.Online!.OpensAt;

    /// <summary>SHA-256 over the sorted verifiers, one per line.</summary>
    public static string Digest(IEnumerable<string> verifiers) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', verifiers.Order(StringComparer.Ordinal)))));

    public static readonly Rejection RollChanged = new("voter_roll_changed", "El padrón cambió",
        "El padrón se volvió a cargar mientras se preparaban las cartas; emita los códigos de nuevo (no se guardó ninguno).");

    public static readonly Rejection WindowChanged = new("online_window_changed", "El horario en línea cambió",
        "El horario de la votación en línea cambió mientras se preparaban las cartas, que lo imprimen; emita los códigos de nuevo (no se guardó ninguno).");

    public static readonly Rejection BeingIssued = new("voting_codes_being_issued", "Las cartas se están preparando",
        "Ya se están preparando las cartas de esta Jornada (otra ventana u otra persona las pidió). Espere a que esa descarga termine.");

    // The letters of a big roll take minutes of CPU: a second request for the same Jornada on this instance (a double
    // click, the desk and the API) is refused at once rather than made in parallel and then refused under the lock.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> InPreparation = new();

    /// <summary>
    /// The codes of a whole roll, made before the Jornada's lock is taken: their letters take minutes for a big roll
    /// (96.8 s for 100,000 in the benchmark), and while the Jornada is open its lock holds every kiosk's ballots.
    /// Jornada: as it was read then, for the letters.
    /// </summary>
    public sealed record PreparedCodes(Jornada Jornada, IReadOnlyList<IssuedCode> Codes, IReadOnlyList<(string VoterKey, string Verifier)> Verifiers, string? Replaces);

    /// <summary>One new code per roll entry and its verifier, unless the Jornada as it is now already refuses them (nothing is read then).</summary>
    /// <param name="codeFor">Only the sample data passes one, to print known demo codes; every real code is VotingCode.New().</param>
    public static async Task<(Rejection? Refusal, PreparedCodes? Codes)> PrepareAsync(Jornada jornada, NpgsqlConnection connection,
        VotingTables tables, VoterKeys keys, string by, DateTimeOffset now, string? replaces, CancellationToken cancellation, Func<RollEntry, string>? codeFor = null)
    {
        if (Decide(jornada, [], by, now, replaces).Rejection is { } refusal) return (refusal, null);
        var codes = (await tables.RollAsync(connection, jornada.Id, cancellation: cancellation))
            .Select(entry => new IssuedCode(entry, codeFor?.Invoke(entry) ?? VotingCode.New())).ToList();
        var verifiers = codes.Select(c => (c.Entry.VoterKey, keys.CodeVerifier(jornada.Id, c.Entry.VoterKey, VotingCode.Normalize(c.Code)!))).ToList();
        return (null, new PreparedCodes(jornada, codes, verifiers, replaces));
    }

    /// <summary>
    /// The prepared codes issued, in the caller's transaction that holds the Jornada's lock: decided again on the Jornada
    /// as it is now (another issue may have come first), on the roll and online window the letters were made for, and
    /// on acceptance their verifiers stored. The codes themselves are kept nowhere.
    /// </summary>
    public static async Task<Decision> IssueAsync(Jornada jornada, PreparedCodes prepared, NpgsqlConnection connection, VotingTables tables,
        string by, DateTimeOffset now, CancellationToken cancellation)
    {
        var decision = Decide(jornada, prepared.Verifiers.Select(v => v.Verifier).ToList(), by, now, prepared.Replaces);
        if (!decision.Accepted) return decision;
        if (jornada.Online != prepared.Jornada.Online) return WindowChanged;
        // Entry by entry, folios included: the same people loaded again in another order would give the letters the wrong folios.
        if (!(await tables.RollAsync(connection, jornada.Id, cancellation: cancellation)).SequenceEqual(prepared.Codes.Select(c => c.Entry)))
            return RollChanged;
        if (jornada.VotingCodesIssued) await tables.ReplaceCodesAsync(connection, jornada.Id, prepared.Verifiers);
        else await tables.InsertCodesAsync(connection, jornada.Id, prepared.Verifiers, cancellation);
        return decision;
    }

    /// <summary>Prepared and issued in one go, by a caller that already holds the lock: the sample data, whose rolls are small.</summary>
    public static async Task<(Decision Decision, IReadOnlyList<IssuedCode> Codes)> IssueAsync(Jornada jornada, NpgsqlConnection connection,
        VotingTables tables, VoterKeys keys, string by, DateTimeOffset now, CancellationToken cancellation, Func<RollEntry, string>? codeFor = null)
    {
        var (refusal, prepared) = await PrepareAsync(jornada, connection, tables, keys, by, now, replaces: null, cancellation, codeFor);
        if (refusal is not null) return (refusal, []);
        var decision = await IssueAsync(jornada, prepared!, connection, tables, by, now, cancellation);
        return (decision, decision.Accepted ? prepared!.Codes : []);
    }

    /// <summary>
    /// What the API and the codes desk do: the codes and their letters made first, then issued under the Jornada's lock
    /// for as long as storing their verifiers takes; the letters' ZIP, or why not.
    /// </summary>
    public static async Task<(Rejection? Refusal, IResult? Letters)> IssueWithLettersAsync(Guid jornadaId, IDocumentStore store,
        NpgsqlDataSource dataSource, StreamWrites writes, VotingTables tables, VoterKeys keys, HttpRequest request, string by, TimeProvider clock,
        string? replaces, CancellationToken cancellation)
    {
        if (!InPreparation.TryAdd(jornadaId, 0)) return (BeingIssued, null);
        try
        {
            return await IssueWithLettersOnceAsync(jornadaId, store, dataSource, writes, tables, keys, request, by, clock, replaces, cancellation);
        }
        finally
        {
            InPreparation.TryRemove(jornadaId, out _);
        }
    }

    private static async Task<(Rejection? Refusal, IResult? Letters)> IssueWithLettersOnceAsync(Guid jornadaId, IDocumentStore store,
        NpgsqlDataSource dataSource, StreamWrites writes, VotingTables tables, VoterKeys keys, HttpRequest request, string by, TimeProvider clock,
        string? replaces, CancellationToken cancellation)
    {
        Jornada? jornada;
        await using (var session = store.QuerySession())
            jornada = jornadaId == Guid.Empty ? null : await session.LoadAsync<Jornada>(jornadaId, cancellation);
        if (jornada is null) return (Rejection.NotFound("una Jornada con ese identificador"), null);
        PreparedCodes prepared;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellation))
        {
            var (refusal, codes) = await PrepareAsync(jornada, connection, tables, keys, by, clock.GetUtcNow(), replaces, cancellation);
            if (refusal is not null) return (refusal, null);
            prepared = codes!;
        }
        var letters = VotingCodeEndpoints.LetterFiles(jornada, prepared.Codes, request, "cartas",
            // As the Jornada was when the codes were prepared: «again» on a Jornada with none issued yet is a first issue.
            prepared.Jornada.VotingCodesIssued ? VotingCodeEndpoints.IssuedAgainLetter(clock.GetUtcNow()) : null);
        var issued = await writes.DecideAsync<Jornada>(jornadaId, (locked, session) =>
            IssueAsync(locked, prepared, session.Connection!, tables, by, clock.GetUtcNow(), cancellation), cancellation, exclusive: true);
        return issued is null ? (null, letters) : (issued, null);
    }
}
