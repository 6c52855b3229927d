using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GobiernoAbierto.Jornadas;

// The Jornada's record (registro): every fact of its stream that is not a ballot or a turnout count, chained by
// SHA-256 the way the ballots are, in a chain of its own. Its canonical encoding is written down in the README
// ("Codificación canónica del registro"); `verify`, the service's own check and wwwroot/js/verificador.js follow it.
//
// Why a second chain and not one chain for the whole stream: ballots leave the sealed urn in mixes, and their chain
// must say nothing about when; interleaving them with timestamped staff actions would date every mix in the export.
// So the ballot chain stays exactly as it was, and the record covers it once, at the close: the jornada_closed entry
// carries the ballot count, the ballot chain's final hash, the count per option and the turnout totals. Before the close
// no record entry mentions the ballot chain's state, for the same reason.

/// <summary>Where a fact sits in its Jornada's record: its position (1, 2, 3…), the previous entry's hash and its own.</summary>
public sealed record RecordLink(long Position, string PreviousHash, string Hash);

/// <summary>
/// A fact of the Jornada's record: every event of its stream but ballots and turnout. Record is set by the decision
/// that produces the fact (Jornada.Record), from the Jornada's record head at that moment.
/// </summary>
public abstract record JornadaRecordEvent
{
    public RecordLink? Record { get; init; }
}

public static class JornadaRecord
{
    /// <summary>First field of every canonical line: a record line can never be read as a ballot line, and a later encoding can be told apart.</summary>
    public const string Version = "registro-v1";

    /// <summary>The "previous hash" of entry 1.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The event type names, as Marten stores them in mt_events.type and as the record export writes them.</summary>
    public static readonly IReadOnlyDictionary<Type, string> TypeNames = new Dictionary<Type, string>
    {
        [typeof(JornadaCreated)] = "jornada_created",
        [typeof(JornadaCalledAgain)] = "jornada_called_again",
        [typeof(BallotOptionsSet)] = "ballot_options_set",
        [typeof(KioskRegistered)] = "kiosk_registered",
        [typeof(KioskActivated)] = "kiosk_activated",
        [typeof(KioskAuthorized)] = "kiosk_authorized",
        [typeof(KioskClosed)] = "kiosk_closed",
        [typeof(VoterRollLoaded)] = "voter_roll_loaded",
        [typeof(OnlineChannelEnabled)] = "online_channel_enabled",
        [typeof(VotingCodesIssued)] = "voting_codes_issued",
        [typeof(VotingCodeReissued)] = "voting_code_reissued",
        [typeof(CountersignatureRequested)] = "countersignature_requested",
        [typeof(CountersignatureGranted)] = "countersignature_granted",
        [typeof(CountersignatureDenied)] = "countersignature_denied",
        [typeof(CountersignatureWithdrawn)] = "countersignature_withdrawn",
        [typeof(JornadaOpened)] = "jornada_opened",
        [typeof(JornadaWithdrawn)] = "jornada_withdrawn",
        [typeof(JornadaClosed)] = "jornada_closed",
        [typeof(TallyCertified)] = "tally_certified",
        [typeof(ChosenProjectPublished)] = "chosen_project_published",
    };

    public static string TypeOf(JornadaRecordEvent e) => TypeNames[e.GetType()];

