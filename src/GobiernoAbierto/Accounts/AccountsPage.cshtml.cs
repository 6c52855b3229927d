using Microsoft.AspNetCore.Mvc;

namespace GobiernoAbierto.Accounts;

[ForRoles(Roles.Administrator)]
public sealed class AccountsPage(IDocumentStore store, SecondFactor secondFactor,
    Microsoft.Extensions.Options.IOptionsMonitor<Hosting.AuthOptions> credentials, TimeProvider clock) : Hosting.Console.ConsolePage
{
    [BindProperty]
    public CreateAccount Form { get; set; } = new("", "", "");

    public IReadOnlyList<Account> Accounts { get; private set; } = [];
    public ActivationSheet? Issued { get; private set; }

    public string StatusLabel(Account account) => ActivationSheet.StatusLabel(account, clock.GetUtcNow());

    public async Task OnGetAsync(CancellationToken cancellation) => await LoadAsync(cancellation);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellation)
    {
        Form = Form with { UserName = (Form.UserName ?? "").Trim().ToLowerInvariant(), DisplayName = Form.DisplayName ?? "" };
        if (!Validate(Form, nameof(Form)))
        {
            await LoadAsync(cancellation);
            return Page();
        }
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var (code, hash) = secondFactor.NewCode(CreateAccountRules.ActivationPurpose, id, Form.Role, now + CreateAccountRules.ActivationLifetime);
        await using var session = store.LightweightSession();
        var decision = await CreateAccountRules.StartAsync(session, Form, id, hash, Actor, now, credentials.CurrentValue.Keys.Select(k => k.Name), cancellation);
        if (decision.Rejection is null)
        {
            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (e.ToString().Contains("account_user_name", StringComparison.Ordinal))
            {
                decision = CreateAccountRules.UserNameTaken; // created by someone else in the same instant
            }
        }
        await LoadAsync(cancellation);
        if (decision.Rejection is { } rejection)
            return Refuse(rejection, rejection == CreateAccountRules.UserNameTaken ? "Form.UserName"
                : rejection.Code is "display_name_of_a_credential" or "display_name_taken" ? "Form.DisplayName" : null);

        var created = (AccountCreated)decision.Events[0];
        Issued = new ActivationSheet(created.DisplayName, created.UserName, created.Role, code, created.ActivationExpiresAt, Request);
        Form = new CreateAccount("", "", "");
        ModelState.Clear();
        return Page();
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        Accounts = await session.Query<Account>().OrderBy(a => a.DisplayName).ToListAsync(cancellation);
        return true;
    }
}
