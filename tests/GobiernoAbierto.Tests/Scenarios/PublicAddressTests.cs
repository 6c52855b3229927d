using System.Net;
using System.Net.Http.Json;
using GobiernoAbierto.Accounts;
using GobiernoAbierto.Receipts;
using GobiernoAbierto.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>The service with Hosting:PublicOrigin set, as in production behind its proxy.</summary>
public sealed class PublicOriginService() : ServiceHost(TestDatabase.NewSchemaName(),
    settings: new Dictionary<string, string?> { [Hosting.PublicHosting.PublicOriginKey] = PublicOrigin })
{
    public const string PublicOrigin = "https://participa.example.mx";
}

/// <summary>
/// What is printed or handed on carries the address residents and staff open. A proxy often passes the service's
/// internal address as Host (nginx's default): letters mailed to a whole colonia must not send people there.
/// </summary>
public sealed class when_the_service_is_reached_by_an_internal_address(PublicOriginService service) : IClassFixture<PublicOriginService>
{
    private const string InternalHost = "10.0.0.7:8080";
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_letters_send_residents_to_the_public_origin()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now));
        await _api.SetOptionsAsync(jornada.Id);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new Jornadas.EnableOnlineVoting(now.AddMinutes(1), now.AddHours(8)), VotingApi.Json), HttpStatusCode.OK);
        await _api.LoadRollCsvAsync(jornada.Id, [Voters.UniqueClave()]);

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jornadas/{jornada.Id}/voting-codes");
        request.Headers.Host = InternalHost;
        var response = await _api.CredentialAuthority.SendAsync(request);
        await VotingApi.Expect(response, HttpStatusCode.OK);

        var csv = LetterCsv.Text(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains($"{PublicOriginService.PublicOrigin}/votar.html", csv);
        Assert.DoesNotContain(InternalHost, csv);
    }

    [Fact]
    public void the_receipt_qr_code_and_the_activation_sheet_point_to_the_public_origin()
    {
        var request = new DefaultHttpContext { RequestServices = service.Services }.Request;
        request.Scheme = "http";
        request.Host = new HostString(InternalHost);

        Assert.Equal($"{PublicOriginService.PublicOrigin}/recibo.html?codigo=7K3M-Q9XA-2BFD",
            ReceiptQrCodeEndpoint.CheckAddress(request, "7K3M-Q9XA-2BFD"));
        Assert.Equal($"{PublicOriginService.PublicOrigin}/consola/activar",
            new ActivationSheet("Ana", "ana", "staff", "código", DateTimeOffset.UnixEpoch, request).ActivationUrl);
    }
}

/// <summary>Without Hosting:PublicOrigin (a local run) the address is the one the request came by.</summary>
public sealed class when_the_service_has_no_public_origin(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public void the_receipt_qr_code_points_to_the_address_of_the_request()
    {
        var request = new DefaultHttpContext { RequestServices = service.Services }.Request;
        request.Scheme = "http";
        request.Host = new HostString("192.168.1.20:5080");

        Assert.Equal("http://192.168.1.20:5080/recibo.html?codigo=7K3M-Q9XA-2BFD", ReceiptQrCodeEndpoint.CheckAddress(request, "7K3M-Q9XA-2BFD"));
    }
}
