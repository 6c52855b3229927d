using GobiernoAbierto.Ballots;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Jornadas;

// The Jornada de Participación: its events and the aggregate they build. One event stream per Jornada holds
// everything that happens to it, staff actions and ballots (Ballots.BallotCast) alike, so the ballot chain and the
// seal live in one ordered place. Every event carries the JornadaId (its grouping key) and, for human actions, who
// and when. The lifecycle, in this folder: create, set the options, register and close kiosks, load the roll, open,
// close (seal), certify (IEEQ), publish; while the vote is open, the IEEQ's countersignatures. Every fact but ballots and
// turnout is a JornadaRecordEvent, chained into the Jornada's record by the decision that produces it (JornadaRecord.cs).

/// <remarks>Withdrawn: staff withdrew it before opening (a mistake, a Jornada not to be held); it never votes. Last, so that
/// the stored names of the others keep their order; it is not after Published in time, so never compare statuses by order.</remarks>
public enum JornadaStatus { Preparing, Open, Closed, Certified, Published, Withdrawn }

/// <summary>One of the two public works on the ballot. Id is "A" or "B".</summary>
public sealed record BallotOption(string Id, string Title, string Description, decimal EstimatedCost, Guid? ProposalId = null);

/// <summary>
/// Configured: its device has taken the configuration link (KioskActivated), ConfiguredAt when. A kiosk registered
/// before configuration links existed reads Configured with no date: its one credential is its device's.
/// CredentialHash: the hash of the device's credential it was configured with (a retry of the same is not a second configuration).
/// AwaitsAuthorization: configured, and takes no ballot until the IEEQ, in front of the device, types the Fingerprint its
/// screen shows (KioskAuthorized, AuthorizedAt when). False for kiosks configured before that step existed.
/// </summary>
public sealed record Kiosk(string Id, string Name, string Location, bool Active, bool Configured = true, DateTimeOffset? ConfiguredAt = null,
    string? CredentialHash = null, bool AwaitsAuthorization = false, string? Fingerprint = null, DateTimeOffset? AuthorizedAt = null,
    DateTimeOffset? ClosedAt = null, string? ClosedReason = null, string? ClosedBy = null);

public sealed record OnlineWindow(DateTimeOffset OpensAt, DateTimeOffset ClosesAt);

/// <summary>Every online voting code issued anew (the first letters' download never arrived whole): by whom, when.</summary>
public sealed record CodesIssuedAgain(string By, DateTimeOffset At);

/// <summary>What closing fixes for good: how many ballots, the chain's last hash and the count per option.</summary>
public sealed record JornadaSeal(long BallotCount, string FinalHash, IReadOnlyDictionary<string, long> Counts);

public enum OutcomeKind { Pending, Winner, Tie, NoBallots }

/// <summary>
/// The result once the Jornada is closed. Tie rule: a tie is reported as a tie and nothing is published; the
/// service never breaks it (no coin toss, no "first to reach"): the municipality must call a new Jornada.
/// </summary>
public sealed record Outcome(OutcomeKind Kind, string? WinnerOptionId)
{
    public static readonly Outcome Pending = new(OutcomeKind.Pending, null);

    public static Outcome From(IReadOnlyDictionary<string, long> counts)
    {
        var total = counts.Values.Sum();
        if (total == 0) return new(OutcomeKind.NoBallots, null);
        var top = counts.Values.Max();
        var leaders = counts.Where(c => c.Value == top).Select(c => c.Key).ToList();
        return leaders.Count == 1 ? new(OutcomeKind.Winner, leaders[0]) : new(OutcomeKind.Tie, null);
    }
}

public sealed record JornadaCreated(
    Guid JornadaId, string Title, DateTimeOffset VotingOpensAt, DateTimeOffset VotingClosesAt, VoterIdKind VoterIdKind,
    IReadOnlyList<Delegacion> Delegaciones, IReadOnlyList<Colonia> Colonias, Guid? ProcessId,
    string CreatedBy, DateTimeOffset CreatedAt) : JornadaRecordEvent;

/// <summary>
/// A process's Jornada called because the one before it could not choose a project (CallNewJornada): which Jornada, why
/// (EarlierOutcome: tally_tied, no_ballots, window_lapsed) and where its record stood when this one was called (the
/// position and hash of its last fact), so this Jornada's record is chained to the earlier one's. Fact 2 of the record.
/// </summary>
public sealed record JornadaCalledAgain(Guid JornadaId, Guid EarlierJornadaId, string EarlierOutcome, long EarlierRecordPosition,
    string EarlierRecordHash, string CalledBy, DateTimeOffset CalledAt) : JornadaRecordEvent;

