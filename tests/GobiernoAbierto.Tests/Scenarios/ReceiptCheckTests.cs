using GobiernoAbierto.Ballots;
using GobiernoAbierto.Tests.Support;
using GobiernoAbierto.Voting;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_a_resident_copies_their_receipt_wrong(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private async Task<ReceiptStatus> CheckAsync(string code) => await VotingApi.Read<ReceiptStatus>(await _api.Anonymous.GetAsync($"/api/receipts/{code}"));

    [Fact]
    public async Task one_character_off_is_told_apart_from_a_receipt_that_is_not_there()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var receipt = await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave()));
        var found = await CheckAsync(receipt);
        Assert.True(found.Counted);

        // An 8 read as a B, a 5 as an S, anything else as a 0: one character off.
        var typo = receipt[..5] + receipt[5] switch { '8' => 'B', '5' => 'S', _ => receipt[5] == '0' ? '1' : '0' } + receipt[6..];
        var mistyped = await CheckAsync(typo);
        Assert.False(mistyped.Counted);
        Assert.Contains("probablemente hay un carácter mal copiado", mistyped.Message);

        // A code whose characters agree but that no ballot carries: no typo to blame, the IEEQ is who to ask.
        var absent = await CheckAsync(ReceiptCode.New());
        Assert.False(absent.Counted);
        Assert.DoesNotContain("mal copiado", absent.Message);
        Assert.Contains("acuda al IEEQ", absent.Message);
    }

    /// <summary>
    /// Slashes typed between the groups arrive encoded (recibo.js escapes the code, and ASP.NET Core leaves %2F in a path
    /// segment): the answer names «/», what the resident typed, not «%» (an outside tester's).
    /// </summary>
    [Fact]
    public async Task slashes_typed_between_the_groups_are_named_as_slashes()
    {
        var problem = await VotingApi.ExpectProblem(await _api.Anonymous.GetAsync($"/api/receipts/{Uri.EscapeDataString("9K2F/M2ZP/RZ96")}"),
            System.Net.HttpStatusCode.BadRequest, "invalid_receipt");

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("El código de recibo no lleva «/»:", detail);
        Assert.DoesNotContain("%", detail);
    }

    /// <summary>Receipts given before they had a check character are twelve random characters: they are found all the same.</summary>
    [Fact]
    public async Task a_receipt_from_before_the_check_character_is_still_found()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var fresh = ReceiptCode.New();
        var older = fresh[..^1] + (fresh[^1] == 'Z' ? 'Y' : 'Z'); // its last character is no check character
        Assert.False(ReceiptCode.HasValidCheck(older));
        await new Database(service).ExecuteAsync("insert into {schema}.counted_receipts (receipt, jornada_id) values ($1, $2)", older, id);

        var status = await CheckAsync(older);

        Assert.True(status.Counted);
        Assert.DoesNotContain("mal copiado", status.Message);
    }
}
