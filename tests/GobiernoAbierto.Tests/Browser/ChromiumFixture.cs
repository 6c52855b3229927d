using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// One headless Chromium for the browser scenarios: Debian's, since browsers cannot be downloaded here.
/// Each scenario opens its own context, so no kiosk credential or portal key leaks from one to the next.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Switches = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly SemaphoreSlim _backForwardCacheLock = new(1, 1);
    private IBrowser? _browserWithBackForwardCache;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ExecutablePath}, which is not installed. Run ./test.sh, " +
                "which installs it (apt-get install chromium); Playwright cannot download browsers on this network.");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Switches,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        if (_browserWithBackForwardCache is not null) await _browserWithBackForwardCache.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// A kiosk touchscreen in a Chromium that keeps the pages it leaves for Back and Forward (the back/forward cache), as
    /// a real browser does: Playwright switches that cache off unless asked. Launched the first time a scenario needs it.
    /// </summary>
    public Task<ResidentTab> KioskWithBackForwardCacheAsync(ServiceHost service) =>
        WithBackForwardCacheAsync(service, new() { Width = 1280, Height = 1024 });

    /// <summary>A computer's browser (a cyber-café's, a family's) that keeps the pages it leaves for Back and Forward.</summary>
    public Task<ResidentTab> DesktopWithBackForwardCacheAsync(ServiceHost service) =>
        WithBackForwardCacheAsync(service, new() { Width = 1280, Height = 900 });

    private async Task<ResidentTab> WithBackForwardCacheAsync(ServiceHost service, ViewportSize viewport)
    {
        await _backForwardCacheLock.WaitAsync();
        try
        {
            _browserWithBackForwardCache ??= await _playwright!.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Switches,
                IgnoreDefaultArgs = ["--disable-back-forward-cache"],
            });
        }
        finally
        {
            _backForwardCacheLock.Release();
        }
        return await OpenAsync(_browserWithBackForwardCache, service, viewport, isMobile: false);
    }

    /// <summary>A kiosk touchscreen (landscape, 1280×1024).</summary>
    /// <param name="serviceWorkers">
    /// False for a scenario that intercepts the kiosk's requests: once the kiosk's service worker controls the page,
    /// Chromium sends the page's requests through it, where Playwright's routes do not see them.
    /// </param>
    public Task<ResidentTab> KioskAsync(ServiceHost service, bool serviceWorkers = true) =>
        OpenAsync(service, new() { Width = 1280, Height = 1024 }, isMobile: false, serviceWorkers: serviceWorkers);

    /// <summary>
    /// A kiosk on a shorter landscape screen, as kiosks are also set up on: a tablet's 1280×800, a small laptop's 1366×768.
    /// </summary>
    public Task<ResidentTab> KioskAsync(ServiceHost service, int width, int height) =>
        OpenAsync(service, new() { Width = width, Height = height }, isMobile: false);

    /// <summary>A computer's browser window, 1280 px wide.</summary>
    public Task<ResidentTab> DesktopAsync(ServiceHost service) =>
        OpenAsync(service, new() { Width = 1280, Height = 900 }, isMobile: false);

    /// <summary>A resident's phone (390×844).</summary>
    public Task<ResidentTab> PhoneAsync(ServiceHost service) =>
        OpenAsync(service, new() { Width = 390, Height = 844 }, isMobile: true);

    /// <summary>A small phone (360×740), the narrowest width the pages are checked at.</summary>
    public Task<ResidentTab> SmallPhoneAsync(ServiceHost service) =>
        OpenAsync(service, new() { Width = 360, Height = 740 }, isMobile: true);

    /// <summary>The narrowest phone still in residents' hands (320×568): older and budget phones.</summary>
    public Task<ResidentTab> NarrowPhoneAsync(ServiceHost service) =>
        OpenAsync(service, new() { Width = 320, Height = 568 }, isMobile: true);

    /// <summary>
    /// A 1280×1024 screen (a kiosk's touchscreen, a computer's) zoomed to 400 %, as a resident with low vision may set
    /// it: 320×256 CSS px, WCAG 1.4.10's reflow width.
    /// </summary>
    public Task<ResidentTab> ZoomedAsync(ServiceHost service) =>
        OpenAsync(service, new() { Width = 320, Height = 256 }, isMobile: false);

    /// <summary>A computer whose clock is set to another time zone: the pages must still show Querétaro's time.</summary>
    public Task<ResidentTab> DesktopElsewhereAsync(ServiceHost service, string timezoneId) =>
        OpenAsync(service, new() { Width = 1280, Height = 900 }, isMobile: false, timezoneId);

    /// <summary>A computer with a mouse and no touchscreen, where hover styles apply.</summary>
    public Task<ResidentTab> MouseDesktopAsync(ServiceHost service) =>
        OpenAsync(service, new() { Width = 1280, Height = 900 }, isMobile: false, hasTouch: false);

    private Task<ResidentTab> OpenAsync(ServiceHost service, ViewportSize viewport, bool isMobile,
        string timezoneId = "America/Mexico_City", bool hasTouch = true, bool serviceWorkers = true) =>
        OpenAsync(_browser!, service, viewport, isMobile, timezoneId, hasTouch, serviceWorkers);

    private static async Task<ResidentTab> OpenAsync(IBrowser browser, ServiceHost service, ViewportSize viewport, bool isMobile,
        string timezoneId = "America/Mexico_City", bool hasTouch = true, bool serviceWorkers = true)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = service.BaseAddress.ToString(),
            ViewportSize = viewport,
            IsMobile = isMobile,
            HasTouch = hasTouch,
            Locale = "es-MX",
            TimezoneId = timezoneId,
            ServiceWorkers = serviceWorkers ? ServiceWorkerPolicy.Allow : ServiceWorkerPolicy.Block,
        });
        return await ResidentTab.OpenAsync(context);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ServiceFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "browser";
}
