using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Tests.Support;

/// <summary>Drives the service over HTTP the way the kiosk, the portal, staff and IEEQ do.</summary>
public sealed class VotingApi(ServiceHost service)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public HttpClient Staff { get; } = service.Client(ServiceFixture.StaffToken);
    public HttpClient Auditor { get; } = service.Client(ServiceFixture.AuditorToken);
    public HttpClient Portal { get; } = service.Client(ServiceFixture.VoterPortalToken);
    public HttpClient Committee { get; } = service.Client(ServiceFixture.CommitteeToken);
    public HttpClient Anonymous { get; } = service.Client();
    public HttpClient Kiosk(string token) => service.Client(token);

    public static CreateJornada NewJornada(DateTimeOffset now, TimeSpan? opensIn = null, TimeSpan? closesIn = null,
        VoterIdKind kind = VoterIdKind.ClaveElector) =>
        new("Jornada de prueba " + Guid.NewGuid().ToString("N")[..6], now + (opensIn ?? TimeSpan.FromHours(-1)),
            now + (closesIn ?? TimeSpan.FromHours(8)), kind, QueretaroTerritory.Plan2020.Delegaciones, QueretaroTerritory.Plan2020.Colonias);

    public static readonly SetBallotOptions TwoWorks = new([
        new BallotOptionInput("Cancha de usos múltiples", "Rehabilitar la cancha", 2_400_000m),
        new BallotOptionInput("Banquetas y alumbrado", "Banquetas accesibles y luminarias", 1_850_000m),
    ]);

    public async Task<JornadaDetails> CreateAsync(CreateJornada command)
    {
        var response = await Staff.PostAsJsonAsync("/api/jornadas", command, Json);
        await Expect(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JornadaDetails>(Json))!;
    }

    public async Task SetOptionsAsync(Guid id, SetBallotOptions? options = null) =>
        await Expect(await Staff.PutAsJsonAsync($"/api/jornadas/{id}/options", options ?? TwoWorks, Json), HttpStatusCode.OK);

    public async Task<string> RegisterKioskAsync(Guid id, string kioskId = "kiosco-1")
    {
        var response = await Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks",
            new RegisterKiosk(kioskId, $"Kiosco {kioskId}", "Oficinas de la delegación"), Json);
        await Expect(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<KioskRegistration>(Json))!.Credential;
    }

    public async Task OpenAsync(Guid id) => await Expect(await Staff.PostAsync($"/api/jornadas/{id}/open", null), HttpStatusCode.OK);

    public async Task CloseAsync(Guid id) => await Expect(await Staff.PostAsync($"/api/jornadas/{id}/close", null), HttpStatusCode.OK);

    /// <summary>A Jornada open for voting now, with the Querétaro territory, two works and one kiosk.</summary>
    public async Task<(Guid Id, string KioskToken)> OpenJornadaAsync(DateTimeOffset now)
    {
        var jornada = await CreateAsync(NewJornada(now));
        await SetOptionsAsync(jornada.Id);
        var kiosk = await RegisterKioskAsync(jornada.Id);
        await OpenAsync(jornada.Id);
        return (jornada.Id, kiosk);
    }

    public static Task<HttpResponseMessage> VoteAsync(HttpClient client, Guid jornadaId, string voterId, string option = "A",
        string colonia = "loma-bonita", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jornadas/{jornadaId}/ballots")
        {
            Content = JsonContent.Create(new CastBallot(voterId, colonia, option), options: Json),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    public static async Task<string> ReceiptOf(HttpResponseMessage response)
    {
        await Expect(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<BallotReceipt>(Json))!.Receipt;
    }

    public static async Task<T> Read<T>(HttpResponseMessage response)
    {
        await Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
            Assert.Fail($"Expected {(int)status} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts an RFC 7807 answer: status, machine-readable code, a Spanish title and detail.</summary>
    public static async Task<JsonElement> ExpectProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