    /// <summary>
    /// What the IEEQ's desk calls each fact (verificador.js names them alike for the page that checks files offline):
    /// an auditor reads «registro de un kiosco», not its type; a type no Jornada records is quoted as found.
    /// </summary>
    public static string SpanishName(string type) => type switch
    {
        "jornada_created" => "creación de la Jornada",
        "jornada_called_again" => "convocatoria tras la Jornada anterior",
        "ballot_options_set" => "proyectos de la boleta",
        "kiosk_registered" => "registro de un kiosco",
        "kiosk_activated" => "configuración de un kiosco",
        "kiosk_authorized" => "autorización de un kiosco por el IEEQ",
        "kiosk_closed" => "cierre de un kiosco",
        "voter_roll_loaded" => "carga del padrón",
        "online_channel_enabled" => "horario de la votación en línea",
        "voting_codes_issued" => "emisión de los códigos de votación",
        "voting_code_reissued" => "reposición de una carta",
        "countersignature_requested" => "solicitud de contrafirma del IEEQ",
        "countersignature_granted" => "contrafirma otorgada por el IEEQ",
        "countersignature_denied" => "contrafirma negada por el IEEQ",
        "countersignature_withdrawn" => "solicitud de contrafirma retirada",
        "jornada_opened" => "apertura de la votación",
        "jornada_withdrawn" => "retiro de la Jornada",
        "jornada_closed" => "cierre y sello de la votación",
        "tally_certified" => "certificación del cómputo por el IEEQ",
        "chosen_project_published" => "publicación del proyecto elegido",
        _ => $"tipo «{type}»",
    };

    /// <summary>registro-v1|jornadaId|position|type|fields|previousHash: ASCII (so its UTF-8 is itself), no trailing newline.</summary>
    public static string CanonicalLine(Guid jornadaId, long position, string type, string fields, string previousHash) =>
        string.Join('|', Version, jornadaId.ToString("D"), position.ToString(CultureInfo.InvariantCulture), type, fields, previousHash);

