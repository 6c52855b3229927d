using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A Jornada created by mistake was public from its creation and could not be taken back (a staff reviewer): staff now
/// withdraw it before it opens, saying why, and it leaves the public lists while its page says so.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_staff_withdraw_a_jornada_before_it_opens(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private const string Reason = "Se creó por error: el título y las colonias eran de otra Jornada.";

    private Task<HttpResponseMessage> WithdrawAsync(Guid id, string reason) =>
        _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/withdraw", new WithdrawJornada(reason), VotingApi.Json);

    [Fact]
    public async Task it_leaves_the_public_list_its_page_says_why_nothing_follows_and_its_record_verifies()
    {
        var created = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(created.Id);
        var kiosk = await _api.RegisterKioskAsync(created.Id);
        var list = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
        Assert.Contains(list, j => j.Id == created.Id);

        await VotingApi.ExpectProblem(await WithdrawAsync(created.Id, "  "), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.ExpectProblem(await _api.Anonymous.PostAsJsonAsync($"/api/jornadas/{created.Id}/withdraw", new WithdrawJornada(Reason), VotingApi.Json),
            HttpStatusCode.Unauthorized, "unauthenticated");
        var withdrawn = await VotingApi.Read<JornadaDetails>(await WithdrawAsync(created.Id, Reason));

        Assert.Equal(JornadaStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(Reason, withdrawn.Withdrawal!.Reason);
        list = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
        Assert.DoesNotContain(list, j => j.Id == created.Id);
        var page = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{created.Id}"));
        Assert.Equal(("Retirada: no habrá votación", false, "jornada_withdrawn", true), (page.StatusLabel, page.AcceptingBallots, page.NotAcceptingCode, page.VotingEnded));
        Assert.Equal(Reason, page.Withdrawal!.Reason);

        // Nothing follows: no opening, no change, no ballot from the kiosk it had, no second withdrawal.
        await VotingApi.ExpectProblem(await _api.Staff.PostAsync($"/api/jornadas/{created.Id}/open", null), HttpStatusCode.Conflict, "jornada_withdrawn");
        await VotingApi.ExpectProblem(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{created.Id}/options", VotingApi.TwoWorks, VotingApi.Json),
            HttpStatusCode.Conflict, "jornada_withdrawn");
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{created.Id}/kiosks", VotingApi.KioskOf("kiosco-2"), VotingApi.Json),
            HttpStatusCode.Conflict, "jornada_withdrawn");
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(kiosk), created.Id, Voters.Clave(7301)), HttpStatusCode.Conflict, "jornada_withdrawn");
        var again = await VotingApi.ExpectProblem(await WithdrawAsync(created.Id, Reason), HttpStatusCode.Conflict, "jornada_already_withdrawn");
        Assert.Contains($"Motivo: «{Reason}»", again.GetProperty("detail").GetString());

        // The record ends with the withdrawal, and the service's own check (what `verify --database` runs) finds it intact.
        var record = await (await _api.Auditor.GetAsync($"/api/jornadas/{created.Id}/audit/record.csv")).Content.ReadAsStringAsync();
        Assert.Contains(",jornada_withdrawn,reason=s:Se%20cre%C3%B3%20por%20error", record.TrimEnd().Split('\n')[^1]);
        var verification = await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{created.Id}/audit/verification"));
        Assert.True(verification.Intact, verification.Record?.FirstBreak?.Reason);
        Assert.Equal("jornada_withdrawn", AuditRecords.ParseRecordCsv(new StringReader(record)).Last().Type);

        // The audit log (the IEEQ's desk) says who withdrew it and why.
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var log = await VotingApi.Read<AuditLog>(await _api.Auditor.GetAsync($"/api/jornadas/{created.Id}/audit/log"));
        Assert.Contains(log.Entries, e => e.Action == $"Retiró la Jornada antes de abrir la votación: ya no se vota. Motivo: {Reason}");
    }

    /// <summary>
    /// Letters already mailed print the plain addresses of the ballot and of «¿Alguien votó con mis datos?», which name no
    /// Jornada: the list keeps a withdrawn Jornada whose codes were issued, as withdrawn, for those pages to say so.
    /// </summary>
    [Fact]
    public async Task with_its_letters_mailed_it_stays_in_the_list_as_withdrawn_and_says_their_code_will_not_be_used()
    {
        var lettered = await _api.AnnouncedOnlineJornadaAsync([Voters.UniqueClave()]);
        var withdrawn = await VotingApi.Read<JornadaDetails>(await WithdrawAsync(lettered.Id, Reason));
        var without = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await VotingApi.Read<JornadaDetails>(await WithdrawAsync(without.Id, Reason));

        var list = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
        var listed = Assert.Single(list, j => j.Id == lettered.Id);
        Assert.Equal((JornadaStatus.Withdrawn, "Retirada: no habrá votación", false, true),
            (listed.Status, listed.StatusLabel, listed.AcceptingBallots, listed.VotingEnded));
        Assert.Equal(withdrawn.Withdrawal, listed.Withdrawal);
        Assert.Equal((Reason, true), (listed.Withdrawal!.Reason, listed.Withdrawal.LettersSent));
        Assert.Equal($"«{withdrawn.Title}» se retiró antes de abrir la votación, el {QueretaroTime.Format(listed.Withdrawal.WithdrawnAt)} " +
            $"(hora del centro de México). Motivo: «{Reason}» No habrá votación: si recibió una carta con un código de votación para esta " +
            "Jornada, ese código no se usará.", listed.Withdrawal.Notice);
        // Withdrawn before any letter went out: nobody holds one, and it stays out of the list as before.
        Assert.DoesNotContain(list, j => j.Id == without.Id);
        Assert.All(list.Where(j => j.Status != JornadaStatus.Withdrawn), j => Assert.Null(j.Withdrawal));
        var page = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{without.Id}"));
        Assert.False(page.Withdrawal!.LettersSent);
        Assert.EndsWith("No habrá votación.", page.Withdrawal.Notice);

        // Its letters' codes open nothing: the ballot refuses them as withdrawn.
        var (voter, code) = lettered.Codes.Single();
        await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(_api.Anonymous, lettered.Id, voter, code), HttpStatusCode.Conflict, "jornada_withdrawn");
    }

    [Fact]
    public async Task an_opened_jornada_or_a_processs_is_not_withdrawn()
    {
        var (open, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var opened = await VotingApi.ExpectProblem(await WithdrawAsync(open, Reason), HttpStatusCode.Conflict, "jornada_already_opened");
        Assert.Contains("una Jornada se retira solo antes de abrir la votación", opened.GetProperty("detail").GetString());

        var process = await new ProcessApi(_api).AtJornadaAsync();
        await VotingApi.ExpectProblem(await WithdrawAsync(process.JornadaId, Reason), HttpStatusCode.Conflict, "jornada_of_process");

        var list = await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"));
        Assert.Contains(list, j => j.Id == open && j.Status == JornadaStatus.Open);
    }

    /// <summary>
    /// Its constancia de apertura and its seal sheet, by their addresses, said «aún no se abre» and «aún no está cerrada»:
    /// neither will ever come (a reviewer).
    /// </summary>
    [Fact]
    public async Task its_opening_and_seal_sheets_say_none_will_come_and_why()
    {
        var created = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await VotingApi.Expect(await WithdrawAsync(created.Id, Reason), HttpStatusCode.OK);
        var auditor = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor));

        var opening = WebUtility.HtmlDecode(await auditor.GetStringAsync($"/consola/auditoria/{created.Id}/apertura"));
        Assert.Contains("No habrá apertura ni hash de la apertura: el personal municipal retiró esta Jornada antes de abrir la votación", opening);
        Assert.Contains($"Motivo: «{Reason}»", opening);
        Assert.DoesNotContain("aún no se abre", opening);
        var seal = WebUtility.HtmlDecode(await auditor.GetStringAsync($"/consola/jornadas/{created.Id}/sello"));
        Assert.Contains("No habrá sello de cierre: el personal municipal retiró esta Jornada antes de abrir la votación", seal);
        Assert.DoesNotContain("aún no está cerrada", seal);
    }
}
