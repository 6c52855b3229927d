using GobiernoAbierto.Ballots;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Jornadas.Console;

[Accounts.ForRoles(Roles.Staff)]
public sealed class NewJornadaPage(IDocumentStore store, StreamWrites writes, TimeProvider clock) : Hosting.Console.ConsolePage
{
    /// <summary>What the form posts: local times as typed, the identifier kind, the colonias ticked.</summary>
    public sealed class JornadaForm
    {
        /// <summary>
        /// The new Jornada's identifier, fixed when the form is drawn: the form sent again (Back, then «Crear la Jornada»)
        /// finds the Jornada it created instead of creating a second, identical one.
        /// </summary>
        public Guid? JornadaId { get; set; }
        public string Title { get; set; } = "";
        public string? OpensAt { get; set; }
        public string? ClosesAt { get; set; }
        public string? VoterIdKind { get; set; } = nameof(Ballots.VoterIdKind.ClaveElector);
        public List<string> Colonias { get; set; } = [];
        /// <summary>The earlier Jornada this one repeats (?desde=), kept to the new Jornada's page, which offers its two projects.</summary>
        public string? Desde { get; set; }
    }

    private static readonly Dictionary<string, string> FieldOf = new()
    {
        [nameof(CreateJornada.VotingOpensAt)] = "Form.OpensAt",
        [nameof(CreateJornada.VotingClosesAt)] = "Form.ClosesAt",
        ["duración"] = "Form.ClosesAt", // the window's length, a rule over an expression, carries its display name
        [nameof(CreateJornada.Delegaciones)] = "Form.Colonias",
        [nameof(CreateJornada.Colonias)] = "Form.Colonias",
    };

    [BindProperty]
    public JornadaForm Form { get; set; } = new();

    /// <summary>The Jornada this form repeats (?desde=): one outside the Plan de Acción that can no longer choose a project.</summary>
    public Jornada? Repeats { get; private set; }

    /// <summary>
    /// The Jornada <paramref name="desde"/> names, when a new Jornada may repeat it: outside the Plan de Acción (a
    /// process's is called again from its process, with the same finalists) and unable to choose a project any more
    /// (a certified tie or no ballots, or its window over before anyone opened it), or withdrawn before it opened (created
    /// again with its mistake corrected). Anything else, garbage included, is
    /// none: the form is then the blank one.
    /// </summary>
    public static async Task<Jornada?> RepeatableAsync(IQuerySession session, string? desde, DateTimeOffset now, CancellationToken cancellation) =>
        Guid.TryParse(desde, out var id) && id != Guid.Empty
        && await session.LoadAsync<Jornada>(id, cancellation) is { ProcessId: null } earlier
        && (earlier.Status == JornadaStatus.Withdrawn || GobiernoAbierto.Process.CallNewJornadaEndpoint.WhyVoteAgain(earlier, now) is not null)
            ? earlier : null;

    /// <summary>The new Jornada's page, offering the earlier one's two projects when it repeats one.</summary>
    private string JornadaAddress(Guid id) => Repeats is { } earlier ? $"/consola/jornadas/{id}?desde={earlier.Id}" : $"/consola/jornadas/{id}";

    /// <summary>Said on the Jornada the form had already created.</summary>
    public const string AlreadyCreated = "Esta Jornada ya se había creado: el formulario se envió otra vez y no se creó otra.";

