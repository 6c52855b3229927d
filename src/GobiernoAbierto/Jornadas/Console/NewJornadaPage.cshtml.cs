using GobiernoAbierto.Ballots;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Jornadas.Console;

[Accounts.ForRoles(Roles.Staff)]
public sealed class NewJornadaPage(StreamWrites writes, TimeProvider clock) : Hosting.Console.ConsolePage
{
    /// <summary>What the form posts: local times as typed, the identifier kind, the colonias ticked.</summary>
    public sealed class JornadaForm
    {
        public string Title { get; set; } = "";
        public string? OpensAt { get; set; }
        public string? ClosesAt { get; set; }
        public string? VoterIdKind { get; set; } = nameof(Ballots.VoterIdKind.ClaveElector);
        public List<string> Colonias { get; set; } = [];
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

    public void OnGet()
    {
        var tomorrow = clock.GetUtcNow().AddDays(1);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(tomorrow, QueretaroTime.Zone).DateTime);
        Form.OpensAt = LocalTime.Field(QueretaroTime.At(day, new TimeOnly(8, 0)));
        Form.ClosesAt = LocalTime.Field(QueretaroTime.At(day, new TimeOnly(18, 0)));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellation)
    {
        var opens = ReadTime(Form.OpensAt, "Form.OpensAt", "Escriba la fecha y la hora de apertura.");
        var closes = ReadTime(Form.ClosesAt, "Form.ClosesAt", "Escriba la fecha y la hora de cierre.");
        // Only the names the radio buttons send: Enum.TryParse took anything else for ClaveElector here, and reads "1" as Curp.
        VoterIdKind? kind = Enum.GetNames<VoterIdKind>().Contains(Form.VoterIdKind) ? Enum.Parse<VoterIdKind>(Form.VoterIdKind!) : null;
        if (kind is null) ModelState.AddModelError("Form.VoterIdKind", "Elija la clave de elector o la CURP.");
        var (delegaciones, colonias) = Territory.ColoniaPicker.Chosen(Form.Colonias);
        if (colonias.Count == 0) ModelState.AddModelError("Form.Colonias", "Marque al menos una colonia.");
        // The rules run on what could be read, so that every mistake is said at once (an empty title was told only after
        // the dates were right). A date that could not be read has a stand-in an hour from the other, which no rule of the
        // window refuses: its field keeps its own message, and the other field none it does not deserve.
        var now = clock.GetUtcNow();
        var (opensOr, closesOr) = (opens, closes) switch
        {
            ({ } o, { } c) => (o, c),
            ({ } o, null) => (o, o.AddHours(1)),
            (null, { } c) => (c.AddHours(-1), c),
            _ => (now, now.AddHours(1)),
        };
        var command = new CreateJornada(Form.Title ?? "", opensOr, closesOr, kind ?? VoterIdKind.ClaveElector, delegaciones, colonias);
        var valid = Validate(command, "Form", FieldOf);
        if (!ModelState.IsValid || !valid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var id = Guid.CreateVersion7(now);
        if (await writes.StartAsync<Jornada>(id, CreateJornadaEndpoint.Decide(command, id, Actor, now), cancellation) is { } rejection)
            return Refuse(rejection);
        Done = $"Se creó la Jornada «{command.Title.Trim()}». Siga los pasos de abajo para prepararla.";
        return Redirect($"/consola/jornadas/{id}");
    }
}
