using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Ballots;

namespace GobiernoAbierto.Jornadas;

/// <summary>The eligible voters' identifiers, without colonias (the voter says theirs). Loading again replaces the roll.</summary>
public sealed record LoadVoterRoll(IReadOnlyList<string> Identifiers);

public sealed class LoadVoterRollValidator : AbstractValidator<LoadVoterRoll>
{
    public LoadVoterRollValidator()
    {
        RuleFor(c => c.Identifiers).NotEmpty().WithName("identificadores").WithMessage("El padrón no trae ningún identificador.")
            .Must(i => i is null || i.Count <= VoterRollFile.MaxRows).WithMessage("Un padrón admite hasta 500,000 identificadores.");
    }
}

public sealed record VoterRollSummary(Guid JornadaId, int Entries, int DuplicatesIgnored, string RollDigest, bool ColoniasFromRoll, string Message);

/// <summary>
/// The padrón: staff load the people who may vote, from the lista nominal extract the municipality receives. Only keyed
/// hashes of the identifiers are stored (with the colonia, the file's line as folio, and the identifier's last four
/// characters for the letter); the event records how many and a digest, so the IEEQ can tell later it was not changed.
/// </summary>
public static class LoadVoterRollEndpoint
{
    public static readonly Rejection RollLocked = new("voter_roll_locked", "El padrón ya no se puede cambiar",
        "La autoridad de credenciales ya emitió los códigos de votación de este padrón: cambiarlo dejaría cartas que no corresponden a nadie.");

    /// <param name="unchanged">The stored roll is these very entries (VotingTables.IsRollAsync): a padrón sent again is no
    /// change, and records nothing (each one added a fact to the record), also once the codes are issued.</param>
    public static Decision Decide(Jornada jornada, IReadOnlyList<RollEntry> entries, bool coloniasFromRoll, string by, DateTimeOffset now,
        bool unchanged = false)
    {
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (jornada.Status != JornadaStatus.Preparing)
            return new Rejection("jornada_already_opened", "La votación ya abrió", "El padrón se carga antes de abrir la votación.");
        if (unchanged && jornada.HasVoterRoll && jornada.ColoniasFromRoll == coloniasFromRoll) return Decision.Accept();
        if (jornada.VotingCodesIssued) return RollLocked;
        return jornada.Record(new VoterRollLoaded(jornada.Id, entries.Count, Digest(entries), by, now, coloniasFromRoll));
    }

    /// <summary>SHA-256 over the sorted "voterKey|colonia" lines: lets IEEQ confirm later that the roll was not changed.</summary>
    public static string Digest(IEnumerable<RollEntry> entries) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            entries.Select(e => e.ColoniaId is null ? e.VoterKey : $"{e.VoterKey}|{e.ColoniaId}").Order(StringComparer.Ordinal)))));

    /// <summary>JSON: identifiers only. Exclusive: the rows and the event are written in the transaction that holds the Jornada's lock.</summary>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.VoterRollSummary>(StatusCodes.Status200OK)]
    [WolverinePut("/api/jornadas/{jornadaId}/voter-roll", OperationId = "LoadVoterRoll")]
    [Microsoft.AspNetCore.Mvc.RequestSizeLimit(VoterRollFile.MaxBytes)] // 500,000 identifiers are about 11 MB of JSON
    public static async Task<(IResult, Events)> Put(LoadVoterRoll command,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        IDocumentSession session, VotingTables tables, VoterKeys keys, ClaimsPrincipal user, TimeProvider clock)
    {
        var read = VoterRollFile.FromIdentifiers(jornada, command.Identifiers, id => keys.VoterKey(jornada.Id, id));
        if (read.Problem is { } problem) return (problem, []);
        return await LoadAsync(jornada, read, command.Identifiers.Count - read.Entries.Count, session, tables, user, clock);
    }

    /// <summary>
    /// CSV (UTF-8, header row): the identifier column (clave_elector or curp, as the Jornada asks), colonia (its id in
    /// the Jornada's territory) and optionally seccion. Every line is checked; any bad line and nothing is loaded.
    /// </summary>
    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.VoterRollSummary>(StatusCodes.Status200OK)]
    [WolverinePut("/api/jornadas/{jornadaId}/voter-roll/csv", OperationId = "LoadVoterRollCsv")]
    [Microsoft.AspNetCore.Mvc.RequestSizeLimit(VoterRollFile.MaxBytes)]
    public static async Task<(IResult, Events)> PutCsv(HttpRequest request,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        IDocumentSession session, VotingTables tables, VoterKeys keys, ClaimsPrincipal user, TimeProvider clock)
    {
        // Said before reading a byte when the size is declared (a client that sent "Expect: 100-continue" then sends nothing).
        if (request.ContentLength > VoterRollFile.MaxBytes) return (Problems.Result(VoterRollFile.TooLarge), []);
        // A form upload (curl -F) put its boundary where the header goes, and was told the header was missing. (curl's
        // --data-binary says application/x-www-form-urlencoded by default and sends the file as it is: that one is read.)
        if (request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
            return (Problems.Result(VoterRollFile.SentAsForm), []);
        // JSON sent here instead of to …/voter-roll was read as a CSV without its header (an integrator's).
        if (Hosting.JsonBodies.IsJson(request)) return (Problems.Result(VoterRollFile.SentAsJson), []);
        var read = await VoterRollFile.ReadCsvAsync(jornada, request.Body, id => keys.VoterKey(jornada.Id, id), request.HttpContext.RequestAborted);
        if (read.Problem is { } problem) return (problem, []);
        return await LoadAsync(jornada, read, 0, session, tables, user, clock);
    }

    /// <summary>
    /// The decision on a padrón read whole, in the transaction that holds the Jornada's lock (the endpoints' and the
    /// console's), and when it changes the roll, the rows replaced. Accepted with no event: the same padrón as stored.
    /// </summary>
    public static async Task<Decision> ReplaceAsync(Jornada jornada, VoterRollFile read, Npgsql.NpgsqlConnection connection, VotingTables tables,
        string by, DateTimeOffset now, CancellationToken cancellation)
    {
        var unchanged = jornada.HasVoterRoll && jornada.RollSize == read.Entries.Count &&
                        await tables.IsRollAsync(connection, jornada.Id, read.Entries, cancellation);
        var decision = Decide(jornada, read.Entries, read.HasColonias, by, now, unchanged);
        if (decision.Accepted && decision.Events.Count > 0) await tables.ReplaceRollAsync(connection, jornada.Id, read.Entries, cancellation);
        return decision;
    }

    private static async Task<(IResult, Events)> LoadAsync(Jornada jornada, VoterRollFile read, int duplicatesIgnored, IDocumentSession session,
        VotingTables tables, ClaimsPrincipal user, TimeProvider clock)
    {
        var decision = await ReplaceAsync(jornada, read, session.Connection!, tables, user.Actor(), clock.GetUtcNow(), CancellationToken.None);
        return decision.Answer(Results.Ok(new VoterRollSummary(jornada.Id, read.Entries.Count, duplicatesIgnored, Digest(read.Entries), read.HasColonias,
            (decision.Events.Count == 0 ? $"Es el mismo padrón que ya estaba cargado ({Counted.Of(read.Entries.Count, "persona", "personas")}): no cambió nada."
                : $"Padrón cargado: {Counted.Of(read.Entries.Count, "persona", "personas")}. Desde ahora solo {(read.Entries.Count == 1 ? "ella puede" : "ellas pueden")} votar en esta Jornada" +
                  (read.HasColonias ? ", y su colonia es la del padrón." : ".")))));
    }
}
