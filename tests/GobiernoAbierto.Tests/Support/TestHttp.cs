using System.Net.Http.Headers;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// HTTP clients for the hosts the tests start on Kestrel. The test process keeps about 650 file descriptors open for
/// the assemblies the runtime code generation references, and a fresh machine allows a process 1,024: a burst test's
/// connections (two descriptors each in this process, client and server side) and the idle connections that earlier
/// tests' clients keep (a test's clients are not disposed, and each holds its own pool) would pass it. So a client
/// opens at most 64 connections at once (more requests queue for them) and closes one that has been idle for 2 s.
/// </summary>
public static class TestHttp
{
    public static HttpClient Client(Uri baseAddress, string? token, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) };
        var client = new HttpClient(handler) { BaseAddress = baseAddress };
        if (timeout is { } t) client.Timeout = t;
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
