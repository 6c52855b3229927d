using GobiernoAbierto.Jornadas;
using Marten.Events.Aggregation;

namespace GobiernoAbierto.Audit;

public sealed record AuditEntry(DateTimeOffset At, string By, string Action);

/// <summary>
/// Every human action on a Jornada, who and when, for the IEEQ: an asynchronous projection kept by the daemon
/// (it may trail the event store by a moment; the ballots themselves are audited from the chain, not from here).
/// </summary>
public sealed record AuditLog(Guid Id, IReadOnlyList<AuditEntry> Entries);

public sealed class AuditLogProjection : SingleStreamProjection<AuditLog, Guid>
{
    public static AuditLog Create(JornadaCreated e) =>
        new(e.JornadaId, [new(e.CreatedAt, e.CreatedBy, $"Creó la Jornada «{e.Title}» (votación del {e.VotingOpensAt:u} al {e.VotingClosesAt:u}, {e.Colonias.Count} colonias)")]);

    public static AuditLog Apply(BallotOptionsSet e, AuditLog log) =>
        Add(log, e.SetAt, e.SetBy, $"Fijó la boleta ({(e.Source == "shortlist" ? "desde la terna de las mesas" : "a mano")}): " +
            string.Join("; ", e.Options.Select(o => $"{o.Id}. {o.Title} ({Money.Format(o.EstimatedCost)})")));

    public static AuditLog Apply(KioskRegistered e, AuditLog log) =>
        Add(log, e.RegisteredAt, e.RegisteredBy, $"Registró el kiosco «{e.KioskId}» ({e.Name}, {e.Location})");

    public static AuditLog Apply(KioskClosed e, AuditLog log) => Add(log, e.ClosedAt, e.ClosedBy, $"Cerró el kiosco «{e.KioskId}»");

    public static AuditLog Apply(VoterRollLoaded e, AuditLog log) =>
        Add(log, e.LoadedAt, e.LoadedBy, $"Cargó el padrón: {e.Entries} personas (huella {e.RollDigest})");

    public static AuditLog Apply(JornadaOpened e, AuditLog log) => Add(log, e.OpenedAt, e.OpenedBy, "Abrió la votación");

    public static AuditLog Apply(JornadaClosed e, AuditLog log) =>
        Add(log, e.ClosedAt, e.ClosedBy, $"Cerró y selló la votación: {e.Seal.BallotCount} boletas, sello {e.Seal.FinalHash}");

    public static AuditLog Apply(TallyCertified e, AuditLog log) =>
        Add(log, e.CertifiedAt, e.CertifiedBy, $"Certificó el cómputo con el sello {e.SealHash}" + (e.Observations is { Length: > 0 } o ? $". Observaciones: {o}" : ""));

    public static AuditLog Apply(ChosenProjectPublished e, AuditLog log) =>
        Add(log, e.PublishedAt, e.PublishedBy, $"Publicó el proyecto elegido: {e.OptionId}. {e.Title}");

    private static AuditLog Add(AuditLog log, DateTimeOffset at, string by, string action) =>
        log with { Entries = [.. log.Entries, new AuditEntry(at, by, action)] };
}
