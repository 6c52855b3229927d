using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.KeyPerFile;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// Settings read from a directory of files, one file a setting, its name the environment-variable form of the key and its
/// content the value (`Voting__VoterKeySecret` holds Voting:VoterKeySecret; one trailing newline is dropped): what Docker
/// and compose secrets mount in /run/secrets, so the secrets stay out of the container's environment (`docker inspect`,
/// /proc/PID/environ). The directory is GOBIERNOABIERTO_SECRETS_DIR when set (empty: none), else /run/secrets when it
/// exists. Precedence: these files override appsettings*.json; environment variables and the command line override them,
/// and a setting given both as a file and, with another value, as a variable is refused (Problems): a variable left over
/// from before the files would otherwise win silently. ASP.NET Core's own KeyPerFile provider (in its shared framework)
/// reads them. README, «Configuración de producción».
/// </summary>
public static class SecretFiles
{
    public const string DirectoryVariable = "GOBIERNOABIERTO_SECRETS_DIR";
    public const string DefaultDirectory = "/run/secrets";

    /// <summary>The directory named by GOBIERNOABIERTO_SECRETS_DIR, else /run/secrets if it exists; null for none.</summary>
    public static string? DirectoryOf(IConfiguration configuration, string defaultDirectory = DefaultDirectory)
    {
        var named = configuration[DirectoryVariable];
        if (named is not null) return string.IsNullOrWhiteSpace(named) ? null : named.Trim();
        return Directory.Exists(defaultDirectory) ? defaultDirectory : null;
    }

    /// <summary>
    /// Adds the directory's files to the configuration just below the environment variables (above appsettings*.json);
    /// at the end when there is no environment-variable source. A file its process cannot read is left out (Problems names it).
    /// </summary>
    public static void Add(IConfigurationBuilder configuration, string? directory)
    {
        if (directory is null || !Directory.Exists(directory)) return;
        var source = new KeyPerFileConfigurationSource
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetFullPath(directory)),
            Optional = true,
            // The provider's own default skips names starting with ".." (Kubernetes' ..data links); unreadable files too.
            IgnoreCondition = name => name.StartsWith("..", StringComparison.Ordinal) || !Readable(Path.Combine(directory, name)),
        };
        var sources = configuration.Sources;
        var environment = -1;
        for (var i = 0; i < sources.Count; i++)
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" }) environment = i;
        if (environment < 0) sources.Add(source);
        else sources.Insert(environment, source);
    }

    /// <summary>
    /// What is wrong with the secrets' directory, in Spanish: a directory named that does not exist, a file its process
    /// cannot read, a setting given as a file and, with another value, by a variable or on the command line.
    /// </summary>
    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        var directory = DirectoryOf(configuration);
        if (directory is null) yield break;
        if (!Directory.Exists(directory))
        {
            yield return $"{DirectoryVariable} nombra el directorio de secretos «{directory}», que no existe (o este proceso no puede " +
                "verlo): créelo con un archivo por valor secreto, o quite la variable.";
            yield break;
        }
        var provider = (configuration as IConfigurationRoot)?.Providers.OfType<KeyPerFileConfigurationProvider>().LastOrDefault();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith("..", StringComparison.Ordinal)) continue;
            if (!Readable(path))
            {
                yield return $"El archivo {name} del directorio de secretos {directory} no se puede leer con el usuario del servicio: " +
                    "dele permiso de lectura para ese usuario (en un contenedor, el archivo del anfitrión con modo 0444 dentro de un " +
                    "directorio 0700, o del uid del servicio).";
                continue;
            }
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            if (provider is null || !provider.TryGet(key, out var fromFile)) continue;
            if (configuration[key] is { } used && used != fromFile)
                yield return $"{key} se da dos veces con valores distintos: como archivo {name} en {directory} y como variable de entorno " +
                    $"{ProductionChecks.Variable(key)} (o en la línea de órdenes), que ganaría. Deje solo uno: quite la variable si el " +
                    "archivo es el bueno.";
        }
    }

    private static bool Readable(string path)
    {
        try
        {
            using var _ = File.OpenRead(path);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }
}
