using System.Net.Http.Json;
using GobiernoAbierto.Jornadas;
using System.Net;
using System.Text.RegularExpressions;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_votes_at_the_kiosk(ServiceFixture service, ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Cancha = "Cancha de usos múltiples";
    private const string Banquetas = "Banquetas y alumbrado";

    private readonly VotingApi _api = new(service);

    private async Task<JornadaTally> TallyAsync(Guid jornadaId) =>
        await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/tally"));

    /// <summary>
    /// At a kiosk too, a choice confirmed a minute after the close was refused with no warning: in the last quarter of an
    /// hour the welcome and confirmation screens say how long is left, and the count goes on while the screen waits.
    /// </summary>
    [Fact]
    public async Task in_the_last_minutes_the_kiosk_says_how_long_is_left_and_keeps_counting()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now, closesIn: TimeSpan.FromMinutes(12.5)));
        await _api.SetOptionsAsync(jornada.Id);
        var kioskToken = await _api.RegisterKioskAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id);
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.Page.Clock.InstallAsync(new() { TimeDate = service.Clock.GetUtcNow().UtcDateTime }); // the kiosk's clock as the service's
        await kiosk.ConfigureKioskAsync(kioskToken);

        var notice = kiosk.Page.Locator("[data-screen=welcome] [data-closing-soon]");
        var closes = $"cierra el {QueretaroTime.Format(jornada.VotingClosesAt)} (hora del centro de México), y un voto confirmado después ya no se recibe.";
        await Expect(notice).ToHaveTextAsync($"Quedan 12 minutos para votar: {closes}");
        await kiosk.AxeAsync("kiosco a 12 minutos del cierre", output);
        // The welcome screen may stand for minutes between residents: what it says follows the clock.
        await kiosk.Page.Clock.FastForwardAsync("03:00");
        await Expect(notice).ToHaveTextAsync($"Quedan 9 minutos para votar: {closes}");

        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);
        await Expect(kiosk.Page.Locator("[data-screen=confirm] [data-closing-soon]")).ToContainTextAsync("minutos para votar: cierra el");
    }

    [Fact]
    public async Task staff_set_the_kiosk_up_and_the_resident_gets_a_receipt_that_is_counted()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);

        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Page.GetByText("Paso 1 de 5: Inicio")).ToBeVisibleAsync();
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText("Toque el proyecto que prefiere.")).ToBeVisibleAsync(); // a touch screen
        await kiosk.ScreenshotAsync("kiosco-eleccion");
        await kiosk.ChooseAsync(Cancha);
        await Expect(kiosk.Page.GetByText($"Proyecto A: {Cancha}")).ToBeVisibleAsync();
        await kiosk.ConfirmAsync();
        var receipt = await kiosk.ReadReceiptAsync();
        await Expect(kiosk.Page.GetByText("no lo comparta con nadie")).ToBeVisibleAsync();
        await kiosk.ScreenshotAsync("kiosco-recibo");

        Assert.Matches(ResidentTab.ReceiptPattern, receipt);

        await kiosk.GotoAsync($"/recibo.html?codigo={receipt}");
        await Expect(kiosk.Heading("Voto contado")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText("aquí nunca se muestra por quién votó")).ToBeVisibleAsync();

        var tally = await TallyAsync(jornadaId);
        Assert.Equal(1, tally.TotalBallots);
        Assert.Equal(1, tally.Options.Single(o => o.OptionId == "A").Votes);
        Assert.Equal(0, tally.Options.Single(o => o.OptionId == "B").Votes);
        Assert.Equal(1, tally.ByChannel["kiosk"]);
    }

    /// <summary>
    /// On a shorter landscape screen (a tablet's 1280×800, a small laptop's 1366×768) each step's way on is on screen as
    /// the step comes, the page not scrolled: a resident at a kiosk does not know to scroll for the one button that moves
    /// on. With a title and works described as long as the sample Jornada's.
    /// </summary>
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(1366, 768)]
    [InlineData(1280, 1024)]
    public async Task on_a_short_landscape_screen_each_steps_way_on_shows_without_scrolling(int width, int height)
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()) with
        {
            Title = "Jornada de Participación 2020 — Delegaciones Félix Osores Sotomayor y Felipe Carrillo Puerto",
        });
        await _api.SetOptionsAsync(jornada.Id, new([
            new("Rehabilitación de cancha de usos múltiples y área verde", "Rehabilitar la cancha y el área verde comunitaria con alumbrado, bancas y rampas de acceso.", 2_400_000m),
            new("Banquetas seguras y alumbrado público", "Construir banquetas accesibles y colocar luminarias LED en la ruta a la escuela y al transporte público.", 1_850_000m),
        ]));
        var kioskToken = await _api.RegisterKioskAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id);
        await using var kiosk = await chromium.KioskAsync(service, width, height);
        await kiosk.ConfigureKioskAsync(kioskToken);
        var size = $"{width}x{height}";
        ILocator Screen(string name) => kiosk.Page.Locator($"[data-panel=flow] [data-screen={name}]");
        ILocator ButtonOn(string screen, string name) => Screen(screen).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
        output.WriteLine($"{size}: header {await kiosk.Page.Locator(".site-header").EvaluateAsync<double>("e => e.getBoundingClientRect().height")} px");

        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await AssertOnScreenAsync(kiosk, $"{size} bienvenida", ButtonOn("welcome", "Comenzar"));
        await kiosk.StartAsync();

        await Expect(kiosk.Heading("Sus datos")).ToBeVisibleAsync();
        await AssertOnScreenAsync(kiosk, $"{size} sus datos", ButtonOn("identify", "Continuar"));
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");

        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();
        // Each card is a button; «Elegir este proyecto» at its foot is where a resident looks to tap, for either project.
        await AssertOnScreenAsync(kiosk, $"{size} elija un proyecto", Screen("choose").Locator(".option-cta").First, Screen("choose").Locator(".option-cta").Last);
        await kiosk.AxeAsync($"kiosco {size} elija un proyecto", output);
        await kiosk.ChooseAsync("Banquetas seguras y alumbrado público");

        await Expect(kiosk.Heading("Revise su voto")).ToBeVisibleAsync();
        await AssertOnScreenAsync(kiosk, $"{size} revise su voto", ButtonOn("confirm", "Confirmar mi voto"));
        await kiosk.ConfirmAsync();

        await kiosk.ReadReceiptAsync();
        var qr = Screen("receipt").Locator(".receipt-qr img");
        await Expect(qr).ToHaveJSPropertyAsync("complete", true);
        // The QR to read with a phone is on screen too, beside the way to finish.
        await AssertOnScreenAsync(kiosk, $"{size} recibo", ButtonOn("receipt", "Terminar"), qr);
        // (Not tapped: on a loaded machine the receipt's own inactivity warning can open over it while axe runs.)
        await kiosk.AxeAsync($"kiosco {size} recibo con QR", output);
    }

    /// <summary>
    /// Each of <paramref name="targets"/> lies whole inside the screen as the page is, and the page is not scrolled (a
    /// tap of Playwright's scrolls to its target first, so a step that needed scrolling leaves the next one scrolled).
    /// </summary>
    private async Task AssertOnScreenAsync(ResidentTab kiosk, string step, params ILocator[] targets)
    {
        await kiosk.ScreenshotAsync("kiosco-" + step.Replace(' ', '-'), fullPage: false);
        var window = await kiosk.Page.EvaluateAsync<double[]>("() => [window.scrollY, window.innerWidth, window.innerHeight]");
        var (scrollY, innerWidth, innerHeight) = (window[0], window[1], window[2]);
        Assert.True(scrollY == 0, $"{step}: the page is scrolled {scrollY} px down.");
        foreach (var target in targets)
        {
            await Expect(target).ToBeVisibleAsync();
            var box = await target.EvaluateAsync<double[]>("e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }");
            var name = await target.EvaluateAsync<string>("e => e.textContent.trim() || e.alt");
            output.WriteLine($"{step}: «{name}» from {box[1]:0} to {box[3]:0} px of {innerHeight:0}");
            Assert.True(box[0] >= 0 && box[1] >= 0 && box[2] <= innerWidth && box[3] <= innerHeight,
                $"{step}: «{name}» is at {box[0]:0},{box[1]:0} to {box[2]:0},{box[3]:0}, outside the {innerWidth:0}×{innerHeight:0} screen.");
        }
    }

    [Fact]
    public async Task the_same_person_voting_again_is_told_ya_participo_and_nothing_more_is_counted()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        var clave = Voters.UniqueClave();
        await kiosk.VoteAsync(clave, "Loma Bonita", Cancha);
        await kiosk.Button("Terminar").TapAsync();

        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(clave, "San Pedro Mártir");
        await kiosk.ChooseAsync(Banquetas);
        await kiosk.ConfirmAsync();

        await Expect(kiosk.Heading("Ya participó")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText("Esta persona ya emitió su voto")).ToBeVisibleAsync();
        // Someone who has not voted learns what to do about it, where they stand.
        await Expect(kiosk.Page.GetByText("Si usted no ha votado en esta Jornada, avíselo al personal municipal del kiosco")).ToBeVisibleAsync();
        await kiosk.Button("Terminar").TapAsync();
        await Expect(kiosk.Button("Comenzar")).ToBeVisibleAsync();

        var tally = await TallyAsync(jornadaId);
        Assert.Equal(1, tally.TotalBallots);
        Assert.Equal(1, tally.Options.Single(o => o.OptionId == "A").Votes);
        Assert.Equal(0, tally.Options.Single(o => o.OptionId == "B").Votes);
    }

    [Fact]
    public async Task a_malformed_clave_is_refused_by_its_name_on_the_identifier_step_and_can_be_corrected()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.StartAsync();

        // Too short: the page itself asks for 18 characters and does not move on.
        await kiosk.IdentifyAsync("gomv800705", "Loma Bonita");
        await Expect(kiosk.Page.GetByText("Debe tener 18 caracteres; escribió 10.")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText("Paso 2 de 5: Sus datos")).ToBeVisibleAsync();

        // 18 characters but no such birth month: the page checks the format as the service does, before the choice, so
        // the resident does not choose only to be sent back here after «Confirmar mi voto».
        const string malformed = "GOMVLR80130522M100";
        await kiosk.IdentifyAsync(malformed.ToLowerInvariant(), "Loma Bonita");

        // The service's word is «identificador»; the resident reads the name of what they typed.
        await Expect(kiosk.Alert).ToContainTextAsync("Clave de elector no válida");
        await Expect(kiosk.Alert).ToContainTextAsync("La clave de elector no tiene el formato esperado. Revise, carácter por carácter, que sea igual a la de su credencial del INE.");
        await Expect(kiosk.Alert).Not.ToContainTextAsync("Escriba"); // the field's hint, right under it, is not said again
        await Expect(kiosk.Page.Locator("main")).Not.ToContainTextAsync("dentificador");
        await Expect(kiosk.Heading("Sus datos")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText("Paso 2 de 5: Sus datos")).ToBeVisibleAsync();
        await Expect(kiosk.VoterIdInput).ToHaveValueAsync(malformed);
        await Expect(kiosk.VoterIdInput).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeHiddenAsync();
        Assert.Equal(0, (await TallyAsync(jornadaId)).TotalBallots);

        // Corrected, the same resident goes on and votes.
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);
        await kiosk.ConfirmAsync();
        Assert.Matches(ResidentTab.ReceiptPattern, await kiosk.ReadReceiptAsync());
        Assert.Equal(1, (await TallyAsync(jornadaId)).TotalBallots);
    }

    [Fact]
    public async Task a_ballot_sent_before_with_other_data_tells_the_resident_to_ask_the_kiosks_staff()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service, serviceWorkers: false);
        await kiosk.ConfigureKioskAsync(kioskToken);
        // The service's answer when a retry's key came with another choice: the first may have been saved.
        await kiosk.Page.RouteAsync("**/ballots", route => route.FulfillAsync(new()
        {
            Status = 422,
            ContentType = "application/problem+json",
            Body = """{"code":"idempotency_key_other_ballot","title":"Clave de reintento de otro voto","status":422,"detail":"La clave Idempotency-Key ya se usó con otra elección o colonia."}""",
        }));
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);
        await kiosk.ConfirmAsync();

        await Expect(kiosk.Heading("Su voto ya se había enviado")).ToBeVisibleAsync();
        await Expect(kiosk.Page.Locator("main")).ToContainTextAsync("Avise al personal municipal del kiosco.");
        // A kiosk resident may have no letter with a code to ask that page with.
        await Expect(kiosk.Page.Locator("main")).Not.ToContainTextAsync("¿Alguien votó con mis datos?");
    }

    [Fact]
    public async Task a_clave_not_on_the_roll_is_said_by_its_name_on_the_identifier_step_and_can_be_corrected()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        await _api.SetOptionsAsync(jornada.Id);
        var kioskToken = await _api.RegisterKioskAsync(jornada.Id);
        var onRoll = Voters.UniqueClave();
        await _api.LoadRollCsvAsync(jornada.Id, [onRoll]);
        await _api.OpenAsync(jornada.Id);
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);

        // One character typed wrong is another well-formed clave, which only the roll can tell apart: said at «Continuar»,
        // before the resident chooses.
        var typo = onRoll[..^1] + (onRoll[^1] == '1' ? '2' : '1');
        await kiosk.StartAsync();
        await kiosk.VoterIdInput.FillAsync(typo);
        await kiosk.Button("Continuar").TapAsync();

        await Expect(kiosk.Heading("Sus datos")).ToBeVisibleAsync();
        await Expect(kiosk.Heading("Elija un proyecto")).ToHaveCountAsync(0);
        await Expect(kiosk.Alert).ToContainTextAsync("Clave de elector fuera del padrón");
        await Expect(kiosk.Alert).ToContainTextAsync("Revise, letra por letra, que sea igual a la de su credencial del INE");
        await Expect(kiosk.Alert).ToContainTextAsync("pida ayuda al personal municipal del kiosco");
        await Expect(kiosk.Page.Locator("main")).Not.ToContainTextAsync("dentificador");
        await Expect(kiosk.VoterIdInput).ToHaveValueAsync(typo);
        await Expect(kiosk.VoterIdInput).ToHaveAttributeAsync("aria-invalid", "true");

        await kiosk.VoterIdInput.FillAsync(onRoll);
        await kiosk.Button("Continuar").TapAsync();
        await kiosk.ChooseAsync(Cancha);
        await kiosk.ConfirmAsync();
        Assert.Matches(ResidentTab.ReceiptPattern, await kiosk.ReadReceiptAsync());
        Assert.Equal(1, (await TallyAsync(jornada.Id)).TotalBallots);
        await kiosk.Button("Terminar").TapAsync();

        // When that check cannot answer, the resident goes on and the ballot's own check says it, back on this step.
        await kiosk.Page.RouteAsync("**/voter-roll-check", route => route.AbortAsync("connectionrefused"));
        await kiosk.StartAsync();
        await kiosk.VoterIdInput.FillAsync(typo);
        await kiosk.Button("Continuar").TapAsync();
        await kiosk.ChooseAsync(Cancha);
        await kiosk.ConfirmAsync();
        await Expect(kiosk.Heading("Sus datos")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Clave de elector fuera del padrón");
        await Expect(kiosk.VoterIdInput).ToHaveValueAsync(typo);
        Assert.Equal(1, (await TallyAsync(jornada.Id)).TotalBallots);
    }

    [Fact]
    public async Task a_double_tap_on_a_project_card_stops_at_the_review_and_casts_nothing()
    {
        // Works described as the sample Jornada's are: cards tall enough to reach where «Confirmar mi voto» appears.
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        var jornadaId = jornada.Id;
        await _api.SetOptionsAsync(jornadaId, new([
            new("Rehabilitación de cancha de usos múltiples y área verde", "Rehabilitar la cancha y el área verde comunitaria con alumbrado, bancas y rampas de acceso.", 2_400_000m),
            new($"{Banquetas} en la ruta a la escuela", "Construir banquetas accesibles y colocar luminarias LED en la ruta a la escuela y al transporte público.", 1_850_000m),
        ]));
        var kioskToken = await _api.RegisterKioskAsync(jornadaId);
        await _api.OpenAsync(jornadaId);
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.Page.Clock.InstallAsync(); // for the double taps (DoubleTapAsync)
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        var settled = kiosk.Page.Locator(".screen.settling");
        // Where «Confirmar mi voto» appears on the review, and the card under that place on the choice.
        await kiosk.ChooseAsync(Banquetas);
        var confirm = (await kiosk.Button("Confirmar mi voto").BoundingBoxAsync())!;
        await kiosk.Button("Cambiar").TapAsync();
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await Expect(settled).ToHaveCountAsync(0);
        var card = (await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = Banquetas }).BoundingBoxAsync())!;
        var (left, right) = (Math.Max(card.X, confirm.X), Math.Min(card.X + card.Width, confirm.X + confirm.Width));
        var (top, bottom) = (Math.Max(card.Y, confirm.Y), Math.Min(card.Y + card.Height, confirm.Y + confirm.Height));
        Assert.True(left < right && top < bottom, "«Confirmar mi voto» is not where the card was: this scenario proves nothing on this layout.");
        var (x, y) = ((left + right) / 2, (top + bottom) / 2);

        await kiosk.DoubleTapAsync(x, y, kiosk.Heading("Revise su voto"));

        await Expect(kiosk.Heading("Revise su voto")).ToBeVisibleAsync();
        await kiosk.Page.WaitForTimeoutAsync(1000);
        await Expect(kiosk.Heading("Revise su voto")).ToBeVisibleAsync();
        Assert.Equal(0, (await TallyAsync(jornadaId)).TotalBallots);

        // A deliberate tap confirms as usual, and its double does not clear the receipt that takes its place.
        await Expect(settled).ToHaveCountAsync(0);
        var (cx, cy) = (confirm.X + confirm.Width / 2, confirm.Y + confirm.Height / 2);
        await kiosk.DoubleTapAsync(cx, cy, kiosk.Heading("Su voto fue registrado"));
        await kiosk.ReadReceiptAsync();
        await kiosk.Page.WaitForTimeoutAsync(1000);
        await Expect(kiosk.Heading("Su voto fue registrado")).ToBeVisibleAsync();
        Assert.Equal(1, (await TallyAsync(jornadaId)).TotalBallots);
    }

    [Fact]
    public async Task a_refusal_for_the_hours_the_jornada_does_not_confirm_starts_over_saying_why()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service, serviceWorkers: false);
        await kiosk.ConfigureKioskAsync(kioskToken);
        // The service refused the ballot for its hours (its clock a moment off the kiosk's check), while the Jornada,
        // read again, takes ballots: the resident is back at the start and reads why.
        const string detail = "Solo se reciben votos del 18/10/2020 08:00 al 18/10/2020 17:00 (hora del centro de México).";
        await kiosk.Page.RouteAsync("**/ballots", route => route.FulfillAsync(new()
        {
            Status = 409,
            ContentType = "application/problem+json",
            Body = $$"""{"code":"outside_voting_window","title":"Fuera del horario de votación","status":409,"detail":"{{detail}}"}""",
        }));
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);
        await kiosk.ConfirmAsync();

        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Fuera del horario de votación");
        await Expect(kiosk.Alert).ToContainTextAsync(detail);
        await Expect(kiosk.Alert).ToContainTextAsync("Su voto no se registró.");
        Assert.Equal(0, (await TallyAsync(jornadaId)).TotalBallots);

        // The next step, or the next person, no longer reads it.
        await kiosk.StartAsync();
        await Expect(kiosk.Heading("Sus datos")).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByText(detail)).ToBeHiddenAsync();
    }

    [Fact]
    public async Task terminar_leaves_nothing_of_the_resident_on_the_shared_screen()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        var clave = Voters.UniqueClave();
        var receipt = await kiosk.VoteAsync(clave, "Loma Bonita", Cancha);

        await kiosk.Button("Terminar").TapAsync();

        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(kiosk.VoterIdInput).ToHaveValueAsync("");
        await AssertForgottenAsync(kiosk, clave, receipt);
        await kiosk.StartAsync();
        await Expect(kiosk.VoterIdInput).ToBeEmptyAsync();
    }

    /// <summary>
    /// The online page keeps its receipt for a reload (votar.js); a kiosk must not: the next person there would find the
    /// last resident's receipt on the screen.
    /// </summary>
    [Fact]
    public async Task a_reload_on_the_receipt_shows_the_next_person_the_welcome_screen_not_the_receipt()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        var receipt = await kiosk.VoteAsync(Voters.UniqueClave(), "Loma Bonita", Cancha);

        await kiosk.Page.ReloadAsync();

        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(kiosk.ReceiptCode).ToBeHiddenAsync();
        await AssertForgottenAsync(kiosk, receipt);
        Assert.Equal(0, await kiosk.Page.EvaluateAsync<int>("() => sessionStorage.length"));
    }

    [Fact]
    public async Task a_resident_who_walks_away_is_forgotten_after_a_minute()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.Page.Clock.InstallAsync();
        await kiosk.ConfigureKioskAsync(kioskToken);
        var clave = Voters.UniqueClave();
        await kiosk.StartAsync();
        await kiosk.VoterIdInput.FillAsync(clave);

        await kiosk.Page.Clock.FastForwardAsync("00:50");
        await Expect(kiosk.Heading("Sus datos")).ToBeVisibleAsync();
        await kiosk.Page.Clock.FastForwardAsync("00:11");

        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await AssertForgottenAsync(kiosk, clave);
    }

    [Fact]
    public async Task an_answer_lost_on_the_network_is_retried_with_the_same_key_and_counted_once()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service, serviceWorkers: false);
        await kiosk.ConfigureKioskAsync(kioskToken);
        var keys = new List<string>();
        await kiosk.Page.RouteAsync("**/ballots", async route =>
        {
            keys.Add(route.Request.Headers["idempotency-key"]);
            if (keys.Count > 1)
            {
                await route.ContinueAsync();
                return;
            }
            await route.FetchAsync(); // the service counts the ballot...
            await route.AbortAsync(); // ...and its answer never reaches the kiosk
        });

        var receipt = await kiosk.VoteAsync(Voters.UniqueClave(), "Loma Bonita", Cancha);

        Assert.Matches(ResidentTab.ReceiptPattern, receipt);
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(1, (await TallyAsync(jornadaId)).TotalBallots);
    }

    [Fact]
    public async Task when_no_answer_came_back_the_choice_cannot_be_changed_and_the_retry_gets_the_receipt_of_the_ballot_counted()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service, serviceWorkers: false);
        await kiosk.ConfigureKioskAsync(kioskToken);
        var answersLost = true;
        await kiosk.Page.RouteAsync("**/ballots", async route =>
        {
            if (!answersLost)
            {
                await route.ContinueAsync();
                return;
            }
            await route.FetchAsync(); // the service counts the ballot (and then answers each retry)...
            await route.AbortAsync(); // ...and no answer reaches the kiosk, not even after the page's own retries
        });
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);
        await kiosk.ConfirmAsync();

        await Expect(kiosk.Alert).ToContainTextAsync("con la misma elección", new() { Timeout = 30_000 });
        await Expect(kiosk.Button("Cambiar")).ToBeHiddenAsync();
        answersLost = false;
        await kiosk.ConfirmAsync();

        Assert.Matches(ResidentTab.ReceiptPattern, await kiosk.ReadReceiptAsync());
        var tally = await TallyAsync(jornadaId);
        Assert.Equal(1, tally.TotalBallots);
    }

    [Fact]
    public async Task a_ballot_after_closing_puts_the_kiosk_out_of_service()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);

        await _api.CloseAsync(jornadaId);
        await kiosk.ConfirmAsync();

        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("La Jornada ya cerró");
        await Expect(kiosk.Alert).ToContainTextAsync("Su voto no se registró.");
        await AssertNoComingBackAsync(kiosk);
        await kiosk.Page.ReloadAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Votación cerrada y sellada");
        await Expect(kiosk.Alert).Not.ToContainTextAsync("Su voto no se registró");
        await AssertNoComingBackAsync(kiosk);
        await Expect(kiosk.Button("Comenzar")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task the_next_person_at_a_kiosk_that_closed_under_a_ballot_does_not_read_that_their_vote_did_not_count()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.Page.Clock.InstallAsync();
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);

        await _api.CloseAsync(jornadaId);
        await kiosk.ConfirmAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Su voto no se registró.");

        await kiosk.Page.Clock.FastForwardAsync("00:25");
        await Expect(kiosk.Alert).ToContainTextAsync("Su voto no se registró.");
        await kiosk.Page.Clock.FastForwardAsync("00:06");
        await Expect(kiosk.Alert).Not.ToContainTextAsync("Su voto no se registró");
        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Votación cerrada y sellada");
        await AssertNoComingBackAsync(kiosk);
    }

    /// <summary>A kiosk that will never take ballots again says so, and promises nothing else.</summary>
    private static async Task AssertNoComingBackAsync(ResidentTab kiosk)
    {
        var outOfService = kiosk.Page.Locator("[data-panel=out-of-service]");
        await Expect(outOfService.GetByText("Este kiosco ya no recibe votos.")).ToBeVisibleAsync();
        await Expect(outOfService.GetByText("vuelve a funcionar")).ToBeHiddenAsync();
        await Expect(outOfService.GetByText("lo comprueba")).ToBeHiddenAsync();
        await Expect(kiosk.Button("Volver a comprobar")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task a_kiosk_closed_by_staff_says_the_ballot_did_not_count_and_where_else_to_vote_and_does_not_promise_to_come_back()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);

        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{jornadaId}/kiosks/kiosco-1/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);
        await kiosk.ConfirmAsync();

        // The service's refusal of the ballot, then, on a reload, the kiosk's own record.
        foreach (var reload in new[] { false, true })
        {
            if (reload) await kiosk.Page.ReloadAsync();
            await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
            await Expect(kiosk.Alert).ToContainTextAsync("Kiosco cerrado");
            await Expect(kiosk.Alert).ToContainTextAsync("ya no recibe votos");
            if (reload) await Expect(kiosk.Alert).Not.ToContainTextAsync("Su voto no se registró");
            else await Expect(kiosk.Alert).ToContainTextAsync("Su voto no se registró.");
            // Its Jornada had no other kiosk and no online vote: none is offered.
            await Expect(kiosk.Page.Locator("main")).ToContainTextAsync("Pregunte al personal municipal dónde votar.");
            await Expect(kiosk.Alert).Not.ToContainTextAsync("otro kiosco");
            await Expect(kiosk.Page.GetByText("vote en línea")).ToHaveCountAsync(0);
            await Expect(kiosk.Page.GetByText("puede votar en otro kiosco")).ToBeHiddenAsync();
            await Expect(kiosk.Page.GetByText("vuelve a funcionar")).ToBeHiddenAsync();
            await Expect(kiosk.Button("Volver a comprobar")).ToBeHiddenAsync();
        }
    }

    [Fact]
    public async Task after_the_voting_hours_the_kiosk_says_it_takes_no_more_ballots_and_not_that_it_comes_back()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();

        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(8.1); // its window closes 8 hours from its creation
        try
        {
            await kiosk.Page.ReloadAsync();
            await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
            await Expect(kiosk.Alert).ToContainTextAsync("Fuera del horario de votación");
            await AssertNoComingBackAsync(kiosk);
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    [Fact]
    public async Task before_the_voting_hours_the_kiosk_says_why_and_opens_when_the_service_clock_gets_there()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromHours(2), closesIn: TimeSpan.FromHours(10)));
        await _api.SetOptionsAsync(jornada.Id);
        var kioskToken = await _api.RegisterKioskAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id); // opened by staff, but its hours have not started
        await using var kiosk = await chromium.KioskAsync(service);

        await kiosk.ConfigureKioskAsync(kioskToken);

        // Ready, not out of order: no alert, and the IEEQ's authorization is said.
        await Expect(kiosk.Heading("Aún no empieza el horario de votación")).ToBeVisibleAsync();
        var ready = kiosk.Page.Locator("[data-panel='before-opening']");
        await Expect(ready.GetByText("Solo se reciben votos del")).ToBeVisibleAsync();
        await Expect(ready.GetByText("El IEEQ ya autorizó este kiosco.")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToBeHiddenAsync();
        await Expect(kiosk.Page.GetByText("puede votar en otro kiosco")).ToBeHiddenAsync();
        // It checks every minute meanwhile, and says so (not «cada pocos segundos»).
        await Expect(ready.GetByText("empieza a recibir votos solo en cuanto abra la votación; lo comprueba cada minuto")).ToBeVisibleAsync();
        await kiosk.AxeAsync("kiosco listo antes del horario de votación", output);
        await Expect(kiosk.Page.GetByText("Este kiosco ya no recibe votos")).ToBeHiddenAsync();
        await Expect(kiosk.Button("Comenzar")).ToHaveCountAsync(0);

        // The page goes by the service's clock, not the kiosk's.
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(2.1);
        try
        {
            await kiosk.Button("Volver a comprobar").TapAsync();
            await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    /// <summary>
    /// A Jornada never opened whose hours are over can no longer be opened: its kiosk said «La votación aún no abre»
    /// forever (or, not authorized, waited for the IEEQ forever) while residents queued. It says it will take no ballots.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_kiosk_whose_jornada_was_never_opened_and_whose_hours_are_over_says_it_will_take_no_ballots(bool authorized)
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(authorized ? await _api.RegisterKioskAsync(jornada.Id) : (await _api.RegisterKioskLinkAsync(jornada.Id)).Credential);
        await Expect(kiosk.Heading(authorized ? "La votación aún no abre" : "Falta la autorización del IEEQ")).ToBeVisibleAsync();

        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(8.1); // its window closes 8 hours from its creation; nobody opened it
        try
        {
            await kiosk.Page.ReloadAsync();
            await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
            await Expect(kiosk.Alert).ToContainTextAsync("La votación no se abrió");
            await Expect(kiosk.Alert).ToContainTextAsync($"no se abrió y su periodo de votación terminó el {QueretaroTime.Format(jornada.VotingClosesAt)}");
            await Expect(kiosk.Alert).Not.ToContainTextAsync("Periodo de votación:");
            await Expect(kiosk.Heading("La votación aún no abre")).ToBeHiddenAsync();
            await Expect(kiosk.Heading("Falta la autorización del IEEQ")).ToBeHiddenAsync();
            await AssertNoComingBackAsync(kiosk);
            await kiosk.AxeAsync($"kiosco de una Jornada que no se abrió ({(authorized ? "autorizado" : "sin autorizar")})", output);
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    /// <summary>
    /// A closed kiosk sent residents to «otro kiosco» that the IEEQ had not authorized, and «en línea» before online voting
    /// opened: it names only a kiosk that takes ballots now, and online only while it takes them.
    /// </summary>
    [Fact]
    public async Task a_closed_kiosk_names_another_kiosk_only_once_it_takes_ballots_and_online_only_while_it_does()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        await _api.SetOptionsAsync(jornada.Id);
        var kioskToken = await _api.RegisterKioskAsync(jornada.Id);
        var (_, other) = await _api.ConfigureKioskAsync(jornada.Id, await _api.RegisterKioskLinkAsync(jornada.Id, "kiosco-2")); // not authorized yet
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now + TimeSpan.FromHours(2), now + TimeSpan.FromHours(8)), VotingApi.Json), HttpStatusCode.OK);
        await _api.LoadRollCsvAsync(jornada.Id, [Voters.UniqueClave()]);
        await _api.IssueCodesAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id);
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/kiosks/kiosco-1/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);

        // The other kiosk waits for the IEEQ and online voting opens in two hours: neither takes a ballot now.
        await kiosk.Page.ReloadAsync();
        await Expect(kiosk.Heading("Kiosco fuera de servicio")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Kiosco cerrado");
        await Expect(kiosk.Alert).ToContainTextAsync("Pregunte al personal municipal dónde votar.");
        await Expect(kiosk.Alert).Not.ToContainTextAsync("otro kiosco");
        await Expect(kiosk.Alert).Not.ToContainTextAsync("en línea");
        await kiosk.AxeAsync("kiosco cerrado sin otro lugar donde votar ahora", output);

        // The IEEQ authorizes the other kiosk: it is named.
        await VotingApi.Expect(await _api.AuthorizeKioskAsync(jornada.Id, "kiosco-2", other.Fingerprint), HttpStatusCode.OK);
        await kiosk.Page.ReloadAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Acuda a otro kiosco.");
        await Expect(kiosk.Alert).Not.ToContainTextAsync("en línea");

        // Online voting opens: it is named too.
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(2.1);
        try
        {
            await kiosk.Page.ReloadAsync();
            await Expect(kiosk.Alert).ToContainTextAsync("Acuda a otro kiosco o vote en línea.");
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    /// <summary>
    /// A refusal the Jornada did not confirm sends the resident back to the welcome screen, which has no idle reset: the
    /// notice stayed there for whoever came next, who read «Su voto no se registró» as theirs. The next check takes it away.
    /// </summary>
    [Fact]
    public async Task a_refusal_told_on_the_welcome_screen_is_gone_for_the_next_person_after_half_a_minute()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service, serviceWorkers: false);
        await kiosk.Page.Clock.InstallAsync();
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.Page.RouteAsync("**/ballots", route => route.FulfillAsync(new()
        {
            Status = 409,
            ContentType = "application/problem+json",
            Body = """{"code":"outside_voting_window","title":"Fuera del horario de votación","status":409,"detail":"Solo se reciben votos del 18/10/2020 08:00 al 18/10/2020 17:00 (hora del centro de México)."}""",
        }));
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);
        await kiosk.ConfirmAsync();
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(kiosk.Alert).ToContainTextAsync("Su voto no se registró.");

        await kiosk.Page.Clock.FastForwardAsync("00:25");
        await Expect(kiosk.Alert).ToContainTextAsync("Su voto no se registró.");
        await kiosk.Page.Clock.FastForwardAsync("00:06");
        await Expect(kiosk.Page.GetByText("Su voto no se registró")).ToHaveCountAsync(0);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(kiosk.Button("Comenzar")).ToBeVisibleAsync();
        await kiosk.AxeAsync("bienvenida del kiosco tras borrar el aviso de un voto rechazado", output);
    }

    internal static async Task AssertForgottenAsync(ResidentTab kiosk, params string[] secrets)
    {
        var html = await kiosk.Page.ContentAsync();
        var values = await kiosk.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('input, select')].map(e => e.value)");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, html);
            Assert.DoesNotContain(values, v => v.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}

