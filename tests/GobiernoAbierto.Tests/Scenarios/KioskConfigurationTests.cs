using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Accounts;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Seed;
using Microsoft.Extensions.DependencyInjection;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Marten;
using Marten.Events;

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

    private Task<HttpResponseMessage> ActivateAsync(string token, Guid id, string kioskId, string? device = null) =>
        _api.ActivateKioskAsync(token, id, kioskId, device ?? KioskCredential.NewToken());

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

        var device = KioskCredential.NewToken();
        var configured = await VotingApi.Read<KioskActivation>(await ActivateAsync(link.Credential, jornada.Id, "kiosco-1", device));
        Assert.Equal((jornada.Id, "kiosco-1"), (configured.JornadaId, configured.KioskId));
        Assert.True((await VotingApi.Read<KioskSession>(await _api.Kiosk(device).GetAsync("/api/kiosk/session"))).Configured);
        // Configured is not enough: the IEEQ, in front of the device, authorizes it first (when_the_ieeq_authorizes_a_kiosk).
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(device), jornada.Id, Voters.UniqueClave()), HttpStatusCode.Forbidden, "kiosk_not_authorized");
        await VotingApi.Read<KioskAuthorization>(await _api.AuthorizeKioskAsync(jornada.Id, "kiosco-1", configured.Fingerprint));
        Assert.False(string.IsNullOrEmpty(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(device), jornada.Id, Voters.UniqueClave()))));

        // Its answer lost on the way, the device asks again with the same credential: done, the same moment, nothing recorded twice.
        var retried = await VotingApi.Read<KioskActivation>(await ActivateAsync(link.Credential, jornada.Id, "kiosco-1", device));
        Assert.Equal(configured.ConfiguredAt, retried.ConfiguredAt);

        // Whoever kept a copy of the link: it neither votes nor configures a second device, and the staff's page says when it was taken.
        var again = await VotingApi.ExpectProblem(await ActivateAsync(link.Credential, jornada.Id, "kiosco-1"), HttpStatusCode.Conflict, "kiosk_already_configured");
        Assert.Contains("sirve una sola vez", again.GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(link.Credential), jornada.Id, Voters.UniqueClave()),
            HttpStatusCode.Forbidden, "kiosk_not_configured");
        await VotingApi.ExpectProblem(await ActivateAsync(link.Credential, jornada.Id, "kiosco-1", device[..^1] + (device[^1] == 'A' ? 'B' : 'A')),
            HttpStatusCode.Conflict, "kiosk_already_configured");
        var kiosk = (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"))).Kiosks.Single();
        Assert.True(kiosk.Configured);
        Assert.NotNull(kiosk.ConfiguredAt);
        Assert.Equal(1, await _db.BallotCountAsync(jornada.Id));

        // The device's credential is stored only as its hash, beside the link's, and the record holds the fact and still verifies.
        var record = await _api.Auditor.GetStringAsync($"/api/jornadas/{jornada.Id}/audit/record.csv");
        Assert.Contains($",kiosk_activated,kioskId=s:kiosco-1;credentialHash=s:{service.Services.GetRequiredService<Ballots.VoterKeys>().KioskDeviceHash(device)};activatedAt=t:", record);
        Assert.Single(record.Split('\n'), line => line.Contains(",kiosk_activated,", StringComparison.Ordinal));
        Assert.DoesNotContain(device, record);
        Assert.DoesNotContain(service.Services.GetRequiredService<Ballots.VoterKeys>().KioskDeviceHash(device), await _api.Anonymous.GetStringAsync($"/api/jornadas/{jornada.Id}"));
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
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/kiosco-2/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);

        await VotingApi.ExpectProblem(await ActivateAsync(link.Credential, id, "kiosco-2"), HttpStatusCode.Forbidden, "kiosk_closed");

        // The public Jornada says it is closed and takes no ballots, and not why: the reason is the record's (staff and the IEEQ).
        var page = await _api.Anonymous.GetStringAsync($"/api/jornadas/{id}");
        Assert.DoesNotContain("Se retira el kiosco", page);
        Assert.DoesNotContain("credentialHash", page);
        var kiosks = (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"))).Kiosks.ToDictionary(k => k.Id);
        Assert.False(kiosks["kiosco-2"].Active || kiosks["kiosco-2"].TakesBallots);
        Assert.NotNull(kiosks["kiosco-2"].ClosedAt);
        Assert.True(kiosks["kiosco-1"].Active && kiosks["kiosco-1"].TakesBallots);
    }

    [Fact]
    public async Task two_devices_opening_the_link_at_once_make_one_kiosk_and_a_weak_or_borrowed_credential_is_refused()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var link = await _api.RegisterKioskLinkAsync(id, "kiosco-2");

        await VotingApi.ExpectProblem(await ActivateAsync(link.Credential, id, "kiosco-2", "kiosco_corta"), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await ActivateAsync(link.Credential, id, "kiosco-2", "sin-prefijo-" + new string('a', 50)), HttpStatusCode.BadRequest, "validation_failed");
        // The credential of kiosco-1's device (its hash is in the record the staff can read): two kiosks would become one.
        await VotingApi.ExpectProblem(await ActivateAsync(link.Credential, id, "kiosco-2", kioskToken), HttpStatusCode.BadRequest, "kiosk_credential_in_use");
        await VotingApi.ExpectProblem(await ActivateAsync(link.Credential, id, "kiosco-2", link.Credential), HttpStatusCode.BadRequest, "kiosk_credential_in_use");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ActivateAsync(link.Credential, id, "kiosco-2")));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var record = await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv");
        Assert.Single(record.Split('\n'), line => line.Contains(",kiosk_activated,kioskId=s:kiosco-2;", StringComparison.Ordinal));
        Assert.Equal("kiosco-1", (await VotingApi.Read<KioskSession>(await _api.Kiosk(kioskToken).GetAsync("/api/kiosk/session"))).KioskId);
    }

    /// <summary>
    /// A reviewer's: a link's row marked by hand as a device's credential (its Setup removed, as rows stored before links
    /// were once read) let whoever saw the link, staff, cast that kiosk's ballots without the device or the IEEQ's
    /// authorization. What a token may do follows from which keyed hash finds it, not from the row.
    /// </summary>
    [Fact]
    public async Task a_configuration_link_whose_row_a_dba_marked_as_a_devices_casts_nothing()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var link = await _api.RegisterKioskLinkAsync(id, "kiosco-marcado");
        Assert.Equal(1, await _db.ExecuteAsync("update {schema}.mt_doc_kioskcredential set data = data - 'Setup' where id = $1",
            service.Services.GetRequiredService<Ballots.VoterKeys>().KioskLinkHash(link.Credential)));

        Assert.Equal(HttpStatusCode.Forbidden, (await VotingApi.VoteAsync(_api.Kiosk(link.Credential), id, Voters.UniqueClave())).StatusCode);
        Assert.Equal(0, await _db.ParticipationCountAsync(id));
    }
}

