using System.Security.Cryptography;

namespace GobiernoAbierto.Accounts;

/// <summary>
/// The browser a person signs in from, remembered by a random cookie the sign-in gives it (OWASP's "device cookie"): the
/// account keeps the cookie's hash (Account.KnownDevices), and failed attempts from such a browser count apart from all
/// others. Someone who knows an IEEQ auditor's user name can then lock out only browsers the auditor never used, not
/// the laptop they certify from. The cookie proves nothing by itself (the password and code are still asked); it is
/// sent to the sign-in page only.
/// </summary>
public static class KnownDevice
{
    public const string CookieName = "ga_equipo";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(400); // the longest a browser keeps a cookie

    /// <summary>The id the browser's cookie holds, if it brought one of the right shape.</summary>
    public static string? IdOf(HttpRequest request) =>
        request.Cookies[CookieName] is { Length: 32 } id && id.All(char.IsAsciiHexDigitLower) ? id : null;

    /// <summary>A new id, given at every successful sign-in (the one the browser brought is replaced).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string? Hash(string? id) => id is null ? null : Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(id)));

    public static void Remember(HttpResponse response, string id) => response.Cookies.Append(CookieName, id, new CookieOptions
    {
        Path = ConsoleSignIn.SignInPath,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = response.HttpContext.Request.IsHttps,
        MaxAge = Lifetime,
        IsEssential = true,
    });
}
