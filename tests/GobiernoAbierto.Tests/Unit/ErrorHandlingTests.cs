using Microsoft.AspNetCore.Http;
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
        // What Marten's retry of a transient error (a full disk) surfaced inside the group commit's ended transaction.
        Assert.True(ProblemExceptionHandler.IsDatabaseFailure(new InvalidOperationException("Transaction is already completed")));
    }

    [Fact]
    public void a_bug_of_our_own_is_still_an_internal_error() =>
        Assert.False(ProblemExceptionHandler.IsDatabaseFailure(new InvalidOperationException("Sequence contains no elements")));

    private static Npgsql.PostgresException Postgres(string sqlState) => new("simulated", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData("08006")] // connection failure
    [InlineData("08001")]
    [InlineData("57P01")] // terminating connection due to administrator command (a restart, a failover)
    [InlineData("57P02")]
    [InlineData("57P03")] // the database system is starting up
    [InlineData("53300")] // too many connections
    [InlineData("53100")] // disk full
    [InlineData("25006")] // read-only transaction: a standby
    [InlineData("40P01")] // deadlock: retrying succeeds
    public void a_postgresql_error_that_says_it_cannot_serve_now_is_an_outage(string sqlState) =>
        Assert.True(ProblemExceptionHandler.IsDatabaseFailure(new Exception("Marten wrapped it", Postgres(sqlState))));

    [Theory]
    [InlineData("42P01")] // undefined table
    [InlineData("42703")] // undefined column
    [InlineData("42501")] // insufficient privilege
    [InlineData("P0001")] // a trigger raising
    [InlineData("23505")] // unique violation
    [InlineData("28P01")] // password refused
    public void a_schema_or_permission_fault_is_not_an_outage(string sqlState)
    {
        Assert.False(ProblemExceptionHandler.IsDatabaseFailure(Postgres(sqlState)));
        // Even wrapped as Npgsql and Marten wrap it, and with a disposed transaction around it.
        Assert.False(ProblemExceptionHandler.IsDatabaseFailure(new InvalidOperationException("save failed", Postgres(sqlState))));
    }

    [Fact]
    public void a_connection_refused_or_reset_without_sqlstate_is_an_outage()
    {
        Assert.True(ProblemExceptionHandler.IsDatabaseFailure(
            new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111))));
        Assert.True(ProblemExceptionHandler.IsDatabaseFailure(
            new Npgsql.NpgsqlException("Exception while reading from stream", new System.IO.EndOfStreamException())));
    }
}

/// <summary>
/// Whether a request's failure may say «Nada se registró» (UnansweredCommit): not once a COMMIT of it was sent, answered
/// or not. The answer of a change reads its view after the commit (Answers.View) on a connection of its own: a failover at
/// that moment failed the request after its change was recorded, and the answer said nothing was.
/// </summary>
public sealed class when_a_request_fails_after_its_commit
{
    private static readonly Npgsql.NpgsqlException ConnectionLost = new("Exception while reading from stream", new System.IO.EndOfStreamException());

    private static (HttpContext Http, UnansweredCommit Mark, UnansweredCommit.Listener Listener) Request()
    {
        var http = new DefaultHttpContext();
        var mark = new UnansweredCommit();
        http.Features.Set(mark);
        return (http, mark, new UnansweredCommit.Listener(new HttpContextAccessor { HttpContext = http }));
    }

    [Fact]
    public async Task a_failure_after_the_commit_was_answered_does_not_say_nothing_was_recorded()
    {
        var (http, mark, listener) = Request();
        await mark.BeforeCommitAsync(null!, null!, CancellationToken.None);
        await listener.AfterCommitAsync(null!, null!, CancellationToken.None); // committed and answered

        Assert.True(UnansweredCommit.MayHaveCommitted(http, ConnectionLost)); // the read of the answer lost its connection
        Assert.True(UnansweredCommit.MayHaveCommitted(http, new Exception("Marten wrapped it", new Npgsql.PostgresException("x", "FATAL", "FATAL", "57P01"))));
    }

