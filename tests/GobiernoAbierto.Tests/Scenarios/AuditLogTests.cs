using System.Net;
using System.Net.Http.Json;
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

/// <summary>
/// A PUT is a state to be in: sent again (a retry after a lost answer) the ballot's options and the online window added a
/// fact to the Jornada's record each time, which the IEEQ then read as one more change.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_put_is_sent_again_unchanged(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_ballot_and_the_online_window_record_one_fact_each()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        var window = new GobiernoAbierto.Jornadas.EnableOnlineVoting(now.AddMinutes(30), now.AddHours(8));
        foreach (var _ in new[] { 1, 2, 3 })
        {
            await _api.SetOptionsAsync(jornada.Id);
            await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting", window, VotingApi.Json), HttpStatusCode.OK);
        }
        // The same instants written in another offset are the same window.
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new GobiernoAbierto.Jornadas.EnableOnlineVoting(window.OpensAt.ToOffset(TimeSpan.FromHours(-6)), window.ClosesAt.ToOffset(TimeSpan.FromHours(-6))),
            VotingApi.Json), HttpStatusCode.OK);

        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var facts = (await session.Events.FetchStreamAsync(jornada.Id)).Select(e => e.Data).ToList();
        Assert.Single(facts.OfType<GobiernoAbierto.Jornadas.BallotOptionsSet>());
        Assert.Single(facts.OfType<GobiernoAbierto.Jornadas.OnlineChannelEnabled>());

        // A change is still one.
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting", window with { ClosesAt = window.ClosesAt.AddMinutes(-30) },
            VotingApi.Json), HttpStatusCode.OK);
        Assert.Equal(2, (await session.Events.FetchStreamAsync(jornada.Id)).Count(e => e.Data is GobiernoAbierto.Jornadas.OnlineChannelEnabled));
    }
}
