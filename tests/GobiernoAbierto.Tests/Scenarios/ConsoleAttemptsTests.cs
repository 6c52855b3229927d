using Marten;
using Microsoft.Extensions.DependencyInjection;
using GobiernoAbierto.Accounts;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

public sealed class when_a_person_comes_to_activate_before_the_ieeq_gave_their_code(RateLimitedService service) : IClassFixture<RateLimitedService>
{
    /// <summary>
    /// Only a wrong code is a guess. A person of the IEEQ who comes with the right activation code before the IEEQ gave
    /// them its code is told so as often as they try, and spends none of the attempts their address has (the office
    /// shares one); a wrong code still counts, and three a minute stop the address (RateLimitedService).
    /// </summary>
    [Fact]
    public async Task the_right_activation_code_is_not_counted_as_a_failure_and_a_wrong_one_is()
    {
        var id = Guid.NewGuid();
        var user = $"temprano.{id:N}"[..24];
        var now = service.Clock.GetUtcNow();
        var expires = now + CreateAccountRules.ActivationLifetime;
        var (code, hash) = service.Services.GetRequiredService<SecondFactor>().NewCode(CreateAccountRules.ActivationPurpose, id, Roles.Auditor, expires);
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream<Account>(id, new AccountCreated(id, user, "Persona que llega temprano", Roles.Auditor, hash, expires, "Ana", now));
            await session.SaveChangesAsync();
        }

        using var browser = ConsoleAccounts.FormClient(service);
        for (var i = 0; i < 5; i++)
            Assert.Contains(IeeqCode.NotGiven.Title, await CheckAsync(browser, user, code));
        for (var i = 0; i < 3; i++)
            Assert.Contains(ActivateAccountRules.InvalidActivation.Title, await CheckAsync(browser, user, "AAAA-BBBB-CCCC-DDDD"));
        var stopped = await CheckAsync(browser, user, code);
        Assert.Contains("Espere un momento", stopped);
        Assert.DoesNotContain(IeeqCode.NotGiven.Title, stopped);
    }

    /// <summary>The activation page's first step, posted as a browser posts it (its antiforgery token first); the page's HTML.</summary>
    internal static async Task<string> CheckAsync(HttpClient browser, string userName, string activationCode)
    {
        var form = await browser.GetStringAsync("/consola/activar");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var answer = await browser.PostAsync("/consola/activar?handler=Check", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Form.UserName"] = userName, ["Form.ActivationCode"] = activationCode,
        }));
        return System.Net.WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
    }
}

public sealed class when_a_person_of_the_ieeq_leaves_its_code_empty(RateLimitedService service) : IClassFixture<RateLimitedService>
{
    /// <summary>
    /// The IEEQ's code left empty at the second step is no guess (an outside tester saw it counted): it is asked for
    /// beside its field as often as it happens, and the address keeps its three attempts for codes that are wrong.
    /// </summary>
    [Fact]
    public async Task an_empty_ieeq_code_is_asked_for_and_not_counted_and_a_wrong_one_is()
    {
        var id = Guid.NewGuid();
        var user = $"auditora.{id:N}"[..24];
        var now = service.Clock.GetUtcNow();
        var expires = now + CreateAccountRules.ActivationLifetime;
        var factor = service.Services.GetRequiredService<SecondFactor>();
        var (code, hash) = factor.NewCode(CreateAccountRules.ActivationPurpose, id, Roles.Auditor, expires);
        var (_, ieeqHash) = factor.NewCode(IeeqCode.Purpose, id, Roles.Auditor, expires);
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream<Account>(id, new AccountCreated(id, user, "Auditora que activa", Roles.Auditor, hash, expires, "Ana", now),
                new IeeqCodeGiven(id, ieeqHash, expires, "Auditor IEEQ", null, now));
            await session.SaveChangesAsync();
        }

        using var browser = ConsoleAccounts.FormClient(service);
        var enrolment = await when_a_person_comes_to_activate_before_the_ieeq_gave_their_code.CheckAsync(browser, user, code);
        var secret = System.Text.RegularExpressions.Regex.Match(enrolment, "name=\"EnrolmentSecret\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(secret);
        var token = System.Text.RegularExpressions.Regex.Match(enrolment, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        async Task<string> ActivateAsync(string ieeqCode) => System.Net.WebUtility.HtmlDecode(await (await browser.PostAsync("/consola/activar?handler=Activate",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Form.UserName"] = user, ["Form.ActivationCode"] = code, ["EnrolmentSecret"] = secret,
                ["Form.IeeqCode"] = ieeqCode, ["Form.Password"] = "una frase larga para la prueba", ["Form.PasswordAgain"] = "una frase larga para la prueba",
                ["Form.TotpCode"] = "000000",
            }))).Content.ReadAsStringAsync());

