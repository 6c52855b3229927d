using System.Net;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A first-day staff member closed a Jornada, with the IEEQ's countersignature, before its kiosks' hours began (its
/// online vote ran first): the console then gave its window as «06/12/2026 02:10 a 06/12/2026 01:53», an end before its
/// start; and the IEEQ's desk quoted a request's reason that ended with its own full stop with a second one, «… votaron.».
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_jornada_is_closed_before_its_hours_began(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private async Task<Guid> ClosedBeforeItsHoursAsync()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow(), opensIn: TimeSpan.FromHours(2)));
        await _api.SetOptionsAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id);
        await _api.CloseAsync(jornada.Id);
        return jornada.Id;
    }

    [Fact]
    public async Task the_consoles_and_the_api_keep_its_hours_and_say_they_never_began()
    {
        var id = await ClosedBeforeItsHoursAsync();
        var staff = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));
        var jornada = await VotingApi.Read<Jornadas.JornadaDetails>(await _api.Staff.GetAsync($"/api/jornadas/{id}"));
        var hours = $"{QueretaroTime.Format(jornada.VotingOpensAt)} a {QueretaroTime.Format(jornada.VotingClosesAt)}";
        // The public label too (the API, resultados.html).
        Assert.Equal($"{hours}; no llegó a abrir: la votación se cerró antes, el {QueretaroTime.Format(jornada.ClosedEarlyAt!.Value)}", jornada.VotingWindowLabel);

        foreach (var (who, page) in new[] { ("staff", await staff.GetStringAsync($"/consola/jornadas/{id}")),
                     ("staff's list", await staff.GetStringAsync("/consola/jornadas")), ("desk", await auditor.GetStringAsync("/consola/auditoria")) })
        {
            var text = WebUtility.HtmlDecode(page);
            Assert.True(text.Contains(hours), $"{who}: the window as planned, {hours}");
            Assert.True(text.Contains($"No llegó a abrir: la votación se cerró antes, el {QueretaroTime.Format(jornada.ClosedEarlyAt!.Value)}."), $"{who}: says it closed before its hours");
            Assert.False(text.Contains($"{QueretaroTime.Format(jornada.VotingOpensAt)} a {QueretaroTime.Format(jornada.ClosedEarlyAt!.Value)}"), $"{who}: an end before its start");
        }
    }

    [Fact]
    public async Task the_ieeq_desk_quotes_the_reason_with_its_own_full_stop_only()
    {
        var id = await ClosedBeforeItsHoursAsync();
        var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));

        var desk = WebUtility.HtmlDecode(await auditor.GetStringAsync($"/consola/auditoria/{id}"));

        // VotingApi.CloseAsync asks with «Cierre anticipado de la prueba.»
        Assert.Contains("«Cierre anticipado de la prueba.» Estado:", desk);
        Assert.DoesNotContain("prueba.».", desk);
    }
}
