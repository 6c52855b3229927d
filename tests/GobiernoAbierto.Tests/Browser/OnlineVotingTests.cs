using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_votes_online_from_a_phone(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    /// <summary>The help offered «un kiosco de su delegación» for a Jornada whose kiosks were all closed, or that had none.</summary>
    [Fact]
    public async Task the_help_offers_a_kiosk_only_while_the_jornada_has_one_open()
    {
        var jornada = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        await using var phone = await chromium.PhoneAsync(service);
        var kioskAlternative = phone.Page.GetByText("también puede votar en un kiosco de su delegación");

        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await Expect(kioskAlternative).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("[data-closing-soon]:visible")).ToHaveCountAsync(0); // hours left: no countdown

        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/kiosks/kiosco-1/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), System.Net.HttpStatusCode.OK);
        await phone.Page.ReloadAsync();
        await Expect(phone.Page.GetByText("acuda al módulo del IEEQ en su delegación")).ToBeVisibleAsync();
        await Expect(kioskAlternative).ToBeHiddenAsync();
    }

    /// <summary>
    /// A resident who began a minute before online voting closed confirmed after it and lost the choice, told nothing
    /// beforehand (outside walk-through). In the last quarter of an hour the page says how long is left, and where to go after.
    /// </summary>
    [Fact]
    public async Task in_the_last_minutes_the_page_says_how_long_is_left_and_that_kiosks_stay_open()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter], onlineClosesIn: TimeSpan.FromMinutes(12.5));
        await using var phone = await chromium.PhoneAsync(service);
        // A phone whose clock is an hour behind: the notice counts by the service's clock, which every answer carries
        // (Service-Time), or it would say nothing now and the resident would confirm too late.
        await phone.Page.Clock.InstallAsync(new() { TimeDate = service.Clock.GetUtcNow().UtcDateTime.AddHours(-1) });
        var details = await VotingApi.Read<GobiernoAbierto.Jornadas.JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));

        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}#codigo={jornada.Codes[voter]}");
        var welcome = phone.Page.Locator("[data-screen=welcome] [data-closing-soon]");
        await Expect(welcome).ToHaveTextAsync(
            $"Quedan 10 minutos para votar en línea: cierra el {QueretaroTime.Format(details.Online!.ClosesAt)} (hora del centro de México), " +
            $"y un voto confirmado después ya no se recibe. Después aún puede votar en un kiosco de su delegación hasta el {QueretaroTime.Format(details.VotingClosesAt)} " +
            "(hora del centro de México).");
        await phone.AxeAsync("votar en línea a 10 minutos del cierre", output);

        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter);
        await phone.ChooseAsync("Banquetas y alumbrado");
        await Expect(phone.Page.Locator("[data-screen=confirm] [data-closing-soon]")).ToContainTextAsync("minutos para votar en línea: cierra el");
    }

    [Fact]
    public async Task the_letters_qr_opens_the_page_with_the_code_and_the_ballot_is_counted_online_in_the_rolls_colonia()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter], _ => "san-pedro-martir");
        await using var phone = await chromium.PhoneAsync(service);

        // The QR on the letter: the online page with the Jornada and the code filled in. No request the phone sends
        // carries the code in its address (a proxy's or load balancer's log would keep it), only the ballot's body.
        var sent = new List<string>();
        phone.Page.Request += (_, request) => { lock (sent) sent.Add(request.Url); };
        var letterLink = Credentials.Letters.VotingLink(new Uri(service.BaseAddress, "/votar.html"), jornada.Id, jornada.Codes[voter]);
        await phone.GotoAsync(letterLink.AbsoluteUri);
        Assert.DoesNotContain("codigo", phone.Page.Url); // the code does not stay in the address bar or the history
        await Expect(phone.Page.Locator(".checklist")).ToContainTextAsync("Tenga a la mano su credencial para votar del INE (clave de elector) y la carta con su código de votación.");
        await phone.StartAsync();
        await Expect(phone.VotingCodeInput).ToHaveValueAsync(jornada.Codes[voter]);
        await Expect(phone.Page.GetByLabel("Colonia donde vive")).ToBeHiddenAsync();
        await phone.IdentifyOnlineAsync(voter);
        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync();
        Assert.True(await phone.FitsWidthAsync(), "The choice screen scrolls sideways on a phone.");
        await phone.ChooseAsync("Banquetas y alumbrado");
        await Expect(phone.Page.GetByText("La que tiene registrada en el padrón (ahí se cuenta su participación)")).ToBeVisibleAsync();
        await phone.ConfirmAsync();
        var receipt = await phone.ReadReceiptAsync();

        Assert.Matches(ResidentTab.ReceiptPattern, receipt);
        var check = phone.Page.GetByRole(AriaRole.Link, new() { Name = "Comprobar mi recibo" });
        await Expect(check).ToHaveAttributeAsync("href", $"/recibo.html?codigo={receipt}"); // the answer's checkUrl
        // In another tab, so the receipt stays where it was shown (it is kept nowhere else) until the resident notes it.
        var checkTab = await phone.Page.RunAndWaitForPopupAsync(() => check.TapAsync());
        await Expect(checkTab.GetByRole(AriaRole.Heading, new() { Name = "Voto contado" })).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText(receipt)).ToBeVisibleAsync();
        // So does every other link around the receipt, the footer's included, while the receipt shows.
        foreach (var name in new[] { "¿Alguien votó con mis datos? (se abre en otra pestaña)", "Comprobar un recibo (se abre en otra pestaña)", "Inicio (se abre en otra pestaña)",
                     "Municipio de Querétaro · Gobierno Abierto (se abre en otra pestaña)" })
        {
            var links = phone.Page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
            Assert.True(await links.CountAsync() >= 1, name);
            var other = await phone.Page.RunAndWaitForPopupAsync(() => links.First.TapAsync());
            await other.CloseAsync();
            await Expect(phone.Page.GetByText(receipt)).ToBeVisibleAsync();
        }
        await phone.Button("Terminar").TapAsync();
        await Expect(phone.Page.GetByRole(AriaRole.Link, new() { Name = "Comprobar un recibo", Exact = true })).Not.ToHaveAttributeAsync("target", "_blank");

        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/tally"));
        Assert.Equal((1L, 1L, 1L), (tally.TotalBallots, tally.Options.Single(o => o.OptionId == "B").Votes, tally.ByChannel["online"]));
        Assert.Equal(1, tally.TurnoutByColonia["san-pedro-martir"]);
        var code = jornada.Codes[voter];
        lock (sent) Assert.DoesNotContain(sent, url => url.Contains(code, StringComparison.OrdinalIgnoreCase)
            || url.Contains(code.Replace("-", ""), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task a_letter_printed_with_the_code_in_its_query_still_fills_it_in_and_leaves_no_trace_of_it()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}&codigo={jornada.Codes[voter]}");
        Assert.DoesNotContain("codigo", phone.Page.Url);
        await phone.StartAsync();
        await Expect(phone.VotingCodeInput).ToHaveValueAsync(jornada.Codes[voter]);
    }

    [Fact]
    public async Task after_terminar_the_letters_code_is_not_filled_in_again_for_whoever_uses_the_browser_next()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}&codigo={jornada.Codes[voter]}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter);
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.ConfirmAsync();
        await phone.ReadReceiptAsync();

        await phone.Button("Terminar").TapAsync();
        await phone.StartAsync();

        await Expect(phone.VotingCodeInput).ToBeEmptyAsync();
        Assert.DoesNotContain(jornada.Codes[voter], await phone.Page.ContentAsync());
    }

    /// <summary>
    /// A Jornada never opened whose hours are over: its letter's page said it was outside the online hours and offered
    /// «Volver a intentar» for an opening that can no longer come. It says the vote was never opened, for good.
    /// </summary>
    [Fact]
    public async Task a_letter_of_a_jornada_never_opened_whose_hours_are_over_says_so_and_offers_no_retry()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.AnnouncedOnlineJornadaAsync([voter]); // online and at kiosks in two days, for 8 hours
        await using var phone = await chromium.PhoneAsync(service);
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromDays(2) + TimeSpan.FromHours(8.1);
        try
        {
            await phone.GotoAsync($"/votar.html?jornada={jornada.Id}#codigo={jornada.Codes[voter]}");
            await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
            await Expect(phone.Alert).ToContainTextAsync("La votación no se abrió");
            await Expect(phone.Alert).ToContainTextAsync("no se abrió y su periodo de votación terminó el");
            await Expect(phone.Alert).Not.ToContainTextAsync("En línea se vota del");
            await Expect(phone.Button("Volver a intentar")).ToBeHiddenAsync();
            await phone.AxeAsync("votar en línea: la Jornada no se abrió y su periodo terminó", output);
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    /// <summary>
    /// The letter's address with no Jornada in it lists a Jornada never opened, whose hours are over, as never opened:
    /// it read «Cerró el…», as if residents had voted in it.
    /// </summary>
    [Fact]
    public async Task the_address_on_the_letter_lists_a_jornada_never_opened_whose_hours_are_over_as_not_opened()
    {
        // Two, so that the page lists them rather than go to the only one; both announced and never opened. (No Jornada is
        // opened under the clock run ahead: the collection's other pages would find it open, and first, for good.)
        var lapsed = await _api.AnnouncedOnlineJornadaAsync([Voters.UniqueClave()]); // online and at kiosks in two days, for 8 hours
        var other = await _api.AnnouncedOnlineJornadaAsync([Voters.UniqueClave()]);
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromDays(2) + TimeSpan.FromHours(8.1);
        try
        {
            async Task<JornadaDetails> DetailsAsync(Guid id) =>
                await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"));
            var notOpened = await DetailsAsync(lapsed.Id);
            await using var phone = await chromium.PhoneAsync(service);
            var ids = new[] { lapsed.Id, other.Id };
            var list = new JsonArray(JsonNode.Parse(await _api.Anonymous.GetStringAsync("/api/jornadas"))!.AsArray()
                .Where(j => ids.Contains(j!["id"]!.GetValue<Guid>())).Select(j => j!.DeepClone()).ToArray()).ToJsonString();
            await phone.Page.RouteAsync("**/api/jornadas", route => route.FulfillAsync(new() { ContentType = "application/json", Body = list }));

            await phone.GotoAsync("/votar.html");

            await Expect(phone.Heading("Elija la Jornada")).ToBeVisibleAsync();
            var choices = phone.Page.Locator("[data-panel='pick'] .choice");
            await Expect(choices).ToHaveCountAsync(2);
            var choice = choices.Filter(new() { HasText = notOpened.Title });
            await Expect(choice).ToContainTextAsync(
                $"{notOpened.Title}No se abrió; su periodo terminó el {QueretaroTime.Format(notOpened.Online!.ClosesAt)} (hora del centro de México)");
            await Expect(choices.Filter(new() { HasText = "Cerró" })).ToHaveCountAsync(0);
            await phone.AxeAsync("votar elija la Jornada: dos que no se abrieron", output);
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    [Fact]
    public async Task a_ballot_refused_as_already_cast_says_what_to_do_if_it_was_not_the_resident()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        // Someone else voted with this credential between the check on «Continuar» and «Confirmar mi voto».
        await phone.Page.RouteAsync("**/ballots", async route =>
        {
            await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voter, jornada.Codes[voter]));
            await route.ContinueAsync();
        });
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.ConfirmAsync();

        await Expect(phone.Heading("Ya participó")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("Si usted no votó, acuda al IEEQ con su credencial del INE y su carta");
    }

    [Fact]
    public async Task a_refusal_for_the_online_hours_the_jornada_does_not_confirm_starts_over_saying_why()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        const string detail = "La votación en línea abre el 18/10/2020 08:00 (hora del centro de México).";
        await phone.Page.RouteAsync("**/ballots", route => route.FulfillAsync(new()
        {
            Status = 409,
            ContentType = "application/problem+json",
            Body = $$"""{"code":"outside_online_window","title":"Fuera del horario de votación en línea","status":409,"detail":"{{detail}}"}""",
        }));
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.ConfirmAsync();

        // The Jornada, read again, takes online ballots: the resident is back at the start and reads why.
        await Expect(phone.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(phone.Alert).ToContainTextAsync("Fuera del horario de votación en línea");
        await Expect(phone.Alert).ToContainTextAsync(detail);
        await Expect(phone.Alert).ToContainTextAsync("Su voto no se registró.");
        await phone.StartAsync();
        await Expect(phone.Heading("Sus datos")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText(detail)).ToBeHiddenAsync();
    }

    [Fact]
    public async Task a_mistyped_code_is_caught_on_the_page_and_a_wrong_one_gets_the_same_answer_as_a_wrong_clave()
    {
        var (voter, other) = (Voters.UniqueClave(), Voters.UniqueClave());
        var jornada = await _api.OpenOnlineJornadaAsync([voter, other]);
        var code = jornada.Codes[voter];
        var mistyped = code[..^1] + (code[^1] == 'A' ? 'B' : 'A'); // a different check symbol: one character off
        await using var phone = await chromium.PhoneAsync(service);
        await phone.Page.SetViewportSizeAsync(360, 640); // the tester's phone
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();

        await phone.IdentifyOnlineAsync(voter, mistyped);
        await Expect(phone.Page.GetByText("Ese código tiene un error de escritura")).ToBeVisibleAsync();
        await Expect(phone.VotingCodeInput).ToHaveAttributeAsync("aria-invalid", "true");

        // Someone else's code, well formed: the service refuses it as it refuses an identifier not on the roll, and
        // says so on this step, before the resident chooses a project.
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[other]);
        await Expect(phone.Alert).ToContainTextAsync("La clave de elector o el código de votación no coinciden");
        await Expect(phone.Alert).Not.ToContainTextAsync("¿Su carta es de otra Jornada?"); // the address named this Jornada
        await Expect(phone.Heading("Sus datos")).ToBeVisibleAsync();
        // Either may be wrong and the answer does not say which: both are marked, the focus on the first (not the heading).
        await Expect(phone.VotingCodeInput).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(phone.VoterIdInput).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(phone.VoterIdInput).ToBeFocusedAsync();
        await Expect(phone.Alert).ToBeInViewportAsync(); // on a phone's screen it was above the top, out of sight

        // A new mistake: the service's answer about the earlier data goes, only the new one is said (both stood side by side).
        await phone.IdentifyOnlineAsync("😀😀😀", jornada.Codes[other]);
        await Expect(phone.Page.GetByText("Debe tener 18 caracteres; escribió 3.")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText("La clave de elector o el código de votación no coinciden")).ToHaveCountAsync(0);

        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/tally"));
        Assert.Equal(0, tally.Turnout);
    }

    /// <summary>
    /// A resident who opened their letter's QR and mistyped their clave: the code, filled in from the letter, was the only
    /// field marked and the one focused, so they went over the letter's code, which was right, and not their clave.
    /// </summary>
    [Fact]
    public async Task a_clave_that_does_not_match_the_letters_code_is_marked_and_focused_not_only_the_code()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        var letterLink = Credentials.Letters.VotingLink(new Uri(service.BaseAddress, "/votar.html"), jornada.Id, jornada.Codes[voter]);
        await phone.GotoAsync(letterLink.AbsoluteUri);
        await phone.StartAsync();
        await Expect(phone.VotingCodeInput).ToHaveValueAsync(jornada.Codes[voter]);

        var mistyped = Voters.UniqueClave(); // well formed, and not this letter's
        await phone.IdentifyOnlineAsync(mistyped);

        await Expect(phone.Alert).ToContainTextAsync("La clave de elector o el código de votación no coinciden");
        await Expect(phone.VoterIdInput).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(phone.VoterIdInput).ToBeFocusedAsync();
        await phone.AxeAsync("votar en línea desde la carta, clave que no coincide", output);

        await phone.VoterIdInput.FillAsync(voter);
        await phone.Button("Continuar").TapAsync();
        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await Expect(phone.VoterIdInput).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task someone_whose_credential_already_voted_is_told_before_choosing()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voter, jornada.Codes[voter]));
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();

        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);

        await Expect(phone.Heading("Ya participó")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("Si usted no votó, acuda al IEEQ");
        // Under «Ya participó» the answer is a sentence, not a «Sí:» to a question this page never asked.
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("Con sus datos se emitió un voto en línea");
        await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync("Sí:");
        // Whoever reloaded while their ballot was on its way comes back here: it is theirs, not someone else's.
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("Si usted votó y no alcanzó a ver su recibo (se cortó la conexión, se cerró la página), ese voto es el suyo y cuenta una sola vez.");
        await Expect(phone.Page.GetByText("Elija un proyecto")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task a_code_that_does_not_match_is_told_where_else_the_resident_can_vote_and_the_clave_still_votes_after_many()
    {
        var voter = Voters.UniqueClave();
        var other = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter, other]);
        for (var i = 0; i < 6; i++) // someone else, trying codes for this clave
        {
            await _api.Anonymous.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/participation-check",
                new { voterId = voter, votingCode = jornada.Codes[other] });
        }
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();

        await phone.IdentifyOnlineAsync(voter, jornada.Codes[other]);
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("no coinciden");
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("puede votar en un kiosco de su delegación con su credencial del INE");
        await phone.AxeAsync("votar en línea, clave y código no coinciden", output);

        await phone.VotingCodeInput.FillAsync(jornada.Codes[voter]);
        await phone.Button("Continuar").TapAsync();
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.ConfirmAsync();
        Assert.Matches(ResidentTab.ReceiptPattern, await phone.ReadReceiptAsync());
    }

    [Fact]
    public async Task a_lost_connection_at_confirmar_asks_to_check_the_phones_connection_and_keeps_the_focus_on_the_button()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.Page.SetViewportSizeAsync(360, 640); // the tester's phone
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.Page.RouteAsync("**/ballots", route => route.AbortAsync("internetdisconnected"));

        await phone.Button("Confirmar mi voto").FocusAsync();
        await phone.Page.Keyboard.PressAsync("Enter");

        await Expect(phone.Alert).ToContainTextAsync("Revise su conexión a internet", new() { Timeout = 30_000 });
        await Expect(phone.Alert).ToContainTextAsync("No cierre esta página hasta ver su código de recibo");
        await Expect(phone.Alert).ToContainTextAsync("puede que un envío anterior ya se haya guardado"); // sent, no answer
        await Expect(phone.Alert).Not.ToContainTextAsync("personal municipal"); // nobody stands beside a phone at home
        await Expect(phone.Button("Confirmar mi voto")).ToBeFocusedAsync();
        await Expect(phone.Alert).ToBeInViewportAsync(); // a tester saw only the button again: no failure in sight

        // The service down behind its proxy (a 502 that is no problem details): the phone's connection works, and it is
        // not blamed (an operator's drill read «Revise su conexión a internet» under «El servicio respondió con un error (502)»).
        await phone.Page.UnrouteAsync("**/ballots");
        await phone.Page.RouteAsync("**/ballots", route => route.FulfillAsync(new() { Status = 502, ContentType = "text/html", Body = "<h1>502 Bad Gateway</h1>" }));
        await phone.Page.Keyboard.PressAsync("Enter");
        await Expect(phone.Alert).ToContainTextAsync("No es su conexión: el servicio de votación no respondió (error 502).", new() { Timeout = 30_000 });
        await Expect(phone.Alert).Not.ToContainTextAsync("Revise su conexión a internet");
        await Expect(phone.Alert).ToContainTextAsync("recibirá el mismo recibo y no se contará dos veces");

        await phone.Page.UnrouteAsync("**/ballots");
        await phone.Page.Keyboard.PressAsync("Enter");
        Assert.Matches(ResidentTab.ReceiptPattern, await phone.ReadReceiptAsync());
        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/tally"));
        Assert.Equal(1, tally.TotalBallots);
    }

    /// <summary>
    /// The service answers that it cannot save now (its database is down): the resident is told it is not their
    /// connection, and to send the same ballot again, which counts once whatever happened. The alert said «Nada se registró», «Revise su conexión a internet» and
    /// «puede que ya se haya guardado» at once (an outside tester's failure drill).
    /// </summary>
    [Fact]
    public async Task a_service_that_cannot_save_now_says_so_in_one_voice_and_the_same_ballot_counts_once_later()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.Page.RouteAsync("**/ballots", route => route.FulfillAsync(new()
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = System.Text.Json.JsonSerializer.Serialize(new
            {
                code = Hosting.Problems.DatabaseUnavailable.Code, title = Hosting.Problems.DatabaseUnavailable.Title,
                detail = Hosting.Problems.DatabaseUnavailable.Detail, status = 503,
            }),
        }));

        await phone.Button("Confirmar mi voto").ClickAsync();

        await Expect(phone.Alert).ToContainTextAsync("El servicio de votación no está disponible por ahora", new() { Timeout = 30_000 });
        await Expect(phone.Alert).ToContainTextAsync("No es su conexión");
        await Expect(phone.Alert).ToContainTextAsync("en un momento; si su voto ya hubiera quedado guardado, recibirá el mismo recibo y no se contará dos veces.");
        await Expect(phone.Alert).Not.ToContainTextAsync("Revise su conexión");
        await Expect(phone.Alert).Not.ToContainTextAsync("puede que");
        await Expect(phone.Alert).Not.ToContainTextAsync("Nada se registró");
        await phone.AxeAsync("votar en línea, servicio sin poder guardar", output);

        await phone.Page.UnrouteAsync("**/ballots");
        await phone.Button("Confirmar mi voto").ClickAsync();
        Assert.Matches(ResidentTab.ReceiptPattern, await phone.ReadReceiptAsync());
        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/tally"));
        Assert.Equal(1, tally.TotalBallots);
    }

    /// <summary>
    /// A reload while «Guardando su voto…» went back to the start: the ballot counted, and its receipt was lost for good
    /// (an outside tester's slow network). While the ballot is on its way the browser asks before leaving; not after.
    /// </summary>
    [Fact]
    public async Task leaving_the_page_while_the_ballot_is_on_its_way_is_asked_first_and_not_after_the_receipt()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");
        var release = new TaskCompletionSource();
        await phone.Page.RouteAsync("**/ballots", async route => { await release.Task; await route.ContinueAsync(); });
        var dialogs = new List<string>();
        phone.Page.Dialog += (_, dialog) => { dialogs.Add(dialog.Type); _ = dialog.DismissAsync(); };

        await phone.Button("Confirmar mi voto").ClickAsync();
        await Expect(phone.Page.GetByText("Guardando su voto…")).ToBeVisibleAsync();
        await phone.Page.CloseAsync(new() { RunBeforeUnload = true });
        for (var i = 0; i < 100 && dialogs.Count == 0; i++) await Task.Delay(100);
        Assert.Equal("beforeunload", Assert.Single(dialogs));
        Assert.False(phone.Page.IsClosed); // the resident chose to stay

        release.SetResult();
        Assert.Matches(ResidentTab.ReceiptPattern, await phone.ReadReceiptAsync());
        dialogs.Clear();
        await phone.Page.CloseAsync(new() { RunBeforeUnload = true });
        for (var i = 0; i < 100 && !phone.Page.IsClosed; i++) await Task.Delay(100);
        Assert.True(phone.Page.IsClosed);
        Assert.Empty(dialogs);
    }

    /// <summary>The data could not be checked (no connection): the resident goes on to choose, told so, not only after choosing.</summary>
    [Fact]
    public async Task data_that_could_not_be_checked_are_said_so_on_the_choice_and_checked_with_the_ballot()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.Page.RouteAsync("**/participation-check", route => route.AbortAsync("internetdisconnected"));

        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);

        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(phone.Page.GetByText("No pudimos comprobar sus datos en este momento")).ToBeVisibleAsync();
        await phone.AxeAsync("votar en línea, datos sin comprobar", output);
        await phone.Page.UnrouteAsync("**/participation-check");
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.ConfirmAsync();
        Assert.Matches(ResidentTab.ReceiptPattern, await phone.ReadReceiptAsync());

        // Checked this time: no such note.
        await using var other = await chromium.PhoneAsync(service);
        var second = Voters.UniqueClave();
        var jornada2 = await _api.OpenOnlineJornadaAsync([second]);
        await other.GotoAsync($"/votar.html?jornada={jornada2.Id}");
        await other.StartAsync();
        await other.IdentifyOnlineAsync(second, jornada2.Codes[second]);
        await Expect(other.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await Expect(other.Page.GetByText("No pudimos comprobar sus datos en este momento")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task the_phones_back_button_steps_back_through_the_flow_and_never_leaves_the_receipt()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync();

        await phone.Page.GoBackAsync();
        await Expect(phone.Heading("Sus datos")).ToBeVisibleAsync();
        await Expect(phone.VoterIdInput).ToHaveValueAsync(voter); // what the resident typed is still there
        await phone.Page.GoForwardAsync();
        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync();

        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.ConfirmAsync();
        var receipt = await phone.ReadReceiptAsync();
        await phone.Page.GoBackAsync();
        await Expect(phone.ReceiptCode).ToHaveTextAsync(receipt);
        Assert.EndsWith($"/votar.html?jornada={jornada.Id}", phone.Page.Url);
    }

    /// <summary>
    /// An outside tester typed the clave with the dash a phone's keyboard puts and was told «Debe tener 18 caracteres;
    /// escribió 19»; typed with an O for a zero, the summary showed the O though the service reads a zero. The dash is no
    /// character now, and the summary shows the clave as it counts.
    /// </summary>
    [Fact]
    public async Task a_clave_typed_with_a_phones_dash_and_an_o_for_a_zero_is_read_and_confirmed_as_the_service_reads_it()
    {
        // A clave whose last three digits hold a zero: an O typed there reads as zero, and the summary shows those four.
        var voter = Voters.Clave(Random.Shared.Next(0, 300_000) * 1000 + Random.Shared.Next(0, 100));
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        Assert.Equal('0', voter[15]);
        var typed = $"{voter[..6].ToLowerInvariant()}\u2013{voter[6..15]}O{voter[16..]}";
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();

        await phone.IdentifyOnlineAsync(typed, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");

        await Expect(phone.Page.Locator("[data-fill=\"voter\"]")).ToHaveTextAsync($"{new string('•', 14)}{voter[^4..]}");
        await phone.ConfirmAsync();
        Assert.Matches(ResidentTab.ReceiptPattern, await phone.ReadReceiptAsync());
    }

    [Fact]
    public async Task a_kiosk_only_jornada_says_so_before_the_resident_types_anything()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/votar.html?jornada={jornadaId}");

        await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
        await Expect(phone.Alert).ToContainTextAsync("Esta Jornada se vota en kiosco");
        await Expect(phone.VotingCodeInput).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task a_closed_jornada_says_so_before_the_resident_types_anything()
    {
        var jornada = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        await _api.CloseAsync(jornada.Id);
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");

        await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
        await Expect(phone.Alert).ToContainTextAsync("Votación cerrada y sellada");
        await Expect(phone.Alert).ToContainTextAsync("no se reciben más votos");
        await Expect(phone.VotingCodeInput).ToHaveCountAsync(0);
        await Expect(phone.Button("Volver a intentar")).ToBeHiddenAsync(); // trying again cannot open it
    }

    [Fact]
    public async Task a_ballot_refused_because_the_jornada_closed_meanwhile_offers_no_retry()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");

        await _api.CloseAsync(jornada.Id);
        await phone.ConfirmAsync();

        await Expect(phone.Alert).ToContainTextAsync("La Jornada ya cerró");
        // Said as the kiosk says it: the ballot the close caught was not recorded (it read «La Jornada ya cerró» alone).
        await Expect(phone.Alert).ToContainTextAsync("Su voto no se registró. La votación de");
        await Expect(phone.Button("Volver a intentar")).ToBeHiddenAsync();
    }

    /// <summary>
    /// On a phone the buttons stack, and they stand in the order Tab reaches them (WCAG 2.4.3): the primary was moved on
    /// top, and a keyboard user tabbing on from the code reached «Regresar», which wiped what they had typed.
    /// </summary>
    [Fact]
    public async Task on_a_phone_the_stacked_buttons_stand_in_the_order_tab_reaches_them()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        async Task InTabOrderAsync(string screen)
        {
            var tops = await phone.Page.Locator($"[data-screen=\"{screen}\"] .actions .button:visible")
                .EvaluateAllAsync<double[]>("buttons => buttons.map(b => b.getBoundingClientRect().top)");
            Assert.True(tops.Length == 2, $"{screen}: {tops.Length} buttons");
            Assert.True(tops[0] < tops[1], $"{screen}: the button Tab reaches first stands below the other ({tops[0]} against {tops[1]})");
        }

        await InTabOrderAsync("identify");
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");
        await InTabOrderAsync("confirm");
    }

    /// <summary>
    /// Confirmed after the online hours ended (the Jornada still open for its kiosks): the page, reading the Jornada again,
    /// says online voting ended, and first that this ballot was not recorded; once, not twice.
    /// </summary>
    [Fact]
    public async Task a_ballot_sent_after_the_online_hours_ended_is_said_not_recorded_once()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");

        // The online window as the service answers once it ended: the ballot refused and the Jornada read again, both after it.
        var ended = """{"code":"outside_online_window","title":"Fuera del horario de votación en línea","status":409,"detail":"La votación en línea terminó."}""";
        await phone.Page.RouteAsync("**/ballots", route => route.FulfillAsync(new() { Status = 409, ContentType = "application/problem+json", Body = ended }));
        var details = await _api.Anonymous.GetStringAsync($"/api/jornadas/{jornada.Id}");
        var node = System.Text.Json.Nodes.JsonNode.Parse(details)!;
        node["online"]!["acceptingBallots"] = false;
        node["online"]!["ended"] = true;
        node["online"]!["notAcceptingCode"] = "outside_online_window";
        node["online"]!["notAcceptingReason"] = "La votación en línea terminó el 18/10/2020 18:00 (hora del centro de México).";
        await phone.Page.RouteAsync($"**/api/jornadas/{jornada.Id}", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = node.ToJsonString() }));
        await phone.ConfirmAsync();

        await Expect(phone.Alert).ToContainTextAsync("Su voto no se registró.");
        await Expect(phone.Alert).ToContainTextAsync("La votación en línea terminó el 18/10/2020 18:00");
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(await phone.Alert.InnerTextAsync(), "no se registró"));
        // Its kiosk still takes ballots: the resident is told where else, not only «Ver resultados».
        await Expect(phone.Alert).ToContainTextAsync("Aún puede votar en un kiosco de su delegación con su credencial del INE hasta el");
    }

    /// <summary>
    /// Online voting ended with the kiosks still taking ballots (the planned model): the page said «La votación en línea
    /// terminó» and offered only «Ver resultados», the kiosks hidden in the folded help (a fresh-eyes review on a phone).
    /// </summary>
    [Fact]
    public async Task after_the_online_close_the_page_sends_the_resident_to_a_kiosk_until_the_kiosks_close()
    {
        var jornada = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()], onlineClosesIn: TimeSpan.FromHours(2));
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));
        await using var phone = await chromium.PhoneAsync(service);
        var offset = service.Clock.Offset;
        try
        {
            service.Clock.Offset = offset + TimeSpan.FromHours(2.1);
            await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
            await Expect(phone.Alert).ToContainTextAsync("La votación en línea terminó el");
            await Expect(phone.Alert).ToContainTextAsync("Aún puede votar en un kiosco de su delegación con su credencial del INE " +
                $"hasta el {QueretaroTime.Format(details.VotingClosesAt)} (hora del centro de México): vea dónde están los kioscos.");
            await Expect(phone.Alert.GetByRole(AriaRole.Link, new() { Name = "vea dónde están los kioscos" })).ToHaveAttributeAsync("href", "./#kioscos");
            // Headed by what ended, not «No es posible votar» over a sentence saying where one still can.
            await Expect(phone.Heading("La votación en línea terminó")).ToBeVisibleAsync();
            await Expect(phone.Heading("No es posible votar en este momento")).ToBeHiddenAsync();
            await phone.AxeAsync("votar en línea cerrada con kioscos abiertos", output);
            await phone.Alert.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(phone.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/#kioscos$"));
            await Expect(phone.Page.Locator("#kioscos [data-kiosks]")).ToContainTextAsync("Kiosco kiosco-1");

            // Its only kiosk closed: nowhere else to send the resident.
            await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/kiosks/kiosco-1/close",
                new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), System.Net.HttpStatusCode.OK);
            await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
            await Expect(phone.Alert).ToContainTextAsync("La votación en línea terminó el");
            await Expect(phone.Alert).Not.ToContainTextAsync("kiosco");
            await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    /// <summary>
    /// The kiosks take ballots from 08:00 and online voting opens at 10:00: at 09:00 the page was headed «No es posible votar
    /// en este momento», the kiosks only in the folded help, and the results offered «Votar en línea» first (a reviewer).
    /// Its «Ver resultados» led to the list whatever the Jornada's state; it is named as the home page names it.
    /// </summary>
    [Fact]
    public async Task before_online_voting_opens_the_pages_send_the_resident_to_a_kiosk_taking_ballots_now()
    {
        var now = service.Clock.GetUtcNow();
        var created = await _api.CreateAsync(VotingApi.NewJornada(now)); // its kiosks' hours began an hour ago
        await _api.SetOptionsAsync(created.Id);
        await _api.RegisterKioskAsync(created.Id);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{created.Id}/online-voting",
            new EnableOnlineVoting(now.AddHours(1), created.VotingClosesAt), VotingApi.Json), System.Net.HttpStatusCode.OK);
        await _api.LoadRollCsvAsync(created.Id, [Voters.UniqueClave()]);
        await _api.IssueCodesAsync(created.Id);
        await _api.OpenAsync(created.Id);
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{created.Id}"));
        Assert.True(details.Kiosks.Single().TakesBallots);
        Assert.False(details.Online!.AcceptingBallots);
        await using var phone = await chromium.PhoneAsync(service);
        try
        {
            await phone.GotoAsync($"/votar.html?jornada={created.Id}");
            await Expect(phone.Heading("La votación en línea aún no abre")).ToBeVisibleAsync();
            await Expect(phone.Heading("No es posible votar en este momento")).ToBeHiddenAsync();
            await Expect(phone.Alert).ToContainTextAsync($"La votación en línea abre el {QueretaroTime.Format(details.Online.OpensAt)} (hora del centro de México).");
            await Expect(phone.Alert).ToContainTextAsync("Ya puede votar en un kiosco de su delegación con su credencial del INE " +
                $"hasta el {QueretaroTime.Format(details.VotingClosesAt)} (hora del centro de México): vea dónde están los kioscos.");
            await Expect(phone.Alert.GetByRole(AriaRole.Link, new() { Name = "vea dónde están los kioscos" })).ToHaveAttributeAsync("href", "./#kioscos");
            await Expect(phone.Button("Volver a intentar")).ToBeVisibleAsync(); // online voting opens later: trying again then helps
            // Voting is on (at the kiosks): there is turnout to see, no results yet.
            var results = phone.Page.Locator("[data-panel=unavailable] [data-results]");
            await Expect(results).ToHaveTextAsync("Ver la participación");
            await Expect(results).ToHaveAttributeAsync("href", $"resultados.html?jornada={created.Id}");
            await phone.AxeAsync("votar en línea antes de que abra, con kioscos recibiendo votos", output);

            // The results offer the kiosks, and say when online voting opens instead of a ballot that takes nothing yet.
            await results.ClickAsync();
            var where = phone.Page.GetByRole(AriaRole.Region, new() { Name = "Dónde votar" });
            await Expect(where.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Votar en un kiosco"]);
            await Expect(where.Locator("[data-fill=online-opens]")).ToHaveTextAsync(
                $"La votación en línea abre el {QueretaroTime.Format(details.Online.OpensAt)} (hora del centro de México).");
            await Expect(where.Locator("[data-fill=not-started]")).ToBeHiddenAsync();
            await phone.AxeAsync("resultados con kioscos recibiendo votos y la votación en línea por abrir", output);

            // Over: its results, by that name.
            await _api.CloseAsync(created.Id);
            await phone.GotoAsync($"/votar.html?jornada={created.Id}");
            await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
            await Expect(results).ToHaveTextAsync("Ver resultados");
            await Expect(results).ToHaveAttributeAsync("href", $"resultados.html?jornada={created.Id}");
        }
        finally
        {
            // Not left open online for the tests that move the clock on.
            if ((await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{created.Id}"))).Status == JornadaStatus.Open)
                await _api.CloseAsync(created.Id);
        }
    }

    /// <summary>
    /// While the page does not know the Jornada yet, the help offered a kiosk that may not exist; it is said only once a
    /// Jornada with one is known.
    /// </summary>
    [Fact]
    public async Task the_help_offers_no_kiosk_before_the_page_knows_the_jornada()
    {
        var jornada = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        await using var phone = await chromium.PhoneAsync(service);
        var release = new TaskCompletionSource();
        await phone.Page.RouteAsync($"**/api/jornadas/{jornada.Id}", async route => { await release.Task; await route.ContinueAsync(); });
        var kioskAlternative = phone.Page.GetByText("también puede votar en un kiosco de su delegación");

        await phone.Page.GotoAsync($"/votar.html?jornada={jornada.Id}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Expect(phone.Page.GetByText("Cargando…")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText("acuda al módulo del IEEQ en su delegación")).ToBeVisibleAsync();
        await Expect(kioskAlternative).ToBeHiddenAsync();

        release.SetResult();
        await Expect(phone.Button("Comenzar")).ToBeVisibleAsync();
        await Expect(kioskAlternative).ToBeVisibleAsync(); // its kiosk takes ballots
    }

    /// <summary>
    /// A reload on the receipt (pull-to-refresh, or a phone that discarded the tab while its camera photographed the
    /// receipt) lost it for good and showed a plain welcome screen. This tab keeps the receipt until «Terminar».
    /// </summary>
    [Fact]
    public async Task a_reload_on_the_receipt_shows_it_again_until_terminar()
    {
        var (voter, next) = (Voters.UniqueClave(), Voters.UniqueClave());
        var jornada = await _api.OpenOnlineJornadaAsync([voter, next]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}#codigo={jornada.Codes[voter]}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter);
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.ConfirmAsync();
        var receipt = await phone.ReadReceiptAsync();
        // Checked at once it is not there yet: the screen says when it appears.
        await Expect(phone.Page.GetByText("aparece en la comprobación cuando se reúnen varios votos, o al cierre de la votación")).ToBeVisibleAsync();

        await phone.Page.ReloadAsync();

        await Expect(phone.Heading("Su voto ya quedó registrado")).ToBeVisibleAsync();
        await Expect(phone.ReceiptCode).ToHaveTextAsync(receipt);
        await Expect(phone.Page.GetByRole(AriaRole.Link, new() { Name = "Comprobar mi recibo" })).ToHaveAttributeAsync("href", $"/recibo.html?codigo={receipt}");
        await Expect(phone.Page.GetByText(jornada.Codes[voter])).ToHaveCountAsync(0);
        await phone.AxeAsync("votar recibo tras recargar", output);
        // Back is held once there too, as on the receipt first shown.
        await phone.Page.GoBackAsync();
        await Expect(phone.ReceiptCode).ToHaveTextAsync(receipt);

        await phone.Button("Terminar").TapAsync();
        await Expect(phone.Heading("Bienvenida")).ToBeVisibleAsync();
        await phone.Page.ReloadAsync();
        await Expect(phone.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText(receipt)).ToHaveCountAsync(0);

        // Only a reload shows it again: someone who leaves the page without «Terminar» (a shared computer) leaves the
        // next person who opens it in that tab the welcome screen, not their receipt.
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}#codigo={jornada.Codes[next]}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(next);
        await phone.ChooseAsync("Banquetas y alumbrado");
        await phone.ConfirmAsync();
        var nextReceipt = await phone.ReadReceiptAsync();
        await phone.GotoAsync("/");
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await Expect(phone.Heading("Bienvenida")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText(nextReceipt)).ToHaveCountAsync(0);
        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/tally"));
        Assert.Equal(2, tally.TotalBallots);
    }

    /// <summary>
    /// After a ballot was sent and its answer lost, the phone's Back went to the welcome screen silently and dropped the
    /// Idempotency-Key that gets the same receipt on a retry. Back is held once, saying how to learn what happened.
    /// </summary>
    [Fact]
    public async Task back_after_a_lost_answer_is_held_once_and_says_to_confirm_to_know_whether_it_was_saved()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await phone.ChooseAsync("Banquetas y alumbrado");
        // The ballot reaches the service and is counted; its answer never comes back.
        await phone.Page.RouteAsync("**/ballots", async route => { await route.FetchAsync(); await route.AbortAsync("internetdisconnected"); });
        await phone.ConfirmAsync();
        await Expect(phone.Alert).ToContainTextAsync("puede que un envío anterior ya se haya guardado", new() { Timeout = 30_000 });
        await phone.Page.UnrouteAsync("**/ballots");

        await phone.Page.GoBackAsync();

        await Expect(phone.Heading("Revise su voto")).ToBeVisibleAsync();
        await Expect(phone.Alert).ToContainTextAsync("Seleccione «Confirmar mi voto» para saber si su voto quedó guardado");
        await Expect(phone.Button("Confirmar mi voto")).ToBeFocusedAsync();
        await phone.AxeAsync("votar confirmar tras perder la respuesta y tocar Atrás", output);

        await phone.ConfirmAsync();
        Assert.Matches(ResidentTab.ReceiptPattern, await phone.ReadReceiptAsync()); // the same key: the receipt of the ballot counted
        var tally = await VotingApi.Read<JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/tally"));
        Assert.Equal(1, tally.TotalBallots);
    }

    [Fact]
    public async Task before_and_after_the_online_hours_the_page_says_once_when_it_opens_or_that_it_ended()
    {
        var jornada = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()], onlineClosesIn: TimeSpan.FromHours(2));
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));
        var (opensAt, closesAt) = (QueretaroTime.Format(details.Online!.OpensAt), QueretaroTime.Format(details.Online.ClosesAt));
        await using var phone = await chromium.PhoneAsync(service);
        var offset = service.Clock.Offset;
        try
        {
            service.Clock.Offset = offset - TimeSpan.FromMinutes(5);
            await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
            await Expect(phone.Alert).ToContainTextAsync($"La votación en línea abre el {opensAt} (hora del centro de México).");
            await Expect(phone.Alert).Not.ToContainTextAsync("se vota del");
            await Expect(phone.Button("Volver a intentar")).ToBeVisibleAsync(); // it will open: trying again then helps
            await Expect(phone.Alert).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\balert-later\b")); // not yet: no error's red
            await phone.AxeAsync("votar en línea antes de que abra", output);

            service.Clock.Offset = offset + TimeSpan.FromHours(2.1);
            await phone.Page.ReloadAsync();
            await Expect(phone.Alert).ToContainTextAsync($"La votación en línea terminó el {closesAt} (hora del centro de México).");
            await Expect(phone.Alert).Not.ToContainTextAsync("se vota del");
            await Expect(phone.Button("Volver a intentar")).ToBeHiddenAsync();
            await Expect(phone.Alert).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\balert-later\b"));
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    [Fact]
    public async Task the_address_on_the_letter_offers_the_jornadas_with_online_voting_saying_until_when_or_since_when()
    {
        var everyHour = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        var shortOnline = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()], onlineClosesIn: TimeSpan.FromHours(3));
        var endingOnline = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()], onlineClosesIn: TimeSpan.FromHours(1));
        var (kioskOnly, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        async Task<JornadaDetails> DetailsAsync(Guid id) =>
            await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"));
        var (open, shorter, ending, kiosk) = (await DetailsAsync(everyHour.Id), await DetailsAsync(shortOnline.Id),
            await DetailsAsync(endingOnline.Id), await DetailsAsync(kioskOnly));
        await using var phone = await chromium.PhoneAsync(service);
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(1.5); // past the end of endingOnline's online voting; its kiosks still open
        try
        {
            await phone.GotoAsync("/votar.html");

            await Expect(phone.Heading("Elija la Jornada")).ToBeVisibleAsync();
            var choice = (JornadaDetails j) => phone.Page.Locator(".choice", new() { HasText = j.Title });
            await Expect(choice(open)).ToContainTextAsync($"Se vota en línea hasta el {QueretaroTime.Format(open.Online!.ClosesAt)}");
            await Expect(choice(shorter)).ToContainTextAsync($"Se vota en línea hasta el {QueretaroTime.Format(shorter.Online!.ClosesAt)}");
            Assert.NotEqual(shorter.Online.ClosesAt, shorter.VotingClosesAt); // the kiosks' closing time would be wrong here
            // A letter of a Jornada whose online voting ended is still found, with when it ended and that its kiosks still
            // take ballots (it read «Cerró el …», over a Jornada one still votes in: a reviewer).
            await Expect(choice(ending)).ToContainTextAsync($"La votación en línea terminó el {QueretaroTime.Format(ending.Online!.ClosesAt)}; " +
                $"aún se vota en un kiosco de su delegación hasta el {QueretaroTime.Format(ending.VotingClosesAt)} (hora del centro de México)");
            await Expect(choice(ending)).Not.ToContainTextAsync("Cerró el");
            await Expect(choice(kiosk)).ToHaveCountAsync(0); // no letters: it is voted at kiosks only
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    /// <summary>
    /// An outside tester: the letter's address (no Jornada in it) went straight to another Jornada taking votes, whose
    /// ballot answered the resident's right clave and code with «no coinciden», and sent them to the IEEQ; their own
    /// Jornada, opening later, was in no list.
    /// </summary>
    [Fact]
    public async Task the_address_on_the_letter_lists_a_jornada_announced_or_closed_too_and_a_code_of_another_jornada_leads_back_to_the_list()
    {
        var voter = Voters.UniqueClave();
        var announced = await AnnouncedOnlineJornadaAsync([voter]); // the resident's: online voting opens in two days
        var takingVotes = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        var closed = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        await _api.CloseAsync(closed.Id);
        async Task<JornadaDetails> DetailsAsync(Guid id) =>
            await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"));
        var (later, open, ended) = (await DetailsAsync(announced.Id), await DetailsAsync(takingVotes.Id), await DetailsAsync(closed.Id));
        await using var phone = await chromium.PhoneAsync(service);
        // The service's list holds only these three (other tests' Jornadas take online ballots now).
        var ids = new[] { announced.Id, takingVotes.Id, closed.Id };
        var list = new JsonArray(JsonNode.Parse(await _api.Anonymous.GetStringAsync("/api/jornadas"))!.AsArray()
            .Where(j => ids.Contains(j!["id"]!.GetValue<Guid>())).Select(j => j!.DeepClone()).ToArray()).ToJsonString();
        await phone.Page.RouteAsync("**/api/jornadas", route => route.FulfillAsync(new() { ContentType = "application/json", Body = list }));

        await phone.GotoAsync("/votar.html");

        await Expect(phone.Heading("Elija la Jornada")).ToBeVisibleAsync();
        var choices = phone.Page.Locator("[data-panel='pick'] .choice");
        await Expect(choices).ToHaveCountAsync(3);
        await Expect(choices.Nth(0)).ToContainTextAsync($"{open.Title}Se vota en línea hasta el {QueretaroTime.Format(open.Online!.ClosesAt)}");
        await Expect(choices.Nth(1)).ToContainTextAsync($"{later.Title}Abre el {QueretaroTime.Format(later.Online!.OpensAt)} (hora del centro de México)");
        await Expect(choices.Nth(2)).ToContainTextAsync($"{ended.Title}Cerró el {QueretaroTime.Format(ended.ClosedEarlyAt!.Value)} (hora del centro de México)");
        await phone.AxeAsync("votar elija la Jornada, abierta, anunciada y cerrada", output);

        // The resident takes the one taking votes; its ballot names it, and their letter's data do not match it.
        await choices.Nth(0).TapAsync();
        await Expect(phone.Page.Locator("h1")).ToHaveTextAsync(open.Title);
        await phone.StartAsync();
        var identify = phone.Page.Locator("[data-screen='identify']");
        await Expect(identify).ToContainTextAsync($"Jornada: {open.Title}. Revise que su carta diga el mismo nombre.");
        await phone.IdentifyOnlineAsync(voter, announced.Codes[voter]);
        await Expect(phone.Alert).ToContainTextAsync("no coinciden");
        await Expect(phone.Alert).ToContainTextAsync("¿Su carta es de otra Jornada? Revise el nombre de la Jornada en su carta y elíjala aquí.");
        await phone.AxeAsync("votar clave y código de otra Jornada", output);

        await phone.Page.GetByRole(AriaRole.Link, new() { Name = "elíjala aquí" }).TapAsync();
        await Expect(phone.Heading("Elija la Jornada")).ToBeVisibleAsync();
        await choices.Nth(1).TapAsync();
        await Expect(phone.Page.Locator("h1")).ToHaveTextAsync(later.Title);
        await Expect(phone.Alert).ToContainTextAsync("Fuera del horario de votación en línea");
        await Expect(phone.Button("Volver a intentar")).ToBeVisibleAsync();
    }

    /// <summary>A Jornada being prepared, its online voting two days from now: its roll loaded and its letters issued.</summary>
    private async Task<OnlineJornada> AnnouncedOnlineJornadaAsync(IReadOnlyList<string> voters)
    {
        var now = service.Clock.GetUtcNow();
        var (opens, closes) = (now + TimeSpan.FromDays(2), now + TimeSpan.FromDays(2) + TimeSpan.FromHours(8));
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: opens - now, closesIn: closes - now));
        await _api.SetOptionsAsync(jornada.Id);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(opens, closes), VotingApi.Json), System.Net.HttpStatusCode.OK);
        await _api.LoadRollCsvAsync(jornada.Id, voters);
        var codes = await _api.IssueCodesAsync(jornada.Id);
        return new OnlineJornada(jornada.Id, "", voters.Select((v, i) => (v, codes[i + 2])).ToDictionary(x => x.v, x => x.Item2));
    }

    [Fact]
    public async Task when_online_voting_opens_later_today_the_address_on_the_letter_says_when_and_offers_to_try_again()
    {
        // The kiosks opened in the morning; online voting begins later the same day.
        var jornada = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));
        await using var phone = await chromium.PhoneAsync(service);
        // The service's list holds only this Jornada (other tests' Jornadas take online ballots now).
        var list = new JsonArray(JsonNode.Parse(await _api.Anonymous.GetStringAsync("/api/jornadas"))!.AsArray()
            .Where(j => j!["id"]!.GetValue<Guid>() == jornada.Id).Select(j => j!.DeepClone()).ToArray()).ToJsonString();
        await phone.Page.RouteAsync("**/api/jornadas", route => route.FulfillAsync(new() { ContentType = "application/json", Body = list }));
        var offset = service.Clock.Offset;
        try
        {
            service.Clock.Offset = offset - TimeSpan.FromMinutes(5);
            await phone.GotoAsync("/votar.html");
            await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
            await Expect(phone.Alert).ToContainTextAsync("Ahora no hay ninguna Jornada de Participación recibiendo votos en línea.");
            await Expect(phone.Alert).ToContainTextAsync($"En «{details.Title}» se vota en línea del {details.Online!.WindowLabel} (hora del centro de México).");
            await Expect(phone.Button("Volver a intentar")).ToBeVisibleAsync();

            // Once it opens, trying again takes the resident to it.
            service.Clock.Offset = offset;
            await phone.Button("Volver a intentar").TapAsync();
            await Expect(phone.Heading("Bienvenida")).ToBeVisibleAsync();
            await Expect(phone.Page.Locator("h1")).ToHaveTextAsync(details.Title);
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    [Theory]
    [InlineData(".")]
    [InlineData(").")]
    [InlineData("»,")]
    public async Task a_letter_link_that_picked_up_punctuation_after_the_code_still_fills_in_the_code(string punctuation)
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}#codigo={jornada.Codes[voter]}{Uri.EscapeDataString(punctuation)}");
        await phone.StartAsync();

        await Expect(phone.VotingCodeInput).ToHaveValueAsync(jornada.Codes[voter]);
        await phone.IdentifyOnlineAsync(voter);
        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task after_voting_the_participation_check_says_a_ballot_was_cast_online_today_and_never_the_choice()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);

        async Task CheckAsync()
        {
            await phone.GotoAsync($"/participacion.html?jornada={jornada.Id}");
            await phone.VoterIdInput.FillAsync(voter);
            await phone.VotingCodeInput.FillAsync(jornada.Codes[voter]);
            await phone.Button("Consultar").TapAsync();
        }

        await CheckAsync();
        await Expect(phone.Heading("No se ha votado con sus datos")).ToBeVisibleAsync();
        // «Aún puede votar»: the way to it is offered there.
        await Expect(phone.Page.GetByRole(AriaRole.Link, new() { Name = "Votar en línea ahora" })).ToHaveAttributeAsync("href", $"votar.html?jornada={jornada.Id}");
        await phone.AxeAsync("participación, aún puede votar en línea", output);

        await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voter, jornada.Codes[voter], "B"));
        await CheckAsync();
        await Expect(phone.Heading("Sí se votó con sus datos")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByRole(AriaRole.Link, new() { Name = "Votar en línea ahora" })).ToHaveCountAsync(0);
        var today = TimeZoneInfo.ConvertTime(service.Clock.GetUtcNow(), QueretaroTime.Zone).ToString("dd/MM/yyyy");
        await Expect(phone.Page.GetByText($"en línea el {today}")).ToBeVisibleAsync();
        await Expect(phone.Page.GetByText("Banquetas")).ToHaveCountAsync(0);
        Assert.True(await phone.FitsWidthAsync(), "The participation check scrolls sideways on a phone.");
    }
}

