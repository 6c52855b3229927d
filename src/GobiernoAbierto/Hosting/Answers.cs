
namespace GobiernoAbierto.Hosting;

/// <summary>How endpoints answer: a decision handed to Wolverine's aggregate workflow, or a read model by id.</summary>
public static class Answers
{
    /// <summary>
    /// A rejection answers its problem and appends nothing. An accepted decision hands its events to Wolverine, which
    /// appends them to the stream it loaded and commits; <paramref name="answer"/> is written after that commit.
    /// </summary>
    public static (IResult, Events) Answer(this Decision decision, IResult answer) =>
        decision.Rejection is { } rejection ? (Problems.Result(rejection), []) : (answer, [.. decision.Events]);

    /// <summary>For a command that starts a stream: Wolverine starts it with the decision's events and commits.</summary>
    public static (IResult, IStartStream?) Start<T>(this Decision decision, Guid id, IResult answer) where T : class =>
        decision.Rejection is { } rejection ? (Problems.Result(rejection), null) : (answer, MartenOps.StartStream<T>(id, [.. decision.Events]));

    /// <summary>
    /// The read model TView of <paramref name="id"/>, loaded when the answer is written (after the command's commit),
    /// shaped for the answer; 201 Created at <paramref name="createdAt"/> when given, else 200.
    /// </summary>
    public static IResult View<TView>(Guid id, Func<TView, object>? shape = null, string? createdAt = null) where TView : notnull =>
        AfterCommit(async (session, cancellation) => await session.LoadAsync<TView>(id, cancellation) is { } view ? shape?.Invoke(view) ?? view : null,
            createdAt);

    /// <summary>Whatever <paramref name="read"/> finds when the answer is written, after the command's commit.</summary>
    public static IResult AfterCommit(Func<IQuerySession, CancellationToken, Task<object?>> read, string? createdAt = null) =>
        new ReadAfterCommit((session, _, cancellation) => read(session, cancellation), createdAt);

    /// <summary>The same, for a read that needs the request's services too.</summary>
    public static IResult AfterCommit(Func<IQuerySession, IServiceProvider, CancellationToken, Task<object?>> read, string? createdAt = null) =>
        new ReadAfterCommit(read, createdAt);

    public static async Task<IResult> ReadAsync<TView>(IQuerySession session, Guid id, Rejection notFound, CancellationToken cancellation)
        where TView : notnull =>
        await session.LoadAsync<TView>(id, cancellation) is { } view ? Results.Ok(view) : Problems.Result(notFound);

    private sealed class ReadAfterCommit(Func<IQuerySession, IServiceProvider, CancellationToken, Task<object?>> read, string? createdAt) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            await using var session = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
            var answer = await read(session, http.RequestServices, http.RequestAborted) switch
            {
                null => Problems.Result(Rejection.NotFound("el registro que se acaba de modificar")),
                var body when createdAt is not null => Results.Created(createdAt, body),
                var body => Results.Ok(body),
            };
            await answer.ExecuteAsync(http);
        }
    }
}
