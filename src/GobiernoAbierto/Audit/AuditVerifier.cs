using System.Text.Json.Nodes;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Audit;

/// <summary>A hash the IEEQ wrote down (at the close, or any other) and what it turned out to be.</summary>
public sealed record AnchorCheck(string Hash, bool Matches, string Message)
{
    /// <summary>What was typed as the hash noted at the close is another fact's of this record (the opening's, the acta's).</summary>
    public bool Misplaced { get; init; }

    /// <summary>
    /// Nothing to compare it with: no record was given, so neither the close nor any other fact was recomputed. Not a
    /// finding against the files; the auditor is told to give the record (`verify` exit 2, the page «no se pudo comprobar»).
    /// </summary>
    public bool Unchecked { get; init; }
}

/// <summary>
/// Something in the store around the two chains that is not what the service wrote: a missing or foreign event
/// version, turnout events that do not add up to what the close sealed, a voter roll changed after it was loaded.
/// </summary>
public sealed record StoreFinding(long? Version, string Reason);

/// <summary>
/// The whole check: the ballot chain against the seal (the first four fields, as before: ChainVerifier), the
/// Jornada's record (RecordVerifier), the store around them (database checks only), and the hashes the IEEQ noted.
/// </summary>
public sealed record AuditVerification(long BallotsChecked, string FinalHash, IReadOnlyDictionary<string, long> Counts, ChainBreak? FirstBreak,
    RecordReport? Record, StoreFinding? Store, IReadOnlyList<AnchorCheck> Anchors)
{
    public bool Intact => FirstBreak is null && Record is not { Intact: false } && Store is null && SealFile is null && Anchors.All(a => a.Matches);

    /// <summary>
    /// Everything holds but the hash noted at the close, which is another fact's of the record: a note in the wrong box, so
    /// the close was not checked; neither intact nor altered (`verify` exit 2, the page «no se pudo verificar»).
    /// </summary>
    public bool OnlyMisplacedNote => !Intact && FirstBreak is null && Record is not { Intact: false } && Store is null && SealFile is null
                                     && Anchors.All(a => a.Matches || a.Misplaced || a.Unchecked);

    /// <summary>Everything given holds, and a hash noted could not be compared for want of the record (AnchorCheck.Unchecked).</summary>
    public bool OnlyUncheckedNote => OnlyMisplacedNote && Anchors.Any(a => a.Unchecked) && !Anchors.Any(a => a.Misplaced);

    /// <summary>Only the record was given (verify --record alone, verificar.html with only the record): no ballots, no seal.</summary>
    public bool RecordAlone { get; init; }

    /// <summary>Why the seal file is not the one the service wrote, whatever else holds (ExportedSeal.NotCanonical); files only.</summary>
    public string? SealFile { get; init; }

    /// <summary>The first thing found, in a sentence, for a refusal; null when intact.</summary>
    public string? FirstFinding =>
        SealFile is { } sealFile ? sealFile
        : FirstBreak is { } ballot ? $"Cadena de boletas alterada en la fila {ballot.Row}: {ballot.Reason}"
        : Record?.FirstBreak is { } fact ? $"Registro alterado en el evento {fact.Position?.ToString() ?? fact.Row.ToString()}: {fact.Reason}"
        : Store is { } store ? $"Base de datos alterada: {store.Reason}"
        : Anchors.FirstOrDefault(a => !a.Matches)?.Message;
}

/// <summary>
/// What only the database shows: the stream's own count of events, every event decoded, the aggregate's state, the
/// roll's table. Ballots, when read apart (a million are not decoded to be counted), are only their versions and the
/// Jornada their JSON names.
/// </summary>
public sealed record StoredJornada(long? DeclaredVersion, IReadOnlyList<(long Version, object Data)> Events, Jornada? Snapshot, string RollDigest, int RollEntries)
{
    public IReadOnlyList<StoredBallot> Ballots { get; init; } = [];

    /// <summary>For a Jornada called again: the earlier Jornada's record as stored (empty when it has none).</summary>
    public IReadOnlyList<ExportedFact>? EarlierRecord { get; init; }

    /// <summary>
    /// The Jornada the service keeps (mt_doc_jornada's JSON) and the same Jornada folded again from its events, its
    /// ballots' part (count, chain head, count per option) from the recomputed chain; both in the store's serialization.
    /// </summary>
    public (string Stored, string Replayed)? View { get; init; }

    /// <summary>Who took part, counted from the participations table (null: not read, as in a unit test of other checks).</summary>
    public Ballots.ParticipationCounts? Participations { get; init; }
}

public readonly record struct StoredBallot(long Version, Guid JornadaId);

public static class AuditVerifier
{
    /// <param name="record">The record (registro.csv, or re-encoded from the store); null when only the ballots were given.</param>
    /// <param name="expectedSeal">The hash the IEEQ wrote down at the close: the record's seal (recordHash) or, as before, the ballots' final hash.</param>
    /// <param name="noted">Other hashes the IEEQ wrote down (at the opening, after certifying): each must be a fact of the record.</param>
    /// <param name="stored">The store's own view, for `verify --database` and the service's check.</param>
    public static AuditVerification Verify(Guid jornadaId, IEnumerable<ExportedBallot> ballots, ExportedSeal? seal, IEnumerable<ExportedFact>? record,
        string? expectedSeal = null, IReadOnlyList<string>? noted = null, StoredJornada? stored = null)
        => Verify(jornadaId, ChainVerifier.Verify(jornadaId, ballots, seal), seal, record, expectedSeal, noted, stored);