    /// <summary>
    /// The form, for the Jornada <paramref name="jornada"/> will be. Without one, the address gets one first: Back after
    /// «Crear la Jornada» returns to this address, so the form is drawn again for the same Jornada, and a browser that puts
    /// back what was typed sends it to the Jornada it created (a field of the form alone would be drawn anew: browsers put
    /// back typed fields, never hidden ones).
    /// </summary>
    public async Task<IActionResult> OnGetAsync(Guid? jornada, string? desde, CancellationToken cancellation)
    {
        if (jornada is not { } drawn || drawn == Guid.Empty)
            return Redirect($"/consola/jornadas/nueva?jornada={Guid.CreateVersion7(clock.GetUtcNow())}" +
                (Guid.TryParse(desde, out var earlierId) ? $"&desde={earlierId}" : ""));
        Form.JornadaId = drawn;
        // Repeating a Jornada that chose no project: its title, identifier and colonias, so that nothing is typed again.
        await using (var session = store.QuerySession())
            Repeats = await RepeatableAsync(session, desde, clock.GetUtcNow(), cancellation);
        if (Repeats is { } earlier)
        {
            Form.Desde = earlier.Id.ToString();
            Form.Title = earlier.Title;
            Form.VoterIdKind = earlier.VoterIdKind.ToString();
            Form.Colonias = earlier.Territory.Colonias.Select(c => c.Id).ToList();
        }
        var tomorrow = clock.GetUtcNow().AddDays(1);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(tomorrow, QueretaroTime.Zone).DateTime);
        Form.OpensAt = LocalTime.Field(QueretaroTime.At(day, new TimeOnly(8, 0)));
        Form.ClosesAt = LocalTime.Field(QueretaroTime.At(day, new TimeOnly(18, 0)));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        // A request that did not come from the form (or whose identifier did not bind) gets one now, as the API does.
        Form.JornadaId = Form.JornadaId is { } drawn && drawn != Guid.Empty ? drawn : Guid.CreateVersion7(now);
        var id = Form.JornadaId.Value;
        await using (var session = store.QuerySession())
            Repeats = await RepeatableAsync(session, Form.Desde, now, cancellation);
        var opens = ReadTime(Form.OpensAt, "Form.OpensAt", "Escriba la fecha y la hora de apertura.");
        var closes = ReadTime(Form.ClosesAt, "Form.ClosesAt", "Escriba la fecha y la hora de cierre.");
        // Only the names the radio buttons send: Enum.TryParse took anything else for ClaveElector here, and reads "1" as Curp.
        VoterIdKind? kind = Enum.GetNames<VoterIdKind>().Contains(Form.VoterIdKind) ? Enum.Parse<VoterIdKind>(Form.VoterIdKind!) : null;
        if (kind is null) ModelState.AddModelError("Form.VoterIdKind", "Elija la clave de elector o la CURP.");
        var (delegaciones, colonias) = Territory.ColoniaPicker.Chosen(Form.Colonias, Repeats?.Territory);
        if (colonias.Count == 0) ModelState.AddModelError("Form.Colonias", "Marque al menos una colonia.");
        // The rules run on what could be read, so that every mistake is said at once (an empty title was told only after
        // the dates were right). A date that could not be read has a stand-in an hour from the other, which no rule of the
        // window refuses: its field keeps its own message, and the other field none it does not deserve.
        var (opensOr, closesOr) = (opens, closes) switch
        {
            ({ } o, { } c) => (o, c),
            ({ } o, null) => (o, o.AddHours(1)),
            (null, { } c) => (c.AddHours(-1), c),
            _ => (now, now.AddHours(1)),
        };
        var command = new CreateJornada(Form.Title ?? "", opensOr, closesOr, kind ?? VoterIdKind.ClaveElector, delegaciones, colonias);
        // Sent before: the Jornada it created is the answer, and what the form says now is not taken for it.
        if (await ExistingAsync(id, ModelState.IsValid ? command : null, cancellation) is { } answer) return answer;
        var valid = Validate(command, "Form", FieldOf);
        if (!ModelState.IsValid || !valid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Rejection? rejection;
        try
        {
            rejection = await writes.StartAsync<Jornada>(id, CreateJornadaEndpoint.Decide(command, id, Actor, now), cancellation);
        }
        catch (Exception lost) when (Hosting.ProblemExceptionHandler.IsLostRace(lost))
        {
            // The same form sent twice at once: the other sending created it a moment ago.
            return await ExistingAsync(id, command, cancellation) ?? Refuse(CreateJornadaEndpoint.IdTaken(id));
        }
        // A closing already past is said beside its field too (it was said only at the top: an outside tester's).
        if (rejection is not null) return Refuse(rejection, rejection.Code == CreateJornadaEndpoint.WindowAlreadyClosed.Code ? "Form.ClosesAt" : null);
        Done = $"Se creó la Jornada «{command.Title.Trim()}». Siga los pasos de abajo para prepararla.";
        return Redirect(JornadaAddress(id));
    }

    /// <summary>Said on the Jornada the form had created when it came back changed (Back, a typo fixed, sent again).</summary>
    public const string AlreadyCreatedNotChanged = "Esta Jornada ya se había creado con este formulario y no se creó otra. Lo que cambió al " +
        "enviarlo otra vez no se guardó: la Jornada quedó como se creó la primera vez. Revise sus datos aquí.";

    /// <summary>
    /// The Jornada this form already created, to go to, saying whether what the form says now is what it created (the
    /// API's jornada_id_reused: a changed form sent again was taken in silence); a refusal when the identifier names some
    /// other record. command: the form as read now, null when it could not be read whole.
    /// </summary>
    private async Task<IActionResult?> ExistingAsync(Guid id, CreateJornada? command, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var (existing, taken) = await CreateJornadaEndpoint.FindAsync(session, id, cancellation);
        if (existing is null) return taken ? Refuse(CreateJornadaEndpoint.IdTaken(id)) : null;
        Done = command is not null && CreateJornadaEndpoint.SameCreation(existing, command) ? AlreadyCreated : AlreadyCreatedNotChanged;
        return Redirect(JornadaAddress(id));
    }
}
