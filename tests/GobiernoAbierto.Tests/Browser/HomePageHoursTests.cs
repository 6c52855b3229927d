using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The home page's cards and kiosks around each channel's hours, as a reviewer read them: «Votar en línea» before online
/// voting opened, the zone said twice on one line, and no kiosk's place before the kiosks' hours.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_residents_read_the_home_page_around_the_hours(ServiceFixture service, ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    /// <summary>Every Jornada id a «Votar en línea» of a card was ever drawn for, even for a moment.</summary>
    private const string WatchOnlineButtons = """
        window.offeredOnline = [];
        new MutationObserver(records => {
          for (const node of records.flatMap(r => [...r.addedNodes]).filter(n => n.nodeType === Node.ELEMENT_NODE))
            for (const link of [node, ...node.querySelectorAll('*')].filter(e => e.matches('[data-vote-online]')))
              window.offeredOnline.push(link.getAttribute('data-vote-online'));
        }).observe(document, { childList: true, subtree: true });
        """;

    /// <summary>Kiosks' hours chosen here; online voting in its own window, its letters issued (kiosk-1 set up when kiosk is true).</summary>
    private Task<JornadaDetails> JornadaAsync(TimeSpan kiosksOpenIn, TimeSpan onlineOpensIn, TimeSpan onlineClosesIn, bool kiosk = true) =>
        _api.ChannelHoursJornadaAsync(kiosksOpenIn, onlineOpensIn, onlineClosesIn, kiosk);

    private async Task<JornadaDetails> ReadAsync(Guid id) => await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"));

    private static ILocator Card(ResidentTab tab, string title) =>
        tab.Page.Locator(".jornada-list li.jornada").Filter(new() { Has = tab.Page.GetByRole(AriaRole.Heading, new() { Name = title }) });

    /// <summary>Kiosks from an hour ago, online from two hours on: the card offered «Votar en línea», which refused.</summary>
    [Fact]
    public async Task while_only_the_kiosks_take_ballots_the_card_says_when_online_voting_opens_and_points_to_them()
    {
        var created = await JornadaAsync(kiosksOpenIn: TimeSpan.FromHours(-1), onlineOpensIn: TimeSpan.FromHours(2), onlineClosesIn: TimeSpan.FromHours(6));
        await _api.OpenAsync(created.Id);
        try
        {
            var jornada = await ReadAsync(created.Id);
            await using var desk = await chromium.DesktopAsync(service);

            await desk.GotoAsync("/");

            var card = Card(desk, jornada.Title);
            await Expect(card.Locator("[data-online-opens]")).ToHaveTextAsync(
                $"La votación en línea abre el {QueretaroTime.Format(jornada.Online!.OpensAt)} (hora del centro de México); mientras tanto, se vota en los kioscos de esta página.");
            await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Votar en línea" })).ToHaveCountAsync(0);
            await Expect(card.GetByRole(AriaRole.Link, new() { Name = "los kioscos de esta página" })).ToHaveAttributeAsync("href", "#kioscos");
            await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Ver la participación" })).ToBeVisibleAsync();
            // There, the kiosk taking ballots now, as before.
            await Expect(desk.Page.Locator("[data-kiosks] li:not([data-kiosk-hours])").Filter(new() { HasText = jornada.Title })).ToHaveCountAsync(1);
            await desk.AxeAsync("inicio: se vota en kiosco y la votación en línea abre después", output);
        }
        finally
        {
            await _api.CloseAsync(created.Id);
        }
    }

    /// <summary>
    /// Opened before any hours: the card said «La votación empieza el … (hora del centro de México) · del … al … (hora del
    /// centro de México)» beside «Votar en línea», and the kiosks' section only their hours, not where they are.
    /// </summary>
    [Fact]
    public async Task before_any_hours_the_card_says_the_zone_once_and_the_kiosks_where_they_will_be()
    {
        var created = await JornadaAsync(kiosksOpenIn: TimeSpan.FromMinutes(30), onlineOpensIn: TimeSpan.FromHours(1), onlineClosesIn: TimeSpan.FromHours(6));
        await _api.RegisterKioskLinkAsync(created.Id, "kiosco-7"); // not yet set up on its device: still where it will be
        await _api.RegisterKioskLinkAsync(created.Id, "kiosco-8");
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{created.Id}/kiosks/kiosco-8/close",
            new CloseKiosk("La sede no abrirá."), VotingApi.Json), HttpStatusCode.OK);
        await _api.OpenAsync(created.Id);
        var now = service.Clock.GetUtcNow();
        var announced = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromDays(1), closesIn: TimeSpan.FromDays(1) + TimeSpan.FromHours(8)));
        await _api.RegisterKioskLinkAsync(announced.Id, "kiosco-3");
        try
        {
            var jornada = await ReadAsync(created.Id);
            await using var desk = await chromium.DesktopAsync(service);

            await desk.GotoAsync("/");

            var card = Card(desk, jornada.Title);
            var (opens, closes) = (QueretaroTime.Format(jornada.VotingOpensAt), QueretaroTime.Format(jornada.VotingClosesAt));
            var line = card.Locator("p").First;
            await Expect(line).ToHaveTextAsync($"La votación empieza el {opens} (hora del centro de México) · del {opens} al {closes}");
            Assert.Single(Regex.Matches(await line.InnerTextAsync(), "hora del centro de México"));
            await Expect(card.Locator("[data-online-opens]")).ToHaveTextAsync(
                $"La votación en línea abre el {QueretaroTime.Format(jornada.Online!.OpensAt)} (hora del centro de México).");
            await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Votar en línea" })).ToHaveCountAsync(0);
            await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Ver la Jornada" })).ToBeVisibleAsync();

            // Where and when, as the letters promise: each kiosk staff keep, with its place; not the one they closed.
            var hours = desk.Page.Locator("[data-kiosk-hours]").Filter(new() { HasText = jornada.Title });
            await Expect(hours).ToContainTextAsync($"Se vota en kiosco del {opens} al {closes} (hora del centro de México), en estos lugares:");
            var places = hours.Locator("[data-kiosk-place]");
            await Expect(places).ToHaveCountAsync(2);
            foreach (var name in new[] { "Kiosco kiosco-1", "Kiosco kiosco-7" })
                await Expect(places.Filter(new() { HasText = name })).ToContainTextAsync("Oficinas de la delegación");
            await Expect(places.Filter(new() { HasText = "Kiosco kiosco-8" })).ToHaveCountAsync(0);
            await Expect(desk.Page.Locator("[data-kiosks] li:not([data-kiosk-hours]):not([data-kiosk-place])").Filter(new() { HasText = jornada.Title }))
                .ToHaveCountAsync(0); // none is said to take ballots yet
            // A Jornada still in preparation, its hours tomorrow: its kiosk's place too.
            await Expect(desk.Page.Locator("[data-kiosk-hours]").Filter(new() { HasText = announced.Title }).Locator("[data-kiosk-place]"))
                .ToContainTextAsync("Kiosco kiosco-3");
            await desk.AxeAsync("inicio: antes del horario", output);
        }
        finally
        {
            await _api.CloseAsync(created.Id);
        }
    }

    /// <summary>
    /// Online only, its online voting over while the Jornada's hours go on: the card's own lines must not contradict a
    /// label that says voting ended: no «Votar en línea» (it was drawn until the Jornada's details came), no kiosk.
    /// </summary>
    [Fact]
    public async Task an_online_only_jornada_whose_online_voting_ended_offers_no_vote_at_all()
    {
        var created = await JornadaAsync(kiosksOpenIn: TimeSpan.FromHours(-1), onlineOpensIn: TimeSpan.FromMinutes(1), onlineClosesIn: TimeSpan.FromHours(1), kiosk: false);
        await _api.OpenAsync(created.Id);
        var jornada = await ReadAsync(created.Id);
        await using var desk = await chromium.DesktopAsync(service);
        await desk.Page.AddInitScriptAsync(WatchOnlineButtons);
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(1.5);
        try
        {
            await desk.GotoAsync("/");

            var card = Card(desk, jornada.Title);
            await Expect(card.Locator("[data-online-ended]")).ToHaveTextAsync(
                $"La votación en línea terminó el {QueretaroTime.Format(jornada.Online!.ClosesAt)} (hora del centro de México).");
            await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Votar en línea" })).ToHaveCountAsync(0);
            // Over with its online hours, and its hours are those (the Jornada's window ran on past them).
            await Expect(card).ToContainTextAsync($"Terminó el horario de votación · en línea del {QueretaroTime.Format(jornada.Online.OpensAt)} " +
                $"al {QueretaroTime.Format(jornada.Online.ClosesAt)} (hora del centro de México)");
            Assert.DoesNotContain(jornada.Id.ToString(), await desk.Page.EvaluateAsync<string[]>("() => window.offeredOnline"));
            await Expect(card).Not.ToContainTextAsync("kiosco");
            await Expect(desk.Page.Locator("[data-kiosks] li").Filter(new() { HasText = jornada.Title })).ToHaveCountAsync(0);
            await desk.AxeAsync("inicio: solo en línea, su votación en línea terminó", output);
        }
        finally
        {
            service.Clock.Offset = offset;
            await _api.CloseAsync(created.Id);
        }
    }

    /// <summary>
    /// Still being prepared, at kiosks and online: its card said only the kiosks' hours, and nothing of when online voting
    /// opens (the letters send residents here).
    /// </summary>
    [Fact]
    public async Task a_jornada_being_prepared_says_on_its_card_when_online_voting_opens()
    {
        var created = await JornadaAsync(kiosksOpenIn: TimeSpan.FromHours(3), onlineOpensIn: TimeSpan.FromHours(1), onlineClosesIn: TimeSpan.FromHours(6));
        var jornada = await ReadAsync(created.Id);
        await using var desk = await chromium.DesktopAsync(service);

        await desk.GotoAsync("/");

        var card = Card(desk, jornada.Title);
        await Expect(card.Locator("p").First).ToHaveTextAsync(
            $"En preparación · del {QueretaroTime.Format(jornada.VotingOpensAt)} al {QueretaroTime.Format(jornada.VotingClosesAt)} (hora del centro de México)");
        await Expect(card.Locator("[data-online-opens]")).ToHaveTextAsync(
            $"La votación en línea abre el {QueretaroTime.Format(jornada.Online!.OpensAt)} (hora del centro de México).");
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Votar en línea" })).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Ver la Jornada" })).ToBeVisibleAsync();
        await desk.AxeAsync("inicio: en preparación, en kiosco y en línea", output);
    }

    /// <summary>
    /// Online only, closed early by staff (countersigned): its card said «su horario terminaba el …» with the Jornada's own
    /// end, hours after its online voting's, and after online voting's hours too, when the close cut nothing short.
    /// </summary>
    [Fact]
    public async Task an_online_only_jornada_closed_early_says_its_online_hours_and_what_the_close_cut_short()
    {
        var cut = await JornadaAsync(kiosksOpenIn: TimeSpan.FromHours(-1), onlineOpensIn: TimeSpan.FromMinutes(1), onlineClosesIn: TimeSpan.FromHours(1), kiosk: false);
        var after = await JornadaAsync(kiosksOpenIn: TimeSpan.FromHours(-1), onlineOpensIn: TimeSpan.FromMinutes(1), onlineClosesIn: TimeSpan.FromHours(1), kiosk: false);
        await _api.OpenAsync(cut.Id);
        await _api.OpenAsync(after.Id);
        var offset = service.Clock.Offset;
        try
        {
            service.Clock.Offset = offset + TimeSpan.FromMinutes(30); // within online voting's hours
            await _api.CloseAsync(cut.Id);
            service.Clock.Offset = offset + TimeSpan.FromHours(1.5); // past them, the Jornada's own window not over
            await _api.CloseAsync(after.Id);
        }
        finally
        {
            service.Clock.Offset = offset;
        }
        var (closedDuring, closedAfter) = (await ReadAsync(cut.Id), await ReadAsync(after.Id));
        await using var desk = await chromium.DesktopAsync(service);
        var readWhole = new List<string>();
        desk.Page.Request += (_, request) =>
        {
            if (request.Url.Contains($"/api/jornadas/{cut.Id}") || request.Url.Contains($"/api/jornadas/{after.Id}")) readWhole.Add(request.Url);
        };

        await desk.GotoAsync("/");

        await Expect(Card(desk, closedDuring.Title).Locator("p").First).ToHaveTextAsync(
            $"Votación cerrada y sellada · en línea del {QueretaroTime.Format(closedDuring.Online!.OpensAt)} al {QueretaroTime.Format(closedDuring.ClosedEarlyAt!.Value)} " +
            $"(hora del centro de México); se cerró antes de lo previsto: su horario terminaba el {QueretaroTime.Format(closedDuring.Online.ClosesAt)}");
        // Its online voting ran all its hours: the close after them cut nothing short.
        Assert.True(closedAfter.ClosedEarlyAt > closedAfter.Online!.ClosesAt);
        await Expect(Card(desk, closedAfter.Title).Locator("p").First).ToHaveTextAsync(
            $"Votación cerrada y sellada · en línea del {QueretaroTime.Format(closedAfter.Online.OpensAt)} al {QueretaroTime.Format(closedAfter.Online.ClosesAt)} " +
            "(hora del centro de México)");
        // Their hours come with the list: each load of the page read every Jornada closed early whole, and those only grow.
        Assert.Empty(readWhole);
        await desk.AxeAsync("inicio: solo en línea, cerradas antes de lo previsto", output);
    }

    /// <summary>
    /// Online only and never opened, its online hours over while the Jornada's window runs on: it read «En preparación»
    /// on the home page and the results page, which also said «su horario empezaba el …, y aún no se abre», while its
    /// letter's page said «La votación no se abrió».
    /// </summary>
    [Fact]
    public async Task an_online_only_jornada_never_opened_whose_online_hours_passed_says_it_was_not_opened()
    {
        var created = await JornadaAsync(kiosksOpenIn: TimeSpan.FromMinutes(10), onlineOpensIn: TimeSpan.FromMinutes(5), onlineClosesIn: TimeSpan.FromHours(1), kiosk: false);
        var jornada = await ReadAsync(created.Id);
        await using var desk = await chromium.DesktopAsync(service);
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(1.5);
        try
        {
            await desk.GotoAsync("/");

            var card = Card(desk, jornada.Title);
            await Expect(card.Locator("p").First).ToHaveTextAsync(
                $"No se abrió: su periodo de votación terminó · en línea del {QueretaroTime.Format(jornada.Online!.OpensAt)} " +
                $"al {QueretaroTime.Format(jornada.Online.ClosesAt)} (hora del centro de México)");
            await Expect(card.Locator("[data-online-opens], [data-online-ended]")).ToHaveCountAsync(0);
            await desk.AxeAsync("inicio: solo en línea, no se abrió y su horario en línea terminó", output);

            await card.GetByRole(AriaRole.Link, new() { Name = "Ver la Jornada" }).ClickAsync();
            await Expect(desk.Page.Locator("[data-fill=status]")).ToHaveTextAsync("No se abrió: su periodo de votación terminó");
            await Expect(desk.Page.Locator("[data-part=vote]")).ToBeHiddenAsync(); // not «aún no empieza», nor where to vote
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }
}
