using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Process.Console;

/// <summary>The participation processes, and a new one: its territory, its plan's two axes and a date for every stage.</summary>
[Accounts.ForRoles(Roles.Staff + "," + Roles.Committee)]
public sealed class ProcessesPage(IDocumentStore store, StreamWrites writes, TimeProvider clock) : Hosting.Console.ConsolePage
{
    public sealed class StageDate
    {
        public string? PlannedOn { get; set; }
        public string Objective { get; set; } = "";
    }

    public sealed class ProcessForm
    {
        public string Title { get; set; } = "";
        public List<string> Colonias { get; set; } = [];
        public List<string> Axes { get; set; } = ["Obra pública", "Cultura de paz"];
        public List<StageDate> Calendar { get; set; } = [];
    }

    public static readonly Stage[] Planned = Enum.GetValues<Stage>().Where(s => s != Stage.Concluded).ToArray();

    [BindProperty] public ProcessForm Form { get; set; } = new();

    public IReadOnlyList<ProcessTimeline> Processes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var start = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), QueretaroTime.Zone).DateTime).AddDays(7);
        Form.Calendar = Planned.Select((_, i) => new StageDate { PlannedOn = start.AddDays(7 * i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }).ToList();
        await LoadAsync(cancellation);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        if (!User.IsInRole(Roles.Staff)) return Forbid();
        while (Form.Calendar.Count < Planned.Length) Form.Calendar.Add(new StageDate());
        var calendar = new List<CalendarEntry>();
        for (var i = 0; i < Planned.Length; i++)
        {
            if (ReadDay(Form.Calendar[i].PlannedOn, $"Form.Calendar[{i}].PlannedOn", $"Escriba la fecha de «{Planned[i].Label()}».") is { } day)
                calendar.Add(new CalendarEntry(Planned[i], day, (Form.Calendar[i].Objective ?? "").Trim()));
        }
        var (delegaciones, colonias) = Territory.ColoniaPicker.Chosen(Form.Colonias);
        if (colonias.Count == 0) ModelState.AddModelError("Form.Colonias", "Marque al menos una colonia.");
        var axes = Form.Axes.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => new Axis(Slug.From(a), a.Trim())).ToList();
        var command = new StartProcess(Form.Title ?? "", delegaciones, colonias, axes, calendar);
        Validate(command, "Form", new Dictionary<string, string>
        {
            ["delegaciones"] = "Form.Colonias", [nameof(StartProcess.Delegaciones)] = "Form.Colonias", ["colonias"] = "Form.Colonias", ["ejes"] = "Form.Axes",
            ["calendario"] = "Form.Calendar", ["título"] = "Form.Title",
        });
        // A date that could not be read says so beside it; the calendar is not, on top of that, missing a stage.
        if (calendar.Count < Planned.Length && ModelState.TryGetValue("Form.Calendar", out var calendarErrors))
            foreach (var incomplete in calendarErrors.Errors.Where(e => e.ErrorMessage == StartProcessValidator.CalendarIncomplete).ToList())
                calendarErrors.Errors.Remove(incomplete);
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        if (await writes.StartAsync<ParticipationProcess>(id, StartProcessEndpoint.Decide(command, id, Actor, now), cancellation) is { } refusal)
        {
            await LoadAsync(cancellation);
            return Refuse(refusal);
        }
        Done = $"Se inició el proceso «{command.Title.Trim()}». Convoque la primera mesa de trabajo.";
        return Redirect($"/consola/procesos/{id}");
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        Processes = await session.Query<ProcessTimeline>().OrderBy(p => p.Title).ToListAsync(cancellation);
        return true;
    }
}
