using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The kiosk's sign of life on the staff dashboard is its session, asked for every 30 s while its welcome screen waits,
/// never during a resident's vote. With a queue, each resident starting before the 30 s came round, a working kiosk
/// went unheard for minutes and the dashboard flagged it «Sin señal»: it checks in as its screen clears after each one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_kiosks_screen_clears_after_a_resident(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task it_checks_in_at_once_and_not_while_the_next_one_votes()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        var checkIns = 0;
        kiosk.Page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/api/kiosk/session", StringComparison.Ordinal)) Interlocked.Increment(ref checkIns);
        };
        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Button("Comenzar")).ToBeVisibleAsync();

        // A resident votes and taps «Terminar»; the next periodic check is 30 s after the kiosk opened, so a check-in within
        // a few seconds of the welcome screen is the one after the resident.
        var before = Volatile.Read(ref checkIns);
        await kiosk.VoteAsync(Voters.UniqueClave(), "Loma Bonita", "Cancha de usos múltiples");
        Assert.Equal(before, Volatile.Read(ref checkIns)); // nothing asked during the vote
        await kiosk.Button("Terminar").TapAsync();
        await Expect(kiosk.Button("Comenzar")).ToBeVisibleAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref checkIns) == before && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(before + 1, Volatile.Read(ref checkIns));

        // The next resident starts at once: the kiosk does not check in while they vote, nor spin re-arming its check.
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await Task.Delay(1_000);
        Assert.Equal(before + 1, Volatile.Read(ref checkIns));
    }
}