        for (var i = 0; i < 5; i++)
        {
            var page = await ActivateAsync(i % 2 == 0 ? "" : "   ");
            Assert.Contains("Escriba el código que le dio en persona la Auditoría del IEEQ", page);
            Assert.DoesNotContain(IeeqCode.Wrong.Title, page);
        }
        for (var i = 0; i < 3; i++)
            Assert.Contains(IeeqCode.Wrong.Title, await ActivateAsync("AAAA-BBBB-CCCC-DDDD"));
        Assert.Contains("Espere un momento", await ActivateAsync("AAAA-BBBB-CCCC-DDDD"));
    }

}

public sealed class when_someone_presses_entrar_on_an_empty_form(RateLimitedService service) : IClassFixture<RateLimitedService>
{
    /// <summary>Each empty field is named beside it, and an empty form is no failed attempt: the address keeps its three.</summary>
    [Fact]
    public async Task each_missing_field_is_named_and_nothing_is_counted()
    {
        var account = await ConsoleAccounts.CreateAsync(service, Roles.Staff);
        using var browser = ConsoleAccounts.FormClient(service);
        for (var i = 0; i < 4; i++)
        {
            var answer = await ConsoleAccounts.PostSignInAsync(browser, "", "", " ");
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
            var page = System.Net.WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
            Assert.Contains("Escriba su usuario.", page);
            Assert.Contains("Escriba su contraseña.", page);
            Assert.Contains("Escriba los 6 dígitos que muestra ahora su aplicación de autenticación.", page);
            Assert.DoesNotContain(SignInRules.Refused.Detail, page);
        }
        var onlyTheCode = System.Net.WebUtility.HtmlDecode(await (await ConsoleAccounts.PostSignInAsync(browser, account.UserName, account.Password, ""))
            .Content.ReadAsStringAsync());
        Assert.Contains("Escriba los 6 dígitos", onlyTheCode);
        Assert.DoesNotContain("Escriba su usuario.", onlyTheCode);

        for (var i = 0; i < 3; i++) // RateLimitedService: three failures a minute, all still there
            Assert.Contains(SignInRules.Refused.Detail, System.Net.WebUtility.HtmlDecode(
                await (await ConsoleAccounts.PostSignInAsync(browser, account.UserName, "otra contraseña", "123456")).Content.ReadAsStringAsync()));
    }
}

[Collection(SharedService.Name)]
public sealed class when_a_person_signs_in_with_a_code_already_used(ServiceFixture service)
{
    /// <summary>
    /// The app shows the same code for 30 seconds: typed again on another browser right after it signed her in (or
    /// activated her account), it is refused with the one answer every failed sign-in gets (a different one would tell
    /// whoever saw the code over her shoulder that a password they try is right), which says a code serves once and to
    /// wait for the next; the next code signs her in.
    /// </summary>
    [Fact]
    public async Task the_one_refusal_says_a_code_serves_once_and_to_wait_for_the_next()
    {
        var account = await ConsoleAccounts.CreateAsync(service, Roles.Auditor);
        var code = account.NextCode(service);
        using (var first = ConsoleAccounts.FormClient(service))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await ConsoleAccounts.PostSignInAsync(first, account.UserName, account.Password, code)).StatusCode);

        using var browser = ConsoleAccounts.FormClient(service);
        var replay = await ConsoleAccounts.PostSignInAsync(browser, account.UserName, account.Password, code);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, replay.StatusCode);
        var page = System.Net.WebUtility.HtmlDecode(await replay.Content.ReadAsStringAsync());
        Assert.Contains(SignInRules.Refused.Detail, page);
        Assert.Contains("Cada código sirve una sola vez", page);
        Assert.Contains("espere a que su aplicación muestre el siguiente", page);
        var wrongPassword = System.Net.WebUtility.HtmlDecode(await (await ConsoleAccounts.PostSignInAsync(browser, account.UserName, "no es su contraseña", code)).Content.ReadAsStringAsync());
        Assert.Contains(SignInRules.Refused.Detail, wrongPassword); // the same answer

        Assert.Equal(System.Net.HttpStatusCode.Redirect,
            (await ConsoleAccounts.PostSignInAsync(browser, account.UserName, account.Password, account.NextCode(service))).StatusCode);
    }
}

/// <summary>A service behind a reverse proxy on this machine: the client address is the one X-Forwarded-For names.</summary>
public sealed class BehindProxyService() : ServiceHost(TestDatabase.NewSchemaName(),
    settings: new Dictionary<string, string?> { [PublicHosting.KnownProxiesKey] = "127.0.0.1" });

