using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The development configuration names its credentials «Personal municipal (desarrollo)»: the opening and seal sheets and
/// the acta took «(desarrollo)» for a console login and printed «Personal municipal», a name configured nowhere.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_credential_named_with_parentheses_opens_and_closes_the_vote(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_sheets_and_the_acta_print_its_whole_configured_name()
    {
        var staff = service.Client(ServiceHost.StaffInDevelopmentToken);
        var created = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(created.Id);
        await _api.RegisterKioskAsync(created.Id);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/jornadas/{created.Id}/open", null)).StatusCode);
        await _api.CountersignAsync(created.Id, new RequestCountersignature(CountersignedAction.CloseEarly, null, "Cierre anticipado de la prueba."));
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/jornadas/{created.Id}/close", null)).StatusCode);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{created.Id}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{created.Id}/certification",
            new CertifyTally(seal.RecordHash!, null, ExportVerified: true), VotingApi.Json));

        var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));
        foreach (var path in new[] { $"/consola/auditoria/{created.Id}/apertura", $"/consola/jornadas/{created.Id}/sello", $"/consola/auditoria/{created.Id}/acta" })
        {
            var page = WebUtility.HtmlDecode(await auditor.GetStringAsync(path));
            Assert.Contains($"(hora del centro de México) por {ServiceHost.StaffInDevelopmentName}", page);
        }
    }
}
