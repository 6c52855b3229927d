using System.Net;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A console session idles out after 30 minutes. An open dashboard refreshes itself every 20 seconds, and each refresh
/// renewed the session: left open on a shared computer, it stayed signed in for the whole 10 hours, and the desk,
/// countersignatures and certification were a click away (an outside tester's, over 37 minutes in a real browser).
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_dashboard_is_left_open_and_nobody_touches_the_console(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private static HttpRequestMessage Refresh(string page)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Add("Accept", "text/html");
        request.Headers.Add(Accounts.ConsoleSignIn.AutomaticRefreshHeader, "1");
        return request;
    }

    [Fact]
    public async Task its_automatic_refreshes_do_not_keep_the_session_alive_and_what_the_person_does_still_does()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var dashboard = $"/consola/jornadas/{jornadaId}/tablero";
        var left = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        var working = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));

        using (service.Clock.RunAhead(TimeSpan.FromMinutes(20)))
        {
            var refreshed = await left.SendAsync(Refresh(dashboard));
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            Assert.DoesNotContain(refreshed.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("ga_consola=", StringComparison.Ordinal));
            // The person at the other console clicks: their session is renewed, as before.
            var clicked = await working.GetAsync(dashboard);
            Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
            Assert.Contains(clicked.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ga_consola=", StringComparison.Ordinal));
        }
        using (service.Clock.RunAhead(TimeSpan.FromMinutes(31)))
        {
            // 31 minutes after the last thing the person did: the refresh finds the session over, and so does a click.
            var refreshed = await left.SendAsync(Refresh(dashboard));
            Assert.Equal(HttpStatusCode.Redirect, refreshed.StatusCode);
            Assert.StartsWith("/consola/entrar", refreshed.Headers.Location!.PathAndQuery);
            Assert.Equal(HttpStatusCode.Redirect, (await left.GetAsync("/consola")).StatusCode);
            // 11 minutes after the other person's click: still signed in.
            Assert.Equal(HttpStatusCode.OK, (await working.GetAsync(dashboard)).StatusCode);
        }
    }
}