    public static string Hash(Guid jornadaId, long position, string type, string fields, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalLine(jornadaId, position, type, fields, previousHash))));

    /// <summary>The first facts of a new Jornada's record, accepted: how a Jornada's stream starts.</summary>
    public static Decision Begin(Guid jornadaId, params IEnumerable<object> events) => Decision.Accept([.. Link(jornadaId, 0, Genesis, events)]);

    /// <summary>
    /// The events with each fact of the record linked after the record's current <paramref name="head"/> (which has
    /// <paramref name="length"/> entries), in order. Ballots and turnout pass through unchanged: they are not in the record.
    /// </summary>
    public static IReadOnlyList<object> Link(Guid jornadaId, long length, string head, IEnumerable<object> events)
    {
        var linked = new List<object>();
        foreach (var e in events)
        {
            if (e is not JornadaRecordEvent fact)
            {
                linked.Add(e);
                continue;
            }
            length++;
            var hash = Hash(jornadaId, length, TypeOf(fact), Fields(fact), head);
            linked.Add(fact with { Record = new RecordLink(length, head, hash) });
            head = hash;
        }
        return linked;
    }

    /// <summary>The fact's fields in their canonical order and form (README: one table row per type).</summary>
    public static string Fields(JornadaRecordEvent e)
    {
        var f = new CanonicalFields();
        switch (e)
        {
            case JornadaCreated c:
                f.Text("title", c.Title).Instant("votingOpensAt", c.VotingOpensAt).Instant("votingClosesAt", c.VotingClosesAt)
                    .Text("voterIdKind", c.VoterIdKind.ToString()).Text("processId", c.ProcessId?.ToString("D"))
                    .List("delegaciones", c.Delegaciones, (item, d) => item.Text("id", d.Id).Text("name", d.Name))
                    .List("colonias", c.Colonias, (item, col) => item.Text("id", col.Id).Text("name", col.Name).Text("delegacionId", col.DelegacionId))
                    .Text("createdBy", c.CreatedBy).Instant("createdAt", c.CreatedAt);
                break;
            case JornadaCalledAgain a:
                f.Text("earlierJornadaId", a.EarlierJornadaId.ToString("D")).Text("earlierOutcome", a.EarlierOutcome)
                    .Int("earlierRecordPosition", a.EarlierRecordPosition).Text("earlierRecordHash", a.EarlierRecordHash)
                    .Text("calledBy", a.CalledBy).Instant("calledAt", a.CalledAt);
                break;
            case BallotOptionsSet o:
                f.List("options", o.Options, (item, option) => item.Text("id", option.Id).Text("title", option.Title)
                        .Text("description", option.Description).Decimal("estimatedCost", option.EstimatedCost)
                        .Text("proposalId", option.ProposalId?.ToString("D")))
                    .Text("source", o.Source).Text("setBy", o.SetBy).Instant("setAt", o.SetAt);
                break;
            case KioskRegistered k:
                f.Text("kioskId", k.KioskId).Text("name", k.Name).Text("location", k.Location).Text("credentialHash", k.CredentialHash)
                    .Text("countersignature", k.Countersignature?.ToString("D")).Text("registeredBy", k.RegisteredBy).Instant("registeredAt", k.RegisteredAt);
                break;
            case KioskActivated k:
                f.Text("kioskId", k.KioskId).Text("credentialHash", k.CredentialHash).Instant("activatedAt", k.ActivatedAt);
                break;
            case KioskAuthorized k:
                f.Text("kioskId", k.KioskId).Text("authorizedBy", k.AuthorizedBy).Instant("authorizedAt", k.AuthorizedAt);
                break;
            case KioskClosed k:
                f.Text("kioskId", k.KioskId).Text("closedBy", k.ClosedBy).Instant("closedAt", k.ClosedAt);
                // Only where recorded, as tally_certified's noted: closes chained before it was asked keep their line and hash.
                if (k.Reason is not null) f.Text("reason", k.Reason);
                break;
            case VoterRollLoaded r:
                f.Int("entries", r.Entries).Text("rollDigest", r.RollDigest).Bool("coloniasFromRoll", r.ColoniasFromRoll)
                    .Text("loadedBy", r.LoadedBy).Instant("loadedAt", r.LoadedAt);
                break;
            case OnlineChannelEnabled o:
                f.Instant("opensAt", o.OpensAt).Instant("closesAt", o.ClosesAt).Text("enabledBy", o.EnabledBy).Instant("enabledAt", o.EnabledAt);
                break;
            case VotingCodesIssued v:
                f.Int("codes", v.Codes).Text("verifiersDigest", v.VerifiersDigest).Text("issuedBy", v.IssuedBy).Instant("issuedAt", v.IssuedAt);
                break;
            case VotingCodeReissued v:
                f.Int("folio", v.Folio).Text("reason", v.Reason).Text("reissuedBy", v.ReissuedBy).Instant("reissuedAt", v.ReissuedAt);
                break;
            case CountersignatureRequested r:
                f.Text("requestId", r.RequestId.ToString("D")).Text("action", r.Action.ToString()).Text("kioskId", r.KioskId)
                    .Text("reason", r.Reason).Text("requestedBy", r.RequestedBy).Instant("requestedAt", r.RequestedAt);
                // Only where recorded (requests chained before the grant fixed name and place keep their line and hash).
                if (r.KioskName is not null) f.Text("kioskName", r.KioskName);
                if (r.KioskLocation is not null) f.Text("kioskLocation", r.KioskLocation);
                break;
            case CountersignatureGranted g:
                f.Text("requestId", g.RequestId.ToString("D")).Text("reason", g.Reason).Text("grantedBy", g.GrantedBy).Instant("grantedAt", g.GrantedAt);
                break;
            case CountersignatureDenied d:
                f.Text("requestId", d.RequestId.ToString("D")).Text("reason", d.Reason).Text("deniedBy", d.DeniedBy).Instant("deniedAt", d.DeniedAt);
                break;
            case CountersignatureWithdrawn w:
                f.Text("requestId", w.RequestId.ToString("D")).Text("reason", w.Reason).Text("withdrawnBy", w.WithdrawnBy).Instant("withdrawnAt", w.WithdrawnAt);
                // Only when the IEEQ withdrew: staff's withdrawals keep the line (and hash) they were always chained with.
                if (w.ByIeeq) f.Bool("byIeeq", true);
                break;
            case JornadaOpened o:
                f.Text("openedBy", o.OpenedBy).Instant("openedAt", o.OpenedAt);
                break;
            case JornadaWithdrawn w:
                f.Text("reason", w.Reason).Text("withdrawnBy", w.WithdrawnBy).Instant("withdrawnAt", w.WithdrawnAt);
                break;
            case JornadaClosed c:
                f.Int("ballotCount", c.Seal.BallotCount).Text("finalHash", c.Seal.FinalHash).Map("counts", c.Seal.Counts)
                    .Map("turnout.colonia", c.Turnout?.ByColonia).Map("turnout.delegacion", c.Turnout?.ByDelegacion)
                    .Text("countersignature", c.Countersignature?.ToString("D")).Text("closedBy", c.ClosedBy).Instant("closedAt", c.ClosedAt);
                break;
            case TallyCertified t:
                f.Text("sealHash", t.SealHash).Text("observations", t.Observations).Text("certifiedBy", t.CertifiedBy).Instant("certifiedAt", t.CertifiedAt);
                // Only where recorded: certifications chained before it was kept keep the line (and hash) they were chained with.
                if (t.Noted is { } noted) f.Text("noted", noted.ToString());
                break;
            case ChosenProjectPublished p:
                f.Text("optionId", p.OptionId).Text("title", p.Title).Text("publishedBy", p.PublishedBy).Instant("publishedAt", p.PublishedAt);
                break;
            default:
                throw new ArgumentException($"{e.GetType().Name} has no canonical encoding in the Jornada's record.", nameof(e));
        }
        return f.ToString();
    }
}

