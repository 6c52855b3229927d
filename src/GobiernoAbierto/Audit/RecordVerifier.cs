using System.Globalization;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Audit;

/// <summary>
/// Where the Jornada's record stops being what the service wrote. Row: the fact's place in what was checked (1, 2…);
/// Line: its line in registro.csv; Version: its version in the event stream (database checks).
/// </summary>
public sealed record RecordBreak(long Row, long? Position, string? Type, string Reason)
{
    public long? Line { get; init; }
    public long? Version { get; init; }

    /// <summary>
    /// Every link of the record holds, but its close says other than the seal file: one of the two was altered (or the
    /// ballots with the seal); the hash noted at the close tells which.
    /// </summary>
    public bool AgainstSeal => Disagreement is not null;

    /// <summary>Which figure of the seal file the record says otherwise, when the record holds and only that differs.</summary>
    public SealDisagreement? Disagreement { get; init; }

    /// <summary>The seal file is the one changed: the record and the ballots agree with each other (AuditVerifier decides).</summary>
    public bool SealAltered { get; init; }
}

/// <summary>A figure of the seal file the record says otherwise: its name, what each says, and the finding in the record's words.</summary>
public sealed record SealDisagreement(string Reason, string Field, string Seal, string Record, string RecordSide = "el cierre del registro");

/// <summary>The record recomputed: how many facts, the last hash, the close's hash (the record's seal), the first break.</summary>
public sealed record RecordReport(long FactsChecked, string Head, string? SealHash, long? SealPosition, RecordBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;

    /// <summary>What the record's close sealed of the ballots (count, final hash, count per option); null without a close.</summary>
    public JornadaSeal? Sealed { get; init; }

    /// <summary>The kiosks the record registered, by id; the ballots cast at a kiosk name one of them.</summary>
    public IReadOnlyCollection<string> Kiosks { get; init; } = [];

    /// <summary>The record enabled online voting (online_channel_enabled): only then are there online ballots.</summary>
    public bool OnlineVoting { get; init; }

    /// <summary>The Jornada's name as its creation in the record gives it (the verifiers print it, not the seal file's).</summary>
    public string? Title { get; init; }
}

