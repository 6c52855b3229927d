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

    /// <summary>
    /// A build that was not published (`dotnet bin/Release/net10.0/GobiernoAbierto.dll`, as the benchmarks start it) has
    /// no wwwroot of its own, and answered every page with a 500. Its static web assets manifest says where the source's
    /// pages are, as `dotnet run` finds them in Development: used outside Development only when the web root has no
    /// pages. False when neither has them (the caller warns).
    /// </summary>
    public static bool FindPages(WebApplicationBuilder builder)
    {
        if (builder.Environment.WebRootFileProvider.GetFileInfo("index.html").Exists) return true;
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{builder.Environment.ApplicationName}.staticwebassets.runtime.json");
        if (builder.Environment.IsDevelopment() || !File.Exists(manifest)) return builder.Environment.IsDevelopment();
        builder.WebHost.UseStaticWebAssets();
        return true;
    }
}
