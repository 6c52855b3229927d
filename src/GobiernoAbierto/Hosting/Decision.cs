namespace GobiernoAbierto.Hosting;

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

/// <summary>What a pure decision function returns: the events to append, or why not.</summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<object> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<object> Events { get; }
    public Rejection? Rejection { get; }
    public bool Accepted => Rejection is null;

    public static Decision Accept(params object[] events) => new(events, null);

    public static implicit operator Decision(Rejection rejection) => new([], rejection);
}
