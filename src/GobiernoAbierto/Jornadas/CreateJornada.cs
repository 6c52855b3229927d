using GobiernoAbierto.Ballots;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Jornadas;

/// <summary>A Jornada on its own, options set by hand. A process's Jornada is created by its shortlist instead.</summary>
/// <param name="JornadaId">
/// Optional: the new Jornada's identifier, chosen by the client before it sends (a UUID). The same request sent again
/// (a retry, a form sent twice) then finds the Jornada it created instead of creating another. Without it the service
/// chooses one.
/// </param>
public sealed record CreateJornada(
    [property: OneLine] string Title,
    DateTimeOffset VotingOpensAt,
    DateTimeOffset VotingClosesAt,
    VoterIdKind VoterIdKind,
    IReadOnlyList<Delegacion> Delegaciones,
    IReadOnlyList<Colonia> Colonias,
    Guid? JornadaId = null);

public sealed class CreateJornadaValidator : AbstractValidator<CreateJornada>
{
    public CreateJornadaValidator()
    {
        RuleFor(c => c.Title).NotEmpty().WithMessage("Escriba el título de la Jornada.")
            .MaximumLength(200).WithMessage("El título de la Jornada lleva hasta 200 caracteres.").WithName("título");
        RuleFor(c => c.VotingClosesAt).GreaterThan(c => c.VotingOpensAt)
            .WithMessage("El cierre de la votación debe ser posterior a su apertura.");
        RuleFor(c => c.VotingClosesAt - c.VotingOpensAt).LessThanOrEqualTo(TimeSpan.FromDays(31))
            .WithName("duración").WithMessage("Una Jornada dura a lo más 31 días.");
        RuleFor(c => c.VoterIdKind).IsInEnum().WithName("tipo de identificador").WithMessage("Elija el tipo de identificador: clave de elector o CURP.");
        this.AddTerritoryRules(c => c.Delegaciones, c => c.Colonias);
    }
}

public static class CreateJornadaEndpoint
{
    /// <summary>A window that already closed could never be opened, and the Jornada would sit in every list for good.</summary>
    public static readonly Rejection WindowAlreadyClosed = Rejection.Invalid("voting_window_closed",
        "El cierre de la votación ya pasó: una Jornada se crea para votar después. Revise las fechas de apertura y cierre.");

    public const string AlreadyCreatedCode = "jornada_already_created";

    /// <summary>The identifier the client chose already names a Jornada: the request was sent before, and created it.</summary>
    public static Rejection AlreadyCreated(Jornada existing) => new(AlreadyCreatedCode, "La Jornada ya se creó",
        $"Ya existe la Jornada «{existing.Title}» con el identificador {existing.Id}: la solicitud ya se había enviado y no se creó otra.");

    public const string IdReusedCode = "jornada_id_reused";

    /// <summary>
    /// The identifier names a Jornada created with other data (or by a process): not a retry of this request. Told as a
    /// retry, a script keyed on the code took someone else's Jornada for its own (an outside integrator).
    /// </summary>
    public static Rejection IdReused(Jornada existing) => new(IdReusedCode, "Identificador ya usado con otros datos",
        $"El identificador {existing.Id} ya es de la Jornada «{existing.Title}», creada con otros datos: no se creó otra Jornada ni se cambió " +
        "esa. Para crear una Jornada distinta envíe otro identificador, o ninguno para que el servicio lo elija.");

    /// <summary>
    /// Whether the Jornada under the identifier is what this request creates: its title (trimmed), window, identifier
    /// kind and territory; never a process's. Who sent it and when are not compared: a retry comes later.
    /// </summary>
    public static bool SameCreation(Jornada existing, CreateJornada command) =>
        existing.ProcessId is null && existing.Title == command.Title.Trim() && existing.VoterIdKind == command.VoterIdKind
        && Same(existing.VotingOpensAt, command.VotingOpensAt) && Same(existing.VotingClosesAt, command.VotingClosesAt)
        && existing.Territory.Delegaciones.SequenceEqual(command.Delegaciones) && existing.Territory.Colonias.SequenceEqual(command.Colonias);

