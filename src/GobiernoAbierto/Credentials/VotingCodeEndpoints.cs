using System.IO.Compression;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Credentials;

/// <summary>
/// One person's new letter, named by the folio printed on it (the line of the padrón the municipality uploaded), never by
/// their identifier: the authority that prints the codes must not also know whose they are, or it could vote with them.
/// </summary>
public sealed record ReissueVotingCode(int Folio, string Reason);

/// <summary>Every code anew: Replaces names the issue whose letters never arrived whole, by its digest (the audit log's «huella de sus verificadores»).</summary>
public sealed record IssueVotingCodesAgain(string Replaces);

public sealed class IssueVotingCodesAgainValidator : AbstractValidator<IssueVotingCodesAgain>
{
    public IssueVotingCodesAgainValidator() =>
        RuleFor(c => c.Replaces).Cascade(CascadeMode.Stop).NotEmpty().WithName("emisión que se reemplaza")
            .WithMessage("Escriba la huella de los verificadores de la emisión que reemplaza (está en la bitácora de la Jornada).")
            .Matches("^\\s*[0-9A-Fa-f]{64}\\s*$").WithMessage("La huella lleva 64 caracteres, cifras del 0 al 9 y letras de la a a la f: cópiela completa de la bitácora de la Jornada.");
}

public sealed class ReissueVotingCodeValidator : AbstractValidator<ReissueVotingCode>
{
    public ReissueVotingCodeValidator()
    {
        RuleFor(c => c.Folio).GreaterThan(0).WithMessage("Escriba el folio de la carta: el número de línea de la persona en el padrón que cargó el municipio.")
            .WithName("folio");
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Escriba por qué se repone la carta.")
            .MaximumLength(500).WithMessage("El motivo lleva hasta 500 caracteres.").WithName("motivo");
    }
}

/// <summary>
/// Where a Jornada's voting codes stand: issued or not, the digest of the issue in force (what issuing them all again
/// names: Replaces), who issued them all again and when, and until when that may still be done (online voting's opening).
/// </summary>
public sealed record VotingCodesStatus(bool Issued, string? VerifiersDigest, int RollSize, CodesIssuedAgain? IssuedAgain,
    bool MayIssueAgain, DateTimeOffset OnlineOpensAt);

/// <summary>
/// The credential authority's two commands. Issuing answers, once, a ZIP with the letters: cartas.pdf (one page per
/// person, to print and seal) and cartas.csv (the same for a mail house); nothing of it is kept. Reissuing one person's
/// letter revokes their earlier code and answers a ZIP with that one letter.
/// </summary>
public static class VotingCodeEndpoints
{
    public static readonly Rejection FolioNotOnRoll = new("folio_not_on_voter_roll", "Folio fuera del padrón",
        "Ese folio no está en el padrón de esta Jornada: es el número de línea de la persona en el archivo que cargó el municipio.",
        StatusCodes.Status404NotFound);

    public static readonly Rejection AlreadyReissued = new("letter_already_reissued", "Esta carta ya se repuso",
        "Esta misma solicitud ya repuso la carta de ese folio: la carta que se descargó entonces es la que vale, y esta repetición no " +
        "cambió nada. Si ese archivo no llegó a su equipo, reponga la carta otra vez (en la consola, marque de nuevo la confirmación y " +
        "envíe el formulario de esta página; por la API, con otra clave Idempotency-Key): se hará otra carta, y la del archivo que no " +
        "llegó dejará de servir.");

    /// <remarks>
    /// Whether the person already voted is not asked: refusing then would tell the authority, folio by folio and without
    /// a trace, who took part. A letter reissued after a vote is recorded like any other, and its code answers
    /// «¿Alguien votó con mis datos?» (a person who says they did not vote learns that someone did, and when).
    /// </remarks>
    /// <param name="repeated">This very request already reissued this person's letter: its code is kept nowhere to give
    /// back, and a second code would void the letter the first one made (a form sent twice, a retry after a lost answer).</param>
    public static Decision DecideReissue(Jornada jornada, RollEntry? entry, string reason, string by, DateTimeOffset now, bool repeated = false)
    {
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (!jornada.VotingCodesIssued)
            return new Rejection("voting_codes_not_issued", "Aún no hay códigos", "Primero se emiten los códigos de todo el padrón.");
        if (jornada.Status is not (JornadaStatus.Preparing or JornadaStatus.Open) || now >= jornada.Online!.ClosesAt)
            return new Rejection("online_voting_over", "La votación en línea terminó", "Ya no tiene caso emitir una carta nueva.");
        if (entry is null) return FolioNotOnRoll;
        if (repeated) return AlreadyReissued;
        return jornada.Record(new VotingCodeReissued(jornada.Id, entry.Folio, reason.Trim(), by, now));
    }

