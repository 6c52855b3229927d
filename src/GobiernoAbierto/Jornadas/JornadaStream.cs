using GobiernoAbierto.Hosting;
using Marten;

namespace GobiernoAbierto.Jornadas;

public static class JornadaStream
{
    public static readonly Rejection JornadaNotFound = Rejection.NotFound("una Jornada con ese identificador");

    public static Task<(Jornada? Jornada, Rejection? Rejection)> DecideAsync(IDocumentSession session, Guid jornadaId,
        Func<Jornada, Decision> decide, CancellationToken cancellation, bool exclusive = false) =>
        EventStreams.DecideAsync(session, jornadaId, JornadaNotFound, decide, cancellation, exclusive);

    /// <summary>Decide, then answer the problem or the Jornada's details after the commit.</summary>
    public static async Task<IResult> DecideAndShowAsync(IDocumentSession session, Guid jornadaId, Func<Jornada, Decision> decide,
        TimeProvider clock, CancellationToken cancellation, bool exclusive = false)
    {
        var (jornada, rejection) = await DecideAsync(session, jornadaId, decide, cancellation, exclusive);
        return rejection is null ? Results.Ok(Reading.JornadaDetails.From(jornada!, clock.GetUtcNow())) : Problems.Result(rejection);
    }
}
