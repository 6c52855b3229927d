using System.Text.Json;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_a_developer_reads_the_api_reference(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await _api.Staff.GetAsync("/openapi/v1.json");
        await VotingApi.Expect(response, System.Net.HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _))
            .Select(o => (o.Name.ToUpperInvariant(), path.Name, o.Value)));

    [Fact]
    public async Task every_operation_has_a_spanish_summary_a_description_and_one_subject()
    {
        var document = await DocumentAsync();
        var subjects = ApiReference.Tags.Select(t => t.Name).ToList();

        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 50, $"Only {operations.Count} operations in the document.");
        foreach (var (method, path, operation) in operations)
        {
            var name = $"{method} {path}";
            Assert.True(operation.TryGetProperty("summary", out var summary) && summary.GetString() is { Length: > 0 }, $"{name} has no summary.");
            Assert.True(operation.TryGetProperty("description", out var description) && description.GetString() is { Length: > 0 }, $"{name} has no description.");
            var tags = operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.True(tags.Count == 1 && subjects.Contains(tags[0]!), $"{name} is filed under {string.Join(", ", tags)}.");
        }

        var cast = operations.Single(o => o.Operation.GetProperty("operationId").GetString() == "CastBallot").Operation;
        Assert.Equal("Emitir un voto", cast.GetProperty("summary").GetString());
        Assert.Equal("Votación", cast.GetProperty("tags")[0].GetString());
        Assert.Equal(subjects, document.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("GobiernoAbierto — API de la Jornada de Participación", document.GetProperty("info").GetProperty("title").GetString());
    }

    /// <summary>
    /// What a client generated from the document sends: a field the service does not ask for is not listed as required
    /// (an integrator's coloniaId, kioskId, observations), and the padrón's CSV says it is the body.
    /// </summary>
    [Fact]
    public async Task the_request_schemas_ask_for_what_the_service_asks_for()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        List<string> Required(string schema) => schemas.GetProperty(schema).TryGetProperty("required", out var required)
            ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [];

        Assert.Equal(["optionId", "voterId"], Required("CastBallot").Order());
        Assert.Equal(["reason"], Required("RequestCountersignature"));
        Assert.Equal(["sealHash"], Required("CertifyTally"));
        Assert.Contains("Debe ser true", schemas.GetProperty("CertifyTally").GetProperty("properties").GetProperty("exportVerified").GetProperty("description").GetString());

        var csv = Operations(document).Single(o => o.Operation.GetProperty("operationId").GetString() == "LoadVoterRollCsv").Operation;
        Assert.True(csv.GetProperty("requestBody").GetProperty("required").GetBoolean());
        Assert.Equal("string", csv.GetProperty("requestBody").GetProperty("content").GetProperty("text/csv").GetProperty("schema").GetProperty("type").GetString());
    }

    /// <summary>Every operation that takes a JSON body declares its 415 (JsonBodyPolicy); one that takes none, or CSV, does not.</summary>
    [Fact]
    public async Task each_operation_that_takes_json_declares_the_415_for_a_body_that_is_not()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!, o => o.Operation);
        bool Declares415(string id) => operations[id].GetProperty("responses").TryGetProperty("415", out _);

        var withJson = operations.Where(o => o.Value.TryGetProperty("requestBody", out var body)
            && body.GetProperty("content").TryGetProperty("application/json", out _)).Select(o => o.Key).ToList();
        Assert.Contains("CastBallot", withJson);
        Assert.All(withJson, id => Assert.True(Declares415(id), $"{id} takes JSON and does not declare 415."));
        Assert.False(Declares415("LoadVoterRollCsv"));
        Assert.False(Declares415("OpenJornada"));
        Assert.Contains("Content-Type: application/json", document.GetProperty("info").GetProperty("description").GetString());
    }

    /// <summary>
    /// What a client gets when it works: these answer 201 Created (CastBallot also 200, a retry's earlier receipt), and
    /// the document said 200 for all of them, as Wolverine says for any endpoint that returns an IResult.
    /// </summary>
    [Fact]
    public async Task operations_that_create_document_201_with_what_they_answer_and_no_200()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!, o => o.Operation);
        string[] creating = ["CreateJornada", "RegisterKiosk", "RequestCountersignature", "CastBallot", "StartProcess", "ConveneWorkTable",
            "SeatParticipant", "SubmitProposal", "ChooseShortlist", "CallNewJornada"];
        foreach (var id in creating)
        {
            var responses = operations[id].GetProperty("responses");
            Assert.True(responses.TryGetProperty("201", out var created), $"{id} does not document its 201.");
            Assert.Contains("$ref", created.GetRawText());
            // 200 only where a retry under its Idempotency-Key is answered with what the first request made.
            Assert.True((id is "CastBallot" or "SeatParticipant" or "SubmitProposal") == responses.TryGetProperty("200", out _),
                $"{id}: 200 documented {responses.TryGetProperty("200", out _)}.");
        }
        Assert.Contains("JornadaDetails", operations["CreateJornada"].GetProperty("responses").GetProperty("201").GetRawText());
        Assert.Contains("BallotReceipt", operations["CastBallot"].GetProperty("responses").GetProperty("200").GetRawText());
        Assert.Contains("ParticipantSeatAssigned", operations["SeatParticipant"].GetProperty("responses").GetProperty("200").GetRawText());
        Assert.Contains("ProposalCreated", operations["SubmitProposal"].GetProperty("responses").GetProperty("200").GetRawText());
        Assert.True(operations["OpenJornada"].GetProperty("responses").TryGetProperty("200", out _));
        Assert.False(operations["OpenJornada"].GetProperty("responses").TryGetProperty("201", out _));
    }

    /// <summary>
    /// What a generated client reads a success as: 50 operations gave theirs as an empty object (Wolverine's IResult), the
    /// CSV downloads as 204, the letters' ZIP and the receipt's QR as JSON, and the padrón check as 200 (an integrator).
    /// </summary>
    [Fact]
    public async Task every_success_says_what_it_answers()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!, o => o.Operation);
        foreach (var (id, operation) in operations)
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
            {
                if (response.Name == "204") continue;
                Assert.True(response.Value.TryGetProperty("content", out var content), $"{id} {response.Name} says no content.");
                foreach (var media in content.EnumerateObject())
                {
                    var schema = media.Value.GetProperty("schema").GetRawText();
                    Assert.True(schema.Contains("$ref") || schema.Contains("\"type\": \"string\"") || schema.Contains("\"type\":\"string\"")
                        || schema.Contains("\"type\": \"boolean\"") || schema.Contains("\"properties\""),
                        $"{id} {response.Name} {media.Name} has no schema a client can read: {schema}");
                }
            }

        Assert.DoesNotContain("IResult", document.GetRawText()); // Wolverine's answer type, an empty object to a client
        string[] Successes(string id) => [.. operations[id].GetProperty("responses").EnumerateObject().Select(r => r.Name).Where(n => n.StartsWith('2'))];
        string[] MediaOf(string id, string status) => [.. operations[id].GetProperty("responses").GetProperty(status).GetProperty("content").EnumerateObject().Select(m => m.Name)];
        Assert.Equal(["200"], Successes("ExportBallots"));
        Assert.Equal(["text/csv"], MediaOf("ExportBallots", "200"));
        Assert.Equal(["text/csv"], MediaOf("ExportRecord", "200"));
        Assert.Equal(["application/zip"], MediaOf("IssueVotingCodes", "200"));
        Assert.Equal(["image/svg+xml"], MediaOf("GetReceiptQrCode", "200"));
        Assert.Equal(["204"], Successes("CheckVoterRoll"));
        Assert.Contains("JornadaDetails", operations["GetJornada"].GetProperty("responses").GetProperty("200").GetRawText());
        Assert.Contains("JornadaDetails", operations["OpenJornada"].GetProperty("responses").GetProperty("200").GetRawText());
        Assert.Contains("ExportedSeal", operations["GetSeal"].GetProperty("responses").GetProperty("200").GetRawText());
    }

    /// <summary>
    /// What an integrator could not read in the document (a walk-through): the problem's stable code, the credential an
    /// operation takes and with which roles, and the 413 and 429 a client meets.
    /// </summary>
    [Fact]
    public async Task errors_carry_their_code_and_each_operation_says_the_credential_it_takes()
    {
        var document = await DocumentAsync();
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        foreach (var field in new[] { "code", "traceId", "errors", "title", "detail", "status" })
            Assert.True(problem.GetProperty("properties").TryGetProperty(field, out _), $"The problem's schema has no {field}.");
        Assert.Contains("code", problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        // Every problem a 400 may be documented as has its code too (a validation problem's schema is its own).
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var name in schemas.EnumerateObject().Where(s => s.Name.Contains("ProblemDetails")).Select(s => s.Name))
            Assert.True(schemas.GetProperty(name).GetProperty("properties").TryGetProperty("code", out _), $"{name} has no code.");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiReference.CredentialScheme);
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var operations = Operations(document).ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!, o => o.Operation);
        string[]? RolesOf(string id) => operations[id].TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().Single().GetProperty(ApiReference.CredentialScheme).EnumerateArray().Select(r => r.GetString()!).Order()]
            : null;
        Assert.Equal(["auditor", "staff"], RolesOf("GetLiveTally")!);
        Assert.Equal(["auditor"], RolesOf("CertifyTally")!);
        Assert.Equal(["credenciales"], RolesOf("IssueVotingCodes")!);
        Assert.Null(RolesOf("ListJornadas"));
        Assert.Null(RolesOf("CheckReceipt"));
        var withoutCredential = operations.Where(o => !o.Value.TryGetProperty("security", out _)).Select(o => o.Key).Order().ToList();
        Assert.True(withoutCredential.Count is > 5 and < 25, $"Public: {string.Join(", ", withoutCredential)}");

        bool Declares(string id, string status) => operations[id].GetProperty("responses").TryGetProperty(status, out _);
        Assert.True(Declares("CastBallot", "413") && Declares("CastBallot", "429"));
        Assert.True(Declares("CheckReceipt", "429"));
        Assert.True(Declares("LoadVoterRollCsv", "413"));
        Assert.True(Declares("OpenJornada", "429")); // takes a credential
        Assert.False(Declares("OpenJornada", "413")); // takes no body
        Assert.False(Declares("ListJornadas", "429") || Declares("ListJornadas", "413"));
        Assert.Contains("ProblemDetails", operations["CastBallot"].GetProperty("responses").GetProperty("429").GetRawText());
    }

    [Fact]
    public void the_table_names_no_operation_that_does_not_exist()
    {
        var sources = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "GobiernoAbierto"), "*.cs",
            SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        foreach (var id in ApiReference.Operations.Keys)
            Assert.True(sources.Any(s => s.Contains($"OperationId = \"{id}\"", StringComparison.Ordinal)), $"No endpoint has the operation id {id}.");
    }
}
