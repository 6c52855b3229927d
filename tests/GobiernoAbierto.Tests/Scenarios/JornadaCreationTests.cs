using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// A client may choose the new Jornada's identifier: the same request sent again (a retry after a lost answer, a form
/// sent twice) then finds the Jornada it created and creates no second, identical, public one.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_a_jornada_is_created_with_an_identifier_the_client_chose(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private async Task<int> CountAsync(string title) =>
        (await VotingApi.Read<List<JornadaSummary>>(await _api.Anonymous.GetAsync("/api/jornadas"))).Count(j => j.Title == title);

    [Fact]
    public async Task it_is_created_under_that_identifier_and_sent_again_it_is_refused_naming_the_first()
    {
        var id = Guid.NewGuid();
        var command = VotingApi.NewJornada(service.Clock.GetUtcNow()) with { JornadaId = id };

        var created = await _api.CreateAsync(command);
        Assert.Equal(id, created.Id);

        var problem = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync("/api/jornadas", command, VotingApi.Json),
            HttpStatusCode.Conflict, "jornada_already_created");
        Assert.Contains($"«{command.Title}»", problem.GetProperty("detail").GetString());
        Assert.Equal(id, problem.GetProperty("jornadaId").GetGuid());
        Assert.Equal(1, await CountAsync(command.Title));

        // The same identifier with other data is not the same request sent again: said so, and nothing changes.
        var reused = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync("/api/jornadas", command with { Title = command.Title + " B" }, VotingApi.Json),
            HttpStatusCode.Conflict, "jornada_id_reused");
        Assert.Contains("creada con otros datos", reused.GetProperty("detail").GetString());
        Assert.Equal(id, reused.GetProperty("jornadaId").GetGuid());
        Assert.Equal(0, await CountAsync(command.Title + " B"));

        // Another record's identifier is not taken over.
        var process = await new ProcessApi(_api).StartAsync();
        var other = command with { Title = command.Title + " (otra)", JornadaId = process.Id };
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync("/api/jornadas", other, VotingApi.Json), HttpStatusCode.Conflict, "jornada_id_taken");
        Assert.Equal(0, await CountAsync(other.Title));
    }

    /// <summary>
    /// The same request sent many times at once (an outside tester): one creates it; the others are told it was created
    /// (they take turns on the identifier: ChosenIdentifiers; before, some were told another sending won the race), and
    /// never that the identifier is another record's, which would have the client create a second Jornada. No error in the log.
    /// </summary>
    [Fact]
    public async Task sent_many_times_at_once_one_creates_it_and_none_is_told_to_choose_another_identifier()
    {
        var command = VotingApi.NewJornada(service.Clock.GetUtcNow()) with { JornadaId = Guid.NewGuid() };
        var mark = service.Logs.Mark();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _api.Staff.PostAsJsonAsync("/api/jornadas", command, VotingApi.Json)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var code = System.Text.Json.JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();
            Assert.Equal("jornada_already_created", code);
        }
        await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync("/api/jornadas", command, VotingApi.Json), HttpStatusCode.Conflict, "jornada_already_created");
        Assert.Equal(1, await CountAsync(command.Title));
        Assert.DoesNotContain(service.Logs.Since(mark), e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    /// <summary>A time without its offset was read as UTC: a client sending Querétaro's 09:00 got a window opening at 03:00.</summary>
    [Fact]
    public async Task a_time_without_its_offset_is_refused_and_nothing_is_created()
    {
        var command = VotingApi.NewJornada(service.Clock.GetUtcNow());
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(command, VotingApi.Json))!.AsObject();
        var opens = TimeZoneInfo.ConvertTime(command.VotingOpensAt, QueretaroTime.Zone);
        body["votingOpensAt"] = opens.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        var problem = await VotingApi.ExpectProblem(await _api.Staff.PostAsync("/api/jornadas",
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid_request_body");
        Assert.Contains("«votingOpensAt»", problem.GetProperty("detail").GetString());
        Assert.Contains("desfase horario", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountAsync(command.Title));

        body["votingOpensAt"] = opens.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var answer = await _api.Staff.PostAsync("/api/jornadas", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        await VotingApi.Expect(answer, HttpStatusCode.Created);
        var toTheSecond = command.VotingOpensAt.AddTicks(-(command.VotingOpensAt.Ticks % TimeSpan.TicksPerSecond));
        Assert.Equal(toTheSecond, (await answer.Content.ReadFromJsonAsync<JornadaDetails>(VotingApi.Json))!.VotingOpensAt); // the same instant
    }

    /// <summary>Residents read the names: a colonia or delegación of the municipal catalogue cannot be shown under another.</summary>
    [Fact]
    public async Task a_catalogue_colonia_or_delegacion_under_another_name_is_refused()
    {
        var plan = Territory.QueretaroTerritory.Plan2020;
        var vinedos = plan.FindColonia("vinedos")!;
        var felipe = plan.FindDelegacion(vinedos.DelegacionId)!;
        var command = VotingApi.NewJornada(service.Clock.GetUtcNow()) with
        {
            Delegaciones = [felipe with { Name = "Centro Histórico" }], Colonias = [vinedos with { Name = "Centro" }],
        };

        var problem = await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync("/api/jornadas", command, VotingApi.Json),
            HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors").ToString();
        Assert.Contains($"La delegación «{felipe.Id}» del catálogo municipal se llama «Felipe Carrillo Puerto»: use ese nombre.", errors);
        Assert.Contains("La colonia «vinedos» del catálogo municipal se llama «Viñedos»: use ese nombre.", errors);
        Assert.Equal(0, await CountAsync(command.Title));

        var named = command with { Delegaciones = [felipe], Colonias = [vinedos] };
        Assert.Equal(named.Title, (await _api.CreateAsync(named)).Title);
    }

    [Fact]
    public async Task two_sendings_at_once_create_one_jornada_and_the_other_gets_a_conflict_not_a_server_error()
    {
        var command = VotingApi.NewJornada(service.Clock.GetUtcNow()) with { JornadaId = Guid.NewGuid() };

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _api.Staff.PostAsJsonAsync("/api/jornadas", command, VotingApi.Json)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(1, await CountAsync(command.Title));
    }
}
