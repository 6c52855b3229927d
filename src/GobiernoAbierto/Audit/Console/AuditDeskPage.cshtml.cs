using GobiernoAbierto.Accounts;
using GobiernoAbierto.Jornadas;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Audit.Console;

[Accounts.ForRoles(Roles.Auditor)]
public sealed class AuditDeskPage(IDocumentStore store, Hosting.StreamWrites writes, SecondFactor secondFactor, TimeProvider clock)
    : Hosting.Console.ConsolePage
{
    public IReadOnlyList<Jornada> Jornadas { get; private set; } = [];

    /// <summary>
    /// The accounts that act as the IEEQ (auditors, the credential authority) and those that can make them (account
    /// administration, which the municipality holds): the IEEQ checks that each is one of its people and that no one
    /// gave them a new activation code it did not ask for. Those of the IEEQ's roles sign in only once approved here.
    /// </summary>
    public IReadOnlyList<Account> IeeqAccounts { get; private set; } = [];

    public static readonly string[] IeeqRoles = [Roles.Auditor, Roles.CredentialAuthority, Roles.Administrator];

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The account being approved and the code its person's app shows now, typed by the auditor in front of them.</summary>
    [BindProperty] public Guid ApproveId { get; set; }
    [BindProperty] public string? PersonsCode { get; set; }

    public async Task OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation);

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken cancellation)
    {
        var approved = "";
        var refusal = await writes.DecideAsync<Account>(ApproveId, account =>
        {
            approved = $"{account.DisplayName} ({account.UserName})";
            return IeeqApproval.Approve(account, secondFactor.CodeOf(account, PersonsCode), User.AccountId(), Actor, clock.GetUtcNow());
        }, cancellation, exclusive: true);
        return await AnswerAsync(refusal, $"Se aprobó la cuenta de {approved}: ya puede entrar a la consola, con el código siguiente de su aplicación (el que escribió aquí ya se usó).", cancellation,
            field: refusal == IeeqApproval.WrongCode ? "PersonsCode" : null);
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        Jornadas = await session.Query<Jornada>().OrderByDescending(j => j.VotingOpensAt).ToListAsync(cancellation);
        IeeqAccounts = (await session.Query<Account>().Where(a => a.Role.IsOneOf(IeeqRoles)).ToListAsync(cancellation))
            .OrderBy(a => Array.IndexOf(IeeqRoles, a.Role)).ThenBy(a => a.CreatedAt).ToList();
        return true;
    }
}
