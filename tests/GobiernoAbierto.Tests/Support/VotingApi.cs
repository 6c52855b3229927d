using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Tests.Support;

/// <summary>A Jornada open at its kiosk and online, and each voter's voting code.</summary>
public sealed record OnlineJornada(Guid Id, string KioskToken, IReadOnlyDictionary<string, string> Codes);

/// <summary>The letters' CSV inside the ZIP the credential authority downloads: folio → voting code.</summary>
public static class LetterCsv
{
    public static Dictionary<int, string> Read(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry("cartas.csv")!.Open());
        var header = reader.ReadLine()!.Split(',');
        int folio = Array.IndexOf(header, "folio"), code = Array.IndexOf(header, "codigo_de_votacion");
        var codes = new Dictionary<int, string>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var fields = line.Split(',');
            codes[int.Parse(fields[folio])] = fields[code];
        }
        return codes;
    }

    public static string Text(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry("cartas.csv")!.Open());
        return reader.ReadToEnd();
    }
}

/// <summary>Drives the service over HTTP the way the kiosk, the portal, staff and IEEQ do.</summary>
public sealed class VotingApi(ServiceHost service)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public HttpClient Staff { get; } = service.Client(ServiceFixture.StaffToken);
    public HttpClient Auditor { get; } = service.Client(ServiceFixture.AuditorToken);
    public HttpClient Portal { get; } = service.Client(ServiceFixture.VoterPortalToken);
    public HttpClient Committee { get; } = service.Client(ServiceFixture.CommitteeToken);
    public HttpClient CredentialAuthority { get; } = service.Client(ServiceFixture.CredentialAuthorityToken);
    public HttpClient Anonymous { get; } = service.Client();
    public HttpClient Kiosk(string token) => service.Client(token);

    /// <summary>Today in Querétaro by the service's clock (the one it dates a publication by; a test may have moved it on).</summary>
    public DateOnly Today => QueretaroTime.Today(service.Clock.GetUtcNow());

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

    /// <summary>
    /// Registers a kiosk as staff (with the vote open that needs the IEEQ's countersignature, which the test auditor grants
    /// first), configures its device as the kiosk page does (the device's own credential, the one that votes) and has the
    /// test auditor authorize it with the fingerprint the device shows.
    /// </summary>
    public async Task<string> RegisterKioskAsync(Guid id, string kioskId = "kiosco-1")
    {
        var (device, activation) = await ConfigureKioskAsync(id, await RegisterKioskLinkAsync(id, kioskId));
        await Read<KioskAuthorization>(await AuthorizeKioskAsync(id, kioskId, activation.Fingerprint));
        return device;
    }

    /// <summary>What the kiosk page does with its configuration link: exchanges it, once, for the device's own credential.</summary>
    public async Task<(string Device, KioskActivation Activation)> ConfigureKioskAsync(Guid id, KioskRegistration registration)
    {
        var device = KioskCredential.NewToken();
        var activation = await Read<KioskActivation>(await ActivateKioskAsync(registration.Credential, id, registration.KioskId, device));
        return (device, activation);
    }

    /// <summary>The test auditor types <paramref name="fingerprint"/> for the kiosk, as an IEEQ observer in front of it does.</summary>
    public Task<HttpResponseMessage> AuthorizeKioskAsync(Guid id, string kioskId, string fingerprint) =>
        Auditor.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/{kioskId}/authorization", new AuthorizeKiosk(fingerprint), Json);

    /// <summary>The link <paramref name="link"/> exchanged for <paramref name="device"/>, the credential the device made.</summary>
    public Task<HttpResponseMessage> ActivateKioskAsync(string link, Guid id, string kioskId, string device) =>
        Kiosk(link).PostAsJsonAsync($"/api/jornadas/{id}/kiosks/{kioskId}/activation", new ActivateKiosk(device), Json);

    /// <summary>The kiosk the helpers register under this id: its name and place.</summary>
    public static RegisterKiosk KioskOf(string kioskId) => new(kioskId, $"Kiosco {kioskId}", "Oficinas de la delegación");

    /// <summary>A request to register the kiosk <see cref="KioskOf"/> gives, with the vote open: its id, name and place.</summary>
    public static RequestCountersignature KioskCountersignature(string kioskId, string reason) =>
        new(CountersignedAction.RegisterKiosk, kioskId, reason, KioskOf(kioskId).Name, KioskOf(kioskId).Location);

    /// <summary>Registers a kiosk as staff, as <see cref="RegisterKioskAsync"/> does, and leaves it unconfigured: its configuration link.</summary>
    public async Task<KioskRegistration> RegisterKioskLinkAsync(Guid id, string kioskId = "kiosco-1")
    {
        var kiosk = KioskOf(kioskId);
        var response = await Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks", kiosk, Json);
        if (response.StatusCode == HttpStatusCode.Conflict && (await response.Content.ReadAsStringAsync()).Contains("\"countersignature_required\""))
        {
            await CountersignAsync(id, KioskCountersignature(kioskId, "Kiosco de reemplazo de la prueba."));
            response = await Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks", kiosk, Json);
        }
        await Expect(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<KioskRegistration>(Json))!;
    }

    public async Task OpenAsync(Guid id) => await Expect(await Staff.PostAsync($"/api/jornadas/{id}/open", null), HttpStatusCode.OK);

    /// <summary>
    /// Closes the Jornada as staff. Before its window ends that needs the IEEQ's countersignature: staff ask for it and
    /// the test auditor grants it first, as the two of them would on the day.
    /// </summary>
    public async Task CloseAsync(Guid id)
    {
        var response = await Staff.PostAsync($"/api/jornadas/{id}/close", null);
        if (response.StatusCode == HttpStatusCode.Conflict && (await response.Content.ReadAsStringAsync()).Contains("\"countersignature_required\""))
        {
            await CountersignAsync(id, new RequestCountersignature(CountersignedAction.CloseEarly, null, "Cierre anticipado de la prueba."));
            response = await Staff.PostAsync($"/api/jornadas/{id}/close", null);
        }
        await Expect(response, HttpStatusCode.OK);
    }

    /// <summary>Staff ask for a countersignature and the test auditor grants it; the granted request.</summary>
    public async Task<CountersignatureView> CountersignAsync(Guid id, RequestCountersignature request, string reason = "Visto bueno del IEEQ.")
    {
        var asked = await RequestCountersignatureAsync(id, request);
        return await Read<CountersignatureView>(await Auditor.PostAsJsonAsync(
            $"/api/jornadas/{id}/countersignatures/{asked.RequestId}/grant", new CountersignatureAnswer(reason), Json));
    }

    public async Task<CountersignatureView> RequestCountersignatureAsync(Guid id, RequestCountersignature request)
    {
        var response = await Staff.PostAsJsonAsync($"/api/jornadas/{id}/countersignatures", request, Json);
        await Expect(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<CountersignatureView>(Json))!;
    }

    /// <summary>A Jornada open for voting now, with the Querétaro territory, two works and one kiosk.</summary>
    public async Task<(Guid Id, string KioskToken)> OpenJornadaAsync(DateTimeOffset now)
    {
        var jornada = await CreateAsync(NewJornada(now));
        await SetOptionsAsync(jornada.Id);
        var kiosk = await RegisterKioskAsync(jornada.Id);
        await OpenAsync(jornada.Id);
        return (jornada.Id, kiosk);
    }

    /// <summary>
    /// A Jornada open now at its kiosk and online: these voters on its roll (each with the colonia coloniaOf gives, by
    /// the voter's index), their voting codes issued by the credential authority and read from the letters' CSV, and
    /// the test clock moved past the start of online voting (codes are issued before it). Online voting ends with the
    /// kiosks, 8 hours from now, or onlineClosesIn from now.
    /// </summary>
    public async Task<OnlineJornada> OpenOnlineJornadaAsync(IReadOnlyList<string> voters, Func<int, string>? coloniaOf = null,
        VoterIdKind kind = VoterIdKind.ClaveElector, TimeSpan? onlineClosesIn = null)
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await CreateAsync(NewJornada(now, kind: kind));
        await SetOptionsAsync(jornada.Id);
        var kiosk = await RegisterKioskAsync(jornada.Id);
        await Expect(await Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now.AddMinutes(1), now + (onlineClosesIn ?? TimeSpan.FromHours(8))), Json), HttpStatusCode.OK);
        await LoadRollCsvAsync(jornada.Id, voters, coloniaOf, kind);
        var codes = await IssueCodesAsync(jornada.Id);
        service.Clock.Offset += TimeSpan.FromMinutes(2);
        await OpenAsync(jornada.Id);
        return new OnlineJornada(jornada.Id, kiosk, voters.Select((v, i) => (v, codes[i + 2])).ToDictionary(x => x.v, x => x.Item2));
    }

    /// <summary>
    /// A Jornada open now online, as <see cref="OpenOnlineJornadaAsync"/> gives, whose one kiosk is configured on its
    /// device and still waits for the IEEQ's authorization (it takes no ballot yet): its device's credential and the
    /// fingerprint the test auditor types to authorize it (<see cref="AuthorizeKioskAsync"/>).
    /// </summary>
    public async Task<(OnlineJornada Jornada, string Fingerprint)> OpenOnlineJornadaAwaitingItsKioskAsync(IReadOnlyList<string> voters)
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await CreateAsync(NewJornada(now));
        await SetOptionsAsync(jornada.Id);
        var (device, activation) = await ConfigureKioskAsync(jornada.Id, await RegisterKioskLinkAsync(jornada.Id));
        await Expect(await Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now.AddMinutes(1), jornada.VotingClosesAt), Json), HttpStatusCode.OK);
        await LoadRollCsvAsync(jornada.Id, voters);
        var codes = await IssueCodesAsync(jornada.Id);
        service.Clock.Offset += TimeSpan.FromMinutes(2);
        await OpenAsync(jornada.Id);
        return (new OnlineJornada(jornada.Id, device, voters.Select((v, i) => (v, codes[i + 2])).ToDictionary(x => x.v, x => x.Item2)),
            activation.Fingerprint);
    }

    /// <summary>
    /// A Jornada still being prepared whose letters went out: online voting opens in two days, these voters on its roll
    /// and their codes issued (what a resident holds before the vote; staff may still withdraw it).
    /// </summary>
    public async Task<OnlineJornada> AnnouncedOnlineJornadaAsync(IReadOnlyList<string> voters, string? title = null)
    {
        var now = service.Clock.GetUtcNow();
        var (opens, closes) = (now + TimeSpan.FromDays(2), now + TimeSpan.FromDays(2) + TimeSpan.FromHours(8));
        var command = NewJornada(now, opensIn: opens - now, closesIn: closes - now);
        var jornada = await CreateAsync(title is null ? command : command with { Title = title });
        await SetOptionsAsync(jornada.Id);
        await Expect(await Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting", new EnableOnlineVoting(opens, closes), Json),
            HttpStatusCode.OK);
        await LoadRollCsvAsync(jornada.Id, voters);
        var codes = await IssueCodesAsync(jornada.Id);
        return new OnlineJornada(jornada.Id, "", voters.Select((v, i) => (v, codes[i + 2])).ToDictionary(x => x.v, x => x.Item2));
    }

    /// <summary>
    /// A Jornada in preparation whose channels keep their own hours: the kiosks' from kiosksOpenIn, for 8 hours; online
    /// voting in its own window, its letters issued (kiosco-1 registered and set up when kiosk is true).
    /// </summary>
    public async Task<JornadaDetails> ChannelHoursJornadaAsync(TimeSpan kiosksOpenIn, TimeSpan onlineOpensIn, TimeSpan onlineClosesIn, bool kiosk = true)
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await CreateAsync(NewJornada(now, opensIn: kiosksOpenIn, closesIn: kiosksOpenIn + TimeSpan.FromHours(8)));
        await SetOptionsAsync(jornada.Id);
        if (kiosk) await RegisterKioskAsync(jornada.Id);
        await Expect(await Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(now + onlineOpensIn, now + onlineClosesIn), Json), HttpStatusCode.OK);
        await LoadRollCsvAsync(jornada.Id, [Voters.UniqueClave()]);
        await IssueCodesAsync(jornada.Id);
        return jornada;
    }

    public async Task LoadRollCsvAsync(Guid jornadaId, IReadOnlyList<string> voters, Func<int, string>? coloniaOf = null,
        VoterIdKind kind = VoterIdKind.ClaveElector) =>
        await Expect(await Staff.PutAsync($"/api/jornadas/{jornadaId}/voter-roll/csv", new StringContent(
            (kind == VoterIdKind.Curp ? "curp" : "clave_elector") + ",colonia\n" + string.Concat(voters.Select((v, i) => $"{v},{coloniaOf?.Invoke(i) ?? "loma-bonita"}\n")),
            System.Text.Encoding.UTF8, "text/csv")), HttpStatusCode.OK);

    /// <summary>Issues the codes as the credential authority; the letters' CSV maps each folio (the roll's line) to its code.</summary>
    public async Task<Dictionary<int, string>> IssueCodesAsync(Guid jornadaId)
    {
        var response = await CredentialAuthority.PostAsync($"/api/jornadas/{jornadaId}/voting-codes", null);
        await Expect(response, HttpStatusCode.OK);
        return LetterCsv.Read(await response.Content.ReadAsByteArrayAsync());
    }

    public static Task<HttpResponseMessage> VoteOnlineAsync(HttpClient client, Guid jornadaId, string voterId, string? votingCode,
        string option = "A", string? idempotencyKey = null) =>
        SendBallotAsync(client, jornadaId, new CastBallot(voterId, null, option, votingCode), idempotencyKey);

    public static Task<HttpResponseMessage> VoteAsync(HttpClient client, Guid jornadaId, string voterId, string option = "A",
        string colonia = "loma-bonita", string? idempotencyKey = null) =>
        SendBallotAsync(client, jornadaId, new CastBallot(voterId, colonia, option), idempotencyKey);

    private static Task<HttpResponseMessage> SendBallotAsync(HttpClient client, Guid jornadaId, CastBallot ballot, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jornadas/{jornadaId}/ballots")
        {
            Content = JsonContent.Create(ballot, options: Json),
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

    /// <summary>
    /// Each answer as "201" when it succeeded, else its status and problem code ("409 already_certified"): for requests
    /// sent at the same moment, whose answers are compared as a whole.
    /// </summary>
    public static async Task<string[]> Outcomes(IEnumerable<HttpResponseMessage> answers) =>
        await Task.WhenAll(answers.Select(async a => a.IsSuccessStatusCode ? ((int)a.StatusCode).ToString()
            : $"{(int)a.StatusCode} {JsonDocument.Parse(await a.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()}"));

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