    [Fact]
    public async Task an_unanswered_commit_may_have_committed_and_postgresqls_own_error_says_it_did_not()
    {
        var (http, mark, _) = Request();
        Assert.False(UnansweredCommit.MayHaveCommitted(http, ConnectionLost)); // nothing sent to commit
        await mark.BeforeCommitAsync(null!, null!, CancellationToken.None);
        Assert.True(UnansweredCommit.MayHaveCommitted(http, ConnectionLost));
        Assert.False(UnansweredCommit.MayHaveCommitted(http, new Exception("Marten wrapped it", new Npgsql.PostgresException("x", "ERROR", "ERROR", "40001"))));
    }
}

/// <summary>
/// Wolverine answers a body System.Text.Json could not read with its own problem ("Invalid JSON format", the
/// JsonException's message as detail); the service's problem names the field from that message. These build the message
/// with the real serializer, so a change of its wording fails here rather than silently dropping the field's name.
/// </summary>
public sealed class when_wolverine_reports_a_body_it_could_not_read
{
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(allowIntegerValues: false), new DatesWithOffset() },
    };

    /// <summary>As Program.cs sets the API's: enums by one name only, no field twice, numbers not in quotes.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Service = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new EnumNamesConverter(), new DatesWithOffset() },
        AllowDuplicateProperties = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Customized<T>(string body, System.Text.Json.JsonSerializerOptions? options = null) =>
        Customized<T>(System.Text.Encoding.UTF8.GetBytes(body), options);

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Customized<T>(byte[] body, System.Text.Json.JsonSerializerOptions? options = null)
    {
        var e = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<T>(body, options ?? Web));
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Type = "https://httpstatuses.com/400", Title = "Invalid JSON format", Status = 400, Detail = e.Message,
            Extensions = { ["lineNumber"] = e.LineNumber, ["bytePositionInLine"] = e.BytePositionInLine },
        };
        ProblemExceptionHandler.Customize(new Microsoft.AspNetCore.Http.ProblemDetailsContext
        {
            HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext(), ProblemDetails = problem,
        });
        Assert.Equal("invalid_request_body", problem.Extensions["code"]);
        Assert.False(problem.Extensions.ContainsKey("lineNumber"));
        return problem;
    }

    [Theory]
    [InlineData("2026-12-20T09:00:00-06:00", 9, -6)]
    [InlineData("2026-12-20T09:00:00.1234567-06:00", 9, -6)]
    [InlineData("2026-12-20T09:00:00.123456789-06:00", 9, -6)] // nanoseconds (Go, Java): more digits than .NET keeps
    [InlineData("2026-12-20T15:00:00Z", 15, 0)]
    public void a_time_with_its_offset_is_read_as_written(string written, int hour, int offsetHours)
    {
        var read = System.Text.Json.JsonSerializer.Deserialize<DateTimeOffset>($"\"{written}\"", Web);
        Assert.Equal((hour, TimeSpan.FromHours(offsetHours)), (read.Hour, read.Offset));
    }

    private static string[] ErrorsOf(Microsoft.AspNetCore.Mvc.ProblemDetails problem, string field) =>
        Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"])[field];

    /// <summary>
    /// A client that sends «Peña» in Latin-1 or Windows-1252 without saying so (an older municipal system): System.Text.Json
    /// reports it as a value it could not convert to a string, which alone read «se esperaba texto entre comillas» for
    /// what was text in quotes.
    /// </summary>
    [Fact]
    public void text_in_another_encoding_than_utf8_is_told_so_beside_its_field()
    {
        byte[] latin1 = [.. "{\"voterId\": \"Pe"u8, 0xF1, .. "a\", \"optionId\": \"A\"}"u8];
        var problem = Customized<Voting.CastBallot>(latin1, Service);
        Assert.Equal("El campo «voterId» no tiene el tipo esperado: se esperaba texto entre comillas, en UTF-8 (una letra acentuada o " +
                     "una ñ en otra codificación, como Latin-1 o Windows-1252, no se lee).", problem.Detail);
    }

    [Fact]
    public void a_value_of_the_wrong_type_names_its_field_and_what_was_expected()
    {
        var problem = Customized<Voting.CastBallot>("{\"voterId\": \"X\", \"optionId\": 1}");
        Assert.Equal("El campo «optionId» no tiene el tipo esperado: se esperaba " + WrongJsonType.Utf8Text + ".", problem.Detail);
        Assert.Equal(["Se esperaba " + WrongJsonType.Utf8Text + "."], ErrorsOf(problem, "optionId"));

        const string date = "Se esperaba una fecha y hora ISO 8601 con su desfase horario, entre comillas, p. ej. 2025-06-01T08:00:00-06:00 (hora de Querétaro) o 2025-06-01T14:00:00Z.";
        Assert.Equal([date], ErrorsOf(Customized<Jornadas.CreateJornada>("{\"votingClosesAt\": 5}"), "votingClosesAt"));
        // Without its offset a time was read as UTC (six hours off Querétaro's): refused, not guessed.
        foreach (var noOffset in new[] { "2026-12-20T09:00:00", "2026-12-20T09:00", "2026-12-20", "20/12/2026 09:00 -06:00" })
            Assert.Equal([date], ErrorsOf(Customized<Jornadas.CreateJornada>($"{{\"votingOpensAt\": \"{noOffset}\"}}"), "votingOpensAt"));
        Assert.Equal(["Se esperaba uno de estos valores entre comillas: ClaveElector, Curp."],
            ErrorsOf(Customized<Jornadas.CreateJornada>("{\"voterIdKind\": \"Pasaporte\"}"), "voterIdKind"));
        Assert.Equal(["Se esperaba uno de estos valores entre comillas: ClaveElector, Curp."], // the service reads enums by name only
            ErrorsOf(Customized<Jornadas.CreateJornada>("{\"voterIdKind\": 1}"), "voterIdKind"));
        Assert.Equal(["Se esperaba una lista [ … ]."], ErrorsOf(Customized<Jornadas.CreateJornada>("{\"colonias\": \"centro\"}"), "colonias"));
    }

    /// <summary>
    /// The IEEQ's tester got only «no es JSON válido o sus campos no tienen el tipo esperado» for these, with no field named:
    /// a combination of an enumeration's names, a field sent twice, and NaN where a number goes (not JSON at all).
    /// </summary>
    [Fact]
    public void a_combined_name_a_field_sent_twice_and_a_value_json_has_not_each_name_their_field()
    {
        var combined = Customized<Jornadas.CreateJornada>("{\"voterIdKind\": \"ClaveElector, Curp\"}", Service);
        Assert.Equal(["Se esperaba uno de estos valores entre comillas: ClaveElector, Curp."], ErrorsOf(combined, "voterIdKind"));

        var twice = Customized<Voting.CastBallot>("{\"voterId\": \"A\", \"voterId\": \"B\"}", Service);
        Assert.Equal("El campo «voterId» viene dos veces: cada campo va una sola vez.", twice.Detail);
        Assert.Equal(["Viene dos veces."], ErrorsOf(twice, "voterId"));

        var nan = Customized<Jornadas.SetBallotOptions>("{\"options\": [{\"title\": \"Cancha\", \"estimatedCost\": NaN}]}", Service);
        Assert.Equal("El cuerpo de la solicitud no es JSON válido en el campo «options[0].estimatedCost» (línea 1, byte 51): revise " +
                     "comillas, comas y llaves (NaN e Infinity no son números de JSON).", nan.Detail);
    }

    [Fact]
    public void an_unknown_type_or_the_whole_body_of_the_wrong_kind_still_gets_a_spanish_problem()
    {
        // The body itself is not an object: no field to name.
        var problem = Customized<Voting.CastBallot>("[]");
        Assert.Equal(Problems.MalformedBody.Detail, problem.Detail);
        Assert.False(problem.Extensions.ContainsKey("errors"));
        // Broken JSON: the general problem, nothing of the parser's English.
        problem = Customized<Voting.CastBallot>("{\"voterId\": ");
        Assert.Equal(Problems.MalformedBody.Detail, problem.Detail);
    }
}
