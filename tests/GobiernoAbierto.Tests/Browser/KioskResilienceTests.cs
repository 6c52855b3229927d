using System.Text.RegularExpressions;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>The service goes away under a kiosk: the kiosk stays a Spanish page, keeps no one's data, and comes back.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_service_does_not_answer_at_the_kiosk(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Cancha = "Cancha de usos múltiples";

    // What a stopped service looks like from the kiosk: nothing answers on its address (the page's own files included
    // only where a test says so).
    private static readonly Regex ServiceCalls = new("/(api|health)/");

    private readonly VotingApi _api = new(service);

    private static Task ServiceDownAsync(ResidentTab kiosk) =>
        kiosk.Page.Context.RouteAsync(ServiceCalls, route => route.AbortAsync("connectionrefused"));

    private static Task ServiceBackAsync(ResidentTab kiosk) => kiosk.Page.Context.UnrouteAsync(ServiceCalls);

    [Fact]
    public async Task comenzar_checks_the_service_first_and_the_kiosk_says_in_spanish_that_it_is_out_of_service()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();

        await ServiceDownAsync(kiosk);
        await kiosk.StartAsync();

        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Sin conexión con el servicio de votación");
        // It does come back by itself, and says how often it checks: the outage check runs every 10 s.
        await Expect(kiosk.Page.GetByText("vuelve a funcionar solo en cuanto el servicio responda; lo comprueba cada 10 segundos")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText("Este kiosco ya no recibe votos")).ToBeHiddenAsync();
        // Cut off, the kiosk cannot know whether other kiosks or online voting work (in an outage of the service they do
        // not): it sends the resident to the staff beside it, not to «otro kiosco o en línea» (an outside tester's drill).
        await Expect(kiosk.Page.GetByText("Avise al personal municipal del kiosco: sabrá si mientras tanto se puede votar en otro kiosco o en línea.")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText("Mientras tanto, puede votar en otro kiosco o en línea.")).ToHaveCountAsync(0);
        await Expect(kiosk.VoterIdInput).ToHaveCountAsync(0);
        await Expect(kiosk.Button("Comenzar")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The service answers, and answers that it cannot take votes (its database down or read-only): the kiosk said «Sin
    /// conexión» and sent residents to ask the staff whether another kiosk worked (an operator's drill). The fault is
    /// central, so no kiosk nor phone votes meanwhile, and it says so.
    /// </summary>
    [Fact]
    public async Task a_service_that_answers_it_cannot_take_votes_is_not_told_as_this_kiosks_connection()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();

        await kiosk.Page.Context.RouteAsync("**/health/ready", route => route.FulfillAsync(new()
        {
            Status = 503, ContentType = "text/plain; charset=utf-8", Body = "No listo: el servicio no puede registrar votos en este momento.",
        }));
        await kiosk.StartAsync();

        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("El servicio de votación no puede recibir votos por ahora");
        await Expect(kiosk.Alert).ToContainTextAsync("no de este kiosco ni de su conexión");
        await Expect(kiosk.Alert).Not.ToContainTextAsync("Sin conexión");
        await Expect(kiosk.Page.GetByText("Mientras dure, tampoco se vota en otros kioscos ni en línea")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText("vuelve a funcionar solo en cuanto el servicio responda; lo comprueba cada 10 segundos")).ToBeVisibleAsync();
        await kiosk.AxeAsync("kiosco fuera de servicio por el servicio central", output);

        // A 503 that is not the service's own answer (a venue's proxy whose uplink is down, a captive portal) may be this
        // kiosk's network: told as before, with the staff beside it to say whether others vote.
        await kiosk.Page.Context.UnrouteAsync("**/health/ready");
        await kiosk.Page.Context.RouteAsync("**/health/ready", route => route.FulfillAsync(new()
        {
            Status = 503, ContentType = "text/html", Body = "<html><body><h1>503 Service Unavailable</h1></body></html>",
        }));
        await kiosk.Button("Volver a comprobar").TapAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Sin conexión con el servicio de votación");
        await Expect(kiosk.Page.GetByText("Avise al personal municipal del kiosco")).ToBeVisibleAsync();

        await kiosk.Page.Context.UnrouteAsync("**/health/ready");
        await kiosk.Button("Volver a comprobar").TapAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
    }

    /// <summary>
    /// The ballot's answer came, then the connection went before the receipt's QR image: the receipt showed a broken
    /// picture captioned «Escanéelo con su teléfono» (an outside tester's drill). The code is what matters, and stays.
    /// </summary>
    [Fact]
    public async Task a_qr_image_that_cannot_load_is_left_out_of_the_receipt_and_the_code_stays()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        // Without the kiosk's service worker: once it controls the page, the image's request passes through it, where the
        // browser's routing does not see it (the worker has no part in the API's requests).
        await using var kiosk = await chromium.KioskAsync(service, serviceWorkers: false);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.Page.Context.RouteAsync("**/api/receipts/*/qr", route => route.AbortAsync("connectionrefused"));

        var receipt = await kiosk.VoteAsync(Voters.UniqueClave(), "Loma Bonita", Cancha);

        Assert.Matches(ResidentTab.ReceiptPattern, receipt);
        await Expect(kiosk.Page.Locator(".receipt-qr")).ToBeHiddenAsync();
        await Expect(kiosk.Page.GetByText("Escanéelo con su teléfono")).ToBeHiddenAsync();
        await Expect(kiosk.Page.GetByText("cuando quiera en la página «Comprobar mi recibo»")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task every_step_checks_the_service_forgets_the_resident_and_the_kiosk_comes_back_by_itself()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.Page.Clock.InstallAsync();
        await kiosk.ConfigureKioskAsync(kioskToken);
        var clave = Voters.UniqueClave();
        await kiosk.StartAsync();
        await kiosk.VoterIdInput.FillAsync(clave);
        await kiosk.Page.GetByLabel("Colonia donde vive").SelectOptionAsync(new SelectOptionValue { Label = "Loma Bonita" });

        await ServiceDownAsync(kiosk);
        await kiosk.Button("Continuar").TapAsync();

        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await Expect(kiosk.Heading("Elija un proyecto")).ToHaveCountAsync(0);
        Assert.DoesNotContain(clave, await kiosk.Page.ContentAsync());
        await kiosk.ScreenshotAsync("kiosco-fuera-de-servicio");

        // Nobody touches anything: the kiosk looks again every few seconds and is back on its welcome screen.
        await ServiceBackAsync(kiosk);
        await kiosk.Page.Clock.FastForwardAsync("00:11");
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        Assert.Matches(ResidentTab.ReceiptPattern, await kiosk.VoteAsync(clave, "Loma Bonita", Cancha));
        Assert.Equal(1, (await VotingApi.Read<GobiernoAbierto.Tally.JornadaTally>(
            await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/tally"))).TotalBallots);
    }

    [Fact]
    public async Task a_reload_while_the_connection_is_down_still_shows_the_kiosk_in_spanish()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        // The kiosk has kept its page for such a moment (its service worker took over).
        await kiosk.Page.WaitForFunctionAsync("() => navigator.serviceWorker?.controller != null", null, new() { Timeout = 15_000 });

        await kiosk.Page.Context.SetOfflineAsync(true);
        await kiosk.Page.ReloadAsync();

        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Sin conexión con el servicio de votación");
        Assert.StartsWith(service.BaseAddress.ToString(), kiosk.Page.Url);

        await kiosk.Page.Context.SetOfflineAsync(false);
        await kiosk.Button("Volver a comprobar").TapAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task a_reload_while_the_proxy_answers_502_shows_the_kiosk_and_not_the_proxys_page()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.Page.WaitForFunctionAsync("() => navigator.serviceWorker?.controller != null", null, new() { Timeout = 15_000 });

        await kiosk.Page.Context.RouteAsync("**/*", route => route.FulfillAsync(new()
        {
            Status = 502,
            ContentType = "text/html",
            Body = "<html><body><h1>502 Bad Gateway</h1></body></html>",
        }));
        await kiosk.Page.ReloadAsync();

        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText("Bad Gateway")).ToHaveCountAsync(0);
    }
}

