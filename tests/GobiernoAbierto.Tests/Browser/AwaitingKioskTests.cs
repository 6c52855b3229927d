using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A kiosk configured on its device and still waiting for the IEEQ's authorization takes no ballot, and the home page
/// lists it nowhere to vote; «¿Alguien votó con mis datos?» and the ballot's help offered it as a place to vote now (a
/// reviewer), sending residents to a kiosk that would refuse them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_jornadas_only_kiosk_awaits_the_ieeqs_authorization(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task neither_the_participation_check_nor_the_ballots_help_offer_it_until_the_ieeq_authorizes_it()
    {
        var voter = Voters.UniqueClave();
        var (jornada, fingerprint) = await _api.OpenOnlineJornadaAwaitingItsKioskAsync([voter]);
        var closes = QueretaroTime.Format((await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"))).VotingClosesAt);
        await using var phone = await chromium.PhoneAsync(service);
        var kioskAlternative = phone.Page.GetByText("también puede votar en un kiosco de su delegación");
        var result = phone.Page.Locator("[data-result]");

        async Task CheckAsync()
        {
            await phone.GotoAsync($"/participacion.html?jornada={jornada.Id}");
            await phone.VoterIdInput.FillAsync(voter);
            await phone.VotingCodeInput.FillAsync(jornada.Codes[voter]);
            await phone.Button("Consultar").TapAsync();
            await Expect(phone.Heading("No se ha votado con sus datos")).ToBeVisibleAsync();
        }

        await CheckAsync();
        await Expect(result).ToContainTextAsync($"Aún puede votar en línea hasta el {closes} (hora del centro de México).");
        await Expect(result).Not.ToContainTextAsync("kiosco");
        await phone.AxeAsync("participación, su kiosco espera la autorización del IEEQ", output);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await Expect(phone.Button("Comenzar")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText("acuda al módulo del IEEQ en su delegación")).ToBeVisibleAsync();
        await Expect(kioskAlternative).ToBeHiddenAsync();

        await VotingApi.Read<KioskAuthorization>(await _api.AuthorizeKioskAsync(jornada.Id, "kiosco-1", fingerprint));

        await phone.Page.ReloadAsync();
        await Expect(phone.Button("Comenzar")).ToBeVisibleAsync();
        await Expect(kioskAlternative).ToBeVisibleAsync();
        await CheckAsync();
        await Expect(result).ToContainTextAsync($"Aún puede votar en línea hasta el {closes} o en un kiosco de su delegación, con su credencial del INE, " +
                                                $"hasta el {closes} (hora del centro de México).");
    }
}
