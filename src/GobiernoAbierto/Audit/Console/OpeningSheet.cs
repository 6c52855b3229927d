using Marten.Events;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Audit.Console;

/// <summary>
/// The opening as the IEEQ notes it while the vote is open: the hash of the record's opening fact (the «hash de la
/// apertura»), which fixes the whole preparation (window, kiosks, roll digest, codes) before the first ballot. Only the
/// API's audit log showed it; written down, `verify --noted` and verificar.html's «Otros hashes anotados» check it later.
/// </summary>
/// <param name="OpenedBy">Who opened the vote, as the sheet names them (AuthOptions.PublicName).</param>
public sealed record OpeningSheet(Guid JornadaId, string Title, JornadaOpened Opened, bool StillOpen = true, string OpenedBy = "")
{
    /// <summary>Null for a Jornada opened before its record was kept: its opening has no hash.</summary>
    public RecordLink? Link => Opened.Record;

    public IEnumerable<string> HashGroups => SealSheet.Groups(Link?.Hash ?? "");

    /// <summary>The opening fact as stored in the Jornada's stream (not the audit log's projection, which may trail it).</summary>
    public static async Task<OpeningSheet?> ReadAsync(IQuerySession session, Jornada jornada, Func<string, string> publicName,
        CancellationToken cancellation)
    {
        if (jornada.Status == JornadaStatus.Preparing) return null;
        // The first one by version: the stream holds every ballot too, and the audit page reads this at each visit.
        var opened = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == jornada.Id && e.EventTypesAre(typeof(JornadaOpened)))
            .OrderBy(e => e.Version).FirstOrDefaultAsync(cancellation);
        return opened?.Data is JornadaOpened data ? new OpeningSheet(jornada.Id, jornada.Title, data, jornada.Status == JornadaStatus.Open, publicName(data.OpenedBy))
            : null;
    }
}
