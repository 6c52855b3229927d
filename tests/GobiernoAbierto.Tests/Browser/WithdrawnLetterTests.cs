using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A Jornada withdrawn after its letters were mailed: the letter prints the plain addresses of the ballot and of
/// «¿Alguien votó con mis datos?» (only its QR names the Jornada). Whoever types them, or opens the home page, found other
/// Jornadas or none, and no word of theirs; now each says it was withdrawn, when, why, and that the letter's code will not
/// be used. A Jornada withdrawn before any letter went out stays out of every list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_holds_the_letter_of_a_withdrawn_jornada(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);
    private const string Reason = "Las obras de la boleta ya las hará el estado.";

    private async Task<JornadaDetails> WithdrawAsync(Guid id) => await VotingApi.Read<JornadaDetails>(
        await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/withdraw", new WithdrawJornada(Reason), VotingApi.Json));

    /// <summary>The service's list as the page gets it, holding only these Jornadas (other tests' take online ballots now).</summary>
    private async Task OnlyTheseInTheListAsync(ResidentTab tab, params Guid[] ids)
    {
        var list = new JsonArray(JsonNode.Parse(await _api.Anonymous.GetStringAsync("/api/jornadas"))!.AsArray()
            .Where(j => ids.Contains(j!["id"]!.GetValue<Guid>())).Select(j => j!.DeepClone()).ToArray()).ToJsonString();
        await tab.Page.RouteAsync("**/api/jornadas", route => route.FulfillAsync(new() { ContentType = "application/json", Body = list }));
    }

    [Fact]
    public async Task the_letters_plain_addresses_and_the_home_page_say_it_was_withdrawn_and_that_its_code_will_not_be_used()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var lettered = await _api.AnnouncedOnlineJornadaAsync([Voters.UniqueClave()], "Jornada con cartas enviadas " + suffix);
        var withdrawn = await WithdrawAsync(lettered.Id);
        var notice = withdrawn.Withdrawal!.Notice;
        Assert.Contains("ese código no se usará", notice);
        var quiet = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()) with { Title = "Jornada sin cartas " + suffix });
        await WithdrawAsync(quiet.Id);
        await using var phone = await chromium.PhoneAsync(service);

        // The home page: the Jornada of the letters, what became of it and of their codes; not the one without letters.
        await phone.GotoAsync("/");
        var item = phone.Page.Locator("li.jornada", new() { Has = phone.Heading(withdrawn.Title) });
        await Expect(item).ToContainTextAsync("Retirada: no habrá votación");
        await Expect(item).ToContainTextAsync(notice);
        await Expect(item.GetByRole(AriaRole.Link, new() { Name = "Votar en línea" })).ToHaveCountAsync(0);
        await Expect(phone.Page.Locator("main")).Not.ToContainTextAsync(quiet.Title);
        await phone.AxeAsync("inicio con una Jornada retirada con cartas enviadas", output);

        // The ballot's plain address, with no other Jornada whose letters exist: said at once, and no «Volver a intentar».
        await OnlyTheseInTheListAsync(phone, lettered.Id, quiet.Id);
        await phone.GotoAsync("/votar.html");
        await Expect(phone.Heading("No es posible votar en este momento")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("h1")).ToHaveTextAsync(withdrawn.Title);
        await Expect(phone.Alert).ToContainTextAsync($"Retirada: no habrá votación {notice}");
        await Expect(phone.Page.GetByText("también puede votar en un kiosco de su delegación")).ToBeHiddenAsync();
        await Expect(phone.Button("Volver a intentar")).ToBeHiddenAsync();
        await phone.AxeAsync("votar sin Jornada en la dirección, la de la carta retirada", output);

        // «¿Alguien votó con mis datos?»: nobody did; the notice says why, and the choice holds neither withdrawn Jornada.
        await phone.GotoAsync("/participacion.html");
        var notices = phone.Page.Locator("[data-withdrawn]");
        await Expect(notices.GetByRole(AriaRole.Heading, new() { Name = "Jornada retirada" })).ToBeVisibleAsync();
        await Expect(notices).ToContainTextAsync(notice);
        await Expect(notices).Not.ToContainTextAsync(quiet.Title);
        await Expect(phone.Page.Locator($"select[name=jornada] option[value='{lettered.Id}']")).ToHaveCountAsync(0);
        await Expect(phone.Page.Locator($"select[name=jornada] option[value='{quiet.Id}']")).ToHaveCountAsync(0);
        await phone.AxeAsync("participacion con una Jornada retirada con cartas enviadas", output);

        // A link to another Jornada (a receipt's, a letter's QR) is about that one: no notice of the withdrawn one above it.
        var other = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        await phone.GotoAsync($"/participacion.html?jornada={other.Id}");
        await Expect(phone.Page.Locator("select[name=jornada]")).ToHaveValueAsync(other.Id.ToString());
        await Expect(notices.GetByRole(AriaRole.Heading, new() { Name = "Jornada retirada" })).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The plain address of «¿Alguien votó con mis datos?» leaves the withdrawn Jornada out of its choice (its notice is
    /// above): its letter's right clave and code, asked about the Jornada chosen instead, read «Clave o código
    /// incorrectos». They are told whose letter it is; a wrong code, or a clave off the roll, still reads as before.
    /// </summary>
    [Fact]
    public async Task its_letters_right_code_on_the_plain_participation_page_is_told_it_belongs_to_the_withdrawn_jornada()
    {
        var (voter, other) = (Voters.UniqueClave(), Voters.UniqueClave());
        var lettered = await _api.AnnouncedOnlineJornadaAsync([voter], "Jornada con cartas enviadas " + Guid.NewGuid().ToString("N")[..6]);
        var withdrawn = await WithdrawAsync(lettered.Id);
        var open = await _api.OpenOnlineJornadaAsync([other]);
        await using var phone = await chromium.PhoneAsync(service);
        var result = phone.Page.Locator("[data-result]");
        var theirs = $"Su clave de elector y su código son de una carta de «{withdrawn.Title}», la Jornada retirada (vea el aviso de arriba). " +
                     "Con sus datos no se ha emitido ningún voto en esta Jornada. La Jornada se retiró antes de abrir la votación: no habrá votación en ella.";

        async Task CheckAsync(string who, string code)
        {
            await phone.GotoAsync("/participacion.html");
            await Expect(phone.Page.Locator("[data-withdrawn]")).ToContainTextAsync(withdrawn.Withdrawal!.Notice);
            await phone.VoterIdInput.FillAsync(who);
            await phone.VotingCodeInput.FillAsync(code);
            await phone.Button("Consultar").TapAsync();
        }

        // Beside a Jornada taking votes, chosen for the resident.
        await OnlyTheseInTheListAsync(phone, lettered.Id, open.Id);
        await CheckAsync(voter, lettered.Codes[voter]);
        await Expect(phone.Page.Locator("select[name=jornada]")).ToHaveValueAsync(open.Id.ToString());
        await Expect(phone.Heading("No se ha votado con sus datos")).ToBeVisibleAsync();
        await Expect(result).ToContainTextAsync(theirs);
        await Expect(result).ToContainTextAsync("Por su privacidad, su clave de elector y su código se borraron de esta página.");
        await Expect(result.GetByRole(AriaRole.Link, new() { Name = "Votar en línea ahora" })).ToHaveCountAsync(0);
        await phone.AxeAsync("participacion sin Jornada en la dirección, la clave y el código de una carta retirada", output);

        // Without the right code nothing is learnt: a wrong code for its clave and its code with a clave off the roll read alike.
        await CheckAsync(voter, open.Codes[other]);
        await Expect(phone.Heading("Clave o código incorrectos")).ToBeVisibleAsync();
        var wrongCode = await result.InnerTextAsync();
        await CheckAsync(Voters.UniqueClave(), lettered.Codes[voter]);
        await Expect(phone.Heading("Clave o código incorrectos")).ToBeVisibleAsync();
        Assert.Equal(wrongCode, await result.InnerTextAsync());
        Assert.DoesNotContain(withdrawn.Title, wrongCode);

        // With nothing else to choose: asked about the withdrawn one, not «Elija la Jornada».
        await OnlyTheseInTheListAsync(phone, lettered.Id);
        await CheckAsync(voter, lettered.Codes[voter]);
        await Expect(result).ToContainTextAsync(theirs);
        await Expect(phone.Page.GetByText("Elija la Jornada.")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task beside_a_jornada_taking_votes_the_ballots_list_offers_it_as_withdrawn_and_choosing_it_says_why()
    {
        var lettered = await _api.AnnouncedOnlineJornadaAsync([Voters.UniqueClave()], "Jornada con cartas enviadas " + Guid.NewGuid().ToString("N")[..6]);
        var withdrawn = await WithdrawAsync(lettered.Id);
        var open = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]);
        var openTitle = (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{open.Id}"))).Title;
        await using var phone = await chromium.PhoneAsync(service);
        await OnlyTheseInTheListAsync(phone, lettered.Id, open.Id);

        await phone.GotoAsync("/votar.html");

        // Not straight to the one taking votes: the resident's letter may be of the withdrawn one.
        await Expect(phone.Heading("Elija la Jornada")).ToBeVisibleAsync();
        var choices = phone.Page.Locator("[data-panel='pick'] .choice");
        await Expect(choices).ToHaveCountAsync(2);
        await Expect(choices.Nth(0)).ToContainTextAsync(openTitle);
        await Expect(choices.Nth(1)).ToContainTextAsync($"{withdrawn.Title}Se retiró el {QueretaroTime.Format(withdrawn.Withdrawal!.WithdrawnAt)} " +
            "(hora del centro de México): no habrá votación y el código de su carta no se usará");
        await phone.AxeAsync("votar elija la Jornada, una abierta y una retirada con cartas", output);

        await choices.Nth(1).TapAsync();
        await Expect(phone.Page.Locator("h1")).ToHaveTextAsync(withdrawn.Title);
        await Expect(phone.Alert).ToContainTextAsync(withdrawn.Withdrawal.Notice);
        await Expect(phone.Button("Volver a intentar")).ToBeHiddenAsync();
        await phone.AxeAsync("votar la Jornada retirada elegida de la lista", output);
    }
}
