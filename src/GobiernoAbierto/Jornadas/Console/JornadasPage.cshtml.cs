namespace GobiernoAbierto.Jornadas.Console;

[Accounts.ForRoles(Roles.Staff)]
public sealed class JornadasPage(IDocumentStore store, TimeProvider clock) : Hosting.Console.ConsolePage
{
    public DateTimeOffset ReadAt { get; } = clock.GetUtcNow();

    public IReadOnlyList<Jornada> Jornadas { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        Jornadas = await session.Query<Jornada>().OrderByDescending(j => j.VotingOpensAt).ToListAsync(cancellation);
    }
}
