using System.Net;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Tests.Support;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The log is written by the async daemon, a moment after the facts: read before that, a Jornada just created answered
/// «No existe una Jornada con ese identificador».
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_the_audit_log_is_read_before_it_caught_up(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task it_says_it_is_catching_up_and_when_to_ask_again_not_that_the_jornada_does_not_exist()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        var store = service.Services.GetRequiredService<IDocumentStore>();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await using (var session = store.LightweightSession())
        {
            session.Delete<AuditLog>(jornada.Id); // as before the daemon's first pass over the Jornada: nothing after it writes one
            await session.SaveChangesAsync();
        }

        var behind = await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/audit/log");

        Assert.Contains("vuelva a consultarla en unos segundos",
            (await VotingApi.ExpectProblem(behind, HttpStatusCode.ServiceUnavailable, "audit_log_catching_up")).GetProperty("detail").GetString(),
            StringComparison.OrdinalIgnoreCase);
        Assert.Equal(TimeSpan.FromSeconds(5), behind.Headers.RetryAfter?.Delta);
        await VotingApi.ExpectProblem(await _api.Auditor.GetAsync($"/api/jornadas/{Guid.NewGuid()}/audit/log"), HttpStatusCode.NotFound, "not_found");
        var caughtUp = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        Assert.Single((await VotingApi.Read<AuditLog>(await _api.Auditor.GetAsync($"/api/jornadas/{caughtUp.Id}/audit/log"))).Entries);
    }
}
