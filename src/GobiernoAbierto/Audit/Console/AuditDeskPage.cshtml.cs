using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Audit.Console;

[Accounts.ForRoles(Roles.Auditor)]
public sealed class AuditDeskPage(IDocumentStore store) : Hosting.Console.ConsolePage
{
    public IReadOnlyList<Jornada> Jornadas { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        Jornadas = await session.Query<Jornada>().OrderByDescending(j => j.VotingOpensAt).ToListAsync(cancellation);
    }
}
