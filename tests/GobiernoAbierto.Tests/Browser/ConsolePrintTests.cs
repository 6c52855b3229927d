using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The seal sheet and the certification acta are the papers the Municipio and the IEEQ sign and copy the seal from. On
/// paper they used to take the kiosk receipt's 72 mm column, where the labels left the values no width: the title and
/// the hash one letter a line, thirteen pages. The acta's signature line named the person with their console login.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_ieeq_prints_the_seal_and_the_acta(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task each_prints_as_a_whole_sheet_with_the_hash_readable()
    {
        var (id, kiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kiosk), id, Voters.UniqueClave(), "A"));
        await _api.CloseAsync(id);
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        var desk = tab.Page;
        await ConsoleAccounts.SignInAsync(desk, service, auditor);
        await desk.GotoAsync($"/consola/auditoria/{id}");
        // Closed: no kiosk receives votes any more; the desk does not say one will once the IEEQ authorizes it.
        await Expect(desk.Locator("[data-kiosk-authorizations] tr[data-kiosk]")).ToHaveCountAsync(1);
        await Expect(desk.Locator("[data-kiosk-authorizations]")).Not.ToContainTextAsync("no recibe votos");
        await desk.GetByLabel("Sello del registro que anotó al cierre").FillAsync((await desk.Locator("[data-record-hash]").GetAttributeAsync("data-record-hash"))!);
        await desk.GetByLabel("Verifiqué la exportación").CheckAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Certificar el cómputo", Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Certificó el cómputo");

        foreach (var path in new[] { $"/consola/jornadas/{id}/sello", $"/consola/auditoria/{id}/acta" })
        {
            await desk.GotoAsync(path);
            await desk.EmulateMediaAsync(new() { Media = Media.Print });

            var title = (await desk.Locator("article.print-sheet h1").BoundingBoxAsync())!;
            var hash = (await desk.Locator("dd:has([data-record-hash])").BoundingBoxAsync())!;
            Assert.True(title.Width > 400 && title.Height < 100, $"{path}: the title is {title.Width:0} × {title.Height:0} px on paper.");
            Assert.True(hash.Width > 300, $"{path}: the record's seal is {hash.Width:0} px wide on paper.");
            await Expect(desk.GetByRole(AriaRole.Button, new() { Name = path.EndsWith("acta") ? "Imprimir el acta" : "Imprimir el sello" })).ToBeHiddenAsync();
            await desk.EmulateMediaAsync(new() { Media = Media.Screen });
        }

        await Expect(desk.Locator(".signatures")).ToContainTextAsync(auditor.DisplayName);
        await Expect(desk.Locator("article.print-sheet")).Not.ToContainTextAsync($"({auditor.UserName})");

        // The close came before the Jornada's hours were over (countersigned): the papers say so and by whom, as the lists do. On the
        // acta, and on the seal sheet once the tally is certified, the record's seal is no longer one to note.
        var planned = (await VotingApi.Read<Jornadas.JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"))).VotingClosesAt;
        foreach (var path in new[] { $"/consola/jornadas/{id}/sello", $"/consola/auditoria/{id}/acta" })
        {
            await desk.GotoAsync(path);
            await Expect(desk.Locator("[data-closed-early]")).ToHaveTextAsync(
                $"Antes de lo previsto, con la contrafirma de Auditora IEEQ de prueba (IEEQ): su horario terminaba el {QueretaroTime.Format(planned)}.");
            await Expect(desk.Locator("dt", new() { HasText = "Sello del registro" })).ToHaveTextAsync("Sello del registro");
        }
        // The IEEQ's list, staff's list and the Jornada's page say the same of its window: it ended at the close.
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var staffTab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(staffTab.Page, service, staff);
        foreach (var (page, path) in new[] { (desk, "/consola/auditoria"), (staffTab.Page, "/consola/jornadas"), (staffTab.Page, $"/consola/jornadas/{id}") })
        {
            await page.GotoAsync(path);
            var window = path.EndsWith(id.ToString()) ? page.Locator("[data-voting-window]")
                : page.Locator("tr", new() { Has = page.Locator($"a[href$='{id}']") }).Locator("td").Nth(2); // «Votación»
            await Expect(window.Locator("[data-closed-early]")).ToHaveTextAsync($"Se cerró antes de lo previsto; su horario terminaba el {QueretaroTime.Format(planned)}.");
            Assert.DoesNotContain($"a {QueretaroTime.Format(planned)}", await window.InnerTextAsync());
        }

        await desk.GotoAsync($"/consola/jornadas/{id}/tablero");
        await Expect(desk.GetByText("La votación cerró: estas cifras ya no cambian.")).ToBeVisibleAsync();
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Pausar la actualización automática" })).ToHaveCountAsync(0);

        // Copied by hand group by group: at a sheet's width (A4 less its margins, and the whole A4) every line of a
        // grouped hash holds whole groups of eight; break-all used to print «8f31967» at a line's end and «8» on the next.
        foreach (var width in new[] { 718, 794 })
        {
            await desk.SetViewportSizeAsync(width, 1100);
            foreach (var path in new[] { $"/consola/jornadas/{id}/sello", $"/consola/auditoria/{id}/acta", $"/consola/auditoria/{id}/apertura" })
            {
                await desk.GotoAsync(path);
                await desk.EmulateMediaAsync(new() { Media = Media.Print });
                var hashes = desk.Locator("code.hash.groups");
                Assert.True(await hashes.CountAsync() > 0, $"{path}: no grouped hash");
                foreach (var hash in await hashes.AllAsync())
                {
                    var lines = await hash.EvaluateAsync<string[]>(LinesOf);
                    Assert.All(lines, line => Assert.Matches("^[0-9a-f]{8}( [0-9a-f]{8})*$", line));
                    Assert.Equal(64, string.Concat(lines).Replace(" ", "", StringComparison.Ordinal).Length);
                }
                await desk.EmulateMediaAsync(new() { Media = Media.Screen });
            }
        }
    }

    /// <summary>The text of an element line by line, as laid out: where each character's box moves down, a new line.</summary>
    private const string LinesOf = """
        e => {
          const text = e.firstChild, range = document.createRange(), lines = [];
          let line = '', top = null;
          for (let i = 0; i < text.length; i++) {
            range.setStart(text, i); range.setEnd(text, i + 1);
            const box = range.getClientRects()[0];
            if (box && box.width > 0 && top !== null && box.top > top + 2) { lines.push(line.trim()); line = ''; }
            if (box && box.width > 0) top = box.top;
            line += text.data[i];
          }
          lines.push(line.trim());
          return lines;
        }
        """;
}
