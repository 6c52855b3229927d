using GobiernoAbierto.Accounts;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// The municipality's account administration holds every activation code it hands out: alone, it could activate an
/// auditor's or the credential authority's account itself and act as the IEEQ. Those accounts activate only with a
/// second code, which the IEEQ gives their person.
/// </summary>
public sealed class when_the_ieeq_gives_its_code_for_the_accounts_that_act_in_its_name
{
    private static readonly DateTimeOffset Now = new(2021, 10, 18, 14, 0, 0, TimeSpan.Zero);
    private static readonly Guid Auditor = Guid.NewGuid();
    private static readonly SecondFactor Codes = new(new Ballots.VoterKeys(new byte[32]), TimeProvider.System);
    private static readonly Guid Jorge = Guid.NewGuid();
    private static readonly string ActivationHash = Codes.NewCode(CreateAccountRules.ActivationPurpose, Jorge).Hash;

    private static Account Created(string role) =>
        Fold.Into<Account>(CreateAccountRules.Decide(new CreateAccount("jorge.ieeq", "Jorge Pérez", role), Jorge, false, ActivationHash,
            "Ana Administradora (ana.admin)", Now).Events);

    private static Account Apply(Account account, IEnumerable<object> events) => Fold.Onto(account, events)!;

    private static Decision Activate(Account account, string? ieeqCode, DateTimeOffset? at = null) =>
        ActivateAccountRules.Decide(account, ActivationHash, ieeqCode is null ? null : Codes.CodeHash(IeeqCode.Purpose, Jorge, ieeqCode), "h", "s", 5, at ?? Now);

    [Theory]
    [InlineData(Roles.Auditor, true)]
    [InlineData(Roles.CredentialAuthority, true)]
    [InlineData(Roles.Staff, false)]
    [InlineData(Roles.Committee, false)]
    [InlineData(Roles.Administrator, false)]
    public void the_administrations_activation_code_alone_activates_no_account_of_the_ieeqs_roles(string role, bool needsIeeq)
    {
        var account = Created(role);
        Assert.Equal(needsIeeq ? IeeqCode.NotGiven : null, ActivateAccountRules.Check(account, ActivationHash, Now));
        Assert.Equal(needsIeeq ? IeeqCode.NotGiven : null, Activate(account, null).Rejection);
        Assert.Equal(needsIeeq ? null : IeeqCode.NotNeeded, IeeqCode.Give(account, Codes.NewCode(IeeqCode.Purpose, Jorge).Hash, Auditor, "Luz (luz.ieeq)", Now).Rejection);
    }

    [Fact]
    public void with_the_ieeqs_code_its_person_activates_it_and_only_the_latest_code_given_counts()
    {
        var account = Created(Roles.Auditor);
        var (first, firstHash) = Codes.NewCode(IeeqCode.Purpose, Jorge);
        var (second, secondHash) = Codes.NewCode(IeeqCode.Purpose, Jorge);
        account = Apply(account, IeeqCode.Give(account, firstHash, Auditor, "Luz (luz.ieeq)", Now).Events);
        Assert.Null(ActivateAccountRules.Check(account, ActivationHash, Now)); // the person goes on to enrol their app
        var given = IeeqCode.Give(account, secondHash, Auditor, "Luz (luz.ieeq)", Now.AddMinutes(5));
        Assert.Equal((account.Id, (Guid?)Auditor, "Luz (luz.ieeq)"), given.Events.Cast<IeeqCodeGiven>().Select(e => (e.AccountId, e.GiverAccountId, e.GivenBy)).Single());
        account = Apply(account, given.Events);

        Assert.Same(IeeqCode.Wrong, Activate(account, first).Rejection);
        Assert.Same(IeeqCode.Wrong, Activate(account, "").Rejection);
        var givenEarly = Apply(Created(Roles.Auditor), IeeqCode.Give(Created(Roles.Auditor), secondHash, Auditor, "Luz (luz.ieeq)", Now.AddDays(-1)).Events);
        Assert.Same(IeeqCode.Expired, Activate(givenEarly, second, Now.AddDays(2)).Rejection); // the activation code still good
        var activated = Activate(account, second.ToLowerInvariant().Replace("-", " ")); // typed as people type it
        account = Apply(account, activated.Events);
        Assert.Equal(AccountStatus.Active, account.Status);
        Assert.Null(account.IeeqCodeHash);
        Assert.Equal(("Luz (luz.ieeq)", (DateTimeOffset?)Now.AddMinutes(5)), (account.IeeqCodeGivenBy, account.IeeqCodeGivenAt));
        Assert.Same(IeeqCode.NotNeeded, IeeqCode.Give(account, firstHash, Auditor, "Luz (luz.ieeq)", Now).Rejection);
    }

