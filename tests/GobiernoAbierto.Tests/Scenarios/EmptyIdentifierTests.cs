using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_a_body_names_the_empty_identifier(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private ProcessApi Process => new(_api);

    [Fact]
    public async Task merging_into_the_empty_identifier_is_a_validation_problem_not_a_server_error()
    {
        var process = await Process.StartAsync();
        var table = await Process.ConveneAsync(process.Id, 1);
        var author = await Process.SeatedAsync(table, "Persona 1");
        var proposal = await Process.SubmittedAsync(table, author, "Obra duplicada");

        var problem = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/proposals/{proposal}/merge",
            new { intoProposalId = Guid.Empty, reason = "Duplicada" }, VotingApi.Json), HttpStatusCode.BadRequest, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("intoProposalId", out _));
    }

    [Fact]
    public async Task an_empty_identifier_inside_a_list_is_named_by_its_position()
    {
        var process = await Process.StartAsync();

        var problem = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/shortlist",
            new { proposalIds = new[] { Guid.NewGuid(), Guid.Empty } }, VotingApi.Json), HttpStatusCode.BadRequest, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("proposalIds[1]", out _));
    }

    [Fact]
    public async Task a_console_form_whose_id_does_not_read_as_one_gets_not_found_not_a_server_error()
    {
        // A console form's tampered hidden id binds as the empty one; the stream it names does not exist.
        var writes = service.Services.GetRequiredService<Hosting.StreamWrites>();

        var refusal = await writes.DecideAsync<Jornadas.Jornada>(Guid.Empty, (_, _) => throw new InvalidOperationException("never decided"),
            CancellationToken.None, exclusive: true);

        Assert.Equal("not_found", refusal?.Code);
    }
}