/// <summary>
/// Recomputes the Jornada's record (JornadaRecord; README, "Codificación canónica del registro") and names the first
/// fact that was changed (its hash no longer fits), removed (a position is skipped) or inserted (a position repeats, a
/// link breaks, or it carries no link at all). Then it checks what the facts say against the rules a Jornada follows and
/// against the seal: a well-linked fact that could not have happened was forged with its links. Pure: the CLI, the API,
/// the tests call it; wwwroot/js/verificador.js implements the same checks for the browser.
/// </summary>
public static class RecordVerifier
{
    public static RecordReport Verify(Guid jornadaId, IEnumerable<ExportedFact> facts, ExportedSeal? seal = null)
    {
        var previous = JornadaRecord.Genesis;
        long row = 0;
        var rules = new Rules();
        (string Hash, long Position, FieldValues Fields)? close = null;
        string? title = null;

        // The facts checked are those that held before the break, as verificador.js counts them; with the name and the
        // close's count read so far, which the verifiers print rather than the seal file's.
        RecordReport Broken(ExportedFact? f, string reason) =>
            new(row - 1, previous, close?.Hash, close?.Position, new RecordBreak(row, f?.Position, f?.Type, reason) { Line = f?.Line, Version = f?.Version })
            {
                Sealed = close is { } sealing ? SealedBallots(sealing.Fields) : null,
                Title = title,
            };

        using var rows = facts.GetEnumerator();
        while (rows.MoveNext())
        {
            var f = rows.Current;
            row++;
            // First: a line of other columns has no type to read, and «01» is read as 1 and would hold, while the shell,
            // comparing text, finds a break (ExportNumbers, ExportHashes).
            if (f.NotCanonical is { } written) return Broken(f, written);
            if (!Known(f.Type))
                return Broken(f, $"La fila {row} trae un evento de tipo «{f.Type}», que no es un hecho del registro de una Jornada: se insertó.");
            // Named as the IEEQ's desk and verificar.html name it («registro de un kiosco»), not by its type.
            var name = JornadaRecord.SpanishName(f.Type);
            if (f.Position is not { } position || f.PreviousHash is null || f.Hash is null)
                return Broken(f, $"El evento de la fila {row} ({name}) no lleva enlace del registro (posición, hash anterior y hash): " +
                                 "no lo escribió el servicio; se insertó.");
            if (position > row)
            {
                // Moved within the file, or removed: the rows after it say which (an auditor acts on which it was).
                for (long after = 1; rows.MoveNext(); after++)
                    if (rows.Current.Position == row)
                        return Broken(f, $"Los eventos están fuera de orden: en la fila {row} va el evento {row} del registro y está el " +
                                         $"{position} ({name}); el {row} aparece más adelante, en la fila {row + after}. Se movieron filas " +
                                         "dentro del archivo: no es el que entregó el servicio.");
                return Broken(f, $"Falta el evento {row} del registro: en su lugar aparece el {position} ({name}). Se eliminó al menos un evento.");
            }
            if (position < row)
                return Broken(f, $"La posición {position} aparece otra vez en la fila {row} ({name}): se insertó un evento.");
            if (!string.Equals(f.PreviousHash, previous, StringComparison.OrdinalIgnoreCase))
                return Broken(f, $"El evento {position} ({name}) no se encadena con el anterior: su hash anterior no es el hash del evento " +
                                 $"{position - 1}. Se insertó, eliminó o alteró un evento.");
            var hash = JornadaRecord.Hash(jornadaId, position, f.Type, f.Fields, previous);
            if (!string.Equals(hash, f.Hash, StringComparison.OrdinalIgnoreCase))
                return Broken(f, $"El evento {position} ({name}) fue alterado: su contenido no produce el hash registrado " +
                                 $"(recalculado {hash}, registrado {f.Hash.ToLowerInvariant()}).");
            // A rebuilt close with «counts.A=i:03» read as 3 agreed with the seal here and not for the shell, which
            // compares the text: an integer field is written as the service writes it or the fact is not its own.
            if (FieldValues.NotCanonicalInt(f.Fields) is { } field)
                return Broken(f, $"El evento {position} ({name}) escribe el campo «{field}»: en el registro {ExportNumbers.Rule} (salvo el - de un " +
                                 $"negativo), {ExportNumbers.Range}. No lo escribió el servicio; se rehízo con sus enlaces.");
            // «counts.A» and «counts.%41» in one close, its links rebuilt: verify threw (two options A), the page kept the last.
            if (FieldValues.Repeated(f.Fields) is { } twice)
                return Broken(f, $"El evento {position} ({name}) nombra dos veces el campo " +
                                 (twice.First == twice.Second ? $"«{twice.First}»" : $"«{twice.Name}», como «{twice.First}» y como «{twice.Second}»") +
                                 ": el servicio escribe cada campo una sola vez. No lo escribió el servicio; se rehízo con sus enlaces.");
            // «optionId=s:%41» says «A», so it held here and on the page, while the shell, comparing text, found another option
            // published: a text or a name is written one way, as the number above, or the fact is not the service's.
            if (FieldValues.NotCanonicalText(f.Fields) is { } text)
                return Broken(f, $"El evento {position} ({name}) escribe el campo «{text.Written}»" +
                                 (text.Canonical is { } canonical ? $", que el servicio escribe «{canonical}»" : "") +
                                 $": {ExportText.Rule}. No lo escribió el servicio; se rehízo con sus enlaces.");
            // «closedAt=t:2020-10-18T13:00:00Z» says the instant the service writes with its 7 decimals, «b:True» a boolean:
            // read for what they say they held for all three verifiers, though the service never writes them so.
            if (FieldValues.NotCanonicalValue(f.Fields) is { } value)
                return Broken(f, $"El evento {position} ({name}) escribe el campo «{value}»: {ExportValues.Rule}. No lo escribió el servicio; " +
                                 "se rehízo con sus enlaces.");
            if (FieldValues.Parse(f.Fields) is not { } fields)
                return Broken(f, $"Los campos del evento {position} ({name}) no siguen la codificación canónica.");
            if (rules.Check(position, f.Type, fields) is { } broken)
                return Broken(f, $"El evento {position} ({name}) no respeta las reglas de la Jornada: {broken} Se escribió por fuera del servicio, " +
                                 "con sus enlaces rehechos.");
            if (f.Type == "jornada_closed") close = (hash, position, fields);
            if (f.Type == "jornada_created") title = fields.Text("title");
            previous = hash;
        }

        var end = new RecordReport(row, previous, close?.Hash, close?.Position, null)
        {
            Sealed = close is { } sealing ? SealedBallots(sealing.Fields) : null,
            Kiosks = rules.Kiosks,
            OnlineVoting = rules.OnlineVoting,
            Title = title,
        };
        if (row == 0) return end with { FirstBreak = new RecordBreak(0, null, null, "El registro está vacío: falta al menos la creación de la Jornada.") };
        if (close is { } c && Sealed(c.Fields) is { } unsealed) return end with { FirstBreak = new RecordBreak(c.Position, c.Position, "jornada_closed", unsealed) };
        if (seal is not null && close is null)
            return end with { FirstBreak = new RecordBreak(row, null, "jornada_closed",
                $"Hay un sello de cierre pero el registro no tiene el evento de cierre ({JornadaRecord.SpanishName("jornada_closed")}).") };
        if (seal is not null && close is { } closing && AgainstSeal(seal, closing, title) is { } mismatch)
            return end with { FirstBreak = new RecordBreak(closing.Position, closing.Position, "jornada_closed", mismatch.Reason) { Disagreement = mismatch } };
        return end;
    }

