using System.Text.Json.Nodes;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The ballot's list, the results and their links when the kiosks and online voting keep different hours (online may
/// open before the kiosks or after them), as a reviewer read them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_kiosks_and_online_voting_keep_different_hours(ServiceFixture service, ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    private async Task<JornadaDetails> ReadAsync(Guid id) => await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"));

    /// <summary>The service's list of Jornadas, as this tab receives it, holding only these (other tests' are open too).</summary>
    private async Task ListOnlyAsync(ResidentTab tab, params Guid[] ids)
    {
        var list = new JsonArray(JsonNode.Parse(await _api.Anonymous.GetStringAsync("/api/jornadas"))!.AsArray()
            .Where(j => ids.Contains(j!["id"]!.GetValue<Guid>())).Select(j => j!.DeepClone()).ToArray()).ToJsonString();
        await tab.Page.RouteAsync("**/api/jornadas", route => route.FulfillAsync(new() { ContentType = "application/json", Body = list }));
    }

    /// <summary>
    /// The letter's address lists a Jornada whose kiosks take ballots now, its online voting later: it read «Abre el …»,
    /// as if nobody voted in it yet.
    /// </summary>
    [Fact]
    public async Task the_list_of_the_letters_jornadas_says_the_kiosks_take_ballots_while_online_voting_opens_later()
    {
        var created = await _api.ChannelHoursJornadaAsync(kiosksOpenIn: TimeSpan.FromHours(-1), onlineOpensIn: TimeSpan.FromHours(2), onlineClosesIn: TimeSpan.FromHours(6));
        await _api.OpenAsync(created.Id);
        var announced = await _api.AnnouncedOnlineJornadaAsync([Voters.UniqueClave()]);
        try
        {
            var (jornada, later) = (await ReadAsync(created.Id), await ReadAsync(announced.Id));
            Assert.Contains(jornada.Kiosks, k => k.TakesBallots);
            await using var phone = await chromium.PhoneAsync(service);
            await ListOnlyAsync(phone, created.Id, announced.Id);

            await phone.GotoAsync("/votar.html");

            await Expect(phone.Heading("Elija la Jornada")).ToBeVisibleAsync();
            var choices = phone.Page.Locator("[data-panel='pick'] .choice");
            await Expect(choices).ToHaveCountAsync(2);
            await Expect(choices.Filter(new() { HasText = jornada.Title })).ToHaveTextAsync(
                $"{jornada.Title}La votación en línea abre el {QueretaroTime.Format(jornada.Online!.OpensAt)}; " +
                $"ya se vota en un kiosco de su delegación hasta el {QueretaroTime.Format(jornada.VotingClosesAt)} (hora del centro de México)");
            // One whose kiosks take nothing yet still opens then.
            await Expect(choices.Filter(new() { HasText = later.Title })).ToHaveTextAsync(
                $"{later.Title}Abre el {QueretaroTime.Format(later.Online!.OpensAt)} (hora del centro de México)");
            await phone.AxeAsync("votar elija la Jornada: se vota en kiosco, en línea abre después", output);
        }
        finally
        {
            await _api.CloseAsync(created.Id);
        }
    }

    /// <summary>
    /// Before the vote, «abre el …» did not say which channel opens then: online voting first, or the kiosks first (the
    /// other channel's opening said apart).
    /// </summary>
    [Fact]
    public async Task before_the_vote_the_results_say_which_channel_opens_first()
    {
        var kiosksFirst = await _api.ChannelHoursJornadaAsync(kiosksOpenIn: TimeSpan.FromHours(1), onlineOpensIn: TimeSpan.FromHours(3), onlineClosesIn: TimeSpan.FromHours(6));
        var onlineFirst = await _api.ChannelHoursJornadaAsync(kiosksOpenIn: TimeSpan.FromHours(3), onlineOpensIn: TimeSpan.FromHours(1), onlineClosesIn: TimeSpan.FromHours(6));
        var (kiosks, online) = (await ReadAsync(kiosksFirst.Id), await ReadAsync(onlineFirst.Id));
        await using var tab = await chromium.PhoneAsync(service);
        var where = tab.Page.GetByRole(AriaRole.Region, new() { Name = "Dónde votar" });

        await tab.GotoAsync($"/resultados.html?jornada={kiosks.Id}");
        await Expect(where.Locator("[data-fill=not-started]")).ToHaveTextAsync(
            $"La votación aún no empieza: abre en los kioscos el {QueretaroTime.Format(kiosks.VotingOpensAt)} (hora del centro de México).");
        await Expect(where.Locator("[data-fill=online-opens]")).ToHaveTextAsync(
            $"La votación en línea abre el {QueretaroTime.Format(kiosks.Online!.OpensAt)} (hora del centro de México).");
        await Expect(where.Locator("[data-fill=kiosks-open]")).ToBeHiddenAsync(); // the opening said is the kiosks'
        await tab.AxeAsync("resultados antes de la votación: abren primero los kioscos", output);

        await tab.GotoAsync($"/resultados.html?jornada={online.Id}");
        await Expect(where.Locator("[data-fill=not-started]")).ToHaveTextAsync(
            $"La votación aún no empieza: abre en línea el {QueretaroTime.Format(online.Online!.OpensAt)} (hora del centro de México).");
        await Expect(where.Locator("[data-fill=online-opens]")).ToBeHiddenAsync();
        // The kiosks' opening too: only online voting's was said.
        await Expect(where.Locator("[data-fill=kiosks-open]")).ToHaveTextAsync(
            $"La votación en los kioscos abre el {QueretaroTime.Format(online.VotingOpensAt)} (hora del centro de México).");
        await tab.AxeAsync("resultados antes de la votación: abre primero la votación en línea", output);
    }

    /// <summary>
    /// Online voting takes ballots before the kiosks' hours: the results offered «Votar en línea» and did not say when
    /// the kiosks open, for a resident who would rather vote at one.
    /// </summary>
    [Fact]
    public async Task while_online_voting_runs_before_the_kiosks_the_results_say_when_the_kiosks_open()
    {
        var created = await _api.ChannelHoursJornadaAsync(kiosksOpenIn: TimeSpan.FromHours(2), onlineOpensIn: TimeSpan.FromMinutes(5), onlineClosesIn: TimeSpan.FromHours(6));
        await _api.OpenAsync(created.Id);
        await using var tab = await chromium.PhoneAsync(service);
        var where = tab.Page.GetByRole(AriaRole.Region, new() { Name = "Dónde votar" });
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromMinutes(10); // online voting on, the kiosks' hours not begun
        try
        {
            var jornada = await ReadAsync(created.Id);
            Assert.True(jornada.Online!.AcceptingBallots);
            Assert.DoesNotContain(jornada.Kiosks, k => k.TakesBallots);

            await tab.GotoAsync($"/resultados.html?jornada={jornada.Id}");

            await Expect(where.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Votar en línea"]);
            await Expect(where.Locator("[data-fill=not-started]")).ToBeHiddenAsync();
            await Expect(where.Locator("[data-fill=kiosks-open]")).ToHaveTextAsync(
                $"La votación en los kioscos abre el {QueretaroTime.Format(jornada.VotingOpensAt)} (hora del centro de México).");
            await tab.AxeAsync("resultados con la votación en línea abierta y los kioscos por abrir", output);
        }
        finally
        {
            await _api.CloseAsync(created.Id);
            service.Clock.Offset = offset;
        }
    }

    /// <summary>
    /// Online voting first, over before the kiosks' hours begin: residents voted, and the results page shows who took
    /// part, but the link to it read «Ver la Jornada» on the ballot's page and on the home page, as before any vote.
    /// </summary>
    [Fact]
    public async Task between_online_voting_and_the_kiosks_hours_the_results_link_says_the_participation()
    {
        var created = await _api.ChannelHoursJornadaAsync(kiosksOpenIn: TimeSpan.FromHours(2), onlineOpensIn: TimeSpan.FromMinutes(5), onlineClosesIn: TimeSpan.FromHours(1));
        await _api.OpenAsync(created.Id);
        var jornada = await ReadAsync(created.Id);
        await using var phone = await chromium.PhoneAsync(service);
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(1.5); // online voting over, the kiosks' hours not begun
        try
        {
            await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
            await Expect(phone.Heading("La votación en línea terminó")).ToBeVisibleAsync();
            var link = phone.Page.Locator("[data-panel=unavailable] [data-results]");
            await Expect(link).ToHaveTextAsync("Ver la participación");
            await phone.AxeAsync("votar: la votación en línea terminó antes del horario de los kioscos", output);

            await link.ClickAsync();
            await Expect(phone.Page.GetByText("personas han votado.")).ToBeVisibleAsync(); // what the link names

            await phone.GotoAsync("/");
            var card = phone.Page.Locator(".jornada-list li.jornada").Filter(new() { Has = phone.Page.GetByRole(AriaRole.Heading, new() { Name = jornada.Title }) });
            await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Ver la participación" })).ToBeVisibleAsync();
        }
        finally
        {
            await _api.CloseAsync(created.Id);
            service.Clock.Offset = offset;
        }
    }
}