[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_asks_whether_someone_voted_with_their_credential(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task a_code_refused_for_the_jornada_chosen_for_them_says_which_one_that_is()
    {
        // The letter prints the page's address without its Jornada; another Jornada open meanwhile is chosen instead.
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        var other = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync("/participacion.html");
        await phone.Page.GetByLabel("Jornada").SelectOptionAsync(other.Id.ToString());
        await phone.VoterIdInput.FillAsync(voter);
        await phone.VotingCodeInput.FillAsync(jornada.Codes[voter]);
        await phone.Button("Consultar").TapAsync();

        var title = await phone.Page.GetByLabel("Jornada").Locator("option:checked").TextContentAsync();
        await Expect(phone.Page.Locator("[data-result]")).ToContainTextAsync(
            $"Revise también que eligió arriba la Jornada que dice su carta: ahora está elegida «{title}».");
    }

    [Fact]
    public async Task the_answer_takes_the_clave_and_the_code_off_the_screen_of_a_shared_device()
    {
        // A tester left the page after «No se ha votado con sus datos»: the next person at that computer found a clave and
        // a code the page had just said could still vote.
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.GotoAsync($"/participacion.html?jornada={jornada.Id}");
        await phone.VoterIdInput.FillAsync(voter);
        await phone.VotingCodeInput.FillAsync(jornada.Codes[voter]);
        await phone.Button("Consultar").TapAsync();

        await Expect(phone.Heading("No se ha votado con sus datos")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("[data-result]")).ToContainTextAsync("Por su privacidad, su clave de elector y su código se borraron de esta página.");
        await Expect(phone.VoterIdInput).ToHaveValueAsync("");
        await Expect(phone.VotingCodeInput).ToHaveValueAsync("");
        await Expect(phone.Page.GetByText(voter)).ToHaveCountAsync(0);

        // A refusal keeps what was typed, to be corrected.
        await phone.VoterIdInput.FillAsync(voter);
        await phone.VotingCodeInput.FillAsync("0000-0000-0000-0000");
        await phone.Button("Consultar").TapAsync();
        await Expect(phone.Page.Locator("[data-result] h2")).Not.ToHaveTextAsync("No se ha votado con sus datos");
        await Expect(phone.VoterIdInput).ToHaveValueAsync(voter);
    }

    [Fact]
    public async Task consultar_pressed_before_the_slow_list_of_jornadas_arrives_waits_for_it_and_answers()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        await phone.Page.RouteAsync("**/api/jornadas", async route =>
        {
            await Task.Delay(2000); // a slow phone connection
            await route.ContinueAsync();
        });

        await phone.GotoAsync($"/participacion.html?jornada={jornada.Id}");
        await phone.VoterIdInput.FillAsync(voter);
        await phone.VotingCodeInput.FillAsync(jornada.Codes[voter]);
        await phone.Button("Consultar").TapAsync();

        await Expect(phone.Heading("No se ha votado con sus datos")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(phone.Page.GetByText("Elija la Jornada")).ToHaveCountAsync(0);
        await Expect(phone.Page.GetByLabel("Jornada", new() { Exact = true })).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task a_double_tap_on_consultar_asks_once_so_a_wrong_code_counts_once_towards_the_lock()
    {
        var (voter, other) = (Voters.UniqueClave(), Voters.UniqueClave());
        var jornada = await _api.OpenOnlineJornadaAsync([voter, other]);
        await using var phone = await chromium.PhoneAsync(service);
        var asked = 0;
        await phone.Page.RouteAsync("**/participation-check", async route =>
        {
            Interlocked.Increment(ref asked);
            await route.ContinueAsync();
        });
        await phone.GotoAsync($"/participacion.html?jornada={jornada.Id}");
        await Expect(phone.Page.GetByLabel("Jornada", new() { Exact = true })).ToHaveValueAsync(jornada.Id.ToString());
        await phone.VoterIdInput.FillAsync(voter);
        await phone.VotingCodeInput.FillAsync(jornada.Codes[other]);

        await phone.Button("Consultar").DblClickAsync();

        await Expect(phone.Heading("Clave o código incorrectos")).ToBeVisibleAsync();
        await Expect(phone.Button("Consultar")).ToBeFocusedAsync();
        Assert.Equal(1, asked);
    }
}
