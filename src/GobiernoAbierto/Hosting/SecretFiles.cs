using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.KeyPerFile;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

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

    /// <summary>
    /// The directory named by GOBIERNOABIERTO_SECRETS_DIR, else /run/secrets if it exists, but not in Development (whose
    /// settings are appsettings.Development.json's: a /run/secrets left on a developer's machine is not read by ./run.sh);
    /// null for none.
    /// </summary>
    public static string? DirectoryOf(IConfiguration configuration, string defaultDirectory = DefaultDirectory)
    {
        var named = configuration[DirectoryVariable];
        if (named is not null) return string.IsNullOrWhiteSpace(named) ? null : named.Trim();
        if (string.Equals(configuration[HostDefaults.EnvironmentKey], Environments.Development, StringComparison.OrdinalIgnoreCase)) return null;
        return Directory.Exists(defaultDirectory) ? defaultDirectory : null;
    }

    /// <summary>
    /// Adds the directory's files to the configuration just below the environment variables (above appsettings*.json);
    /// at the end when there is no environment-variable source. A file its process cannot read is left out (Problems names it).
    /// </summary>
    public static void Add(IConfigurationBuilder configuration, string? directory)
    {
        if (directory is null || !Directory.Exists(directory) || !Listable(directory)) return; // Problems names it
        var source = new KeyPerFileConfigurationSource
        {
            // The provider opens each file before it asks IgnoreCondition: an unreadable one threw from the builder (an
            // unhandled exception, not the Spanish refusal), so it is never listed to the provider.
            FileProvider = new ReadableFiles(new PhysicalFileProvider(Path.GetFullPath(directory))),
            Optional = true,
            // The provider's own default skips names starting with ".." (Kubernetes' ..data links).
            IgnoreCondition = name => name.StartsWith("..", StringComparison.Ordinal),
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
    /// cannot read, a file that ends in a carriage return, a setting given as a file and, with another value, by a
    /// variable or on the command line.
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
        if (!Listable(directory))
        {
            yield return $"El directorio de secretos {directory} no se puede leer con el usuario del servicio: dele permiso de lectura " +
                $"y de paso (r-x) para ese usuario, o nombre otro con {DirectoryVariable}.";
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
            // Only the last \n is dropped: a file saved on Windows kept its \r, and PostgreSQL refused «the password of the
            // connection string» (a reviewer's), with nothing pointing at the file.
            if (fromFile?.EndsWith('\r') == true)
                yield return $"El archivo {name} del directorio de secretos {directory} termina en un retorno de carro (\\r, como guarda " +
                    "Windows los fines de línea), que se leería como parte del valor: guárdelo con fin de línea LF, p. ej. " +
                    $"`sed -i 's/\\r$//' {name}`.";
            if (configuration[key] is { } used && used != fromFile)
                yield return $"{key} se da dos veces con valores distintos: como archivo {name} en {directory} y como variable de entorno " +
                    $"{ProductionChecks.Variable(key)} (o en la línea de órdenes), que ganaría. Deje solo uno: quite la variable si el " +
                    "archivo es el bueno.";
        }
    }

    /// <summary>
    /// The files of a secrets directory named by GOBIERNOABIERTO_SECRETS_DIR that every user of the machine can read (the
    /// directory open to all, a file with o+r: `openssl rand … > file` under the usual umask makes 0644), for a warning:
    /// whoever reads the VoterKeySecret and the database can tell who voted. Not /run/secrets, which a container mounts
    /// for itself alone (Docker's secrets are 0444 by design). Null when none is.
    /// </summary>
    public static string? OpenToEveryone(IConfiguration configuration)
    {
        if (OperatingSystem.IsWindows()) return null;
        if (configuration[DirectoryVariable] is null || DirectoryOf(configuration) is not { } directory
            || !Directory.Exists(directory) || !Listable(directory)
            || !OpenToOthers(directory)) return null;
        var open = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            if (!Path.GetFileName(file).StartsWith("..", StringComparison.Ordinal) && (File.GetUnixFileMode(file) & UnixFileMode.OtherRead) != 0)
                open.Add(Path.GetFileName(file));
        return open.Count == 0 ? null
            : $"Cualquier usuario de esta máquina puede leer {string.Join(", ", open)} en el directorio de secretos {directory}: quien lea " +
              $"el secreto de las claves de votante y la base de datos sabría quién votó. Quite el permiso a los demás: `chmod 700 {directory}` " +
              $"(o `chmod 600` cada archivo, del usuario del servicio).";
    }

    /// <summary>
    /// Other users can reach into the directory: it and every directory above it let them through (o+x). A directory
    /// of 0755 inside one of 0700, e.g. /etc/gobiernoabierto/secretos, is closed to them.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool OpenToOthers(string directory)
    {
        for (var d = new DirectoryInfo(RealPath(directory)); d is not null; d = d.Parent)
            if ((File.GetUnixFileMode(d.FullName) & UnixFileMode.OtherExecute) == 0) return false;
        return true;
    }

    /// <summary>
    /// The path with every symbolic link in it followed (realpath): the directories other users pass through are the
    /// real ones. /root/secretos pointing at /srv/secretos is as open as /srv is.
    /// </summary>
    private static string RealPath(string path, int depth = 0)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var real = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new DirectoryInfo(Path.Combine(real, part));
            real = next.LinkTarget is not null && depth < 40 && next.ResolveLinkTarget(returnFinalTarget: true) is { } target
                ? RealPath(target.FullName, depth + 1)
                : next.FullName;
        }
        return real;
    }

    private static bool Listable(string directory)
    {
        try
        {
            using var files = Directory.EnumerateFileSystemEntries(directory).GetEnumerator();
            files.MoveNext();
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    /// <summary>The directory's files this process can open; the others are left for Problems to name.</summary>
    private sealed class ReadableFiles(PhysicalFileProvider files) : IFileProvider
    {
        public IDirectoryContents GetDirectoryContents(string subpath) => new Readable(files.GetDirectoryContents(subpath));
        public IFileInfo GetFileInfo(string subpath) => files.GetFileInfo(subpath);
        public IChangeToken Watch(string filter) => files.Watch(filter);

        private sealed class Readable(IDirectoryContents contents) : IDirectoryContents
        {
            public bool Exists => contents.Exists;
            public IEnumerator<IFileInfo> GetEnumerator() =>
                contents.Where(f => f.IsDirectory || f.PhysicalPath is not { } path || SecretFiles.Readable(path)).GetEnumerator();
            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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
