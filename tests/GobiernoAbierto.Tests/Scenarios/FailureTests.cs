using System.Net;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_the_database_fails_during_a_vote(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    [Fact]
    public async Task the_voter_gets_a_503_nothing_is_half_written_and_the_retry_counts_once()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();

        // The event store refuses the append, after the commit already inserted the participation: all of it must roll back.
        // The trigger raises what a full disk raises (SQLSTATE 53100, disk_full): an outage to retry, answered 503. (A
        // trigger raising a plain exception, P0001, is a fault of ours and a 500: SchemaFaultTests.)
        await _db.ExecuteAsync("""
            create function {schema}.refuse_ballots() returns trigger language plpgsql as $$
            begin if new.type = 'ballot_cast' then raise exception 'disk full (simulated)' using errcode = 'disk_full'; end if; return new; end $$;
            create trigger refuse_ballots before insert on {schema}.mt_events for each row execute function {schema}.refuse_ballots();
            """);
        try
        {
            var failed = await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, voter, idempotencyKey: key),
                HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.Contains("Nada se registró", failed.GetProperty("detail").GetString());
        }
        finally
        {
            await _db.ExecuteAsync("drop trigger refuse_ballots on {schema}.mt_events; drop function {schema}.refuse_ballots();");
        }

        Assert.Equal(0, await _db.BallotCountAsync(id));
        Assert.Equal(0, await _db.ParticipationCountAsync(id));
        var tally = await VotingApi.Read<GobiernoAbierto.Tally.JornadaTally>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/tally"));
        Assert.Equal(0, tally.TotalBallots);

        // The kiosk retries with the same key once the database is back: one ballot, counted.
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, voter, idempotencyKey: key));
        Assert.Equal(1, await _db.BallotCountAsync(id));
        Assert.True((await VotingApi.Read<GobiernoAbierto.Voting.ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{receipt}"))).Counted);
    }
}
