using Marten;
using Microsoft.Extensions.DependencyInjection;
using GobiernoAbierto.Accounts;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Npgsql;

namespace GobiernoAbierto.Tests.Scenarios;

public sealed class when_two_administrators_create_the_same_name_at_the_same_moment(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    /// <summary>
    /// The display-name rule read every account and then wrote: two creations of one name at the same instant both read
    /// none and both were made (the reviewer's race). Held here at the point where they meet: the test holds the name's
    /// turn, both creations wait for it, and once it is free one is made and the other is refused naming it.
    /// </summary>
    [Fact]
    public async Task they_take_turns_and_the_second_is_refused()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = $"Rosa Elena Ibarra {suffix}";
        var store = service.Services.GetRequiredService<IDocumentStore>();
        await using var holder = new NpgsqlConnection(service.ConnectionString);
        await holder.OpenAsync();
        await Execute(holder, "select pg_advisory_lock(hashtextextended($1, 0))", CreateAccountRules.NameKey(name));

        async Task<Decision> Create(string displayName, string userName)
        {
            await using var session = store.LightweightSession();
            var decision = await CreateAccountRules.StartAsync(session, new CreateAccount(userName, displayName, Roles.Staff), Guid.NewGuid(), "hash",
                "Ana (ana.admin)", service.Clock.GetUtcNow(), [], CancellationToken.None);
            await session.SaveChangesAsync();
            return decision;
        }
        var first = Create(name, $"rosa.{suffix}");
        var second = Create($"ROSA  ELENA IBARRA {suffix}.", $"rosa.ibarra.{suffix}");

        var waiting = 0L;
        for (var tries = 0; tries < 300 && waiting < 2; tries++)
        {
            await Task.Delay(100);
            Assert.False(first.IsCompleted || second.IsCompleted, "a creation went ahead while another held the name's turn");
            await using var count = new NpgsqlCommand("select count(*) from pg_locks where locktype = 'advisory' and not granted " +
                "and ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)", holder);
            count.Parameters.Add(new NpgsqlParameter { Value = CreateAccountRules.NameKey(name) });
            waiting = (long)(await count.ExecuteScalarAsync())!;
        }
        Assert.Equal(2, waiting);
        await Execute(holder, "select pg_advisory_unlock(hashtextextended($1, 0))", CreateAccountRules.NameKey(name));

        var decisions = await Task.WhenAll(first, second);
        Assert.Single(decisions, d => d.Rejection is null);
        Assert.Equal("display_name_taken", Assert.Single(decisions, d => d.Rejection is not null).Rejection!.Code);
        await using var query = store.QuerySession();
        var made = await query.Query<Account>().Where(a => a.UserName == $"rosa.{suffix}" || a.UserName == $"rosa.ibarra.{suffix}").CountAsync();
        Assert.Equal(1, made);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, string key)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync();
    }
}
