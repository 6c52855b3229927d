using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A browser tab driven the way a person uses the pages: by visible labels, button names and headings, tapping as on
/// a touchscreen (no mouse hovering over what comes next). Disposing it closes the tab and fails the scenario if a
/// page script threw or anything broke the service's Content-Security-Policy, so every browser scenario checks the
/// pages against the policy they are served with.
/// </summary>
public sealed class ResidentTab : IAsyncDisposable
{
    public const string ReceiptPattern = "^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$";

    /// <summary>
    /// Runs in every document before its own scripts (Playwright injects it outside the page's CSP) and reports each
    /// violation the document sees; Chromium's console message about it is caught as well.
    /// </summary>
    private const string ReportViolations = """
        document.addEventListener('securitypolicyviolation', e =>
          window.reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.documentURI}`));
        """;

    private readonly IBrowserContext _context;
    private readonly List<string> _scriptErrors = [];
    private readonly List<string> _cspViolations = [];

    private ResidentTab(IBrowserContext context) => _context = context;

    public static async Task<ResidentTab> OpenAsync(IBrowserContext context)
    {
        var tab = new ResidentTab(context);
        await context.ExposeFunctionAsync<string>("reportCspViolation", tab.AddCspViolation);
        await context.AddInitScriptAsync(ReportViolations);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => tab._scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) tab.AddCspViolation(message.Text);
        };
        tab.Page = page;
        return tab;
    }

    public IPage Page { get; private set; } = null!;

    /// <summary>What broke the Content-Security-Policy so far, as the page and Chromium reported it.</summary>
    public IReadOnlyList<string> CspViolations
    {
        get { lock (_cspViolations) return _cspViolations.ToList(); }
    }

    /// <summary>For a scenario that breaks the policy on purpose: violations naming this directive do not fail it.</summary>
    public void TolerateCspViolationsOf(string directive) => _toleratedDirectives.Add(directive);

    private readonly List<string> _toleratedDirectives = [];

    private void AddCspViolation(string violation)
    {
        lock (_cspViolations) _cspViolations.Add(violation);
    }

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name });
    public ILocator Alert => Page.GetByRole(AriaRole.Alert);
    public ILocator VoterIdInput => Page.GetByLabel("Clave de elector");
    public ILocator ReceiptCode => Page.Locator(".receipt-code");

    public async Task GotoAsync(string path) => await Page.GotoAsync(path);

    /// <summary>As staff do: open the kiosk's configuration link on the device, check which kiosk it became, open it.</summary>
    public async Task ConfigureKioskAsync(string credential)
    {
        await GotoAsync($"/kiosco.html#configurar={Uri.EscapeDataString(credential)}");
        await Expect(Heading("Kiosco configurado")).ToBeVisibleAsync();
        await Button("Abrir la pantalla de votación").TapAsync();
    }

    public ILocator VotingCodeInput => Page.GetByLabel("Código de votación");

    /// <summary>Online: the clave de elector, and the voting code unless the letter's QR already filled it in; no colonia (the roll's).</summary>
    public async Task IdentifyOnlineAsync(string voterId, string? votingCode = null)
    {
        await VoterIdInput.FillAsync(voterId);
        if (votingCode is not null) await VotingCodeInput.FillAsync(votingCode);
        await Button("Continuar").TapAsync();
    }

    public async Task StartAsync() => await Button("Comenzar").TapAsync();

    /// <summary>
    /// A double tap: two taps at one place 200 ms apart by the page's clock, the second landing on the screen the first
    /// one brought (<paramref name="firstTapShows"/>), however late a busy machine sends it. The page tells a double tap
    /// from a deliberate second tap by its own timers (a new screen takes no taps for 500 ms). Sent 200 ms apart by the
    /// test's clock, the second tap can reach the page over 500 ms after the first when the machine is busy (a full run
    /// of the suite), and the page then rightly takes it as deliberate and casts the vote. So the page's time stands
    /// still from the first tap until the new screen shows (as if the service answered at once, the hardest case for the
    /// page), then runs 200 ms, firing the page's timers, before the second tap.
    /// Needs the page's fake clock, installed before the page loaded (<c>Page.Clock.InstallAsync()</c>).
    /// </summary>
    public async Task DoubleTapAsync(float x, float y, ILocator firstTapShows)
    {
        // A paused clock only moves forward: it stops a little ahead of the page's now, which fires none of the flow's
        // timers (the soonest, the idle warning, comes 40 s after the last touch).
        var now = await Page.EvaluateAsync<long>("() => Date.now()");
        await Page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds(now + 2_000).UtcDateTime);
        await Page.Touchscreen.TapAsync(x, y);
        await Expect(firstTapShows).ToBeVisibleAsync();
        await Page.Clock.RunForAsync(200);
        await Page.Touchscreen.TapAsync(x, y);
        await Page.Clock.ResumeAsync();
    }

    public async Task IdentifyAsync(string voterId, string colonia)
    {
        await VoterIdInput.FillAsync(voterId);
        await Page.GetByLabel("Colonia donde vive").SelectOptionAsync(new SelectOptionValue { Label = colonia });
        await Button("Continuar").TapAsync();
    }

    /// <summary>Taps the card of the project with that title (its button's name holds the whole card).</summary>
    public async Task ChooseAsync(string projectTitle) =>
        await Page.GetByRole(AriaRole.Button, new() { Name = projectTitle }).TapAsync();

    public async Task ConfirmAsync() => await Button("Confirmar mi voto").TapAsync();

    public async Task<string> ReadReceiptAsync()
    {
        await Expect(Heading("Su voto fue registrado")).ToBeVisibleAsync();
        return (await ReceiptCode.TextContentAsync())!;
    }

    public async Task<string> VoteAsync(string voterId, string colonia, string projectTitle)
    {
        await StartAsync();
        await IdentifyAsync(voterId, colonia);
        await ChooseAsync(projectTitle);
        await ConfirmAsync();
        return await ReadReceiptAsync();
    }

    /// <summary>
    /// Runs axe-core on the page as it is now; fails on any critical or serious violation and says which and where. The
    /// figures (violations by impact) go to the test output and to axe/ beside the test binaries.
    /// </summary>
    public async Task AxeAsync(string state, Xunit.Abstractions.ITestOutputHelper output)
    {
        var result = await Deque.AxeCore.Playwright.PageExtensions.RunAxe(Page);
        var byImpact = result.Violations.GroupBy(v => v.Impact ?? "none").ToDictionary(g => g.Key, g => g.Count());
        string Count(string impact) => byImpact.GetValueOrDefault(impact).ToString();
        var line = $"{state}\tcritical {Count("critical")}\tserious {Count("serious")}\tmoderate {Count("moderate")}\tminor {Count("minor")}\t" +
            $"passes {result.Passes.Length}\t{string.Join(", ", result.Violations.Select(v => $"{v.Id} ({v.Impact})"))}";
        output.WriteLine(line);
        var directory = Path.Combine(AppContext.BaseDirectory, "axe");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, System.Text.RegularExpressions.Regex.Replace(state, "[^a-z0-9]+", "-") + ".tsv"), line + "\n");

        var blocking = result.Violations.Where(v => v.Impact is "critical" or "serious").ToList();
        Assert.True(blocking.Count == 0, $"{state}: " + string.Join(" | ", blocking.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
    }

    /// <summary>
    /// True when the page fits the viewport's width: no sideways scrolling on a phone, and nothing cut off at its right
    /// edge. Measured against the layout width (clientWidth), not window.innerWidth: a phone shrinks a page that is too
    /// wide until it fits, and innerWidth grows with it, so comparing with it never found any overflow on a phone.
    /// </summary>
    public async Task<bool> FitsWidthAsync() => await OverflowAsync() is null;

    /// <summary>
    /// What sticks out of the viewport's width (the page's width and up to five elements), or null when it fits. An
    /// element inside a box that scrolls sideways on its own (a wide table in its scroller) does not count.
    /// </summary>
    public async Task<string?> OverflowAsync() => await Page.EvaluateAsync<string?>("""
        () => {
          const width = document.documentElement.clientWidth;
          const out = [...document.body.querySelectorAll('*')]
            .filter(e => {
              const r = e.getBoundingClientRect();
              if (r.width <= 1 || r.right <= width + 0.5) return false; // fits, or a 1 px box read only by screen readers
              // Inside a box that scrolls or clips on its own (a wide table's scroller): that box is what is measured.
              for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
                if (getComputedStyle(a).overflowX !== 'visible') return false;
              return true;
            })
            .slice(-5).map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ').join('.') : ''} (${Math.round(e.getBoundingClientRect().right)} px)`);
          const scroll = document.documentElement.scrollWidth;
          return scroll <= width && out.length === 0 ? null : `page ${scroll} px wide in ${width} px: ${out.join(', ')}`;
        }
        """);

    /// <summary>
    /// The browser's text size at twice its default (32 px instead of 16), as a resident who enlarged the text in the
    /// phone's or browser's settings has it; the pages' rem and em follow it.
    /// </summary>
    public async Task DoubleTextSizeAsync()
    {
        var session = await Page.Context.NewCDPSessionAsync(Page);
        await session.SendAsync("Page.enable");
        await session.SendAsync("Page.setFontSizes", new Dictionary<string, object>
        {
            ["fontSizes"] = new Dictionary<string, object> { ["standard"] = 32, ["fixed"] = 26 },
        });
    }

    /// <summary>
    /// Saves a screenshot beside the test binaries (screenshots/), to look at the layout: the whole page, or only what the
    /// screen shows without scrolling (<paramref name="fullPage"/> false).
    /// </summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = fullPage });
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        Assert.True(_scriptErrors.Count == 0, "A page script threw: " + string.Join(" | ", _scriptErrors));
        var violations = CspViolations.Where(v => !_toleratedDirectives.Any(d => v.Contains(d, StringComparison.Ordinal))).ToList();
        Assert.True(violations.Count == 0, "The Content-Security-Policy was violated: " + string.Join(" | ", violations));
    }
}
