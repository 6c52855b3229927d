using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Committee;
using GobiernoAbierto.Convenio;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Shortlist;
using GobiernoAbierto.Territory;
using GobiernoAbierto.WorkProgress;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Tests.Support;

/// <summary>Drives a participation process over HTTP the way municipal staff and the committee do.</summary>
public sealed class ProcessApi(VotingApi api)
{
    public static readonly Axis[] Axes =
    [
        new("combate-corrupcion", "Combate a la Corrupción y Rendición de Cuentas en Obra Pública"),
        new("cultura-de-paz", "Fortalecimiento del trabajo colaborativo con organizaciones de la Sociedad Civil para trabajar Cultura de Paz con enfoque de Derechos Humanos"),
    ];

    /// <summary>
    /// Today in Querétaro by the service's clock: what follows the publication of a test's process (convenio, sessions,
    /// reports) is dated no earlier than it, and the service dates the publication by that clock, so those dates are its today.
    /// </summary>
    public DateOnly Today => api.Today;

    public static StartProcess NewProcess() => new("Plan de prueba " + Guid.NewGuid().ToString("N")[..6],
        QueretaroTerritory.Plan2020.Delegaciones, QueretaroTerritory.Plan2020.Colonias, Axes,
        Enum.GetValues<Stage>().Where(s => s != Stage.Concluded)
            .Select((s, i) => new CalendarEntry(s, new DateOnly(2020, 10, 1).AddDays(10 * i), $"Objetivo de {s.Label()}")).ToList());

    public async Task<ProcessTimeline> StartAsync() =>
        await Created<ProcessTimeline>(await api.Staff.PostAsJsonAsync("/api/processes", NewProcess(), VotingApi.Json));

    /// <summary>A virtual table, or an in-person one meeting at place.</summary>
    public async Task<Guid> ConveneAsync(Guid processId, int number, int capacity = 9, string? place = null) =>
        (await Created<WorkTableCreated>(await api.Staff.PostAsJsonAsync($"/api/processes/{processId}/work-tables",
            new ConveneWorkTable(number, $"Mesa {number}", place is null ? TableMode.Virtual : TableMode.InPerson, capacity, DateTimeOffset.UtcNow, place),
            VotingApi.Json))).TableId;

    public Task<HttpResponseMessage> SeatAsync(Guid tableId, string name, string colonia = "loma-bonita") =>
        api.Staff.PostAsJsonAsync($"/api/work-tables/{tableId}/participants", new SeatParticipant(name, colonia), VotingApi.Json);

    public async Task<Guid> SeatedAsync(Guid tableId, string name, string colonia = "loma-bonita") =>
        (await Created<ParticipantSeatAssigned>(await SeatAsync(tableId, name, colonia))).ParticipantId;

    public Task<HttpResponseMessage> SubmitAsync(Guid tableId, Guid participantId, string title, string colonia = "loma-bonita") =>
        api.Staff.PostAsJsonAsync($"/api/work-tables/{tableId}/proposals",
            new SubmitProposal(participantId, title, $"Descripción de {title}", colonia, WorkCategory.PublicSpace, 1_500_000m), VotingApi.Json);

    public async Task<Guid> SubmittedAsync(Guid tableId, Guid participantId, string title) =>
        (await Created<ProposalCreated>(await SubmitAsync(tableId, participantId, title))).ProposalId;

    public Task<HttpResponseMessage> EndorseAsync(Guid tableId, Guid participantId, Guid proposalId) =>
        api.Staff.PostAsJsonAsync($"/api/work-tables/{tableId}/endorsements", new EndorseProposal(participantId, proposalId), VotingApi.Json);

    public Task<HttpResponseMessage> StudyAsync(Guid proposalId, bool viable, decimal cost = 1_200_000m)
    {
        var assessment = new Assessment(viable, viable ? "Sin impedimentos." : "El predio no es municipal.");
        return api.Staff.PostAsJsonAsync($"/api/proposals/{proposalId}/feasibility", new RecordFeasibilityStudy(
            assessment, new Assessment(true, "Sin impedimentos."), new Assessment(true, "Cabe en el presupuesto."), cost,
            viable ? Verdict.Viable : Verdict.NotViable, viable ? "Factible." : "No factible por el predio."), VotingApi.Json);
    }

    public Task<HttpResponseMessage> AdvanceAsync(Guid processId, Stage to) =>
        api.Staff.PostAsJsonAsync($"/api/processes/{processId}/stage", new AdvanceStage(to), VotingApi.Json);

    public async Task AdvancedAsync(Guid processId, Stage to) => await VotingApi.Expect(await AdvanceAsync(processId, to), HttpStatusCode.OK);

    public Task<HttpResponseMessage> ShortlistAsync(Guid processId, IReadOnlyList<Guid>? ids = null, Guid? jornadaId = null) =>
        api.Staff.PostAsJsonAsync($"/api/processes/{processId}/shortlist", new ChooseShortlist(ids, DateTimeOffset.UtcNow.AddHours(-1),
            DateTimeOffset.UtcNow.AddHours(6), JornadaId: jornadaId), VotingApi.Json);

