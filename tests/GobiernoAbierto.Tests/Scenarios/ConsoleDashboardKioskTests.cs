using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A first-day staff member lost a kiosk's link, closed that kiosk and registered it again under the same name, as the
/// console tells them to: the dashboard then listed two «Kiosco Parque Loma Bonita», one closed and one live, and nothing
/// told the IEEQ's observer which row was the device in front of them.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_kiosk_is_registered_again_under_the_same_name(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private async Task RegisterAsync(Guid jornadaId, string kioskId) =>
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{jornadaId}/kiosks",
            new Jornadas.RegisterKiosk(kioskId, "Kiosco del parque", "Parque central"), VotingApi.Json), HttpStatusCode.Created);

    [Fact]
    public async Task the_dashboard_names_each_kiosk_by_its_id_too()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        await RegisterAsync(jornada.Id, "kiosco-parque-01");
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/kiosks/kiosco-parque-01/close",
            new Jornadas.CloseKiosk("El enlace se abrió en otro equipo"), VotingApi.Json), HttpStatusCode.OK);
        await RegisterAsync(jornada.Id, "kiosco-parque-02");
        var staff = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));

        var dashboard = await staff.GetStringAsync($"/consola/jornadas/{jornada.Id}/tablero");

        Assert.Contains(">kiosco-parque-01<", dashboard);
        Assert.Contains(">kiosco-parque-02<", dashboard);
    }
}