    /// <summary>The same, the ballot chain already checked (by ExportScan's fast path, or while reading the database).</summary>
    public static AuditVerification Verify(Guid jornadaId, VerificationReport chain, ExportedSeal? seal, IEnumerable<ExportedFact>? record,
        string? expectedSeal = null, IReadOnlyList<string>? noted = null, StoredJornada? stored = null)
    {
        var hashes = new List<(long Position, string Type, string Hash)>();
        var facts = record?.ToList();
        var recordReport = facts is null ? null : RecordVerifier.Verify(jornadaId, Collect(facts, hashes), seal);
        if (recordReport is { Intact: true } && stored is not null) recordReport = AgainstSnapshot(recordReport, stored);
        // In the store the seal is read from the close itself: only an exported seal file can be changed on its own.
        if (stored is null && SealFileAltered(chain, recordReport, expectedSeal) is { } sealFile)
            (chain, recordReport) = (chain with { FirstBreak = null }, recordReport! with { FirstBreak = sealFile });
        if (chain is { FirstBreak: null, Sources: { } sources } && recordReport is { FirstBreak: null or { AgainstSeal: true } or { SealAltered: true } } held
            && NotFromTheRecord(sources, held) is { } foreign)
            chain = chain with { FirstBreak = foreign };

        var anchors = new List<AnchorCheck>();
        if (!string.IsNullOrWhiteSpace(expectedSeal)) anchors.Add(AtClose(expectedSeal.Trim().ToLowerInvariant(), hashes, recordReport, chain, seal));
        foreach (var hash in noted ?? []) anchors.Add(Noted(hash.Trim().ToLowerInvariant(), hashes, recordReport, chain, seal));

        return new AuditVerification(chain.BallotsChecked, chain.FinalHash, chain.Counts, chain.FirstBreak, recordReport,
            stored is null ? null : StoreChecks(jornadaId, stored), anchors) { SealFile = stored is null ? seal?.NotCanonical : null };
    }

    /// <summary>
    /// A record on its own (verify --record alone, verificar.html with only the record): a withdrawn Jornada's, which has no
    /// ballots and no seal, or one downloaded during the vote to check the hash noted at the opening. Its chain, its
    /// encoding and the rules, as with the other files; each noted hash must be a fact of it (or, noted at the close, the
    /// ballots' final hash its close seals). No ballots, no seal: nothing says where the record must end (RecordAloneEnd).
    /// </summary>
    public static AuditVerification VerifyRecord(Guid jornadaId, IEnumerable<ExportedFact> record, string? expectedSeal = null, IReadOnlyList<string>? noted = null)
    {
        var hashes = new List<(long Position, string Type, string Hash)>();
        var report = RecordVerifier.Verify(jornadaId, Collect(record, hashes), seal: null);
        var anchors = new List<AnchorCheck>();
        if (!string.IsNullOrWhiteSpace(expectedSeal)) anchors.Add(AloneAtClose(expectedSeal.Trim().ToLowerInvariant(), hashes, report));
        foreach (var hash in noted ?? []) anchors.Add(AloneNoted(hash.Trim().ToLowerInvariant(), hashes, report));
        return new AuditVerification(0, new string('0', 64), new Dictionary<string, long>(), null, report, null, anchors) { RecordAlone = true };
    }

    /// <summary>
    /// What a record checked alone says of where it ends, in the verifiers' words (verificador.js's recordAloneEnd): a
    /// withdrawal ends it for good; a close is checked by the hash noted at it; anything else may still grow, or have lost
    /// its last facts, which no link shows.
    /// </summary>
    public static string RecordAloneEnd(RecordReport record, string? lastType) =>
        lastType == "jornada_withdrawn"
            ? $"El registro termina con el retiro de la Jornada (evento {record.FactsChecked}): una Jornada retirada no recibe boletas ni tiene " +
              "sello, y después del retiro el registro no admite nada más; está completo."
            : record.SealHash is { } close
                ? $"El registro tiene el cierre de la votación (evento {record.SealPosition}), cuyo hash recalculado es {close}: compárelo con el sello del " +
                  "registro que anotó al cierre. Las boletas no se verificaron: elija también las boletas y el sello para verificarlas." +
                  (record.FactsChecked > record.SealPosition ? $" Lo que sigue al cierre (hasta el evento {record.FactsChecked}) lo cubre solo el hash de su último evento, {record.Head}." : "")
                : $"Sin cierre ni sello, nada dice dónde debe terminar el registro: un evento eliminado del final no se nota. Compare el hash de su último " +
                  $"evento ({record.FactsChecked}), {record.Head}, con el que muestra la mesa de auditoría, o verifique con --database.";

    private static AnchorCheck AloneAtClose(string expected, List<(long Position, string Type, string Hash)> hashes, RecordReport record)
    {
        if (record is { Intact: true, SealHash: { } sealHash } && sealHash == expected)
            return new(expected, true, $"El hash anotado al cierre es el sello del registro (el cierre, evento {record.SealPosition}): cubre todo el " +
                                       "registro hasta el cierre; las boletas no se verificaron (elija también las boletas y el sello).");
        // The final hash the close writes is only what the record says: without the ballots nothing recomputed it, and a
        // record rebuilt whole (its counts changed, its links redone) keeps it. Unchecked, never a match (a reviewer).
        if (record is { Intact: true, Sealed: { } sealedBallots } && string.Equals(sealedBallots.FinalHash, expected, StringComparison.OrdinalIgnoreCase))
            return new(expected, false, $"El hash anotado al cierre ({expected}) es el hash final de las boletas que dice el cierre del registro, pero sin " +
                                        $"las boletas no se recalculó, y no cubre el registro: {ChooseBallots}") { Unchecked = true };
        if (record is { SealHash: { } recomputed } && recomputed == expected)
            return new(expected, true, $"El hash anotado al cierre es el del cierre del registro recalculado (evento {record.SealPosition}): lo que anotó " +
                                       "coincide; lo que no está íntegro es lo que se señala arriba.");
        if (record is { SealHash: null, FirstBreak: not null })
            return new(expected, false, $"El hash anotado al cierre ({expected}) no se pudo comparar con el sello del registro: el registro se rompe antes " +
                                        "de su cierre o en él (lo que se señala arriba), así que el cierre no se recalculó. Compárelo con una copia íntegra del registro.");
        var other = hashes.FirstOrDefault(h => h.Hash == expected && (record.FirstBreak is null || h.Position < record.FirstBreak.Row));
        if (other.Hash is not null)
            return new(expected, false, $"El hash anotado al cierre ({expected}) no es el sello del registro: es el del evento {other.Position} " +
                                        $"({JornadaRecord.SpanishName(other.Type)}), que se anota en otro momento. Escríbalo entre los otros hashes " +
                                        "anotados y, como hash anotado al cierre, el sello del registro que anotó al cerrar.") { Misplaced = true };
        return new(expected, false, $"El hash anotado al cierre ({expected}) no es el sello del registro recalculado ({record.SealHash ?? "el registro no tiene cierre"}) " +
                                    "ni ningún otro evento del registro: el registro se rehízo después de anotarlo, o se anotó mal.");
    }