    /// <summary>Whoever gives a new activation code holds it: the account needs a new code from the IEEQ too.</summary>
    [Fact]
    public void a_new_activation_code_needs_a_new_code_from_the_ieeq_and_a_disabled_account_gets_none()
    {
        var account = Created(Roles.CredentialAuthority);
        var (code, hash) = Codes.NewCode(IeeqCode.Purpose, Jorge);
        account = Apply(account, IeeqCode.Give(account, hash, Auditor, "Luz (luz.ieeq)", Now).Events);
        account = Apply(account, Activate(account, code).Events);

        var newActivation = Codes.NewCode(CreateAccountRules.ActivationPurpose, Jorge).Hash;
        account = Apply(account, ManageAccountRules.ReissueActivation(account, newActivation, Guid.NewGuid(), "Ana Administradora (ana.admin)", Now).Events);
        Assert.Equal((null, null), (account.IeeqCodeHash, account.IeeqCodeGivenBy));
        Assert.Same(IeeqCode.NotGiven, ActivateAccountRules.Check(account, newActivation, Now));
        Assert.Same(IeeqCode.NotGiven, ActivateAccountRules.Decide(account, newActivation, hash, "h", "s", 9, Now).Rejection); // the old one is gone

        // A code the person could never use: their activation code expired first.
        Assert.Same(IeeqCode.ActivationExpiredFirst, IeeqCode.Give(Created(Roles.Auditor), hash, Auditor, "Luz (luz.ieeq)", Now + CreateAccountRules.ActivationLifetime).Rejection);
        var disabled = Apply(Created(Roles.Auditor), [new AccountDisabled(Guid.Empty, "baja", "Ana", Now)]);
        Assert.Same(IeeqCode.NotNeeded, IeeqCode.Give(disabled, hash, Auditor, "Luz (luz.ieeq)", Now).Rejection);
    }

    /// <summary>
    /// Someone who can write the database but lacks the server secret can neither give an account a code they chose
    /// (the hashes are keyed) nor copy their own authenticator onto it (its seal is bound to its account).
    /// </summary>
    [Fact]
    public void codes_and_authenticator_seals_are_bound_to_the_server_secret_and_the_account()
    {
        var (code, hash) = Codes.NewCode(IeeqCode.Purpose, Jorge);
        Assert.Equal(hash, Codes.CodeHash(IeeqCode.Purpose, Jorge, code.ToLowerInvariant().Replace("-", " ")));
        Assert.NotEqual(hash, Codes.CodeHash(CreateAccountRules.ActivationPurpose, Jorge, code)); // an activation code is not the IEEQ's
        Assert.NotEqual(hash, Codes.CodeHash(IeeqCode.Purpose, Guid.NewGuid(), code)); // nor another account's
        Assert.NotEqual(hash, new SecondFactor(new Ballots.VoterKeys(Enumerable.Repeat((byte)7, 32).ToArray()), TimeProvider.System)
            .CodeHash(IeeqCode.Purpose, Jorge, code));
        Assert.NotEqual(hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{IeeqCode.Purpose}|{code.Replace("-", "")}"))));

        var secret = SecondFactor.NewSecret();
        var mine = Created(Roles.Staff);
        var sealedForMe = Codes.Seal(secret, mine);
        Assert.Equal(secret, Codes.Open(sealedForMe, mine));
        Assert.Null(Codes.Open(sealedForMe, Created(Roles.Auditor))); // copied onto another account, it opens nothing
        Assert.Null(Codes.Open(sealedForMe, mine with { Role = Roles.Auditor })); // nor on mine with the stored role changed
    }

    /// <summary>An auditor account activated before the rule keeps signing in; one not activated yet needs the code.</summary>
    [Fact]
    public void accounts_made_before_the_rule_need_the_code_only_if_they_were_not_activated_yet()
    {
        var old = Account.Create(new AccountCreated(Guid.NewGuid(), "vieja.ieeq", "Cuenta anterior", Roles.Auditor, ActivationHash, Now.AddDays(3), "Ana", Now));
        Assert.Same(IeeqCode.NotGiven, Activate(old, null).Rejection);
        var active = old.Apply(new AccountActivated(old.Id, "h", "s", 5, Now));
        Assert.True(SignInRules.Decide(active, passwordMatches: true, totpStep: 6, Now).SignedIn);
    }
}
