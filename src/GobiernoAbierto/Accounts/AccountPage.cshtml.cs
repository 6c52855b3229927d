using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Accounts;

[ForRoles(Roles.Administrator)]
public sealed class AccountPage(IDocumentStore store, TimeProvider clock) : Hosting.Console.ConsolePage
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

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

    public Task<IActionResult> OnPostDisableAsync(CancellationToken cancellation) =>
        DecideAsync(account => ManageAccountRules.Disable(account, Reason, User.AccountId() ?? Guid.Empty, Actor, clock.GetUtcNow()),
            "Se deshabilitó la cuenta.", "Reason", cancellation);

    public Task<IActionResult> OnPostReissueAsync(CancellationToken cancellation)
    {
        var (code, hash) = CreateAccountRules.NewActivationCode();
        return DecideAsync(account =>
        {
            var decision = ManageAccountRules.ReissueActivation(account, hash, User.AccountId() ?? Guid.Empty, Actor, clock.GetUtcNow());
            if (decision.Accepted)
                Issued = new ActivationSheet(account.DisplayName, account.UserName, account.Role, code,
                    ((ActivationReissued)decision.Events[0]).ActivationExpiresAt, Request);
            return decision;
        }, null, null, cancellation);
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
