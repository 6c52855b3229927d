using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Accounts;

[ForRoles(Roles.Administrator)]
public sealed class AccountPage(IDocumentStore store, SecondFactor secondFactor, TimeProvider clock) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The boxes ticked before what cannot be undone: the old password and app stop working; the account stays disabled.</summary>
    [BindProperty] public bool ReissueConfirmed { get; set; }
    /// <summary>When the account's last new activation code was given, as the page saw it (ManageAccountRules.Stamp).</summary>
    [BindProperty] public string? LastReissue { get; set; }
    [BindProperty] public bool DisableConfirmed { get; set; }

    public Account Account { get; private set; } = new();
    public ActivationSheet? Issued { get; private set; }
    public string Status => ActivationSheet.StatusLabel(Account, clock.GetUtcNow());

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Account>(Id, cancellation) is not { } account) return NotFound();
        Account = account;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken cancellation)
    {
        if (!DisableConfirmed)
            return await UnconfirmedAsync(nameof(DisableConfirmed),
                "Confirme que deshabilita la cuenta: la persona ya no podrá entrar y una cuenta deshabilitada no se vuelve a habilitar.", cancellation);
        return await DecideAsync(account => ManageAccountRules.Disable(account, Reason, User.AccountId() ?? Guid.Empty, Actor, clock.GetUtcNow()),
            "Se deshabilitó la cuenta.", "Reason", cancellation);
    }

    public async Task<IActionResult> OnPostReissueAsync(CancellationToken cancellation)
    {
        if (!ReissueConfirmed)
            return await UnconfirmedAsync(nameof(ReissueConfirmed),
                "Confirme el código nuevo: la contraseña y la aplicación actuales de la persona dejan de servir en cuanto se da.", cancellation);
        return await DecideAsync(account =>
        {
            if (ManageAccountRules.GivenSinceThePageOpened(LastReissue, account.ActivationReissuedAt, account.ActivationReissuedBy,
                    "un código de activación nuevo", Actor) is { } already)
                return already;
            var now = clock.GetUtcNow();
            var (code, hash) = secondFactor.NewCode(CreateAccountRules.ActivationPurpose, account.Id, account.Role, now + CreateAccountRules.ActivationLifetime);
            var decision = ManageAccountRules.ReissueActivation(account, hash, User.AccountId() ?? Guid.Empty, Actor, now);
            if (decision.Accepted)
                Issued = new ActivationSheet(account.DisplayName, account.UserName, account.Role, code,
                    ((ActivationReissued)decision.Events[0]).ActivationExpiresAt, Request);
            return decision;
        }, null, null, cancellation);
    }

    /// <summary>The box was not ticked: the page again with the reason beside it (and the reason typed kept), 400; nothing written.</summary>
    private async Task<IActionResult> UnconfirmedAsync(string field, string message, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<Account>(Id, cancellation) is not { } account) return NotFound();
        Account = account;
        ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult> DecideAsync(Func<Account, Decision> decide, string? done, string? field, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForExclusiveWriting<Account>(Id, cancellation);
        if (stream.Aggregate is null) return NotFound();
        var decision = decide(stream.Aggregate);
        if (decision.Rejection is { } rejection)
        {
            Account = stream.Aggregate;
            return Refuse(rejection, field);
        }
        stream.AppendMany(decision.Events);
        await session.SaveChangesAsync(cancellation);
        if (done is not null)
        {
            Done = done;
            return RedirectToPage();
        }
        Account = await session.LoadAsync<Account>(Id, cancellation) ?? stream.Aggregate;
        return Page();
    }
}
