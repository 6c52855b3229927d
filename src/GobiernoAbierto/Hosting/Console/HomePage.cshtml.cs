namespace GobiernoAbierto.Hosting.Console;

[Accounts.ForRoles(Roles.Staff + "," + Roles.Auditor + "," + Roles.CredentialAuthority + "," + Roles.Committee + "," + Roles.Administrator)]
public sealed class HomePage : ConsolePage
{
    public string DisplayName => (User.Identity?.Name ?? "").Split(" (")[0];

    public void OnGet() { }
}
