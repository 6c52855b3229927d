using GobiernoAbierto.Hosting;
using Marten;

namespace GobiernoAbierto.Jornadas;

public static class JornadaStream
{
    public static readonly Rejection JornadaNotFound = Rejection.NotFound("una Jornada con ese identificador");

    public static Task<(Jornada? Jornada, Rejection? Rejection)> DecideAsync(IDocumentSession session, Guid jornadaId,
        Func<Jornada, Decision> decide, CancellationToken cancellation, bool exclusive = false) =>
        EventStreams.DecideAsync(session, jornadaId, JornadaNotFound, decide, cancellation, exclusive);
}
