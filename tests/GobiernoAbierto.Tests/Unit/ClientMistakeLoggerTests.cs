using System.Text.Json;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Microsoft.Extensions.Logging;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>Only Wolverine's "could not deserialize the body" entry for a JsonException is turned into information.</summary>
public sealed class when_wolverine_logs_a_request_body_it_could_not_read
{
    private const string WolverineMessage = "Error trying to deserialize JSON from incoming HTTP body at {Url} to type {Type}";
    private readonly LogCapture _capture = new();
    private readonly ILogger<CreateJornada> _logger;

    public when_wolverine_logs_a_request_body_it_could_not_read() =>
        _logger = new ClientMistakeLogger<CreateJornada>(LoggerFactory.Create(logging => logging.AddProvider(_capture)),
            Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(new Microsoft.Extensions.DependencyInjection.ServiceCollection()));

    [Fact]
    public void malformed_json_in_a_body_becomes_one_line_of_information_without_the_exception()
    {
        var malformed = new JsonException("'x' is an invalid start of a value.", "$.title", 0, 10);
        _logger.LogError(malformed, WolverineMessage, "/api/jornadas", "GobiernoAbierto.Jornadas.CreateJornada");

        var entry = Assert.Single(_capture.Since(0));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Equal("invalid_request_body on /api/jornadas: CreateJornada unreadable at $.title (line 0, byte 10)", entry.Message);
        Assert.Equal(typeof(CreateJornada).FullName, entry.Category);
    }

    [Fact]
    public void a_body_that_failed_for_another_reason_and_every_other_error_stay_errors()
    {
        _logger.LogError(new NotSupportedException("no converter"), WolverineMessage, "/api/jornadas", "CreateJornada");
        _logger.LogError(new JsonException("stored event unreadable"), "Projection failed for {Stream}", Guid.NewGuid());

        Assert.All(_capture.Since(0), entry =>
        {
            Assert.Equal(LogLevel.Error, entry.Level);
            Assert.NotNull(entry.Exception);
        });
        Assert.Equal(2, _capture.Since(0).Count);
    }
}
