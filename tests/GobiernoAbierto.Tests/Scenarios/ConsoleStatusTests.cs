using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// Staff open a Jornada ahead of its hours (at 07:30 for 08:00): the consoles said «Votación abierta» while every kiosk
/// showed that voting had not started.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_jornada_is_opened_before_its_hours(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_staff_console_the_ieeq_desk_and_the_dashboard_say_when_voting_starts()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow(), opensIn: TimeSpan.FromHours(2)));
        await _api.SetOptionsAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id);
        var staff = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));

        foreach (var page in new[] { await staff.GetStringAsync($"/consola/jornadas/{jornada.Id}"), await auditor.GetStringAsync($"/consola/auditoria/{jornada.Id}"),
                     await staff.GetStringAsync($"/consola/jornadas/{jornada.Id}/tablero") })
        {
            Assert.Contains("La votación empieza el ", page);
            Assert.DoesNotContain("Votación abierta", page);
        }
    }
}
