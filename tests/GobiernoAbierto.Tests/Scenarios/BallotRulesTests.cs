using GobiernoAbierto.Jornadas;
using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>Every refused ballot gets a clear Spanish answer with a code, and changes nothing.</summary>
[Collection(SharedService.Name)]
public sealed class when_a_ballot_breaks_a_rule(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    private async Task AssertNothingWritten(Guid id)
    {
        Assert.Equal(0, await _db.BallotCountAsync(id));
        Assert.Equal(0, await _db.ParticipationCountAsync(id));
        var tally = await VotingApi.Read<GobiernoAbierto.Tally.JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/tally"));
        Assert.Equal(0, tally.TotalBallots);
    }

    [Fact]
    public async Task before_and_after_the_voting_window_it_is_refused()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromHours(1), closesIn: TimeSpan.FromHours(3)));
        await _api.SetOptionsAsync(jornada.Id);
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(jornada.Id));
        await _api.OpenAsync(jornada.Id);

        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, jornada.Id, Voters.UniqueClave()),
            HttpStatusCode.Conflict, "outside_voting_window");
        var offset = service.Clock.Offset;
        try
        {
            service.Clock.Offset = offset + TimeSpan.FromHours(4);
            await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, jornada.Id, Voters.UniqueClave()),
                HttpStatusCode.Conflict, "outside_voting_window");
        }
        finally
        {
            service.Clock.Offset = offset;
        }
        await AssertNothingWritten(jornada.Id);
    }

    [Fact]
    public async Task a_jornada_not_yet_opened_refuses_ballots()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(jornada.Id));
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, jornada.Id, Voters.UniqueClave()),
            HttpStatusCode.Conflict, "jornada_not_open");
        await AssertNothingWritten(jornada.Id);
    }

    /// <summary>
    /// Never opened and its hours over, it can no longer be opened: the refusal said «todavía no ha sido abierta», and
    /// kiosks and residents waited for an opening that could not come. It says so now, and the Jornada that it ended.
    /// </summary>
    [Fact]
    public async Task a_jornada_never_opened_whose_hours_are_over_refuses_ballots_saying_it_will_take_none()
    {
        var voter = Voters.UniqueClave();
        var jornada = await _api.AnnouncedOnlineJornadaAsync([voter]); // online and at kiosks in two days, for 8 hours
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(jornada.Id));
        var offset = service.Clock.Offset;
        try
        {
            service.Clock.Offset = offset + TimeSpan.FromDays(2) + TimeSpan.FromHours(8.1);
            var atKiosk = await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, jornada.Id, Voters.UniqueClave()),
                HttpStatusCode.Conflict, "jornada_not_open");
            Assert.Equal("La votación no se abrió", atKiosk.GetProperty("title").GetString());
            Assert.Contains("no se abrió y su periodo de votación terminó el", atKiosk.GetProperty("detail").GetString());
            var online = await VotingApi.ExpectProblem(await VotingApi.VoteOnlineAsync(_api.Anonymous, jornada.Id, voter, jornada.Codes[voter]),
                HttpStatusCode.Conflict, "jornada_not_open");
            Assert.Contains("no se recibirán votos", online.GetProperty("detail").GetString());

            var details = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornada.Id}"));
            Assert.Equal(JornadaStatus.Preparing, details.Status);
            Assert.True(details.VotingEnded);
            Assert.True(details.Online!.Ended);
            Assert.Contains("no se abrió", details.NotAcceptingReason);
        }
        finally
        {
            service.Clock.Offset = offset;
        }
        await AssertNothingWritten(jornada.Id);
    }

    [Fact]
    public async Task a_closed_kiosk_an_unknown_kiosk_and_another_jornadas_kiosk_are_refused()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var (_, otherKiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());

        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk("kiosco_not-a-real-credential"), id, Voters.UniqueClave()),
            HttpStatusCode.Unauthorized, "unauthenticated");
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(otherKiosk), id, Voters.UniqueClave()),
            HttpStatusCode.Forbidden, "kiosk_not_registered");

        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/kiosco-1/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave()),
            HttpStatusCode.Forbidden, "kiosk_closed");
        await AssertNothingWritten(id);
    }

    [Fact]
    public async Task an_unknown_option_a_colonia_outside_the_territory_and_a_malformed_identifier_are_refused()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);

        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave(), option: "C"),
            HttpStatusCode.BadRequest, "unknown_option");
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave(), colonia: "centro-historico"),
            HttpStatusCode.UnprocessableEntity, "colonia_outside_territory");
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, "ABC123"),
            HttpStatusCode.BadRequest, "invalid_voter_id");
        var problem = await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, "", option: ""),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("voterId", out _));
        await AssertNothingWritten(id);
    }

    [Fact]
    public async Task with_a_voter_roll_only_people_on_it_vote()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        var onRoll = Voters.UniqueClave();
        var summary = await VotingApi.Read<GobiernoAbierto.Jornadas.VoterRollSummary>(await _api.Staff.PutAsJsonAsync(
            $"/api/jornadas/{jornada.Id}/voter-roll", new GobiernoAbierto.Jornadas.LoadVoterRoll([onRoll, onRoll.ToLowerInvariant(), Voters.UniqueClave()]), VotingApi.Json));
        Assert.Equal(2, summary.Entries);
        Assert.Equal(1, summary.DuplicatesIgnored);

        var invalid = await VotingApi.ExpectProblem(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/voter-roll",
            new GobiernoAbierto.Jornadas.LoadVoterRoll([Voters.UniqueClave(), "NO-VALE"]), VotingApi.Json), HttpStatusCode.UnprocessableEntity, "invalid_voter_roll");
        Assert.Contains("Hay un identificador con formato inválido en la posición 2.", invalid.GetProperty("detail").GetString());

        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(jornada.Id));
        await _api.OpenAsync(jornada.Id);
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, jornada.Id, Voters.UniqueClave()),
            HttpStatusCode.Forbidden, "not_on_voter_roll");
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornada.Id, onRoll));
        Assert.Equal(1, await _db.BallotCountAsync(jornada.Id));

        await VotingApi.ExpectProblem(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/voter-roll",
            new GobiernoAbierto.Jornadas.LoadVoterRoll([Voters.UniqueClave()]), VotingApi.Json), HttpStatusCode.Conflict, "jornada_already_opened");
    }
}

