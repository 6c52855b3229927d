using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// Staff see a kiosk's configuration link when they register it, so the link must not vote: whoever copied it could
/// otherwise cast, from anywhere, the ballots of everyone on the lista nominal who has not voted. The device that opens
/// it exchanges it, once, for a credential of its own; only that one votes, and a second device is refused.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_kiosk_is_configured(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    private Task<HttpResponseMessage> ActivateAsync(string token, Guid id, string kioskId) =>
        _api.Kiosk(token).PostAsync($"/api/jornadas/{id}/kiosks/{kioskId}/activation", null);

    [Fact]
    public async Task its_link_casts_nothing_and_is_exchanged_once_for_the_devices_own_credential_which_votes()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        var link = await _api.RegisterKioskLinkAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id);

        var unconfigured = await VotingApi.Read<KioskSession>(await _api.Kiosk(link.Credential).GetAsync("/api/kiosk/session"));
        Assert.Equal((jornada.Id, "kiosco-1", false), (unconfigured.JornadaId, unconfigured.KioskId, unconfigured.Configured));
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(link.Credential), jornada.Id, Voters.UniqueClave()),
            HttpStatusCode.Forbidden, "kiosk_not_configured");

        var device = await VotingApi.Read<KioskActivation>(await ActivateAsync(link.Credential, jornada.Id, "kiosco-1"));
        Assert.NotEqual(link.Credential, device.Credential);
        Assert.StartsWith("kiosco_", device.Credential);
        Assert.True((await VotingApi.Read<KioskSession>(await _api.Kiosk(device.Credential).GetAsync("/api/kiosk/session"))).Configured);
        Assert.False(string.IsNullOrEmpty(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(device.Credential), jornada.Id, Voters.UniqueClave()))));

        // Whoever kept a copy of the link: it neither votes nor configures a second device, and the staff's page says when it was taken.
        var again = await VotingApi.ExpectProblem(await ActivateAsync(link.Credential, jornada.Id, "kiosco-1"), HttpStatusCode.Conflict, "kiosk_already_configured");
        Assert.Contains("sirve una sola vez", again.GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(link.Credential), jornada.Id, Voters.UniqueClave()),
            HttpStatusCode.Forbidden, "kiosk_not_configured");
        var kiosk = (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"))).Kiosks.Single();
        Assert.True(kiosk.Configured);
        Assert.NotNull(kiosk.ConfiguredAt);
        Assert.Equal(1, await _db.BallotCountAsync(jornada.Id));

        // The device's credential is stored only as its hash, beside the link's, and the record holds the fact and still verifies.
        var record = await _api.Auditor.GetStringAsync($"/api/jornadas/{jornada.Id}/audit/record.csv");
        Assert.Contains($",kiosk_activated,kioskId=s:kiosco-1;credentialHash=s:{KioskCredential.Hash(device.Credential)};activatedAt=t:", record);
        Assert.DoesNotContain(device.Credential, record);
        var check = await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/audit/verification"));
        Assert.True(check.Record is { Intact: true }, check.Record?.FirstBreak?.Reason);
    }

    [Fact]
    public async Task a_link_configures_only_its_own_kiosk_and_no_other_credential_configures_one()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var second = await _api.RegisterKioskLinkAsync(id, "kiosco-2");
        var (otherId, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());

        await VotingApi.ExpectProblem(await ActivateAsync(second.Credential, id, "kiosco-1"), HttpStatusCode.Forbidden, "not_this_kiosk");
        await VotingApi.ExpectProblem(await ActivateAsync(second.Credential, otherId, "kiosco-2"), HttpStatusCode.Forbidden, "not_this_kiosk");
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Staff.PostAsync($"/api/jornadas/{id}/kiosks/kiosco-2/activation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ActivateAsync("kiosco_" + new string('x', 43), id, "kiosco-2")).StatusCode);

        // None of those spent the link: its own kiosk's device still takes it.
        await VotingApi.Read<KioskActivation>(await ActivateAsync(second.Credential, id, "kiosco-2"));
    }

    [Fact]
    public async Task a_closed_kiosks_link_configures_nothing()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var link = await _api.RegisterKioskLinkAsync(id, "kiosco-2");
        await VotingApi.Expect(await _api.Staff.PostAsync($"/api/jornadas/{id}/kiosks/kiosco-2/close", null), HttpStatusCode.OK);

        await VotingApi.ExpectProblem(await ActivateAsync(link.Credential, id, "kiosco-2"), HttpStatusCode.Forbidden, "kiosk_closed");
    }
}
