using System.Net.Http.Json;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A resident who doubled the text size in their phone's settings, on the narrowest phone still in use (320 px): every
/// public page fits without sideways scrolling and the receipt code stays whole on one line.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_reads_the_pages_with_double_text_on_a_320_px_phone(ServiceFixture service, ChromiumFixture chromium, ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    private static async Task FitsAsync(ResidentTab phone, string state)
    {
        var overflow = await phone.OverflowAsync();
        Assert.True(overflow is null, $"{state} scrolls sideways with double text at 320 px: {overflow}");
    }

    [Fact]
    public async Task every_public_page_fits_and_the_receipt_code_stays_whole()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        // A process past its Jornada (tables, proposals, ranking) with a progress report: the report's evidence, a SHA-256
        // and a link, is the longest unbroken text on any page.
        var process = await new ProcessApi(_api).WithProgressReportAsync();
        await using var phone = await chromium.NarrowPhoneAsync(service);
        await phone.DoubleTextSizeAsync();
        Assert.Equal("32px", await phone.Page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize"));

        await phone.GotoAsync("/");
        await Expect(phone.Page.Locator(".jornada").First).ToBeVisibleAsync();
        await FitsAsync(phone, "inicio");

        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await Expect(phone.Heading("Bienvenida")).ToBeVisibleAsync();
        await FitsAsync(phone, "votar bienvenida");
        await phone.StartAsync();
        await Expect(phone.Heading("Sus datos")).ToBeVisibleAsync();
        // The help folds once the resident starts: the step begins at the top of the screen, not under it.
        await Expect(phone.Page.Locator("[data-help]")).Not.ToHaveAttributeAsync("open", "");
        await FitsAsync(phone, "votar sus datos");
        // What the resident typed shows whole, to compare with the INE card and the letter (the code showed 11 of 19).
        foreach (var (field, typed) in new[] { ("#voter-id", voter), ("#voting-code", jornada.Codes[voter]) })
        {
            await phone.Page.Locator(field).FillAsync(typed);
            Assert.True(await phone.Page.Locator(field).EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), $"{field} hides part of «{typed}».");
        }
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await FitsAsync(phone, "votar elija un proyecto");
        await phone.ChooseAsync("Banquetas y alumbrado");
        await Expect(phone.Heading("Revise su voto")).ToBeVisibleAsync();
        await FitsAsync(phone, "votar revise su voto");
        await phone.ConfirmAsync();
        var receipt = await phone.ReadReceiptAsync();
        await FitsAsync(phone, "votar recibo");
        var code = phone.ReceiptCode;
        Assert.True(await code.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "The receipt code is cut off.");
        Assert.Equal(1, await code.EvaluateAsync<int>("""
            e => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size; }
            """));
        Assert.True(await code.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)") >= 24, "The receipt code is too small to read.");
        // Last: a full-page screenshot puts this document's text back to its default size (Chromium drops Page.setFontSizes).
        await phone.ScreenshotAsync("recibo-320-texto-200");

        await phone.GotoAsync($"/recibo.html?codigo={receipt}");
        await Expect(phone.Heading("Voto contado")).ToBeVisibleAsync();
        await FitsAsync(phone, "recibo contado");
        await phone.GotoAsync($"/participacion.html?jornada={jornada.Id}");
        await Expect(phone.Page.GetByLabel("Jornada", new() { Exact = true })).ToHaveValueAsync(jornada.Id.ToString());
        await FitsAsync(phone, "participación");
        await phone.GotoAsync($"/resultados.html?jornada={jornada.Id}");
        await Expect(phone.Page.GetByText("1 persona ha votado.")).ToBeVisibleAsync();
        await FitsAsync(phone, "resultados");
        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");
        await Expect(phone.Heading(process.Title)).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("#avance .evidence-hash")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("#avance [data-evidence-hash-help]")).ToContainTextAsync("sirve para comprobar que un archivo es el que se registró");
        await Expect(phone.Page.Locator("#avance .evidence-link")).ToBeVisibleAsync();
        await FitsAsync(phone, "proceso");
        await phone.GotoAsync("/verificar.html");
        await Expect(phone.Page.GetByLabel("Boletas", new() { Exact = true })).ToBeVisibleAsync();
        await FitsAsync(phone, "verificar");
        await phone.AxeAsync("votar con texto al doble a 320 px", output);
    }

    /// <summary>
    /// A proposal's category is one long word at 200 % text («Pavimentación», «Equipamiento comunitario»): its badge,
    /// wider than a card on a 320 px phone, pushed the process page 31 px sideways (the sample plan's).
    /// </summary>
    [Fact]
    public async Task a_proposals_category_breaks_inside_its_card_instead_of_pushing_the_page_sideways()
    {
        var processes = new ProcessApi(_api);
        var process = await processes.StartAsync();
        var table = await processes.ConveneAsync(process.Id, 1);
        foreach (var category in new[] { WorkCategory.Paving, WorkCategory.CommunityFacility })
        {
            var participant = await processes.SeatedAsync(table, $"Persona {category}");
            await ProcessApi.Created<ProposalCreated>(await _api.Staff.PostAsJsonAsync($"/api/work-tables/{table}/proposals",
                new SubmitProposal(participant, $"Obra {category}", "Descripción.", "loma-bonita", category, 1_000_000m), VotingApi.Json));
        }
        await using var phone = await chromium.NarrowPhoneAsync(service);
        await phone.DoubleTextSizeAsync();

        await phone.GotoAsync($"/proceso.html?proceso={process.Id}");
        await Expect(phone.Page.Locator("#propuestas .badge", new() { HasTextString = "Pavimentación" })).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("#propuestas .badge", new() { HasTextString = "Equipamiento comunitario" })).ToBeVisibleAsync();
        Assert.Equal("32px", await phone.Page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize"));
        await FitsAsync(phone, "proceso, propuestas de pavimentación y de equipamiento comunitario");
    }
}
