using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Jornadas.Reading;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Wolverine.Http;

namespace GobiernoAbierto.Ballots;

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

public static class VoterRollEndpoint
{
    /// <summary>Normalises and checks every identifier; rejects the whole roll naming the first bad lines.</summary>
    public static (IReadOnlyList<string> Normalized, Rejection? Rejection) Check(Jornada jornada, IReadOnlyList<string> identifiers)
    {
        if (jornada.Status != JornadaStatus.Preparing)
            return ([], new Rejection("jornada_already_opened", "La votación ya abrió",
                "El padrón se carga antes de abrir la votación."));
        var normalized = identifiers.Select(i => VoterIdentifier.Normalize(i ?? "")).ToList();
        var bad = normalized.Select((id, line) => (id, line: line + 1))
            .Where(x => !VoterIdentifier.IsValid(jornada.VoterIdKind, x.id)).Select(x => x.line).Take(10).ToList();
        if (bad.Count > 0)
            return ([], Rejection.Invalid("invalid_voter_roll",
                $"Hay identificadores con formato inválido en las posiciones {string.Join(", ", bad)}. Se espera {VoterIdentifier.Describe(jornada.VoterIdKind)}. No se cargó nada."));
        return (normalized, null);
    }

    /// <summary>SHA-256 over the sorted voter keys: lets IEEQ confirm later that the roll was not changed.</summary>
    public static string Digest(IEnumerable<string> voterKeys) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', voterKeys.Order(StringComparer.Ordinal)))));

    [Authorize(Roles = Roles.Staff)]
    [WolverinePut("/api/jornadas/{jornadaId}/voter-roll", OperationId = "LoadVoterRoll")]
    public static async Task<IResult> Put(Guid jornadaId, LoadVoterRoll command, IDocumentStore store, NpgsqlDataSource dataSource,
        VoterKeys keys, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));

        var stream = await session.Events.FetchForExclusiveWriting<Jornada>(jornadaId, cancellation);
        if (stream.Aggregate is not { } jornada) return Problems.Result(JornadaStream.JornadaNotFound);

        var (normalized, rejection) = Check(jornada, command.Identifiers);
        if (rejection is not null) return Problems.Result(rejection);

        var voterKeys = normalized.Select(id => keys.VoterKey(jornadaId, id)).Distinct().ToArray();
        var schema = store.Options.DatabaseSchemaName;
        await using (var delete = new NpgsqlCommand($"delete from {schema}.voter_roll where jornada_id = $1", connection))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = jornadaId });
            await delete.ExecuteNonQueryAsync(cancellation);
        }
        await using (var insert = new NpgsqlCommand(
            $"insert into {schema}.voter_roll (jornada_id, voter_key) select $1, unnest($2::varchar[])", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = jornadaId });
            insert.Parameters.Add(new NpgsqlParameter { Value = voterKeys });
            await insert.ExecuteNonQueryAsync(cancellation);
        }

        var digest = Digest(voterKeys);
        stream.AppendOne(new VoterRollLoaded(jornadaId, voterKeys.Length, digest, user.Actor(), clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);

        return Results.Ok(new VoterRollSummary(jornadaId, voterKeys.Length, normalized.Count - voterKeys.Length, digest,
            $"Padrón cargado: {voterKeys.Length} personas. Desde ahora solo ellas pueden votar en esta Jornada."));
    }
}
