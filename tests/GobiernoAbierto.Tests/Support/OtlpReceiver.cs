using System.Collections.Concurrent;
using System.Net;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// Stands in for an OpenTelemetry collector (OTLP over HTTP/protobuf) on 127.0.0.1: keeps every body the service
/// pushes, so a test can read exactly what would leave the service.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    /// <param name="port">Where to listen (a port the service was told of while nothing listened there); a free one when null.</param>
    public OtlpReceiver(int? port = null)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port ?? ServiceHost.FreePort()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<(string Path, byte[] Body)> Received => _received.ToArray();

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200; // an empty Export*ServiceResponse: everything accepted
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
