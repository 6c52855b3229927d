using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A shared kiosk with a queue: a resident who chose, went back to «Sus datos» and walked away left their project
/// ticked; the next person, typing their own clave over the one left there, found it marked on «Elija un proyecto»
/// (a reviewer).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_next_person_uses_a_kiosk_someone_left_midway(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task their_own_clave_shows_no_project_chosen_and_their_choice_is_what_counts()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        var chosen = kiosk.Page.Locator("[data-option][aria-pressed=true]");

        // The first resident chooses, changes their mind on «Revise su voto», goes back to their data and leaves.
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync("Cancha de usos múltiples");
        await Expect(kiosk.Heading("Revise su voto")).ToBeVisibleAsync();
        await kiosk.Button("Cambiar").TapAsync();
        await Expect(chosen).ToHaveCountAsync(1); // the same resident sees what they chose, to change it
        await kiosk.Button("Regresar").TapAsync();

        // The next one types their own clave over it: nothing is ticked for them.
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await Expect(chosen).ToHaveCountAsync(0);
        await Expect(kiosk.Page.Locator("[data-option] .option-cta")).Not.ToContainTextAsync(["✓"]);

        // The same resident going back to fix a typo in the colonia keeps nothing either: the choice is made after the data.
        await kiosk.Button("Regresar").TapAsync();
        await kiosk.Button("Continuar").TapAsync();
        await Expect(chosen).ToHaveCountAsync(0);
    }
}
