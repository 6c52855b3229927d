using System.Net;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>A service of its own: these tests take a table away from under it.</summary>
public sealed class OutageService() : ServiceHost(TestDatabase.NewSchemaName());

/// <summary>
/// A resident checks their receipt while PostgreSQL cannot answer (here: the receipts' table is gone for a moment). The
/// answer is the Spanish 503, and the warning the operator reads names the route, never the receipt in its path.
/// </summary>
public sealed class when_the_database_fails_under_a_receipt_check(OutageService service) : IClassFixture<OutageService>
{
    [Fact]
    public async Task the_warning_names_the_route_not_the_receipt_code()
    {
        var db = new Database(service);
        using var anonymous = TestHttp.Client(service.BaseAddress, null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/receipts/7K3M-Q9XA-2BFD")).StatusCode); // the schema exists
        var receipt = "7K3M-Q9XA-2BFE";
        var mark = service.Logs.Mark();

        await db.ExecuteAsync("alter table {schema}.counted_receipts rename to counted_receipts_away");
        try
        {
            await VotingApi.ExpectProblem(await anonymous.GetAsync($"/api/receipts/{receipt}"), HttpStatusCode.ServiceUnavailable, "service_unavailable");
        }
        finally
        {
            await db.ExecuteAsync("alter table {schema}.counted_receipts_away rename to counted_receipts");
        }

        var logged = service.Logs.Since(mark);
        var warning = Assert.Single(logged, e => e.Category == typeof(Hosting.ProblemExceptionHandler).FullName);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("service_unavailable on /api/receipts/{receipt}", warning.Message);
        foreach (var entry in logged)
            Assert.DoesNotContain("7K3M", $"{entry.Message} {entry.Values} {entry.Exception}");
    }
}
