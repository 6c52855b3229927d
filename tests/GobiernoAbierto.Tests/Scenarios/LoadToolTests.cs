extern alias benchmarks;

using benchmarks::GobiernoAbierto.Benchmarks;
using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The benchmarks' load tool against the real service, a few hundred ballots: it prints a figure only when every
/// acknowledged ballot is accounted for. ../shared/tools/perf-ratio.sh starts the service with no auditor credential, so
/// the Jornada cannot be closed and its ballots are not exported; that path once ended in an unhandled 409 instead of a
/// figure (when_the_load_tool_measures_a_service_without_the_ieeq).
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_the_load_tool_measures_the_service(ServiceFixture service)
{
    private Task<int> LoadAsync(string auditorToken) => BallotLoad.RunAsync(
    [
        "--url", service.BaseAddress.ToString(), "--ballots", "300", "--concurrency", "8",
        "--staff-token", ServiceFixture.StaffToken, "--auditor-token", auditorToken, "--label", "load-tool-test",
    ]);

    [Fact]
    public async Task with_the_ieeq_credential_it_closes_the_jornada_and_checks_every_ballot_in_the_export() =>
        Assert.Equal(0, await LoadAsync(ServiceFixture.AuditorToken));

}

/// <summary>
/// As ../shared/tools/perf-ratio.sh runs it: a service with no IEEQ auditor at all, so its kiosk votes once configured
/// (IeeqPresence) and the Jornada cannot be closed: each receipt is looked up instead of the export.
/// </summary>
public sealed class when_the_load_tool_measures_a_service_without_the_ieeq : IAsyncLifetime
{
    private ProductionHost _host = null!;

    public async Task InitializeAsync() => _host = await ProductionHost.StartWithoutTheIeeqAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task the_jornada_stays_open_and_each_receipt_is_looked_up_instead() =>
        Assert.Equal(0, await BallotLoad.RunAsync(
        [
            "--url", _host.BaseAddress!.ToString(), "--ballots", "300", "--concurrency", "8",
            "--staff-token", ProductionHost.StaffToken, "--auditor-token", "no-such-auditor", "--label", "load-tool-test",
        ]));

    /// <summary>
    /// With nobody from the IEEQ, staff are the ones who can hold the ballots: the export's IEEQ-only refusal
    /// (ballots_export_ieeq_only) does not apply, and an open Jornada's answer is the export's own.
    /// </summary>
    [Fact]
    public async Task staff_may_export_the_ballots_since_no_ieeq_could()
    {
        using var staff = _host.Client(ProductionHost.StaffToken);
        // A window that ends in a few seconds: without an IEEQ nobody could countersign an early close.
        var created = await staff.PostAsJsonAsync("/api/jornadas",
            VotingApi.NewJornada(DateTimeOffset.UtcNow, closesIn: TimeSpan.FromSeconds(4)), VotingApi.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        await VotingApi.Expect(await staff.PutAsJsonAsync($"/api/jornadas/{id}/options", VotingApi.TwoWorks, VotingApi.Json), HttpStatusCode.OK);
        await VotingApi.Expect(await staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks",
            new GobiernoAbierto.Jornadas.RegisterKiosk("kiosco-1", "Kiosco de prueba", "Jardín Guerrero"), VotingApi.Json), HttpStatusCode.Created);
        await VotingApi.Expect(await staff.PostAsync($"/api/jornadas/{id}/open", null), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await staff.GetAsync($"/api/jornadas/{id}/audit/ballots.csv"), HttpStatusCode.Conflict, "jornada_not_sealed");

        await Task.Delay(TimeSpan.FromSeconds(4.5));
        await VotingApi.Expect(await staff.PostAsync($"/api/jornadas/{id}/close", null), HttpStatusCode.OK);
        var export = await staff.GetAsync($"/api/jornadas/{id}/audit/ballots.csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.StartsWith("position,option,channel,kiosk,receipt,previous_hash,hash", await export.Content.ReadAsStringAsync());
    }
}
