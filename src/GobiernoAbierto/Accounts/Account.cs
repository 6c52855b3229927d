namespace GobiernoAbierto.Accounts;

// A person's account for the consoles: municipal staff, IEEQ auditors, the credential authority, the committee's
// Secretaría Técnica, and the administrators who manage accounts. Kiosks and automation keep their bearer tokens.

/// <summary>
/// An administrator made the account. The person activates it with the one-time activation code (only its hash is
/// kept) before ActivationExpiresAt, choosing their password and enrolling their authenticator app.
/// </summary>
public sealed record AccountCreated(Guid AccountId, string UserName, string DisplayName, string Role, string ActivationHash,
    DateTimeOffset ActivationExpiresAt, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>
/// The person chose a password (kept as ASP.NET Core Identity's PasswordHasher hash) and proved their authenticator app
/// with a first code. The TOTP secret is sealed with a key derived from the server secret (SecondFactorSecrets), so the
/// database alone does not hold a working second factor.
/// </summary>
public sealed record AccountActivated(Guid AccountId, string PasswordHash, string SealedTotpSecret, long TotpStep, DateTimeOffset ActivatedAt);

/// <summary>
/// A sign-in with the right password and a fresh code; TotpStep is the code's time step, never accepted again.
/// DeviceHash names the browser it came from by the new cookie it was given (KnownDevice): from then on that browser
/// signs in past a lock that attempts from other browsers set. PreviousDeviceHash: the cookie it brought, when that was
/// one of the account's browsers (it is replaced). Both null in sign-ins recorded before browsers were remembered.
/// </summary>
/// <remarks>AddressKey: the network of a sign-in from a browser the person never used (SignInFailed.AddressKey); null
/// from a known browser, and in sign-ins recorded before addresses were counted.</remarks>
public sealed record SignedIn(Guid AccountId, long TotpStep, DateTimeOffset SignedInAt, string? DeviceHash = null, string? PreviousDeviceHash = null,
    string? AddressKey = null);

/// <summary>
/// The person signed out of the session that began at SessionSignedInAt: its cookie opens nothing any more, even a copy
/// of it (a shared computer, a cookie taken from the browser). Their other sessions go on.
/// </summary>
public sealed record SignedOut(Guid AccountId, DateTimeOffset SessionSignedInAt, DateTimeOffset SignedOutAt);

/// <summary>
/// A wrong password or code for an existing account; five in a row lock it for 15 minutes, counted apart for each browser
/// the person signed in from before (KnownDeviceHash) and, for all others, for each client address (AddressKey: an HMAC
/// of the address under the server secret, so the record keeps no readable address), so that someone who knows a user
/// name locks out only their own address from browsers the person never used, and someone at one of hers only that one.
/// Failures from browsers she never used, at any address, also count together against a wider ceiling
/// (Account.NewDeviceFailuresBeforeLockout in a quarter hour) that stops guessing spread over many addresses.
/// AddressKey is null in failures recorded before addresses were counted: those count as one address.
/// </summary>
public sealed record SignInFailed(Guid AccountId, DateTimeOffset FailedAt, string? KnownDeviceHash = null, string? AddressKey = null);

/// <summary>An administrator gave the person a new activation code (lost phone, forgotten password): the old password and second factor stop working.</summary>
public sealed record ActivationReissued(Guid AccountId, string ActivationHash, DateTimeOffset ActivationExpiresAt, string ReissuedBy,
    DateTimeOffset ReissuedAt);

/// <summary>
/// An IEEQ auditor (GiverAccountId; null: the server's operator, `accounts ieeq-code`) gave the person of an account of
/// the IEEQ's roles, in person, the second code it takes to activate it (only its hash is kept; IeeqCode): the
/// administration's activation code alone no longer activates such an account.
/// </summary>
public sealed record IeeqCodeGiven(Guid AccountId, string CodeHash, DateTimeOffset ExpiresAt, string GivenBy, Guid? GiverAccountId, DateTimeOffset GivenAt);

/// <summary>An administrator disabled the account: its sessions end at their next request and it cannot sign in again.</summary>
public sealed record AccountDisabled(Guid AccountId, string Reason, string DisabledBy, DateTimeOffset DisabledAt);

public enum AccountStatus { AwaitingActivation, Active, Disabled }

/// <summary>Why a console session ended, as the sign-in page then says it (AccountChanged: its role, or the account gone).</summary>
public enum SessionEnd { Disabled, NewActivation, LongestSession, SignedOut, AccountChanged }

/// <summary>The write model and the console's view of an account; an inline snapshot, unique by user name.</summary>
public sealed record Account
{
    public const int FailuresBeforeLockout = 5;
    /// <summary>
    /// Failures from browsers the person never used, at any address, within LockoutDuration, that lock every such browser:
    /// five addresses' worth, so one address alone never gets there (its own lock stops it at five), while guessing
    /// spread over many addresses still meets a ceiling.
    /// </summary>
    public const int NewDeviceFailuresBeforeLockout = 25;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MaxKnownDevices = 10;

    public Guid Id { get; init; }
    public int Version { get; init; }
    public string UserName { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public string? PasswordHash { get; init; }
    public string? SealedTotpSecret { get; init; }
    public long LastTotpStep { get; init; }
    public string? ActivationHash { get; init; }
    public DateTimeOffset ActivationExpiresAt { get; init; }
    /// <summary>
    /// Failures in a row from browsers the person never signed in from, recorded with no address (before addresses were
    /// counted): anyone who knows the user name could add to them.
    /// </summary>
    public FailureCount NewDeviceFailures { get; init; } = new();
    /// <summary>Failures in a row from browsers the person never signed in from, for each client address (its key); only
    /// addresses that failed in the last LockoutDuration are kept.</summary>
    public IReadOnlyList<AddressFailures> NewDeviceAddresses { get; init; } = [];
    /// <summary>When the latest failures from browsers the person never used, at any address, happened: those within
    /// LockoutDuration of the latest, at most NewDeviceFailuresBeforeLockout.</summary>
    public IReadOnlyList<DateTimeOffset> RecentNewDeviceFailures { get; init; } = [];
    /// <summary>The browsers the person signed in from, each with its own failures; the latest last, at most MaxKnownDevices.</summary>
    public IReadOnlyList<KnownBrowser> KnownDevices { get; init; } = [];
    public DateTimeOffset? LastSignInAt { get; init; }
    public bool Disabled { get; init; }
    /// <summary>Who disabled it, when and why (null in an account stored before they were kept, until `projections rebuild`).</summary>
    public string? DisabledBy { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
    public string? DisabledReason { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Who gave it its latest new activation code, and when (null: never): the IEEQ's desk shows it for its roles' accounts.</summary>
    public string? ActivationReissuedBy { get; init; }
    public DateTimeOffset? ActivationReissuedAt { get; init; }
    /// <summary>The IEEQ's code for its activation, while it waits for one (IeeqCode), and who gave it, when.</summary>
    public string? IeeqCodeHash { get; init; }
    public DateTimeOffset IeeqCodeExpiresAt { get; init; }
    public string? IeeqCodeGivenBy { get; init; }
    public DateTimeOffset? IeeqCodeGivenAt { get; init; }

    public AccountStatus Status => Disabled ? AccountStatus.Disabled
        : PasswordHash is null ? AccountStatus.AwaitingActivation
        : AccountStatus.Active;

    /// <summary>How events this person causes name them: the audit log's "who".</summary>
    public string Actor => ActorOf(DisplayName, UserName);

    /// <summary>How an account signs what it does in the record and the audit log.</summary>
    public static string ActorOf(string displayName, string userName) => $"{displayName} ({userName})";

    /// <summary>
    /// Who did it, as public pages name them: an account's display name without the console login that Actor adds for
    /// the audit log (a login on a public page is half of what signing in takes). Other actors (API keys, the sample's
    /// "IEEQ (datos de ejemplo)") stay as they are.
    /// </summary>
    public static string PublicName(string actor)
    {
        var open = actor.LastIndexOf(" (", StringComparison.Ordinal);
        return open > 0 && actor.EndsWith(')') && CreateAccountValidator.UserNamePattern().IsMatch(actor.AsSpan(open + 2, actor.Length - open - 3))
            ? actor[..open]
            : actor;
    }

    /// <summary>The failures that count against a sign-in from this browser (null: a browser not remembered) at this
    /// address (its key; null: not known).</summary>
    public FailureCount FailuresFor(string? deviceHash, string? addressKey = null) => KnownBrowserOf(deviceHash)?.Failures
        ?? (addressKey is null ? NewDeviceFailures : NewDeviceAddresses.FirstOrDefault(a => a.Key == addressKey)?.Failures ?? new());

    /// <summary>Until when failures spread over many addresses lock every browser the person never used, if they do.</summary>
    public DateTimeOffset? NewDevicesLockedUntil =>
        RecentNewDeviceFailures.Count >= NewDeviceFailuresBeforeLockout ? RecentNewDeviceFailures[^1] + LockoutDuration : null;

    /// <summary>
    /// Until when a sign-in from this browser at this address is refused unread, if it is, and whether for every browser
    /// the person never used (the ceiling over all addresses, or failures recorded before addresses were counted, which
    /// locked them all: a lock under way at the upgrade holds) rather than by this browser's or this address's own failures.
    /// </summary>
    public (DateTimeOffset Until, bool AllAddresses)? LockFor(string? deviceHash, string? addressKey, DateTimeOffset now)
    {
        if (KnownBrowserOf(deviceHash) is null && new[] { NewDevicesLockedUntil, NewDeviceFailures.LockedUntil }.Where(u => u > now).Max() is { } all)
            return (all, true);
        return FailuresFor(deviceHash, addressKey).LockedUntil is { } until && now < until ? (until, false) : null;
    }

    public KnownBrowser? KnownBrowserOf(string? deviceHash) =>
        deviceHash is null ? null : KnownDevices.FirstOrDefault(d => d.Hash == deviceHash);

    public static Account Create(AccountCreated e) => new()
    {
        Id = e.AccountId,
        UserName = e.UserName,
        DisplayName = e.DisplayName,
        Role = e.Role,
        ActivationHash = e.ActivationHash,
        ActivationExpiresAt = e.ActivationExpiresAt,
        CreatedBy = e.CreatedBy,
        CreatedAt = e.CreatedAt,
    };

    public Account Apply(AccountActivated e) => this with
    {
        PasswordHash = e.PasswordHash,
        SealedTotpSecret = e.SealedTotpSecret,
        LastTotpStep = e.TotpStep,
        ActivationHash = null,
        IeeqCodeHash = null,
        NewDeviceFailures = new(),
        NewDeviceAddresses = [],
        RecentNewDeviceFailures = [],
    };

    public Account Apply(SignedIn e) => this with
    {
        LastTotpStep = e.TotpStep,
        // A sign-in from one of her browsers says nothing of the attempts from others: their count stays.
        NewDeviceFailures = KnownBrowserOf(e.PreviousDeviceHash) is null ? new() : NewDeviceFailures,
        // From a new browser she ends the failures in a row of her own network only: another network's (someone trying her
        // user name from the office) stay, and so does its lock. RecentNewDeviceFailures is a ceiling in time: it stays.
        NewDeviceAddresses = KnownBrowserOf(e.PreviousDeviceHash) is not null ? NewDeviceAddresses
            : e.AddressKey is { } network ? [.. NewDeviceAddresses.Where(a => a.Key != network)] : [],
        LastSignInAt = e.SignedInAt,
        KnownDevices = e.DeviceHash is not { } device ? KnownDevices
            : [.. KnownDevices.Where(d => d.Hash != e.PreviousDeviceHash && d.Hash != device).TakeLast(MaxKnownDevices - 1), new KnownBrowser(device, new())],
    };

    /// <summary>
    /// The sessions this person ended by signing out, by the second they began (a code is accepted once, so no two
    /// sessions of an account begin in the same second); kept only as long as such a session could last anyway.
    /// </summary>
    public IReadOnlyList<long> EndedSessions { get; init; } = [];

    /// <summary>
    /// How many times the account was given a new activation code: a session carries the number it began under
    /// (ConsoleSignIn), so a copy of a cookie from before a reissue stays ended after the person activates again.
    /// </summary>
    public int Activations { get; init; }

    /// <summary>Whether a session that began at signedIn, when the account had had that many activations, still opens the console at now.</summary>
    public bool KeepsSession(int activation, DateTimeOffset signedIn, DateTimeOffset now) => WhySessionEnds(activation, signedIn, now) is null;

    /// <summary>Why a session of this account (begun under that activation, at that time) holds no more; null while it holds.</summary>
    public SessionEnd? WhySessionEnds(int activation, DateTimeOffset signedIn, DateTimeOffset now) =>
        Disabled ? SessionEnd.Disabled
        : Status != AccountStatus.Active || activation != Activations ? SessionEnd.NewActivation
        : now - signedIn >= ConsoleSignIn.LongestSession ? SessionEnd.LongestSession
        : EndedSessions.Contains(signedIn.ToUnixTimeSeconds()) ? SessionEnd.SignedOut
        : null;

    public Account Apply(SignedOut e) => this with
    {
        EndedSessions = [.. EndedSessions.Where(s => DateTimeOffset.FromUnixTimeSeconds(s) > e.SignedOutAt - ConsoleSignIn.LongestSession),
            e.SessionSignedInAt.ToUnixTimeSeconds()],
    };

    public Account Apply(SignInFailed e) => KnownBrowserOf(e.KnownDeviceHash) is { } browser
        ? this with { KnownDevices = [.. KnownDevices.Select(d => d == browser ? d with { Failures = d.Failures.After(e.FailedAt) } : d)] }
        : (e.AddressKey is { } address
            ? this with
            {
                // Only addresses that failed within the quarter hour are kept (those are also the only ones that can be locked),
                // so however many addresses someone tries from, the list stays about as short as the ceiling.
                NewDeviceAddresses =
                [
                    .. NewDeviceAddresses.Where(a => a.Key != address && a.Failures.LastAt > e.FailedAt - LockoutDuration),
                    new AddressFailures(address, FailuresFor(null, address).After(e.FailedAt)),
                ],
            }
            : this with { NewDeviceFailures = NewDeviceFailures.After(e.FailedAt) }) with
        {
            RecentNewDeviceFailures = [.. RecentNewDeviceFailures.Where(t => t > e.FailedAt - LockoutDuration).Append(e.FailedAt).TakeLast(NewDeviceFailuresBeforeLockout)],
        };

    public Account Apply(ActivationReissued e) => this with
    {
        PasswordHash = null,
        SealedTotpSecret = null,
        ActivationHash = e.ActivationHash,
        ActivationExpiresAt = e.ActivationExpiresAt,
        ActivationReissuedBy = e.ReissuedBy,
        ActivationReissuedAt = e.ReissuedAt,
        // A new start for the IEEQ's part too: the code it gave before, and who gave it, belong to the old activation.
        IeeqCodeHash = null,
        IeeqCodeGivenBy = null,
        IeeqCodeGivenAt = null,
        NewDeviceFailures = new(),
        NewDeviceAddresses = [],
        RecentNewDeviceFailures = [],
        KnownDevices = [], // a new start (a lost phone, a password someone else may know): no browser keeps a pass
        Activations = Activations + 1,
    };

    public Account Apply(IeeqCodeGiven e) => this with
    {
        IeeqCodeHash = e.CodeHash,
        IeeqCodeExpiresAt = e.ExpiresAt,
        IeeqCodeGivenBy = e.GivenBy,
        IeeqCodeGivenAt = e.GivenAt,
    };

    public Account Apply(AccountDisabled e) => this with
    {
        Disabled = true, ActivationHash = null, IeeqCodeHash = null, DisabledBy = e.DisabledBy, DisabledAt = e.DisabledAt, DisabledReason = e.Reason,
    };
}

/// <summary>A browser the person signed in from (the hash of its KnownDevice cookie) and the failures in a row on it.</summary>
public sealed record KnownBrowser(string Hash, FailureCount Failures);

/// <summary>Failed sign-ins in a row from browsers the person never used, at one client address (its key).</summary>
public sealed record AddressFailures(string Key, FailureCount Failures);

/// <summary>Failed sign-ins in a row from one browser the person used, or from the others at one address (Account.NewDeviceAddresses).</summary>
public sealed record FailureCount(int InARow = 0, DateTimeOffset? LastAt = null)
{
    /// <summary>Until when these failures lock the account, if they do.</summary>
    public DateTimeOffset? LockedUntil => InARow >= Account.FailuresBeforeLockout && LastAt is { } last ? last + Account.LockoutDuration : null;

    // A failure a quarter hour or more after the last starts a new count: after a lockout that ran out, and after four
    // failures long ago (kept, they let a name's fifth try a day later lock it, which the tries on a name no account has,
    // forgotten after a quarter hour, did not: UnknownUserNames).
    public FailureCount After(DateTimeOffset failedAt) => new(LastAt is { } last && failedAt - last >= Account.LockoutDuration ? 1 : InARow + 1, failedAt);
}