/// <summary>
/// Staff can register a kiosk and configure its device anywhere, a laptop at home included, and such a kiosk would take
/// the ballots of everyone on the lista nominal who has not voted. A configured kiosk takes none until an IEEQ auditor,
/// in front of the device, types the fingerprint its screen shows; the record says who authorized it and when.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_the_ieeq_authorizes_a_kiosk(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task only_an_auditor_with_the_fingerprint_its_device_shows_authorizes_it_and_then_it_votes()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var (device, activation) = await _api.ConfigureKioskAsync(id, await _api.RegisterKioskLinkAsync(id, "kiosco-2"));
        var session = await VotingApi.Read<KioskSession>(await _api.Kiosk(device).GetAsync("/api/kiosk/session"));
        Assert.Equal((false, activation.Fingerprint), (session.Authorized, session.Fingerprint));
        Assert.False(activation.Authorized);
        var refused = await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(device), id, Voters.UniqueClave()),
            HttpStatusCode.Forbidden, "kiosk_not_authorized");
        Assert.Contains("autorización del IEEQ", refused.GetProperty("detail").GetString());
        async Task<bool> TakesBallotsAsync() =>
            (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"))).Kiosks.Single(k => k.Id == "kiosco-2").TakesBallots;
        Assert.False(await TakesBallotsAsync());

        var path = $"/api/jornadas/{id}/kiosks/kiosco-2/authorization";
        // Neither staff (who registered it) nor the device itself authorize it.
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Staff.PostAsJsonAsync(path, new AuthorizeKiosk(activation.Fingerprint), VotingApi.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Kiosk(device).PostAsJsonAsync(path, new AuthorizeKiosk(activation.Fingerprint), VotingApi.Json)).StatusCode);
        var mismatch = await VotingApi.ExpectProblem(await _api.AuthorizeKioskAsync(id, "kiosco-2", "ZZZZ-ZZZZ"), HttpStatusCode.BadRequest, "kiosk_fingerprint_mismatch");
        Assert.Contains("no lo autorice", mismatch.GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await _api.AuthorizeKioskAsync(id, "kiosco-2", ""), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await _api.AuthorizeKioskAsync(id, "kiosco-9", activation.Fingerprint), HttpStatusCode.NotFound, "not_found");
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(device), id, Voters.UniqueClave()), HttpStatusCode.Forbidden, "kiosk_not_authorized");

        // As the auditor may type it: lower case, without the dash.
        var authorized = await VotingApi.Read<KioskAuthorization>(await _api.AuthorizeKioskAsync(id, "kiosco-2", activation.Fingerprint.Replace("-", "").ToLowerInvariant()));
        var retried = await VotingApi.Read<KioskAuthorization>(await _api.AuthorizeKioskAsync(id, "kiosco-2", activation.Fingerprint));
        Assert.Equal(authorized.AuthorizedAt, retried.AuthorizedAt);
        Assert.True((await VotingApi.Read<KioskSession>(await _api.Kiosk(device).GetAsync("/api/kiosk/session"))).Authorized);
        Assert.True(await TakesBallotsAsync());
        Assert.False(string.IsNullOrEmpty(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(device), id, Voters.UniqueClave()))));

        var record = await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv");
        Assert.Single(record.Split('\n'), line => line.Contains(",kiosk_authorized,kioskId=s:kiosco-2;authorizedBy=s:", StringComparison.Ordinal));
        // The fingerprint is read on the device, never from what the service publishes.
        Assert.DoesNotContain(activation.Fingerprint, record);
        Assert.DoesNotContain(activation.Fingerprint, await _api.Anonymous.GetStringAsync($"/api/jornadas/{id}"));
        Assert.DoesNotContain(activation.Fingerprint, await _api.Staff.GetStringAsync($"/api/jornadas/{id}"));
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var log = await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/log");
        Assert.Contains("Autorizó el kiosco «kiosco-2» frente al equipo", log);
        Assert.DoesNotContain(activation.Fingerprint, log);
        var check = await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"));
        Assert.True(check.Record is { Intact: true }, check.Record?.FirstBreak?.Reason);
    }

    [Fact]
    public async Task a_kiosk_not_yet_configured_or_closed_is_not_authorized()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var link = await _api.RegisterKioskLinkAsync(id, "kiosco-2");
        await VotingApi.ExpectProblem(await _api.AuthorizeKioskAsync(id, "kiosco-2", "ABCD-EFGH"), HttpStatusCode.Conflict, "kiosk_not_configured");

        var (_, activation) = await _api.ConfigureKioskAsync(id, link);
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/kiosco-2/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await _api.AuthorizeKioskAsync(id, "kiosco-2", activation.Fingerprint), HttpStatusCode.Conflict, "kiosk_closed");
    }
}

