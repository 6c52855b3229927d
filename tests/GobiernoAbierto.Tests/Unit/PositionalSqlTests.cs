using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>The group commit's statements, written with $n, handed to Marten's QueueSqlCommand as ? placeholders.</summary>
public sealed class when_a_numbered_statement_is_queued_into_martens_batch
{
    [Fact]
    public void each_occurrence_becomes_a_placeholder_with_its_value_in_order_even_when_a_number_repeats()
    {
        var jornada = Guid.NewGuid();
        var until = DateTimeOffset.UnixEpoch;

        var (sql, values) = VotingTables.Positional(
            "insert into t values ($1, $2) on conflict do update set a = case when a >= $3 then 0 end, b = case when a >= $3 then $4 end",
            [jornada, "clave", 5, until]);

        Assert.Equal("insert into t values (?, ?) on conflict do update set a = case when a >= ? then 0 end, b = case when a >= ? then ? end", sql);
        Assert.Equal([jornada, "clave", 5, 5, until], values);
    }

    [Fact]
    public void numbers_of_two_digits_are_read_whole()
    {
        var parameters = Enumerable.Range(1, 12).Cast<object>().ToArray();

        var (sql, values) = VotingTables.Positional("select $12, $1, $10", parameters);

        Assert.Equal("select ?, ?, ?", sql);
        Assert.Equal([12, 1, 10], values);
    }
}
