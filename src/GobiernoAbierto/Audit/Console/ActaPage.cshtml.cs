using Marten.Events;
using GobiernoAbierto.Jornadas;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Audit.Console;

[Accounts.ForRoles(Roles.StaffOrAuditor)]
public sealed class ActaPage(IDocumentStore store, Microsoft.Extensions.Options.IOptionsMonitor<Hosting.AuthOptions> credentials) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    public SealSheet? Sheet { get; private set; }
    public TallyCertified? Certified { get; private set; }

    /// <summary>Who certified, as the acta names them (AuthOptions.PublicName).</summary>
    public string CertifiedBy => Certified is { } certified ? credentials.CurrentValue.PublicName(certified.CertifiedBy) : "";

    /// <summary>Why this Jornada exists, when it was called after an earlier one of its process, and that one's title.</summary>
    public JornadaCalledAgain? CalledAgain { get; private set; }
    public string? EarlierTitle { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return NotFound();
        Sheet = await AuditRecords.ReadSealAsync(session, Id, cancellation) is { } seal ? SealSheet.Of(seal, jornada, credentials.CurrentValue.PublicName, noted: true) : null;
        Certified = (await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamId == Id && e.EventTypesAre(typeof(TallyCertified))).ToListAsync(cancellation))
            .Select(e => e.Data).OfType<TallyCertified>().LastOrDefault();
        if (jornada.EarlierJornadaId is { } earlierId)
        {
            CalledAgain = (await session.Events.QueryAllRawEvents()
                    .Where(e => e.StreamId == Id && e.EventTypesAre(typeof(JornadaCalledAgain))).ToListAsync(cancellation))
                .Select(e => e.Data).OfType<JornadaCalledAgain>().FirstOrDefault();
            EarlierTitle = (await session.LoadAsync<Jornada>(earlierId, cancellation))?.Title;
        }
        return Page();
    }
}
