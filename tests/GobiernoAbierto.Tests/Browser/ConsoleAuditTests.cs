using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The IEEQ's desk as an outside tester acting for the IEEQ used it: the opening's hash, which README recommends noting,
/// was only in the API's log; certifying was a box to tick, while the acta said the seal had been compared with the one
/// noted; and the only guide to checking the export was README's `verify`, in English.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_ieeq_audits_a_jornada_from_its_desk(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The record as exported (record.csv, read from the stream itself): the hash of the fact of this type.</summary>
    private async Task<string> RecordHashOfAsync(Guid id, string type) =>
        (await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv")).Split('\n')
        .Single(line => line.Split(',') is [_, var t, ..] && t == type).Split(',')[4];

    [Fact]
    public async Task the_opening_hash_is_shown_while_the_vote_is_open_and_prints_on_a_sheet_to_sign()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var opening = await RecordHashOfAsync(id, "jornada_opened");
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        var desk = tab.Page;
        await ConsoleAccounts.SignInAsync(desk, service, auditor);

        await desk.GotoAsync($"/consola/auditoria/{id}");
        await Expect(desk.Locator("[data-jornada-status]")).ToHaveTextAsync("Votación abierta");
        var shown = desk.Locator("[data-opening-hash]");
        await Expect(shown).ToHaveAttributeAsync("data-opening-hash", opening);
        await Expect(shown).ToHaveTextAsync(string.Join(' ', opening.Chunk(8).Select(g => new string(g))));
        await Expect(desk.Locator("dt").Filter(new() { HasText = "Hash de la apertura (anótelo)" })).ToBeVisibleAsync();
        await tab.AxeAsync("consola auditoría, votación abierta", output);

        await desk.GetByRole(AriaRole.Link, new() { Name = "Constancia de apertura para imprimir y firmar" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Constancia de apertura de la Jornada de Participación" })).ToBeVisibleAsync();
        await Expect(desk.Locator("[data-opening-hash]")).ToHaveAttributeAsync("data-opening-hash", opening);
        await tab.AxeAsync("consola constancia de apertura", output);
        await desk.EmulateMediaAsync(new() { Media = Media.Print });
        var hash = (await desk.Locator("dd:has([data-opening-hash])").BoundingBoxAsync())!;
        Assert.True(hash.Width > 300, $"The opening's hash is {hash.Width:0} px wide on paper.");
        await Expect(desk.Locator(".signatures")).ToContainTextAsync("Por el IEEQ (nombre y firma)");
        await Expect(Button(desk, "Imprimir la constancia")).ToBeHiddenAsync();
    }
}