/// <summary>Source says where the options came from: "staff" (set by hand) or "shortlist" (the work tables).</summary>
public sealed record BallotOptionsSet(Guid JornadaId, IReadOnlyList<BallotOption> Options, string Source, string SetBy, DateTimeOffset SetAt)
    : JornadaRecordEvent;

/// <summary>
/// CredentialHash is the keyed hash (VoterKeys.KioskLinkHash) of the kiosk's configuration link's token; the token itself is shown once and never stored.
/// It casts no ballot: the device that opens the link exchanges it, once, for its own credential (KioskActivated).
/// Countersignature: the IEEQ's countersignature (its request id) that let staff register it while the vote was open.
/// </summary>
public sealed record KioskRegistered(Guid JornadaId, string KioskId, string Name, string Location, string CredentialHash,
    string RegisteredBy, DateTimeOffset RegisteredAt, Guid? Countersignature = null) : JornadaRecordEvent;

/// <summary>
/// The kiosk's device opened its configuration link and got its own credential in exchange: CredentialHash is the keyed
/// hash (VoterKeys.KioskDeviceHash) of that credential, the only one that casts this kiosk's ballots. Once per kiosk; the link is spent. Whoever saw the link
/// (staff who registered the kiosk) never sees this credential. NeedsAuthorization: the kiosk then waits for the IEEQ's
/// KioskAuthorized, which needs Fingerprint (KioskFingerprint.Of the credential); both null/false in configurations
/// stored before that step existed. Neither is in the record's line: the fingerprint must be read on the device, not
/// worked out from the published record.
/// </summary>
public sealed record KioskActivated(Guid JornadaId, string KioskId, string CredentialHash, DateTimeOffset ActivatedAt,
    bool NeedsAuthorization = false, string? Fingerprint = null) : JornadaRecordEvent;

/// <summary>
/// An IEEQ auditor stood in front of the kiosk's device and typed the fingerprint of its credential that its screen
/// shows (KioskFingerprint): the kiosk that staff registered and configured is a real device where it says it is, and
/// from now on it takes ballots. Once per configured kiosk.
/// </summary>
public sealed record KioskAuthorized(Guid JornadaId, string KioskId, string AuthorizedBy, DateTimeOffset AuthorizedAt) : JornadaRecordEvent;

/// <summary>Staff closed a kiosk: it takes no more ballots. Reason: why, as staff wrote it; null in closes recorded before it was asked.</summary>
public sealed record KioskClosed(Guid JornadaId, string KioskId, string ClosedBy, DateTimeOffset ClosedAt, string? Reason = null) : JornadaRecordEvent;

/// <summary>
/// A roll of eligible voters was loaded; the entries (voter keys) live in the voter_roll table. ColoniasFromRoll: the
/// roll says each person's colonia (a CSV roll), so ballots take it from there and not from what the voter says.
/// </summary>
public sealed record VoterRollLoaded(Guid JornadaId, int Entries, string RollDigest, string LoadedBy, DateTimeOffset LoadedAt,
    bool ColoniasFromRoll = false) : JornadaRecordEvent;

/// <summary>Residents may also vote online, in this window (IECM's model: online in the days before, kiosks on the day).</summary>
public sealed record OnlineChannelEnabled(Guid JornadaId, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string EnabledBy, DateTimeOffset EnabledAt)
    : JornadaRecordEvent;

/// <summary>
/// The credential authority issued one online voting code per roll entry. The service keeps only their verifiers;
/// VerifiersDigest (SHA-256 over them, sorted) lets an auditor confirm later that none was added or changed.
/// Again: every code issued anew before online voting opened (the first letters' download did not finish), each
/// earlier code revoked; not in the record's line, where a second issue speaks for itself.
/// </summary>
public sealed record VotingCodesIssued(Guid JornadaId, int Codes, string VerifiersDigest, string IssuedBy, DateTimeOffset IssuedAt, bool Again = false)
    : JornadaRecordEvent;

