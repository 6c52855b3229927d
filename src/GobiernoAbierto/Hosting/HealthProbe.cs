namespace GobiernoAbierto.Hosting;

/// <summary>`healthcheck [url]`: the container's HEALTHCHECK, since the runtime image has no curl. Exit 0 when ready.</summary>
public static class HealthProbe
{
    public const string DefaultUrl = "http://127.0.0.1:8080/health/ready";

    public const string Usage = $"""
        Uso:
          healthcheck [URL]
              Pregunta al servicio si está listo (GET a URL, una dirección completa http:// o https://; por omisión
              {DefaultUrl}, el servicio de la imagen de contenedor). Es la orden HEALTHCHECK de la imagen, que no trae curl.
        Código de salida: 0 listo, 1 no listo o sin respuesta en 3 s, 2 uso incorrecto.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string url;
        switch (args)
        {
            case []:
                url = DefaultUrl;
                break;
            case ["--help" or "-h" or "help"]:
                await output.WriteLineAsync(Usage);
                return 0;
            case [var given] when Uri.TryCreate(given, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https":
                url = given;
                break;
            case [var given] when !given.StartsWith('-'):
                await error.WriteLineAsync($"healthcheck: «{given}» no es una dirección completa: escríbala con http:// o https:// " +
                    $"y la ruta, p. ej. http://{given.TrimEnd('/')}/health/ready." + Environment.NewLine + Usage);
                return 2;
            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            return (await client.GetAsync(url)).IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
