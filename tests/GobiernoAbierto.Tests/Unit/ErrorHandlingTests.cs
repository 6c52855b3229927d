using GobiernoAbierto.Hosting;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_database_fails_under_a_request
{
    [Fact]
    public void an_npgsql_failure_anywhere_in_the_chain_is_service_unavailable_not_an_internal_error()
    {
        // What the failover rehearsal saw when the primary died during a save (deploy/failover/README.md).
        Assert.True(ProblemExceptionHandler.IsDatabaseFailure(
            new InvalidOperationException("save failed", new ObjectDisposedException("NpgsqlTransaction"))));
        Assert.True(ProblemExceptionHandler.IsDatabaseFailure(new Exception("wrapped", new Npgsql.NpgsqlException("connection reset"))));
        Assert.True(ProblemExceptionHandler.IsDatabaseFailure(new TimeoutException()));
    }

    [Fact]
    public void a_bug_of_our_own_is_still_an_internal_error() =>
        Assert.False(ProblemExceptionHandler.IsDatabaseFailure(new InvalidOperationException("Sequence contains no elements")));
}
