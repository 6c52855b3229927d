using GobiernoAbierto.Accounts;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// The municipality's account administration holds every activation code it hands out: alone, it could activate an
/// auditor's or the credential authority's account itself and act as the IEEQ. Those accounts sign in only after the
/// IEEQ approved them with a code of the authenticator that activated them.
/// </summary>
public sealed class when_the_ieeq_approves_the_accounts_that_act_in_its_name
{
    private static readonly DateTimeOffset Now = new(2021, 10, 18, 14, 0, 0, TimeSpan.Zero);
    private static readonly Guid Auditor = Guid.NewGuid();

    private static Account Created(string role) =>
        Fold.Into<Account>(CreateAccountRules.Decide(new CreateAccount("jorge.ieeq", "Jorge Pérez", role), Guid.NewGuid(), false, "aa11",
            "Ana Administradora (ana.admin)", Now).Events);

    private static Account Activated(string role = Roles.Auditor, long step = 100) =>
        Created(role).Apply(new AccountActivated(Guid.Empty, "hash", "sealed", step, Now));

    private static Account Apply(Account account, IEnumerable<object> events) => Fold.Onto(account, events)!;

    [Theory]
    [InlineData(Roles.Auditor, true)]
    [InlineData(Roles.CredentialAuthority, true)]
    [InlineData(Roles.Staff, false)]
    [InlineData(Roles.Committee, false)]
    [InlineData(Roles.Administrator, false)]
    public void an_account_of_the_ieeqs_roles_made_by_the_administration_waits_for_the_ieeq_after_its_activation(string role, bool waits)
    {
        var account = Activated(role);
        Assert.Equal(waits ? AccountStatus.AwaitingIeeqApproval : AccountStatus.Active, account.Status);

        var signIn = SignInRules.Decide(account, passwordMatches: true, totpStep: 101, Now);
        if (waits)
        {
            Assert.Same(IeeqApproval.Pending, signIn.Refusal);
            Assert.Empty(signIn.Events); // not a failure: nothing counts towards a lock, and the code stays unused
        }
        else Assert.True(signIn.SignedIn);
    }

    [Fact]
    public void wrong_and_used_codes_are_refused_like_a_wrong_password_and_a_fresh_one_of_its_own_authenticator_lets_it_in()
    {
        var account = Activated(step: 100);
        Assert.Same(IeeqApproval.WrongCode, IeeqApproval.Approve(account, totpStep: null, Auditor, "Luz (luz.ieeq)", Now).Rejection);
        Assert.Same(IeeqApproval.WrongCode, IeeqApproval.Approve(account, totpStep: 100, Auditor, "Luz (luz.ieeq)", Now).Rejection); // the activation's

        var approval = IeeqApproval.Approve(account, totpStep: 101, Auditor, "Luz (luz.ieeq)", Now);
        var approved = Assert.IsType<AccountApprovedByIeeq>(Assert.Single(approval.Events));
        Assert.Equal((account.Id, 101L, "Luz (luz.ieeq)", (Guid?)Auditor), (approved.AccountId, approved.TotpStep, approved.ApprovedBy, approved.ApproverAccountId));
        account = Apply(account, approval.Events);
        Assert.Equal(AccountStatus.Active, account.Status);
        Assert.Equal(("Luz (luz.ieeq)", (DateTimeOffset?)Now), (account.IeeqApprovedBy, account.IeeqApprovedAt));

        Assert.Equal("sign_in_refused", SignInRules.Decide(account, true, 101, Now).Refusal?.Code); // the code shown to the auditor
        Assert.True(SignInRules.Decide(account, true, 102, Now).SignedIn);
        Assert.Same(IeeqApproval.NotAwaiting, IeeqApproval.Approve(account, 102, Auditor, "Luz (luz.ieeq)", Now).Rejection);
    }

    [Fact]
    public void nobody_approves_an_account_before_its_activation_nor_their_own()
    {
        Assert.Same(IeeqApproval.NotActivated, IeeqApproval.Approve(Created(Roles.Auditor), 101, Auditor, "Luz (luz.ieeq)", Now).Rejection);
        var own = Activated();
        Assert.Same(IeeqApproval.NotYourOwn, IeeqApproval.Approve(own, 101, own.Id, "Jorge Pérez (jorge.ieeq)", Now).Rejection);
        Assert.Same(IeeqApproval.NotAwaiting, IeeqApproval.Approve(Activated(Roles.Staff), 101, Auditor, "Luz (luz.ieeq)", Now).Rejection);
        var disabled = Activated().Apply(new AccountDisabled(Guid.Empty, "baja", "Ana", Now));
        Assert.Same(IeeqApproval.NotAwaiting, IeeqApproval.Approve(disabled, 101, Auditor, "Luz (luz.ieeq)", Now).Rejection);
    }

    /// <summary>Whoever gives a new activation code holds it: the account waits for the IEEQ again, until its person is seen.</summary>
    [Fact]
    public void a_new_activation_code_makes_an_approved_account_wait_for_the_ieeq_again()
    {
        var account = Apply(Activated(step: 100), IeeqApproval.Approve(Activated(step: 100), 101, Auditor, "Luz (luz.ieeq)", Now).Events);
        account = Apply(account, ManageAccountRules.ReissueActivation(account, "bb22", Guid.NewGuid(), "Ana Administradora (ana.admin)", Now).Events);
        Assert.True(account.AwaitsIeeqApproval);
        account = account.Apply(new AccountActivated(account.Id, "hash2", "sealed2", 110, Now));
        Assert.Equal(AccountStatus.AwaitingIeeqApproval, account.Status);
        Assert.Same(IeeqApproval.Pending, SignInRules.Decide(account, true, 111, Now).Refusal);

        var staff = Activated(Roles.Staff);
        staff = Apply(staff, ManageAccountRules.ReissueActivation(staff, "bb22", Guid.NewGuid(), "Ana Administradora (ana.admin)", Now).Events);
        Assert.False(staff.AwaitsIeeqApproval);
    }
}
