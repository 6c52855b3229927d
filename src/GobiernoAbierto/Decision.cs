namespace GobiernoAbierto;

/// <summary>
/// A rule said no. Code is machine-readable (snake_case, stable); Title and Detail are what a person reads (es-MX).
/// </summary>
public sealed record Rejection(string Code, string Title, string Detail, int Status = StatusCodes.Status409Conflict)
{
    public static Rejection NotFound(string what) =>
        new("not_found", "No encontrado", $"No existe {what}.", StatusCodes.Status404NotFound);

    public static Rejection Invalid(string code, string detail) =>
        new(code, "Solicitud inválida", detail, StatusCodes.Status400BadRequest);
}

/// <summary>
/// What every pure decision returns: the events to append, or why not. A command that must change two streams
/// consistently (merging a duplicate into its survivor, a shortlist that starts its Jornada) also carries the second
/// stream's events in OtherStream.
/// </summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<object> events, IReadOnlyList<object> otherStream, Rejection? rejection)
    {
        Events = events;
        OtherStream = otherStream;
        Rejection = rejection;
    }

    public IReadOnlyList<object> Events { get; }
    public IReadOnlyList<object> OtherStream { get; }
    public Rejection? Rejection { get; }
    public bool Accepted => Rejection is null;

    public static Decision Accept(params object[] events) => new(events, [], null);

    /// <summary>This decision, with events for the command's second stream as well.</summary>
    public Decision AndOnOtherStream(params object[] events) => Accepted ? new(Events, events, null) : this;

    public static implicit operator Decision(Rejection rejection) => new([], [], rejection);
}
