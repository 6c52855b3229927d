using System.Security.Claims;
using System.Security.Cryptography;
using FluentValidation;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas.Reading;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace GobiernoAbierto.Jornadas.Kiosks;

public sealed record RegisterKiosk(string KioskId, string Name, string Location);

public sealed class RegisterKioskValidator : AbstractValidator<RegisterKiosk>
{
    public RegisterKioskValidator()
    {
        RuleFor(c => c.KioskId).NotEmpty().Matches(Slug.Pattern).WithName("kioskId").WithMessage(Slug.Message);
        RuleFor(c => c.Name).NotEmpty().MaximumLength(120).WithName("nombre");
        RuleFor(c => c.Location).NotEmpty().MaximumLength(300).WithName("ubicación");
    }
}

/// <summary>Answer to a kiosk registration. The credential is shown this once; the service keeps only its hash.</summary>
public sealed record KioskRegistration(Guid JornadaId, string KioskId, string Name, string Location, string Credential, string Notice);

/// <summary>Looked up by the hash of a kiosk's bearer token when the kiosk authenticates.</summary>
public sealed record KioskCredential(string Id, Guid JornadaId, string KioskId)
{
    public const string TokenPrefix = "kiosco_";

    public static string NewToken() => TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed partial class KioskCredentialProjection : EventProjection
{
    public KioskCredential Create(KioskRegistered e) => new(e.CredentialHash, e.JornadaId, e.KioskId);
}

public static class KioskEndpoints
{
    public static Decision DecideRegister(Jornada jornada, RegisterKiosk command, string credentialHash, string by, DateTimeOffset now)
    {
        if (jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open))
            return new Rejection("jornada_closed", "La Jornada ya cerró", "Ya no se pueden registrar kioscos en una Jornada cerrada.");
        if (jornada.FindKiosk(command.KioskId) is not null)
            return new Rejection("kiosk_already_registered", "Kiosco ya registrado",
                $"Ya existe un kiosco «{command.KioskId}» en esta Jornada. Use otro identificador.");
        return Decision.Accept(new KioskRegistered(jornada.Id, command.KioskId, command.Name.Trim(), command.Location.Trim(),
            credentialHash, by, now));
    }

    public static Decision DecideClose(Jornada jornada, string kioskId, string by, DateTimeOffset now) =>
        jornada.FindKiosk(kioskId) switch
        {
            null => Rejection.NotFound($"un kiosco «{kioskId}» en esta Jornada"),
            { Active: false } => new Rejection("kiosk_closed", "Kiosco ya cerrado", $"El kiosco «{kioskId}» ya estaba cerrado."),
            _ => Decision.Accept(new KioskClosed(jornada.Id, kioskId, by, now)),
        };

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/jornadas/{jornadaId}/kiosks", OperationId = "RegisterKiosk")]
    public static async Task<IResult> Register(Guid jornadaId, RegisterKiosk command, IDocumentSession session,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation)
    {
        var token = KioskCredential.NewToken();
        var (_, rejection) = await JornadaStream.DecideAsync(session, jornadaId,
            j => DecideRegister(j, command, ApiKeyAuthenticationHandler.HashToken(token), user.Actor(), clock.GetUtcNow()), cancellation);
        return rejection is not null
            ? Problems.Result(rejection)
            : Results.Created($"/api/jornadas/{jornadaId}", new KioskRegistration(jornadaId, command.KioskId, command.Name,
                command.Location, token,
                "Guarde esta credencial en el kiosco ahora: no se vuelve a mostrar. Si se pierde, cierre el kiosco y registre otro."));
    }

    [Authorize(Roles = Roles.Staff)]
    [WolverinePost("/api/jornadas/{jornadaId}/kiosks/{kioskId}/close", OperationId = "CloseKiosk")]
    public static async Task<IResult> Close(Guid jornadaId, string kioskId, IDocumentSession session,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation)
    {
        return await JornadaStream.DecideAndShowAsync(session, jornadaId,
            j => DecideClose(j, kioskId, user.Actor(), clock.GetUtcNow()), clock, cancellation);
    }

    /// <summary>What a kiosk's screen needs to know about itself after it signs in.</summary>
    public sealed record KioskSession(Guid JornadaId, string KioskId, string Name, string Location, bool Active);

    [Authorize(Roles = Roles.Kiosk)]
    [WolverineGet("/api/kiosk/session", OperationId = "GetKioskSession")]
    public static async Task<IResult> Session(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var jornadaId = Guid.Parse(user.FindFirst(ApiKeyAuthenticationHandler.JornadaClaim)!.Value);
        var kioskId = user.FindFirst(ApiKeyAuthenticationHandler.KioskClaim)!.Value;
        var kiosk = (await session.LoadAsync<Jornada>(jornadaId, cancellation))?.FindKiosk(kioskId);
        return kiosk is null
            ? Problems.Result(JornadaStream.JornadaNotFound)
            : Results.Ok(new KioskSession(jornadaId, kiosk.Id, kiosk.Name, kiosk.Location, kiosk.Active));
    }
}
