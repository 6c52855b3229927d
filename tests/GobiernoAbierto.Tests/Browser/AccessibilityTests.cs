using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The accessibility bar of the public pages, in each of their states: axe-core (Deque) finds no critical and no
/// serious violation, the page fits a 360 px phone without sideways scrolling, and a vote and a receipt check can be
/// done with the keyboard alone. Each axe run's figures (violations by impact) are written to axe/ beside the test
/// binaries, and to the test output.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_public_pages_are_checked_for_accessibility(ServiceFixture service, ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string Cancha = "Cancha de usos múltiples";
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    private Task AxeAsync(ResidentTab tab, string state) => tab.AxeAsync(state, output);

    private static async Task FitsAsync(ResidentTab tab, string state)
    {
        var overflow = await tab.OverflowAsync();
        Assert.True(overflow is null, $"{state} scrolls sideways at {tab.Page.ViewportSize!.Width} px: {overflow}");
    }

    private async Task CheckAsync(ResidentTab tab, string state)
    {
        await AxeAsync(tab, state);
        await FitsAsync(tab, state);
    }

    private static ILocator Warning(ResidentTab kiosk) => kiosk.Page.GetByRole(AriaRole.Alertdialog);

    [Fact]
    public async Task the_kiosk_in_each_of_its_states()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.Page.Clock.InstallAsync();

        await kiosk.GotoAsync("/kiosco.html");
        await Expect(kiosk.Heading("Kiosco sin configurar")).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco sin configurar");
        await kiosk.GotoAsync("/kiosco.html#configurar");
        await Expect(kiosk.Page.GetByLabel("Credencial del kiosco")).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco configuración manual (personal)");
        await kiosk.GotoAsync($"/kiosco.html#configurar={kioskToken}");
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco configurado");
        await kiosk.Button("Abrir la pantalla de votación").TapAsync();

        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco bienvenida");
        await kiosk.ScreenshotAsync("kiosco-inicio");
        await kiosk.StartAsync();
        await kiosk.Button("Continuar").TapAsync();
        await Expect(kiosk.Page.GetByText("Elija la colonia donde vive.")).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco sus datos con errores");
        await kiosk.Page.Clock.FastForwardAsync("00:41");
        await Expect(Warning(kiosk)).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco aviso de inactividad");
        await kiosk.Button("Necesito más tiempo").TapAsync();
        var clave = Voters.UniqueClave();
        await kiosk.IdentifyAsync(clave, "Loma Bonita");
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco elija un proyecto");
        await kiosk.ChooseAsync(Cancha);
        await Expect(kiosk.Heading("Revise su voto")).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco revise su voto");
        await kiosk.ConfirmAsync();
        await kiosk.ReadReceiptAsync();
        await Expect(kiosk.Page.GetByRole(AriaRole.Img)).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco recibo con QR");
        await kiosk.Button("Terminar").TapAsync();
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(clave, "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);
        await kiosk.ConfirmAsync();
        await Expect(kiosk.Heading("Ya participó")).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco ya participó");
        await kiosk.Button("Terminar").TapAsync();

        await kiosk.Page.Context.RouteAsync(new Regex("/(api|health)/"), route => route.AbortAsync("connectionrefused"));
        // The kiosk checks in as its screen clears after a resident: it may find the outage before anyone taps «Comenzar».
        var start = kiosk.Button("Comenzar");
        if (await start.IsVisibleAsync())
            try { await start.TapAsync(new() { Timeout = 5_000 }); } catch (TimeoutException) { /* gone: out of service already */ }
        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await AxeAsync(kiosk, "kiosco fuera de servicio (sin conexión)");
        await kiosk.Page.Context.UnrouteAllAsync();

        await _api.CloseAsync(jornadaId);
        await kiosk.Button("Volver a comprobar").TapAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Votación cerrada y sellada");
        await AxeAsync(kiosk, "kiosco fuera de servicio (Jornada cerrada)");

        // The kiosk's page also fits a phone, should a delegación use a small tablet.
        await using var small = await chromium.SmallPhoneAsync(service);
        await small.ConfigureKioskAsync((await _api.OpenJornadaAsync(service.Clock.GetUtcNow())).KioskToken);
        await Expect(small.Heading("Bienvenida")).ToBeVisibleAsync();
        await FitsAsync(small, "kiosco bienvenida");
    }

    [Fact]
    public async Task online_voting_without_a_kiosk_and_with_errors()
    {
        var voter = Voters.UniqueClave();
        var other = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter, other]);
        await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]); // a second one taking online ballots: the page asks which
        var (kioskOnly, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var phone = await chromium.SmallPhoneAsync(service);

        await phone.GotoAsync("/votar.html");
        await Expect(phone.Heading("Elija la Jornada")).ToBeVisibleAsync();
        await CheckAsync(phone, "votar elija la Jornada");
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await Expect(phone.Heading("Bienvenida")).ToBeVisibleAsync();
        await CheckAsync(phone, "votar bienvenida");
        await phone.StartAsync();
        await phone.Button("Continuar").TapAsync();
        await Expect(phone.Page.GetByText("Escriba la clave de elector.")).ToBeVisibleAsync(); // the identifier's own name, as the label has it
        await Expect(phone.Page.GetByText("Escriba el código de votación de su carta.")).ToBeVisibleAsync();
        await CheckAsync(phone, "votar sus datos con errores");
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[other]);
        await Expect(phone.Alert).ToContainTextAsync("no coinciden"); // checked before the choice
        await CheckAsync(phone, "votar error del servicio");
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync(Cancha);
        await Expect(phone.Heading("Revise su voto")).ToBeVisibleAsync();
        await CheckAsync(phone, "votar revise su voto");
        await phone.ConfirmAsync();
        var receipt = await phone.ReadReceiptAsync();
        await CheckAsync(phone, "votar recibo");

        await phone.GotoAsync($"/votar.html?jornada={kioskOnly}");
        await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
        await CheckAsync(phone, "votar no disponible");

        await phone.GotoAsync($"/recibo.html?codigo={receipt}");
        await Expect(phone.Heading("Voto contado")).ToBeVisibleAsync();
        await CheckAsync(phone, "recibo contado");
        await phone.GotoAsync("/recibo.html?codigo=AAAA-AAAA-AAAA");
        await Expect(phone.Heading("No aparece en el cómputo")).ToBeVisibleAsync();
        await CheckAsync(phone, "recibo no encontrado");
        await phone.GotoAsync("/no-existe.html");
        await Expect(phone.Heading("Página no encontrada")).ToBeVisibleAsync();
        await CheckAsync(phone, "página no encontrada");
        await phone.GotoAsync("/recibo.html");
        await phone.Button("Comprobar").TapAsync();
        await Expect(phone.Page.GetByText("Escriba el código de recibo.")).ToBeVisibleAsync();
        await CheckAsync(phone, "recibo sin código");

        await phone.GotoAsync($"/participacion.html?jornada={jornada.Id}");
        await phone.Button("Consultar").TapAsync();
        await Expect(phone.Page.GetByText("Escriba la clave de elector.")).ToBeVisibleAsync();
        await CheckAsync(phone, "participacion con errores");
        await phone.VoterIdInput.FillAsync(voter);
        await phone.VotingCodeInput.FillAsync(jornada.Codes[voter]);
        await phone.Button("Consultar").TapAsync();
        await Expect(phone.Heading("Sí se votó con sus datos")).ToBeVisibleAsync();
        await CheckAsync(phone, "participacion resultado");
    }

    [Fact]
    public async Task the_landing_results_process_and_proposal_pages()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), jornadaId, Voters.UniqueClave(), "A"));
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var participant = await Process.SeatedAsync(table, "Participante");
        var proposal = await Process.SubmittedAsync(table, participant, "Alumbrado en el parque");
        await using var phone = await chromium.SmallPhoneAsync(service);

        await phone.GotoAsync("/");
        await Expect(phone.Page.Locator(".jornada").First).ToBeVisibleAsync();
        await CheckAsync(phone, "inicio");
        await phone.GotoAsync("/resultados.html");
        await Expect(phone.Heading("Elija una Jornada")).ToBeVisibleAsync();
        await CheckAsync(phone, "resultados elija una Jornada");
        await phone.GotoAsync($"/resultados.html?jornada={jornadaId}");
        await Expect(phone.Page.GetByText("1 persona ha votado.")).ToBeVisibleAsync();
        await CheckAsync(phone, "resultados votación abierta");
        await phone.GotoAsync("/proceso.html");
        await Expect(phone.Heading("Elija un proceso de participación")).ToBeVisibleAsync();
        await CheckAsync(phone, "proceso elija un proceso");
        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");
        await Expect(phone.Heading(process.Title)).ToBeVisibleAsync();
        await CheckAsync(phone, "proceso");
        await phone.GotoAsync($"/propuesta.html?id={proposal}");
        await Expect(phone.Heading("Alumbrado en el parque")).ToBeVisibleAsync();
        await CheckAsync(phone, "propuesta");
    }

    /// <summary>Tab until this element has the focus, as someone without a mouse or touchscreen does.</summary>
    private static async Task TabToAsync(ResidentTab tab, ILocator target)
    {
        for (var i = 0; i < 40; i++)
        {
            await tab.Page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
        }
        Assert.Fail($"The keyboard never reaches {target}.");
    }

    [Fact]
    public async Task a_resident_votes_at_the_kiosk_and_checks_the_receipt_with_the_keyboard_alone()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        var keyboard = kiosk.Page.Keyboard;

        await TabToAsync(kiosk, kiosk.Button("Comenzar"));
        await keyboard.PressAsync("Enter");
        await TabToAsync(kiosk, kiosk.VoterIdInput);
        await keyboard.TypeAsync(Voters.UniqueClave());
        await TabToAsync(kiosk, kiosk.Page.GetByLabel("Colonia donde vive"));
        await keyboard.TypeAsync("Loma Bonita");
        await Expect(kiosk.Page.GetByLabel("Colonia donde vive")).ToHaveValueAsync("loma-bonita");
        await TabToAsync(kiosk, kiosk.Button("Continuar"));
        await keyboard.PressAsync("Enter");
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await TabToAsync(kiosk, kiosk.Page.GetByRole(AriaRole.Button, new() { Name = Cancha }));
        await keyboard.PressAsync("Space");
        await Expect(kiosk.Heading("Revise su voto")).ToBeVisibleAsync();
        await TabToAsync(kiosk, kiosk.Button("Confirmar mi voto"));
        await keyboard.PressAsync("Enter");
        var receipt = await kiosk.ReadReceiptAsync();
        await TabToAsync(kiosk, kiosk.Button("Terminar"));
        await keyboard.PressAsync("Enter");
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();

        await kiosk.GotoAsync("/recibo.html");
        await TabToAsync(kiosk, kiosk.Page.GetByLabel("Código de recibo"));
        await keyboard.TypeAsync(receipt);
        await keyboard.PressAsync("Enter");
        await Expect(kiosk.Heading("Voto contado")).ToBeVisibleAsync();
        Assert.Equal(1, (await VotingApi.Read<GobiernoAbierto.Tally.JornadaTally>(
            await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/tally"))).TotalBallots);
    }

    [Fact]
    public async Task a_resident_votes_online_with_the_keyboard_alone()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var desk = await chromium.DesktopAsync(service);
        await desk.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await Expect(desk.Heading("Bienvenida")).ToBeVisibleAsync();
        var keyboard = desk.Page.Keyboard;

        await TabToAsync(desk, desk.Button("Comenzar"));
        await keyboard.PressAsync("Enter");
        await TabToAsync(desk, desk.VoterIdInput);
        await keyboard.TypeAsync(voter);
        await TabToAsync(desk, desk.VotingCodeInput);
        await keyboard.TypeAsync(jornada.Codes[voter]);
        await keyboard.PressAsync("Enter");
        await TabToAsync(desk, desk.Page.GetByRole(AriaRole.Button, new() { Name = "Banquetas y alumbrado" }));
        await keyboard.PressAsync("Enter");
        await TabToAsync(desk, desk.Button("Confirmar mi voto"));
        await keyboard.PressAsync("Enter");
        Assert.Matches(ResidentTab.ReceiptPattern, await desk.ReadReceiptAsync());
    }
}
