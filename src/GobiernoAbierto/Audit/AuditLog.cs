using GobiernoAbierto.Process;
using GobiernoAbierto.Jornadas;
using Marten.Events.Aggregation;

namespace GobiernoAbierto.Audit;

/// <summary>
/// An IEEQ countersignature as the audit log shows it: who asked and why, who countersigned and why, and who withdrew it
/// and why (WithdrawnBy, WithdrawalReason); Status Used once the action used it.
/// </summary>
public sealed record AuditCountersignature(Guid RequestId, string What, string RequestedBy, string RequestReason, string? DecidedBy,
    string? DecisionReason, CountersignatureStatus Status)
{
    public string? WithdrawnBy { get; init; }
    public string? WithdrawalReason { get; init; }
    /// <summary>Withdrawn by an IEEQ auditor (its own grant), not by staff.</summary>
    public bool WithdrawnByIeeq { get; init; }
}

/// <summary>
/// One action. RecordPosition and RecordHash: the fact's place in the Jornada's record and its hash, which the IEEQ may
/// write down (at the opening, for instance) and hand to `verify --noted` later.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string By, string Action)
{
    public long? RecordPosition { get; init; }
    public string? RecordHash { get; init; }
    public AuditCountersignature? Countersignature { get; init; }
}

/// <summary>
/// Every human action on a Jornada, who and when, for the IEEQ: an asynchronous projection kept by the daemon
/// (it may trail the event store by a moment; the ballots are audited from their chain and the actions from the
/// Jornada's record, not from here). Countersignatures: every request to the IEEQ and where it stands.
/// </summary>
public sealed record AuditLog(Guid Id, IReadOnlyList<AuditEntry> Entries)
{
    public IReadOnlyList<AuditCountersignature> Countersignatures { get; init; } = [];

    /// <summary>An online window was set before: a later one is a change of its hours.</summary>
    public bool OnlineWindowSet { get; init; }

    /// <summary>Each kiosk's name by its id, so that later entries name it as the tables do.</summary>
    public IReadOnlyDictionary<string, string> KioskNames { get; init; } = new Dictionary<string, string>();
}

public sealed class AuditLogProjection : SingleStreamProjection<AuditLog, Guid>
{

    public static AuditLog Create(JornadaCreated e) =>
        new(e.JornadaId, [Entry(e, e.CreatedAt, e.CreatedBy,
            $"Creó la Jornada «{e.Title}» (votación del {QueretaroTime.Format(e.VotingOpensAt)} al {QueretaroTime.Format(e.VotingClosesAt)}, " +
            $"hora del centro de México; {Counted.Of(e.Colonias.Count, "colonia", "colonias")})")]);

    public static AuditLog Apply(JornadaCalledAgain e, AuditLog log) =>
        Add(log, e, e.CalledAt, e.CalledBy, $"Convocó esta Jornada porque la Jornada {e.EarlierJornadaId} del proceso no eligió proyecto " +
            $"({CallNewJornadaEndpoint.OutcomeLabel(e.EarlierOutcome).ToLowerInvariant()}); su registro quedó en el evento {e.EarlierRecordPosition}, " +
            $"hash {e.EarlierRecordHash}");

    public static AuditLog Apply(BallotOptionsSet e, AuditLog log) =>
        Add(log, e, e.SetAt, e.SetBy, $"Fijó la boleta ({(e.Source == "shortlist" ? "desde las dos propuestas finalistas de las mesas" : "a mano")}): " +
            string.Join("; ", e.Options.Select(o => $"{o.Id}. {o.Title} ({Money.Format(o.EstimatedCost)})")));

    public static AuditLog Apply(KioskRegistered e, AuditLog log)
    {
        var countersigned = Used(Find(log, e.Countersignature));
        log = Updated(log, countersigned) with { KioskNames = new Dictionary<string, string>(log.KioskNames) { [e.KioskId] = e.Name } };
        return Add(log, e, e.RegisteredAt, e.RegisteredBy, $"Registró el kiosco «{e.KioskId}» ({e.Name}, {e.Location})" +
            (countersigned is null ? "" : $" con la votación abierta, con la contrafirma del IEEQ de {countersigned.DecidedBy} (motivo: {countersigned.DecisionReason})"),
            countersigned);
    }

    public static AuditLog Apply(KioskActivated e, AuditLog log) => Add(log, e, e.ActivatedAt, $"enlace del kiosco {e.KioskId}",
        $"Un equipo abrió el enlace de configuración del kiosco «{e.KioskId}» y lo cambió por una credencial propia: el enlace ya no sirve, " +
        "y solo quien tiene esa credencial vota como ese kiosco (compare la hora con la de su instalación)");