/// <summary>One person's letter was issued again (lost, never arrived); the earlier code no longer works.</summary>
public sealed record VotingCodeReissued(Guid JornadaId, int? Folio, string Reason, string ReissuedBy, DateTimeOffset ReissuedAt)
    : JornadaRecordEvent;

public sealed record JornadaOpened(Guid JornadaId, string OpenedBy, DateTimeOffset OpenedAt) : JornadaRecordEvent;

/// <summary>
/// Staff withdrew a Jornada outside the Plan de Acción before its voting opened (created by mistake, or not to be held), saying
/// why: the record's last fact; it takes no ballot and leaves the public lists, and its page says it was withdrawn and why.
/// </summary>
public sealed record JornadaWithdrawn(Guid JornadaId, string Reason, string WithdrawnBy, DateTimeOffset WithdrawnAt) : JornadaRecordEvent;

/// <summary>
/// The close seals the ballot chain (Seal) and the turnout the group commits recorded (per colonia and delegación; it adds up
/// to the ballot count). Countersignature: the IEEQ's, when staff closed before the window ended.
/// </summary>
public sealed record JornadaClosed(Guid JornadaId, JornadaSeal Seal, string ClosedBy, DateTimeOffset ClosedAt,
    TurnoutTotals? Turnout = null, Guid? Countersignature = null) : JornadaRecordEvent;

/// <summary>How many people took part, per colonia and per delegación, as the TurnoutRecorded events of the stream add up.</summary>
public sealed record TurnoutTotals(IReadOnlyDictionary<string, long> ByColonia, IReadOnlyDictionary<string, long> ByDelegacion);

/// <param name="Noted">
/// Which hash the auditor typed back and the service found equal: the sello del registro or the ballots' final hash.
/// Null in certifications recorded before it was kept, which say only what was certified (SealHash).
/// </param>
public sealed record TallyCertified(Guid JornadaId, string SealHash, string CertifiedBy, string? Observations, DateTimeOffset CertifiedAt,
    NotedHashKind? Noted = null) : JornadaRecordEvent;

/// <summary>The two hashes an IEEQ auditor may note at the close and type back to certify.</summary>
public enum NotedHashKind { RecordSeal, FinalHash }

public sealed record ChosenProjectPublished(Guid JornadaId, string OptionId, string Title, string PublishedBy, DateTimeOffset PublishedAt)
    : JornadaRecordEvent;

/// <summary>What needs two parties while the vote is open (README, "Contrafirma del IEEQ").</summary>
public enum CountersignedAction { RegisterKiosk, CloseEarly }

/// <summary>
/// Staff ask the IEEQ to countersign an action, saying why. KioskId, KioskName, KioskLocation: the kiosk to register
/// (RegisterKiosk only), which the grant then fixes whole: registered under another name or place it is refused. Name and
/// place are null in requests recorded before they were asked (their grant fixes the id only).
/// </summary>
public sealed record CountersignatureRequested(Guid JornadaId, Guid RequestId, CountersignedAction Action, string? KioskId, string Reason,
    string RequestedBy, DateTimeOffset RequestedAt, string? KioskName = null, string? KioskLocation = null) : JornadaRecordEvent;

/// <summary>An IEEQ auditor countersigned the request, saying why; staff may then do that action once.</summary>
public sealed record CountersignatureGranted(Guid JornadaId, Guid RequestId, string Reason, string GrantedBy, DateTimeOffset GrantedAt)
    : JornadaRecordEvent;

/// <summary>An IEEQ auditor refused to countersign, saying why.</summary>
public sealed record CountersignatureDenied(Guid JornadaId, Guid RequestId, string Reason, string DeniedBy, DateTimeOffset DeniedAt)
    : JornadaRecordEvent;

/// <summary>
/// Staff withdrew a request not used yet, saying why: a pending one the IEEQ no longer has to answer, or a grant nobody
/// will use (the kiosk goes elsewhere, the close is no longer needed). Or, ByIeeq, an IEEQ auditor withdrew a grant not
/// used yet (given by mistake, or the situation changed). It countersigns nothing from then on.
/// </summary>
/// <param name="ByIeeq">
/// Withdrawn by the IEEQ (through its own endpoint, as an auditor), not by staff: a person's name alone does not say in
/// which capacity they acted. False in withdrawals recorded before the IEEQ could withdraw.
/// </param>
public sealed record CountersignatureWithdrawn(Guid JornadaId, Guid RequestId, string Reason, string WithdrawnBy, DateTimeOffset WithdrawnAt,
    bool ByIeeq = false) : JornadaRecordEvent;

