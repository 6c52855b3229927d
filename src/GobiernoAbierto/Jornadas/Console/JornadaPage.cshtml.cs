using GobiernoAbierto.Ballots;
using GobiernoAbierto.Tally;
using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Jornadas.Console;

/// <summary>
/// One Jornada for municipal staff: every preparation step in order (ballot, kiosks, online voting, padrón), then
/// open, follow, close, publish. Each form runs the decision its API endpoint runs.
/// </summary>
[Accounts.ForRoles(Roles.Staff)]
[RequestSizeLimit(VoterRollFile.MaxBytes + 1024 * 1024)] // the padrón's upload
[RequestFormLimits(MultipartBodyLengthLimit = VoterRollFile.MaxBytes + 1024 * 1024)]
public sealed class JornadaPage(IDocumentStore store, StreamWrites writes, VotingTables tables, VoterKeys keys, TimeProvider clock,
    Microsoft.Extensions.Options.IOptionsMonitor<Hosting.AuthOptions> credentials)
    : Hosting.Console.ConsolePage
{
    public sealed class OptionForm
    {
        public string Title { get; set; } = "";
        public string Description { get; set; } = "";
        public string? EstimatedCost { get; set; }
    }

    /// <summary>A kiosk's credential, shown once, with the link that sets the kiosk up (the credential travels in the fragment, never to a server log).</summary>
    public sealed record KioskSetup(string KioskId, string Name, string Credential, string SetupLink, string QrDataUrl);

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty] public List<OptionForm> Options { get; set; } = [new(), new()];
    /// <summary>The ballot as the form showed it (BallotFingerprint), so that a correction made on a stale page is refused.</summary>
    [BindProperty] public string? BallotShown { get; set; }
    /// <summary>The online window the page showed when drawn (OnlineFingerprint): the form changes that one, not a colleague's since.</summary>
    [BindProperty] public string? OnlineShown { get; set; }
    [BindProperty] public RegisterKiosk Kiosk { get; set; } = new("", "", "");
    [BindProperty] public string? OnlineOpensAt { get; set; }
    [BindProperty] public string? OnlineClosesAt { get; set; }
    [BindProperty] public string? KioskToClose { get; set; }
    [BindProperty] public bool KioskCloseConfirmed { get; set; }
    [BindProperty] public string? KioskCloseReason { get; set; }
    [BindProperty] public Guid? WithdrawRequestId { get; set; }
    [BindProperty] public string? WithdrawReason { get; set; }
    [BindProperty] public RequestCountersignature Countersign { get; set; } = new(CountersignedAction.CloseEarly, null, "");
    [BindProperty] public string? WithdrawalReason { get; set; }
    [BindProperty] public bool WithdrawalConfirmed { get; set; }

    private bool _countersignFilledIn;

    /// <summary>
    /// What «Para» shows chosen: what staff chose, or what a refused kiosk asks for; else nothing, so that no hurried
    /// click asks the IEEQ for an early close nobody chose.
    /// </summary>
    public string? CountersignActionShown =>
        ModelState.TryGetValue($"{nameof(Countersign)}.{nameof(RequestCountersignature.Action)}", out var posted) ? posted.AttemptedValue
        : _countersignFilledIn ? Countersign.Action?.ToString() : null;

    public Jornada Jornada { get; private set; } = new();

    /// <summary>When the page was read: an open Jornada before or after its hours is not «Votación abierta».</summary>
    public DateTimeOffset ReadAt => clock.GetUtcNow();
    public JornadaTally? Tally { get; private set; }
    public KioskSetup? NewKiosk { get; private set; }
    public VoterRollFile? RollRefusal { get; private set; }
    /// <summary>The participation process whose shortlist made this Jornada (none for a Jornada created on its own).</summary>
    public Process.ProcessTimeline? Process { get; private set; }
    /// <summary>
    /// Why this Jornada can no longer choose a project (a certified tie, no ballots, never opened): a process calls
    /// another, and staff create one that repeats a Jornada outside the Plan de Acción (_NewJornada).
    /// </summary>
    public Rejection? WhyVoteAgain { get; private set; }
    /// <summary>
    /// The opening as the IEEQ notes it (its hash) once the vote is open: staff who opened it print the constancia de
    /// apertura for both sides to sign, and read the hash the IEEQ writes down.
    /// </summary>
    public Audit.Console.OpeningSheet? Opening { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation) =>
        await LoadAsync(cancellation) ? Page() : NotFound();

    /// <summary>The ballot's form was sent: it shows what was typed, not the ballot as it stands.</summary>
    private bool _optionsPosted;

    /// <summary>The ballot's form was sent and refused (an accepted one redirects): it stays open with what was typed.</summary>
    public bool BallotFormRefused => _optionsPosted;

    /// <summary>
    /// The two projects, set or corrected: while the Jornada is prepared the ballot may be replaced, as the API allows
    /// (SetBallotOptionsEndpoint), and once the vote opens the rule refuses it.
    /// </summary>
    public async Task<IActionResult> OnPostOptionsAsync(CancellationToken cancellation)
    {
        _optionsPosted = true;
        var costs = Options.Select(o => (Read: Money.TryParse(o.EstimatedCost, out var cost), Cost: cost)).ToList();
        var inputs = Options.Select((o, i) => new BallotOptionInput(o.Title ?? "", o.Description ?? "", costs[i].Cost)).ToList();
        var valid = Validate(new SetBallotOptions(inputs), "Options");
        for (var i = 0; i < costs.Count; i++)
            if (!costs[i].Read) OnlyError($"Options[{i}].EstimatedCost", Money.Unreadable);
        if (!valid || !ModelState.IsValid) return await InvalidAsync(cancellation);
        return await SetBallotAsync(inputs, "", cancellation);
    }

    private async Task<IActionResult> SetBallotAsync(IReadOnlyList<BallotOptionInput> inputs, string suffix, CancellationToken cancellation)
    {
        var corrected = false;
        return await AnswerAsync(await writes.DecideAsync<Jornada>(Id, j =>
            {
                corrected = j.Options.Count == 2;
                // Two people correcting the ballot at once: the second, whose page showed the ballot before the first's
                // change, used to replace it without knowing.
                if (BallotShown is not null && BallotShown != BallotFingerprint(j.Options) && j.Status == JornadaStatus.Preparing) return BallotChangedMeanwhile;
                return SetBallotOptionsEndpoint.Decide(j, SetBallotOptionsEndpoint.Number(inputs), "staff", Actor, clock.GetUtcNow());
            }, cancellation, exclusive: true),
            (corrected ? "Se corrigieron los dos proyectos de la boleta" : "Se fijaron los dos proyectos de la boleta") + suffix + ".", cancellation);
    }

    /// <summary>The earlier Jornada this one repeats (?desde=, from the new Jornada's form), while it may repeat it.</summary>
    [BindProperty(SupportsGet = true, Name = "desde")] public string? Desde { get; set; }

    /// <summary>
    /// The Jornada this one repeats, offered while its ballot is not set (NewJornadaPage.RepeatableAsync): its two projects
    /// are set in one step instead of typed again. The record does not say which Jornada a new one repeats; the address does.
    /// </summary>
    public Jornada? Repeats { get; private set; }

    /// <summary>The two projects of the Jornada this one repeats, set as the ballot's form sets them (the same decision).</summary>
    public async Task<IActionResult> OnPostSameOptionsAsync(CancellationToken cancellation)
    {
        Jornada? earlier;
        await using (var session = store.QuerySession())
            earlier = await NewJornadaPage.RepeatableAsync(session, Desde, clock.GetUtcNow(), cancellation);
        if (earlier is not { Options.Count: 2 } || earlier.Id == Id)
            return await AnswerAsync(NothingToRepeat, "", cancellation);
        var inputs = earlier.Options.Select(o => new BallotOptionInput(o.Title, o.Description, o.EstimatedCost)).ToList();
        if (!Validate(new SetBallotOptions(inputs), "Options")) return await InvalidAsync(cancellation);
        return await SetBallotAsync(inputs, $", los mismos de la Jornada «{earlier.Title}»", cancellation);
    }

    public static readonly Rejection NothingToRepeat = new("no_earlier_ballot", "No hay boleta que repetir",
        "La Jornada anterior no es una que esta pueda repetir (una fuera del Plan de Acción que ya no puede elegir proyecto, con sus dos proyectos): " +
        "escriba los dos proyectos en el formulario de la boleta.", StatusCodes.Status409Conflict);

    public static readonly Rejection BallotChangedMeanwhile = new("ballot_changed_meanwhile", "La boleta cambió mientras la editaba",
        "Otra persona cambió los proyectos de la boleta después de que usted abrió esta página, y su corrección no se guardó. " +
        "Revise la boleta como quedó y, si aún hace falta, vuelva a guardar su corrección.", StatusCodes.Status409Conflict);

    /// <summary>A short digest of the ballot's two projects as they stand; «none» before any (an empty field would bind as no value).</summary>
    public static string BallotFingerprint(IReadOnlyList<BallotOption> options) => options.Count == 0 ? "none" :
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\u001f',
            options.Select(o => $"{o.Id}\u001e{o.Title}\u001e{o.Description}\u001e{o.EstimatedCost.ToString(System.Globalization.CultureInfo.InvariantCulture)}")))))[..16];

    /// <summary>The online window as it stands, «none» before any: what the letters will print.</summary>
    public static string OnlineFingerprint(OnlineWindow? online) => online is null ? "none"
        : $"{online.OpensAt.ToUnixTimeSeconds()}-{online.ClosesAt.ToUnixTimeSeconds()}";

    /// <summary>Two people setting the online hours at once: the second, whose page showed the hours before the first's change, replaced them unknowing.</summary>
    public static Rejection OnlineChangedMeanwhile(OnlineWindow? now) => new("online_window_changed_meanwhile",
        "El horario en línea cambió mientras lo editaba",
        "Otra persona " + (now is null ? "quitó el horario de la votación en línea" : $"fijó el horario de la votación en línea ({QueretaroTime.Format(now.OpensAt)} a {QueretaroTime.Format(now.ClosesAt)}, hora del centro de México)") +
        " después de que usted abrió esta página, y su cambio no se guardó: ese horario es el que llevan impreso las cartas. Revíselo como quedó " +
        "y, si aún hace falta, vuelva a enviar el suyo.", StatusCodes.Status409Conflict);

    public async Task<IActionResult> OnPostKioskAsync(CancellationToken cancellation)
    {
        if (!Validate(Kiosk, nameof(Kiosk))) return await InvalidAsync(cancellation);
        var token = KioskCredential.NewToken();
        var refusal = await writes.DecideAsync<Jornada>(Id, j =>
            RegisterKioskEndpoint.Decide(j, Kiosk, keys.KioskLinkHash(token), Actor, clock.GetUtcNow()), cancellation, exclusive: true);
        if (refusal is not null)
        {
            // With the vote open the kiosk needs the IEEQ's countersignature first (or another, for a grant given to other
            // name or place): the request form below is filled in for this kiosk (id, name and place, which the grant
            // fixes), so staff only write the reason.
            if (refusal.Code is Countersignatures.RequiredCode or "countersignature_mismatch")
            {
                Countersign = new RequestCountersignature(CountersignedAction.RegisterKiosk, KioskIds.Tidy(Kiosk.KioskId), "", Kiosk.Name.Trim(), Kiosk.Location.Trim());
                _countersignFilledIn = true;
            }
            return await AnswerAsync(refusal, "", cancellation);
        }
        var link = new Uri(HttpContext.RequestServices.GetRequiredService<Hosting.PublicHosting>().SiteFor(Request),
            $"kiosco.html#configurar={Uri.EscapeDataString(token)}").AbsoluteUri;
        var kioskId = KioskIds.Tidy(Kiosk.KioskId)!;
        Kiosk = new RegisterKiosk("", "", "");
        ModelState.Clear();
        // The page itself, not a redirect: the credential is shown this once and kept nowhere.
        if (!await LoadAsync(cancellation)) return NotFound();
        NewKiosk = new KioskSetup(kioskId, Jornada.FindKiosk(kioskId)?.Name ?? kioskId, token, link, Hosting.Console.QrImage.DataUrl(link, 5));
        return Page();
    }

    /// <summary>The id of a kiosk row's confirmation box, and the key of its message.</summary>
    public static string CloseKioskConfirmId(string kioskId) => $"cerrar-{kioskId}";

    /// <summary>The id of a kiosk row's reason field, and the key of its message.</summary>
    public static string CloseKioskReasonId(string kioskId) => $"motivo-cerrar-{kioskId}";

    public async Task<IActionResult> OnPostCloseKioskAsync(CancellationToken cancellation)
    {
        var command = new CloseKiosk(KioskCloseReason ?? "");
        var valid = Validate(command, nameof(CloseKiosk), new Dictionary<string, string> { [nameof(CloseKiosk.Reason)] = CloseKioskReasonId(KioskToClose ?? "") });
        if (!valid || !KioskCloseConfirmed)
        {
            if (!KioskCloseConfirmed)
            {
                // Said by the name the tables show, not its identifier.
                await using var session = store.QuerySession();
                var shown = (await session.LoadAsync<Jornada>(Id, cancellation))?.FindKiosk(KioskToClose)?.Name ?? KioskToClose;
                ModelState.AddModelError(CloseKioskConfirmId(KioskToClose ?? ""), $"Confirme que el kiosco «{shown}» deja de recibir votos: cerrarlo no se puede deshacer.");
            }
            return await InvalidAsync(cancellation);
        }
        var name = KioskToClose; // said by the name the tables show, not its identifier
        return await AnswerAsync(await writes.DecideAsync<Jornada>(Id, j =>
            {
                name = j.FindKiosk(KioskToClose)?.Name ?? KioskToClose;
                return CloseKioskEndpoint.Decide(j, KioskToClose ?? "", command, Actor, clock.GetUtcNow());
            }, cancellation, exclusive: true),
            $"Se cerró el kiosco «{name}»: ya no recibe votos; las boletas que recibió siguen registradas.", cancellation);
    }

    /// <summary>The id of a countersignature row's withdrawal reason, and the key of its message.</summary>
    public static string WithdrawReasonId(Guid requestId) => $"retirar-{requestId}";

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellation)
    {
        var requestId = WithdrawRequestId ?? Guid.Empty;
        var command = new WithdrawCountersignature(WithdrawReason ?? "");
        if (!Validate(command, nameof(WithdrawCountersignature), new Dictionary<string, string> { [nameof(WithdrawCountersignature.Reason)] = WithdrawReasonId(requestId) }))
            return await InvalidAsync(cancellation);
        var what = "";
        var granted = false;
        return await AnswerAsync(await writes.DecideAsync<Jornada>(Id, j =>
            {
                what = j.FindCountersignature(requestId) is { } request ? Countersignatures.Describe(request) : "";
                granted = j.FindCountersignature(requestId)?.Status == CountersignatureStatus.Granted;
                return WithdrawCountersignatureEndpoint.Decide(j, requestId, command, Actor, clock.GetUtcNow());
            }, cancellation, exclusive: true),
            $"Se retiró la solicitud de contrafirma para {what}: {(granted ? "su contrafirma ya no sirve" : "el IEEQ ya no tiene que responderla")}.", cancellation);
    }

    public const string WithdrawalReasonId = "motivo-retiro";
    public const string WithdrawalConfirmId = "confirmar-retiro";

    /// <summary>A Jornada created by mistake, withdrawn before it opens (WithdrawJornadaEndpoint): the record keeps why.</summary>
    public async Task<IActionResult> OnPostWithdrawJornadaAsync(CancellationToken cancellation)
    {
        var command = new WithdrawJornada(WithdrawalReason ?? "");
        var valid = Validate(command, nameof(WithdrawJornada), new Dictionary<string, string> { [nameof(WithdrawJornada.Reason)] = WithdrawalReasonId });
        if (!WithdrawalConfirmed) ModelState.AddModelError(WithdrawalConfirmId, "Confirme que en esta Jornada no habrá votación: retirarla no se puede deshacer.");
        if (!valid || !WithdrawalConfirmed) return await InvalidAsync(cancellation);
        var lettersIssued = false;
        return await AnswerAsync(await writes.DecideAsync<Jornada>(Id, j =>
                {
                    lettersIssued = j.VotingCodesIssued;
                    return WithdrawJornadaEndpoint.Decide(j, command, Actor, clock.GetUtcNow());
                }, cancellation, exclusive: true),
            lettersIssued
                // Its letters' holders must learn it: the public pages keep it, as withdrawn (it said «ya no aparece»).
                ? "Se retiró la Jornada: como sus cartas ya se habían emitido, las páginas públicas la muestran como retirada, con el motivo, para quien llegue con su carta."
                : "Se retiró la Jornada: ya no aparece en las listas de las páginas públicas, y su enlace dice que se retiró y por qué.", cancellation);
    }

    /// <summary>
    /// With the vote open, a new kiosk and an early close need an IEEQ auditor's countersignature (RequestCountersignature):
    /// staff ask here, saying why; the auditor answers at the IEEQ's desk.
    /// </summary>
    public async Task<IActionResult> OnPostCountersignAsync(CancellationToken cancellation)
    {
        var kiosk = Countersign.Action == CountersignedAction.RegisterKiosk;
        var command = Countersign with
        {
            KioskId = kiosk ? KioskIds.Tidy(Countersign.KioskId) : null,
            KioskName = kiosk ? Countersign.KioskName : null,
            KioskLocation = kiosk ? Countersign.KioskLocation : null,
        };
        const string action = $"{nameof(Countersign)}.{nameof(RequestCountersignature.Action)}";
        var chosen = ModelState.GetFieldValidationState(action) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
                     && Countersign.Action is not null;
        if (!chosen)
        {
            // Nothing chosen: what the rules say of a kiosk nobody asked for is beside the point.
            if (ModelState.TryGetValue(action, out var entry)) entry.Errors.Clear();
            ModelState.AddModelError(action, "Elija para qué pide la contrafirma.");
            return await InvalidAsync(cancellation);
        }
        if (!Validate(command, nameof(Countersign), new Dictionary<string, string> { ["kioskId"] = "Countersign.KioskId", ["motivo"] = "Countersign.Reason" }))
            return await InvalidAsync(cancellation);
        return await AnswerAsync(await writes.DecideAsync<Jornada>(Id, j =>
                RequestCountersignatureEndpoint.Decide(j, command, Guid.CreateVersion7(clock.GetUtcNow()), Actor, clock.GetUtcNow()), cancellation, exclusive: true),
            $"Se pidió al IEEQ la contrafirma para {Countersignatures.Describe(command.Action!.Value, command.KioskId, KioskTexts.Tidy(command.KioskName), KioskTexts.Tidy(command.KioskLocation))}.", cancellation);
    }

    public async Task<IActionResult> OnPostOnlineAsync(CancellationToken cancellation)
    {
        var opens = ReadTime(OnlineOpensAt, nameof(OnlineOpensAt), "Escriba la fecha y la hora en que abre la votación en línea.");
        var closes = ReadTime(OnlineClosesAt, nameof(OnlineClosesAt), "Escriba la fecha y la hora en que cierra la votación en línea.");
        var command = new EnableOnlineVoting(opens ?? default, closes ?? default);
        if (!ModelState.IsValid || !Validate(command, "", new Dictionary<string, string>
            {
                [nameof(EnableOnlineVoting.OpensAt)] = nameof(OnlineOpensAt), [nameof(EnableOnlineVoting.ClosesAt)] = nameof(OnlineClosesAt), [""] = nameof(OnlineClosesAt),
            }))
            return await InvalidAsync(cancellation);
        Jornada? before = null;
        // The same hours sent again (an answer lost on the way) are not someone else's change.
        var refusal = await writes.DecideAsync<Jornada>(Id, j => OnlineShown is not null && OnlineShown != OnlineFingerprint(j.Online)
                && j.Online != new OnlineWindow(command.OpensAt, command.ClosesAt)
                ? OnlineChangedMeanwhile(j.Online)
                : EnableOnlineVotingEndpoint.Decide(before = j, command, Actor, clock.GetUtcNow()), cancellation, exclusive: true);
        var next = before is { HasVoterRoll: true }
            ? $"Ahora la autoridad de credenciales emite los códigos, antes del {QueretaroTime.Format(command.OpensAt)} (hora del centro de México)."
            : "Falta cargar el padrón; después la autoridad de credenciales emite los códigos.";
        return await AnswerAsync(refusal, (before?.Online is null ? "Se habilitó la votación en línea. " : "Se cambió el horario de la votación en línea. ") + next,
            cancellation, field: refusal?.Code switch
            {
                "online_window_started" => nameof(OnlineOpensAt),
                "online_window_after_jornada" => nameof(OnlineClosesAt),
                _ => null,
            });
    }

    public async Task<IActionResult> OnPostRollAsync(IFormFile? roll, CancellationToken cancellation)
    {
        if (roll is null || roll.Length == 0)
        {
            ModelState.AddModelError("roll", roll is null ? "Elija el archivo CSV del padrón."
                : $"El archivo «{roll.FileName}» está vacío (0 bytes): elija el padrón, un CSV con el encabezado y una persona por línea.");
            return await InvalidAsync(cancellation);
        }
        if (roll.Length > VoterRollFile.MaxBytes) return await AnswerAsync(VoterRollFile.TooLarge, "", cancellation);
        VoterRollFile? read = null;
        var unchanged = false;
        var refusal = await writes.DecideAsync<Jornada>(Id, async (jornada, session) =>
        {
            await using var file = roll.OpenReadStream();
            read = await VoterRollFile.ReadCsvAsync(jornada, file, id => keys.VoterKey(jornada.Id, id), cancellation);
            if (read.Refusal is { } bad) return bad;
            var decision = await LoadVoterRollEndpoint.ReplaceAsync(jornada, read, session.Connection!, tables, Actor, clock.GetUtcNow(), cancellation);
            unchanged = decision.Accepted && decision.Events.Count == 0;
            return decision;
        }, cancellation, exclusive: true);
        if (refusal is not null)
        {
            RollRefusal = read;
            return await AnswerAsync(refusal, "", cancellation);
        }
        if (unchanged)
            return await AnswerAsync(null, $"Es el mismo padrón que ya estaba cargado ({Counted.Of(read!.Entries.Count, "persona", "personas")}): no cambió nada.",
                cancellation);
        return await AnswerAsync(null, $"Padrón cargado: {Counted.Of(read!.Entries.Count, "persona", "personas")}" +
            (read.HasColonias ? (read.Entries.Count == 1 ? ", con su colonia." : ", cada una con su colonia.") : "."), cancellation);
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Jornada>(Id, cancellation) is not { } jornada) return false;
        Jornada = jornada;
        Tally = JornadaTally.Of(jornada);
        // The form to correct the ballot starts from the ballot as it stands (after any other form, Options holds none).
        if (!_optionsPosted && jornada.Options.Count == 2)
            Options = jornada.Options.Select(o => new OptionForm { Title = o.Title, Description = o.Description, EstimatedCost = Money.Field(o.EstimatedCost) }).ToList();
        Opening = await Audit.Console.OpeningSheet.ReadAsync(session, jornada, credentials.CurrentValue.PublicName, cancellation);
        Process = jornada.ProcessId is { } processId ? await session.LoadAsync<Process.ProcessTimeline>(processId, cancellation) : null;
        WhyVoteAgain = GobiernoAbierto.Process.CallNewJornadaEndpoint.WhyVoteAgain(jornada, clock.GetUtcNow());
        Repeats = Desde is not null && jornada is { ProcessId: null, Status: JornadaStatus.Preparing, Options.Count: 0 }
            && await NewJornadaPage.RepeatableAsync(session, Desde, clock.GetUtcNow(), cancellation) is { Options.Count: 2 } earlier && earlier.Id != jornada.Id
            ? earlier : null;
        if (Jornada.Online is { } online && OnlineOpensAt is null)
        {
            OnlineOpensAt = LocalTime.Field(online.OpensAt);
            OnlineClosesAt = LocalTime.Field(online.ClosesAt);
        }
        // A first window starts with the kiosks' unless that is past (an opening already past is refused): then the first
        // whole hour at least half an hour ahead, so that the form is not refused by the time it is sent.
        var soon = clock.GetUtcNow().AddMinutes(30);
        OnlineOpensAt ??= LocalTime.Field(Jornada.VotingOpensAt > soon ? Jornada.VotingOpensAt
            : new DateTimeOffset(soon.Ticks - soon.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero).AddHours(1));
        OnlineClosesAt ??= LocalTime.Field(Jornada.VotingClosesAt);
        return true;
    }
}
