namespace GobiernoAbierto.Accounts;

/// <summary>
/// At start, every authenticator secret still sealed the old way (not bound to its account) is sealed again for its
/// account, once (SecondFactor.ResealLegacy): from then on the old kind of seal opens nothing, so a copy of one taken
/// from the database and put on another account no longer signs anyone in. Several instances starting at once: each
/// account's change is decided under its row lock, and the second finds it done.
/// </summary>
public sealed class LegacySealUpgrade(IDocumentStore store, Hosting.StreamWrites writes, SecondFactor secondFactor, TimeProvider clock,
    ILogger<LegacySealUpgrade> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellation)
    {
        IReadOnlyList<Account> accounts;
        await using (var session = store.QuerySession())
            accounts = await session.Query<Account>().Where(a => a.SealedTotpSecret != null).ToListAsync(cancellation);
        var resealed = 0;
        foreach (var account in accounts.Where(a => secondFactor.ResealLegacy(a) is not null))
        {
            await writes.DecideAsync<Account>(account.Id, current => secondFactor.ResealLegacy(current) is { } sealedSecret
                ? Decision.Accept(new SecondFactorResealed(current.Id, sealedSecret, clock.GetUtcNow()))
                : Decision.Accept(), cancellation, exclusive: true);
            resealed++;
        }
        if (resealed > 0)
            log.LogInformation("Se volvió a sellar la clave de autenticación de {Count} cuentas de la consola, ahora ligada a cada cuenta.", resealed);
    }

    public Task StopAsync(CancellationToken cancellation) => Task.CompletedTask;
}