/// <summary>
/// A service started with no IEEQ auditor at all (no auditor key, no auditor account), as the reference benchmark starts
/// it, has nobody to authorize its kiosks: they take ballots once configured (such a service cannot certify a tally
/// either). From the moment an auditor account exists, even one disabled at once, every kiosk not yet authorized waits
/// for the IEEQ: configuring kiosks before the first auditor is made waives nothing for later.
/// </summary>
public sealed class when_a_service_has_no_ieeq_to_authorize_its_kiosks : IAsyncLifetime
{
    private ProductionHost _host = null!;

    public async Task InitializeAsync() => _host = await ProductionHost.StartWithoutTheIeeqAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task its_kiosks_take_ballots_once_configured()
    {
        var staff = _host.Client(ProductionHost.StaffToken);
        var created = await staff.PostAsJsonAsync("/api/jornadas", VotingApi.NewJornada(DateTimeOffset.UtcNow), VotingApi.Json);
        var jornada = await ProcessApi.Created<JornadaDetails>(created);
        await VotingApi.Expect(await staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/options", VotingApi.TwoWorks, VotingApi.Json), HttpStatusCode.OK);
        var link = await ProcessApi.Created<KioskRegistration>(await staff.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/kiosks",
            new RegisterKiosk("kiosco-1", "Kiosco 1", "Delegación"), VotingApi.Json));
        await VotingApi.Expect(await staff.PostAsync($"/api/jornadas/{jornada.Id}/open", null), HttpStatusCode.OK);
        var device = KioskCredential.NewToken();

        var activation = await VotingApi.Read<KioskActivation>(await _host.Client(link.Credential).PostAsJsonAsync(
            $"/api/jornadas/{jornada.Id}/kiosks/kiosco-1/activation", new ActivateKiosk(device), VotingApi.Json));

        Assert.True(activation.Authorized);
        Assert.False(string.IsNullOrEmpty(await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_host.Client(device), jornada.Id, Voters.UniqueClave()))));
        // The public Jornada says so too: with no IEEQ, configured is enough.
        Assert.True((await VotingApi.Read<JornadaDetails>(await _host.Client().GetAsync($"/api/jornadas/{jornada.Id}"))).Kiosks.Single().TakesBallots);

        await AccountsCommand.SeedAsync(_host.Services.GetRequiredService<Marten.IDocumentStore>(),
            [new SampleAccount { UserName = "auditora.tardia", DisplayName = "Auditora tardía", Role = Roles.Auditor, Password = ConsoleAccounts.Password,
                TotpSecret = OtpNet.Base32Encoding.ToString(OtpNet.KeyGeneration.GenerateRandomKey(20)) }],
            _host.Services.GetRequiredService<SecondFactor>(), _host.Services.GetRequiredService<Microsoft.AspNetCore.Identity.PasswordHasher<Account>>(),
            DateTimeOffset.UtcNow, CancellationToken.None);
        HttpResponseMessage refused;
        var tries = 0;
        do
        {
            await Task.Delay(500); // the service asks again whether it has an IEEQ at most every 2 s
            refused = await VotingApi.VoteAsync(_host.Client(device), jornada.Id, Voters.UniqueClave());
        }
        while (refused.StatusCode != HttpStatusCode.Forbidden && ++tries < 20);
        await VotingApi.ExpectProblem(refused, HttpStatusCode.Forbidden, "kiosk_not_authorized");
        var session = await VotingApi.Read<KioskSession>(await _host.Client(device).GetAsync("/api/kiosk/session"));
        Assert.Equal((false, activation.Fingerprint), (session.Authorized, session.Fingerprint));
    }
}
