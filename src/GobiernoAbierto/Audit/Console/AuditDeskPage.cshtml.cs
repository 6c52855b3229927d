using GobiernoAbierto.Accounts;
using GobiernoAbierto.Jornadas;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Audit.Console;

[Accounts.ForRoles(Roles.Auditor)]
public sealed class AuditDeskPage(IDocumentStore store, Hosting.StreamWrites writes, SecondFactor secondFactor, TimeProvider clock,
    Microsoft.Extensions.Options.IOptionsMonitor<Hosting.AuthOptions> configured)
    : Hosting.Console.ConsolePage
{
    public IReadOnlyList<Jornada> Jornadas { get; private set; } = [];

    /// <summary>
    /// The accounts that act as the IEEQ (auditors, the credential authority) and those that can make them (account
    /// administration, which the municipality holds): the IEEQ checks that each is one of its people and that no one
    /// gave them a new activation code it did not ask for. Those of the IEEQ's roles activate only with a code given here.
    /// </summary>
    public IReadOnlyList<Account> IeeqAccounts { get; private set; } = [];

    /// <summary>
    /// Credentials of the service's configuration (Auth:Keys) with a role of the IEEQ's: whoever runs the server sets them,
    /// with no code of the IEEQ and no second factor, and they act as the IEEQ all the same. Their names and roles, never a token.
    /// </summary>
    public IReadOnlyList<Hosting.ApiKey> IeeqKeys => configured.CurrentValue.Keys
        .Where(k => IeeqRoles.Contains(k.Role) && (!string.IsNullOrEmpty(k.Token) || !string.IsNullOrEmpty(k.TokenSha256))).OrderBy(k => Array.IndexOf(IeeqRoles, k.Role)).ThenBy(k => k.Name, StringComparer.CurrentCulture).ToList();

    public static readonly string[] IeeqRoles = [Roles.Auditor, Roles.CredentialAuthority, Roles.Administrator];

    /// <summary>
    /// Staff and committee accounts, with who created each and who gave it a new activation code: whoever activates one
    /// signs as its person, and these roles need no IEEQ code. An administrator could so act as a staff member (open,
    /// close, publish) with the person's name in the record, by a new code (an outside tester's) or a new account (the red
    /// team's), unseen by the person and the IEEQ. Listed here, the latest created or given a new code first.
    /// </summary>
    public IReadOnlyList<Account> Others { get; private set; } = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Accounts of the IEEQ's roles not activated yet: their person gets the IEEQ's code here.</summary>
    public IEnumerable<Account> ToActivate => IeeqAccounts.Where(a => a.Status == AccountStatus.AwaitingActivation && IeeqCode.Needed(a.Role));

    /// <summary>The account whose person is given the IEEQ's code, and the box that says they are here, identified.</summary>
    [BindProperty] public Guid AccountId { get; set; }
    [BindProperty] public bool PersonPresent { get; set; }
    /// <summary>When that account's last IEEQ code was given, as the desk saw it (ManageAccountRules.Stamp).</summary>
    [BindProperty] public string? LastCodeGiven { get; set; }

    /// <summary>The IEEQ's code just given, shown this once.</summary>
    public sealed record IeeqCodeSheet(string DisplayName, string UserName, string Code, DateTimeOffset ExpiresAt);
    public IeeqCodeSheet? Given { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation);

    public async Task<IActionResult> OnPostGiveCodeAsync(CancellationToken cancellation)
    {
        if (!PersonPresent)
        {
            await LoadAsync(cancellation);
            OnlyError("PersonPresent", "Confirme que la persona está aquí y que comprobó su identificación: el código se da solo a ella, en persona.");
            return Page();
        }
        var refusal = await writes.DecideAsync<Account>(AccountId, account =>
        {
            if (ManageAccountRules.GivenSinceThePageOpened(LastCodeGiven, account.IeeqCodeGivenAt, account.IeeqCodeGivenBy, "un código del IEEQ", Actor)
                is { } already)
                return already;
            var now = clock.GetUtcNow();
            var (code, hash) = secondFactor.NewCode(IeeqCode.Purpose, account.Id, account.Role, now + CreateAccountRules.ActivationLifetime);
            var decision = IeeqCode.Give(account, hash, User.AccountId(), Actor, now);
            if (decision.Accepted)
                Given = new IeeqCodeSheet(account.DisplayName, account.UserName, code, ((IeeqCodeGiven)decision.Events[0]).ExpiresAt);
            return decision;
        }, cancellation, exclusive: true);
        await LoadAsync(cancellation);
        return refusal is null ? Page() : Refuse(refusal);
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        Jornadas = await session.Query<Jornada>().OrderByDescending(j => j.VotingOpensAt).ToListAsync(cancellation);
        var accounts = await session.Query<Account>().ToListAsync(cancellation);
        IeeqAccounts = accounts.Where(a => IeeqRoles.Contains(a.Role)).OrderBy(a => Array.IndexOf(IeeqRoles, a.Role)).ThenBy(a => a.CreatedAt).ToList();
        Others = StaffAndCommittee(accounts);
        return true;
    }

    /// <summary>The accounts not of the IEEQ's roles, the latest created or given a new activation code first.</summary>
    public static IReadOnlyList<Account> StaffAndCommittee(IEnumerable<Account> accounts) => accounts.Where(a => !IeeqRoles.Contains(a.Role))
        .OrderByDescending(a => a.ActivationReissuedAt is { } reissued && reissued > a.CreatedAt ? reissued : a.CreatedAt).ToList();
}
