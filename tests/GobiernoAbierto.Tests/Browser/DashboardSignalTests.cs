using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>Its own service: these tests move the clock on by minutes.</summary>
public sealed class SignalService() : ServiceHost(TestDatabase.NewSchemaName());

/// <summary>
/// On voting day a kiosk that lost its connection read «hace 47 min (22:10)» on the dashboard, like any other: a kiosk
/// that should be taking ballots and has not called for more than five minutes is said to be without signal, in words,
/// with what to do; one heard from lately, a closed one and one outside its hours are not. On a phone the kiosks' rows
/// are cards: their last signal and ballots were off to the side in a scroller.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_kiosk_goes_silent_on_voting_day(SignalService service, ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<SignalService>
{
    private ILocator Row(ResidentTab tab, string kioskId) => tab.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = kioskId });

    /// <summary>The kiosk page asks for its session: the only sign of life the dashboard reads.</summary>
    private static async Task CallsAsync(VotingApi api, string device) =>
        await VotingApi.Expect(await api.Kiosk(device).GetAsync("/api/kiosk/session"), HttpStatusCode.OK);

    private async Task<DateTimeOffset> SeenAtAsync(Guid id, string kioskId)
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.LoadAsync<KioskHeartbeat>(KioskHeartbeat.IdOf(id, kioskId)))!.SeenAt;
    }

    [Fact]
    public async Task a_kiosk_silent_in_its_hours_is_flagged_with_what_to_do_and_one_heard_from_or_closed_is_not()
    {
        var api = new VotingApi(service);
        var (id, silent) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var heard = await api.RegisterKioskAsync(id, "kiosco-2");
        var closed = await api.RegisterKioskAsync(id, "kiosco-3");
        foreach (var device in new[] { silent, heard, closed }) await CallsAsync(api, device);
        await VotingApi.Expect(await api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/kiosco-3/close",
            new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);
        var lastSignal = QueretaroTime.Format(await SeenAtAsync(id, "kiosco-1"))[11..];

        service.Clock.Offset += KioskSignal.SilentAfter + TimeSpan.FromMinutes(1);
        await CallsAsync(api, heard);

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);
        await tab.Page.GotoAsync($"/consola/jornadas/{id}/tablero");

        await Expect(Row(tab, "kiosco-1")).ToContainTextAsync($"Sin señal desde las {lastSignal} (hace 6 min): revise su conexión.");
        await Expect(Row(tab, "kiosco-2")).Not.ToContainTextAsync("Sin señal");
        await Expect(Row(tab, "kiosco-2")).ToContainTextAsync("hace menos de un minuto");
        await Expect(Row(tab, "kiosco-3")).ToContainTextAsync("Cerrado");
        await Expect(Row(tab, "kiosco-3")).Not.ToContainTextAsync("Sin señal");
        var note = tab.Page.Locator("[data-last-seen-note]");
        await Expect(note).ToContainTextAsync("cada 30 segundos mientras espera a la siguiente persona");
        await Expect(note).ToContainTextAsync("revise el equipo y su conexión a la red; si no se recupera, ciérrelo y registre otro con la contrafirma del IEEQ");
        await Expect(note.GetByRole(AriaRole.Link, new() { Name = "los kioscos de la Jornada" })).ToHaveAttributeAsync("href", $"/consola/jornadas/{id}#kiosks-title");
        await Expect(note).Not.ToContainTextAsync("@if"); // «IEEQ@if (staff) {…}» read as an e-mail address showed the template
        await tab.AxeAsync("consola tablero con un kiosco sin señal", output);

        // The IEEQ's observer reads the same flag, and who acts on it.
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var auditorTab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(auditorTab.Page, service, auditor);
        await auditorTab.Page.GotoAsync($"/consola/jornadas/{id}/tablero");
        await Expect(Row(auditorTab, "kiosco-1")).ToContainTextAsync($"Sin señal desde las {lastSignal}");
        await Expect(auditorTab.Page.Locator("[data-last-seen-note]")).ToContainTextAsync("el personal municipal lo cierra y registra otro con la contrafirma del IEEQ.");
        await Expect(auditorTab.Page.Locator("[data-last-seen-note] a")).ToHaveCountAsync(0); // the staff's page, not the IEEQ's
    }

    [Fact]
    public async Task a_kiosk_is_not_flagged_before_its_hours_nor_after_them()
    {
        var api = new VotingApi(service);
        var now = service.Clock.GetUtcNow();
        // Opened ahead of its hours, as staff do before 08:00; its hours last a quarter of an hour.
        var jornada = await api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromMinutes(10), closesIn: TimeSpan.FromMinutes(25)));
        await api.SetOptionsAsync(jornada.Id);
        await api.RegisterKioskAsync(jornada.Id);
        await api.OpenAsync(jornada.Id);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, staff);

        await tab.Page.GotoAsync($"/consola/jornadas/{jornada.Id}/tablero");
        await Expect(Row(tab, "kiosco-1")).ToContainTextAsync("recibe votos desde el");
        await Expect(Row(tab, "kiosco-1")).Not.ToContainTextAsync("Sin señal");

        // Within its hours, never heard from: flagged.
        service.Clock.Offset += TimeSpan.FromMinutes(12);
        await tab.Page.ReloadAsync();
        await Expect(Row(tab, "kiosco-1")).ToContainTextAsync("Sin señal (no se ha comunicado): revise su conexión.");

        service.Clock.Offset += TimeSpan.FromMinutes(15);
        await tab.Page.ReloadAsync();
        await Expect(Row(tab, "kiosco-1")).ToContainTextAsync("Terminó su horario de votación");
        await Expect(Row(tab, "kiosco-1")).Not.ToContainTextAsync("Sin señal");
        await tab.AxeAsync("consola tablero después del horario de los kioscos", output);
    }

    /// <summary>A phone at 390 px, and at 320 px (a phone at 200 % zoom): each kiosk a card, its signal and ballots in sight.</summary>
    [Fact]
    public async Task on_a_phone_each_kiosks_last_signal_and_ballots_are_in_sight()
    {
        var api = new VotingApi(service);
        var (id, silent) = await api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await CallsAsync(api, silent);
        service.Clock.Offset += KioskSignal.SilentAfter + TimeSpan.FromMinutes(1);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        foreach (var narrow in new[] { false, true })
        {
            await using var tab = narrow ? await chromium.NarrowPhoneAsync(service) : await chromium.PhoneAsync(service);
            await ConsoleAccounts.SignInAsync(tab.Page, service, staff);
            await tab.Page.GotoAsync($"/consola/jornadas/{id}/tablero");
            var width = tab.Page.ViewportSize!.Width;
            var row = Row(tab, "kiosco-1");
            await Expect(row).ToContainTextAsync("Sin señal desde las");
            foreach (var label in new[] { "Última señal", "Boletas" })
            {
                var cell = row.Locator($"td[data-label=\"{label}\"]");
                await cell.ScrollIntoViewIfNeededAsync();
                var box = await cell.BoundingBoxAsync();
                Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= width,
                    $"«{label}» of the kiosk's row is not on a {width} px screen: {box?.X} + {box?.Width}");
                // A card's line, under its column's name (data-label), not a cell of a table wider than the phone.
                Assert.Equal("block", await cell.EvaluateAsync<string>("c => getComputedStyle(c).display"));
            }
            Assert.Null(await tab.OverflowAsync());
            await tab.AxeAsync($"consola tablero en un teléfono de {width} px con un kiosco sin señal", output);
        }
    }
}
