using GobiernoAbierto.Accounts;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Audit.Console;

[Accounts.ForRoles(Roles.Auditor)]
public sealed class AuditDeskPage(IDocumentStore store) : Hosting.Console.ConsolePage
{
    public IReadOnlyList<Jornada> Jornadas { get; private set; } = [];

    /// <summary>
    /// The accounts that act as the IEEQ (auditors, the credential authority) and those that can make them (account
    /// administration, which the municipality holds): the IEEQ checks that each is one of its people and that no one
    /// gave them a new activation code it did not ask for, since whoever activates an account acts in its name.
    /// </summary>
    public IReadOnlyList<Account> IeeqAccounts { get; private set; } = [];

    public static readonly string[] IeeqRoles = [Roles.Auditor, Roles.CredentialAuthority, Roles.Administrator];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        Jornadas = await session.Query<Jornada>().OrderByDescending(j => j.VotingOpensAt).ToListAsync(cancellation);
        IeeqAccounts = (await session.Query<Account>().Where(a => a.Role.IsOneOf(IeeqRoles)).ToListAsync(cancellation))
            .OrderBy(a => Array.IndexOf(IeeqRoles, a.Role)).ThenBy(a => a.CreatedAt).ToList();
    }
}
