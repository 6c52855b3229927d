namespace GobiernoAbierto.Hosting;

/// <summary>
/// Where the service reads appsettings.json and serves wwwroot from. ASP.NET takes the current directory; started from
/// another one (a systemd unit without WorkingDirectory, `dotnet /opt/gobiernoabierto/GobiernoAbierto.dll` typed in a
/// home directory) the service started without its appsettings.json (log levels, schema, group commit) and answered 404
/// for every resident page, the kiosk's included, while /health/ready said it was ready.
/// </summary>
public static class ServiceDirectory
{
    /// <summary>
    /// The directory of the service's own files when this process is the service (not a test host) and the current
    /// directory has no appsettings.json while that one has; null (ASP.NET's default, the current directory) otherwise,
    /// and whenever the content root is given (--contentRoot, ASPNETCORE_CONTENTROOT, DOTNET_CONTENTROOT).
    /// </summary>
    public static string? ContentRoot(string[] args)
    {
        if (System.Reflection.Assembly.GetEntryAssembly() != typeof(ServiceDirectory).Assembly) return null;
        if (args.Any(a => a.Contains("contentroot", StringComparison.OrdinalIgnoreCase))) return null;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")) ||
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"))) return null;
        if (File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))) return null;
        return File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")) ? AppContext.BaseDirectory : null;
    }
}
