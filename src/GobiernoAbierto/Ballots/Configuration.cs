using JasperFx.Events.Projections;

namespace GobiernoAbierto.Ballots;

public static class Configuration
{
    public static void AddBallots(this StoreOptions opts, string schema)
    {
        var tables = new VotingTables(schema);
        opts.Projections.Add(new CountedReceipts(tables), ProjectionLifecycle.Inline);
        opts.Storage.ExtendedSchemaObjects.AddRange(tables.Define());
    }

    /// <summary>The server secret's keys, the voting tables and the sealed urn.</summary>
    public static void AddBallots(this IServiceCollection services, IConfiguration configuration, string schema)
    {
        var secret = configuration["Voting:VoterKeySecret"];
        if (string.IsNullOrWhiteSpace(secret))
            throw new InvalidOperationException(
                "Falta Voting:VoterKeySecret (32 bytes o más en base64): el secreto con que se cifra la huella de cada votante. " +
                "Genérelo con `openssl rand -base64 32` y guárdelo fuera del repositorio (variable Voting__VoterKeySecret).");
        var voterKeys = new VoterKeys(Convert.FromBase64String(secret));
        var tables = new VotingTables(schema, new RollLetters(voterKeys));
        var mixing = configuration.GetSection("Voting:Mixing").Get<MixingOptions>() ?? new MixingOptions();
        services.AddSingleton(voterKeys);
        services.AddSingleton(tables);
        services.AddSingleton(new SealedUrn(voterKeys, tables, mixing.MixSize));
        services.AddSingleton(new ParticipationNotes(voterKeys));
        services.AddHostedService<SecretCheck>(); // after Marten's schema changes (registered before): its table exists

    }
}
