using GobiernoAbierto.Ballots;
using GobiernoAbierto.Jornadas;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Credentials.Console;

/// <summary>
/// The credential authority's desk: for each Jornada voted online, issue the letters once (the ZIP downloads and is not
/// kept anywhere) and reissue one person's letter. Both run what the API runs, under the Jornada's lock.
/// </summary>
[Accounts.ForRoles(Roles.CredentialAuthority)]
public sealed class VotingCodesPage(IDocumentStore store, Npgsql.NpgsqlDataSource dataSource, StreamWrites writes, VotingTables tables, VoterKeys keys,
    TimeProvider clock)
    : Hosting.Console.ConsolePage
{
    [BindProperty] public Guid JornadaId { get; set; }
    [BindProperty] public ReissueVotingCode Reissue { get; set; } = new(0, "");
    [BindProperty] public bool IssueConfirmed { get; set; }
    [BindProperty] public bool IssueAgainConfirmed { get; set; }
    [BindProperty] public string? Replaces { get; set; }
    [BindProperty] public bool ReissueConfirmed { get; set; }

    /// <summary>
    /// The reissue form's key, new each time the page draws it: the same form arriving twice (a browser that sends it
    /// again, a double click without JavaScript) is told the letter was already reissued, instead of voiding the one just
    /// downloaded. Reloading the page makes a new key, which is how a letter that did not arrive is reissued again.
    /// </summary>
    [BindProperty] public string? ReissueRequest { get; set; }

    public static string NewRequestKey() => Guid.NewGuid().ToString("N");

    /// <summary>The page's random token for this download (consola-envio.js): answered in a cookie with the file, so the page can say it arrived.</summary>
    [BindProperty] public string? DownloadToken { get; set; }

    /// <summary>The id of the box ticked before issuing one Jornada's codes (one per Jornada on the page).</summary>
    public static string IssueConfirmId(Guid jornadaId) => $"IssueConfirmed-{jornadaId:N}";

    /// <summary>The id of the box ticked before issuing one Jornada's codes again.</summary>
    public static string IssueAgainConfirmId(Guid jornadaId) => $"IssueAgainConfirmed-{jornadaId:N}";

    public bool MayIssueAgain(Jornada jornada) => IssueVotingCodesEndpoint.MayIssueAgain(jornada, clock.GetUtcNow());

    /// <summary>
    /// The Jornadas a letter can still be reissued for (the rule's own test: codes issued, the vote not over, the online
    /// window not ended); a closed Jornada is not offered.
    /// </summary>
    public IReadOnlyList<Jornada> Reissuable => Jornadas
        .Where(j => j.VotingCodesIssued && j.Status is JornadaStatus.Preparing or JornadaStatus.Open && clock.GetUtcNow() < j.Online!.ClosesAt)
        .ToList();

    public IReadOnlyList<Jornada> Jornadas { get; private set; } = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Never opened, and its window is over: it can neither open nor move its hours (OpenJornada, EnableOnlineVoting).</summary>
    public bool NeverOpened(Jornada jornada) => jornada.Status == JornadaStatus.Preparing && Now >= jornada.VotingClosesAt;

    /// <summary>Its online vote opened with no codes issued: staff move its hours (the Jornada's page) before any can be.</summary>
    public bool OpenedWithoutCodes(Jornada jornada) =>
        !jornada.VotingCodesIssued && jornada.Status == JornadaStatus.Preparing && clock.GetUtcNow() >= jornada.Online!.OpensAt;

    public async Task OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation);

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken cancellation)
    {
        if (!IssueConfirmed)
        {
            ModelState.AddModelError(IssueConfirmId(JornadaId),
                "Confirme la emisión: los códigos se emiten una sola vez y las cartas se descargan en este momento, una sola vez.");
            return await InvalidAsync(cancellation);
        }
        return await IssueAsync(replaces: null, cancellation);
    }

    public async Task<IActionResult> OnPostIssueAgainAsync(CancellationToken cancellation)
    {
        if (!IssueAgainConfirmed)
        {
            ModelState.AddModelError(IssueAgainConfirmId(JornadaId),
                "Confirme la nueva emisión: los códigos de las cartas que ya tenga dejan de servir en ese momento; no se puede deshacer.");
            return await InvalidAsync(cancellation);
        }
        return await IssueAsync(Replaces ?? "", cancellation);
    }

    private async Task<IActionResult> IssueAsync(string? replaces, CancellationToken cancellation)
    {
        var (refusal, letters) = await IssueVotingCodesEndpoint.IssueWithLettersAsync(JornadaId, store, dataSource, writes, tables, keys, Request,
            Actor, clock, replaces, cancellation);
        if (refusal is not null) return await AnswerAsync(refusal, "", cancellation);
        SayDownloaded();
        await letters!.ExecuteAsync(HttpContext);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostReissueAsync(CancellationToken cancellation)
    {
        var valid = Validate(Reissue, nameof(Reissue));
        if (JornadaId == Guid.Empty)
        {
            ModelState.Remove(nameof(JornadaId)); // the empty choice's own «Falta un valor.»: this says which
            ModelState.AddModelError(nameof(JornadaId), "Elija la Jornada de la carta.");
            valid = false;
        }
        if (!ReissueConfirmed)
        {
            ModelState.AddModelError(nameof(ReissueConfirmed),
                "Confirme la reposición: el código de la carta anterior deja de servir en ese momento y no se puede deshacer.");
            valid = false;
        }
        if (!valid) return await InvalidAsync(cancellation);
        IResult? letterFile = null;
        var refusal = await writes.DecideAsync<Jornada>(JornadaId, async (jornada, session) =>
        {
            var (decision, letter) = await VotingCodeEndpoints.ReissueAsync(jornada, Reissue, ReissueRequest, session.Connection!, tables, keys, Actor,
                clock.GetUtcNow(), cancellation);
            if (letter is not null) letterFile = VotingCodeEndpoints.LetterFiles(jornada, [letter], Request, $"carta-folio-{letter.Entry.Folio}",
                VotingCodeEndpoints.ReplacementLetter(clock.GetUtcNow()));
            return decision;
        }, cancellation, exclusive: true);
        if (refusal is not null) return await AnswerAsync(refusal, "", cancellation, field: "Reissue.Folio");
        SayDownloaded();
        await letterFile!.ExecuteAsync(HttpContext);
        return new EmptyResult();
    }

    /// <summary>
    /// A file's answer leaves the page as it was, an earlier refusal included: staff read that their letter failed and
    /// sent it again, which voids the one just printed. The page's token comes back in a short cookie with the file, and
    /// consola-envio.js, which watches for it, then says the file arrived and clears the old refusal.
    /// </summary>
    private void SayDownloaded()
    {
        if (DownloadToken is not { Length: >= 16 and <= 64 } token || !token.All(char.IsAsciiLetterOrDigit)) return;
        Response.Cookies.Append(DownloadCookie, token, new CookieOptions
        {
            Path = "/consola/codigos", MaxAge = TimeSpan.FromMinutes(2), SameSite = SameSiteMode.Strict, Secure = Request.IsHttps, HttpOnly = false,
        });
    }

    public const string DownloadCookie = "ga-descarga";

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        Jornadas = (await session.Query<Jornada>().OrderByDescending(j => j.VotingOpensAt).ToListAsync(cancellation))
            .Where(j => j.Online is not null).ToList();
        return true;
    }
}
