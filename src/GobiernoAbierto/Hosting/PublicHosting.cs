using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// How the service is reached in production: residents open <c>Hosting:PublicOrigin</c> (an https address) on a reverse
/// proxy that terminates TLS and passes requests on with X-Forwarded-For and X-Forwarded-Proto. Only the proxies listed
/// in <c>Hosting:ReverseProxy:KnownProxies</c> (IP addresses) or <c>KnownNetworks</c> (CIDR) are believed; a list is
/// either a configuration array or one comma-separated value. README, "Configuración de producción".
/// </summary>
public sealed record PublicHosting(
    string? PublicOriginSetting,
    IReadOnlyList<IPAddress> KnownProxies,
    IReadOnlyList<IPNetwork> KnownNetworks,
    IReadOnlyList<string> Malformed)
{
    public const string PublicOriginKey = "Hosting:PublicOrigin";
    public const string KnownProxiesKey = "Hosting:ReverseProxy:KnownProxies";
    public const string KnownNetworksKey = "Hosting:ReverseProxy:KnownNetworks";

    /// <summary>The https origin residents use, when PublicOrigin is one (scheme and host, no path).</summary>
    public Uri? HttpsOrigin =>
        Uri.TryCreate(PublicOriginSetting, UriKind.Absolute, out var origin) && origin.Scheme == Uri.UriSchemeHttps &&
        origin.AbsolutePath == "/" && string.IsNullOrEmpty(origin.Query) && string.IsNullOrEmpty(origin.Fragment) &&
        string.IsNullOrEmpty(origin.UserInfo)
            ? origin
            : null;

    public bool BehindProxy => KnownProxies.Count + KnownNetworks.Count > 0;

    /// <summary>
    /// The address residents and staff open, with a trailing slash, for what is printed or handed on (letters, QR codes,
    /// activation sheets, kiosk links): PublicOrigin when set; otherwise the address this request came by. Behind a
    /// proxy the request's Host is whatever the proxy sent (often the service's internal address), so it is never used
    /// where PublicOrigin is known.
    /// </summary>
    public Uri SiteFor(HttpRequest request) =>
        HttpsOrigin ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");

    public static PublicHosting Read(IConfiguration configuration)
    {
        var malformed = new List<string>();
        var proxies = new List<IPAddress>();
        foreach (var entry in List(configuration, KnownProxiesKey))
            if (IPAddress.TryParse(entry, out var address)) proxies.Add(address);
            else malformed.Add($"{KnownProxiesKey} ({ProductionChecks.Variable(KnownProxiesKey)}): «{entry}» no es una dirección IP.");
        var networks = new List<IPNetwork>();
        foreach (var entry in List(configuration, KnownNetworksKey))
            if (!IPNetwork.TryParse(entry, out var network))
                malformed.Add($"{KnownNetworksKey} ({ProductionChecks.Variable(KnownNetworksKey)}): «{entry}» no es una red CIDR como 10.0.0.0/24.");
            // Not only /0: 0.0.0.0/1 and 128.0.0.0/1 together trust every address as well. No proxy's network is wider
            // than a /8 (IPv4) or a /16 (IPv6).
            else if (network.PrefixLength < (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 16 : 8))
                malformed.Add($"{KnownNetworksKey} ({ProductionChecks.Variable(KnownNetworksKey)}): «{entry}» confiaría en cualquier cliente, que " +
                    "podría hacerse pasar por el proxy (una red más amplia que /8 en IPv4 o /16 en IPv6); indique solo la red del proxy inverso.");
            else networks.Add(network);
        return new PublicHosting(configuration[PublicOriginKey], proxies, networks, malformed);
    }

    /// <summary>What is wrong with these settings; with <paramref name="required"/>, missing ones too (production).</summary>
    public IEnumerable<string> Problems(bool required)
    {
        foreach (var problem in Malformed) yield return problem;
        if (!string.IsNullOrWhiteSpace(PublicOriginSetting) && HttpsOrigin is null)
            yield return $"{PublicOriginKey} ({ProductionChecks.Variable(PublicOriginKey)}) = «{PublicOriginSetting}» no es un origen https " +
                "(esquema https y nombre, sin ruta), p. ej. https://participa.municipiodequeretaro.gob.mx. El servicio se publica solo por HTTPS.";
        if (!required) yield break;
        if (string.IsNullOrWhiteSpace(PublicOriginSetting))
            yield return $"Falta {PublicOriginKey} ({ProductionChecks.Variable(PublicOriginKey)}): la dirección https con que los residentes abren " +
                "el servicio, p. ej. https://participa.municipiodequeretaro.gob.mx. El servicio va detrás de un proxy inverso que termina TLS.";
        if (!BehindProxy && Malformed.Count == 0)
            yield return $"Falta {KnownProxiesKey} ({ProductionChecks.Variable(KnownProxiesKey)}) o {KnownNetworksKey}: la dirección IP (o la red " +
                "CIDR) del proxy inverso que termina TLS, p. ej. 10.0.0.5. Solo de él se creen X-Forwarded-For y X-Forwarded-Proto; sin ella el " +
                "servicio no sabe que la conexión del residente fue HTTPS.";
    }

    /// <summary>Forwarded headers believed from the configured proxies only (ASP.NET's default, loopback, is dropped).</summary>
    public ForwardedHeadersOptions ForwardedHeadersOptions()
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies) options.KnownProxies.Add(proxy);
        foreach (var network in KnownNetworks) options.KnownIPNetworks.Add(network);
        return options;
    }

    private static IEnumerable<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return values.SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}

