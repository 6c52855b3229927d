using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// A browser tab driven the way a person uses the pages: by visible labels, button names and headings, tapping as on
/// a touchscreen (no mouse hovering over what comes next). Disposing it closes the tab and fails the scenario if a
/// page script threw.
/// </summary>
public sealed class ResidentTab : IAsyncDisposable
{
    public const string ReceiptPattern = "^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$";

    private readonly IBrowserContext _context;
    private readonly List<string> _scriptErrors = [];

    public ResidentTab(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) => _scriptErrors.Add(error);
    }

    public IPage Page { get; }

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name });
    public ILocator Alert => Page.GetByRole(AriaRole.Alert);
    public ILocator VoterIdInput => Page.GetByLabel("Clave de elector");
    public ILocator ReceiptCode => Page.Locator(".receipt-code");

    public async Task GotoAsync(string path) => await Page.GotoAsync(path);

    public async Task ConfigureKioskAsync(string credential)
    {
        await GotoAsync("/kiosco.html");
        await Page.GetByLabel("Credencial del kiosco").FillAsync(credential);
        await Button("Guardar y verificar").TapAsync();
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

    /// <summary>True when the page fits the viewport's width: no sideways scrolling on a phone.</summary>
    public async Task<bool> FitsWidthAsync() =>
        await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>Saves a screenshot beside the test binaries (screenshots/), to look at the layout.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        Assert.True(_scriptErrors.Count == 0, "A page script threw: " + string.Join(" | ", _scriptErrors));
    }
}
