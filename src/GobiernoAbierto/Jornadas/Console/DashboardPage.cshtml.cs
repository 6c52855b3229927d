using GobiernoAbierto.Tally;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Jornadas.Console;

/// <summary>
/// The live dashboard while the vote is open: who voted, where, how, and when; never the running count per project
/// (on a screen in an office it would travel, and the public must not see it before the seal).
/// </summary>
[Accounts.ForRoles(Roles.StaffOrAuditor)]
public sealed class DashboardPage(IDocumentStore store, TimeProvider clock, IeeqPresence ieeq,
    Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService health) : Hosting.Console.ConsolePage
{
    public sealed record Bar(string Label, long Value, double X, double Height);

    [FromRoute]
    public Guid Id { get; set; }

    public Jornada Jornada { get; private set; } = new();
    public JornadaTally Tally { get; private set; } = new();
    public IReadOnlyList<TurnoutBucket> Timeline { get; private set; } = [];
    public IReadOnlyDictionary<string, DateTimeOffset> LastSeen { get; private set; } = new Dictionary<string, DateTimeOffset>();
    public IReadOnlyDictionary<string, KioskPaceRefusals> PaceRefusals { get; private set; } = new Dictionary<string, KioskPaceRefusals>();

    /// <summary>"hace 2 min (14:05)", "hace menos de un minuto (14:05)", or that the kiosk has not called yet.</summary>
    public string LastSeenText(string kioskId) => LastSeen.TryGetValue(kioskId, out var at)
        ? $"{Ago((int)(ReadAt - at).TotalMinutes)} ({QueretaroTime.Format(at)[11..]})"
        : "sin señal todavía";

    /// <summary>The kiosk should be taking ballots and has been silent too long (KioskSignal).</summary>
    public bool IsSilent(Kiosk kiosk) =>
        KioskSignal.IsSilent(Jornada, kiosk, LastSeen.TryGetValue(kiosk.Id, out var at) ? at : null, ReadAt, IeeqAuthorizesKiosks);

    private bool IeeqAuthorizesKiosks { get; set; } = true;

    /// <summary>
    /// Why the service cannot record a vote now although the database answers this page's reads (a standby after a
    /// failover, a read-only setting, the schema missing): readiness's own words, or null. Without it every kiosk turned
    /// «Sin señal» at once (their sign of life is a write) and nothing on the screen said why.
    /// </summary>
    public string? CannotRecordVotesBecause { get; private set; }

    /// <summary>
    /// A silent kiosk's flag, in words: «Sin señal desde las 22:10» (the day too when it was another day), or, never
    /// heard from, «Sin señal (no se ha comunicado)».
    /// </summary>
    public string SilentSince(string kioskId)
    {
        if (!LastSeen.TryGetValue(kioskId, out var at)) return "Sin señal (no se ha comunicado)";
        var (seen, now) = (QueretaroTime.Format(at), QueretaroTime.Format(ReadAt));
        return seen[..10] == now[..10] ? $"Sin señal desde las {seen[11..]}" : $"Sin señal desde el {seen[..10]} a las {seen[11..]}";
    }

    /// <summary>How long ago a silent kiosk last called: " (hace 47 min)", or nothing when it never has.</summary>
    public string SilentFor(string kioskId) => LastSeen.TryGetValue(kioskId, out var at) ? $" ({Ago((int)(ReadAt - at).TotalMinutes)})" : "";

    private static string Ago(int minutes) => minutes < 1 ? "hace menos de un minuto" : $"hace {minutes} min";
    public DateTimeOffset ReadAt { get; private set; }

    public const double ChartWidth = 720, ChartHeight = 200;

    /// <summary>The timeline as bars of an SVG chart, each quarter hour one bar, the tallest at full height.</summary>
    public IReadOnlyList<Bar> Bars
    {
        get
        {
            if (Timeline.Count == 0) return [];
            var max = Math.Max(1, Timeline.Max(b => b.People));
            var width = ChartWidth / Timeline.Count;
            var labels = QuarterLabels(Timeline);
            return Timeline.Select((b, i) => new Bar(labels[i], b.People, i * width, b.People * (ChartHeight - 20) / max)).ToList();
        }
    }

    /// <summary>Each quarter hour in Querétaro's time: "17:00", or "18/10 17:00" when they fall on more than one day.</summary>
    public static IReadOnlyList<string> QuarterLabels(IReadOnlyList<TurnoutBucket> timeline)
    {
        var local = timeline.Select(b => QueretaroTime.Format(b.Start)).ToList();
        var severalDays = local.Select(l => l[..10]).Distinct().Count() > 1;
        return local.Select(l => severalDays ? $"{l[..5]} {l[11..]}" : l[11..]).ToList();
    }

    /// <summary>A coordinate as SVG reads it, whatever the server's culture.</summary>
    public static string N(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An SVG text element (Razor reserves the text tag); the label is encoded.</summary>
    public static string AxisLabel(double x, double y, string label) =>
        $"<text x=\"{x.ToString(System.Globalization.CultureInfo.InvariantCulture)}\" y=\"{y.ToString(System.Globalization.CultureInfo.InvariantCulture)}\" " +
        $"text-anchor=\"middle\">{System.Net.WebUtility.HtmlEncode(label)}</text>";

    public string ColoniaName(string id) => Jornada.Territory.Colonias.FirstOrDefault(c => c.Id == id)?.Name ?? id;
    public string DelegacionName(string id) => Jornada.Territory.Delegaciones.FirstOrDefault(d => d.Id == id)?.Name ?? id;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return NotFound();
        Jornada = jornada;
        Tally = JornadaTally.Of(jornada);
        Timeline = (await session.LoadAsync<TurnoutTimeline>(Id, cancellation))?.Buckets ?? [];
        LastSeen = (await session.Query<KioskHeartbeat>().Where(h => h.JornadaId == Id).ToListAsync(cancellation)).ToDictionary(h => h.KioskId, h => h.SeenAt);
        PaceRefusals = await KioskPaceRefusals.OfAsync(session, Id, cancellation);
        ReadAt = clock.GetUtcNow();
        IeeqAuthorizesKiosks = await ieeq.IsPresentAsync(cancellation);
        if (jornada.Status is JornadaStatus.Preparing or JornadaStatus.Open)
        {
            var readiness = await health.CheckHealthAsync(check => check.Name == Hosting.DatabaseReadiness.Name, cancellation);
            CannotRecordVotesBecause = readiness.Entries.TryGetValue(Hosting.DatabaseReadiness.Name, out var database)
                && database.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                    // Readiness's own sentences; anything else (a connection's error, which may name the server) stays in the log,
                    // as /health/ready keeps it from whoever is not staff.
                    ? database.Description is Hosting.DatabaseReadiness.ReadOnly or Hosting.DatabaseReadiness.InRecovery
                        || database.Description?.StartsWith("Falta el esquema", StringComparison.Ordinal) == true
                        ? database.Description
                        : "La base de datos no responde."
                    : null;
        }
        return Page();
    }
}
