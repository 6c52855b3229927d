using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_votes_online_from_a_phone(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_portal_key_opens_the_same_steps_and_the_ballot_is_counted_online()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var phone = await chromium.PhoneAsync(service);

        await phone.EnterPortalAsync(jornadaId, ServiceHost.VoterPortalToken);
        await phone.StartAsync();
        await phone.IdentifyAsync(Voters.UniqueClave(), "San Pedro Mártir");
        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync();
        Assert.True(await phone.FitsWidthAsync(), "The choice screen scrolls sideways on a phone.");
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.ConfirmAsync();
        var receipt = await phone.ReadReceiptAsync();

        Assert.Matches(ResidentTab.ReceiptPattern, receipt);
        Assert.True(await phone.FitsWidthAsync(), "The receipt screen scrolls sideways on a phone.");
        var check = phone.Page.GetByRole(AriaRole.Link, new() { Name = "Comprobar mi recibo" });
        await Expect(check).ToHaveAttributeAsync("href", $"/recibo.html?codigo={receipt}"); // the answer's checkUrl
        await check.TapAsync();
        await Expect(phone.Heading("Voto contado")).ToBeVisibleAsync();

        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/tally"));
        Assert.Equal(1, tally.TotalBallots);
        Assert.Equal(1, tally.Options.Single(o => o.OptionId == "B").Votes);
        Assert.Equal(1, tally.ByChannel["online"]);
    }

    [Fact]
    public async Task a_wrong_key_is_refused_as_soon_as_it_is_entered_not_at_confirmar()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var phone = await chromium.PhoneAsync(service);

        await phone.EnterPortalAsync(jornadaId, "clave-que-no-existe");
        await Expect(phone.Alert).ToContainTextAsync("Clave de acceso no válida");
        await Expect(phone.Heading("Entrar al portal")).ToBeVisibleAsync();
        await Expect(phone.Button("Comenzar")).ToHaveCountAsync(0);

        // A kiosk's credential is a real one, but not the portal's.
        await phone.EnterPortalAsync(jornadaId, kioskToken);
        await Expect(phone.Alert).ToContainTextAsync("No es una clave del portal");

        await phone.EnterPortalAsync(jornadaId, ServiceHost.VoterPortalToken);
        await Expect(phone.Heading("Bienvenida")).ToBeVisibleAsync();
        await phone.Page.ReloadAsync(); // the key kept for the tab is checked again, and still good
        await Expect(phone.Button("Comenzar")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task a_closed_jornada_says_so_before_the_resident_types_anything()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await _api.CloseAsync(jornadaId);
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/votar.html?jornada={jornadaId}");

        await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
        await Expect(phone.Alert).ToContainTextAsync("Votación cerrada y sellada");
        await Expect(phone.Alert).ToContainTextAsync("no se reciben más votos");
        await Expect(phone.Page.GetByLabel("Clave de acceso del portal")).ToBeHiddenAsync();
    }
}
