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

    /// <summary>
    /// Voted at kiosks only, its kiosk waiting for the IEEQ's authorization: the ballot's page said «acuda a un kiosco», to
    /// one that would refuse the resident. It says the kiosk waits for the IEEQ, with no time promised, until it is authorized.
    /// </summary>
    [Fact]
    public async Task a_kiosk_only_jornada_says_on_the_ballots_page_that_its_kiosk_waits_for_the_ieeq()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        await _api.SetOptionsAsync(jornada.Id);
        var (_, activation) = await _api.ConfigureKioskAsync(jornada.Id, await _api.RegisterKioskLinkAsync(jornada.Id));
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");

        await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
        await Expect(phone.Alert).ToContainTextAsync("No hay votación en línea: se vota en un kiosco de su delegación con su credencial del INE. " +
            "El kiosco de esta Jornada ya está registrado, pero el IEEQ aún no lo autoriza para recibir votos: vuelva a consultar más tarde.");
        await phone.AxeAsync("votar, Jornada solo en kiosco cuyo kiosco espera la autorización del IEEQ", output);

        await VotingApi.Read<KioskAuthorization>(await _api.AuthorizeKioskAsync(jornada.Id, "kiosco-1", activation.Fingerprint));
        await phone.Page.ReloadAsync();
        await Expect(phone.Alert).ToContainTextAsync("No hay votación en línea: acuda a un kiosco de su delegación con su credencial del INE.");
        await Expect(phone.Alert).Not.ToContainTextAsync("IEEQ");
    }
}
