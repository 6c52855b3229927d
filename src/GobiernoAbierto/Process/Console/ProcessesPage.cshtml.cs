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
        /// <summary>
        /// The new process's identifier, fixed when the form is drawn: the form sent again (Back, then «Iniciar el
        /// proceso») finds the process it started instead of starting a second, identical one.
        /// </summary>
        public Guid? ProcessId { get; set; }
        public string Title { get; set; } = "";
        public List<string> Colonias { get; set; } = [];
        public List<string> Axes { get; set; } = ["Obra pública", "Cultura de paz"];
        public List<StageDate> Calendar { get; set; } = [];
    }

    public static readonly Stage[] Planned = Enum.GetValues<Stage>().Where(s => s != Stage.Concluded).ToArray();

    [BindProperty] public ProcessForm Form { get; set; } = new();

    public IReadOnlyList<ProcessTimeline> Processes { get; private set; } = [];

    /// <summary>Said on the process the form had already started.</summary>
    public const string AlreadyStarted = "Este proceso ya se había iniciado: el formulario se envió otra vez y no se inició otro.";

    /// <summary>Said on the process the form had already started, when it came back changed (Back, an edit, sent again).</summary>
    public const string AlreadyStartedOtherwise =
        "Este proceso ya se había iniciado con este formulario: se envió otra vez con cambios, que no se guardaron (el título, las colonias, los ejes y el calendario se fijan al iniciar) y no se inició otro. " +
        "Para iniciar un proceso distinto, abra «Plan de Acción» de nuevo.";

    /// <summary>
    /// The list, and for staff the form for the process <paramref name="proceso"/> will be. Without one, the address gets
    /// one first: Back after «Iniciar el proceso» returns to this address, so the form is drawn again for the same process,
    /// and a browser that puts back what was typed sends it to the process it started (a field of the form alone would be
    /// drawn anew: browsers put back typed fields, never hidden ones). As the new-Jornada page does.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(Guid? proceso, CancellationToken cancellation)
    {
        if (User.IsInRole(Roles.Staff) && (proceso is not { } drawn || drawn == Guid.Empty))
            return Redirect($"/consola/procesos?proceso={Guid.CreateVersion7(clock.GetUtcNow())}");
        Form.ProcessId = proceso;
        var start = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), QueretaroTime.Zone).DateTime).AddDays(7);
        Form.Calendar = Planned.Select((_, i) => new StageDate { PlannedOn = start.AddDays(7 * i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }).ToList();
        await LoadAsync(cancellation);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        if (!User.IsInRole(Roles.Staff)) return Forbid(Accounts.ConsoleSignIn.Scheme); // the console's «para otro rol» page, not the API's JSON
        while (Form.Calendar.Count < Planned.Length) Form.Calendar.Add(new StageDate());
        var calendar = new List<CalendarEntry>();
        for (var i = 0; i < Planned.Length; i++)
        {
            if (ReadDay(Form.Calendar[i].PlannedOn, $"Form.Calendar[{i}].PlannedOn", $"Escriba la fecha de «{Planned[i].Label()}».") is { } day)
                calendar.Add(new CalendarEntry(Planned[i], day, (Form.Calendar[i].Objective ?? "").Trim()));
        }
        var (delegaciones, colonias) = Territory.ColoniaPicker.Chosen(Form.Colonias);
        if (colonias.Count == 0) ModelState.AddModelError("Form.Colonias", "Marque al menos una colonia.");
        // An axis left empty is asked for beside its own field, not as «El plan tiene exactamente dos ejes» over both.
        for (var i = 0; i < 2; i++)
            if (string.IsNullOrWhiteSpace(Form.Axes.ElementAtOrDefault(i))) ModelState.AddModelError($"Form.Axes[{i}]", $"Escriba el nombre del eje {i + 1}.");
        var axes = Form.Axes.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => new Axis(Slug.From(a), a.Trim())).ToList();
        var now = clock.GetUtcNow();
        // A request that did not come from the form (or whose identifier did not bind) gets one now, as the API does.
        Form.ProcessId = Form.ProcessId is { } drawn && drawn != Guid.Empty ? drawn : Guid.CreateVersion7(now);
        var id = Form.ProcessId.Value;
        var command = new StartProcess(Form.Title ?? "", delegaciones, colonias, axes, calendar, id);
        // Sent before: whatever the form says now, the process it started is the answer.
        if (await ExistingAsync(command, id, now, cancellation) is { } answer) return answer;
        Validate(command, "Form", new Dictionary<string, string>
        {
            ["delegaciones"] = "Form.Colonias", [nameof(StartProcess.Delegaciones)] = "Form.Colonias", ["colonias"] = "Form.Colonias", ["ejes"] = "Form.Axes",
            ["calendario"] = "Form.Calendar", ["título"] = "Form.Title",
        });
        // A date that could not be read says so beside it; the calendar is not, on top of that, missing a stage.
        if (calendar.Count < Planned.Length && ModelState.TryGetValue("Form.Calendar", out var calendarErrors))
            foreach (var incomplete in calendarErrors.Errors.Where(e => e.ErrorMessage == StartProcessValidator.CalendarIncomplete).ToList())
                calendarErrors.Errors.Remove(incomplete);
        if (Form.Axes.Take(2).Any(string.IsNullOrWhiteSpace)) ModelState.Remove("Form.Axes"); // said beside the empty one
        if (!ModelState.IsValid) return await InvalidAsync(cancellation);
        Rejection? refusal;
        try
        {
            refusal = await writes.StartAsync<ParticipationProcess>(id, StartProcessEndpoint.Decide(command, id, Actor, now), cancellation);
        }
        catch (Exception lost) when (Hosting.ProblemExceptionHandler.IsLostRace(lost))
        {
            // The same form sent twice at once: the other sending started it a moment ago.
            if (await ExistingAsync(command, id, now, cancellation) is { } started) return started;
            refusal = StartProcessEndpoint.IdTaken(id);
        }
        if (refusal is not null)
        {
            await LoadAsync(cancellation);
            return Refuse(refusal);
        }
        Done = $"Se inició el proceso «{command.Title.Trim()}». Convoque la primera mesa de trabajo.";
        return Redirect($"/consola/procesos/{id}");
    }

    /// <summary>
    /// The process this form already started, to go to (saying whether what was sent now differed); a refusal when the
    /// identifier names some other record; null when nothing stands under it.
    /// </summary>
    private async Task<IActionResult?> ExistingAsync(StartProcess command, Guid id, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var (existing, taken) = await StartProcessEndpoint.FindAsync(session, id, cancellation);
        if (existing is null && !taken) return null;
        var refusal = StartProcessEndpoint.Decide(command, id, existing, taken, Actor, now).Rejection!;
        if (existing is null)
        {
            ModelState.Clear(); // the identifier is the whole answer: what else the form said is beside the point
            await LoadAsync(cancellation);
            return Refuse(refusal);
        }
        Done = refusal.Code == StartProcessEndpoint.AlreadyStartedCode ? AlreadyStarted : AlreadyStartedOtherwise;
        return Redirect($"/consola/procesos/{id}");
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        Processes = (await session.Query<ProcessTimeline>().ToListAsync(cancellation)).OrderBy(p => p.Title, Sentence.Alphabetical).ToList();
        return true;
    }
}
