using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;
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
        await phone.Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Comprobar mi recibo" }).TapAsync();
        await Expect(phone.Heading("Voto contado")).ToBeVisibleAsync();

        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/tally"));
        Assert.Equal(1, tally.TotalBallots);
        Assert.Equal(1, tally.Options.Single(o => o.OptionId == "B").Votes);
        Assert.Equal(1, tally.ByChannel["online"]);
    }
}
