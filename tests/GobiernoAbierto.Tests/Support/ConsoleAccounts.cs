using System.Net;
using GobiernoAbierto.Accounts;
using Marten;
using GobiernoAbierto.Seed;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Support;

/// <summary>A person's console account as the test knows it: what they type to sign in, and their authenticator's key.</summary>
public sealed class ConsoleAccount(string userName, string displayName, string password, byte[] totpSecret)
{
    public string UserName { get; } = userName;
    public string DisplayName { get; } = displayName;
    public string Password { get; } = password;
    public byte[] TotpSecret { get; } = totpSecret;
    private long _lastStep;

    /// <summary>
    /// The code the person's app shows now. A code is accepted once: when this account already used the current one,
    /// the service's clock moves on to the next 30-second step, as a person would wait for a new code.
    /// </summary>
    public string NextCode(ServiceHost service)
    {
        var step = service.Clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        if (step <= _lastStep)
        {
            service.Clock.Offset += TimeSpan.FromSeconds((_lastStep - step + 1) * 30);
            step = _lastStep + 1;
        }
        _lastStep = step;
        return new Totp(TotpSecret).ComputeTotp(service.Clock.GetUtcNow().UtcDateTime);
    }
}

public static class ConsoleAccounts
{
    public const string Password = "una frase larga de prueba";

    /// <summary>An active account made as the development accounts are (AccountsCommand.SeedAsync: the real decisions).</summary>
    public static async Task<ConsoleAccount> CreateAsync(ServiceHost service, string role, string? userName = null)
    {
        userName ??= $"{role}.{Guid.NewGuid():N}"[..30];
        var secret = KeyGeneration.GenerateRandomKey(20);
        var displayName = $"Persona de prueba {userName}";
        await AccountsCommand.SeedAsync(service.Services.GetRequiredService<IDocumentStore>(),
            [new SampleAccount { UserName = userName, DisplayName = displayName, Role = role, Password = Password, TotpSecret = Base32Encoding.ToString(secret) }],
            service.Services.GetRequiredService<SecondFactor>(), service.Services.GetRequiredService<PasswordHasher<Account>>(),
            service.Clock.GetUtcNow(), CancellationToken.None);
        return new ConsoleAccount(userName, displayName, Password, secret);
    }

    /// <summary>Signs in through the sign-in page, as the person would, and waits for the console's home page.</summary>
    public static async Task SignInAsync(IPage page, ServiceHost service, ConsoleAccount account)
    {
        await page.GotoAsync("/consola/entrar");
        await page.GetByLabel("Usuario").FillAsync(account.UserName);
        await page.GetByLabel("Contraseña").FillAsync(account.Password);
        await page.GetByLabel("Código de su aplicación de autenticación").FillAsync(account.NextCode(service));
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// A client that keeps cookies and has signed in through the sign-in form, as a browser without script would: for
    /// reading console pages as their HTML. Follows no redirect, so a page that sends it to sign in says so.
    /// </summary>
    public static async Task<HttpClient> SignedInClientAsync(ServiceHost service, ConsoleAccount account)
    {
        var browser = FormClient(service);
        var signedIn = await PostSignInAsync(browser, account.UserName, account.Password, account.NextCode(service));
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"The sign-in answered {(int)signedIn.StatusCode}, not the redirect to the console.");
        return browser;
    }

    /// <summary>A client that keeps cookies and follows no redirect, as a browser without script posting the console's forms.</summary>
    public static HttpClient FormClient(ServiceHost service) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = service.BaseAddress };

    /// <summary>The sign-in form sent as a browser sends it (its antiforgery token first); the page's answer, whatever it is.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string userName, string password, string code)
    {
        var form = await browser.GetStringAsync("/consola/entrar");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await browser.PostAsync("/consola/entrar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Form.UserName"] = userName, ["Form.Password"] = password, ["Form.TotpCode"] = code,
        }));
    }
}
