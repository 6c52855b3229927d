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
/// The letters' download is the only copy of the codes. When it never arrives whole (a connection cut, a full disk), the
/// credential authority issues every code again before online voting opens; the codes of the lost download stop working.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_the_letters_download_did_not_finish(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task every_code_is_issued_again_before_online_voting_opens_and_the_lost_ones_say_their_letter_was_replaced()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        await _api.SetOptionsAsync(jornada.Id);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now.AddMinutes(1), now.AddHours(8)), VotingApi.Json), HttpStatusCode.OK);
        var voters = new[] { Voters.UniqueClave(), Voters.UniqueClave(), Voters.UniqueClave() };
        await _api.LoadRollCsvAsync(jornada.Id, voters);
        var lost = await _api.IssueCodesAsync(jornada.Id);

        var refused = await VotingApi.ExpectProblem(await _api.CredentialAuthority.PostAsync($"/api/jornadas/{jornada.Id}/voting-codes", null),
            HttpStatusCode.Conflict, "voting_codes_already_issued");
        Assert.Contains("emítalos todos de nuevo", refused.GetProperty("detail").GetString());
        // The authority reads the digest to name through the API (the audit log, which has it too, is not its role's).
        var status = await VotingApi.Read<Credentials.VotingCodesStatus>(await _api.CredentialAuthority.GetAsync($"/api/jornadas/{jornada.Id}/voting-codes"));
        var firstIssue = await DigestAsync(jornada.Id);
        Assert.Equal((true, firstIssue, 3, true, null), (status.Issued, status.VerifiersDigest, status.RollSize, status.MayIssueAgain, status.IssuedAgain));
        await VotingApi.ExpectProblem(await _api.CredentialAuthority.GetAsync($"/api/jornadas/{jornada.Id}/audit/log"), HttpStatusCode.Forbidden, "forbidden");
        await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}/voting-codes"), HttpStatusCode.Unauthorized, "unauthenticated");
        await VotingApi.ExpectProblem(await _api.CredentialAuthority.GetAsync($"/api/jornadas/{Guid.NewGuid()}/voting-codes"), HttpStatusCode.NotFound, "not_found");
        Task<HttpResponseMessage> AgainAsync(HttpClient client, string replaces) =>
            client.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/voting-codes/again", new Credentials.IssueVotingCodesAgain(replaces), VotingApi.Json);
        await VotingApi.ExpectProblem(await AgainAsync(_api.Staff, firstIssue), HttpStatusCode.Forbidden, "forbidden");
        await VotingApi.ExpectProblem(await AgainAsync(_api.CredentialAuthority, ""), HttpStatusCode.BadRequest, "validation_failed");
        // A digest cut short or mistyped is a mistake in the request, not a colleague's issue in between.
        var cut = await VotingApi.ExpectProblem(await AgainAsync(_api.CredentialAuthority, firstIssue[..40]), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("64 caracteres", cut.ToString());
        await VotingApi.ExpectProblem(await AgainAsync(_api.CredentialAuthority, "huella de la bitácora"), HttpStatusCode.BadRequest, "validation_failed");
        await VotingApi.Expect(await AgainAsync(_api.CredentialAuthority, " " + new string('0', 64).ToUpperInvariant() + " "), HttpStatusCode.Conflict);
        await VotingApi.ExpectProblem(await AgainAsync(_api.CredentialAuthority, new string('0', 64)), HttpStatusCode.Conflict, "voting_codes_issued_again");
        var again = await AgainAsync(_api.CredentialAuthority, firstIssue);
        await VotingApi.Expect(again, HttpStatusCode.OK);
        var zip = await again.Content.ReadAsByteArrayAsync();
        var issued = LetterCsv.Read(zip);
        Assert.Contains("Carta nueva del", LetterCsv.Text(zip));
        var after = await VotingApi.Read<Credentials.VotingCodesStatus>(await _api.Staff.GetAsync($"/api/jornadas/{jornada.Id}/voting-codes"));
        Assert.Equal(await DigestAsync(jornada.Id), after.VerifiersDigest);
        Assert.NotEqual(firstIssue, after.VerifiersDigest);
        Assert.NotNull(after.IssuedAgain);
        // A second window, or a retry, still naming the first issue does not replace the letters just made.
        await VotingApi.ExpectProblem(await AgainAsync(_api.CredentialAuthority, firstIssue), HttpStatusCode.Conflict, "voting_codes_issued_again");
        // Staff, who mail the letters, read that the first ones no longer work.
        var staff = await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff));
        Assert.Contains("emitió de nuevo los códigos de todo el padrón", await staff.GetStringAsync($"/consola/jornadas/{jornada.Id}"));

        Assert.Equal(lost.Keys.Order(), issued.Keys.Order()); // the same folios, each with a new code
        Assert.All(issued, letter => Assert.NotEqual(lost[letter.Key], letter.Value));
        service.Clock.Offset += TimeSpan.FromMinutes(2);
        await _api.OpenAsync(jornada.Id);
        await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voters[0], lost[2]), HttpStatusCode.Forbidden, "voting_code_revoked");
        Assert.False(string.IsNullOrEmpty(await VotingApi.ReceiptOf(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voters[0], issued[2]))));
        // Once online voting is open, letters are replaced one by one.
        Assert.False((await VotingApi.Read<Credentials.VotingCodesStatus>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/voting-codes"))).MayIssueAgain);
        await VotingApi.ExpectProblem(await AgainAsync(_api.CredentialAuthority, await DigestAsync(jornada.Id)), HttpStatusCode.Conflict, "online_voting_started");

        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("Emitió de nuevo los 3 códigos de votación de todo el padrón", await _api.Auditor.GetStringAsync($"/api/jornadas/{jornada.Id}/audit/log"));
        var check = await VotingApi.Read<AuditVerification>(await _api.Auditor.GetAsync($"/api/jornadas/{jornada.Id}/audit/verification"));
        Assert.True(check.Record is { Intact: true }, check.Record?.FirstBreak?.Reason);
    }

    /// <summary>«Again» on a Jornada whose codes were never issued is their first issue: its letters replace none, and say none.</summary>
    [Fact]
    public async Task issuing_again_when_nothing_was_issued_makes_first_letters()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        await _api.SetOptionsAsync(jornada.Id);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now.AddMinutes(1), now.AddHours(8)), VotingApi.Json), HttpStatusCode.OK);
        await _api.LoadRollCsvAsync(jornada.Id, [Voters.UniqueClave()]);

        var letters = await _api.CredentialAuthority.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/voting-codes/again",
            new Credentials.IssueVotingCodesAgain(new string('0', 64)), VotingApi.Json);

        await VotingApi.Expect(letters, HttpStatusCode.OK);
        var csv = LetterCsv.Text(await letters.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain("sustituye", csv);
        Assert.Single(LetterCsv.Read(await letters.Content.ReadAsByteArrayAsync()));
    }

    /// <summary>The issue's digest as the record publishes it (the audit log's «huella de sus verificadores»): the last one.</summary>
    private async Task<string> DigestAsync(Guid jornadaId)
    {
        var record = await _api.Auditor.GetStringAsync($"/api/jornadas/{jornadaId}/audit/record.csv");
        return System.Text.RegularExpressions.Regex.Matches(record, "verifiersDigest=s:([0-9a-f]{64})").Last().Groups[1].Value;
    }
}