    private static JornadaSeal SealedBallots(FieldValues close) => new(close.Int("ballotCount") ?? 0, close.Text("finalHash") ?? "",
        new SortedDictionary<string, long>(close.Keys("counts.").ToDictionary(o => o, o => close.Int($"counts.{CanonicalFields.Percent(o)}") ?? 0), StringComparer.Ordinal));

    /// <summary>A count per option as verify and verificar.html print it in a finding: «A: 10, B: 7», in ordinal order.</summary>
    private static string Tally(IEnumerable<KeyValuePair<string, long>> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value.ToString(CultureInfo.InvariantCulture)}"));

    private static bool Known(string type) => JornadaRecord.TypeNames.Values.Contains(type);

    /// <summary>The close's own fields agree with each other: the turnout it seals adds up to its ballot count.</summary>
    private static string? Sealed(FieldValues close)
    {
        var ballots = close.Int("ballotCount") ?? 0;
        var byColonia = close.Sum("turnout.colonia.");
        var byDelegacion = close.Sum("turnout.delegacion.");
        if (byColonia != ballots || byDelegacion != ballots)
            return $"El cierre sella {ballots} boletas y una participación de {byColonia} personas por colonia y {byDelegacion} por delegación: " +
                   "cada persona que votó dejó una boleta, así que deben coincidir.";
        return null;
    }

