using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static GobiernoAbierto.Tests.Browser.TargetSizeAndReflow;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// Two things axe does not check, which decide whether a resident can use the pages: every target is big enough for a
/// finger (44×44 px at the kiosk's touchscreen, WCAG 2.5.5; 24×24 px on a phone, WCAG 2.5.8), and every page reflows to
/// 320 px, a 1280 px screen at 400 % zoom (WCAG 1.4.10): no sideways scrolling and no text cut off.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_residents_tap_and_zoom_the_voting_pages(ServiceFixture service, ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string Cancha = "Cancha de usos múltiples";
    private readonly VotingApi _api = new(service);

    /// <summary>A resident's ballot at the kiosk, screen by screen up to the receipt; <paramref name="check"/> at each.</summary>
    private async Task WalkTheKioskAsync(ResidentTab kiosk, Func<string, Task> check)
    {
        var (_, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await kiosk.Page.Clock.InstallAsync();
        await kiosk.ConfigureKioskAsync(kioskToken);
        await Expect(kiosk.Heading("Bienvenida")).ToBeVisibleAsync();
        await check("kiosco bienvenida");
        await kiosk.StartAsync();
        await Expect(kiosk.Heading("Sus datos")).ToBeVisibleAsync();
        await check("kiosco sus datos");
        await kiosk.Button("Continuar").TapAsync();
        await Expect(kiosk.Page.GetByText("Elija la colonia donde vive.")).ToBeVisibleAsync();
        await check("kiosco sus datos con errores");
        await kiosk.Page.Clock.FastForwardAsync("00:41");
        await Expect(kiosk.Page.GetByRole(AriaRole.Alertdialog)).ToBeVisibleAsync();
        await check("kiosco aviso de inactividad");
        await kiosk.Button("Necesito más tiempo").TapAsync();
        await kiosk.IdentifyAsync(Voters.UniqueClave(), "Loma Bonita");
        await Expect(kiosk.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await check("kiosco elija un proyecto");
        await kiosk.ChooseAsync(Cancha);
        await Expect(kiosk.Heading("Revise su voto")).ToBeVisibleAsync();
        await check("kiosco revise su voto");
        await kiosk.ConfirmAsync();
        await kiosk.ReadReceiptAsync();
        await Expect(kiosk.Page.Locator(".receipt-qr img")).ToHaveJSPropertyAsync("complete", true);
        await check("kiosco recibo");
    }

    /// <summary>
    /// What a resident opens on a phone: the landing page, an online ballot step by step, the receipt check, the
    /// participation check and the results; <paramref name="check"/> at each.
    /// </summary>
    private async Task WalkThePhonePagesAsync(ResidentTab phone, Func<string, Task> check)
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()]); // a second one taking online ballots: the page asks which

        await phone.GotoAsync("/");
        await Expect(phone.Page.Locator(".jornada").First).ToBeVisibleAsync();
        await check("inicio");
        await phone.GotoAsync("/votar.html");
        await Expect(phone.Heading("Elija la Jornada")).ToBeVisibleAsync();
        await check("votar elija la Jornada");
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await Expect(phone.Heading("Bienvenida")).ToBeVisibleAsync();
        await check("votar bienvenida");
        await phone.StartAsync();
        await phone.Button("Continuar").TapAsync();
        await Expect(phone.Page.GetByText("Escriba la clave de elector.")).ToBeVisibleAsync();
        await check("votar sus datos con errores");
        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);
        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync();
        await check("votar elija un proyecto");
        await phone.ChooseAsync(Cancha);
        await Expect(phone.Heading("Revise su voto")).ToBeVisibleAsync();
        await check("votar revise su voto");
        await phone.ConfirmAsync();
        var receipt = await phone.ReadReceiptAsync();
        await check("votar recibo");

        await phone.GotoAsync("/recibo.html");
        await phone.Button("Comprobar").TapAsync();
        await Expect(phone.Page.GetByText("Escriba el código de recibo.")).ToBeVisibleAsync();
        await check("recibo sin código");
        await phone.GotoAsync($"/recibo.html?codigo={receipt}");
        await Expect(phone.Heading("Voto contado")).ToBeVisibleAsync();
        await check("recibo contado");
        await phone.GotoAsync($"/participacion.html?jornada={jornada.Id}");
        await Expect(phone.Page.GetByLabel("Jornada", new() { Exact = true })).ToHaveValueAsync(jornada.Id.ToString());
        await check("participación");
        await phone.VoterIdInput.FillAsync(voter);
        await phone.VotingCodeInput.FillAsync(jornada.Codes[voter]);
        await phone.Button("Consultar").TapAsync();
        await Expect(phone.Heading("Sí se votó con sus datos")).ToBeVisibleAsync();
        await check("participación resultado");
        await phone.GotoAsync("/resultados.html");
        await Expect(phone.Heading("Elija una Jornada")).ToBeVisibleAsync();
        await check("resultados elija una Jornada");
        await phone.GotoAsync($"/resultados.html?jornada={jornada.Id}");
        await Expect(phone.Page.GetByText("1 persona ha votado.")).ToBeVisibleAsync();
        await check("resultados");
    }

    [Theory]
    [InlineData(1280, 1024)]
    [InlineData(1280, 800)]
    public async Task every_target_at_the_kiosk_is_at_least_44_px(int width, int height)
    {
        await using var kiosk = await chromium.KioskAsync(service, width, height);
        var small = new List<string>();
        await WalkTheKioskAsync(kiosk, async state => small.AddRange(await SmallTargetsAsync(kiosk, 44, state)));
        NoneFound(output, small, $"Targets under 44×44 px at a {width}×{height} kiosk");
    }

    [Fact]
    public async Task every_target_on_a_phone_is_at_least_24_px()
    {
        await using var phone = await chromium.SmallPhoneAsync(service);
        var small = new List<string>();
        await WalkThePhonePagesAsync(phone, async state =>
        {
            small.AddRange(await SmallTargetsAsync(phone, 24, state));
            // The online receipt's «Comprobar mi recibo · ¿Alguien votó con mis datos?» is a row of links under its
            // sentence, not in it: they count (as a sentence's links they were left out, and were 21 px tall).
            if (state == "votar recibo")
                Assert.Collection(await TargetsAsync(phone, "[data-fill=receipt-help]"),
                    t => Assert.StartsWith("a «Comprobar mi recibo", t.Name),
                    t => Assert.StartsWith("a «¿Alguien votó con mis datos?", t.Name));
        });
        NoneFound(output, small, "Targets under 24×24 px on a 360 px phone");
    }

    [Fact]
    public async Task the_kiosk_reflows_at_400_percent_zoom()
    {
        await using var kiosk = await chromium.ZoomedAsync(service);
        var problems = new List<string>();
        await WalkTheKioskAsync(kiosk, async state => problems.AddRange(await ReflowProblemsAsync(kiosk, state)));
        NoneFound(output, problems, "At 320 px (400 % zoom)");
    }

    [Fact]
    public async Task the_phone_pages_reflow_at_400_percent_zoom()
    {
        await using var zoomed = await chromium.ZoomedAsync(service);
        var problems = new List<string>();
        await WalkThePhonePagesAsync(zoomed, async state => problems.AddRange(await ReflowProblemsAsync(zoomed, state)));
        NoneFound(output, problems, "At 320 px (400 % zoom)");
    }

    /// <summary>
    /// An elderly resident at the kiosk with the browser's text at 200 %: each of the ballot's buttons (the project
    /// cards, «Comenzar», «Continuar», «Confirmar mi voto», «Terminar») shows its whole text, and no screen scrolls sideways.
    /// </summary>
    [Fact]
    public async Task the_kiosks_buttons_show_their_whole_text_at_200_percent_text()
    {
        await using var kiosk = await chromium.KioskAsync(service);
        await kiosk.DoubleTextSizeAsync();
        var problems = new List<string>();
        await WalkTheKioskAsync(kiosk, async state =>
        {
            Assert.Equal("32px", await kiosk.Page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize"));
            problems.AddRange(await ReflowProblemsAsync(kiosk, state));
            problems.AddRange(await ClippedButtonsAsync(kiosk, state));
        });
        problems = problems.Distinct().ToList(); // a card's clipped title is found by both checks
        NoneFound(output, problems, "At the kiosk with 200 % text");
    }
}