    private static AnchorCheck AloneNoted(string expected, List<(long Position, string Type, string Hash)> hashes, RecordReport record)
    {
        var match = hashes.FirstOrDefault(h => h.Hash == expected && (record.FirstBreak is null || h.Position < record.FirstBreak.Row));
        if (match.Hash is not null) return new(expected, true, $"El hash anotado {expected} es el del evento {match.Position} del registro ({JornadaRecord.SpanishName(match.Type)}).");
        if (record is { Intact: true, Sealed: { } sealedBallots } && string.Equals(sealedBallots.FinalHash, expected, StringComparison.OrdinalIgnoreCase))
            return new(expected, false, $"El hash anotado {expected} es el hash final de las boletas que dice el cierre del registro, pero sin las " +
                                        $"boletas no se recalculó: {ChooseBallots}") { Unchecked = true };
        if (record.FirstBreak is not null)
            return new(expected, false, $"El hash anotado {expected} no aparece en el registro recalculado antes de su ruptura (lo que se señala arriba): " +
                                        "si es de un evento posterior, no se pudo comprobar.");
        return new(expected, false, $"El hash anotado {expected} no aparece en el registro recalculado{EndsAt(hashes)}: {LaterActOrRebuilt(hashes)}");
    }

    /// <summary>
    /// Where the record in hand ends, for a noted hash it does not hold. A copy downloaded before the act noted lacks it as
    /// much as a rebuilt one does: the acta asks to note the certification's hash, and the three files the IEEQ keeps were
    /// downloaded before it, so verifying them with it said «el registro se rehízo» of the export the auditor certified.
    /// </summary>
    private static string EndsAt(List<(long Position, string Type, string Hash)> hashes) =>
        hashes.Count == 0 ? "" : $", que termina en el evento {hashes[^1].Position} ({JornadaRecord.SpanishName(hashes[^1].Type)})";

    /// <remarks>Not when the record already holds the certification: the acta prints no later act's hash.</remarks>
    private static string LaterActOrRebuilt(List<(long Position, string Type, string Hash)> hashes) =>
        (hashes.Count == 0 || hashes.Exists(h => h.Type == "tally_certified") ? "" :
            "si lo anotó de un acto posterior (la certificación, por ejemplo), verifíquelo con un registro descargado después de ese acto; si no, ") +
        "el registro se rehízo después de anotarlo, o se anotó mal.";