    private static SealDisagreement? AgainstSeal(ExportedSeal seal, (string Hash, long Position, FieldValues Fields) c, string? title)
    {
        if (seal.RecordHash is { } recordHash && !string.Equals(recordHash, c.Hash, StringComparison.OrdinalIgnoreCase))
            return new($"El sello dice que el cierre del registro tiene el hash {recordHash}; el recalculado es {c.Hash}.",
                "el hash del cierre del registro", recordHash, c.Hash);
        if (seal.RecordPosition is { } position && position != c.Position)
            return new($"El sello dice que el cierre es el evento {position} del registro; en el registro recalculado es el {c.Position}.",
                "la posición del cierre en el registro", position.ToString(CultureInfo.InvariantCulture), c.Position.ToString(CultureInfo.InvariantCulture));
        // What the verifiers print as the Jornada verified, and who closed it when: a retitled seal was shown as the
        // Jornada's name, and one re-saved in another encoding printed «Participaci�n» (an outside auditor's).
        if (title is not null && seal.Title != title)
            return new($"El sello dice que la Jornada se llama «{seal.Title}»; su creación en el registro dice «{title}».",
                "el nombre de la Jornada", $"«{seal.Title}»", $"«{title}»", "el registro");
        if (c.Fields.Text("closedBy") is { } closedBy && seal.ClosedBy != closedBy)
            return new($"El sello dice que cerró la votación {seal.ClosedBy}; el cierre del registro dice {closedBy}.",
                "quien cerró la votación", seal.ClosedBy, closedBy);
        if (c.Fields.Text("closedAt") is { } closedAt
            && DateTimeOffset.TryParse(closedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at != seal.ClosedAt)
        {
            var (inSeal, inRecord) = ($"{seal.ClosedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} (UTC)", $"{at.UtcDateTime:yyyy-MM-dd HH:mm:ss} (UTC)");
            return new($"El sello dice que la votación cerró el {inSeal}; el cierre del registro dice {inRecord}.", "la hora del cierre", inSeal, inRecord);
        }
        var ballots = SealedBallots(c.Fields);
        if (c.Fields.Int("ballotCount") != seal.BallotCount)
            return new($"El cierre del registro sella {c.Fields.Int("ballotCount")} boletas; el sello exportado dice {seal.BallotCount}.",
                "el número de boletas", seal.BallotCount.ToString(CultureInfo.InvariantCulture), ballots.BallotCount.ToString(CultureInfo.InvariantCulture));
        if (!string.Equals(c.Fields.Text("finalHash"), seal.FinalHash, StringComparison.OrdinalIgnoreCase))
            return new($"El cierre del registro sella el hash final {c.Fields.Text("finalHash")}; el sello exportado dice {seal.FinalHash}.",
                "el hash final de las boletas", seal.FinalHash, ballots.FinalHash);
        SealDisagreement Counts(string reason) => new(reason, "el cómputo", Tally(seal.Counts), Tally(ballots.Counts));
        // The close seals a count for each option on the ballot, zero included: a seal naming another option, or missing
        // one, is not the close's (a seal with "C": 0 added was called intact by the page and garbled by verify).
        foreach (var (option, count) in seal.Counts)
        {
            if (c.Fields.Int($"counts.{CanonicalFields.Percent(option)}") is not { } closed)
                return Counts($"El sello exportado trae la opción {option}, que el cierre del registro no tiene.");
            if (closed != count)
                return Counts($"El cierre del registro da {closed} votos a la opción {option}; el sello exportado dice {count}.");
        }
        foreach (var option in c.Fields.Keys("counts.").Where(o => !seal.Counts.ContainsKey(o)))
            return Counts($"El cierre del registro da {c.Fields.Int($"counts.{CanonicalFields.Percent(option)}")} votos a la opción {option}, que el sello exportado no trae.");
        return null;
    }

    /// <summary>
    /// What a Jornada's record can hold, in order: the lifecycle (created, opened, closed, certified, published, each
    /// once), what is only possible before opening, the countersignatures a kiosk registered while open or an early
    /// close needs, and a certification of the sealed hash.
    /// </summary>
    private sealed class Rules
    {
        private readonly Dictionary<string, (string Action, string? KioskId, string RequestedBy, string Status, string? KioskName, string? KioskLocation)> _requests =
            new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _kiosks = new(StringComparer.Ordinal); // registered, configured, authorized, closed
        private bool _created, _ofProcess, _opened, _closed, _certified, _published, _withdrawn;
        private string? _votingClosesAt, _sealedHash;
        private Dictionary<string, string> _options = new(StringComparer.Ordinal); // the ballot's options as last set: id → title
        private Outcome? _sealedOutcome;

        public IReadOnlyCollection<string> Kiosks => _kiosks.Keys;

        public bool OnlineVoting { get; private set; }

        public string? Check(long position, string type, FieldValues f)
        {
            if (position == 1 && type != "jornada_created") return "el registro de una Jornada empieza con su creación.";
            if (_withdrawn) return "la Jornada ya estaba retirada: después de su retiro el registro no admite nada más.";
            switch (type)
            {
                case "jornada_created":
                    if (_created) return "la Jornada ya estaba creada.";
                    _created = true;
                    _votingClosesAt = f.Raw("votingClosesAt");
                    _ofProcess = f.Raw("processId") is not null;
                    return null;
                case "jornada_called_again":
                    if (position != 2) return "que la Jornada se convoca de nuevo se anota justo después de su creación.";
                    return _ofProcess ? null : "solo la Jornada de un proceso se convoca de nuevo.";
                case "ballot_options_set" or "voter_roll_loaded" or "online_channel_enabled":
                    if (_opened) return "eso solo se hace antes de abrir la votación.";
                    OnlineVoting |= type == "online_channel_enabled";
                    if (type == "ballot_options_set")
                        _options = Enumerable.Range(1, (int)Math.Clamp(f.Int("options") ?? 0, 0, 1000))
                            .Select(k => (Id: f.Text($"options.{k}.id"), Title: f.Text($"options.{k}.title")))
                            .Where(o => o.Id is not null)
                            .DistinctBy(o => o.Id)
                            .ToDictionary(o => o.Id!, o => o.Title ?? "", StringComparer.Ordinal);
                    return null;
                case "kiosk_registered":
                    if (_closed) return "la votación ya estaba cerrada.";
                    _kiosks.TryAdd(f.Text("kioskId") ?? "", "registered");
                    if (!_opened) return null;
                    return Use(f.Text("countersignature"), "RegisterKiosk", f.Text("kioskId"),
                        "con la votación abierta, registrar un kiosco requiere la contrafirma del IEEQ otorgada para ese kiosco.", f.Text("name"), f.Text("location"));
                case "kiosk_activated":
                {
                    var kiosk = f.Text("kioskId") ?? "";
                    if (_closed) return "la votación ya estaba cerrada.";
                    if (!_kiosks.TryGetValue(kiosk, out var state)) return "ese kiosco no estaba registrado.";
                    if (state == "closed") return "ese kiosco ya estaba cerrado.";
                    if (state is "configured" or "authorized") return "ese kiosco ya estaba configurado: su enlace sirve una sola vez.";
                    _kiosks[kiosk] = "configured";
                    return null;
                }
                case "kiosk_authorized":
                {
                    var kiosk = f.Text("kioskId") ?? "";
                    if (_closed) return "la votación ya estaba cerrada.";
                    if (!_kiosks.TryGetValue(kiosk, out var state) || state == "registered") return "ese kiosco no estaba configurado.";
                    if (state == "closed") return "ese kiosco ya estaba cerrado.";
                    if (state == "authorized") return "ese kiosco ya estaba autorizado.";
                    _kiosks[kiosk] = "authorized";
                    return null;
                }
                case "kiosk_closed":
                    if (_closed) return "la votación ya estaba cerrada.";
                    _kiosks[f.Text("kioskId") ?? ""] = "closed";
                    return null;
                case "voting_codes_issued" or "voting_code_reissued":
                    return _closed ? "la votación ya estaba cerrada." : null;
                case "countersignature_requested":
                    if (!_opened || _closed) return "una contrafirma se solicita con la votación abierta.";
                    _requests[f.Text("requestId") ?? ""] = (f.Text("action") ?? "", f.Text("kioskId"), f.Text("requestedBy") ?? "", "Requested",
                        f.Text("kioskName"), f.Text("kioskLocation"));
                    return null;
                case "countersignature_withdrawn":
                {
                    if (!_requests.TryGetValue(f.Text("requestId") ?? "", out var request) || request.Status is not ("Requested" or "Granted"))
                        return "no retira una solicitud de contrafirma pendiente u otorgada sin usar.";
                    // The IEEQ withdraws what it gave; a request still waiting it denies (CountersignEndpoint.WithdrawGrant).
                    if (f.Raw("byIeeq") == "true" && request.Status != "Granted")
                        return "el IEEQ retira solo una contrafirma que otorgó y no se usó.";
                    if (_closed) return "la votación ya estaba cerrada.";
                    _requests[f.Text("requestId")!] = request with { Status = "Withdrawn" };
                    return null;
                }
                case "countersignature_granted" or "countersignature_denied":
                {
                    var by = f.Text(type == "countersignature_granted" ? "grantedBy" : "deniedBy");
                    if (!_requests.TryGetValue(f.Text("requestId") ?? "", out var request) || request.Status != "Requested")
                        return "no responde a una solicitud de contrafirma pendiente.";
                    if (_closed) return "la votación ya estaba cerrada.";
                    if (string.Equals(request.RequestedBy, by, StringComparison.OrdinalIgnoreCase))
                        return "quien solicitó la contrafirma no puede resolverla.";
                    _requests[f.Text("requestId")!] = request with { Status = type == "countersignature_granted" ? "Granted" : "Denied" };
                    return null;
                }
                case "jornada_withdrawn":
                    if (_opened) return "una Jornada se retira solo antes de abrir la votación.";
                    if (_ofProcess) return "la Jornada de un proceso no se retira.";
                    _withdrawn = true;
                    return null;
                case "jornada_opened":
                    if (_opened) return "la votación ya estaba abierta.";
                    _opened = true;
                    return null;
                case "jornada_closed":
                    if (!_opened || _closed) return "solo se cierra una vez una votación abierta.";
                    _closed = true;
                    _sealedHash = f.Text("finalHash");
                    _sealedOutcome = Outcome.From(f.Keys("counts.").ToDictionary(o => o, o => f.Int($"counts.{CanonicalFields.Percent(o)}") ?? 0, StringComparer.Ordinal));
                    return string.CompareOrdinal(f.Raw("closedAt"), _votingClosesAt) < 0
                        ? Use(f.Text("countersignature"), "CloseEarly", null,
                            "cerrar antes de que termine el horario de votación requiere la contrafirma del IEEQ.")
                        : null;
                case "tally_certified":
                    if (!_closed || _certified) return "solo se certifica una vez una votación cerrada.";
                    _certified = true;
                    return string.Equals(f.Text("sealHash"), _sealedHash, StringComparison.OrdinalIgnoreCase)
                        ? null
                        : $"certifica el hash {f.Text("sealHash")} y el cierre selló {_sealedHash}.";
                case "chosen_project_published":
                    if (!_certified || _published) return "el proyecto se publica una vez, después de la certificación del IEEQ.";
                    _published = true;
                    return Published(f.Text("optionId"), f.Text("title"));
                default:
                    return null;
            }
        }

        /// <summary>
        /// What is published is the option the sealed count gives the majority, by its title on the ballot: nothing on a
        /// tie or without ballots (PublishChosenProjectEndpoint.Decide). The acta is signed before the publication, so no
        /// noted hash covers it; this rule does.
        /// </summary>
        private string? Published(string? optionId, string? title)
        {
            if (_sealedOutcome is not { Kind: OutcomeKind.Winner, WinnerOptionId: { } winner })
                return _sealedOutcome?.Kind == OutcomeKind.Tie
                    ? "el cierre selló un empate: ningún proyecto resulta elegido y no se publica ninguno."
                    : "el cierre selló una votación sin votos: ningún proyecto resulta elegido y no se publica ninguno.";
            if (optionId != winner)
                return $"publica la opción {optionId} y el cierre selló la mayoría para la opción {winner}.";
            if (_options.TryGetValue(winner, out var onBallot) && title != onBallot)
                return $"publica el título «{title}» y la opción {winner} de la boleta se llama «{onBallot}».";
            return null;
        }

        /// <summary>
        /// The fact uses a granted countersignature for this action (and kiosk), once; a kiosk's with the name and place
        /// the request gave (requests recorded before they were asked fix the id only).
        /// </summary>
        private string? Use(string? requestId, string action, string? kioskId, string required, string? name = null, string? location = null)
        {
            if (requestId is null || !_requests.TryGetValue(requestId, out var request) || request.Status != "Granted" || request.Action != action
                || (kioskId is not null && request.KioskId != kioskId))
                return required;
            if (request.KioskName is not null && (request.KioskName != name || request.KioskLocation != location))
                return "el kiosco se registró con otro nombre o ubicación que los que contrafirmó el IEEQ.";
            _requests[requestId] = request with { Status = "Used" };
            return null;
        }
    }
}

/// <summary>A fact's canonical fields, read back: name → tag and value (README, "Codificación canónica del registro").</summary>
public sealed class FieldValues
{
    private readonly Dictionary<string, (char Tag, string Value)> _fields;

