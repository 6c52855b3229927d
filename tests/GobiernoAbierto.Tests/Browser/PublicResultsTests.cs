using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class when_the_public_follows_the_results(ServiceFixture service, ChromiumFixture chromium)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task turnout_shows_while_open_and_the_chosen_project_once_published()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), "A", "loma-bonita"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), "A", "loma-bonita"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), "B", "san-pedro-martir"));
        await using var tab = await chromium.PhoneAsync(service);

        await tab.GotoAsync($"/resultados.html?jornada={jornadaId}");
        await Expect(tab.Page.GetByText("Votación abierta")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("3 personas han votado.")).ToBeVisibleAsync();
        await Expect(tab.Heading("Votos por proyecto")).ToBeHiddenAsync();

        await CloseAndCertifyAsync(jornadaId);
        await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{jornadaId}/publication", null));
        await tab.Page.ReloadAsync();

        await Expect(tab.Page.GetByText("Proyecto ganador publicado")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("3 personas votaron.")).ToBeVisibleAsync(); // over: not «han votado»
        await Expect(tab.Heading("Proyecto elegido")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("Proyecto A: Cancha de usos múltiples").First).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("2 votos (66.7 %)")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("Cómputo certificado por: Auditora IEEQ de prueba.")).ToBeVisibleAsync();
        Assert.True(await tab.FitsWidthAsync(), "The results page scrolls sideways on a phone.");
    }

    [Fact]
    public async Task a_tie_is_announced_as_a_tie_and_no_project_is_shown_as_chosen()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), jornadaId, Voters.UniqueClave(), "A"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), jornadaId, Voters.UniqueClave(), "B"));
        await CloseAndCertifyAsync(jornadaId);
        await using var tab = await chromium.PhoneAsync(service);

        await tab.GotoAsync($"/resultados.html?jornada={jornadaId}");

        await Expect(tab.Page.GetByText("Empate: los dos proyectos obtuvieron los mismos votos")).ToBeVisibleAsync();
        await Expect(tab.Heading("Votos por proyecto")).ToBeVisibleAsync();
        await Expect(tab.Heading("Proyecto elegido")).ToBeHiddenAsync();
    }

    private async Task CloseAndCertifyAsync(Guid jornadaId)
    {
        await _api.CloseAsync(jornadaId);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{jornadaId}/certification",
            new CertifyTally(seal.FinalHash, null), VotingApi.Json));
    }
}
