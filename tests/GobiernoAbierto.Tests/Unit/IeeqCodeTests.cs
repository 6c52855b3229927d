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
    private static readonly string ActivationHash = Codes.NewCode(CreateAccountRules.ActivationPurpose, Jorge, Roles.Auditor, Now).Hash;

    /// <summary>The IEEQ's codes of these rules' tests: the rules compare hashes; what a hash is bound to is tested apart.</summary>
    private static (string Code, string Hash) NewIeeqCode() => Codes.NewCode(IeeqCode.Purpose, Jorge, Roles.Auditor, Now);
    private static string IeeqHash(string typed) => Codes.CodeHash(IeeqCode.Purpose, Jorge, Roles.Auditor, Now, typed);

    private static Account Created(string role) =>
        Fold.Into<Account>(CreateAccountRules.Decide(new CreateAccount("jorge.ieeq", "Jorge Pérez", role), Jorge, false, ActivationHash,
            "Ana Administradora (ana.admin)", Now).Events);

    private static Account Apply(Account account, IEnumerable<object> events) => Fold.Onto(account, events)!;

    private static Decision Activate(Account account, string? ieeqCode, DateTimeOffset? at = null) =>
        ActivateAccountRules.Decide(account, ActivationHash, ieeqCode is null ? null : IeeqHash(ieeqCode), "h", "s", 5, at ?? Now);

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
        Assert.Equal(needsIeeq ? null : IeeqCode.NotNeeded, IeeqCode.Give(account, NewIeeqCode().Hash, Auditor, "Luz (luz.ieeq)", Now).Rejection);
    }

    [Fact]
    public void with_the_ieeqs_code_its_person_activates_it_and_only_the_latest_code_given_counts()
    {
        var account = Created(Roles.Auditor);
        var (first, firstHash) = NewIeeqCode();
        var (second, secondHash) = NewIeeqCode();
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
        var (code, hash) = NewIeeqCode();
        account = Apply(account, IeeqCode.Give(account, hash, Auditor, "Luz (luz.ieeq)", Now).Events);
        account = Apply(account, Activate(account, code).Events);

        var newActivation = Codes.NewCode(CreateAccountRules.ActivationPurpose, Jorge, Roles.Auditor, Now).Hash;
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
        var expires = Now + CreateAccountRules.ActivationLifetime;
        var (code, hash) = Codes.NewCode(IeeqCode.Purpose, Jorge, Roles.Auditor, expires);
        Assert.Equal(hash, Codes.CodeHash(IeeqCode.Purpose, Jorge, Roles.Auditor, expires, code.ToLowerInvariant().Replace("-", " ")));
        Assert.NotEqual(hash, Codes.CodeHash(CreateAccountRules.ActivationPurpose, Jorge, Roles.Auditor, expires, code)); // not an activation code
        Assert.NotEqual(hash, Codes.CodeHash(IeeqCode.Purpose, Guid.NewGuid(), Roles.Auditor, expires, code)); // nor another account's
        Assert.NotEqual(hash, Codes.CodeHash(IeeqCode.Purpose, Jorge, Roles.CredentialAuthority, expires, code)); // nor for another role
        Assert.NotEqual(hash, Codes.CodeHash(IeeqCode.Purpose, Jorge, Roles.Auditor, expires.AddDays(30), code)); // nor kept past its expiry
        Assert.NotEqual(hash, new SecondFactor(new Ballots.VoterKeys(Enumerable.Repeat((byte)7, 32).ToArray()), TimeProvider.System)
            .CodeHash(IeeqCode.Purpose, Jorge, Roles.Auditor, expires, code)); // nor under another secret

        var secret = SecondFactor.NewSecret();
        var mine = Created(Roles.Staff);
        var sealedForMe = Codes.Seal(secret, mine);
        Assert.Equal(secret, Codes.Open(sealedForMe, mine));
        Assert.Null(Codes.Open(sealedForMe, mine with { Id = Guid.NewGuid() })); // copied onto another account, it opens nothing
        Assert.Null(Codes.Open(sealedForMe, mine with { Role = Roles.Auditor })); // nor on mine with the stored role changed
        Assert.Null(Codes.Open(SealedTheOldWay(secret), mine)); // nor a seal as versions before 2026-12-03 wrote it, bound to nothing
    }

    /// <summary>AES-GCM under the console key with "totp|v1" as associated data, as older versions sealed every account's secret.</summary>
    private static string SealedTheOldWay(byte[] secret)
    {
        var nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(12);
        var (cipher, tag) = (new byte[secret.Length], new byte[16]);
        using var aes = new System.Security.Cryptography.AesGcm(new Ballots.VoterKeys(new byte[32]).ConsoleSecretsKey(), tag.Length);
        aes.Encrypt(nonce, secret, cipher, tag, "totp|v1"u8);
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
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