/// <summary>
/// name=tag:value pairs joined by ";", in the order written. Tags: s text (UTF-8, percent-encoded but for A-Z a-z 0-9
/// - . _ ~), i integer, d decimal (plain, no exponent, no trailing zeros), t instant (UTC, 7 decimals), b true/false,
/// n absent. A list writes its count, then each item's fields as name.k.field (k from 1); a map writes name.key per
/// key in ordinal order. Every value is ASCII and holds none of | ; , so a line is unambiguous and fits one CSV column.
/// </summary>
public sealed class CanonicalFields
{
    private readonly StringBuilder _text = new();
    private readonly string _prefix;

    public CanonicalFields() : this("") { }

    private CanonicalFields(string prefix) => _prefix = prefix;

    private CanonicalFields(StringBuilder text, string prefix)
    {
        _text = text;
        _prefix = prefix;
    }

    public CanonicalFields Text(string name, string? value) => value is null ? Absent(name) : Add(name, 's', Percent(value));

    public CanonicalFields Int(string name, long? value) =>
        value is { } v ? Add(name, 'i', v.ToString(CultureInfo.InvariantCulture)) : Absent(name);

    public CanonicalFields Decimal(string name, decimal value) => Add(name, 'd', PlainDecimal(value));

    public CanonicalFields Instant(string name, DateTimeOffset value) =>
        Add(name, 't', value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    public CanonicalFields Bool(string name, bool value) => Add(name, 'b', value ? "true" : "false");

    public CanonicalFields List<T>(string name, IReadOnlyList<T> items, Action<CanonicalFields, T> fields)
    {
        Int(name, items.Count);
        for (var k = 0; k < items.Count; k++)
            fields(new CanonicalFields(_text, $"{_prefix}{name}.{(k + 1).ToString(CultureInfo.InvariantCulture)}."), items[k]);
        return this;
    }

    public CanonicalFields Map(string name, IReadOnlyDictionary<string, long>? values)
    {
        foreach (var key in (values?.Keys ?? []).Order(StringComparer.Ordinal)) Int($"{name}.{Percent(key)}", values![key]);
        return this;
    }

    public override string ToString() => _text.ToString();

    private CanonicalFields Absent(string name) => Add(name, 'n', "");

    private CanonicalFields Add(string name, char tag, string value)
    {
        if (_text.Length > 0) _text.Append(';');
        _text.Append(_prefix).Append(name).Append('=').Append(tag).Append(':').Append(value);
        return this;
    }

    /// <summary>RFC 3986 percent-encoding of the UTF-8 bytes, upper-case hex; only unreserved characters stay as they are.</summary>
    public static string Percent(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                text.Append((char)b);
            else
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>The shortest plain form of the value: 2400000, 1850000.5, -0.25; the same for 2400000 and 2400000.00.</summary>
    public static string PlainDecimal(decimal value)
    {
        var text = value.ToString("F28", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text is "-0" or "" ? "0" : text;
    }
}