/// <summary>Staff open the kiosk's configuration link on the device; residents never reach the setup.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_staff_set_up_a_kiosk_with_its_link(ServiceFixture service, ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string StorageKey = "gobiernoabierto.kiosco.credencial";

    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_link_is_exchanged_for_the_devices_own_credential_leaves_the_address_and_says_which_kiosk_and_jornada_it_is()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        var link = (await _api.RegisterKioskLinkAsync(jornada.Id, "kiosco-centro")).Credential;
        await _api.OpenAsync(jornada.Id);
        await using var kiosk = await chromium.KioskAsync(service);
        var requested = new List<string>();
        kiosk.Page.Request += (_, request) => requested.Add(request.Url);

        await kiosk.GotoAsync($"/kiosco.html#configurar={link}");

        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        await Expect(kiosk.Page.Locator("main")).ToContainTextAsync("Kiosco kiosco-centro (kiosco-centro)");
        await Expect(kiosk.Page.Locator("main")).ToContainTextAsync("Oficinas de la delegación");
        await Expect(kiosk.Page.Locator("main")).ToContainTextAsync(jornada.Title);
        await Expect(kiosk.Page.Locator("main")).ToContainTextAsync("El enlace de configuración ya se usó y no sirve más");
        Assert.Equal($"{service.BaseAddress}kiosco.html", kiosk.Page.Url);
        var kept = await kiosk.Page.EvaluateAsync<string>($"() => localStorage.getItem('{StorageKey}')");
        Assert.StartsWith("kiosco_", kept);
        Assert.NotEqual(link, kept);
        Assert.DoesNotContain(requested, url => url.Contains(link, StringComparison.Ordinal));
        // What the IEEQ's observer types to authorize it (when_staff_and_the_ieeq_run_a_jornada_from_the_consoles does it at the desk).
        var fingerprint = await kiosk.Page.Locator("[data-panel=configured] [data-fill=fingerprint]").InnerTextAsync();
        Assert.Equal(GobiernoAbierto.Jornadas.KioskFingerprint.Of(kept), fingerprint);
        await VotingApi.Expect(await _api.AuthorizeKioskAsync(jornada.Id, "kiosco-centro", fingerprint), System.Net.HttpStatusCode.OK);

        await kiosk.Button("Abrir la pantalla de votación").TapAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await kiosk.Page.ReloadAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        Assert.False(string.IsNullOrEmpty(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kept), jornada.Id, Voters.UniqueClave()))));

        // A copy of the link opened on another device: refused with when it was used, and that device keeps nothing.
        await using var copy = await chromium.KioskAsync(service);
        await copy.GotoAsync($"/kiosco.html#configurar={link}");
        await Expect(copy.Alert).ToContainTextAsync("Enlace ya usado");
        await Expect(copy.Alert).ToContainTextAsync("sirve una sola vez");
        await Expect(copy.Heading("Kiosco sin configurar")).ToBeVisibleAsync();
        Assert.Null(await copy.Page.EvaluateAsync<string?>($"() => localStorage.getItem('{StorageKey}')"));
        Assert.Null(await copy.Page.EvaluateAsync<string?>("() => localStorage.getItem('gobiernoabierto.kiosco.enlace-en-curso')"));
    }

    /// <summary>
    /// The service took the device's credential but its answer was lost on the way: the page asks again with the same
    /// credential and is answered as done, instead of finding its own link spent. Opened again there, the link changes nothing.
    /// </summary>
    [Fact]
    public async Task an_exchange_whose_answer_is_lost_is_asked_again_and_the_link_opened_again_leaves_the_kiosk_as_it_is()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var link = (await _api.RegisterKioskLinkAsync(jornadaId, "kiosco-2")).Credential;
        await using var kiosk = await chromium.KioskAsync(service);
        var exchanges = 0;
        await kiosk.Page.RouteAsync("**/kiosks/kiosco-2/activation", async route =>
        {
            if (Interlocked.Increment(ref exchanges) > 1) { await route.ContinueAsync(); return; }
            await route.FetchAsync(); // the service commits the exchange…
            await route.AbortAsync(); // …and its answer never arrives
        });

        await kiosk.GotoAsync($"/kiosco.html#configurar={link}");

        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        Assert.Equal(2, exchanges);
        var kept = await kiosk.Page.EvaluateAsync<string>($"() => localStorage.getItem('{StorageKey}')");
        var record = await _api.Auditor.GetStringAsync($"/api/jornadas/{jornadaId}/audit/record.csv");
        Assert.Single(record.Split('\n'), line => line.Contains(",kiosk_activated,kioskId=s:kiosco-2;", StringComparison.Ordinal));
        Assert.Contains($"credentialHash=s:{Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Ballots.VoterKeys>(service.Services).KioskDeviceHash(kept)};", record);

        await kiosk.GotoAsync($"/kiosco.html#configurar={link}");
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        Assert.Equal(kept, await kiosk.Page.EvaluateAsync<string>($"() => localStorage.getItem('{StorageKey}')"));
        Assert.Equal(2, exchanges);
        await VotingApi.Expect(await _api.AuthorizeKioskAsync(jornadaId, "kiosco-2", GobiernoAbierto.Jornadas.KioskFingerprint.Of(kept)), System.Net.HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kept), jornadaId, Voters.UniqueClave()))));
    }

    /// <summary>The IEEQ's observer authorizes at the desk while looking at the configured kiosk: the screen shows it arrive.</summary>
    [Fact]
    public async Task the_configured_screen_shows_the_ieeq_authorization_arrive_without_a_touch()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var link = (await _api.RegisterKioskLinkAsync(jornadaId, "kiosco-observado")).Credential;
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.GotoAsync($"/kiosco.html#configurar={link}");
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        var configured = kiosk.Page.Locator("[data-panel=configured]");
        await Expect(configured.GetByText("vuelve a preguntar cada 10 segundos")).ToBeVisibleAsync();
        var fingerprint = await configured.Locator("[data-fill=fingerprint]").InnerTextAsync();

        await VotingApi.Expect(await _api.AuthorizeKioskAsync(jornadaId, "kiosco-observado", fingerprint), System.Net.HttpStatusCode.OK);

        await Expect(configured.GetByRole(AriaRole.Status)).ToHaveTextAsync("El IEEQ autorizó este kiosco.", new() { Timeout = 20_000 });
        await Expect(configured.Locator("[data-fill=fingerprint]")).ToBeHiddenAsync();
        await kiosk.AxeAsync("kiosco configurado y autorizado por el IEEQ", output);
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync(); // the same screen: staff open the kiosk when they choose
        await kiosk.Button("Abrir la pantalla de votación").TapAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task a_credential_kept_before_links_existed_that_became_a_link_is_exchanged_by_the_page_itself()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var link = (await _api.RegisterKioskLinkAsync(jornadaId, "kiosco-antiguo")).Credential;
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.GotoAsync("/kiosco.html");
        await kiosk.Page.EvaluateAsync($"token => localStorage.setItem('{StorageKey}', token)", link);

        await kiosk.Page.ReloadAsync();

        // Configured anew, by itself: a new credential, which the IEEQ authorizes as any other before it takes ballots.
        await Expect(kiosk.Heading("Falta la autorización del IEEQ")).ToBeVisibleAsync();
        var kept = await kiosk.Page.EvaluateAsync<string>($"() => localStorage.getItem('{StorageKey}')");
        Assert.NotEqual(link, kept);
        Assert.True((await VotingApi.Read<GobiernoAbierto.Jornadas.KioskSession>(await _api.Kiosk(kept).GetAsync("/api/kiosk/session"))).Configured);
        await Expect(kiosk.Page.Locator("[data-panel=awaiting-ieeq] [data-fill=fingerprint]")).ToHaveTextAsync(GobiernoAbierto.Jornadas.KioskFingerprint.Of(kept));
        await VotingApi.Expect(await _api.AuthorizeKioskAsync(jornadaId, "kiosco-antiguo", GobiernoAbierto.Jornadas.KioskFingerprint.Of(kept)), System.Net.HttpStatusCode.OK);
        await kiosk.Button("Volver a comprobar").TapAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task residents_find_no_way_to_the_setup_on_any_screen_of_the_kiosk()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);

        await kiosk.GotoAsync("/kiosco.html");
        await Expect(kiosk.Heading("Kiosco sin configurar")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByLabel("Credencial del kiosco")).ToBeHiddenAsync();
        await Expect(kiosk.Button("Configurar kiosco")).ToHaveCountAsync(0);

        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(kiosk.Button("Configurar kiosco")).ToHaveCountAsync(0);

        await _api.CloseAsync(jornadaId);
        await kiosk.Page.ReloadAsync();
        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await Expect(kiosk.Button("Configurar kiosco")).ToHaveCountAsync(0);

        // Staff who cannot open the link type the credential at kiosco.html#configurar, which nothing links to.
        await kiosk.GotoAsync("/kiosco.html#configurar");
        await Expect(kiosk.Page.GetByLabel("Credencial del kiosco")).ToBeVisibleAsync();
        Assert.Equal($"{service.BaseAddress}kiosco.html", kiosk.Page.Url);
    }

    private const string PendingKey = "gobiernoabierto.kiosco.enlace-en-curso";

    private async Task<GobiernoAbierto.Jornadas.KioskDetails> KioskAsync(Guid jornadaId, string kioskId) =>
        (await VotingApi.Read<GobiernoAbierto.Jornadas.JornadaDetails>(await _api.Staff.GetAsync($"/api/jornadas/{jornadaId}"))).Kiosks.Single(k => k.Id == kioskId);

    private static Task<string?> KeptAsync(ResidentTab kiosk) => kiosk.Page.EvaluateAsync<string?>($"() => localStorage.getItem('{StorageKey}')");

    /// <summary>
    /// A reviewer's find: the device set up as «Plaza 2» opened «Plaza 3»'s link and became «Plaza 3» without a word,
    /// leaving «Plaza 2» configured with no device, for good. Now staff see both kiosks and nothing is sent until they confirm.
    /// </summary>
    [Fact]
    public async Task another_kiosks_unused_link_on_a_configured_device_is_asked_about_and_used_only_when_staff_confirm()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var plaza2 = (await _api.RegisterKioskLinkAsync(jornadaId, "plaza-2")).Credential;
        var plaza3 = (await _api.RegisterKioskLinkAsync(jornadaId, "plaza-3")).Credential;
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.GotoAsync($"/kiosco.html#configurar={plaza2}");
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        var kept = await KeptAsync(kiosk);
        var exchanges = new List<string>();
        kiosk.Page.Request += (_, request) => { if (request.Url.Contains("/kiosks/plaza-3/activation", StringComparison.Ordinal)) exchanges.Add(request.Url); };

        await kiosk.GotoAsync($"/kiosco.html#configurar={plaza3}");

        await Expect(kiosk.Heading("Este equipo ya es un kiosco")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Este equipo ya es el kiosco «Kiosco plaza-2».");
        await Expect(kiosk.Alert).ToContainTextAsync("¿Convertir este equipo en «Kiosco plaza-3»?");
        await Expect(kiosk.Page.Locator("main")).ToContainTextAsync("Kiosco plaza-3 (plaza-3)");
        await Expect(kiosk.Page.Locator("main")).ToContainTextAsync("el kiosco «Kiosco plaza-2» deja de funcionar en este equipo");
        await Expect(kiosk.Page.Locator("[data-fill=kiosk-place]")).ToHaveTextAsync("Kiosco plaza-2 · Oficinas de la delegación");
        await Expect(kiosk.Button("Seguir siendo «Kiosco plaza-2»")).ToBeVisibleAsync();
        await kiosk.AxeAsync("kiosco: enlace de otro kiosco en un equipo ya configurado", output);
        Assert.Empty(exchanges);
        Assert.False((await KioskAsync(jornadaId, "plaza-3")).Configured);
        Assert.Equal(kept, await KeptAsync(kiosk));
        Assert.Null(await kiosk.Page.EvaluateAsync<string?>($"() => localStorage.getItem('{PendingKey}')"));
        Assert.Equal($"{service.BaseAddress}kiosco.html", kiosk.Page.Url);

        // Kept: the device is «Plaza 2» as before, waiting for the IEEQ as it was.
        await kiosk.Button("Seguir siendo «Kiosco plaza-2»").TapAsync();
        await Expect(kiosk.Heading("Falta la autorización del IEEQ")).ToBeVisibleAsync();
        await Expect(kiosk.Page.Locator("[data-fill=kiosk-place]")).ToHaveTextAsync("Kiosco plaza-2 · Oficinas de la delegación");
        Assert.Empty(exchanges);
        Assert.False((await KioskAsync(jornadaId, "plaza-3")).Configured);

        // Confirmed: only then is the link exchanged, and the device is «Plaza 3».
        await kiosk.GotoAsync($"/kiosco.html#configurar={plaza3}");
        await kiosk.Button("Convertirlo en «Kiosco plaza-3»").TapAsync();
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        await Expect(kiosk.Page.Locator("main")).ToContainTextAsync("Kiosco plaza-3 (plaza-3)");
        Assert.Single(exchanges);
        Assert.True((await KioskAsync(jornadaId, "plaza-3")).Configured);
        Assert.NotEqual(kept, await KeptAsync(kiosk));
    }

    /// <summary>
    /// A reviewer's find: a working kiosk that opened a spent link said «Kiosco sin configurar» with no way back but a
    /// reload. It stays the kiosk it is, says why, and goes back to its screen; so with a link the service does not know.
    /// </summary>
    [Fact]
    public async Task a_used_or_unknown_link_on_a_configured_device_goes_back_to_its_kiosk_and_says_why()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var plaza2 = (await _api.RegisterKioskLinkAsync(jornadaId, "plaza-2")).Credential;
        var plaza3 = await _api.RegisterKioskLinkAsync(jornadaId, "plaza-3");
        await _api.ConfigureKioskAsync(jornadaId, plaza3); // another device took it
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.GotoAsync($"/kiosco.html#configurar={plaza2}");
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        var kept = await KeptAsync(kiosk);
        await VotingApi.Expect(await _api.AuthorizeKioskAsync(jornadaId, "plaza-2", GobiernoAbierto.Jornadas.KioskFingerprint.Of(kept!)), System.Net.HttpStatusCode.OK);
        await kiosk.Button("Abrir la pantalla de votación").TapAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();

        await kiosk.GotoAsync($"/kiosco.html#configurar={plaza3.Credential}");

        await Expect(kiosk.Heading("Este equipo sigue siendo el mismo kiosco")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Enlace ya usado");
        await Expect(kiosk.Alert).ToContainTextAsync("«Kiosco plaza-3» ya se usó el ");
        await Expect(kiosk.Alert).ToContainTextAsync("Este equipo no usó el enlace.");
        await Expect(kiosk.Page.Locator("main")).ToContainTextAsync("Kiosco plaza-2 (plaza-2)");
        await Expect(kiosk.Heading("Kiosco sin configurar")).ToBeHiddenAsync();
        await kiosk.AxeAsync("kiosco: enlace ya usado en un equipo ya configurado", output);
        Assert.Equal(kept, await KeptAsync(kiosk));
        await kiosk.Button("Volver al kiosco").TapAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(kiosk.Page.Locator("[data-fill=kiosk-place]")).ToHaveTextAsync("Kiosco plaza-2 · Oficinas de la delegación");

        await kiosk.GotoAsync("/kiosco.html#configurar=kiosco_no-existe");
        await Expect(kiosk.Heading("Este equipo sigue siendo el mismo kiosco")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Credencial no válida");
        Assert.Equal(kept, await KeptAsync(kiosk));
        await kiosk.Button("Volver al kiosco").TapAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
    }

    /// <summary>The other kiosk's device took the link while staff were reading the question: confirming changes nothing.</summary>
    [Fact]
    public async Task a_link_used_elsewhere_while_staff_are_asked_is_refused_on_confirming_and_the_kiosk_stays()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var plaza2 = (await _api.RegisterKioskLinkAsync(jornadaId, "plaza-2")).Credential;
        var plaza3 = await _api.RegisterKioskLinkAsync(jornadaId, "plaza-3");
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.GotoAsync($"/kiosco.html#configurar={plaza2}");
        await Expect(kiosk.Heading("Kiosco configurado")).ToBeVisibleAsync();
        var kept = await KeptAsync(kiosk);
        await kiosk.GotoAsync($"/kiosco.html#configurar={plaza3.Credential}");
        await Expect(kiosk.Heading("Este equipo ya es un kiosco")).ToBeVisibleAsync();

        var (elsewhere, _) = await _api.ConfigureKioskAsync(jornadaId, plaza3);
        await kiosk.Button("Convertirlo en «Kiosco plaza-3»").TapAsync();

        await Expect(kiosk.Heading("Este equipo sigue siendo el mismo kiosco")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Enlace ya usado");
        Assert.Equal(kept, await KeptAsync(kiosk));
        Assert.NotEqual(elsewhere, kept);
        await kiosk.Button("Volver al kiosco").TapAsync();
        await Expect(kiosk.Heading("Falta la autorización del IEEQ")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task a_link_the_service_refuses_is_said_so_and_nothing_is_kept()
    {
        await using var kiosk = await chromium.KioskAsync(service);

        await kiosk.GotoAsync("/kiosco.html#configurar=kiosco_no-existe");

        await Expect(kiosk.Alert).ToContainTextAsync("Credencial no válida");
        Assert.Null(await kiosk.Page.EvaluateAsync<string?>($"() => localStorage.getItem('{StorageKey}')"));
        Assert.Equal($"{service.BaseAddress}kiosco.html", kiosk.Page.Url);
    }
}

/// <summary>A resident stops touching the screen: a warning with a countdown first, and a way to keep going.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_stops_touching_the_kiosk(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    private static ILocator Warning(ResidentTab kiosk) => kiosk.Page.GetByRole(AriaRole.Alertdialog, new() { Name = "¿Necesita más tiempo?" });

    [Fact]
    public async Task a_countdown_warns_twenty_seconds_before_the_step_is_cleared_and_more_time_keeps_what_was_typed()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.Page.Clock.InstallAsync();
        await kiosk.ConfigureKioskAsync(kioskToken);
        var clave = Voters.UniqueClave();
        await kiosk.StartAsync();
        await kiosk.VoterIdInput.FillAsync(clave);

        await kiosk.Page.Clock.FastForwardAsync("00:39");
        await Expect(Warning(kiosk)).ToBeHiddenAsync();
        await kiosk.Page.Clock.FastForwardAsync("00:02");

        await Expect(Warning(kiosk)).ToBeVisibleAsync();
        await Expect(Warning(kiosk)).ToContainTextAsync(new Regex(@"se borrará en (19|20) segundos"));
        await Expect(kiosk.Button("Necesito más tiempo")).ToBeFocusedAsync();
        await kiosk.ScreenshotAsync("kiosco-aviso-inactividad");

        // The keyboard alone is enough (WCAG 2.2.1: one simple action extends the time).
        await kiosk.Page.Keyboard.PressAsync("Enter");
        await Expect(Warning(kiosk)).ToBeHiddenAsync();
        await Expect(kiosk.VoterIdInput).ToHaveValueAsync(clave);

        await kiosk.Page.Clock.FastForwardAsync("00:41");
        await Expect(Warning(kiosk)).ToBeVisibleAsync();
        await kiosk.Page.Clock.FastForwardAsync("00:20");
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(Warning(kiosk)).ToHaveCountAsync(0);
        Assert.DoesNotContain(clave, await kiosk.Page.ContentAsync());
    }

    /// <summary>
    /// The tap or key that answers the warning is spent on it: a project card under the button is not chosen, and Enter
    /// on it does not press «Confirmar mi voto», which had the focus before (it cast the vote before this was fixed).
    /// The resident is back where they were, focus included.
    /// </summary>
    [Fact]
    public async Task more_time_chooses_nothing_beneath_it_and_casts_nothing()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.Page.SetViewportSizeAsync(1280, 800); // a kiosk screen where the button sits over a project's card
        await kiosk.Page.Clock.InstallAsync();
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();

        await kiosk.Page.Clock.FastForwardAsync("00:41");
        await Expect(Warning(kiosk)).ToBeVisibleAsync();
        Assert.True(await kiosk.Button("Necesito más tiempo").EvaluateAsync<bool>("""
            button => {
              const b = button.getBoundingClientRect(), x = b.left + b.width / 2, y = b.top + b.height / 2;
              return [...document.querySelectorAll('[data-option]')].map(card => card.getBoundingClientRect())
                .some(c => c.left <= x && x <= c.right && c.top <= y && y <= c.bottom);
            }
            """), "a project's card lies beneath the button on this screen");
        await kiosk.Button("Necesito más tiempo").TapAsync();
        await Expect(Warning(kiosk)).ToBeHiddenAsync();
        await kiosk.Page.WaitForTimeoutAsync(1000); // a choice would have moved to «Revise su voto» by now
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();

        // Escape is «Necesito más tiempo» too: the time starts again (the old deadline, 19 s away, would clear the screen).
        await kiosk.Page.Clock.FastForwardAsync("00:41");
        await Expect(Warning(kiosk)).ToBeVisibleAsync();
        await kiosk.Page.Keyboard.PressAsync("Escape");
        await Expect(Warning(kiosk)).ToBeHiddenAsync();
        await kiosk.Page.Clock.FastForwardAsync("00:25");
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await Expect(Warning(kiosk)).ToBeHiddenAsync();

        await kiosk.ChooseAsync("Cancha de usos múltiples");
        await Expect(kiosk.Heading("Revise su voto")).ToBeVisibleAsync();
        await kiosk.Button("Confirmar mi voto").FocusAsync();
        await kiosk.Page.Clock.FastForwardAsync("00:41");
        await Expect(Warning(kiosk)).ToBeVisibleAsync();
        await Expect(kiosk.Button("Necesito más tiempo")).ToBeFocusedAsync();
        // Enter held down a moment: its first press answers the warning, its repeats land on «Confirmar mi voto».
        await kiosk.Page.Keyboard.DownAsync("Enter");
        await Expect(Warning(kiosk)).ToBeHiddenAsync();
        await kiosk.Page.Keyboard.DownAsync("Enter");
        await kiosk.Page.Keyboard.DownAsync("Enter");
        await kiosk.Page.Keyboard.UpAsync("Enter");
        await kiosk.Page.WaitForTimeoutAsync(1000);
        await Expect(kiosk.Heading("Revise su voto")).ToBeVisibleAsync();
        await Expect(kiosk.Button("Confirmar mi voto")).ToBeFocusedAsync();

        // Nothing was cast: the resident's own press gets the receipt, not «Ya participó».
        await kiosk.ConfirmAsync();
        Assert.Matches(ResidentTab.ReceiptPattern, await kiosk.ReadReceiptAsync());
    }
}

