using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Jornadas.Console;

/// <summary>Says what opening does, and whether the rules allow it now (the decision, run without writing), before staff confirm.</summary>
[Accounts.ForRoles(Roles.Staff)]
public sealed class OpenJornadaPage(IDocumentStore store, StreamWrites writes, TimeProvider clock, IeeqPresence ieeq) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    public Jornada Jornada { get; private set; } = new();
    /// <summary>Everything that keeps it from opening now (the decision's refusals, all of them), empty when it may open.</summary>
    public IReadOnlyList<Rejection> NotYet { get; private set; } = [];

    /// <summary>
    /// Active kiosks that would take no ballot once open: not configured yet, or configured and waiting for the IEEQ's
    /// authorization (when the service has an IEEQ). Opening does not wait for them; staff are told which they are.
    /// </summary>
    public IReadOnlyList<Kiosk> KiosksNotReady { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        Jornada? opened = null;
        var refusal = await writes.DecideAsync<Jornada>(Id, async (jornada, session) =>
        {
            opened = jornada;
            return OpenJornadaEndpoint.Decide(jornada, await OpenJornadaEndpoint.LoadAsync(jornada, session, cancellation), Actor, clock.GetUtcNow());
        }, cancellation, exclusive: true);
        return await AnswerAsync(refusal, opened is null ? "" : Opened(opened, clock.GetUtcNow()), cancellation, then: $"/consola/jornadas/{Id}");
    }

    /// <summary>
    /// What staff are told once the Jornada is open. Opened ahead of its hours (at 07:30 for 08:00), nothing takes a ballot
    /// until then, and each channel is said with its own hour: online voting may start before or after the kiosks, and
    /// one hour for both told staff the kiosks took votes from the earlier one.
    /// </summary>
    public static string Opened(Jornada jornada, DateTimeOffset now)
    {
        var kiosks = jornada.VotingOpensAt;
        if (jornada.Online is not { OpensAt: var online, ClosesAt: var onlineCloses })
            return now < kiosks
                ? $"La Jornada quedó abierta; la votación empieza el {QueretaroTime.Format(kiosks)} (hora del centro de México): hasta entonces ningún kiosco recibe votos."
                : "La votación está abierta.";
        if (now >= kiosks && now >= online) return "La votación está abierta.";
        if (kiosks == online)
            return $"La Jornada quedó abierta; la votación empieza el {QueretaroTime.Format(kiosks)} (hora del centro de México): hasta entonces ningún kiosco ni la página en línea reciben votos.";
        string From(DateTimeOffset at, string already, string later) => now >= at ? already : $"{later} desde el {QueretaroTime.Format(at)}";
        // An online vote held before the kiosks' day may be over by the time the Jornada is opened for them.
        var onlineSays = now >= onlineCloses ? $"la votación en línea ya terminó, el {QueretaroTime.Format(onlineCloses)}"
            : From(online, "la página en línea ya los recibe", "la página en línea los recibe");
        return $"La Jornada quedó abierta: {From(kiosks, "los kioscos ya reciben votos", "los kioscos reciben votos")}, y {onlineSays} (hora del centro de México).";
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return false;
        Jornada = jornada;
        var authorizes = await ieeq.IsPresentAsync(cancellation);
        KiosksNotReady = jornada.Kiosks.Where(k => k.Active && (!k.Configured || (k.AwaitsAuthorization && authorizes))).ToList();
        NotYet = [.. OpenJornadaEndpoint.Blockers(jornada, await OpenJornadaEndpoint.LoadAsync(jornada, session, cancellation), clock.GetUtcNow())];
        return true;
    }
}
