using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// Every operation the OpenAPI document lists, called the way a careless or hostile client would: each must answer a
/// problem with a code, never a 500, and leave no error in the log. A new endpoint is covered without touching this test.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_any_operation_meets_hostile_input(ServiceFixture service) : IAsyncLifetime
{
    private const string EmptyId = "00000000-0000-0000-0000-000000000000";
    private readonly VotingApi _api = new(service);
    private HttpClient _kioskLink = null!;

    /// <summary>A kiosk's configuration link too: the one credential its configuration takes.</summary>
    public async Task InitializeAsync()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        _kioskLink = _api.Kiosk((await _api.RegisterKioskLinkAsync(jornada.Id)).Credential);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient[] EveryRole => [_api.Staff, _api.Auditor, _api.Portal, _api.Committee, _api.CredentialAuthority, _kioskLink];

    private sealed record Operation(string Method, string Path, IReadOnlyList<string> PathParameters, JsonElement? BodySchema);

    private async Task<(IReadOnlyList<Operation> Operations, JsonElement Schemas)> ReadOpenApiAsync()
    {
        // Outside Development the OpenAPI document is for staff only.
        var document = JsonDocument.Parse(await _api.Staff.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            var parameters = operation.Value.TryGetProperty("parameters", out var list)
                ? list.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList()
                : [];
            // The padrón's CSV (text/csv) is swept by its own tests, as when it declared no body.
            JsonElement? body = operation.Value.TryGetProperty("requestBody", out var requestBody)
                && requestBody.GetProperty("content").TryGetProperty("application/json", out var json)
                ? json.GetProperty("schema")
                : null;
            operations.Add(new Operation(operation.Name.ToUpperInvariant(), path.Name, parameters, body));
        }
        Assert.True(operations.Count > 40, $"The OpenAPI document lists only {operations.Count} operations.");
        return (operations, document.GetProperty("components").GetProperty("schemas"));
    }

    private static string Fill(Operation operation, string id) =>
        operation.PathParameters.Aggregate(operation.Path, (path, name) => path.Replace("{" + name + "}", id));

    private static HttpRequestMessage Request(Operation operation, string url, string body) =>
        new(new HttpMethod(operation.Method), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task<(HttpStatusCode Status, string? Code, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body}");
        string? code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            code = JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
        return (response.StatusCode, code, body);
    }

    [Fact]
    public async Task every_route_answers_the_empty_identifier_with_a_404_problem()
    {
        var (operations, _) = await ReadOpenApiAsync();
        foreach (var operation in operations.Where(o => o.PathParameters.Count > 0))
        {
            var answers = new List<(HttpStatusCode Status, string? Code, string Body)>();
            foreach (var client in EveryRole) answers.Add(await SendAsync(client, Request(operation, Fill(operation, EmptyId), "{}")));
            Assert.True(answers.Any(a => a is { Status: HttpStatusCode.NotFound, Code: "not_found" }),
                $"{operation.Method} {operation.Path}: no role got a 404 not_found: {string.Join(" | ", answers.Select(a => a.Body))}");
        }
    }

    /// <summary>
    /// A choice of a fixed list is one of its names: «Virtual, InPerson» read as a combination of flags was the second name
    /// (0 | 1), and a work table was convened «InPerson» from a value that is not in the list.
    /// </summary>
    [Fact]
    public async Task a_combination_of_a_lists_names_is_refused_not_read_as_one_of_them()
    {
        var process = await new ProcessApi(_api).StartAsync();
        string Table(string mode, int number) =>
            $$"""{"number": {{number}}, "name": "Mesa {{number}}", "mode": "{{mode}}", "capacity": 9, "meetsAt": "2026-12-10T17:00:00Z", "place": "Salón ejidal"}""";
        foreach (var mode in new[] { "Virtual, InPerson", "InPerson,Virtual", "Virtual,Virtual" })
        {
            var (status, code, body) = await SendAsync(_api.Staff,
                new HttpRequestMessage(HttpMethod.Post, $"/api/processes/{process.Id}/work-tables") { Content = new StringContent(Table(mode, 1), Encoding.UTF8, "application/json") });
            Assert.True(status == HttpStatusCode.BadRequest && code is not null, $"mode «{mode}» answered {(int)status}: {body}");
        }
        var (accepted, _, answer) = await SendAsync(_api.Staff,
            new HttpRequestMessage(HttpMethod.Post, $"/api/processes/{process.Id}/work-tables") { Content = new StringContent(Table("InPerson", 1), Encoding.UTF8, "application/json") });
        Assert.True(accepted == HttpStatusCode.Created, answer); // the first table: none of the refused ones was convened

        var (jornada, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var (refused, refusedCode, refusedBody) = await SendAsync(_api.Staff, new HttpRequestMessage(HttpMethod.Post, $"/api/jornadas/{jornada}/countersignatures")
        {
            Content = new StringContent("""{"action": "RegisterKiosk, CloseEarly", "kioskId": null, "reason": "Prueba."}""", Encoding.UTF8, "application/json"),
        });
        Assert.True(refused == HttpStatusCode.BadRequest && refusedCode is not null, $"{(int)refused}: {refusedBody}");
    }

    [Fact]
    public async Task a_null_inside_any_list_of_a_request_is_refused_naming_the_element()
    {
        var (operations, schemas) = await ReadOpenApiAsync();
        var checkedLists = 0;
        foreach (var operation in operations.Where(o => o.BodySchema is not null))
        {
            var schema = schemas.GetProperty(operation.BodySchema!.Value.GetProperty("$ref").GetString()!.Split('/')[^1]);
            if (!schema.TryGetProperty("properties", out var properties)) continue;
            foreach (var property in properties.EnumerateObject().Where(p => IsArray(p.Value)))
            {
                var url = Fill(operation, Guid.NewGuid().ToString());
                var answers = new List<(HttpStatusCode Status, string? Code, string Body)>();
                foreach (var client in EveryRole)
                    answers.Add(await SendAsync(client, Request(operation, url, $"{{\"{property.Name}\": [null]}}")));
                // A list of values (ids) can't hold null at all: the JSON itself is refused. A list of records or text can.
                var refused = HoldsValues(property.Value)
                    ? answers.Any(a => a.Code == "invalid_request_body")
                    : answers.Any(a => a.Code == "validation_failed" && a.Body.Contains($"\"{property.Name}[0]\""));
                Assert.True(refused,
                    $"{operation.Method} {operation.Path} with {property.Name}: [null]: {string.Join(" | ", answers.Select(a => a.Body))}");
                checkedLists++;
            }
        }
        Assert.True(checkedLists >= 10, $"Only {checkedLists} list fields found in the request bodies.");
    }

    /// <summary>
    /// Text with U+0000 (PostgreSQL's jsonb cannot keep it: a 500 on every write but the ballot's), with half of a
    /// surrogate pair or made of control characters, and dates past what Querétaro's time converts to UTC (year 9999),
    /// in any field of any body: refused naming the field, before anything is read or written.
    /// </summary>
    [Fact]
    public async Task text_and_dates_nothing_can_keep_are_refused_naming_the_field_in_every_operation()
    {
        var (operations, schemas) = await ReadOpenApiAsync();
        var checkedFields = 0;
        foreach (var operation in operations.Where(o => o.BodySchema is not null))
        {
            var schema = schemas.GetProperty(operation.BodySchema!.Value.GetProperty("$ref").GetString()!.Split('/')[^1]);
            if (!schema.TryGetProperty("properties", out var properties)) continue;
            foreach (var property in properties.EnumerateObject())
            {
                string[] values = property.Value.TryGetProperty("format", out var format)
                    ? format.GetString() switch
                    {
                        "date" => ["\"9999-12-31\"", "\"1900-01-01\""],
                        "date-time" => ["\"9999-12-31T18:00:00-06:00\""],
                        _ => [],
                    }
                    : IsText(property.Value) ? ["\"a\\u0000b\"", "\"a\\ud800b\"", "\"\\u0001\\u0008\""] : [];
                foreach (var value in values)
                {
                    var url = Fill(operation, Guid.NewGuid().ToString());
                    var answers = new List<(HttpStatusCode Status, string? Code, string Body)>();
                    foreach (var client in EveryRole) answers.Add(await SendAsync(client, Request(operation, url, $"{{\"{property.Name}\": {value}}}")));
                    // Half a surrogate pair in a JSON string System.Text.Json refuses itself: invalid_request_body, naming the field too.
                    Assert.True(answers.Any(a => a.Code is "validation_failed" or "invalid_request_body" && a.Body.Contains($"\"{property.Name}\":")),
                        $"{operation.Method} {operation.Path} with {property.Name}: {value}: {string.Join(" | ", answers.Select(a => a.Body))}");
                    checkedFields++;
                }
            }
        }
        Assert.True(checkedFields >= 60, $"Only {checkedFields} text and date fields checked.");
    }

    [Fact]
    public async Task empty_null_and_oddly_typed_bodies_get_a_problem_from_every_operation()
    {
        var (operations, _) = await ReadOpenApiAsync();
        string[] bodies = ["{}", "null", "[]", "\"texto\"", "{\"a\":", "{\"title\": {}, \"options\": \"x\", \"number\": 1e400}"];
        foreach (var operation in operations.Where(o => o.BodySchema is not null))
        foreach (var body in bodies)
        foreach (var client in EveryRole)
        {
            var (status, code, answer) = await SendAsync(client, Request(operation, Fill(operation, Guid.NewGuid().ToString()), body));
            Assert.True(code is not null, $"{operation.Method} {operation.Path} with {body} answered {(int)status} without a problem code: {answer}");
        }
    }

    /// <summary>
    /// {"voterId":"A","voterId":"B"}: the last one won, so whoever read the first (a proxy's log, a person) saw another
    /// voter than the one who took part. A field named twice is refused, and nothing is counted.
    /// </summary>
    [Fact]
    public async Task a_ballot_naming_a_field_twice_is_refused_and_counts_nobody()
    {
        var first = Voters.UniqueClave();
        var second = Voters.UniqueClave();
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);

        var (status, code, _) = await SendAsync(kiosk, new HttpRequestMessage(HttpMethod.Post, $"/api/jornadas/{id}/ballots")
        {
            Content = new StringContent($$"""{"voterId":"{{first}}","voterId":"{{second}}","coloniaId":"loma-bonita","optionId":"A"}""", Encoding.UTF8, "application/json"),
        });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request_body"), (status, code));
        Assert.Equal(0L, await new Database(service).ParticipationCountAsync(id));
        var (_, optionTwice, _) = await SendAsync(kiosk, new HttpRequestMessage(HttpMethod.Post, $"/api/jornadas/{id}/ballots")
        {
            Content = new StringContent($$"""{"voterId":"{{first}}","coloniaId":"loma-bonita","optionId":"A","optionId":"B"}""", Encoding.UTF8, "application/json"),
        });
        Assert.Equal("invalid_request_body", optionTwice);
        Assert.Equal(0L, await new Database(service).ParticipationCountAsync(id));
    }

    [Fact]
    public async Task bodies_that_are_not_json_at_all_get_a_problem_from_every_operation()
    {
        var (operations, _) = await ReadOpenApiAsync();
        var deep = new string('[', 200) + new string(']', 200);
        (string MediaType, byte[] Body)[] bodies =
        [
            ("application/json", "no es json"u8.ToArray()),
            ("application/json", [0xC3, 0x28, 0xFF, 0xFE]),                       // not UTF-8
            ("application/json", Encoding.UTF8.GetBytes(deep)),                  // deeper than the reader allows
            ("application/json", Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 100_000) + "\"")), // unterminated
            ("text/plain", "{}"u8.ToArray()),
            ("application/x-www-form-urlencoded", "a=1"u8.ToArray()),
        ];
        foreach (var operation in operations.Where(o => o.BodySchema is not null))
        foreach (var (mediaType, body) in bodies)
        {
            var request = new HttpRequestMessage(new HttpMethod(operation.Method), Fill(operation, Guid.NewGuid().ToString()))
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new(mediaType) } },
            };
            var (status, code, answer) = await SendAsync(_api.Staff, request);
            Assert.True(code is not null, $"{operation.Method} {operation.Path} with {mediaType} answered {(int)status} without a problem code: {answer}");
        }
    }

    /// <summary>
    /// A body over the API's limit is refused with 413 before it is read, by every operation that takes JSON: some role
    /// gets request_too_large (the others may be refused for their credential first). The padrón alone takes more.
    /// </summary>
    [Fact]
    public async Task a_body_over_the_api_limit_is_refused_with_413_by_every_operation_but_the_voter_roll()
    {
        var (operations, _) = await ReadOpenApiAsync();
        var oversized = "{\"relleno\": \"" + new string('x', (int)Hosting.BodyLimits.Default) + "\"}";
        var swept = 0;
        foreach (var operation in operations.Where(o => o.BodySchema is not null && !o.Path.EndsWith("/voter-roll", StringComparison.Ordinal)))
        {
            var answers = new List<(HttpStatusCode Status, string? Code, string Body)>();
            foreach (var client in EveryRole)
            {
                var request = Request(operation, Fill(operation, Guid.NewGuid().ToString()), oversized);
                request.Headers.ExpectContinue = true; // the answer before the body, as curl sends a big one
                answers.Add(await SendAsync(client, request));
            }
            Assert.True(answers.Any(a => a is { Status: HttpStatusCode.RequestEntityTooLarge, Code: "request_too_large" }),
                $"{operation.Method} {operation.Path}: {string.Join(" | ", answers.Select(a => $"{(int)a.Status} {a.Code}"))}");
            swept++;
        }
        Assert.True(swept >= 25, $"Only {swept} operations take a JSON body.");
    }

    /// <summary>
    /// Malformed JSON from anyone must not fill the error log (issue 10: 2,900 error entries with stack traces for 31,000
    /// hostile requests): client mistakes are information, without a stack; only a fault of the service is an error.
    /// </summary>
    [Fact]
    public async Task the_whole_sweep_leaves_no_error_and_no_stack_trace_in_the_log()
    {
        var mark = service.Logs.Mark();

        await every_route_answers_the_empty_identifier_with_a_404_problem();
        await a_null_inside_any_list_of_a_request_is_refused_naming_the_element();
        await text_and_dates_nothing_can_keep_are_refused_naming_the_field_in_every_operation();
        await empty_null_and_oddly_typed_bodies_get_a_problem_from_every_operation();
        await bodies_that_are_not_json_at_all_get_a_problem_from_every_operation();

        var logged = service.Logs.Since(mark);
        var errors = logged.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} error entries after the sweep, e.g.: {string.Join(" | ", errors.Take(3))}");
        var stacks = logged.Where(e => e.Exception is not null).ToList();
        Assert.True(stacks.Count == 0, $"{stacks.Count} entries with an exception after the sweep, e.g.: {string.Join(" | ", stacks.Take(3))}");
        Assert.Contains(logged, e => e.Level == LogLevel.Information && e.Message.StartsWith("invalid_request_body on /api/", StringComparison.Ordinal));
    }

    private static bool HoldsValues(JsonElement arraySchema) =>
        arraySchema.GetProperty("items").TryGetProperty("format", out var format) && format.GetString() is "uuid" or "date" or "date-time";

    /// <summary>A field of free text: a string with no format, pattern or list of values.</summary>
    private static bool IsText(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && !schema.TryGetProperty("pattern", out _) && !schema.TryGetProperty("enum", out _) &&
        (type.ValueKind == JsonValueKind.String
            ? type.GetString() == "string"
            : type.EnumerateArray().Select(t => t.GetString()).All(t => t is "string" or "null"));

    private static bool IsArray(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && (type.ValueKind == JsonValueKind.String
            ? type.GetString() == "array"
            : type.EnumerateArray().Any(t => t.GetString() == "array"));
}

/// <summary>What an outside tester's sweep found: a 500 and texts kept whole that every other operation refuses.</summary>
[Collection(SharedService.Name)]
public sealed class when_a_territory_or_a_study_is_hostile(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response) =>
        (await VotingApi.ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");

    /// <summary>A catalogue delegación or colonia with its name empty, left out or too long was a 500: two rules named one field two ways.</summary>
    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    [InlineData("\"   \"")]
    [InlineData("\"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ\"")]
    public async Task a_catalogue_name_left_empty_or_too_long_is_a_400_naming_the_field(string name)
    {
        var now = service.Clock.GetUtcNow();
        var body = $$"""
            {"title":"Prueba","votingOpensAt":"{{now.AddHours(1):O}}","votingClosesAt":"{{now.AddHours(9):O}}","voterIdKind":"ClaveElector",
             "delegaciones":[{"id":"felix-osores-sotomayor","name":{{name}}}],
             "colonias":[{"id":"loma-bonita","name":{{name}},"delegacionId":"felix-osores-sotomayor"}]}
            """;
        var errors = await ErrorsOf(await _api.Staff.PostAsync("/api/jornadas", new StringContent(body, Encoding.UTF8, "application/json")));
        Assert.True(errors.TryGetProperty("delegaciones[0].name", out _), errors.GetRawText());
        Assert.True(errors.TryGetProperty("colonias[0].name", out _), errors.GetRawText());
    }

    /// <summary>A process took a colonia without id or name, a 100 KB name and a 100 KB objective, and published them.</summary>
    [Fact]
    public async Task a_process_checks_its_territory_and_calendar_as_a_jornada_does()
    {
        var process = ProcessApi.NewProcess();
        var long100k = new string('A', 100_000);
        var colonias = process.Colonias.ToList();
        colonias[0] = colonias[0] with { Id = null!, Name = long100k };
        var calendar = process.Calendar.ToList();
        calendar[1] = calendar[1] with { Objective = long100k };
        calendar[2] = calendar[2] with { Objective = "" }; // optional

        var errors = await ErrorsOf(await _api.Staff.PostAsJsonAsync("/api/processes", process with { Colonias = colonias, Calendar = calendar }, VotingApi.Json));
        foreach (var field in new[] { "colonias[0].id", "colonias[0].name", "calendar[1].objective" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors.GetRawText()}");
        Assert.False(errors.TryGetProperty("calendar[2].objective", out _));
        Assert.DoesNotContain((await VotingApi.Read<List<GobiernoAbierto.Process.ProcessSummary>>(await _api.Anonymous.GetAsync("/api/processes"))), p => p.Title == process.Title);
    }

    [Fact]
    public async Task a_feasibility_notes_field_is_as_long_as_the_consoles_and_no_longer()
    {
        var notes = new string('n', 2001);
        var errors = await ErrorsOf(await _api.Staff.PostAsJsonAsync($"/api/proposals/{Guid.NewGuid()}/feasibility", new GobiernoAbierto.Proposals.RecordFeasibilityStudy(
            new GobiernoAbierto.Proposals.Assessment(true, notes), new GobiernoAbierto.Proposals.Assessment(true, "Sí"), new GobiernoAbierto.Proposals.Assessment(true, notes), 100m,
            GobiernoAbierto.Proposals.Verdict.Viable, "Motivos"), VotingApi.Json));
        Assert.True(errors.TryGetProperty("technical.notes", out _) && errors.TryGetProperty("budget.notes", out _), errors.GetRawText());
        Assert.False(errors.TryGetProperty("legal.notes", out _));
    }

    /// <summary>A kiosk's identifier in the path that names no kiosk came back in the answer, line breaks and all.</summary>
    [Fact]
    public async Task a_kiosk_that_does_not_exist_is_named_only_when_its_identifier_could_be_one()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        async Task<string> DetailAsync(string kiosk) =>
            (await VotingApi.ExpectProblem(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{jornada.Id}/kiosks/{kiosk}/close",
                new GobiernoAbierto.Jornadas.CloseKiosk("Prueba"), VotingApi.Json), HttpStatusCode.NotFound, "not_found")).GetProperty("detail").GetString()!;

        Assert.Contains("«kiosco-7»", await DetailAsync("kiosco-7"));
        Assert.Equal("No existe un kiosco con ese identificador en esta Jornada.", await DetailAsync("kiosco%0D%0AX-Inyectado:%201"));
        Assert.DoesNotContain("AAAA", await DetailAsync(new string('A', 2000)));
    }
}
