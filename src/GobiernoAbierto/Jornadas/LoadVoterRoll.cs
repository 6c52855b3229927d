using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Jornadas;

/// <summary>The eligible voters' identifiers. Only their keyed hashes are stored; loading again replaces the roll.</summary>
public sealed record LoadVoterRoll(IReadOnlyList<string> Identifiers);

public sealed class LoadVoterRollValidator : AbstractValidator<LoadVoterRoll>
{
    public LoadVoterRollValidator()
    {
        RuleFor(c => c.Identifiers).NotEmpty().WithName("identificadores")
            .Must(i => i is null || i.Count <= 500_000).WithMessage("Un padrón admite hasta 500,000 identificadores.");
    }
}

public sealed record VoterRollSummary(Guid JornadaId, int Entries, int DuplicatesIgnored, string RollDigest, string Message);

public static class LoadVoterRollEndpoint
{
    /// <summary>The roll's voter keys (distinct, from well-formed identifiers) and the event, or the first bad lines.</summary>
    public static Decision Decide(Jornada jornada, IReadOnlyList<string> identifiers, Func<string, string> voterKeyOf, string by,
        DateTimeOffset now, out string[] voterKeys)
    {
        voterKeys = [];
        if (jornada.Status != JornadaStatus.Preparing)
            return new Rejection("jornada_already_opened", "La votación ya abrió", "El padrón se carga antes de abrir la votación.");
        var normalized = identifiers.Select(i => VoterIdentifier.Normalize(i ?? "")).ToList();
        var bad = normalized.Select((id, line) => (id, line: line + 1))
            .Where(x => !VoterIdentifier.IsValid(jornada.VoterIdKind, x.id)).Select(x => x.line).Take(10).ToList();
        if (bad.Count > 0)
            return Rejection.Invalid("invalid_voter_roll",
                $"Hay identificadores con formato inválido en las posiciones {string.Join(", ", bad)}. Se espera {VoterIdentifier.Describe(jornada.VoterIdKind)}. No se cargó nada.");
        voterKeys = normalized.Select(voterKeyOf).Distinct().ToArray();
        return Decision.Accept(new VoterRollLoaded(jornada.Id, voterKeys.Length, Digest(voterKeys), by, now));
    }

    /// <summary>SHA-256 over the sorted voter keys: lets IEEQ confirm later that the roll was not changed.</summary>
    public static string Digest(IEnumerable<string> voterKeys) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', voterKeys.Order(StringComparer.Ordinal)))));

    /// <remarks>Exclusive: the roll's rows and its event are written in the transaction that holds the Jornada's lock.</remarks>
    [Authorize(Roles = Roles.Staff)]
    [WolverinePut("/api/jornadas/{jornadaId}/voter-roll", OperationId = "LoadVoterRoll")]
    public static async Task<(IResult, Events)> Put(LoadVoterRoll command,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        IDocumentSession session, VotingTables tables, VoterKeys keys, ClaimsPrincipal user, TimeProvider clock)
    {
        var decision = Decide(jornada, command.Identifiers, id => keys.VoterKey(jornada.Id, id), user.Actor(), clock.GetUtcNow(), out var voterKeys);
        if (decision.Accepted) await tables.ReplaceRollAsync(session.Connection!, jornada.Id, voterKeys);
        var loaded = decision.Events.OfType<VoterRollLoaded>().FirstOrDefault();
        return decision.Answer(Results.Ok(new VoterRollSummary(jornada.Id, voterKeys.Length, command.Identifiers.Count - voterKeys.Length,
            loaded?.RollDigest ?? "", $"Padrón cargado: {voterKeys.Length} personas. Desde ahora solo ellas pueden votar en esta Jornada.")));
    }
}