/// <summary>
/// The measures the tap-and-zoom scenarios share (the residents' pages here, the staff's screens in
/// StaffTargetSizeAndReflowTests.cs): targets too small for a finger, text cut off, a page wider than the screen.
/// </summary>
public static class TargetSizeAndReflow
{
    /// <summary>
    /// The visible targets with the size a finger has of each. A link inside a sentence is left out (WCAG's inline
    /// exception): its size is the line's. Links in a row with only separators between them («Inicio · Resultados») are
    /// not in a sentence and count.
    /// </summary>
    private const string Targets = """
        scope => {
          const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
          const targets = [...(scope ? document.querySelector(scope) : document).querySelectorAll(selector)];
          const inSentence = e => {
            if (getComputedStyle(e).display !== 'inline') return false;
            let block = e.parentElement;
            while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
            const text = [...block.childNodes].map(function textOf(n) {
              if (n.nodeType === Node.TEXT_NODE) return n.textContent;
              if (n.nodeType !== Node.ELEMENT_NODE || targets.includes(n) || n.matches('.visually-hidden')) return '';
              return [...n.childNodes].map(textOf).join('');
            }).join('');
            return /[\p{L}\p{N}]/u.test(text);
          };
          // A link that wraps is a box per line, with a gap between the lines: the biggest of them is what a finger has.
          const biggest = e => [...e.getClientRects()].reduce((a, r) => r.width * r.height > a.width * a.height ? r : a, { width: 0, height: 0 });
          return targets
            .filter(e => e.checkVisibility({ visibilityProperty: true }))
            .map(e => ({ e, r: biggest(e), box: e.getBoundingClientRect() }))
            // Not a 1 px box read only by screen readers, nor the skip link parked above the page until it has the focus.
            .filter(({ box }) => box.width > 1 && box.height > 1 && box.bottom + scrollY > 0)
            .filter(({ e }) => !inSentence(e))
            .map(({ e, r }) => ({
              name: `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ').join('.') : ''} «${e.innerText.split('\n')[0].trim().slice(0, 40) || e.value || e.getAttribute('aria-label') || ''}»`,
              width: r.width,
              height: r.height,
            }));
        }
        """;

