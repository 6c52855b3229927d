namespace GobiernoAbierto.Hosting;

/// <summary>
/// `healthcheck [url]`: the container's HEALTHCHECK, since the runtime image has no curl, and the operator's question
/// "is it ready?" at a shell. Exit 0 when ready; one line in Spanish either way, so a probe that fails says why (Docker
/// keeps it in the container's health log).
/// </summary>
public static class HealthProbe
{
    public const string ReadyPath = "/health/ready";
    public const string DefaultUrl = "http://127.0.0.1:8080" + ReadyPath;

    public const string Usage = $"""
        Uso:
          healthcheck [URL]
              Pregunta al servicio si está listo (GET a URL, una dirección completa http:// o https://; sin ruta, como
              http://127.0.0.1:5080, pregunta a {ReadyPath} en ella). Por omisión, el puerto de ASPNETCORE_URLS o
              ASPNETCORE_HTTP_PORTS en 127.0.0.1, y si no hay ninguno {DefaultUrl}, el servicio de la imagen de
              contenedor. Es la orden HEALTHCHECK de la imagen, que no trae curl.
        Código de salida: 0 listo, 1 no listo o sin respuesta en 3 s, 2 uso incorrecto.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string url;
        switch (args)
        {
            case []:
                url = DefaultFromEnvironment(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
                break;
            case ["--help" or "-h" or "help"]:
                await output.WriteLineAsync(Usage);
                return 0;
            case [var given] when Uri.TryCreate(given, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https":
                // The service's address alone would ask its home page, which answers 200 even with PostgreSQL down.
                url = uri.AbsolutePath == "/" && uri.Query == "" ? given.TrimEnd('/') + ReadyPath : given;
                break;
            case [var given] when !given.StartsWith('-'):
                await error.WriteLineAsync($"healthcheck: «{given}» no es una dirección completa: escríbala con http:// o https:// " +
                    $"y la ruta, p. ej. http://{given.TrimEnd('/')}{ReadyPath}." + Environment.NewLine + Usage);
                return 2;
            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"healthcheck: listo ({url} respondió {(int)response.StatusCode}).");
                return 0;
            }
            // The service gives its reason to a caller on its own machine («No listo: …»); the probe passes it on.
            var body = await response.Content.ReadAsStringAsync();
            await error.WriteLineAsync($"healthcheck: no listo: {url} respondió {(int)response.StatusCode}" +
                (body.StartsWith("No listo: ", StringComparison.Ordinal) && body.Length < 2000 && !body.Contains('\n')
                    ? $": {body["No listo: ".Length..]}"
                    : response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable ? " (vea el registro del servicio)." : "."));
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"healthcheck: no listo: {url} no respondió" +
                (e is TaskCanceledException ? " en 3 s." : $" ({e.Message}). ¿Está arrancado el servicio, y en esa dirección?"));
            return 1;
        }
    }

    /// <summary>
    /// Where the service of this environment listens, as the probe reaches it from the same machine or container: the
    /// first http address of ASPNETCORE_URLS (every interface, "+", "*", "0.0.0.0", "[::]", is asked on 127.0.0.1), else
    /// the first of ASPNETCORE_HTTP_PORTS, else the image's port 8080.
    /// </summary>
    public static string DefaultFromEnvironment(string? urls, string? httpPorts)
    {
        foreach (var entry in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = System.Text.RegularExpressions.Regex.Match(entry, @"^http://(?<host>\[[^\]]*\]|[^:/]+)(:(?<port>\d+))?");
            if (!match.Success) continue;
            var host = match.Groups["host"].Value;
            if (host is "+" or "*" or "0.0.0.0" or "[::]" or "localhost") host = "127.0.0.1";
            var port = match.Groups["port"].Success ? match.Groups["port"].Value : "80";
            return $"http://{host}:{port}{ReadyPath}";
        }
        var first = (httpPorts ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null && int.TryParse(first, out _) ? $"http://127.0.0.1:{first}{ReadyPath}" : DefaultUrl;
    }
}