    /// <summary>
    /// Only the seal file says otherwise: every ballot holds and only its count, final hash or tally differs from the seal;
    /// the record holds up to its comparison with the seal; its close seals what the ballots give; and the hash noted at
    /// the close, when given, is the close's or the ballots'. Then the seal file is the one changed, not a row of the
    /// ballots (an outside auditor was told «Primera ruptura en la fila 12» for a seal whose counts were swapped). Without
    /// the noted hash, ballots and record rebuilt together would look the same, and the finding says so. Null otherwise:
    /// the findings stay as they are.
    /// </summary>
    private static RecordBreak? SealFileAltered(VerificationReport chain, RecordReport? record, string? expectedSeal)
    {
        if (chain.FirstBreak is { AgainstSeal: false } || record is not { FirstBreak: { Disagreement: { } differs } at, Sealed: { } close }) return null;
        if (close.BallotCount != chain.BallotsChecked || !string.Equals(close.FinalHash, chain.FinalHash, StringComparison.OrdinalIgnoreCase)
            || !Voted(close.Counts).SequenceEqual(Voted(chain.Counts)))
            return null;
        var noted = string.IsNullOrWhiteSpace(expectedSeal) ? null : expectedSeal.Trim();
        if (noted is not null && !string.Equals(noted, record.SealHash, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(noted, chain.FinalHash, StringComparison.OrdinalIgnoreCase))
            return null;
        return at with { Reason = SealFileReason(differs, anchored: noted is not null), SealAltered = true };
    }

    /// <summary>
    /// The first ballot that says it was cast where the record says no ballot could be: at a kiosk the record does not
    /// register, at a kiosk without saying which, online with a kiosk or in a Jornada whose record never enabled online
    /// voting, or by another channel. Looked at only when every ballot and every fact held: then both chains, their close
    /// and the seal agree, and the ballots or the record were rebuilt together with it (the hash noted at the close says
    /// which). A kiosk's hours or authorization cannot be compared: a ballot carries no time (its position is the order the
    /// urn's mixes gave), and the record does not say whether a kiosk had to wait for the IEEQ.
    /// </summary>
    private static ChainBreak? NotFromTheRecord(IReadOnlyList<BallotSource> sources, RecordReport record)
    {
        foreach (var s in sources.OrderBy(s => s.Row))
        {
            var ballot = $"La boleta {s.Position} (recibo {s.Receipt})";
            var reason = (s.Channel, s.KioskId) switch
            {
                ("kiosk", null) => $"{ballot} es de un kiosco y no dice de cuál: el servicio anota en cada boleta de kiosco el kiosco que la recibió. " +
                                   "Se rehicieron las boletas con su sello.",
                ("kiosk", { } kiosk) when !record.Kiosks.Contains(kiosk) =>
                    $"{ballot} dice que la emitió el kiosco «{kiosk}», que no está en el registro de la Jornada: el servicio solo recibe votos de " +
                    "los kioscos registrados. Se rehicieron las boletas con su sello, o el registro.",
                ("online", { } kiosk) => $"{ballot} es de la votación en línea y nombra el kiosco «{kiosk}»: una boleta en línea no tiene kiosco. " +
                                         "Se rehicieron las boletas con su sello.",
                ("online", null) when !record.OnlineVoting =>
                    $"{ballot} se emitió en línea, y el registro de la Jornada no habilita la votación en línea: el servicio solo recibe votos en " +
                    "línea después de habilitarla. Se rehicieron las boletas con su sello, o el registro.",
                ("kiosk" or "online", _) => null,
                _ => $"{ballot} trae el canal «{s.Channel}»: una boleta se emite en un kiosco (kiosk) o en línea (online). Se rehicieron las " +
                     "boletas con su sello.",
            };
            if (reason is not null) return new ChainBreak(s.Row, s.Position, s.Receipt, reason);
        }
        return null;
    }

    /// <summary>The options that got votes, in ordinal order: an option at zero is in one tally and not the other (the seal's options seed the chain's).</summary>
    private static IEnumerable<KeyValuePair<string, long>> Voted(IReadOnlyDictionary<string, long> counts) =>
        counts.Where(c => c.Value != 0).OrderBy(c => c.Key, StringComparer.Ordinal);

    /// <summary>The finding when the seal file is the one changed; verificador.js's sealFileReason says the same.</summary>
    private static string SealFileReason(SealDisagreement differs, bool anchored) =>
        $"El sello (sello.json) dice que {differs.Field} es {differs.Seal}; {differs.RecordSide}, que concuerda con las boletas" +
        (anchored ? $" y con el hash anotado, dice {differs.Record}: se alteró el sello."
            : $", dice {differs.Record}: se alteró el sello, o se rehicieron juntos las boletas y el registro (el hash anotado al cierre dice cuál).");

    /// <summary>The recomputed hash of each fact that passes, as the verifier walks the record.</summary>
    private static IEnumerable<ExportedFact> Collect(IEnumerable<ExportedFact> facts, List<(long, string, string)> hashes)
    {
        foreach (var f in facts)
        {
            if (f is { Position: { } p, Hash: { } h }) hashes.Add((p, f.Type, h.ToLowerInvariant()));
            yield return f;
        }
    }

    private static AnchorCheck AtClose(string expected, List<(long Position, string Type, string Hash)> hashes, RecordReport? record, VerificationReport chain,
        ExportedSeal? seal)
    {
        if (record is { Intact: true, SealHash: { } sealHash } && sealHash == expected)
            return new(expected, true, $"El hash anotado al cierre es el sello del registro (el cierre, evento {record.SealPosition}): cubre todo el " +
                                       "registro hasta el cierre y, por el cierre, la cadena de boletas.");
        if (chain.FirstBreak is null && chain.FinalHash == expected)
            return new(expected, true, "El hash anotado al cierre es el hash final de la cadena de boletas: cubre las boletas, no el resto del registro " +
                                       "(para eso anote también el sello del registro, recordHash).");
        // Without the record nothing was recomputed to compare the note with: the seal file's recordHash is only what that
        // file says. Neither intact nor altered (until 2026-12-07 both verifiers said the record was rebuilt, exit 1).
        if (record is null)
            return new(expected, false, seal is not null && string.Equals(seal.RecordHash, expected, StringComparison.OrdinalIgnoreCase)
                ? $"El hash anotado al cierre ({expected}) es el sello del registro que dice el sello (sello.json), pero sin el archivo del registro no se " +
                  $"recalculó: {ChooseRecord}"
                : $"El hash anotado al cierre ({expected}) no es el sello del registro que dice el sello ({seal?.RecordHash ?? "ninguno"}) ni el hash final de " +
                  $"las boletas ({chain.FinalHash}), y sin el archivo del registro no se puede saber si es el de otro evento (la apertura) o si el sello " +
                  $"se rehízo: {ChooseRecord}") { Unchecked = true };
        // What was noted is the close the record recomputes to; what broke is elsewhere (the seal file, a fact after the
        // close): saying the note does not match would send the auditor to doubt their own paper.
        if (record is { SealHash: { } recomputed } && recomputed == expected)
            return new(expected, true, $"El hash anotado al cierre es el del cierre del registro recalculado (evento {record.SealPosition}): lo que anotó " +
                                       "coincide; lo que no está íntegro es lo que se señala arriba.");
        // A record broken before its close was never recomputed to its close: nothing says the note is wrong.
        if (record is { SealHash: null, FirstBreak: not null })
            return new(expected, false, $"El hash anotado al cierre ({expected}) no se pudo comparar con el sello del registro: el registro se rompe antes " +
                                        "de su cierre o en él (lo que se señala arriba), así que el cierre no se recalculó" +
                                        (chain.FirstBreak is null ? $", y no es el hash final de las boletas ({chain.FinalHash})." : ".") +
                                        " Compárelo con una copia íntegra del registro.");
        // Another fact's hash (the opening's, the acta's) typed where the close's goes: a note in the wrong box, not a rebuilt record.
        var other = hashes.FirstOrDefault(h => h.Hash == expected && (record?.FirstBreak is null || h.Position < record.FirstBreak.Row));
        if (other.Hash is not null)
            return new(expected, false, $"El hash anotado al cierre ({expected}) no es el sello del registro: es el del evento {other.Position} " +
                                        $"({JornadaRecord.SpanishName(other.Type)}), que se anota en otro momento. Escríbalo entre los otros hashes " +
                                        "anotados y, como hash anotado al cierre, el sello del registro que anotó al cerrar.") { Misplaced = true };
        return new(expected, false, $"El hash anotado al cierre ({expected}) no es el sello del registro recalculado ({(record is null ? "sin registro" : record.SealHash ?? "no se llegó al cierre")}) " +
                                    $"ni el hash final de las boletas ({chain.FinalHash}): el registro o la cadena se rehicieron después de anotarlo, o se anotó mal.");
    }

    /// <summary>What a verifier says when a noted hash needs the ballots to be compared (verificador.js's CHOOSE_BALLOTS).</summary>
    public const string ChooseBallots = "elija también las boletas y el sello (--ballots y --seal; en verificar.html, «Boletas» y «Sello») para comprobarlo.";

    /// <summary>What a verifier says when a noted hash needs the record to be compared (verificador.js's CHOOSE_RECORD).</summary>
    public const string ChooseRecord = "elija el archivo del registro (--record registro.csv; en verificar.html, «Registro de la Jornada») para comprobarlo.";

    /// <summary>
    /// verify's note (after «Nota: ») and verificar.html's (verificador.js FOREIGN_BALLOTS) when the ballots break at their
    /// first row, the record holds, and the file's last row does not store the seal's final hash: likely another Jornada's
    /// ballots renamed (an altered first ballot leaves the stored hashes as they were, the last one the seal's).
    /// </summary>
    public const string ForeignBallots = "las boletas no dan su hash desde la primera y la última no guarda el hash final del sello, como pasa con " +
                                         "las boletas de otra Jornada. Si no está seguro de que los tres archivos vengan de la misma exportación, descárguelos de nuevo juntos.";

    /// <summary>
    /// The same for the record (verificador.js FOREIGN_RECORD): it breaks at its first event, the ballots hold, and no
    /// event of the file stores the seal's record hash (an altered first event leaves the close's stored hash as it was).
    /// </summary>
    public const string ForeignRecord = "el registro no da su hash desde el primer evento y ninguno de sus eventos guarda el sello del registro que dice el sello, " +
                                        "como pasa con el registro de otra Jornada. Si no está seguro de que los tres archivos vengan de la misma exportación, descárguelos de nuevo juntos.";

    private static AnchorCheck Noted(string expected, List<(long Position, string Type, string Hash)> hashes, RecordReport? record, VerificationReport chain,
        ExportedSeal? seal)
    {
        var match = hashes.FirstOrDefault(h => h.Hash == expected && (record?.FirstBreak is null || h.Position < record.FirstBreak.Row));
        if (match.Hash is not null) return new(expected, true, $"El hash anotado {expected} es el del evento {match.Position} del registro ({JornadaRecord.SpanishName(match.Type)}).");
        if (chain.FirstBreak is null && chain.FinalHash == expected) return new(expected, true, $"El hash anotado {expected} es el hash final de las boletas.");
        if (record is null)
            return new(expected, false, seal is not null && string.Equals(seal.RecordHash, expected, StringComparison.OrdinalIgnoreCase)
                ? $"El hash anotado {expected} es el sello del registro que dice el sello (sello.json), pero sin el archivo del registro no se recalculó: {ChooseRecord}"
                : $"El hash anotado {expected} no se pudo comprobar: sin el archivo del registro no se recalculó ningún evento (la apertura, la certificación…); " +
                  ChooseRecord) { Unchecked = true };
        if (record?.FirstBreak is not null)
            return new(expected, false, $"El hash anotado {expected} no aparece en el registro recalculado antes de su ruptura (lo que se señala arriba) " +
                                        "ni es el hash final de las boletas: si es de un evento posterior, no se pudo comprobar.");
        return new(expected, false, $"El hash anotado {expected} no aparece en el registro recalculado{EndsAt(hashes)}, ni es el hash final de las boletas: " +
                                    LaterActOrRebuilt(hashes));
    }

    /// <summary>
    /// The aggregate the service keeps (mt_doc_jornada) saw every fact as it was appended: a record shorter than what it
    /// counted lost its last facts, which no link can show. Its status says which facts must be there.
    /// </summary>
    private static RecordReport AgainstSnapshot(RecordReport record, StoredJornada stored)
    {
        if (stored.Snapshot is not { } jornada) return record;
        var required = new List<string>();
        JornadaStatus[] after = [JornadaStatus.Open, JornadaStatus.Closed, JornadaStatus.Certified, JornadaStatus.Published];
        if (after.Contains(jornada.Status)) required.Add("jornada_opened");
        if (after[1..].Contains(jornada.Status)) required.Add("jornada_closed");
        if (after[2..].Contains(jornada.Status)) required.Add("tally_certified");
        if (jornada.Status == JornadaStatus.Published) required.Add("chosen_project_published");
        if (jornada.Status == JornadaStatus.Withdrawn) required.Add("jornada_withdrawn");
        var present = stored.Events.Select(e => e.Data).OfType<JornadaRecordEvent>().Select(JornadaRecord.TypeOf).ToHashSet();
        var missing = required.Where(t => !present.Contains(t)).ToList();
        if (jornada.RecordLength > record.FactsChecked)
            return record with
            {
                FirstBreak = new RecordBreak(record.FactsChecked + 1, record.FactsChecked + 1, missing.FirstOrDefault(),
                    $"Falta el evento {record.FactsChecked + 1} del registro en adelante: la Jornada registró {jornada.RecordLength} eventos " +
                    $"(el último con hash {jornada.RecordHead}) y en el almacén el registro termina en el {record.FactsChecked}." +
                    (missing.Count > 0 ? $" La Jornada figura «{StatusLabels.For(jornada.Status)}» y no hay {string.Join(" ni ", missing.Select(JornadaRecord.SpanishName))}: se eliminó." : "")),
            };
        if (jornada.RecordLength != record.FactsChecked || !string.Equals(jornada.RecordHead, record.Head, StringComparison.OrdinalIgnoreCase))
            return record with
            {
                FirstBreak = new RecordBreak(record.FactsChecked, record.FactsChecked, null,
                    $"El registro recalculado termina en el evento {record.FactsChecked} con hash {record.Head}; la Jornada registró " +
                    $"{jornada.RecordLength} eventos con hash final {jornada.RecordHead}: se agregaron eventos por fuera del servicio."),
            };
        if (missing.Count > 0)
            return record with
            {
                FirstBreak = new RecordBreak(record.FactsChecked, null, missing[0],
                    $"La Jornada figura «{StatusLabels.For(jornada.Status)}» y su registro no tiene {string.Join(" ni ", missing.Select(JornadaRecord.SpanishName))}."),
            };
        return record;
    }

    private static StoreFinding? StoreChecks(Guid jornadaId, StoredJornada stored)
    {
        var versions = stored.Events.Select(e => e.Version).Concat(stored.Ballots.Select(b => b.Version)).Order().ToList();
        var declared = stored.DeclaredVersion ?? versions.LastOrDefault();
        var expected = 1L;
        foreach (var version in versions)
        {
            if (version > declared)
                return new(version, $"El evento de la versión {version} está después del último que registró el flujo de la Jornada ({declared}): se insertó.");
            if (version < expected)
                return new(version, $"La versión {version} del flujo de la Jornada aparece dos veces: se insertó un evento.");
            if (version > expected)
                return new(expected, $"Falta el evento de la versión {expected} del flujo de la Jornada (o es de un tipo que una Jornada no usa): " +
                                     "se eliminó, o se insertó por fuera del servicio.");
            expected++;
        }
        if (expected <= declared)
            return new(expected, $"El flujo de la Jornada registró {declared} eventos y el último que hay es el de la versión {expected - 1}: " +
                                 $"falta el evento de la versión {expected} en adelante. Se eliminó.");

        var claimed = stored.Events.Select(e => (e.Version, Jornada: JornadaOf(e.Data)))
            .Concat(stored.Ballots.Select(b => (b.Version, Jornada: (Guid?)b.JornadaId)))
            .OrderBy(e => e.Version);
        foreach (var (version, other) in claimed)
            if (other is { } id && id != jornadaId)
                return new(version, $"El evento de la versión {version} dice pertenecer a otra Jornada ({id}).");

        if (stored.Events.Select(e => e.Data).OfType<JornadaClosed>().LastOrDefault() is { Turnout: { } sealedTurnout })
        {
            var turnout = stored.Events.Select(e => e.Data).OfType<TurnoutRecorded>().ToList();
            if (Differs(turnout.SelectMany(t => t.ByColonia), sealedTurnout.ByColonia) is { } colonia)
                return new(null, $"Los eventos de participación (turnout_recorded) suman {colonia.Counted} personas en la colonia «{colonia.Key}» y el " +
                                 $"cierre selló {colonia.Sealed}: se alteró, eliminó o insertó uno.");
            if (Differs(turnout.SelectMany(t => t.ByDelegacion), sealedTurnout.ByDelegacion) is { } delegacion)
                return new(null, $"Los eventos de participación (turnout_recorded) suman {delegacion.Counted} personas en la delegación «{delegacion.Key}» " +
                                 $"y el cierre selló {delegacion.Sealed}: se alteró, eliminó o insertó uno.");
        }

        // Found in the earlier Jornada's record, not in this stream: no version of this one to point at.
        if (stored.Events.Select(e => e.Data).OfType<JornadaCalledAgain>().FirstOrDefault() is { } called
            && EarlierRecordFinding(called, stored.EarlierRecord ?? []) is { } earlier)
            return new(null, earlier);

        var rolls = stored.Events.Where(e => e.Data is VoterRollLoaded).ToList();
        if (rolls.LastOrDefault() is ({ } rollVersion, VoterRollLoaded roll))
        {
            if (!string.Equals(roll.RollDigest, stored.RollDigest, StringComparison.OrdinalIgnoreCase) || roll.Entries != stored.RollEntries)
                return new(rollVersion, $"El padrón guardado (tabla voter_roll: {stored.RollEntries} personas, huella {stored.RollDigest}) no es el que " +
                                        $"registró su carga (versión {rollVersion}: {roll.Entries} personas, huella {roll.RollDigest}): se cambió después de cargarlo.");
        }
        else if (stored.RollEntries > 0)
            return new(null, $"La tabla voter_roll tiene {stored.RollEntries} personas para esta Jornada y su registro no tiene ninguna carga de padrón.");
        if (stored.Participations is { } took && ParticipationFinding(stored, took) is { } participation) return new(null, participation);
        if (stored.View is var (storedView, replayedView) && ViewDifferences(storedView, replayedView) is [_, ..] differences)
            return new(null, "La Jornada que guarda el servicio (tabla mt_doc_jornada), de la que leen el cómputo en vivo, los resultados y la " +
                             $"publicación, no es la que dan sus eventos: difiere en {string.Join(", ", differences.Take(5))}" +
                             (differences.Count > 5 ? $" y {differences.Count - 5} más" : "") + ". Se alteró esa fila por fuera del servicio.");
        return null;
    }

    /// <summary>
    /// The participations table (who took part, which answers «ya votó» and refuses a second ballot) against the facts: each
    /// group commit writes its participations and a turnout event counting them per colonia in one transaction, so the two
    /// agree at every moment; only the roll's people take part; each has its participation note. A row added by hand
    /// turns a person away as if they had voted, and a row deleted lets someone vote twice; neither touches a ballot.
    /// </summary>
    private static string? ParticipationFinding(StoredJornada stored, Ballots.ParticipationCounts took)
    {
        const string outside = "se agregaron o eliminaron participaciones por fuera del servicio: una persona puede figurar como si ya hubiera " +
                               "votado sin haberlo hecho, o votar dos veces.";
        var turnout = stored.Events.Select(e => e.Data).OfType<TurnoutRecorded>().SelectMany(t => t.ByColonia);
        if (Differs(turnout, took.ByColonia) is { } colonia)
            return $"La tabla participations registra {colonia.Sealed} personas en la colonia «{colonia.Key}» y los eventos de participación " +
                   $"(turnout_recorded) suman {colonia.Counted}: {outside}";
        if (took.OffRoll > 0 && stored.RollEntries > 0)
            return $"La tabla participations registra {took.OffRoll} {(took.OffRoll == 1 ? "persona que no está" : "personas que no están")} en el padrón " +
                   "de esta Jornada (tabla voter_roll), y el servicio solo registra a quien está en él: se agregaron por fuera del servicio.";
        // Every participation's ballot is in the chain or waits in the urn: the same commit wrote both.
        if (took.Total != stored.Ballots.Count + took.InUrn)
            return $"La tabla participations registra {took.Total} personas, y hay {stored.Ballots.Count} boletas en la cadena y {took.InUrn} " +
                   "en la urna sellada: cada persona que vota deja una boleta en la misma transacción. Se alteraron por fuera del servicio las " +
                   "participaciones (una persona puede figurar como si ya hubiera votado, o votar dos veces) o la urna sellada (boletas agregadas o quitadas).";
        // None at all: a Jornada whose ballots predate the notes (before online credentials). Nothing to compare then.
        if (took.Notes > 0 && took.Notes != took.Total)
            return $"La tabla participation_notes tiene {took.Notes} constancias de participación y la tabla participations {took.Total} personas: " +
                   "cada persona que vota deja una de cada una en la misma transacción. Se agregaron o eliminaron filas por fuera del servicio.";
        return null;
    }

    /// <summary>Kept in the view for the live tally, and not in the record or the chain: nothing to compare them with.</summary>
    private static readonly HashSet<string> NotReplayed = new(StringComparer.OrdinalIgnoreCase) { "version", "byChannel", "byKiosk" };

    /// <summary>
    /// What decides and shows the outcome, compared strictly: present in the stored row and equal, whatever version of
    /// the service stored it (each was kept from the first version). Options by their id and title (the title the
    /// results and the publication name).
    /// </summary>
    private static readonly string[] Outcome = ["Status", "BallotCount", "ChainHead", "Counts", "Seal", "Seal.BallotCount", "Seal.FinalHash",
        "Seal.Counts", "PublishedOptionId"];

    /// <summary>
    /// Where the stored view and the replayed one differ, as paths ("Counts.A", "Seal.Counts.B", "Kiosks[0].CredentialHash").
    /// The outcome (Outcome, and each option's id and title) strictly. Any other field only where the stored row holds a
    /// value: a field that an older version of the service did not keep is absent from its rows, or reads as null, zero
    /// or empty once the row is rewritten at the next fact, while the replay fills it in (a Jornada living through an
    /// upgrade must not read as altered). Such a field emptied by hand is not seen; none of them decides the outcome.
    /// </summary>
    public static IReadOnlyList<string> ViewDifferences(string storedJson, string replayedJson)
    {
        if (JsonNode.Parse(storedJson) is not JsonObject stored || JsonNode.Parse(replayedJson) is not JsonObject replayed) return ["la fila entera"];
        var differences = new List<string>();
        foreach (var path in Outcome)
        {
            var (kept, replay) = (At(stored, path), At(replayed, path));
            if (kept is JsonObject s && replay is JsonObject r && (IsDictionary(s) || IsDictionary(r)))
                differences.AddRange(s.Select(p => p.Key).Union(r.Select(p => p.Key)).Order(StringComparer.Ordinal)
                    .Where(k => Count(s, k) != Count(r, k)).Select(k => Join(path, k)));
            else if (!SameOutcome(kept, replay)) differences.Add(path);
        }
        var storedOptions = At(stored, "Options") as JsonArray;
        var replayedOptions = At(replayed, "Options") as JsonArray;
        if (storedOptions is null || replayedOptions is null || storedOptions.Count != replayedOptions.Count) differences.Add("Options");
        else
            for (var i = 0; i < storedOptions.Count; i++)
                foreach (var field in new[] { "Id", "Title" })
                    if (!JsonNode.DeepEquals(At(storedOptions[i], field), At(replayedOptions[i], field))) differences.Add($"Options[{i}].{field}");
        foreach (var (key, value) in stored)
            if (!NotReplayed.Contains(key) && !Outcome.Contains(key, StringComparer.OrdinalIgnoreCase) && Field(replayed, key) is { } other)
                CompareKept(value, other.Value, key, differences);
        return differences.Distinct().ToList();
    }

    private static KeyValuePair<string, JsonNode?>? Field(JsonObject node, string key) =>
        node.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found ? found : null;

    /// <summary>The node at a dotted path, keys in any case; null when absent.</summary>
    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var key in path.Split('.'))
            node = node is JsonObject o && Field(o, key) is { } found ? found.Value : null;
        return node;
    }

    private static bool SameOutcome(JsonNode? stored, JsonNode? replayed) => (stored, replayed) switch
    {
        (JsonObject, JsonObject) => true, // the seal itself, or counts empty on both sides: fields are compared one by one
        _ => JsonNode.DeepEquals(stored, replayed),
    };

    /// <summary>A field outside the outcome, compared where the stored row holds a value (ViewDifferences says why).</summary>
    private static void CompareKept(JsonNode? stored, JsonNode? replayed, string path, List<string> differences)
    {
        if (IsDefault(stored)) return;
        switch (stored, replayed)
        {
            case (JsonObject s, JsonObject r) when IsDictionary(s) || IsDictionary(r):
                foreach (var key in s.Select(p => p.Key).Union(r.Select(p => p.Key)).Order(StringComparer.Ordinal))
                    if (Count(s, key) != Count(r, key)) differences.Add(Join(path, key));
                break;
            case (JsonObject s, JsonObject r):
                foreach (var (key, value) in s)
                    if (Field(r, key) is { } other) CompareKept(value, other.Value, Join(path, key), differences);
                break;
            case (JsonArray s, JsonArray r) when s.Count == r.Count:
                for (var i = 0; i < s.Count; i++) CompareKept(s[i], r[i], $"{path}[{i}]", differences);
                break;
            default:
                if (!JsonNode.DeepEquals(stored, replayed)) differences.Add(path);
                break;
        }
    }

    /// <summary>What a field an older version did not keep reads as in a rewritten row: null, false, zero, empty.</summary>
    private static bool IsDefault(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.False or System.Text.Json.JsonValueKind.Null => true,
            System.Text.Json.JsonValueKind.Number => v.TryGetValue<decimal>(out var n) && n == 0,
            System.Text.Json.JsonValueKind.String => v.GetValue<string>().Length == 0,
            _ => false,
        },
        _ => false,
    };

    private static bool IsDictionary(JsonObject node) =>
        node.Count > 0 && node.All(p => p.Value is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number);

    private static decimal? Count(JsonObject node, string key) =>
        node.TryGetPropertyValue(key, out var value) ? (value as JsonValue)?.TryGetValue<decimal>(out var n) == true ? n : null : 0;

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>
    /// A Jornada called again wrote down where the earlier Jornada's record stood at the call: that record, recomputed,
    /// must still reach that fact with that hash. Otherwise it was cut, edited or rewritten after the call, which the
    /// earlier record alone, rewritten whole with its links recomputed, would not show.
    /// </summary>
    private static string? EarlierRecordFinding(JornadaCalledAgain called, IReadOnlyList<ExportedFact> earlier)
    {
        var named = $"Esta Jornada se convocó tras la Jornada {called.EarlierJornadaId:D}, cuyo registro llegaba entonces al evento " +
                    $"{called.EarlierRecordPosition} con hash {called.EarlierRecordHash}";
        if (earlier.Count == 0) return $"{named}; en el almacén esa Jornada no tiene registro (se eliminó o se archivó).";
        if (RecordVerifier.Verify(called.EarlierJornadaId, earlier).FirstBreak is { } broken && broken.Row <= called.EarlierRecordPosition)
            return $"{named}; en el almacén ese registro, recalculado, se rompe en el evento {broken.Position ?? broken.Row}: {broken.Reason}";
        if (earlier.FirstOrDefault(f => f.Position == called.EarlierRecordPosition) is not { } fact)
            return $"{named}; en el almacén ese registro ya no tiene el evento {called.EarlierRecordPosition} (se eliminó o se archivó).";
        if (!string.Equals(fact.Hash, called.EarlierRecordHash, StringComparison.OrdinalIgnoreCase))
            return $"{named}; en el almacén ese evento tiene el hash {fact.Hash ?? "(ninguno)"}: el registro de la Jornada anterior se rehízo después.";
        return null;
    }

    private static (string Key, long Counted, long Sealed)? Differs(IEnumerable<KeyValuePair<string, int>> recorded, IReadOnlyDictionary<string, long> sealedTotals)
    {
        var counted = recorded.GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(kv => (long)kv.Value), StringComparer.Ordinal);
        foreach (var key in counted.Keys.Union(sealedTotals.Keys).Order(StringComparer.Ordinal))
            if (counted.GetValueOrDefault(key) != sealedTotals.GetValueOrDefault(key))
                return (key, counted.GetValueOrDefault(key), sealedTotals.GetValueOrDefault(key));
        return null;
    }

    private static Guid? JornadaOf(object data) => data switch
    {
        BallotCast b => b.JornadaId,
        TurnoutRecorded t => t.JornadaId,
        JornadaCreated e => e.JornadaId,
        JornadaCalledAgain e => e.JornadaId,
        BallotOptionsSet e => e.JornadaId,
        KioskRegistered e => e.JornadaId,
        KioskActivated e => e.JornadaId,
        KioskAuthorized e => e.JornadaId,
        KioskClosed e => e.JornadaId,
        VoterRollLoaded e => e.JornadaId,
        OnlineChannelEnabled e => e.JornadaId,
        VotingCodesIssued e => e.JornadaId,
        VotingCodeReissued e => e.JornadaId,
        CountersignatureRequested e => e.JornadaId,
        CountersignatureGranted e => e.JornadaId,
        CountersignatureDenied e => e.JornadaId,
        CountersignatureWithdrawn e => e.JornadaId,
        JornadaOpened e => e.JornadaId,
        JornadaWithdrawn e => e.JornadaId,
        JornadaClosed e => e.JornadaId,
        TallyCertified e => e.JornadaId,
        ChosenProjectPublished e => e.JornadaId,
        _ => null,
    };
}