public enum CountersignatureStatus { Requested, Granted, Denied, Used, Withdrawn }

/// <summary>A countersignature request and where it stands: who asked and why, who decided and why.</summary>
public sealed record Countersignature(Guid RequestId, CountersignedAction Action, string? KioskId, string Reason, string RequestedBy,
    DateTimeOffset RequestedAt, CountersignatureStatus Status, string? DecidedBy = null, string? DecisionReason = null, DateTimeOffset? DecidedAt = null,
    string? KioskName = null, string? KioskLocation = null, string? WithdrawnBy = null, string? WithdrawalReason = null, DateTimeOffset? WithdrawnAt = null,
    bool WithdrawnByIeeq = false)
{
    /// <summary>
    /// How long a grant may wait to be used. The IEEQ countersigns an act for the reason given at that moment (a kiosk now,
    /// a close because of the rain): a grant kept unused for the afternoon let staff close hours later, for another
    /// reason, under a countersignature given for the first.
    /// </summary>
    public static readonly TimeSpan GrantLifetime = TimeSpan.FromHours(2);

    /// <summary>When a grant stops countersigning, unused; null for anything not granted.</summary>
    public DateTimeOffset? GrantExpiresAt => Status == CountersignatureStatus.Granted && DecidedAt is { } at ? at + GrantLifetime : null;

    public bool ExpiredAt(DateTimeOffset now) => GrantExpiresAt <= now;

    /// <summary>A request staff could still use or the IEEQ still has to answer.</summary>
    public bool PendingAt(DateTimeOffset now) => Status == CountersignatureStatus.Requested || Status == CountersignatureStatus.Granted && !ExpiredAt(now);
}

/// <summary>The write model: what the rules need to decide. Kept as an inline snapshot, so loading it is one row.</summary>
public sealed record Jornada
{
    public const string NotFoundMessage = "No existe una Jornada con ese identificador.";
    public static readonly Rejection NotFound = Rejection.NotFound("una Jornada con ese identificador");

    public Guid Id { get; init; }
    public int Version { get; init; }
    public string Title { get; init; } = "";
    public Guid? ProcessId { get; init; }
    /// <summary>The Jornada of the same process this one was called after, when it was (JornadaCalledAgain).</summary>
    public Guid? EarlierJornadaId { get; init; }
    public JornadaStatus Status { get; init; }
    public DateTimeOffset VotingOpensAt { get; init; }
    public DateTimeOffset VotingClosesAt { get; init; }
    public VoterIdKind VoterIdKind { get; init; }
    public Territory.Territory Territory { get; init; } = new([], []);
    public IReadOnlyList<BallotOption> Options { get; init; } = [];
    public IReadOnlyList<Kiosk> Kiosks { get; init; } = [];
    public bool HasVoterRoll { get; init; }
    /// <summary>People on the roll loaded last (0 in a state stored before it was kept: `projections rebuild Jornada`).</summary>
    public int RollSize { get; init; }
    public bool ColoniasFromRoll { get; init; }
    public OnlineWindow? Online { get; init; }
    public bool VotingCodesIssued { get; init; }

    /// <summary>The digest of the codes' last issue (VotingCodesIssued.VerifiersDigest): what issuing them all again must name.</summary>
    public string? VotingCodesDigest { get; init; }

