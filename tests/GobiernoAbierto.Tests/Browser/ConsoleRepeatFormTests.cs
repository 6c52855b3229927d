using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>The form that repeats a Jornada whose colonias include some the municipal catalogue does not list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_staff_repeat_a_jornada_with_colonias_outside_the_catalogue(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task they_are_offered_ticked_after_the_catalogue_and_the_new_jornada_keeps_them()
    {
        var catalogue = Territory.QueretaroTerritory.Plan2020;
        var known = catalogue.Colonias[0];
        var outside = new Territory.Colonia("la-solana-" + Guid.NewGuid().ToString("N")[..6], "La Solana", known.DelegacionId);
        var now = service.Clock.GetUtcNow();
        var title = "Jornada con una colonia nueva " + Guid.NewGuid().ToString("N")[..6];
        var earlier = await _api.CreateAsync(new CreateJornada(title, now.AddDays(1), now.AddDays(1).AddHours(8), VoterIdKind.ClaveElector,
            [catalogue.FindDelegacion(known.DelegacionId)!], [known, outside]));
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{earlier.Id}/withdraw",
            new WithdrawJornada("Se creó con el horario equivocado."), VotingApi.Json), HttpStatusCode.OK);

        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);
        await page.GotoAsync($"/consola/jornadas/nueva?desde={earlier.Id}");
        var label = $"La Solana (delegación {catalogue.FindDelegacion(known.DelegacionId)!.Name})";
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Fuera del catálogo municipal (de la Jornada que se repite)" })
            .GetByLabel(label)).ToBeCheckedAsync();
        await Expect(page.GetByLabel(known.Name, new() { Exact = true })).ToBeCheckedAsync();
        await tab.AxeAsync("consola nueva jornada con colonias fuera del catálogo", output);

        await page.GetByRole(AriaRole.Button, new() { Name = "Crear la Jornada", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        var id = Guid.Parse(page.Url.Split('?')[0].Split('/').Last());
        var repeated = await VotingApi.Read<JornadaDetails>(await _api.Staff.GetAsync($"/api/jornadas/{id}"));
        Assert.Equal(new[] { known.Id, outside.Id }.Order(), repeated.Delegaciones.SelectMany(d => d.Colonias).Select(c => c.Id).Order());
    }
}