public sealed class when_someone_tries_an_auditors_user_name_from_another_address(BehindProxyService service) : IClassFixture<BehindProxyService>
{
    private HttpClient From(string address)
    {
        var client = ConsoleAccounts.FormClient(service);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    /// <summary>
    /// A staff member who read the auditor's user name in the audit log makes five wrong tries from the office: that locks
    /// the office's address, even with her right password and code there, and not the auditor, who signs in at the IEEQ
    /// from a browser she never used (the client address as the rate limits read it, through the proxy's header).
    /// </summary>
    [Fact]
    public async Task five_wrong_tries_lock_that_address_only_and_she_signs_in_from_hers()
    {
        var auditor = await ConsoleAccounts.CreateAsync(service, Roles.Auditor);
        using var office = From("203.0.113.7");
        for (var i = 0; i < Account.FailuresBeforeLockout; i++)
            Assert.Contains(SignInRules.Refused.Detail, System.Net.WebUtility.HtmlDecode(await (await ConsoleAccounts.PostSignInAsync(office,
                auditor.UserName, "no es su contraseña", "123456")).Content.ReadAsStringAsync()));
        var locked = await ConsoleAccounts.PostSignInAsync(office, auditor.UserName, auditor.Password, auditor.NextCode(service));
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("desde esta red", System.Net.WebUtility.HtmlDecode(await locked.Content.ReadAsStringAsync()));

        using var ieeq = From("198.51.100.20");
        Assert.Equal(System.Net.HttpStatusCode.Redirect,
            (await ConsoleAccounts.PostSignInAsync(ieeq, auditor.UserName, auditor.Password, auditor.NextCode(service))).StatusCode);
    }
}

/// <summary>
/// Behind the failover topology's two balanced instances, tries on a user name no account has were counted by each
/// instance in its memory: an unknown name locked after ten tries and a real one after five, which told names apart.
/// They are counted in the database now, like an account's failures, under a keyed hash of the name.
/// </summary>
public sealed class when_two_instances_count_tries_on_a_user_name_no_account_has(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private UnknownUserNames Instance() => new(service.Services.GetRequiredService<IDocumentStore>(),
        service.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), service.Services.GetRequiredService<SecondFactor>(), service.Clock);

    private async Task<long> StoredAsync(string containing)
    {
        await using var connection = await service.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using var count = new Npgsql.NpgsqlCommand(
            $"select count(*) from {service.Schema}.mt_doc_unknownusernametries where $1 = '' or data::text like '%' || $1 || '%'", connection);
        count.Parameters.Add(new Npgsql.NpgsqlParameter { Value = containing });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task it_locks_after_as_many_tries_as_an_account_whichever_instance_each_reaches_and_keeps_no_name()
    {
        var name = $"nadie.{Guid.NewGuid():N}"[..20];
        var office = service.Services.GetRequiredService<SecondFactor>().AddressKey(name, System.Net.IPAddress.Parse("203.0.113.7"));
        var (first, second) = (Instance(), Instance());

        // Four at once on the two instances (none lost), then a fifth: five in a row, as an account counts them.
        var together = await Task.WhenAll(Enumerable.Range(0, Account.FailuresBeforeLockout - 1)
            .Select(i => (i % 2 == 0 ? first : second).AttemptAsync(name, office, CancellationToken.None)));
        Assert.All(together, r => Assert.Same(SignInRules.Refused, r));
        Assert.Same(SignInRules.Refused, await second.AttemptAsync(name, office, CancellationToken.None));
        Assert.Equal("account_locked", (await first.AttemptAsync(name, office, CancellationToken.None)).Code);
        Assert.Equal("account_locked", (await second.AttemptAsync(name, office, CancellationToken.None)).Code);

        // Kept under a keyed hash: a name typed in the user box may be someone's password.
        Assert.True(await StoredAsync("") >= 1);
        Assert.Equal(0, await StoredAsync(name));

        // A quarter hour after the last try it counts from nothing, as an account's tries do, and the sweep deletes it.
        service.Clock.Offset += Account.LockoutDuration + TimeSpan.FromMinutes(2);
        var other = $"otro.{Guid.NewGuid():N}"[..20];
        Assert.Same(SignInRules.Refused, await Instance().AttemptAsync(other, office, CancellationToken.None));
        await first.SweepAsync(CancellationToken.None);
        Assert.Equal(1, await StoredAsync("")); // the other name's, just tried
        Assert.Same(SignInRules.Refused, await first.AttemptAsync(name, office, CancellationToken.None));
        service.Clock.Offset -= Account.LockoutDuration + TimeSpan.FromMinutes(2);
    }
}