    /// <summary>Who issued every code again, and when (the earlier letters stopped working then); null if nobody did.</summary>
    public CodesIssuedAgain? VotingCodesIssuedAgain { get; init; }
    public long BallotCount { get; init; }
    public string ChainHead { get; init; } = BallotChain.Genesis;
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    /// <summary>Ballots in the chain per channel ("kiosk", "online") and per kiosk: the live tally's breakdowns (JornadaTally.Of).</summary>
    public IReadOnlyDictionary<string, long> ByChannel { get; init; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> ByKiosk { get; init; } = new Dictionary<string, long>();

    public JornadaSeal? Seal { get; init; }
    /// <summary>When the close was recorded (null before it, and for a Jornada stored before this was kept).</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The close, when it came before the planned end of voting (a countersigned early close): pages show it.</summary>
    public DateTimeOffset? ClosedEarlyAt => ClosedAt < VotingClosesAt ? ClosedAt : null;
    /// <summary>The close's hash in the record, the sello del registro the IEEQ notes (null for a Jornada closed before it was kept).</summary>
    public string? RecordSeal { get; init; }
    /// <summary>The opening's hash in the record, the other one the IEEQ notes (null before the opening, or in a view stored before it was kept).</summary>
    public string? OpeningHash { get; init; }
    public string? CertifiedBy { get; init; }
    /// <summary>When the IEEQ certified the count, and when staff published the chosen project (null before, and in a Jornada stored before they were kept).</summary>
    public DateTimeOffset? CertifiedAt { get; init; }
    public string? PublishedOptionId { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Why staff withdrew it, who and when (JornadaWithdrawn); null unless withdrawn.</summary>
    public string? WithdrawalReason { get; init; }
    public string? WithdrawnBy { get; init; }
    public DateTimeOffset? WithdrawnAt { get; init; }

    /// <summary>How many facts the Jornada's record holds, and the hash of the last (JornadaRecord).</summary>
    public long RecordLength { get; init; }
    public string RecordHead { get; init; } = JornadaRecord.Genesis;

    /// <summary>Turnout so far, from the group commits' TurnoutRecorded events; the close seals it.</summary>
    public IReadOnlyDictionary<string, long> TurnoutByColonia { get; init; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> TurnoutByDelegacion { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<Countersignature> Countersignatures { get; init; } = [];

    public Kiosk? FindKiosk(string? id) => Kiosks.FirstOrDefault(k => k.Id == id);

    public Countersignature? FindCountersignature(Guid requestId) => Countersignatures.FirstOrDefault(c => c.RequestId == requestId);

    /// <summary>The IEEQ's countersignature granted for this action (and kiosk), not used yet and not expired, if any.</summary>
    public Countersignature? GrantFor(CountersignedAction action, DateTimeOffset now, string? kioskId = null) => Countersignatures.FirstOrDefault(c =>
        c.Status == CountersignatureStatus.Granted && !c.ExpiredAt(now) && c.Action == action
        && (action != CountersignedAction.RegisterKiosk || c.KioskId == kioskId));

    /// <summary>
    /// Accepts these events, each fact of the record linked after the record's current head (ballots pass unlinked):
    /// how every Jornada decision accepts, so the record is chained by the decision itself, whoever calls it.
    /// </summary>
    public Decision Record(params IEnumerable<object> events) => Decision.Accept([.. JornadaRecord.Link(Id, RecordLength, RecordHead, events)]);
    public BallotOption? FindOption(string? id) => Options.FirstOrDefault(o => string.Equals(o.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the Jornada takes ballots of this channel at this instant: open, and inside the channel's window (the
    /// kiosks' is the Jornada's; online has its own, and only once staff enable it); if not, why.
    /// </summary>
    public Rejection? CheckOpen(DateTimeOffset now, BallotChannel channel = BallotChannel.Kiosk)
    {
        if (Status == JornadaStatus.Preparing)
        {
            // Never opened and its hours over (it can no longer be opened, OpenJornada), or online voting's own over:
            // no ballot will ever be taken on this channel, and a kiosk or a resident waiting for the opening is told so.
            var lapsedAt = now >= VotingClosesAt ? VotingClosesAt
                : channel == BallotChannel.Online && Online is { } lapsedOnline && now >= lapsedOnline.ClosesAt ? lapsedOnline.ClosesAt
                : (DateTimeOffset?)null;
            return lapsedAt is { } at
                ? new("jornada_not_open", "La votación no se abrió",
                    $"La votación de «{Title}» no se abrió y su periodo de votación{(at == VotingClosesAt ? "" : " en línea")} terminó el {QueretaroTime.Format(at)} (hora del centro de México): no se recibirán votos.")
                : new("jornada_not_open", "La Jornada aún no abre",
                    $"La votación de «{Title}» todavía no ha sido abierta por el personal municipal.");
        }
        if (Status == JornadaStatus.Withdrawn) return WithdrawnRefusal();
        if (Status != JornadaStatus.Open)
            return new("jornada_closed", "La Jornada ya cerró",
                $"La votación de «{Title}» ya fue cerrada; no se reciben más votos.");
        if (channel == BallotChannel.Online)
        {
            if (Online is not { } online)
                return new("online_voting_disabled", "Esta Jornada se vota en kiosco",
                    $"«{Title}» solo recibe votos en los kioscos, con {(VoterIdKind == VoterIdKind.Curp ? "su CURP" : "su credencial del INE")} a la vista; no hay votación en línea.",
                    StatusCodes.Status403Forbidden);
            if (now < online.OpensAt)
                return new("outside_online_window", "Fuera del horario de votación en línea",
                    $"La votación en línea abre el {QueretaroTime.Format(online.OpensAt)} (hora del centro de México).");
            if (now >= online.ClosesAt)
                return new("outside_online_window", "Fuera del horario de votación en línea",
                    $"La votación en línea terminó el {QueretaroTime.Format(online.ClosesAt)} (hora del centro de México).");
            return null;
        }
        if (now < VotingOpensAt || now >= VotingClosesAt)
            return new("outside_voting_window", "Fuera del horario de votación",
                $"Solo se reciben votos del {QueretaroTime.Format(VotingOpensAt)} al {QueretaroTime.Format(VotingClosesAt)} (hora del centro de México).");
        return null;
    }

    /// <summary>Said to whatever would change, open or vote in a withdrawn Jornada.</summary>
    /// <remarks>A method, not a property: the serializer would write a property into the snapshot every commit rewrites.</remarks>
    public Rejection WithdrawnRefusal() => new("jornada_withdrawn", "La Jornada se retiró",
        $"«{Title}» se retiró antes de abrir la votación{(WithdrawalReason is { } why ? $" (motivo: {why})" : "")}: no habrá votación.");

    public static Jornada Create(JornadaCreated e) => new Jornada
    {
        Id = e.JornadaId,
        Title = e.Title,
        ProcessId = e.ProcessId,
        Status = JornadaStatus.Preparing,
        VotingOpensAt = e.VotingOpensAt,
        VotingClosesAt = e.VotingClosesAt,
        VoterIdKind = e.VoterIdKind,
        Territory = new Territory.Territory(e.Delegaciones, e.Colonias),
    }.Recorded(e);

    public Jornada Apply(JornadaCalledAgain e) => Recorded(e) with { EarlierJornadaId = e.EarlierJornadaId };

    public Jornada Apply(BallotOptionsSet e) => Recorded(e) with
    {
        Options = e.Options,
        Counts = e.Options.ToDictionary(o => o.Id, _ => 0L),
    };

    public Jornada Apply(KioskRegistered e) => Recorded(e).Used(e.Countersignature) with
    {
        Kiosks = [.. Kiosks, new Kiosk(e.KioskId, e.Name, e.Location, true, Configured: false)],
    };

    public Jornada Apply(KioskActivated e) => Recorded(e) with
    {
        Kiosks = Kiosks.Select(k => k.Id == e.KioskId
            ? k with { Configured = true, ConfiguredAt = e.ActivatedAt, CredentialHash = e.CredentialHash,
                AwaitsAuthorization = e.NeedsAuthorization, Fingerprint = e.Fingerprint }
            : k).ToList(),
    };

    public Jornada Apply(KioskAuthorized e) => Recorded(e) with
    {
        Kiosks = Kiosks.Select(k => k.Id == e.KioskId ? k with { AwaitsAuthorization = false, AuthorizedAt = e.AuthorizedAt } : k).ToList(),
    };

    public Jornada Apply(KioskClosed e) => Recorded(e) with
    {
        Kiosks = Kiosks.Select(k => k.Id == e.KioskId ? k with { Active = false, ClosedAt = e.ClosedAt, ClosedReason = e.Reason, ClosedBy = e.ClosedBy } : k).ToList(),
    };

    public Jornada Apply(VoterRollLoaded e) => Recorded(e) with { HasVoterRoll = true, RollSize = e.Entries, ColoniasFromRoll = e.ColoniasFromRoll };

    public Jornada Apply(OnlineChannelEnabled e) => Recorded(e) with { Online = new OnlineWindow(e.OpensAt, e.ClosesAt) };

    public Jornada Apply(VotingCodesIssued e) => Recorded(e) with
    {
        VotingCodesIssued = true, VotingCodesDigest = e.VerifiersDigest,
        VotingCodesIssuedAgain = e.Again ? new CodesIssuedAgain(e.IssuedBy, e.IssuedAt) : VotingCodesIssuedAgain,
    };

    public Jornada Apply(VotingCodeReissued e) => Recorded(e);

    public Jornada Apply(CountersignatureRequested e) => Recorded(e) with
    {
        Countersignatures = [.. Countersignatures, new Countersignature(e.RequestId, e.Action, e.KioskId, e.Reason, e.RequestedBy, e.RequestedAt,
            CountersignatureStatus.Requested, KioskName: e.KioskName, KioskLocation: e.KioskLocation)],
    };

    public Jornada Apply(CountersignatureGranted e) => Recorded(e).Decided(e.RequestId, CountersignatureStatus.Granted, e.GrantedBy, e.Reason, e.GrantedAt);

    public Jornada Apply(CountersignatureDenied e) => Recorded(e).Decided(e.RequestId, CountersignatureStatus.Denied, e.DeniedBy, e.Reason, e.DeniedAt);

    public Jornada Apply(CountersignatureWithdrawn e) => Recorded(e) with
    {
        Countersignatures = Countersignatures.Select(c => c.RequestId == e.RequestId
            ? c with { Status = CountersignatureStatus.Withdrawn, WithdrawnBy = e.WithdrawnBy, WithdrawalReason = e.Reason, WithdrawnAt = e.WithdrawnAt,
                WithdrawnByIeeq = e.ByIeeq }
            : c).ToList(),
    };

    public Jornada Apply(JornadaOpened e) => Recorded(e) with { Status = JornadaStatus.Open, OpeningHash = e.Record?.Hash };

    public Jornada Apply(BallotCast e) => this with
    {
        BallotCount = e.Position,
        ChainHead = e.Hash,
        Counts = Increment(Counts, e.OptionId),
        ByChannel = Increment(ByChannel, e.Channel.Code()),
        ByKiosk = e.KioskId is null ? ByKiosk : Increment(ByKiosk, e.KioskId),
    };

    public Jornada Apply(TurnoutRecorded e) => this with
    {
        TurnoutByColonia = Add(TurnoutByColonia, e.ByColonia),
        TurnoutByDelegacion = Add(TurnoutByDelegacion, e.ByDelegacion),
    };

    public Jornada Apply(JornadaClosed e) => Recorded(e).Used(e.Countersignature) with { Status = JornadaStatus.Closed, Seal = e.Seal, RecordSeal = e.Record?.Hash, ClosedAt = e.ClosedAt };

    public Jornada Apply(TallyCertified e) => Recorded(e) with { Status = JornadaStatus.Certified, CertifiedBy = e.CertifiedBy, CertifiedAt = e.CertifiedAt };

    public Jornada Apply(JornadaWithdrawn e) => Recorded(e) with
    {
        Status = JornadaStatus.Withdrawn, WithdrawalReason = e.Reason, WithdrawnBy = e.WithdrawnBy, WithdrawnAt = e.WithdrawnAt,
    };

    public Jornada Apply(ChosenProjectPublished e) => Recorded(e) with { Status = JornadaStatus.Published, PublishedOptionId = e.OptionId, PublishedAt = e.PublishedAt };

    /// <summary>The record's head moves to this fact. (Not named Apply: Marten must not take it for a handler of every fact.)</summary>
    private Jornada Recorded(JornadaRecordEvent e) =>
        e.Record is { } link ? this with { RecordLength = link.Position, RecordHead = link.Hash } : this;

    private Jornada Used(Guid? countersignature) => countersignature is { } id
        ? this with { Countersignatures = Countersignatures.Select(c => c.RequestId == id ? c with { Status = CountersignatureStatus.Used } : c).ToList() }
        : this;

    private Jornada Decided(Guid requestId, CountersignatureStatus status, string by, string reason, DateTimeOffset at) => this with
    {
        Countersignatures = Countersignatures.Select(c => c.RequestId == requestId
            ? c with { Status = status, DecidedBy = by, DecisionReason = reason, DecidedAt = at }
            : c).ToList(),
    };

    private static Dictionary<string, long> Increment(IReadOnlyDictionary<string, long> counts, string key)
    {
        var copy = new Dictionary<string, long>(counts);
        copy[key] = copy.GetValueOrDefault(key) + 1;
        return copy;
    }

    private static Dictionary<string, long> Add(IReadOnlyDictionary<string, long> totals, IReadOnlyDictionary<string, int> more)
    {
        var sum = new Dictionary<string, long>(totals);
        foreach (var (key, n) in more) sum[key] = sum.GetValueOrDefault(key) + n;
        return sum;
    }
}