/// <summary>
/// A kiosk's browser keeps the pages it leaves for Back and Forward as they were (the back/forward cache); a touchscreen
/// swipe is a Back. Whoever comes next must not bring the previous resident's screen back with Forward.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_leaves_the_kiosk_page_with_back(ServiceFixture service, ChromiumFixture chromium)
{
    private const string Cancha = "Cancha de usos múltiples";

    // Set by the page's pageshow: true when the browser brought the page back from its back/forward cache, not loaded anew.
    private const string NoteRestores = "addEventListener('pageshow', e => { window.restoredFromCache = e.persisted; });";

    private readonly VotingApi _api = new(service);

    private static async Task BackAndForwardAsync(ResidentTab kiosk)
    {
        await kiosk.Page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Expect(kiosk.Page).ToHaveURLAsync(new Regex("/index\\.html$"));
        await kiosk.Page.GoForwardAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Expect(kiosk.Page).ToHaveURLAsync(new Regex("/kiosco\\.html$"));
        // Otherwise this scenario would prove nothing: a page loaded anew never holds anyone's data.
        await kiosk.Page.WaitForFunctionAsync("() => window.restoredFromCache !== undefined");
        Assert.True(await kiosk.Page.EvaluateAsync<bool>("() => window.restoredFromCache"), "Chromium loaded the kiosk anew instead of restoring it.");
    }

    /// <summary>
    /// What takes a resident there by accident: a hand sliding sideways across the touchscreen, the browser's Back. The
    /// kiosk keeps sideways swipes to itself; a phone voting online keeps its Back (the flow steps back with it).
    /// </summary>
    [Fact]
    public async Task a_sideways_swipe_stays_on_the_kiosk_page_and_a_phone_keeps_its_back_gesture()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        const string sideways = "() => getComputedStyle(document.documentElement).overscrollBehaviorX";
        Assert.Equal("none", await kiosk.Page.EvaluateAsync<string>(sideways));

        await kiosk.GotoAsync("/votar.html");
        Assert.Equal("auto", await kiosk.Page.EvaluateAsync<string>(sideways));
    }

    [Fact]
    public async Task forward_brings_back_the_welcome_screen_and_not_the_previous_receipt_or_choice()
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var kiosk = await chromium.KioskWithBackForwardCacheAsync(service);
        await kiosk.Page.Context.AddInitScriptAsync(NoteRestores);
        await kiosk.GotoAsync("/index.html");
        await kiosk.ConfigureKioskAsync(kioskToken);

        // One resident votes and walks away from the receipt with Back.
        var first = Voters.UniqueClave();
        var receipt = await kiosk.VoteAsync(first, "Loma Bonita", Cancha);
        await BackAndForwardAsync(kiosk);

        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(kiosk.Heading("Su voto fue registrado")).ToHaveCountAsync(0);
        await when_a_resident_votes_at_the_kiosk.AssertForgottenAsync(kiosk, first, receipt);

        // The next one leaves on the confirmation screen: whoever comes after must not find that choice ready to confirm.
        var second = Voters.UniqueClave();
        await kiosk.StartAsync();
        await kiosk.IdentifyAsync(second, "Loma Bonita");
        await kiosk.ChooseAsync(Cancha);
        await Expect(kiosk.Button("Confirmar mi voto")).ToBeVisibleAsync();
        await BackAndForwardAsync(kiosk);

        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(kiosk.Button("Confirmar mi voto")).ToBeHiddenAsync();
        await Expect(kiosk.Page.Locator("[data-fill=choice]")).ToBeEmptyAsync();
        await Expect(kiosk.Page.Locator("[data-fill=voter]")).ToBeEmptyAsync();
        await when_a_resident_votes_at_the_kiosk.AssertForgottenAsync(kiosk, second);
        await kiosk.StartAsync();
        await Expect(kiosk.VoterIdInput).ToBeEmptyAsync();
    }
}