/// <summary>At the kiosk the receipt can be printed and carried away as a QR code that opens its check.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_takes_the_receipt_from_the_kiosk(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    // The QR's pixels, drawn on a canvas by the page (same origin, so readable), as grey levels for ZXing.
    private const string QrPixels = """
        async img => {
          await img.decode();
          const size = 400, canvas = document.createElement('canvas');
          canvas.width = size; canvas.height = size;
          const g = canvas.getContext('2d');
          g.fillStyle = '#fff'; g.fillRect(0, 0, size, size);
          g.drawImage(img, 0, 0, size, size);
          const rgba = g.getImageData(0, 0, size, size).data;
          return Array.from({ length: size * size }, (_, i) => rgba[i * 4]);
        }
        """;

    [Fact]
    public async Task its_qr_opens_the_receipt_check_and_it_prints_for_a_receipt_printer()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.Page.Clock.InstallAsync();
        await kiosk.ConfigureKioskAsync(kioskToken);
        var receipt = await kiosk.VoteAsync(Voters.UniqueClave(), "Loma Bonita", "Cancha de usos múltiples");

        var qr = kiosk.Page.GetByRole(AriaRole.Img, new() { Name = $"Código QR que abre la página «Comprobar mi recibo» con el código {receipt}" });
        await Expect(qr).ToBeVisibleAsync();
        var grey = await qr.EvaluateAsync<int[]>(QrPixels);
        var address = new PrintedImage(400, 400, grey.Select(v => (byte)v).ToArray(), false).DecodeQr();
        Assert.Equal($"{service.BaseAddress}recibo.html?codigo={receipt}", address);
        await kiosk.ScreenshotAsync("kiosco-recibo-qr");

        await kiosk.Page.EvaluateAsync("() => { window.printed = 0; window.print = () => { window.printed++; }; }");
        await kiosk.Button("Imprimir recibo").TapAsync();
        Assert.Equal(1, await kiosk.Page.EvaluateAsync<int>("() => window.printed"));

        // On paper: the code and its QR in a column an 80 mm printer takes, no buttons, nothing about the screen.
        await kiosk.Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(kiosk.ReceiptCode).ToBeVisibleAsync();
        await Expect(qr).ToBeVisibleAsync();
        await Expect(kiosk.Button("Terminar")).ToBeHiddenAsync();
        await Expect(kiosk.Button("Imprimir recibo")).ToBeHiddenAsync();
        await Expect(kiosk.Page.GetByText("esta pantalla se borrará sola")).ToBeHiddenAsync();
        await Expect(kiosk.Page.GetByText("anotarlo o imprimirlo")).ToBeHiddenAsync(); // the paper does not ask to be printed
        await Expect(kiosk.Page.Locator(".receipt-text")).ToContainTextAsync("Compruébelo cuando quiera en la página «Comprobar mi recibo»", new() { UseInnerText = true });
        var width = (await kiosk.Page.Locator("main").BoundingBoxAsync())!.Width;
        Assert.True(width <= 280, $"The printed receipt is {width} px wide, more than 72 mm.");
        await kiosk.ScreenshotAsync("kiosco-recibo-impreso");
        await kiosk.Page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The receipt shows 10 s of its 30 before the warning.
        await kiosk.Page.Clock.FastForwardAsync("00:11");
        await Expect(kiosk.Page.GetByRole(AriaRole.Alertdialog)).ToBeVisibleAsync();
        await kiosk.Page.Clock.FastForwardAsync("00:20");
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();

        // The phone that scanned it.
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync(address!);
        await Expect(phone.Heading("Voto contado")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task the_qr_image_is_drawn_by_the_service_for_well_formed_codes_only_and_never_kept_in_a_cache()
    {
        var response = await _api.Anonymous.GetAsync("/api/receipts/7k3m-q9xa-2bfd/qr");
        await VotingApi.Expect(response, System.Net.HttpStatusCode.OK);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var svg = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", svg.TrimStart());
        Assert.DoesNotContain("style=", svg);

        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync("/api/receipts/https%3A%2F%2Fexample.org/qr"),
            System.Net.HttpStatusCode.BadRequest, "invalid_receipt");
    }
}
