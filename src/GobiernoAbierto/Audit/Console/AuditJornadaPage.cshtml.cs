using System.Text.Json;
using GobiernoAbierto.Jornadas;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Audit.Console;

/// <summary>
/// One Jornada at the IEEQ's desk: the seal, the export to download, the service's own verification in plain words,
/// the independent verifier (verificar.html, in the auditor's browser), certification, the audit log by person.
/// </summary>
[Accounts.ForRoles(Roles.Auditor)]
public sealed class AuditJornadaPage(IDocumentStore store, StreamWrites writes, TimeProvider clock) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>Show only what this person did (the audit log's "by").</summary>
    [FromQuery(Name = "quien")]
    public string? Actor_ { get; set; }

    [BindProperty] public string? Observations { get; set; }
    [BindProperty] public bool Compared { get; set; }

    public Jornada Jornada { get; private set; } = new();
    public SealSheet? Sheet { get; private set; }
    public AuditLog? Log { get; private set; }
    public VerificationReport? Verification { get; private set; }

    public IEnumerable<AuditEntry> Entries => (Log?.Entries ?? []).Where(e => string.IsNullOrEmpty(Actor_) || e.By == Actor_);
    public IEnumerable<string> Actors => (Log?.Entries ?? []).Select(e => e.By).Distinct().Order();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation) ? Page() : NotFound();

    /// <summary>The same check as `verify --database`, run by the service on its own store.</summary>
    public async Task<IActionResult> OnGetVerificationAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        await using var session = store.QuerySession();
        var ballots = new List<ExportedBallot>();
        await foreach (var b in AuditRecords.ReadBallotsAsync(session, Id, cancellation)) ballots.Add(b);
        Verification = ChainVerifier.Verify(Id, ballots, Sheet?.Seal);
        return Page();
    }

    public async Task<IActionResult> OnGetBallotsAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is null) return NotFound();
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"boletas-{Id}.csv\"";
        await using var writer = new StreamWriter(Response.Body, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        await writer.WriteLineAsync(AuditRecords.CsvHeader);
        await foreach (var ballot in AuditRecords.ReadBallotsAsync(session, Id, cancellation))
            await writer.WriteLineAsync(AuditRecords.ToCsvLine(ballot));
        return new EmptyResult();
    }

    public async Task<IActionResult> OnGetSealAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await AuditRecords.ReadSealAsync(session, Id, cancellation) is not { } seal) return NotFound();
        return File(JsonSerializer.SerializeToUtf8Bytes(seal, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }),
            "application/json", $"sello-{Id}.json");
    }

    public async Task<IActionResult> OnPostCertifyAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        if (!Compared)
        {
            ModelState.AddModelError(nameof(Compared), "Confirme que comparó el hash final con el que anotó al cierre.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var command = new CertifyTally(Sheet?.Seal.FinalHash ?? "", Observations);
        if (!Validate(command, "", new Dictionary<string, string> { [nameof(CertifyTally.Observations)] = nameof(Observations) })) return Page();
        var refusal = await writes.DecideAsync<Jornada>(Id, j => CertifyTallyEndpoint.Decide(j, command, Actor, clock.GetUtcNow()), cancellation);
        if (refusal is not null) return Refuse(refusal);
        Done = "Certificó el cómputo. El personal municipal ya puede publicar el proyecto elegido.";
        return Redirect($"/consola/auditoria/{Id}/acta");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return false;
        Jornada = jornada;
        Sheet = await AuditRecords.ReadSealAsync(session, Id, cancellation) is { } seal ? new SealSheet(seal, jornada.Options) : null;
        Log = await session.LoadAsync<AuditLog>(Id, cancellation);
        return true;
    }
}
