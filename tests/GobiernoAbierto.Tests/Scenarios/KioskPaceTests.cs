using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A kiosk's credential and the lista nominal are all a script needs to vote for everyone who has not voted yet. A kiosk
/// is one screen where a person shows their INE card, chooses and confirms: past a few ballots in a row it takes them
/// at a person's pace (RateLimitedService: three in a row, then one every ten seconds), and staff and the IEEQ see
/// every ballot refused for it.
/// </summary>
public sealed class when_a_kiosk_sends_ballots_faster_than_people_vote(RateLimitedService service) : IClassFixture<RateLimitedService>
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task past_a_few_in_a_row_it_is_refused_with_when_to_send_again_and_the_refused_ballot_is_not_recorded()
    {
        var (id, device) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var (otherId, otherDevice) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow()); // its kiosk is «kiosco-1» too
        for (var i = 0; i < 3; i++) await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(device), id, Voters.UniqueClave()));

        var clave = Voters.UniqueClave();
        var refused = await VotingApi.VoteAsync(_api.Kiosk(device), id, clave);

        var problem = await VotingApi.ExpectProblem(refused, HttpStatusCode.TooManyRequests, "kiosk_pace");
        Assert.Contains("más rápido de lo que vota una persona", problem.GetProperty("detail").GetString());
        Assert.Contains("Este voto no se registró", problem.GetProperty("detail").GetString());
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 11); // ten seconds a ballot, and the limiter's tick
        Assert.Equal(3, (await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/tally"))).TotalBallots);
        // Another Jornada's «kiosco-1» keeps its own pace.
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(otherDevice), otherId, Voters.UniqueClave()));

        // When it said, the same person's ballot goes through: nothing of the refused one was kept.
        await Task.Delay(TimeSpan.FromSeconds(retryAfter));
        Assert.False(string.IsNullOrEmpty(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(device), id, clave))));
        Assert.Equal(4, (await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/tally"))).TotalBallots);
    }

    [Fact]
    public async Task staff_and_the_ieeq_see_each_kiosk_whose_ballots_were_refused_for_their_pace_and_operators_count_them()
    {
        var (id, device) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++) responses.Add(await VotingApi.VoteAsync(_api.Kiosk(device), id, Voters.UniqueClave()));
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        await service.Services.GetRequiredService<KioskPace>().WriteAsync(CancellationToken.None);

        var staff = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        var dashboard = await staff.GetStringAsync($"/consola/jornadas/{id}/tablero");
        Assert.Contains("data-kiosk-pace=\"kiosco-1\"", dashboard);
        Assert.Contains("envió 3 solicitudes de voto más rápido de lo que vota una persona", dashboard);
        Assert.Contains("su credencial pudo copiarse a otro equipo", dashboard);
        // With its day and clock: a Jornada may last days, and «entre las 10:02 y las 10:43» named no day (a reviewer).
        Assert.Matches(@"más rápido de lo que vota una persona el \d{2}/\d{2}/\d{4} (a las \d{2}:\d{2}|entre las \d{2}:\d{2} y las \d{2}:\d{2}) \(hora del centro de México\); se rechazaron",
            System.Net.WebUtility.HtmlDecode(dashboard));

        var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));
        Assert.Contains("envió 3 solicitudes de voto más rápido de lo que vota una persona", await auditor.GetStringAsync($"/consola/auditoria/{id}"));
        // Another Jornada's desk says nothing of it.
        var (otherId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        Assert.DoesNotContain("data-kiosk-pace", await auditor.GetStringAsync($"/consola/auditoria/{otherId}"));

        await Task.Delay(TimeSpan.FromSeconds(1)); // the exporter caches a scrape briefly
        using var scraper = service.Client(ServiceHost.MetricsToken);
        var scrape = Prometheus.Parse(await scraper.GetStringAsync("/metrics"));
        Assert.True(scrape.Value("gobiernoabierto_rate_limited_total", ("policy", "kiosk_pace")) >= 3);
    }

    /// <summary>
    /// A copy of a kiosk's credential could ask the padrón about claves at the checks' per-address rate (60 a minute),
    /// unseen: a list of residents. Its padrón checks now go at a person's pace too (RateLimitedService: three in a row,
    /// then twelve a minute), and staff and the IEEQ see the refused ones beside the kiosk's ballots.
    /// </summary>
    [Fact]
    public async Task a_kiosk_asking_the_padron_faster_than_people_vote_is_refused_and_staff_and_the_ieeq_see_it()
    {
        var (id, device) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(device);
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
            answers.Add(await kiosk.PostAsJsonAsync($"/api/jornadas/{id}/voter-roll-check",
                new GobiernoAbierto.Voting.CheckVoterRoll(Voters.UniqueClave()), VotingApi.Json));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode));
        await VotingApi.ExpectProblem(answers[^1], HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.InRange(int.Parse(answers[^1].Headers.GetValues("Retry-After").Single()), 1, 6); // five seconds a check, and the tick
        // The checks' pace is the kiosk's own: its ballots still go (their own three in a row).
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()));
        await service.Services.GetRequiredService<KioskPace>().WriteAsync(CancellationToken.None);

        var staff = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        var dashboard = await staff.GetStringAsync($"/consola/jornadas/{id}/tablero");
        Assert.Contains("envió 2 consultas del padrón más rápido de lo que vota una persona", dashboard);
        Assert.Contains("su credencial pudo copiarse a otro equipo para leer el padrón", dashboard);
        var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));
        Assert.Contains("envió 2 consultas del padrón más rápido de lo que vota una persona", await auditor.GetStringAsync($"/consola/auditoria/{id}"));

        await Task.Delay(TimeSpan.FromSeconds(1)); // the exporter caches a scrape briefly
        using var scraper = service.Client(ServiceHost.MetricsToken);
        Assert.True(Prometheus.Parse(await scraper.GetStringAsync("/metrics")).Value("gobiernoabierto_rate_limited_total", ("policy", "kiosk_check_pace")) >= 2);
    }
}