    /// <summary>
    /// A process taken to its Jornada the shortest way: one table where one author presents two proposals, both studied
    /// viable at this cost, chosen as the finalists in that order (option A the first), the process at its Jornada
    /// stage. The Jornada's window defaults to the shortlist's (opened an hour ago, closing in six hours).
    /// </summary>
    public async Task<ProcessAtJornada> AtJornadaAsync(string first = "Cancha", string second = "Alumbrado",
        decimal cost = 1_200_000m, DateTimeOffset? opens = null, DateTimeOffset? closes = null)
    {
        var (id, table, a, b) = await BeforeShortlistAsync(first, second, cost);
        var shortlist = new ChooseShortlist([a, b], opens ?? DateTimeOffset.UtcNow.AddHours(-1), closes ?? DateTimeOffset.UtcNow.AddHours(6));
        var jornada = (await Created<ShortlistResult>(await api.Staff.PostAsJsonAsync($"/api/processes/{id}/shortlist", shortlist, VotingApi.Json))).JornadaId;
        await AdvancedAsync(id, Stage.Jornada);
        return new ProcessAtJornada(id, table, a, b, jornada);
    }

    /// <summary>
    /// A process at its second work table, the finalists not chosen yet: one table where one author presented two
    /// proposals, both studied viable at this cost.
    /// </summary>
    public async Task<(Guid Id, Guid Table, Guid First, Guid Second)> BeforeShortlistAsync(string first = "Cancha", string second = "Alumbrado",
        decimal cost = 1_200_000m)
    {
        var id = (await StartAsync()).Id;
        var table = await ConveneAsync(id, 1);
        var author = await SeatedAsync(table, "Autora");
        var (a, b) = (await SubmittedAsync(table, author, first), await SubmittedAsync(table, author, second));
        await AdvancedAsync(id, Stage.SecondWorkTable);
        foreach (var p in new[] { a, b }) await VotingApi.Expect(await StudyAsync(p, viable: true, cost), HttpStatusCode.OK);
        return (id, table, a, b);
    }

    /// <summary>The IEEQ certifies a closed Jornada's tally through the API, with the seal's final hash as it reads it.</summary>
    public async Task CertifyAsync(Guid jornadaId)
    {
        var seal = await VotingApi.Read<ExportedSeal>(await api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await api.Auditor.PostAsJsonAsync($"/api/jornadas/{jornadaId}/certification",
            new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));
    }

    /// <summary>
    /// A process past its Jornada with one progress report, whose evidence is as the sample plan's: a document's SHA-256
    /// and a public link, each one long unbroken word on a page. The Jornada took one ballot for A at its kiosk, IEEQ
    /// certified it, staff published it, the process is at the convenio.
    /// </summary>
    public async Task<ProcessTimeline> WithProgressReportAsync()
    {
        var process = await AtJornadaAsync();
        var kiosk = api.Kiosk(await api.RegisterKioskAsync(process.JornadaId));
        await api.OpenAsync(process.JornadaId);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, process.JornadaId, Voters.UniqueClave(), "A"));
        await api.CloseAsync(process.JornadaId);
        await CertifyAsync(process.JornadaId);
        await VotingApi.Read<JornadaDetails>(await api.Staff.PostAsync($"/api/jornadas/{process.JornadaId}/publication", null));
        await AdvancedAsync(process.Id, Stage.Convenio);
        await VotingApi.Expect(await api.Staff.PostAsJsonAsync($"/api/processes/{process.Id}/work-progress", new ReportWorkProgress(
            Today, 35, 420_000m,
            [
                new Evidence("Bitácora de obra firmada", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("bitácora"u8)), null),
                new Evidence("Fotografías de la obra", null, "https://obras.queretaro.example/plan-accion-2020-2021/avance-febrero"),
            ], "Avance según bitácora."), VotingApi.Json), HttpStatusCode.OK);
        return await VotingApi.Read<ProcessTimeline>(await api.Anonymous.GetAsync($"/api/processes/{process.Id}"));
    }

    public Task<HttpResponseMessage> SignConvenioAsync(Guid processId) =>
        api.Staff.PostAsJsonAsync($"/api/processes/{processId}/convenio", new SignConvenio(Today,
        [
            new ConvenioParty("Municipio de Querétaro", "Municipio"),
            new ConvenioParty("Instituto Electoral del Estado de Querétaro", "IEEQ"),
            new ConvenioParty("Representante de las delegaciones", "Habitantes"),
            new ConvenioParty("Infoqro", "Órgano garante de transparencia"),
        ], "Convenio de Colaboración para el Plan de Acción Municipal 2020-2021", new string('c', 64)), VotingApi.Json);

    public RecordCommitteeSession Session(int number, IReadOnlyList<AgreementUpdate>? updates = null, IReadOnlyList<SessionMember>? members = null) =>
        new(number, Today,
            members ?? [new(RecordCommitteeSessionEndpoint.Presidente, "Presidente"), new(RecordCommitteeSessionEndpoint.Vocal, "Vocal"),
                new(RecordCommitteeSessionEndpoint.SecretariaTecnica, "Secretaria Técnica")],
            ["Secretaría de Obras Públicas", "Fundación Merced"],
            [new AgendaItem("combate-corrupcion", "Avance de la obra"), new AgendaItem("cultura-de-paz", "Mesas con la sociedad civil")],
            $"Minuta de la sesión {number}.",
            [new NewAgreement($"Publicar el avance de la obra (sesión {number})", "combate-corrupcion", "Secretaría de Obras Públicas", null)],
            updates ?? []);

    public Task<HttpResponseMessage> RecordSessionAsync(Guid processId, RecordCommitteeSession session) =>
        api.Committee.PostAsJsonAsync($"/api/processes/{processId}/committee-sessions", session, VotingApi.Json);

    public static async Task<T> Created<T>(HttpResponseMessage response)
    {
        await VotingApi.Expect(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<T>(VotingApi.Json))!;
    }
}

/// <summary>What ProcessApi.AtJornadaAsync made: the process, its table, the two finalists (A, then B) and the Jornada.</summary>
public sealed record ProcessAtJornada(Guid Id, Guid TableId, Guid First, Guid Second, Guid JornadaId);