public static class PublicHostingSetup
{
    /// <summary>
    /// No Server header; request bodies up to <see cref="BodyLimits.Default"/>; request lines and headers up to
    /// <see cref="RequestHeadLimits"/>; forwarded headers from the configured reverse
    /// proxy; security headers on every answer, with HSTS outside Development when the public origin is https.
    /// </summary>
    public static WebApplicationBuilder AddPublicHosting(this WebApplicationBuilder builder)
    {
        var hosting = PublicHosting.Read(builder.Configuration);
        if (hosting.Problems(required: false).ToList() is { Count: > 0 } problems)
            throw new InvalidOperationException("Configuración del proxy inverso inválida: " + string.Join(" ", problems));

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = BodyLimits.Default; // raised per operation where it needs more
            RequestHeadLimits.Raise(kestrel.Limits); // the service's own, lower, answer in Spanish (UsePublicHosting)
        });
        builder.Services.AddSingleton(hosting);
        builder.Services.AddSingleton(new SecurityHeaders(
            Hsts: !builder.Environment.IsDevelopment() && hosting.HttpsOrigin is not null,
            RelaxedForApiReference: builder.Environment.IsDevelopment()));
        return builder;
    }

    /// <summary>
    /// A request made on this machine (a health probe, a benchmark, the operator's browser on ./run.sh): from loopback and
    /// relayed by nobody. One from loopback that still carries X-Forwarded-For came through a proxy on this machine whose
    /// address is not in KnownProxies: its resident's address was not read, so it is not told this machine's reasons.
    /// </summary>
    public static bool FromThisMachine(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
        && !http.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName);

    /// <summary>
    /// X-Forwarded-For that was not believed (no X-Original-For beside it): the operator is told, once for each peer (up
    /// to 32). From loopback it is a proxy on this machine left out of KnownProxies, and every resident then
    /// counts as this machine: exempt from the per-address limits (RateLimits:ExemptLoopback), which are then off. From
    /// another address, a proxy left out, or someone reaching the service without the proxy.
    /// </summary>
    private static Task WarnOfUnknownProxy(HttpContext http, RequestDelegate next, System.Collections.Concurrent.ConcurrentDictionary<IPAddress, bool> warnedPeers)
    {
        if (http.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName)
            && !http.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XOriginalForHeaderName)
            && http.Connection.RemoteIpAddress is { } peer && warnedPeers.Count < 32 && warnedPeers.TryAdd(peer, true))
        {
            var log = http.RequestServices.GetRequiredService<ILogger<PublicHosting>>();
            if (IPAddress.IsLoopback(peer))
                log.LogWarning("Llegan solicitudes con X-Forwarded-For desde esta misma máquina ({Peer}), que no está en " +
                    "Hosting:ReverseProxy:KnownProxies: no se cree esa cabecera y cada residente cuenta como esta máquina, a la que no " +
                    "se aplican los límites por dirección. Si un proxy inverso corre aquí, añada {Peer} a Hosting__ReverseProxy__KnownProxies.",
                    peer, peer);
            else
                log.LogWarning("Llegan solicitudes con X-Forwarded-For desde {Peer}, que no está en Hosting:ReverseProxy:KnownProxies ni " +
                    "KnownNetworks: no se cree esa cabecera y todos los residentes que llegan por ahí comparten los límites de {Peer}. Si es " +
                    "su proxy inverso, añada su dirección; si no, alguien llega al servicio sin pasar por el proxy: cierre ese acceso.",
                    peer, peer);
        }
        return next(http);
    }

    /// <summary>
    /// A request from a configured proxy without X-Forwarded-For, to anything but the health and metrics probes (which
    /// proxies and scrapers make themselves): the proxy does not say whose request it relays, so every resident counts as
    /// the proxy, and one on this machine as this machine, which the per-address limits exempt. Nothing said so (an
    /// operator's HAProxy without `option forwardfor`). Told once.
    /// </summary>
    private static Task WarnOfSilentProxy(HttpContext http, RequestDelegate next, ForwardedHeadersOptions proxies, ref int warned)
    {
        if (warned == 0 && http.Connection.RemoteIpAddress is { } connected
            && !http.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XForwardedForHeaderName)
            && !http.Request.Headers.ContainsKey(ForwardedHeadersDefaults.XOriginalForHeaderName)
            && !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics")
            && KnownProxy(proxies, connected) is { } peer
            && Interlocked.Exchange(ref warned, 1) == 0)
            http.RequestServices.GetRequiredService<ILogger<PublicHosting>>().LogWarning(
                "Llegan solicitudes del proxy inverso {Peer} sin X-Forwarded-For: no dice de quién es cada una, así que todos los residentes " +
                "cuentan como {Peer}" + (IPAddress.IsLoopback(peer) ? ", esta misma máquina, a la que no se aplican los límites por dirección" : " y comparten sus límites") +
                ". Configure el proxy para que la envíe (HAProxy: option forwardfor; nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for).",
                peer, peer);
        return next(http);
    }

    /// <summary>
    /// The peer as the configured proxy it is, or null when it is none, as ForwardedHeadersMiddleware decides it: on a
    /// dual-mode socket (the image's `http://+:8080`) an IPv4 proxy connects as `::ffff:10.0.0.5`, which is not the
    /// `10.0.0.5` of KnownProxies nor in an IPv4 network, and the middleware believes it by its IPv4 form.
    /// </summary>
    public static IPAddress? KnownProxy(ForwardedHeadersOptions proxies, IPAddress peer)
    {
        bool Known(IPAddress a) => proxies.KnownProxies.Contains(a) || proxies.KnownIPNetworks.Any(n => n.Contains(a));
        if (peer.IsIPv4MappedToIPv6 && peer.MapToIPv4() is var v4 && Known(v4)) return v4;
        return Known(peer) ? peer : null;
    }

    /// <summary>First in the pipeline: the client's address and scheme are known, and every answer gets the headers.</summary>
    public static WebApplication UsePublicHosting(this WebApplication app)
    {
        var hosting = app.Services.GetRequiredService<PublicHosting>();
        if (hosting.BehindProxy)
        {
            var proxies = hosting.ForwardedHeadersOptions();
            app.UseForwardedHeaders(proxies);
            var warnedPeers = new System.Collections.Concurrent.ConcurrentDictionary<IPAddress, bool>();
            app.Use((http, next) => WarnOfUnknownProxy(http, next, warnedPeers));
            var silent = new int[1];
            app.Use((http, next) => WarnOfSilentProxy(http, next, proxies, ref silent[0]));
        }
        app.Use(app.Services.GetRequiredService<SecurityHeaders>().AddAsync);
        app.Use(RequestHeadLimits.EnforceAsync); // a request line or headers too large: 414/431 problem details
        return app;
    }
}
