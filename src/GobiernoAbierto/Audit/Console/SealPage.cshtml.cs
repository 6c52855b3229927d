using GobiernoAbierto.Jornadas;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Audit.Console;

[Accounts.ForRoles(Roles.StaffOrAuditor)]
public sealed class SealPage(IDocumentStore store, Microsoft.Extensions.Options.IOptionsMonitor<Hosting.AuthOptions> credentials) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>Why and when staff withdrew the Jornada before it opened: no opening or close will come (null otherwise).</summary>
    public JornadaWithdrawal? Withdrawal { get; private set; }

    public SealSheet? Sheet { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return NotFound();
        Withdrawal = JornadaWithdrawal.Of(jornada);
        Sheet = await AuditRecords.ReadSealAsync(session, Id, cancellation) is { } seal ? SealSheet.Of(seal, jornada, credentials.CurrentValue.PublicName) : null;
        return Page();
    }
}
