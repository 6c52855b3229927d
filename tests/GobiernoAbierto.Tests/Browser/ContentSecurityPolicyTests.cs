using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The pages run under the Content-Security-Policy the service sends (a header, no meta tag): every page loads without
/// a violation, nothing can frame them, and the tab every browser scenario uses does notice a violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_pages_run_under_the_content_security_policy(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    private static IEnumerable<string> Pages()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "src", "GobiernoAbierto", "wwwroot")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        return Directory.GetFiles(Path.Combine(directory.FullName, "src", "GobiernoAbierto", "wwwroot"), "*.html").Select(Path.GetFileName)!;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++) await Task.Delay(100);
    }

    [Fact]
    public async Task every_page_loads_without_a_violation_and_with_the_policy_as_a_header()
    {
        var (jornadaId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var pages = Pages().ToList();
        Assert.True(pages.Count >= 7, $"Only {pages.Count} pages found: {string.Join(", ", pages)}");
        await using var tab = await chromium.DesktopAsync(service);
        foreach (var page in pages.Prepend(""))
        foreach (var query in new[] { "", $"?jornada={jornadaId}" })
        {
            var response = await tab.Page.GotoAsync($"/{page}{query}", new() { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.NotNull(response);
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, await response.HeaderValueAsync("content-security-policy"));
            Assert.Equal(0, await tab.Page.Locator("meta[http-equiv='Content-Security-Policy']").CountAsync());
            // The stylesheet applied: CSS from this origin is allowed.
            Assert.NotEqual("rgba(0, 0, 0, 0)", await tab.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
            Assert.True(tab.CspViolations.Count == 0, $"/{page}{query}: {string.Join(" | ", tab.CspViolations)}");
        }
    }

    [Fact]
    public async Task the_tab_notices_inline_script_and_inline_style()
    {
        await using var tab = await chromium.DesktopAsync(service);
        tab.TolerateCspViolationsOf("script-src"); // broken on purpose
        tab.TolerateCspViolationsOf("style-src");
        await tab.GotoAsync("/index.html");
        await tab.Page.EvaluateAsync("""
            () => {
              const script = document.createElement('script');
              script.textContent = 'window.injected = true;';
              document.head.append(script);
              document.body.setAttribute('style', 'color: red');
            }
            """);
        await WaitForAsync(() => tab.CspViolations.Count >= 2);

        Assert.False(await tab.Page.EvaluateAsync<bool>("() => window.injected === true"));
        Assert.Contains(tab.CspViolations, v => v.Contains("script-src", StringComparison.Ordinal));
        Assert.Contains(tab.CspViolations, v => v.Contains("style-src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task no_page_can_be_framed_not_even_by_another_page_of_the_service()
    {
        await using var tab = await chromium.DesktopAsync(service);
        tab.TolerateCspViolationsOf("frame-ancestors"); // refused on purpose
        await tab.GotoAsync("/index.html");
        await tab.Page.EvaluateAsync("""
            () => new Promise(resolve => {
              const frame = document.createElement('iframe');
              frame.src = '/recibo.html';
              frame.addEventListener('load', resolve);
              document.body.append(frame);
            })
            """);

        await WaitForAsync(() => tab.CspViolations.Count > 0);

        var framed = tab.Page.Frames.Single(f => f != tab.Page.MainFrame);
        Assert.StartsWith("chrome-error:", framed.Url); // Chromium's "refused to connect" page instead of the receipt page
        Assert.Equal(0, await framed.GetByText("Comprobar mi recibo").CountAsync());
        Assert.Contains(tab.CspViolations, v => v.Contains("frame-ancestors 'none'", StringComparison.Ordinal));
    }
}