    public static AuditLog Apply(KioskAuthorized e, AuditLog log) => Add(log, e, e.AuthorizedAt, e.AuthorizedBy,
        $"Autorizó el kiosco «{e.KioskId}» frente al equipo, con la huella que mostraba su pantalla: desde entonces recibe votos");

    public static AuditLog Apply(KioskClosed e, AuditLog log) => Add(log, e, e.ClosedAt, e.ClosedBy,
        $"Cerró el kiosco «{e.KioskId}»{(log.KioskNames.TryGetValue(e.KioskId, out var name) ? $" ({name})" : "")}: ya no recibe votos" +
        (e.Reason is null ? "" : $". Motivo: {e.Reason}"));

    public static AuditLog Apply(VoterRollLoaded e, AuditLog log) =>
        Add(log, e, e.LoadedAt, e.LoadedBy, $"Cargó el padrón: {Counted.Of(e.Entries, "persona", "personas")} (huella {e.RollDigest})");

    private const string OnlineEnabled = "Habilitó la votación en línea del ";

    // A log stored before OnlineWindowSet existed has it false: its entries say whether a window was set.
    public static AuditLog Apply(OnlineChannelEnabled e, AuditLog log) =>
        Add(log, e, e.EnabledAt, e.EnabledBy,
            (log.OnlineWindowSet || log.Entries.Any(x => x.Action.StartsWith(OnlineEnabled, StringComparison.Ordinal))
                ? "Cambió el horario de la votación en línea: del " : OnlineEnabled) +
            $"{QueretaroTime.Format(e.OpensAt)} al {QueretaroTime.Format(e.ClosesAt)} (hora del centro de México)") with { OnlineWindowSet = true };

    public static AuditLog Apply(VotingCodesIssued e, AuditLog log) =>
        Add(log, e, e.IssuedAt, e.IssuedBy, e.Again
            ? $"Emitió de nuevo los {e.Codes} códigos de votación de todo el padrón; los de las cartas anteriores dejan de servir (huella de sus verificadores {e.VerifiersDigest})"
            : $"Emitió {e.Codes} códigos de votación (huella de sus verificadores {e.VerifiersDigest})");

    public static AuditLog Apply(VotingCodeReissued e, AuditLog log) =>
        Add(log, e, e.ReissuedAt, e.ReissuedBy, $"Emitió de nuevo la carta del folio {e.Folio?.ToString() ?? "sin folio"} (revoca el código anterior). Motivo: {e.Reason}");

    public static AuditLog Apply(CountersignatureRequested e, AuditLog log)
    {
        var request = new AuditCountersignature(e.RequestId, Countersignatures.Describe(e.Action, e.KioskId, e.KioskName, e.KioskLocation), e.RequestedBy, e.Reason, null, null,
            CountersignatureStatus.Requested);
        return Add(log with { Countersignatures = [.. log.Countersignatures, request] }, e, e.RequestedAt, e.RequestedBy,
            $"Solicitó la contrafirma del IEEQ para {request.What}. Motivo: {e.Reason}", request);
    }

    public static AuditLog Apply(CountersignatureGranted e, AuditLog log) =>
        Decided(log, e, e.RequestId, CountersignatureStatus.Granted, e.GrantedBy, e.Reason, e.GrantedAt, "Otorgó");

    public static AuditLog Apply(CountersignatureDenied e, AuditLog log) =>
        Decided(log, e, e.RequestId, CountersignatureStatus.Denied, e.DeniedBy, e.Reason, e.DeniedAt, "Negó");

    public static AuditLog Apply(CountersignatureWithdrawn e, AuditLog log)
    {
        // Who granted it, if anyone, stays: the withdrawal is said in its own entry.
        var request = Find(log, e.RequestId) is { } asked
            ? asked with { Status = CountersignatureStatus.Withdrawn, WithdrawnBy = e.WithdrawnBy, WithdrawalReason = e.Reason, WithdrawnByIeeq = e.ByIeeq }
            : null;
        var updated = Updated(log, request);
        return Add(updated, e, e.WithdrawnAt, e.WithdrawnBy, request is null
            ? $"Retiró {(e.ByIeeq ? "como IEEQ " : "")}una solicitud de contrafirma ({e.RequestId}) que no consta. Motivo: {e.Reason}"
            : e.ByIeeq
            ? $"Retiró, por el IEEQ, la contrafirma para {request.What}" +
              (request.DecidedBy is null ? "" : $" que había otorgado {request.DecidedBy}") + $", solicitada por {request.RequestedBy}: ya no sirve. Motivo: {e.Reason}"
            : $"Retiró la solicitud de contrafirma para {request.What}" + (request.DecidedBy is null
                ? ": el IEEQ ya no tiene que responderla"
                : $", cuya contrafirma había otorgado {request.DecidedBy}: esa contrafirma ya no sirve") + $". Motivo: {e.Reason}",
            request);
    }

