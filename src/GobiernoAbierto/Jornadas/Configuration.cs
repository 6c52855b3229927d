using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Authentication;

namespace GobiernoAbierto.Jornadas;

public static class Configuration
{
    public static void AddJornadas(this StoreOptions opts)
    {
        // Inline: FetchForWriting then loads one row, not every ballot of the stream.
        opts.Projections.Snapshot<Jornada>(SnapshotLifecycle.Inline);
        opts.Projections.Add(new KioskCredentialProjection(), ProjectionLifecycle.Inline);
    }

    public static AuthenticationBuilder AddKioskCredentials(this AuthenticationBuilder authentication)
    {
        authentication.Services.AddSingleton<KnownKioskCredentials>();
        authentication.Services.AddSingleton(services => new IeeqPresence(services.GetRequiredService<IDocumentStore>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Hosting.AuthOptions>>()));
        return authentication.AddBearerScheme<KioskAuthentication>(AccessControl.KioskScheme);
    }
}