    /// <remarks>
    /// Not Wolverine's aggregate workflow, which takes the Jornada's lock before the endpoint runs: the letters are made
    /// first, and the lock held only to store the verifiers and the event (IssueVotingCodesEndpoint.IssueWithLettersAsync).
    /// </remarks>
    [Authorize(Roles = Roles.CredentialAuthority)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(byte[]), StatusCodes.Status200OK, "application/zip")]
    [WolverinePost("/api/jornadas/{jornadaId}/voting-codes", OperationId = "IssueVotingCodes")]
    public static async Task<IResult> Issue(Guid jornadaId, IDocumentStore store, Npgsql.NpgsqlDataSource dataSource, StreamWrites writes,
        VotingTables tables, VoterKeys keys, HttpRequest request, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation)
    {
        var (refusal, letters) = await IssueVotingCodesEndpoint.IssueWithLettersAsync(jornadaId, store, dataSource, writes, tables, keys, request,
            user.Actor(), clock, replaces: null, cancellation);
        return refusal is null ? letters! : Problems.Result(refusal);
    }

    /// <remarks>
    /// The authority needs the digest to issue every code again, and it is the audit log's, which its role does not read.
    /// Staff and the IEEQ see it there already; none of it says whose a code is.
    /// </remarks>
    [Authorize(Roles = Roles.CredentialAuthority + "," + Roles.StaffOrAuditor)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<VotingCodesStatus>(StatusCodes.Status200OK)]
    [WolverineGet("/api/jornadas/{jornadaId}/voting-codes", OperationId = "GetVotingCodes")]
    public static async Task<IResult> Status(Guid jornadaId, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Jornada>(jornadaId, cancellation) is not { } jornada) return Problems.Result(Jornada.NotFound);
        if (jornada.Online is not { } online) return Problems.Result(IssueVotingCodesEndpoint.OnlineDisabled);
        return Results.Ok(new VotingCodesStatus(jornada.VotingCodesIssued, jornada.VotingCodesDigest, jornada.RollSize, jornada.VotingCodesIssuedAgain,
            IssueVotingCodesEndpoint.MayIssueAgain(jornada, clock.GetUtcNow()), online.OpensAt));
    }

    /// <summary>
    /// Every letter anew, before online voting opens, when the first download never arrived whole: the codes are kept
    /// nowhere, and one reissue per folio for a whole padrón is not a recovery. Each earlier code stops working.
    /// </summary>
    [Authorize(Roles = Roles.CredentialAuthority)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(byte[]), StatusCodes.Status200OK, "application/zip")]
    [WolverinePost("/api/jornadas/{jornadaId}/voting-codes/again", OperationId = "IssueVotingCodesAgain")]
    public static async Task<IResult> IssueAgain(Guid jornadaId, IssueVotingCodesAgain command, IDocumentStore store, Npgsql.NpgsqlDataSource dataSource,
        StreamWrites writes, VotingTables tables, VoterKeys keys, HttpRequest request, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation)
    {
        var (refusal, letters) = await IssueVotingCodesEndpoint.IssueWithLettersAsync(jornadaId, store, dataSource, writes, tables, keys, request,
            user.Actor(), clock, command.Replaces, cancellation);
        return refusal is null ? letters! : Problems.Result(refusal);
    }

    [Authorize(Roles = Roles.CredentialAuthority)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(byte[]), StatusCodes.Status200OK, "application/zip")]
    [WolverinePost("/api/jornadas/{jornadaId}/voting-codes/reissue", OperationId = "ReissueVotingCode")]
    public static async Task<(IResult, Events)> Reissue(ReissueVotingCode command,
        [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        IDocumentSession session, VotingTables tables, VoterKeys keys, HttpRequest request, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (decision, letter) = await ReissueAsync(jornada, command, idempotencyKey, session.Connection!, tables, keys, user.Actor(),
            clock.GetUtcNow(), cancellation);
        return decision.Answer(letter is null ? Results.Empty : LetterFiles(jornada, [letter], request, $"carta-folio-{letter.Entry.Folio}",
            ReplacementLetter(clock.GetUtcNow())));
    }

    /// <summary>
    /// One person's new letter, in the transaction that holds the Jornada's lock (the endpoint's and the console's): the
    /// decision, and when it accepts, the new code's verifier in place of the old one and the letter to print.
    /// </summary>
    /// <param name="requestKey">The request's own key (the API's Idempotency-Key, the console form's), or null: a request
    /// sent again under it is refused (AlreadyReissued) instead of voiding the letter it made.</param>
    public static async Task<(Decision Decision, IssuedCode? Letter)> ReissueAsync(Jornada jornada, ReissueVotingCode command, string? requestKey,
        Npgsql.NpgsqlConnection connection, VotingTables tables, VoterKeys keys, string by, DateTimeOffset now, CancellationToken cancellation)
    {
        if (requestKey is not null && !IdempotencyKey.IsWellFormed(requestKey)) return (IdempotencyKey.Malformed, null);
        var entry = (await tables.RollAsync(connection, jornada.Id, command.Folio, cancellation)).SingleOrDefault();
        var request = requestKey is null ? null : keys.ReissueLookup(jornada.Id, requestKey.Trim());
        var repeated = entry is not null && request is not null && await tables.ReissuedUnderAsync(connection, jornada.Id, entry.VoterKey, request, cancellation);
        var decision = DecideReissue(jornada, entry, command.Reason, by, now, repeated);
        if (!decision.Accepted) return (decision, null);

        var code = VotingCode.New();
        await tables.ReplaceCodeAsync(connection, jornada.Id, entry!.VoterKey, keys.CodeVerifier(jornada.Id, entry.VoterKey, VotingCode.Normalize(code)!),
            request);
        return (decision, new IssuedCode(entry!, code));
    }

    /// <summary>What a letter reissued by folio says under its title.</summary>
    public static string ReplacementLetter(DateTimeOffset now) =>
        $"Carta de reposición del {QueretaroTime.Format(now)} (hora del centro de México): sustituye a la carta anterior de esta persona, cuyo código ya no sirve.";

    /// <summary>What a letter of codes issued again says under its title.</summary>
    public static string IssuedAgainLetter(DateTimeOffset now) =>
        $"Carta nueva del {QueretaroTime.Format(now)} (hora del centro de México): sustituye a cualquier carta anterior de esta Jornada, cuyo código ya no sirve.";

    /// <summary>The ZIP the authority downloads: cartas.pdf and cartas.csv, addressed to this service's public pages.</summary>
    /// <param name="replaces">What these letters replace, said on each (LetterBatch.Replaces); null for the first letters.</param>
    public static IResult LetterFiles(Jornada jornada, IReadOnlyList<IssuedCode> codes, HttpRequest request, string name, string? replaces = null)
    {
        var site = request.HttpContext.RequestServices.GetRequiredService<PublicHosting>().SiteFor(request);
        var batch = new LetterBatch(jornada.Title, $"del {QueretaroTime.Format(jornada.Online!.OpensAt)} al {QueretaroTime.Format(jornada.Online.ClosesAt)} (hora del centro de México)",
            new Uri(site, "votar.html"), new Uri(site, "recibo.html"), new Uri(site, "participacion.html"))
        {
            IdentifierName = jornada.VoterIdKind == VoterIdKind.Curp ? "CURP" : "clave de elector",
            Replaces = replaces,
        };
        var colonias = jornada.Territory.Colonias.ToDictionary(c => c.Id, c => c.Name);
        var letters = codes.Select(c => new Letter(c.Entry.ColoniaId is { } id && colonias.TryGetValue(id, out var colonia) ? colonia : "—",
            c.Entry.IdentifierTail ?? "—", c.Code, jornada.Id) { Folio = c.Entry.Folio }).ToList();

        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var pdf = archive.CreateEntry("cartas.pdf", CompressionLevel.Fastest).Open()) Letters.WritePdf(batch, letters, pdf);
            using (var csv = archive.CreateEntry("cartas.csv", CompressionLevel.Fastest).Open()) Letters.WriteCsv(batch, letters, csv);
        }
        zip.Position = 0;
        return Results.File(zip, "application/zip", $"{name}-{jornada.Id}.zip");
    }
}
