using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>A resident on a slow phone connection: they see that the page is working, and a second tap sends nothing more.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_a_resident_is_on_a_slow_connection(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task continuar_says_comprobando_while_the_clave_and_code_are_checked_and_takes_no_second_tap()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.OpenOnlineJornadaAsync([voter]);
        await using var phone = await chromium.PhoneAsync(service);
        var asked = 0;
        await phone.Page.RouteAsync("**/participation-check", async route =>
        {
            Interlocked.Increment(ref asked);
            await Task.Delay(2500);
            await route.ContinueAsync();
        });
        await phone.GotoAsync($"/votar.html?jornada={jornada.Id}");
        await phone.StartAsync();

        await phone.IdentifyOnlineAsync(voter, jornada.Codes[voter]);

        await Expect(phone.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Comprobando sus datos…" })).ToBeVisibleAsync();
        await Expect(phone.Button("Continuar")).ToBeDisabledAsync();
        await phone.Button("Continuar").DispatchEventAsync("click");
        await Expect(phone.Heading("Elija un proyecto")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(phone.Page.GetByText("Seleccione el proyecto que prefiere.")).ToBeVisibleAsync(); // online: tapped or clicked
        await Expect(phone.Page.GetByText("Comprobando sus datos…")).ToHaveCountAsync(0);
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task comprobar_a_receipt_twice_asks_once_and_the_code_leaves_the_address_bar()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), jornadaId, Voters.UniqueClave(), "B"));
        await using var phone = await chromium.PhoneAsync(service);
        var asked = 0;
        await phone.Page.RouteAsync("**/api/receipts/**", async route =>
        {
            Interlocked.Increment(ref asked);
            await Task.Delay(1500);
            await route.ContinueAsync();
        });

        // From the kiosk's QR: checked at once, and the code does not stay in the address (nor in the history).
        await phone.GotoAsync($"/recibo.html?codigo={receipt}");
        await Expect(phone.Heading("Voto contado")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.DoesNotContain("codigo", phone.Page.Url);
        Assert.Equal(1, asked);

        await phone.Page.GetByLabel("Código de recibo").FillAsync(receipt);
        await phone.Button("Comprobar").DblClickAsync();
        await Expect(phone.Page.GetByText("Comprobando…")).ToBeVisibleAsync();
        await Expect(phone.Button("Comprobar")).ToBeDisabledAsync();
        await Expect(phone.Heading("Voto contado")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(phone.Button("Comprobar")).ToBeFocusedAsync();
        Assert.Equal(2, asked);
    }
}