    private FieldValues(Dictionary<string, (char, string)> fields) => _fields = fields;

    /// <summary>Null when the text does not follow the grammar (name=tag:value;…).</summary>
    public static FieldValues? Parse(string text)
    {
        var fields = new Dictionary<string, (char, string)>(StringComparer.Ordinal);
        foreach (var part in text.Length == 0 ? [] : text.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0 || part.Length < equals + 3 || part[equals + 2] != ':' || !"sidtbn".Contains(part[equals + 1])) return null;
            if (!fields.TryAdd(part[..equals], (part[equals + 1], part[(equals + 3)..]))) return null;
        }
        return new FieldValues(fields);
    }

    /// <summary>
    /// The first integer field (name=i:value) whose value is not written as JornadaRecord writes it (ExportNumbers: «03»,
    /// «+3», «3.0» or empty), as written; null when every one is.
    /// </summary>
    public static string? NotCanonicalInt(string text)
    {
        foreach (var part in text.Length == 0 ? [] : text.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals > 0 && part.AsSpan(equals).StartsWith("=i:") && !ExportNumbers.IsCanonicalInteger(part.AsSpan(equals + 3))) return part;
        }
        return null;
    }

    /// <summary>
    /// The first field whose name says the same as an earlier one's, as written both times («counts.A» and «counts.%41»,
    /// both the option A), and what the name says; null when every name is another field's. Parse keeps them apart by
    /// how they are written, Keys reads them as one: a close rebuilt so made verify throw and the page keep either.
    /// </summary>
    public static (string First, string Second, string Name)? Repeated(string text)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Length == 0 ? [] : text.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) continue; // not a field at all: Parse says so
            var written = part[..equals];
            var name = ExportText.Decode(written) ?? written;
            if (!seen.TryAdd(name, written)) return (seen[name], written, name);
        }
        return null;
    }

    /// <summary>
    /// The first field whose name, or whose value if it is a text (s:), is not written as JornadaRecord writes it
    /// (ExportText: «optionId=s:%41» for «optionId=s:A», «%c3%a9», «é», a lone «%»), as written, with the field as the
    /// service writes it when what it says can be read; null when every one is.
    /// </summary>
    public static (string Written, string? Canonical)? NotCanonicalText(string text)
    {
        foreach (var part in text.Length == 0 ? [] : text.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) continue; // not a field at all: Parse says so
            var (name, rest) = (part[..equals], part[(equals + 1)..]);
            var value = rest.StartsWith("s:", StringComparison.Ordinal) ? rest[2..] : null;
            if (ExportText.IsCanonical(name) && (value is null || ExportText.IsCanonical(value))) continue;
            var canonicalName = ExportText.Canonical(name);
            var canonicalValue = value is null ? null : ExportText.Canonical(value);
            return (part, canonicalName is null || (value is not null && canonicalValue is null) ? null
                : $"{canonicalName}={(value is null ? rest : "s:" + canonicalValue)}");
        }
        return null;
    }

    /// <summary>
    /// The first field whose value, if it is an instant, a decimal, a boolean or absent, is not written as JornadaRecord
    /// writes it («t:2020-10-18T13:00:00Z», «d:2400000.00», «b:True», «n:x»), or whose tag is none of the record's, as
    /// written; null when every one is (ExportValues; texts and integers are NotCanonicalText's and NotCanonicalInt's).
    /// </summary>
    public static string? NotCanonicalValue(string text)
    {
        foreach (var part in text.Length == 0 ? [] : text.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals > 0 && !ExportValues.IsCanonical(part[(equals + 1)..])) return part;
        }
        return null;
    }

    /// <summary>The value as written (text still percent-encoded); null when absent.</summary>
    public string? Raw(string name) => _fields.TryGetValue(name, out var f) && f.Tag != 'n' ? f.Value : null;

    public string? Text(string name) => Raw(name) is { } raw ? Uri.UnescapeDataString(raw) : null;

    public long? Int(string name) => Raw(name) is { } raw && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The names of a map's entries (the fields that start with prefix), decoded: "counts." gives the options.</summary>
    public IEnumerable<string> Keys(string prefix) => _fields.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
        .Select(k => Uri.UnescapeDataString(k[prefix.Length..]));

    /// <summary>The sum of the integer fields whose names start with the prefix (a map's values).</summary>
    /// (in decimal: many counts each a long's can add up to more than one holds; then they are not the ballot count, not an overflow.)
    public decimal Sum(string prefix) => _fields.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && f.Value.Tag == 'i')
        .Sum(f => decimal.Parse(f.Value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
}
