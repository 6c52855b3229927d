using System.Net;
using System.Security.Cryptography;
using GobiernoAbierto.Accounts;
using GobiernoAbierto.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// Authenticator secrets used to be sealed without their account: someone who could write the database but lacked the
/// server secret could copy their own seal (and password hash) onto an auditor's account and sign in as the IEEQ. A
/// seal is now bound to its account, and those kept the old way are sealed again, bound, when the service starts.
/// </summary>
public sealed class when_the_service_starts_with_second_factors_sealed_the_old_way
{
    /// <summary>The seal as versions before 2026-12-03 wrote it: AES-GCM under the console key, "totp|v1" as associated data.</summary>
    private static string SealedTheOldWay(ServiceHost service, byte[] secret)
    {
        var key = service.Services.GetRequiredService<Ballots.VoterKeys>().ConsoleSecretsKey();
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[secret.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, tag.Length);
        aes.Encrypt(nonce, secret, cipher, tag, "totp|v1"u8);
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    [Fact]
    public async Task each_old_seal_is_sealed_again_for_its_account_and_the_old_kind_opens_nothing_after()
    {
        var schema = TestDatabase.NewSchemaName();
        ConsoleAccount person;
        Guid id;
        await using (var old = new ServiceHost(schema))
        {
            await old.InitializeAsync();
            person = await ConsoleAccounts.CreateAsync(old, Hosting.Roles.Auditor);
            await using (var session = old.Services.GetRequiredService<IDocumentStore>().QuerySession())
                id = (await session.Query<Account>().SingleAsync(a => a.UserName == person.UserName)).Id;
            // As an older version left it.
            Assert.Null(await old.Services.GetRequiredService<Hosting.StreamWrites>().DecideAsync<Account>(id,
                _ => Decision.Accept(new SecondFactorResealed(id, SealedTheOldWay(old, person.TotpSecret), old.Clock.GetUtcNow())), CancellationToken.None));
            var refused = await ConsoleAccounts.PostSignInAsync(ConsoleAccounts.FormClient(old), person.UserName, person.Password, person.NextCode(old));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode); // an old seal alone opens nothing
        }

        await using var upgraded = new ServiceHost(schema);
        await upgraded.InitializeAsync();
        using var signedIn = await ConsoleAccounts.SignedInClientAsync(upgraded, person); // throws unless redirected to the console
        await using var check = upgraded.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await check.Events.FetchStreamAsync(id);
        Assert.Equal(2, events.Count(e => e.Data is SecondFactorResealed)); // the test's, then the start's
        Assert.Equal(person.TotpSecret, upgraded.Services.GetRequiredService<SecondFactor>().Open(
            ((SecondFactorResealed)events.Last(e => e.Data is SecondFactorResealed).Data).SealedTotpSecret, (await check.LoadAsync<Account>(id))!));
    }
}
