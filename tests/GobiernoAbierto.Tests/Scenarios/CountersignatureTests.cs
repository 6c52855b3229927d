using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>While the vote is open, a new kiosk and an early close need an IEEQ auditor's countersignature, with who and why on record.</summary>
[Collection(SharedService.Name)]
public sealed class when_staff_need_the_ieeqs_countersignature(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    private static readonly RegisterKiosk Market = new("kiosco-mercado", "Kiosco del mercado", "Mercado de la Cruz");

    private Task<HttpResponseMessage> RegisterAsync(Guid id, RegisterKiosk kiosk) => _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks", kiosk, VotingApi.Json);

    private Task<HttpResponseMessage> AnswerAsync(HttpClient client, Guid id, Guid requestId, string verb, string reason) =>
        client.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures/{requestId}/{verb}", new CountersignatureAnswer(reason), VotingApi.Json);

    private async Task<AuditLog> AuditLogAsync(Guid id)
    {
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        return await VotingApi.Read<AuditLog>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/log"));
    }

    /// <summary>
    /// « Kiosco-Mercado-01 », typed with spaces around it or with capitals, was refused: it is the kiosk kiosco-mercado-01,
    /// and the countersignature asked for it one way lets it be registered the other.
    /// </summary>
    [Fact]
    public async Task a_kiosk_identifier_typed_with_spaces_or_capitals_is_tidied_alike_in_the_request_and_the_registration()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());

        var asked = await _api.RequestCountersignatureAsync(id, new RequestCountersignature(CountersignedAction.RegisterKiosk, " Kiosco-Mercado-01 ",
            "El kiosco de la delegación dejó de funcionar.", Market.Name, Market.Location));
        Assert.Equal("kiosco-mercado-01", asked.KioskId);
        await VotingApi.Expect(await AnswerAsync(_api.Auditor, id, asked.RequestId, "grant", "Se verificó con la delegación."), HttpStatusCode.OK);

        var answer = await RegisterAsync(id, Market with { KioskId = "kiosco-mercado-01 " });
        await VotingApi.Expect(answer, HttpStatusCode.Created);
        Assert.Equal("kiosco-mercado-01", (await answer.Content.ReadFromJsonAsync<KioskRegistration>(VotingApi.Json))!.KioskId);
        var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"));
        Assert.Contains(details.Kiosks, k => k.Id == "kiosco-mercado-01");
        await VotingApi.ExpectProblem(await RegisterAsync(id, Market with { KioskId = "KIOSCO-MERCADO-01" }), HttpStatusCode.Conflict, "kiosk_already_registered");

        // What no tidying makes an identifier is still refused, with a kiosk's example.
        var bad = await VotingApi.ExpectProblem(await RegisterAsync(id, Market with { KioskId = "kiosco mercado" }), HttpStatusCode.BadRequest, "validation_failed");
        var said = bad.GetProperty("errors").GetProperty("kioskId")[0].GetString();
        Assert.Contains("«kiosco-mercado-01»", said);
        Assert.DoesNotContain("loma-bonita", said);
        Assert.EndsWith("¿Quiso decir «kiosco-mercado»?", said); // what it meant, to type instead (never taken for it)
        var accented = await VotingApi.ExpectProblem(await RegisterAsync(id, Market with { KioskId = "Kiosco Jardín Guerrero 2" }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.EndsWith("¿Quiso decir «kiosco-jardin-guerrero-2»?", accented.GetProperty("errors").GetProperty("kioskId")[0].GetString());
        var nothingMeant = await VotingApi.ExpectProblem(await RegisterAsync(id, Market with { KioskId = "¿?" }), HttpStatusCode.BadRequest, "validation_failed");
        Assert.DoesNotContain("Quiso decir", nothingMeant.GetProperty("errors").GetProperty("kioskId")[0].GetString());
    }

    [Fact]
    public async Task a_kiosk_registered_while_the_vote_is_open_is_refused_until_an_auditor_countersigns_it()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var eventsBefore = await _db.ScalarAsync<long>("select count(*) from {schema}.mt_events where stream_id = $1", id);

        var refused = await VotingApi.ExpectProblem(await RegisterAsync(id, Market), HttpStatusCode.Conflict, "countersignature_required");
        Assert.Contains("contrafirma", refused.GetProperty("detail").GetString());
        Assert.Equal(eventsBefore, await _db.ScalarAsync<long>("select count(*) from {schema}.mt_events where stream_id = $1", id));

        var asked = await _api.RequestCountersignatureAsync(id, new RequestCountersignature(CountersignedAction.RegisterKiosk, Market.KioskId,
            "Mucha gente en el mercado; el kiosco de la delegación no se da abasto.", " Kiosco del mercado ", "Mercado de la Cruz"));
        Assert.Equal(("Kiosco del mercado", "Mercado de la Cruz"), (asked.KioskName, asked.KioskLocation));
        Assert.Equal((CountersignatureStatus.Requested, "Personal de prueba"), (asked.Status, asked.RequestedBy));
        await VotingApi.ExpectProblem(await RegisterAsync(id, Market), HttpStatusCode.Conflict, "countersignature_required");
        await VotingApi.ExpectProblem(await AnswerAsync(_api.Staff, id, asked.RequestId, "grant", "Yo mismo"), HttpStatusCode.Forbidden, "forbidden");

        var granted = await VotingApi.Read<CountersignatureView>(await AnswerAsync(_api.Auditor, id, asked.RequestId, "grant",
            "Se verificó con la delegación por teléfono."));
        Assert.Equal((CountersignatureStatus.Granted, "Auditora IEEQ de prueba"), (granted.Status, granted.DecidedBy));
        await VotingApi.ExpectProblem(await AnswerAsync(_api.Auditor, id, asked.RequestId, "deny", "Otra vez"), HttpStatusCode.Conflict,
            "countersignature_already_decided");

        // The IEEQ countersigned a kiosk at the market: the same id elsewhere, or under another name, is refused, and the grant stays.
        var elsewhere = await VotingApi.ExpectProblem(await RegisterAsync(id, Market with { Location = "Bodega de la delegación" }), HttpStatusCode.Conflict,
            "countersignature_mismatch");
        Assert.Contains("con el nombre «Kiosco del mercado», en «Mercado de la Cruz»", elsewhere.GetProperty("detail").GetString());
        await VotingApi.ExpectProblem(await RegisterAsync(id, Market with { Name = "Otro kiosco" }), HttpStatusCode.Conflict, "countersignature_mismatch");
        Assert.Equal(eventsBefore + 2, await _db.ScalarAsync<long>("select count(*) from {schema}.mt_events where stream_id = $1", id));
        await VotingApi.Expect(await RegisterAsync(id, Market), HttpStatusCode.Created);
        await VotingApi.ExpectProblem(await RegisterAsync(id, Market with { KioskId = "kiosco-otro" }), HttpStatusCode.Conflict, "countersignature_required");
        var listed = await VotingApi.Read<List<CountersignatureView>>(await _api.Staff.GetAsync($"/api/jornadas/{id}/countersignatures"));
        Assert.Equal(CountersignatureStatus.Used, Assert.Single(listed).Status);

        var log = await AuditLogAsync(id);
        var registration = log.Entries.Single(e => e.Action.StartsWith("Registró el kiosco «kiosco-mercado»", StringComparison.Ordinal));
        Assert.Contains("con la contrafirma del IEEQ de Auditora IEEQ de prueba (motivo: Se verificó con la delegación por teléfono.)", registration.Action);
        Assert.Equal(("Personal de prueba", "Mucha gente en el mercado; el kiosco de la delegación no se da abasto."),
            (registration.Countersignature!.RequestedBy, registration.Countersignature.RequestReason));
        Assert.Contains(log.Entries, e => e.By == "Auditora IEEQ de prueba" && e.Action.StartsWith(
            "Otorgó la contrafirma del IEEQ para registrar el kiosco «kiosco-mercado» («Kiosco del mercado», en «Mercado de la Cruz»)"));
        Assert.Contains(log.Entries, e => e.By == "Personal de prueba" && e.Action.StartsWith("Solicitó la contrafirma del IEEQ para registrar el kiosco «kiosco-mercado»"));
    }

    [Fact]
    public async Task an_early_close_denied_by_the_ieeq_stays_refused_and_a_later_countersignature_lets_staff_close()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave()));
        var closeEarly = new RequestCountersignature(CountersignedAction.CloseEarly, null, "Se anuncia tormenta.");

        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/close", null), HttpStatusCode.Conflict, "countersignature_required");
        var first = await _api.RequestCountersignatureAsync(id, closeEarly);
        await VotingApi.ExpectProblem(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures", closeEarly, VotingApi.Json),
            HttpStatusCode.Forbidden, "forbidden");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures", closeEarly, VotingApi.Json),
            HttpStatusCode.Conflict, "countersignature_already_requested");
        var denied = await VotingApi.Read<CountersignatureView>(await AnswerAsync(_api.Auditor, id, first.RequestId, "deny",
            "El pronóstico no justifica cerrar; hay gente formada."));
        Assert.Equal(CountersignatureStatus.Denied, denied.Status);
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/close", null), HttpStatusCode.Conflict, "countersignature_required");
        Assert.Equal(JornadaStatus.Open, (await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"))).Status);

        await _api.CountersignAsync(id, closeEarly with { Reason = "Ya llueve y se fue la luz en la delegación." }, "Confirmado: sin electricidad.");
        await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{id}/close", null));
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures", closeEarly, VotingApi.Json),
            HttpStatusCode.Conflict, "jornada_closed");

        var log = await AuditLogAsync(id);
        Assert.Contains(log.Entries, e => e.Action == "Negó la contrafirma del IEEQ para cerrar la votación antes de que termine su horario, solicitada por " +
                                          "Personal de prueba. Motivo: El pronóstico no justifica cerrar; hay gente formada.");
        var close = log.Entries.Single(e => e.Action.StartsWith("Cerró y selló la votación", StringComparison.Ordinal));
        Assert.Contains("Antes de terminar el horario, con la contrafirma del IEEQ de Auditora IEEQ de prueba (motivo: Confirmado: sin electricidad.)", close.Action);
        Assert.Equal(2, log.Countersignatures.Count);
        Assert.True((await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"))).Intact);
    }

    /// <summary>
    /// A grant nobody will use stayed usable until the close, and a request to correct (another place) could not be asked
    /// again while it was open: staff withdraw it, with a reason the record keeps.
    /// </summary>
    [Fact]
    public async Task staff_withdraw_a_grant_nobody_will_use_and_it_countersigns_nothing_after()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var withdraw = (Guid requestId, string reason, HttpClient? client) => (client ?? _api.Staff).PostAsJsonAsync(
            $"/api/jornadas/{id}/countersignatures/{requestId}/withdrawal", new WithdrawCountersignature(reason), VotingApi.Json);
        var granted = await _api.CountersignAsync(id, new RequestCountersignature(CountersignedAction.RegisterKiosk, Market.KioskId, "Kiosco para el mercado.",
            Market.Name, "Bodega de la delegación"));
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures", new RequestCountersignature(
            CountersignedAction.RegisterKiosk, Market.KioskId, "Era en el mercado.", Market.Name, Market.Location), VotingApi.Json), HttpStatusCode.Conflict,
            "countersignature_already_requested");

        await VotingApi.ExpectProblem(await withdraw(granted.RequestId, " ", null), HttpStatusCode.BadRequest, "validation_failed");
        foreach (var other in new[] { _api.Auditor, _api.Kiosk(kioskToken) })
            await VotingApi.ExpectProblem(await withdraw(granted.RequestId, "No soy personal.", other), HttpStatusCode.Forbidden, "forbidden");
        await VotingApi.ExpectProblem(await withdraw(Guid.NewGuid(), "No existe.", null), HttpStatusCode.NotFound, "not_found");
        var withdrawn = await VotingApi.Read<CountersignatureView>(await withdraw(granted.RequestId, "  La ubicación era otra: el mercado.  ", null));
        Assert.Equal((CountersignatureStatus.Withdrawn, "Personal de prueba", "La ubicación era otra: el mercado."),
            (withdrawn.Status, withdrawn.WithdrawnBy, withdrawn.WithdrawalReason));
        Assert.Equal("Auditora IEEQ de prueba", withdrawn.DecidedBy); // who granted it stays said
        await VotingApi.ExpectProblem(await withdraw(granted.RequestId, "Otra vez.", null), HttpStatusCode.Conflict, "countersignature_withdrawn");
        await VotingApi.ExpectProblem(await AnswerAsync(_api.Auditor, id, granted.RequestId, "deny", "Tarde."), HttpStatusCode.Conflict, "countersignature_withdrawn");
        await VotingApi.ExpectProblem(await RegisterAsync(id, Market with { Location = "Bodega de la delegación" }), HttpStatusCode.Conflict,
            "countersignature_required");

        // Asked again, right this time, and used: a used grant is not withdrawn.
        var again = await _api.CountersignAsync(id, new RequestCountersignature(CountersignedAction.RegisterKiosk, Market.KioskId, "Era en el mercado.",
            Market.Name, Market.Location));
        await VotingApi.Expect(await RegisterAsync(id, Market), HttpStatusCode.Created);
        await VotingApi.ExpectProblem(await withdraw(again.RequestId, "Ya no.", null), HttpStatusCode.Conflict, "countersignature_already_used");

        var log = await AuditLogAsync(id);
        Assert.Contains(log.Entries, e => e.By == "Personal de prueba" && e.Action ==
            "Retiró la solicitud de contrafirma para registrar el kiosco «kiosco-mercado» («Kiosco del mercado», en «Bodega de la delegación») con la votación abierta, " +
            "cuya contrafirma había otorgado Auditora IEEQ de prueba: esa contrafirma ya no sirve. Motivo: La ubicación era otra: el mercado.");
        Assert.True((await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"))).Intact);
    }

    /// <summary>
    /// An auditor who granted by mistake (the wrong kiosk) had to wait two hours for the grant to expire, or ask staff to
    /// withdraw it: the IEEQ withdraws its own grant, with a reason, and the record and the audit log say the IEEQ did.
    /// A request still waiting the IEEQ denies; staff's withdrawal works as before.
    /// </summary>
    [Fact]
    public async Task the_ieeq_withdraws_a_grant_it_gave_by_mistake_and_it_countersigns_nothing_after()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var withdrawGrant = (Guid requestId, string reason, HttpClient client) => client.PostAsJsonAsync(
            $"/api/jornadas/{id}/countersignatures/{requestId}/grant/withdrawal", new WithdrawCountersignature(reason), VotingApi.Json);
        var granted = await _api.CountersignAsync(id, new RequestCountersignature(CountersignedAction.RegisterKiosk, Market.KioskId, "Kiosco para el mercado.",
            Market.Name, Market.Location));
        var pending = await _api.RequestCountersignatureAsync(id, new RequestCountersignature(CountersignedAction.CloseEarly, null, "Se va la luz."));

        foreach (var other in new[] { _api.Staff, _api.Kiosk(kioskToken) })
            await VotingApi.ExpectProblem(await withdrawGrant(granted.RequestId, "No soy del IEEQ.", other), HttpStatusCode.Forbidden, "forbidden");
        await VotingApi.ExpectProblem(await withdrawGrant(granted.RequestId, " ", _api.Auditor), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await withdrawGrant(Guid.NewGuid(), "No existe.", _api.Auditor), HttpStatusCode.NotFound, "not_found");
        var notGranted = await VotingApi.ExpectProblem(await withdrawGrant(pending.RequestId, "Aún no.", _api.Auditor), HttpStatusCode.Conflict,
            "countersignature_not_granted");
        Assert.Contains("niéguela", notGranted.GetProperty("detail").GetString());

        var withdrawn = await VotingApi.Read<CountersignatureView>(await withdrawGrant(granted.RequestId, "  Era el kiosco de la delegación, no el del mercado.  ", _api.Auditor));

        Assert.Equal((CountersignatureStatus.Withdrawn, "Auditora IEEQ de prueba", "Era el kiosco de la delegación, no el del mercado.", true),
            (withdrawn.Status, withdrawn.WithdrawnBy, withdrawn.WithdrawalReason, withdrawn.WithdrawnByIeeq));
        Assert.Equal("Otorgada y retirada por el IEEQ", withdrawn.StatusLabel);
        await VotingApi.ExpectProblem(await withdrawGrant(granted.RequestId, "Otra vez.", _api.Auditor), HttpStatusCode.Conflict, "countersignature_withdrawn");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures/{granted.RequestId}/withdrawal",
            new WithdrawCountersignature("También."), VotingApi.Json), HttpStatusCode.Conflict, "countersignature_withdrawn");
        var refused = await VotingApi.ExpectProblem(await RegisterAsync(id, Market), HttpStatusCode.Conflict, "countersignature_required");
        Assert.Contains("El IEEQ retiró la contrafirma que había otorgado para esto (Auditora IEEQ de prueba", refused.GetProperty("detail").GetString());
        // Staff still withdraw their own pending request, as before.
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures/{pending.RequestId}/withdrawal",
            new WithdrawCountersignature("Volvió la luz."), VotingApi.Json), HttpStatusCode.OK);

        Assert.Contains("byIeeq=b:true", await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"));
        var log = await AuditLogAsync(id);
        Assert.Contains(log.Entries, e => e.By == "Auditora IEEQ de prueba" && e.Action ==
            "Retiró, por el IEEQ, la contrafirma para registrar el kiosco «kiosco-mercado» («Kiosco del mercado», en «Mercado de la Cruz») con la votación abierta " +
            "que había otorgado Auditora IEEQ de prueba, solicitada por Personal de prueba: ya no sirve. Motivo: Era el kiosco de la delegación, no el del mercado.");
        Assert.True(log.Countersignatures.Single(c => c.RequestId == granted.RequestId).WithdrawnByIeeq);
        Assert.True((await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"))).Intact);
    }

    /// <summary>
    /// A grant the IEEQ withdrew, then granted or denied (the API, or an auditor's desk still showing the request): the
    /// answer said «… retiró esta solicitud», as if staff had withdrawn it. It says the IEEQ withdrew its grant and that
    /// staff must ask again, on the API (stable code) and on the desk.
    /// </summary>
    [Fact]
    public async Task answering_a_grant_the_ieeq_withdrew_says_the_ieeq_withdrew_it_on_the_api_and_the_desk()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var granted = await _api.CountersignAsync(id, new RequestCountersignature(CountersignedAction.CloseEarly, null, "Se va la luz."));
        await VotingApi.Expect(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures/{granted.RequestId}/grant/withdrawal",
            new WithdrawCountersignature("Volvió la luz."), VotingApi.Json), HttpStatusCode.OK);
        const string said = "El IEEQ retiró la contrafirma que había otorgado a esta solicitud (Auditora IEEQ de prueba, el ";

        foreach (var verb in new[] { "grant", "deny" })
        {
            var refused = await VotingApi.ExpectProblem(await AnswerAsync(_api.Auditor, id, granted.RequestId, verb, "Tarde."), HttpStatusCode.Conflict,
                "countersignature_withdrawn");
            Assert.Equal("Contrafirma retirada por el IEEQ", refused.GetProperty("title").GetString());
            Assert.StartsWith(said, refused.GetProperty("detail").GetString());
            Assert.Contains("el personal municipal debe solicitar la contrafirma de nuevo", refused.GetProperty("detail").GetString());
        }

        using var desk = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));
        var form = await desk.GetStringAsync($"/consola/auditoria/{id}");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var answer = await desk.PostAsync($"/consola/auditoria/{id}?handler=Grant", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["RequestId"] = granted.RequestId.ToString(), ["AnswerReason"] = "Desde otra pestaña.",
            ["AnswerConfirmed"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var page = System.Net.WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
        Assert.Contains(said, page);
        Assert.DoesNotContain("retiró esta solicitud", page);
    }

    /// <summary>
    /// The console's countersignature form sent with a choice its radio buttons cannot send: MVC's enum binder read «1» and
    /// «RegisterKiosk, CloseEarly» as an early close (a number, and names combined as flags) and asked the IEEQ for it (a
    /// reviewer). Only one of the names is a choice; anything else is «Elija para qué pide la contrafirma.», nothing asked.
    /// </summary>
    [Fact]
    public async Task a_countersignature_form_with_a_choice_its_buttons_cannot_send_asks_the_ieeq_for_nothing()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        using var console = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        async Task<HttpResponseMessage> AskAsync(string action)
        {
            var form = await console.GetStringAsync($"/consola/jornadas/{id}");
            var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            return await console.PostAsync($"/consola/jornadas/{id}?handler=Countersign", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Countersign.Action"] = action, ["Countersign.Reason"] = "Se va la luz.",
            }));
        }
        async Task<List<CountersignatureView>> RequestsAsync() =>
            await VotingApi.Read<List<CountersignatureView>>(await _api.Staff.GetAsync($"/api/jornadas/{id}/countersignatures"));

        foreach (var garbled in new[] { "1", "0", "RegisterKiosk, CloseEarly", "CloseEarly,RegisterKiosk", "-1", "Otra" })
        {
            var answer = await AskAsync(garbled);
            Assert.NotEqual(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Contains("Elija para qué pide la contrafirma.", System.Net.WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
            Assert.Empty(await RequestsAsync());
        }
        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync("CloseEarly")).StatusCode);
        Assert.Equal(CountersignedAction.CloseEarly, Assert.Single(await RequestsAsync()).Action);
    }

    /// <summary>
    /// The times of a request, its answer and its withdrawal say which clock they are in, on the Jornada's page, the close
    /// page and the IEEQ's desk: they read «Pidió … el 29/11/2020 11:00:» and «(retiró … el 29/11/2020 11:05: …)» with no
    /// zone, where the rest of the consoles say «hora del centro de México».
    /// </summary>
    [Fact]
    public async Task request_answer_and_withdrawal_times_say_they_are_central_mexico_time_on_every_console_page()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var granted = await _api.CountersignAsync(id, new RequestCountersignature(CountersignedAction.CloseEarly, null, "Se va la luz."), "Visto.");
        var withdrawn = await VotingApi.Read<CountersignatureView>(await _api.Staff.PostAsJsonAsync(
            $"/api/jornadas/{id}/countersignatures/{granted.RequestId}/withdrawal", new WithdrawCountersignature("Volvió la luz."), VotingApi.Json));
        const string zone = "hora del centro de México";
        var asked = $"Pidió Personal de prueba el {QueretaroTime.Format(withdrawn.RequestedAt)} ({zone}): «Se va la luz.»";
        var answered = $"(decidió Auditora IEEQ de prueba el {QueretaroTime.Format(withdrawn.DecidedAt!.Value)}, {zone}: «Visto.»)";
        var took = $"(retiró Personal de prueba el {QueretaroTime.Format(withdrawn.WithdrawnAt!.Value)}, {zone}: «Volvió la luz.»)";

        using var staff = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        using var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));
        var jornadaPage = System.Net.WebUtility.HtmlDecode(await staff.GetStringAsync($"/consola/jornadas/{id}"));
        var closePage = System.Net.WebUtility.HtmlDecode(await staff.GetStringAsync($"/consola/jornadas/{id}/cerrar"));
        var desk = System.Net.WebUtility.HtmlDecode(await auditor.GetStringAsync($"/consola/auditoria/{id}"));

        Assert.Contains($"Cuándo ({zone})", jornadaPage);
        Assert.Contains($"{answered} {took}", jornadaPage);
        foreach (var page in new[] { closePage, desk })
        {
            Assert.Contains(asked, page);
            Assert.Contains($"{answered} {took}", page);
        }
    }

    /// <summary>A kiosk is closed with a reason, which the record keeps; the audit log names it as the tables do.</summary>
    [Fact]
    public async Task a_kiosk_is_closed_with_a_reason_the_record_and_the_audit_log_keep()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var close = (string reason) => _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/kiosco-1/close", new CloseKiosk(reason), VotingApi.Json);

        await VotingApi.ExpectProblem(await close("  "), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/kiosks/kiosco-1/close", null), HttpStatusCode.BadRequest, "missing_request_body");
        Assert.Contains((await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{id}"))).Kiosks, k => k.Id == "kiosco-1" && k.Active);
        await VotingApi.Expect(await close(" Se llevaron el equipo; se avisó a la policía. "), HttpStatusCode.OK);

        var record = await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv");
        Assert.Contains("reason=s:Se%20llevaron%20el%20equipo%3B%20se%20avis%C3%B3%20a%20la%20polic%C3%ADa.", record);
        var log = await AuditLogAsync(id);
        Assert.Contains(log.Entries, e => e.Action ==
            "Cerró el kiosco «kiosco-1» (Kiosco kiosco-1): ya no recibe votos. Motivo: Se llevaron el equipo; se avisó a la policía.");
        Assert.True((await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/verification"))).Intact);
    }

    [Fact]
    public async Task only_the_ieeq_answers_and_only_staff_and_the_ieeq_read_the_requests()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var asked = await _api.RequestCountersignatureAsync(id, new RequestCountersignature(CountersignedAction.CloseEarly, null, "Prueba de permisos."));
        // Without «action» it is asked what it is for (it used to be read as a kiosk's request and asked for a kiosk).
        var noAction = await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{id}/countersignatures",
            new StringContent("""{"reason": "Sin decir para qué."}""", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["action"], noAction.GetProperty("errors").EnumerateObject().Select(e => e.Name));

        foreach (var verb in new[] { "grant", "deny" })
        {
            await VotingApi.ExpectProblem(await AnswerAsync(_api.Anonymous, id, asked.RequestId, verb, "x"), HttpStatusCode.Unauthorized, "unauthenticated");
            foreach (var other in new[] { _api.Staff, _api.CredentialAuthority, _api.Kiosk(kioskToken) })
                await VotingApi.ExpectProblem(await AnswerAsync(other, id, asked.RequestId, verb, "x"), HttpStatusCode.Forbidden, "forbidden");
        }
        await VotingApi.ExpectProblem(await AnswerAsync(_api.Auditor, id, Guid.NewGuid(), "grant", "x"), HttpStatusCode.NotFound, "not_found");
        await VotingApi.ExpectProblem(await AnswerAsync(_api.Auditor, id, asked.RequestId, "grant", " "), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync($"/api/jornadas/{id}/countersignatures"), HttpStatusCode.Unauthorized, "unauthenticated");
        await VotingApi.ExpectProblem(await _api.Kiosk(kioskToken).GetAsync($"/api/jornadas/{id}/countersignatures"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Single(await VotingApi.Read<List<CountersignatureView>>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/countersignatures")));
    }
}