    // The stored instant against the one read from the retry's JSON: equal, whatever the storage keeps beyond milliseconds.
    private static bool Same(DateTimeOffset stored, DateTimeOffset sent) => (stored - sent).Duration() < TimeSpan.FromMilliseconds(1);

    public static Rejection IdTaken(Guid jornadaId) => new("jornada_id_taken", "Identificador ocupado",
        $"El identificador {jornadaId} ya pertenece a otro registro del servicio. Envíe otro, o ninguno para que el servicio lo elija.");

    public static Decision Decide(CreateJornada command, Guid jornadaId, string by, DateTimeOffset now) =>
        command.VotingClosesAt <= now
            ? WindowAlreadyClosed
            : JornadaRecord.Begin(jornadaId, new JornadaCreated(jornadaId, command.Title.Trim(), command.VotingOpensAt, command.VotingClosesAt,
                command.VoterIdKind, command.Delegaciones, command.Colonias, null, by, now));

    /// <summary>With what already stands under the identifier: the Jornada a first sending created, another record, or nothing.</summary>
    public static Decision Decide(CreateJornada command, Guid jornadaId, Jornada? existing, bool idTaken, string by, DateTimeOffset now) =>
        existing is not null ? SameCreation(existing, command) ? AlreadyCreated(existing) : IdReused(existing)
        : idTaken ? IdTaken(jornadaId)
        : Decide(command, jornadaId, by, now);

    /// <summary>What stands under <paramref name="jornadaId"/>: a Jornada, or whether any stream does.</summary>
    /// <remarks>Not LoadAsync: Wolverine runs an endpoint class's Load/LoadAsync before every request as middleware.</remarks>
    public static async Task<(Jornada? Existing, bool Taken)> FindAsync(IQuerySession session, Guid jornadaId, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is { } existing) return (existing, true);
        if (await session.Events.FetchStreamStateAsync(jornadaId, cancellation) is null) return (null, false);
        // A stream now, and no Jornada a moment ago: the same request sent at once may have created it in between (its
        // snapshot commits with its stream). Read again, or a client's own Jornada was said to be another record's.
        return (await session.LoadAsync<Jornada>(jornadaId, cancellation), true);
    }

    /// <summary>
    /// Whether a client's chosen identifier for a process's new Jornada names a record other than the process's own
    /// Jornadas (those are answered as sent before). Read under the process's lock.
    /// </summary>
    public static async Task<bool> TakenByAnotherRecordAsync(IQuerySession session, Guid? chosen, GobiernoAbierto.Process.ParticipationProcess process,
        CancellationToken cancellation) =>
        chosen is { } id && id != Guid.Empty && id != process.JornadaId && !process.EarlierJornadaIds.Contains(id)
        && await session.Events.FetchStreamStateAsync(id, cancellation) is not null;

    /// <remarks>
    /// Sendings of the same identifier at the same moment take turns (ChosenIdentifiers): the second finds what the first
    /// created. Another record's stream created meanwhile without that lock still fails the commit (a 409 like any lost race).
    /// </remarks>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<JornadaDetails>(StatusCodes.Status201Created)]
    [WolverinePost("/api/jornadas", OperationId = "CreateJornada")]
    public static async Task<(IResult, IStartStream?)> Post(CreateJornada command, IDocumentSession session, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var id = command.JornadaId ?? Guid.CreateVersion7(now);
        if (command.JornadaId is not null) await ChosenIdentifiers.HoldAsync(session, id, cancellation);
        var (existing, taken) = command.JornadaId is null ? (null, false) : await FindAsync(session, id, cancellation);
        var decision = Decide(command, id, existing, taken, user.Actor(), now);
        // Naming the Jornada a refused repeat found (jornadaId), as a process's repeat names its process.
        return decision.Rejection is { Code: AlreadyCreatedCode or IdReusedCode } refusal
            ? (Problems.Result(refusal, new Dictionary<string, object?> { ["jornadaId"] = id }), null)
            : decision.Start<Jornada>(id, JornadaDetails.Answer(id, now, created: true));
    }
}