/// <summary>
/// At «Continuar» the kiosk asks whether the clave is on the padrón, so a mistyped one is said before the resident
/// chooses. The answer is the roll's and nothing else: never whether the clave voted, and it writes nothing.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_kiosk_checks_a_clave_against_the_padron(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    private static Task<HttpResponseMessage> CheckAsync(HttpClient client, Guid jornadaId, string voterId) =>
        client.PostAsJsonAsync($"/api/jornadas/{jornadaId}/voter-roll-check", new GobiernoAbierto.Voting.CheckVoterRoll(voterId), VotingApi.Json);

    [Fact]
    public async Task it_answers_the_rolls_refusal_before_the_ballot_and_never_whether_the_clave_voted()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        var onRoll = Voters.UniqueClave();
        var voter = Voters.UniqueClave();
        await _api.LoadRollCsvAsync(jornada.Id, [onRoll, voter]);
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(jornada.Id));
        await _api.OpenAsync(jornada.Id);

        await VotingApi.Expect(await CheckAsync(kiosk, jornada.Id, onRoll.ToLowerInvariant()), HttpStatusCode.NoContent);
        var typo = onRoll[..^1] + (onRoll[^1] == '1' ? '2' : '1');
        var off = await VotingApi.ExpectProblem(await CheckAsync(kiosk, jornada.Id, typo), HttpStatusCode.Forbidden, "not_on_voter_roll");
        Assert.Equal(GobiernoAbierto.Voting.BallotBatch.NotOnRoll.Detail, off.GetProperty("detail").GetString()); // the ballot's own words
        await VotingApi.ExpectProblem(await CheckAsync(kiosk, jornada.Id, "NO-ES-CLAVE"), HttpStatusCode.BadRequest, "invalid_voter_id");
        await VotingApi.ExpectProblem(await CheckAsync(kiosk, jornada.Id, ""), HttpStatusCode.BadRequest, "validation_failed");

        // Whether someone voted is not the roll's to say: the same 204 after their ballot.
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornada.Id, voter));
        await VotingApi.Expect(await CheckAsync(kiosk, jornada.Id, voter), HttpStatusCode.NoContent);
        // Checks write nothing: one ballot, one participation, and the checked clave still votes.
        Assert.Equal(1, await _db.ParticipationCountAsync(jornada.Id));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornada.Id, onRoll));
        Assert.Equal(2, await _db.ParticipationCountAsync(jornada.Id));
    }

    [Fact]
    public async Task without_a_padron_nothing_stops_a_clave_and_only_this_jornadas_kiosks_may_ask()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.Expect(await CheckAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave()), HttpStatusCode.NoContent);

        var (_, otherKiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ExpectProblem(await CheckAsync(_api.Kiosk(otherKiosk), id, Voters.UniqueClave()), HttpStatusCode.Forbidden, "kiosk_not_registered");
        await VotingApi.ExpectProblem(await CheckAsync(_api.Anonymous, id, Voters.UniqueClave()), HttpStatusCode.Unauthorized, "unauthenticated");
        await VotingApi.ExpectProblem(await CheckAsync(_api.Staff, id, Voters.UniqueClave()), HttpStatusCode.Forbidden, "forbidden");
        var link = _api.Kiosk((await _api.RegisterKioskLinkAsync(id, "kiosco-2")).Credential);
        await VotingApi.ExpectProblem(await CheckAsync(link, id, Voters.UniqueClave()), HttpStatusCode.Forbidden, "kiosk_not_configured");
        await VotingApi.ExpectProblem(await CheckAsync(_api.Kiosk(kioskToken), Guid.NewGuid(), Voters.UniqueClave()), HttpStatusCode.Forbidden, "kiosk_not_registered");

        // A kiosk that could not take the ballot now hears why, as the ballot would, and nothing of the roll.
        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/kiosco-1/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);
        await VotingApi.ExpectProblem(await CheckAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave()), HttpStatusCode.Forbidden, "kiosk_closed");
    }
}
