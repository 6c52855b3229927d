using System.Net;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_one_voter_tries_many_times_at_once(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    [Fact]
    public async Task fifty_concurrent_attempts_across_two_instances_and_both_channels_yield_exactly_one_ballot()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await using var secondNode = new ServiceHost(service.Schema, daemonMode: "Disabled");
        await secondNode.InitializeAsync();
        var otherApi = new VotingApi(secondNode);

        var voter = Voters.UniqueClave();
        var clients = new[] { _api.Kiosk(kioskToken), _api.Portal, otherApi.Kiosk(kioskToken), otherApi.Portal };
        // Spelled differently each time: normalisation must still see one person.
        var spellings = new[] { voter, voter.ToLowerInvariant(), $" {voter[..6]}-{voter[6..]} " };
        var attempts = Enumerable.Range(0, 50).Select(i =>
            VotingApi.VoteAsync(clients[i % clients.Length], id, spellings[i % spellings.Length], i % 2 == 0 ? "A" : "B"));
        var responses = await Task.WhenAll(attempts);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await VotingApi.ExpectProblem(refused, HttpStatusCode.Conflict, "already_voted");
        Assert.Equal(1, await _db.BallotCountAsync(id));
        Assert.Equal(1, await _db.ParticipationCountAsync(id));
    }

    [Fact]
    public async Task a_retry_with_the_same_idempotency_key_gets_the_same_receipt_and_no_second_ballot()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();

        var first = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Portal, id, voter, idempotencyKey: key));
        var retries = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => VotingApi.VoteAsync(_api.Portal, id, voter, idempotencyKey: key)));
        foreach (var retry in retries)
        {
            var receipt = await VotingApi.Read<BallotReceipt>(retry);
            Assert.Equal(first, receipt.Receipt);
            Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        }
        Assert.Equal(1, await _db.BallotCountAsync(id));

        // The same key for another person is a client bug, not a replay.
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(_api.Portal, id, Voters.UniqueClave(), idempotencyKey: key),
            HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(1, await _db.BallotCountAsync(id));
    }

    [Fact]
    public async Task concurrent_first_attempts_with_one_idempotency_key_share_one_receipt()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var voter = Voters.UniqueClave();
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, voter, idempotencyKey: key)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var receipts = await Task.WhenAll(responses.Select(async r => (await System.Net.Http.Json.HttpContentJsonExtensions
            .ReadFromJsonAsync<BallotReceipt>(r.Content, VotingApi.Json))!.Receipt));
        Assert.Single(receipts.Distinct());
        Assert.Equal(1, await _db.BallotCountAsync(id));
    }
}
