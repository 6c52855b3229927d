namespace GobiernoAbierto.Voting;

public static class Configuration
{
    /// <summary>The ballot box: one background writer per instance that group-commits checked ballots.</summary>
    public static void AddVoting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GroupCommitOptions>(configuration.GetSection("Voting:GroupCommit"));
        services.AddSingleton<VotingCredentials>();
        services.AddSingleton<JornadaViews>();
        services.AddSingleton<IConfigureMarten, JornadaViews.Registration>();
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<BallotBox>();
        services.AddHostedService(sp => sp.GetRequiredService<BallotBox>());
        services.AddHostedService<OpenJornadasAtStart>();
    }
}