    /// <summary>Text cut off: a box that hides what overflows it (or ends it with «…»), holding more than it shows.</summary>
    private const string CutOffText = """
        () => [...document.body.querySelectorAll('*')]
          .filter(e => e.checkVisibility({ visibilityProperty: true }) && !e.matches('.visually-hidden'))
          // Nor a 1 px box read only by screen readers (a stacked table's column names on a narrow screen).
          .filter(e => e.clientWidth > 1 || e.clientHeight > 1)
          .filter(e => {
            const s = getComputedStyle(e);
            const hides = ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY) || s.textOverflow === 'ellipsis';
            return (hides || e.matches('input, textarea')) && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
          })
          .map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ').join('.') : ''} shows ${e.clientWidth}×${e.clientHeight} of ${e.scrollWidth}×${e.scrollHeight}`)
        """;

    public sealed class Target
    {
        public string Name { get; set; } = "";
        public double Width { get; set; }
        public double Height { get; set; }
    }

    /// <summary>
    /// The visible targets on the page (or in the element <paramref name="scope"/> selects), links in a sentence left out,
    /// each with its name and its size.
    /// </summary>
    public static async Task<Target[]> TargetsAsync(ResidentTab tab, string? scope = null) =>
        await tab.Page.EvaluateAsync<Target[]>(Targets, scope);

    /// <summary>The targets on the page under min×min px (half a pixel of rounding allowed), as «state: target W×H».</summary>
    public static async Task<IEnumerable<string>> SmallTargetsAsync(ResidentTab tab, int min, string state)
    {
        var targets = await TargetsAsync(tab);
        Assert.True(targets.Length > 0, $"{state}: no target found to measure.");
        return targets.Where(t => t.Width < min - 0.5 || t.Height < min - 0.5)
            .Select(t => $"{state}: {t.Name} {Math.Round(t.Width)}×{Math.Round(t.Height)}");
    }

    public static async Task<IEnumerable<string>> ReflowProblemsAsync(ResidentTab tab, string state)
    {
        var problems = new List<string>();
        if (await tab.OverflowAsync() is { } overflow) problems.Add($"{state}: {overflow}");
        problems.AddRange((await tab.Page.EvaluateAsync<string[]>(CutOffText)).Select(c => $"{state}: {c}"));
        return problems;
    }

    /// <summary>
    /// Buttons (and what they hold) that show less than their text, as with the browser's text at 200 %: a button's label
    /// must wrap, not be cut off.
    /// </summary>
    public static async Task<IEnumerable<string>> ClippedButtonsAsync(ResidentTab tab, string state) =>
        (await tab.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button, button *')]
              .filter(e => e.checkVisibility({ visibilityProperty: true }))
              .filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
              .map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ').join('.') : ''} shows ${e.clientWidth}×${e.clientHeight} of ${e.scrollWidth}×${e.scrollHeight}`)
            """)).Select(b => $"{state}: {b}");

    /// <summary>Each problem found goes to the test's output, and the test fails naming them all.</summary>
    public static void NoneFound(ITestOutputHelper output, List<string> found, string what)
    {
        foreach (var line in found) output.WriteLine(line);
        Assert.True(found.Count == 0, $"{what}:\n{string.Join("\n", found)}");
    }
}
