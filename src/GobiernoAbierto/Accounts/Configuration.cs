using JasperFx.Events.Projections;

namespace GobiernoAbierto.Accounts;

public static class Configuration
{
    public static void AddAccounts(this StoreOptions opts)
    {
        opts.Projections.Snapshot<Account>(SnapshotLifecycle.Inline);
        // Two administrators creating the same user name at once: the second commit fails here.
        opts.Schema.For<Account>().UniqueIndex(Marten.Schema.UniqueIndexType.Computed, "account_user_name", a => a.UserName);
        opts.Schema.For<Hosting.DataProtectionKeys.StoredKey>();
        opts.Schema.For<UnknownUserNameTries>();
    }

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<SecondFactor>();
        services.AddSingleton<UnknownUserNames>();
        services.AddHostedService<UnknownUserNames.Sweeper>();
        services.AddSingleton(new Microsoft.AspNetCore.Identity.PasswordHasher<Account>());
        services.AddDataProtectionKeys();
        return services;
    }
}
