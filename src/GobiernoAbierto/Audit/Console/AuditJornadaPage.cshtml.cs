using GobiernoAbierto.Jornadas;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Audit.Console;

/// <summary>
/// One Jornada at the IEEQ's desk: the seal, the export to download, the service's own verification in plain words,
/// the independent verifier (verificar.html, in the auditor's browser), certification, the audit log by person.
/// </summary>
[Accounts.ForRoles(Roles.Auditor)]
public sealed class AuditJornadaPage(IDocumentStore store, StreamWrites writes, Npgsql.NpgsqlDataSource database,
    GobiernoAbierto.Ballots.VotingTables tables, TimeProvider clock, Microsoft.Extensions.Options.IOptionsMonitor<Hosting.AuthOptions> credentials) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>Show only what this person did (the audit log's "by").</summary>
    [FromQuery(Name = "quien")]
    public string? Actor_ { get; set; }

    [BindProperty] public string? Observations { get; set; }

    /// <summary>The hash the auditor noted at the close, typed back from their paper: the service compares it (CertifyTally).</summary>
    [BindProperty] public string? SealHash { get; set; }
    /// <summary>The auditor declares what the acta says they did (verified the export); certifying cannot be undone.</summary>
    [BindProperty] public bool CertifyConfirmed { get; set; }
    [BindProperty] public Guid RequestId { get; set; }
    [BindProperty] public string? AnswerReason { get; set; }
    [BindProperty] public bool AnswerConfirmed { get; set; }
    [BindProperty] public string? WithdrawReason { get; set; }
    [BindProperty] public string? KioskId { get; set; }
    [BindProperty] public string? Fingerprint { get; set; }

    public Jornada Jornada { get; private set; } = new();

    /// <summary>When the page was read: an open Jornada before or after its hours is not «Votación abierta».</summary>
    public DateTimeOffset ReadAt => clock.GetUtcNow();
    public SealSheet? Sheet { get; private set; }
    public OpeningSheet? Opening { get; private set; }
    public AuditLog? Log { get; private set; }
    public IReadOnlyDictionary<string, KioskPaceRefusals> PaceRefusals { get; private set; } = new Dictionary<string, KioskPaceRefusals>();
    public AuditVerification? Verification { get; private set; }

    public IEnumerable<AuditEntry> Entries => (Log?.Entries ?? []).Where(e => string.IsNullOrEmpty(Actor_) || e.By == Actor_);
    /// <summary>
    /// The log's opening line («Abrió la votación»): the entry at the opening fact's place in the record. Its hash, stored
    /// with the entry, is the one the constancia de apertura prints, so the log is matched against the signed sheet.
    /// </summary>
    public string? OpeningHashOf(AuditEntry entry) =>
        Opening?.Link is { } link && entry.RecordPosition == link.Position ? entry.RecordHash : null;

    /// <summary>
    /// Kiosks never authorized with ballots in the chain: only possible while the service had no IEEQ at all
    /// (IeeqPresence). The desk says so; the IEEQ decides before certifying.
    /// </summary>
    public static IEnumerable<(Kiosk Kiosk, long Ballots)> UnauthorizedBallots(Jornada jornada) =>
        jornada.Kiosks.Where(k => k.AwaitsAuthorization && jornada.ByKiosk.GetValueOrDefault(k.Id) > 0)
            .Select(k => (k, jornada.ByKiosk[k.Id]));

    public IEnumerable<string> Actors => (Log?.Entries ?? []).Select(e => e.By).Distinct().Order();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation) ? Page() : NotFound();

    /// <summary>The same check as `verify --database` and the API's: ballot chain, the Jornada's record, the store around them.</summary>
    public async Task<IActionResult> OnGetVerificationAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        await using var connection = await database.OpenConnectionAsync(cancellation);
        (Verification, _) = await AuditRecords.VerifyStoredAsync(store, connection, tables, Id, cancellation: cancellation);
        return Page();
    }

    public Task<IActionResult> OnGetBallotsAsync(CancellationToken cancellation) =>
        DownloadAsync($"boletas-{Id}.csv", AuditEndpoints.WriteBallotsAsync, cancellation, sealedOnly: true);

    public Task<IActionResult> OnGetRecordAsync(CancellationToken cancellation) =>
        DownloadAsync($"registro-{Id}.csv", AuditEndpoints.WriteRecordAsync, cancellation);

    /// <param name="sealedOnly">The ballots: offered once the urn is sealed (the page shows their link only then).</param>
    private async Task<IActionResult> DownloadAsync(string name, Func<IQuerySession, Guid, Stream, CancellationToken, Task> write, CancellationToken cancellation,
        bool sealedOnly = false)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada || (sealedOnly && jornada.Seal is null)) return NotFound();
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await write(session, Id, Response.Body, cancellation);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnGetSealAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await AuditRecords.ReadSealAsync(session, Id, cancellation) is not { } seal) return NotFound();
        return File(seal.ToFile(), "application/json", $"sello-{Id}.json");
    }

    public Task<IActionResult> OnPostGrantAsync(CancellationToken cancellation) =>
        AnswerAsync((j, answer) => CountersignEndpoint.Grant(j, RequestId, answer, Actor, clock.GetUtcNow()), "Otorgó la contrafirma.", cancellation);

    public Task<IActionResult> OnPostDenyAsync(CancellationToken cancellation) =>
        AnswerAsync((j, answer) => CountersignEndpoint.Deny(j, RequestId, answer, Actor, clock.GetUtcNow()), "Negó la contrafirma.", cancellation);

    public static string WithdrawGrantReasonId(Guid requestId) => $"retirar-contrafirma-{requestId}";

    /// <summary>
    /// The IEEQ withdraws a grant of its own not used yet (CountersignEndpoint.WithdrawGrant), with a reason: granted by
    /// mistake, or the situation changed, it no longer waits two hours to expire. Exclusive, as ballots may be committing.
    /// </summary>
    public async Task<IActionResult> OnPostWithdrawGrantAsync(CancellationToken cancellation)
    {
        var command = new WithdrawCountersignature(WithdrawReason ?? "");
        if (!Validate(command, nameof(WithdrawCountersignature),
                new Dictionary<string, string> { [nameof(WithdrawCountersignature.Reason)] = WithdrawGrantReasonId(RequestId) }))
            return await InvalidAsync(cancellation);
        var what = "";
        return await AnswerAsync(await writes.DecideAsync<Jornada>(Id, j =>
            {
                what = j.FindCountersignature(RequestId) is { } request ? Countersignatures.Describe(request) : "";
                return CountersignEndpoint.WithdrawGrant(j, RequestId, command, Actor, clock.GetUtcNow());
            }, cancellation, exclusive: true),
            $"Retiró la contrafirma del IEEQ para {what}: ya no sirve, y el personal tendría que solicitarla de nuevo.", cancellation,
            then: $"/consola/auditoria/{Id}");
    }

    /// <summary>Grant or deny, with a reason (CountersignEndpoint): never the person who asked; exclusive, as ballots may be committing.</summary>
    private async Task<IActionResult> AnswerAsync(Func<Jornada, CountersignatureAnswer, Decision> decide, string done, CancellationToken cancellation)
    {
        var answer = new CountersignatureAnswer(AnswerReason ?? "");
        var reasonMissing = string.IsNullOrWhiteSpace(answer.Reason) || answer.Reason.Length > 1000;
        if (reasonMissing || !AnswerConfirmed)
        {
            if (!await LoadAsync(cancellation)) return NotFound();
            if (reasonMissing)
                ModelState.AddModelError($"answer-{RequestId}", "Escriba el motivo de su respuesta (hasta 1,000 caracteres): queda en la bitácora.");
            if (!AnswerConfirmed)
                ModelState.AddModelError($"confirm-{RequestId}", "Confirme su respuesta: una negativa no se deshace, y una contrafirma otorgada solo se puede retirar mientras no se use.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var refusal = await writes.DecideAsync<Jornada>(Id, j => decide(j, answer), cancellation, exclusive: true);
        return await AnswerAsync(refusal, done, cancellation, then: $"/consola/auditoria/{Id}");
    }

    /// <summary>The auditor, in front of the kiosk, types the fingerprint its screen shows (AuthorizeKioskEndpoint); exclusive, as ballots may be committing.</summary>
    public async Task<IActionResult> OnPostAuthorizeKioskAsync(CancellationToken cancellation)
    {
        var command = new AuthorizeKiosk(Fingerprint ?? "");
        var field = $"fingerprint-{KioskId}";
        if (!Validate(command, "", new Dictionary<string, string> { [nameof(AuthorizeKiosk.Fingerprint)] = field })) return await InvalidAsync(cancellation);
        var beforeHours = false;
        var afterHours = false;
        var name = KioskId;
        var refusal = await writes.DecideAsync<Jornada>(Id, j =>
        {
            beforeHours = j.Status == JornadaStatus.Preparing || clock.GetUtcNow() < j.VotingOpensAt;
            afterHours = clock.GetUtcNow() >= j.VotingClosesAt;
            name = j.FindKiosk(KioskId)?.Name ?? KioskId;
            return AuthorizeKioskEndpoint.Decide(j, KioskId ?? "", command.Fingerprint, Actor, clock.GetUtcNow());
        }, cancellation, exclusive: true);
        var done = beforeHours ? "recibirá votos en cuanto empiece la votación" : afterHours ? "el horario de los kioscos ya terminó" : "desde ahora recibe votos";
        return await AnswerAsync(refusal, $"Autorizó el kiosco «{name}»: {done}; su pantalla lo muestra en unos segundos.", cancellation,
            field: refusal?.Code == AuthorizeKioskEndpoint.FingerprintMismatch.Code ? field : null);
    }

    public async Task<IActionResult> OnPostCertifyAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        // Before the close there is no seal to compare: the rules say the Jornada is not sealed, not that a hash is missing.
        if (Sheet is null)
            return Refuse(CertifyTallyEndpoint.Decide(Jornada, new CertifyTally("", Observations), Actor, clock.GetUtcNow()).Rejection ?? Rejection.NotFound("el sello de esta Jornada"));
        // The hash the auditor typed, never one the page fills in: the acta says it was compared with what they noted.
        var command = new CertifyTally(SealHash ?? "", Observations, ExportVerified: CertifyConfirmed);
        if (!CertifyConfirmed)
        {
            ModelState.AddModelError(nameof(CertifyConfirmed), "Confirme que verificó la exportación: el acta lo declara, y certificar no se puede deshacer.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        if (!Validate(command, "", new Dictionary<string, string>
            {
                [nameof(CertifyTally.SealHash)] = nameof(SealHash), [nameof(CertifyTally.Observations)] = nameof(Observations),
                [nameof(CertifyTally.ExportVerified)] = nameof(CertifyConfirmed),
            }) || !CertifyConfirmed) return Page();
        var refusal = await VerifiedFirst.RefusalAsync(store, database, tables, Id, "certificó", cancellation)
            ?? await writes.DecideAsync<Jornada>(Id, j => CertifyTallyEndpoint.Decide(j, command, Actor, clock.GetUtcNow()), cancellation,
                exclusive: true);
        if (refusal is not null)
            return await LoadAsync(cancellation) ? Refuse(refusal, refusal.Code == "seal_mismatch" ? nameof(SealHash) : null) : NotFound();
        Done = PublishChosenProjectEndpoint.NothingToPublish(Outcome.From(Jornada.Seal!.Counts)) is { } nothing
            ? $"Certificó el cómputo. {nothing.Detail}"
            : "Certificó el cómputo. El personal municipal ya puede publicar el proyecto elegido.";
        return Redirect($"/consola/auditoria/{Id}/acta");
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return false;
        Jornada = jornada;
        Sheet = await AuditRecords.ReadSealAsync(session, Id, cancellation) is { } seal ? SealSheet.Of(seal, jornada, credentials.CurrentValue.PublicName) : null;
        Opening = await OpeningSheet.ReadAsync(session, jornada, credentials.CurrentValue.PublicName, cancellation);
        Log = await session.LoadAsync<AuditLog>(Id, cancellation);
        PaceRefusals = await KioskPaceRefusals.OfAsync(session, Id, cancellation);
        return true;
    }
}
