using System.Text.RegularExpressions;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>What residents hit on the public pages (issue 8, part 4), each checked the way they meet it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_residents_read_the_public_pages(ServiceFixture service, ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    /// <summary>
    /// The contrast ratio (WCAG) between an element's text and the background behind it, as the browser paints them now.
    /// </summary>
    private const string Contrast = """
        element => {
          const rgb = text => text.match(/[\d.]+/g).map(Number);
          const luminance = ([r, g, b]) => {
            const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
          };
          let back = element;
          while (back && rgb(getComputedStyle(back).backgroundColor)[3] === 0) back = back.parentElement;
          const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(rgb(getComputedStyle(back ?? document.body).backgroundColor))];
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }
        """;

    private static async Task<double> ContrastUnderTheMouseAsync(ILocator element)
    {
        await element.HoverAsync();
        return await element.EvaluateAsync<double>(Contrast);
    }

    [Fact]
    public async Task primary_buttons_and_header_links_stay_readable_under_the_mouse()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var desk = await chromium.MouseDesktopAsync(service);

        await desk.GotoAsync("/recibo.html");
        Assert.True(await ContrastUnderTheMouseAsync(desk.Button("Comprobar")) >= 4.5, "«Comprobar» is unreadable under the mouse.");
        var brand = desk.Page.GetByRole(AriaRole.Link, new() { Name = "Municipio de Querétaro · Gobierno Abierto" });
        Assert.True(await ContrastUnderTheMouseAsync(brand) >= 4.5, "The header's link is unreadable under the mouse.");

        await desk.GotoAsync($"/votar.html?jornada={jornadaId}");
        await Expect(desk.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
        await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]); // the link is offered for a Jornada voted online
        await desk.GotoAsync("/");
        var vote = desk.Page.Locator(".jornada-list").GetByRole(AriaRole.Link, new() { Name = "Votar en línea" }).First;
        await Expect(vote).ToBeVisibleAsync();
        Assert.True(await ContrastUnderTheMouseAsync(vote) >= 4.5, "«Votar en línea» is unreadable under the mouse.");
    }

    [Fact]
    public async Task the_home_page_offers_online_voting_only_for_a_jornada_that_takes_it()
    {
        var kioskOnly = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await _api.RegisterKioskLinkAsync(kioskOnly.Id, "kiosco-9"); // registered, not yet set up on its device: takes no ballot
        var online = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        var preparing = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.RegisterKioskLinkAsync(preparing.Id, "kiosco-2");
        await using var desk = await chromium.DesktopAsync(service);

        await desk.GotoAsync("/");

        ILocator Item(Guid id) =>
            desk.Page.Locator(".jornada-list li.jornada").Filter(new() { Has = desk.Page.Locator($"a[href='resultados.html?jornada={id}']") });
        await Expect(Item(online.Id)).ToContainTextAsync("Votar en línea");
        await Expect(Item(kioskOnly.Id)).ToContainTextAsync("Ver la participación"); // open: no results yet (it read «Ver resultados»)
        await Expect(Item(kioskOnly.Id)).Not.ToContainTextAsync("Ver resultados");
        await Expect(Item(kioskOnly.Id)).Not.ToContainTextAsync("Votar en línea");
        await Expect(Item(preparing.Id)).ToContainTextAsync("Ver la Jornada");
        await Expect(Item(preparing.Id)).Not.ToContainTextAsync("Ver resultados");

        // Where to vote: each open kiosk says which Jornada it takes (several are open at once here).
        var onlineTitle = (await VotingApi.Read<Jornadas.JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{online.Id}"))).Title;
        await Expect(desk.Page.Locator("[data-kiosks] li").Filter(new() { HasText = onlineTitle })).Not.ToHaveCountAsync(0);
        // Only kiosks that take ballots now: the one not yet set up on its device was listed too (an outside tester's).
        var kioskOnlyTitle = (await VotingApi.Read<Jornadas.JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{kioskOnly.Id}"))).Title;
        var itsKiosks = desk.Page.Locator("[data-kiosks] li").Filter(new() { HasText = kioskOnlyTitle });
        await Expect(itsKiosks.Filter(new() { HasText = "Kiosco kiosco-1" })).ToHaveCountAsync(1);
        await Expect(itsKiosks.Filter(new() { HasText = "Kiosco kiosco-9" })).ToHaveCountAsync(0);
        // When, for a Jornada whose kiosks take no ballot yet: the letters send residents here for where and when (a reviewer:
        // the page said «No hay kioscos abiertos» and nothing of the hours).
        var announced = desk.Page.Locator("[data-kiosk-hours]").Filter(new() { HasText = preparing.Title });
        await Expect(announced).ToContainTextAsync($"Se vota en kiosco del {QueretaroTime.Format(preparing.VotingOpensAt)} al {QueretaroTime.Format(preparing.VotingClosesAt)} (hora del centro de México)");
        await Expect(desk.Page.Locator("[data-kiosk-hours]").Filter(new() { HasText = kioskOnlyTitle })).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Online voting ended while the kiosks still take ballots: «Votar en línea» led only to «Fuera del horario…» (a
    /// reviewer). The home page says when online voting ended and sends to the kiosks instead.
    /// </summary>
    [Fact]
    public async Task the_home_page_says_online_voting_ended_and_points_to_the_kiosks_while_they_take_ballots()
    {
        var online = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()], onlineClosesIn: TimeSpan.FromHours(1));
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{online.Id}"));
        await using var desk = await chromium.DesktopAsync(service);
        var offset = service.Clock.Offset;
        service.Clock.Offset = offset + TimeSpan.FromHours(1.5);
        try
        {
            await desk.GotoAsync("/");
            var item = desk.Page.Locator(".jornada-list li.jornada").Filter(new() { Has = desk.Page.Locator($"a[href='resultados.html?jornada={online.Id}']") });
            await Expect(item.Locator("[data-online-ended]")).ToContainTextAsync(
                $"La votación en línea terminó el {QueretaroTime.Format(details.Online!.ClosesAt)} (hora del centro de México); aún se vota en los kioscos de esta página.");
            await Expect(item.GetByRole(AriaRole.Link, new() { Name = "Votar en línea" })).ToHaveCountAsync(0);
            await Expect(item.GetByRole(AriaRole.Link, new() { Name = "los kioscos de esta página" })).ToHaveAttributeAsync("href", "#kioscos");
            await Expect(desk.Page.Locator("[data-kiosks] li").Filter(new() { HasText = details.Title })).Not.ToHaveCountAsync(0);
            await desk.AxeAsync("inicio: la votación en línea terminó y los kioscos siguen", output);
        }
        finally
        {
            service.Clock.Offset = offset;
        }
    }

    [Fact]
    public async Task a_jornada_closed_early_shows_when_it_closed_not_only_when_it_was_to_close()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await _api.CloseAsync(jornadaId); // before its window's end: countersigned by the IEEQ
        var jornada = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornadaId}"));
        Assert.NotNull(jornada.ClosedEarlyAt);
        Assert.True(jornada.ClosedEarlyAt < jornada.VotingClosesAt);
        var closed = QueretaroTime.Format(jornada.ClosedEarlyAt.Value);
        var planned = QueretaroTime.Format(jornada.VotingClosesAt);
        Assert.Equal($"{QueretaroTime.Format(jornada.VotingOpensAt)} a {closed}; se cerró antes de lo previsto: su horario terminaba el {planned}", jornada.VotingWindowLabel);
        await using var desk = await chromium.DesktopAsync(service);

        await desk.GotoAsync("/");

        var item = desk.Page.Locator(".jornada-list li.jornada").Filter(new() { Has = desk.Page.Locator($"a[href='resultados.html?jornada={jornadaId}']") });
        await Expect(item).ToContainTextAsync($"al {closed} (hora del centro de México); se cerró antes de lo previsto: su horario terminaba el {planned}");

        // Online voting ended with the close too: its period said the planned end (votar.html and the staff's page).
        var online = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        await _api.CloseAsync(online.Id);
        var withOnline = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{online.Id}"));
        Assert.Equal($"{QueretaroTime.Format(withOnline.Online!.OpensAt)} a {QueretaroTime.Format(withOnline.ClosedEarlyAt!.Value)}; " +
            $"se cerró antes de lo previsto: su horario terminaba el {QueretaroTime.Format(withOnline.Online.ClosesAt)}", withOnline.Online.WindowLabel);
    }

    [Fact]
    public async Task a_proposal_page_names_its_colonia_whether_or_not_the_process_has_a_jornada_yet()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var participant = await Process.SeatedAsync(table, "Participante", "san-pedro-martir");
        var proposal = await ProcessApi.Created<GobiernoAbierto.Proposals.ProposalCreated>(
            await Process.SubmitAsync(table, participant, "Banquetas amplias", "san-pedro-martir"));
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/propuesta.html?id={proposal.ProposalId}");

        await Expect(phone.Heading("Banquetas amplias")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("[data-fill=facts]")).ToContainTextAsync("San Pedro Mártir");
        await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync("san-pedro-martir");
    }

    [Fact]
    public async Task times_are_queretaro_times_in_one_format_on_a_device_set_to_another_zone()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var jornada = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornadaId}"));
        var window = jornada.VotingWindowLabel.Split(" a "); // the service's format: 18/10/2020 08:00 a 18/10/2020 18:00
        await using var desk = await chromium.DesktopElsewhereAsync(service, "Asia/Tokyo");

        await desk.GotoAsync("/");
        await Expect(desk.Page.Locator(".jornada-list")).ToContainTextAsync($"del {window[0]} al {window[1]} (hora del centro de México)");

        await desk.GotoAsync($"/resultados.html?jornada={jornadaId}");
        var now = TimeZoneInfo.ConvertTime(service.Clock.GetUtcNow(), QueretaroTime.Zone); // the page stamps by the service's clock
        var minutes = string.Join("|", new[] { now.AddMinutes(-1), now, now.AddMinutes(1) }.Select(t => Regex.Escape(t.ToString("dd/MM/yyyy HH:mm"))));
        await Expect(desk.Page.GetByText("Última actualización")).ToHaveTextAsync(new Regex($"Última actualización: ({minutes}) \\(hora del centro de México\\)"));
    }

    [Fact]
    public async Task turnout_by_delegacion_counts_the_people_who_voted()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/resultados.html?jornada={jornadaId}");

        await Expect(phone.Page.GetByRole(AriaRole.Columnheader, new() { Name = "Personas que votaron" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task a_curp_jornada_calls_the_identifier_curp_at_the_kiosk_and_on_the_participation_check()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow(), kind: VoterIdKind.Curp));
        await _api.SetOptionsAsync(jornada.Id);
        var kioskToken = await _api.RegisterKioskAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id);
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.ConfigureKioskAsync(kioskToken);
        await kiosk.StartAsync();

        // A wrong check digit: refused on this step, by the CURP's rules, before the resident chooses.
        await kiosk.Page.GetByLabel("CURP", new() { Exact = true }).FillAsync("GODE561231HQTRRL0Z");
        await kiosk.Page.GetByLabel("Colonia donde vive").SelectOptionAsync(new SelectOptionValue { Label = "Loma Bonita" });
        await kiosk.Button("Continuar").TapAsync();

        await Expect(kiosk.Alert).ToContainTextAsync("CURP no válida");
        await Expect(kiosk.Alert).ToContainTextAsync("La CURP no tiene el formato esperado");
        await Expect(kiosk.Page.Locator("main")).Not.ToContainTextAsync("dentificador");
        await Expect(kiosk.Heading("Sus datos")).ToBeVisibleAsync();
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeHiddenAsync();
        // A well-formed CURP goes on to the choice.
        await kiosk.Page.GetByLabel("CURP", new() { Exact = true }).FillAsync(Voters.UniqueCurp());
        await kiosk.Button("Continuar").TapAsync();
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();

        await kiosk.GotoAsync($"/participacion.html?jornada={jornada.Id}");
        await Expect(kiosk.Page.GetByLabel("CURP", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(kiosk.Page.GetByLabel("Clave de elector")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task the_participation_check_without_a_link_starts_on_a_jornada_voting_now_online()
    {
        // Created last, so first in the list: a Jornada that already closed must not be the one a resident lands on, nor
        // one voted only at kiosks, which issued no letter whose code the check could ask for.
        var online = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var (closed, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await _api.CloseAsync(closed);
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync("/participacion.html");

        var select = phone.Page.GetByLabel("Jornada", new() { Exact = true });
        await Expect(select.Locator("option").First).ToBeAttachedAsync(); // the list is read from the API after load
        var chosen = await select.InputValueAsync();
        Assert.NotEqual(closed.ToString(), chosen);
        Assert.Equal(online.Id.ToString(), chosen);
    }

    private const string FirstStop = """
        e => e === [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
          .find(x => x.tabIndex >= 0 && !x.disabled && x.getClientRects().length > 0)
        """;

    [Fact]
    public async Task every_page_begins_with_a_skip_link_to_its_content()
    {
        var process = await Process.StartAsync();
        await using var desk = await chromium.DesktopAsync(service);
        foreach (var path in new[] { "/", "/votar.html", "/recibo.html", "/participacion.html", "/resultados.html", $"/proceso.html?proceso={process.Id}", "/verificar.html", "/no-existe.html" })
        {
            await desk.GotoAsync(path);
            await Expect(desk.Page.Locator("[data-panel=loading]")).ToBeHiddenAsync();
            var skip = desk.Page.GetByRole(AriaRole.Link, new() { Name = "Saltar al contenido" });
            // The first stop of the keyboard on the page (pages that show a screen put the focus on its heading, after it).
            Assert.True(await skip.EvaluateAsync<bool>(FirstStop), $"{path}: the skip link is not the first thing the keyboard reaches.");
            if (path is "/" or "/recibo.html" or "/participacion.html")
            {
                await desk.Page.Keyboard.PressAsync("Tab");
                await Expect(skip).ToBeFocusedAsync();
            }
            else await skip.FocusAsync();
            await Expect(skip).ToBeInViewportAsync();
            await desk.Page.Keyboard.PressAsync("Enter");
            await Expect(desk.Page.Locator("main")).ToBeFocusedAsync();
        }
    }

    [Fact]
    public async Task the_process_page_begins_with_the_chosen_work_and_its_progress()
    {
        var process = await Process.StartAsync();
        await using var phone = await chromium.PhoneAsync(service);

        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");

        await Expect(phone.Heading(process.Title)).ToBeVisibleAsync();
        var first = phone.Page.Locator("article[data-panel=process] > section").First;
        await Expect(first).ToHaveAttributeAsync("id", "avance");
        await Expect(first.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Obra elegida y su avance");
        await Expect(first).ToContainTextAsync("Aún no hay obra elegida");
    }

    [Fact]
    public async Task the_receipt_check_fits_a_320_px_phone_with_the_code_whole_in_its_heading()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), jornadaId, Voters.UniqueClave(), "B"));
        await using var phone = await chromium.NarrowPhoneAsync(service);

        await phone.GotoAsync($"/recibo.html?codigo={receipt}");
        await Expect(phone.Heading("Voto contado")).ToContainTextAsync(receipt);
        Assert.True(await phone.FitsWidthAsync(), "The receipt check scrolls sideways on a 320 px phone.");

        // The widest letters a code can have, in the answer's heading: it stays whole and inside its box.
        await phone.GotoAsync("/recibo.html?codigo=WWWW-MMMM-WWWW");
        await Expect(phone.Heading("No aparece en el cómputo")).ToContainTextAsync("WWWW-MMMM-WWWW");
        // One mistyped character gives this answer: it says so before sending anyone to the IEEQ.
        await Expect(phone.Page.Locator(".notice")).ToContainTextAsync("Compárelo carácter por carácter con su recibo: basta uno distinto para que no se encuentre.");
        Assert.True(await phone.FitsWidthAsync(), "A receipt code scrolls sideways on a 320 px phone.");
        Assert.True(await phone.Page.Locator(".notice h2").EvaluateAsync<bool>(
            "h => [...h.querySelectorAll('*')].every(e => e.getBoundingClientRect().right <= h.getBoundingClientRect().right)"),
            "The receipt code spills out of its box on a 320 px phone.");

        // «.» and «..» made the address /api/receipts/ and /api/: «No encontrado — No existe el recurso solicitado».
        foreach (var dots in new[] { ".", ".." })
        {
            await phone.GotoAsync("/recibo.html");
            await phone.Page.GetByLabel("Código de recibo").FillAsync(dots);
            await phone.Button("Comprobar").ClickAsync();
            await Expect(phone.Heading("Código de recibo inválido")).ToBeVisibleAsync();
            await Expect(phone.Page.GetByText("El código de recibo tiene 12 letras y números")).ToBeVisibleAsync();
        }
    }

    /// <summary>A link cut short or mistyped said «No existe el recurso solicitado. Revise la dirección y el identificador».</summary>
    [Fact]
    public async Task a_link_naming_no_jornada_at_all_says_there_is_no_such_jornada()
    {
        await using var phone = await chromium.PhoneAsync(service);
        foreach (var page in new[] { "/votar.html?jornada=nope", "/resultados.html?jornada=20201018-0000" })
        {
            await phone.GotoAsync(page);
            await Expect(phone.Alert).ToContainTextAsync("No existe una Jornada con ese identificador");
            await Expect(phone.Alert).Not.ToContainTextAsync("recurso");
        }
        // An identifier no Jornada has is told what to do as one that is no identifier is (an outside tester's).
        await phone.GotoAsync($"/votar.html?jornada={Guid.NewGuid()}");
        await Expect(phone.Alert).ToContainTextAsync("No existe una Jornada con ese identificador. Revise el enlace o elija la Jornada en la página de inicio.");
    }

    /// <summary>
    /// A proposal's or a process's link cut short (a chat app's preview, a copy) said «No existe el recurso solicitado.
    /// Revise la dirección y el identificador.», and a proposal's did not say where to find it.
    /// </summary>
    [Fact]
    public async Task a_proposal_or_process_link_cut_short_says_there_is_no_such_one_and_where_to_look()
    {
        await using var phone = await chromium.PhoneAsync(service);
        var cutShort = Guid.NewGuid().ToString()[..30];
        foreach (var (page, says) in new[]
                 {
                     ($"/propuesta.html?id={cutShort}", "No existe una propuesta con ese identificador. Revise el enlace, o abra la propuesta desde la página de su proceso, en «Todos los procesos»."),
                     ($"/propuesta.html?id={Guid.NewGuid()}", "No existe una propuesta con ese identificador. Revise el enlace, o abra la propuesta desde la página de su proceso, en «Todos los procesos»."),
                     ($"/proceso.html?proceso={cutShort}", "No existe un proceso de participación con ese identificador. Vea la lista en «Todos los procesos»."),
                 })
        {
            await phone.GotoAsync(page);
            await Expect(phone.Alert).ToContainTextAsync(says);
            await Expect(phone.Alert).Not.ToContainTextAsync("recurso");
            await Expect(phone.Page.GetByRole(AriaRole.Link, new() { Name = "Todos los procesos" })).ToBeVisibleAsync();
        }
    }
}
