using GobiernoAbierto.Ballots;
using Npgsql;

namespace GobiernoAbierto.Audit;

/// <summary>
/// Certifying and publishing are the IEEQ's and the municipality's word on the count, and neither can be undone: each
/// first runs the service's own verification (what `verify --database` checks) and is refused while it finds an
/// alteration. A Jornada's row edited in the database flipped the published winner while the IEEQ's desk said «No
/// certifique» and its form certified all the same (an outside auditor's).
/// </summary>
public static class VerifiedFirst
{
    /// <param name="refused">What is not done, for the sentence «No se … nada»: "certificó", "publicó".</param>
    public static async Task<Rejection?> RefusalAsync(IDocumentStore store, NpgsqlDataSource database, VotingTables tables, Guid jornadaId,
        string refused, CancellationToken cancellation)
    {
        await using var connection = await database.OpenConnectionAsync(cancellation);
        var (report, _) = await AuditRecords.VerifyStoredAsync(store, connection, tables, jornadaId, cancellation: cancellation);
        return report.Intact ? null : new Rejection("verification_failed", "La verificación del servidor encontró una alteración",
            $"{report.FirstFinding} No se {refused} nada. El IEEQ verifica la exportación, y el personal técnico revisa la base de datos " +
            "con «verify --database» antes de seguir.");
    }
}
