using GobiernoAbierto.Jornadas;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Audit.Console;

/// <summary>The opening's hash on a sheet to print and sign, as the seal is at the close.</summary>
[Accounts.ForRoles(Roles.StaffOrAuditor)]
public sealed class OpeningPage(IDocumentStore store, Microsoft.Extensions.Options.IOptionsMonitor<Hosting.AuthOptions> credentials) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>Why and when staff withdrew the Jornada before it opened: no opening or close will come (null otherwise).</summary>
    public JornadaWithdrawal? Withdrawal { get; private set; }

    public OpeningSheet? Sheet { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return NotFound();
        Withdrawal = JornadaWithdrawal.Of(jornada);
        Sheet = await OpeningSheet.ReadAsync(session, jornada, credentials.CurrentValue.PublicName, cancellation);
        return Page();
    }
}