    public static AuditLog Apply(JornadaOpened e, AuditLog log) => Add(log, e, e.OpenedAt, e.OpenedBy, "Abrió la votación");

    public static AuditLog Apply(JornadaWithdrawn e, AuditLog log) =>
        Add(log, e, e.WithdrawnAt, e.WithdrawnBy, $"Retiró la Jornada antes de abrir la votación: ya no se vota. Motivo: {e.Reason}");

    public static AuditLog Apply(JornadaClosed e, AuditLog log)
    {
        var countersigned = Used(Find(log, e.Countersignature));
        return Add(Updated(log, countersigned), e, e.ClosedAt, e.ClosedBy, $"Cerró y selló la votación: {Counted.Of(e.Seal.BallotCount, "boleta", "boletas")}, hash final de las boletas {e.Seal.FinalHash}" +
            (e.Record is { } link ? $", sello del registro {link.Hash}" : "") +
            (countersigned is null ? "" : $". Antes de terminar el horario, con la contrafirma del IEEQ de {countersigned.DecidedBy} (motivo: {countersigned.DecisionReason})"),
            countersigned);
    }

    public static AuditLog Apply(TallyCertified e, AuditLog log) =>
        // The fact before the certification is the close (the record's rules allow nothing between them): its hash is the
        // sello del registro, the one the seal sheet asks everyone to write down. The event itself names the ballots' final hash
        // (never called «sello»: that word is the record's, the one to note).
        Add(log, e, e.CertifiedAt, e.CertifiedBy, "Certificó el cómputo: " +
            (e.Record is { } link ? $"sello del registro {link.PreviousHash} (hash final de las boletas {e.SealHash})" : $"hash final de las boletas {e.SealHash}") +
            (e.Noted is { } noted ? $"; escribió {CertifyTallyEndpoint.NotedLabel(noted)} que anotó al cierre y coincidió" : "") +
            (e.Observations is { Length: > 0 } o ? $". Observaciones: {o}" : ""));

    public static AuditLog Apply(ChosenProjectPublished e, AuditLog log) =>
        Add(log, e, e.PublishedAt, e.PublishedBy, $"Publicó el proyecto elegido: {e.OptionId}. {e.Title}");

    private static AuditLog Decided(AuditLog log, JornadaRecordEvent e, Guid requestId, CountersignatureStatus status, string by, string reason,
        DateTimeOffset at, string verb)
    {
        var request = Find(log, requestId) is { } asked ? asked with { DecidedBy = by, DecisionReason = reason, Status = status } : null;
        return Add(Updated(log, request), e, at, by, request is null
            ? $"{verb} una contrafirma ({requestId}) que nadie solicitó. Motivo: {reason}"
            : $"{verb} la contrafirma del IEEQ para {request.What}, solicitada por {request.RequestedBy}. Motivo: {reason}", request);
    }

    private static AuditCountersignature? Used(AuditCountersignature? countersignature) =>
        countersignature is null ? null : countersignature with { Status = CountersignatureStatus.Used };

    /// <summary>The log with this request as it now stands in its list of countersignatures.</summary>
    private static AuditLog Updated(AuditLog log, AuditCountersignature? request) => request is null ? log
        : log with { Countersignatures = log.Countersignatures.Select(c => c.RequestId == request.RequestId ? request : c).ToList() };

    private static AuditCountersignature? Find(AuditLog log, Guid? requestId) =>
        requestId is { } id ? log.Countersignatures.FirstOrDefault(c => c.RequestId == id) : null;

    private static AuditEntry Entry(JornadaRecordEvent e, DateTimeOffset at, string by, string action, AuditCountersignature? countersignature = null) =>
        new(at, by, action) { RecordPosition = e.Record?.Position, RecordHash = e.Record?.Hash, Countersignature = countersignature };

    private static AuditLog Add(AuditLog log, JornadaRecordEvent e, DateTimeOffset at, string by, string action, AuditCountersignature? countersignature = null) =>
        log with { Entries = [.. log.Entries, Entry(e, at, by, action, countersignature)] };
}
