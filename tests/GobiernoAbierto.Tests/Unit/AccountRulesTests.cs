using GobiernoAbierto.Accounts;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_people_sign_in_to_the_console
{
    private static readonly DateTimeOffset Now = new(2021, 10, 18, 14, 0, 0, TimeSpan.Zero);
    private const string ActivationHash = "aa11";

    private static Account Awaiting(string role = Roles.Auditor) =>
        Account.Create(new AccountCreated(Guid.NewGuid(), "jorge.ieeq", "Jorge Pérez", role, ActivationHash, Now.AddDays(3), "Ana (ana)", Now));

    private static Account Active(long lastStep = 100) =>
        Awaiting().Apply(new AccountActivated(Guid.Empty, "hash", "sealed", lastStep, Now));

    private static Account Apply(Account account, IEnumerable<object> events) => Fold.Onto(account, events)!;

    [Fact]
    public void the_right_password_and_a_fresh_code_sign_in_and_that_code_is_never_accepted_again()
    {
        var first = SignInRules.Decide(Active(), passwordMatches: true, totpStep: 101, Now);
        Assert.True(first.SignedIn);
        var signedIn = Assert.IsType<SignedIn>(Assert.Single(first.Events));
        Assert.Equal(101, signedIn.TotpStep);

        var replay = SignInRules.Decide(Apply(Active(), first.Events), passwordMatches: true, totpStep: 101, Now.AddSeconds(5));
        Assert.Equal("sign_in_refused", replay.Refusal?.Code);
        Assert.IsType<SignInFailed>(Assert.Single(replay.Events));
    }

    /// <summary>
    /// Signing out ends that session, known by the second it began; the account keeps an ended session only as long as
    /// the session could have lasted anyway, so the list stays short however often the person signs in and out.
    /// </summary>
    [Fact]
    public void a_session_signed_out_of_is_remembered_until_it_would_have_ended_anyway()
    {
        var account = Active();
        var morning = Now;
        var noon = Now.AddHours(4);

        account = Apply(account, [new SignedOut(account.Id, morning, morning.AddMinutes(20)), new SignedOut(account.Id, morning, morning.AddMinutes(25))]);
        Assert.Contains(morning.ToUnixTimeSeconds(), account.EndedSessions);
        Assert.DoesNotContain(noon.ToUnixTimeSeconds(), account.EndedSessions);

        account = Apply(account, [new SignedOut(account.Id, noon, morning + ConsoleSignIn.LongestSession + TimeSpan.FromMinutes(1))]);
        Assert.Equal([noon.ToUnixTimeSeconds()], account.EndedSessions);
    }

    /// <summary>
    /// A new activation code is the answer to a lost phone or a password someone else may know: a session begun before
    /// it, whose cookie may have been copied, stays ended after the person activates again; hers after that opens.
    /// </summary>
    [Fact]
    public void a_session_begun_before_a_reissue_stays_ended_once_the_person_activates_again()
    {
        var before = Active();
        var stolen = (Activation: before.Activations, SignedIn: Now.AddMinutes(1));
        Assert.True(before.KeepsSession(stolen.Activation, stolen.SignedIn, Now.AddMinutes(2)));

        var reissued = Apply(before, [new ActivationReissued(before.Id, "bb22", Now.AddDays(3), "Ana (ana)", Now.AddMinutes(3))]);
        Assert.False(reissued.KeepsSession(stolen.Activation, stolen.SignedIn, Now.AddMinutes(4)));

        var again = Apply(reissued, [new AccountActivated(before.Id, "hash2", "sealed2", 200, Now.AddMinutes(5))]);
        Assert.Equal(AccountStatus.Active, again.Status);
        Assert.False(again.KeepsSession(stolen.Activation, stolen.SignedIn, Now.AddMinutes(6)));
        Assert.True(again.KeepsSession(again.Activations, Now.AddMinutes(6), Now.AddMinutes(7)));
        Assert.False(again.KeepsSession(again.Activations, Now.AddMinutes(6), Now.AddMinutes(6) + ConsoleSignIn.LongestSession));

        // And why, as the sign-in page then says it.
        Assert.Equal(SessionEnd.NewActivation, reissued.WhySessionEnds(stolen.Activation, stolen.SignedIn, Now.AddMinutes(4)));
        Assert.Equal(SessionEnd.NewActivation, again.WhySessionEnds(stolen.Activation, stolen.SignedIn, Now.AddMinutes(6)));
        Assert.Equal(SessionEnd.LongestSession, again.WhySessionEnds(again.Activations, Now.AddMinutes(6), Now.AddMinutes(6) + ConsoleSignIn.LongestSession));
        var signedOut = Apply(again, [new SignedOut(before.Id, Now.AddMinutes(6), Now.AddMinutes(8))]);
        Assert.Equal(SessionEnd.SignedOut, signedOut.WhySessionEnds(again.Activations, Now.AddMinutes(6), Now.AddMinutes(9)));
        var disabled = Apply(again, [new AccountDisabled(before.Id, "Dejó el cargo.", "Ana (ana)", Now.AddMinutes(8))]);
        Assert.Equal(SessionEnd.Disabled, disabled.WhySessionEnds(again.Activations, Now.AddMinutes(6), Now.AddMinutes(9)));
        Assert.StartsWith("Su sesión terminó: la administración de cuentas dio a esta cuenta un código de activación nuevo.",
            ConsoleSignIn.WhyEnded(nameof(SessionEnd.NewActivation)));
        Assert.Null(ConsoleSignIn.WhyEnded("7")); // a number is no name of one (Enum.TryParse takes it)
        Assert.Null(ConsoleSignIn.WhyEnded("<script>"));
    }

    [Fact]
    public void a_wrong_password_a_wrong_code_and_an_unactivated_account_all_get_the_same_answer()
    {
        var wrongPassword = SignInRules.Decide(Active(), passwordMatches: false, totpStep: 101, Now);
        var wrongCode = SignInRules.Decide(Active(), passwordMatches: true, totpStep: null, Now);
        var notActivated = SignInRules.Decide(Awaiting(), passwordMatches: false, totpStep: null, Now);
        Assert.All(new[] { wrongPassword, wrongCode, notActivated }, o => Assert.Same(SignInRules.Refused, o.Refusal));
        // Counted like the others: an unactivated account must lock as an active one does, or the lockout would tell them apart.
        Assert.IsType<SignInFailed>(Assert.Single(notActivated.Events));
        Assert.IsType<SignInFailed>(Assert.Single(wrongPassword.Events));
    }

    [Fact]
    public void a_user_name_no_account_has_locks_after_five_attempts_like_an_account_so_the_answer_tells_nothing()
    {
        var clock = new TestClock();
        var unknown = new Account { Id = Guid.Empty };
        var account = Active();
        Rejection Try(ref Account held, string? address = null)
        {
            var (refusal, next) = UnknownUserNames.Attempt(held, address, clock.GetUtcNow());
            held = next;
            return refusal;
        }
        for (var i = 0; i < Account.FailuresBeforeLockout; i++)
        {
            var real = SignInRules.Decide(account, false, null, clock.GetUtcNow());
            account = Apply(account, real.Events);
            Assert.Same(real.Refusal, Try(ref unknown));
        }

        Assert.Equal(SignInRules.Decide(account, true, 300, clock.GetUtcNow()).Refusal, Try(ref unknown));
        Assert.Equal("account_locked", Try(ref unknown).Code);
        var other = new Account { Id = Guid.Empty };
        Assert.Same(SignInRules.Refused, Try(ref other));
        clock.Offset = Account.LockoutDuration + TimeSpan.FromSeconds(1);
        Assert.Same(SignInRules.Refused, Try(ref unknown));
    }

    /// <summary>
    /// The administrator's list said only «Bloqueada por intentos fallidos», and its one action was a new activation code,
    /// which discards the person's password and authenticator: it says until when, and that the lock ends by itself.
    /// </summary>
    [Fact]
    public void the_administrator_reads_until_when_an_account_is_locked_and_that_it_unlocks_by_itself()
    {
        var account = Active();
        for (var i = 0; i < Account.FailuresBeforeLockout; i++)
            account = Apply(account, SignInRules.Decide(account, false, null, Now.AddMinutes(i)).Events);
        var until = account.NewDeviceFailures.LockedUntil!.Value;

        Assert.Equal($"Activa; bloqueada para equipos nuevos hasta las {QueretaroTime.Format(until)[11..]} (hora del centro de México) por intentos " +
            "fallidos desde equipos donde la persona no ha iniciado sesión; desde los suyos entra. Se desbloquea sola, sin código nuevo",
            ActivationSheet.StatusLabel(account, Now.AddMinutes(5)));
        Assert.Equal("Activa", ActivationSheet.StatusLabel(account, until));
    }

    [Fact]
    public void five_failures_in_a_row_lock_the_account_for_15_minutes_even_with_the_right_password()
    {
        var account = Active();
        for (var i = 0; i < Account.FailuresBeforeLockout; i++)
            account = Apply(account, SignInRules.Decide(account, false, null, Now.AddMinutes(i)).Events);

        var locked = SignInRules.Decide(account, passwordMatches: true, totpStep: 200, Now.AddMinutes(10));
        Assert.Equal("account_locked", locked.Refusal?.Code);
        Assert.Equal(429, locked.Refusal?.Status);
        Assert.Empty(locked.Events);

        var later = SignInRules.Decide(account, passwordMatches: true, totpStep: 200, Now.AddMinutes(4 + 15));
        Assert.True(later.SignedIn);
    }

    [Fact]
    public void a_success_resets_the_count_of_failures()
    {
        var account = Active();
        for (var i = 0; i < Account.FailuresBeforeLockout - 1; i++) account = Apply(account, SignInRules.Decide(account, false, null, Now).Events);
        account = Apply(account, SignInRules.Decide(account, true, 150, Now).Events);
        Assert.Equal(new FailureCount(), account.NewDeviceFailures);
    }

    /// <summary>
    /// Someone who knows an auditor's user name tries it from their own browser until it locks: the auditor signs in
    /// from the browser she used before, on voting day, while the lock holds for every browser she never used (her
    /// sign-in does not lift it for them).
    /// </summary>
    [Fact]
    public void failures_from_browsers_the_person_never_used_do_not_lock_the_ones_she_did()
    {
        var account = Apply(Active(), SignInRules.Decide(Active(), true, 101, Now, presentedDevice: null, newDevice: "laptop").Events);
        Assert.Equal(["laptop"], account.KnownDevices.Select(d => d.Hash));

        for (var i = 0; i < Account.FailuresBeforeLockout; i++)
        {
            var failed = SignInRules.Decide(account, false, null, Now.AddMinutes(i), i % 2 == 0 ? "otro" : null);
            Assert.Null(Assert.IsType<SignInFailed>(Assert.Single(failed.Events)).KnownDeviceHash);
            account = Apply(account, failed.Events);
        }
        var stranger = SignInRules.Decide(account, true, 200, Now.AddMinutes(5), "otro", "nuevo");
        Assert.Equal("account_locked", stranger.Refusal?.Code);
        Assert.Contains("Desde un equipo y navegador donde ya inició sesión con esta cuenta puede entrar ahora", stranger.Refusal?.Detail);
        Assert.StartsWith("Activa; bloqueada para equipos nuevos hasta las", ActivationSheet.StatusLabel(account, Now.AddMinutes(5)));

        var hers = SignInRules.Decide(account, true, 200, Now.AddMinutes(5), "laptop", "laptop-2");
        Assert.True(hers.SignedIn);
        var signedIn = Assert.IsType<SignedIn>(Assert.Single(hers.Events));
        Assert.Equal(("laptop-2", "laptop"), (signedIn.DeviceHash, signedIn.PreviousDeviceHash)); // her cookie is replaced
        account = Apply(account, hers.Events);
        Assert.Equal(["laptop-2"], account.KnownDevices.Select(d => d.Hash));
        Assert.Equal("account_locked", SignInRules.Decide(account, true, 201, Now.AddMinutes(6), "otro", "nuevo").Refusal?.Code);
    }

    /// <summary>Someone at one of her browsers (an office computer she used once) locks that one only, and is told it was this one.</summary>
    [Fact]
    public void failures_on_a_browser_she_used_lock_that_browser_only()
    {
        var account = Apply(Active(), SignInRules.Decide(Active(), true, 101, Now, null, "laptop").Events);
        account = Apply(account, SignInRules.Decide(account, true, 102, Now, null, "oficina").Events);
        for (var i = 0; i < Account.FailuresBeforeLockout; i++)
        {
            var failed = SignInRules.Decide(account, false, null, Now.AddMinutes(i), "oficina");
            Assert.Equal("oficina", Assert.IsType<SignInFailed>(Assert.Single(failed.Events)).KnownDeviceHash);
            account = Apply(account, failed.Events);
        }

        var locked = SignInRules.Decide(account, true, 200, Now.AddMinutes(5), "oficina", "x");
        Assert.Equal("account_locked", locked.Refusal?.Code);
        Assert.Contains("intentos fallidos seguidos en este equipo", locked.Refusal?.Detail);
        Assert.StartsWith("Activa; bloqueada en uno de sus equipos hasta las", ActivationSheet.StatusLabel(account, Now.AddMinutes(5)));
        Assert.True(SignInRules.Decide(account, true, 200, Now.AddMinutes(5), "laptop", "laptop-2").SignedIn);
        Assert.True(SignInRules.Decide(account, true, 200, Now.AddMinutes(5), null, "nuevo").SignedIn);
    }

    /// <summary>
    /// A staff member who read an auditor's user name in the audit log tries it from the office, five wrong tries every
    /// quarter hour all morning: that locks the office's address only. The auditor, at the IEEQ on a browser she never
    /// used, signs in all along; the staff member, on a new browser too, stays locked.
    /// </summary>
    [Fact]
    public void tries_from_another_address_do_not_lock_her_out_of_new_browsers_where_she_is()
    {
        var account = Active();
        var step = 200L;
        for (var round = 0; round < 12; round++)
        {
            var start = Now + round * (Account.LockoutDuration + TimeSpan.FromSeconds(5));
            for (var i = 0; i < Account.FailuresBeforeLockout; i++)
            {
                var failed = SignInRules.Decide(account, false, null, start.AddSeconds(i), null, null, "oficina");
                Assert.Equal("oficina", Assert.IsType<SignInFailed>(Assert.Single(failed.Events)).AddressKey);
                account = Apply(account, failed.Events);
            }
            var staff = SignInRules.Decide(account, true, 100 + round, start.AddMinutes(1), null, "otro", "oficina");
            Assert.Equal("account_locked", staff.Refusal?.Code);
            Assert.Contains("desde esta red", staff.Refusal?.Detail);
            Assert.StartsWith("Activa; bloqueada para equipos nuevos desde una red hasta las", ActivationSheet.StatusLabel(account, start.AddMinutes(1)));

            var hers = SignInRules.Decide(account, true, ++step, start.AddMinutes(2), null, $"ieeq-{round}", "ieeq");
            Assert.True(hers.SignedIn, hers.Refusal?.Detail);
            // Her sign-in at the IEEQ ends the IEEQ's failures in a row, not the office's, nor its lock.
            account = Apply(account, hers.Events);
            Assert.Equal("account_locked", SignInRules.Decide(account, true, ++step, start.AddMinutes(3), null, "otro", "oficina").Refusal?.Code);
            var again = SignInRules.Decide(account, false, null, start.AddMinutes(3), null, null, "oficina");
            Assert.Empty(again.Events); // refused unread while locked: no sixth try counted, nor checked
        }
    }

    /// <summary>
    /// Her sign-in from a new browser on her network clears that network's failures in a row (four wrong tries of her own
    /// before the right one do not add to a fifth later), and only that network's.
    /// </summary>
    [Fact]
    public void her_sign_in_from_a_new_browser_clears_her_networks_count_only()
    {
        var account = Active();
        for (var i = 0; i < Account.FailuresBeforeLockout - 1; i++)
            foreach (var network in new[] { "ieeq", "oficina" })
                account = Apply(account, SignInRules.Decide(account, false, null, Now.AddSeconds(i), null, null, network).Events);
        var hers = SignInRules.Decide(account, true, 200, Now.AddMinutes(1), null, "nuevo", "ieeq");
        Assert.Equal("ieeq", Assert.IsType<SignedIn>(Assert.Single(hers.Events)).AddressKey);
        account = Apply(account, hers.Events);

        Assert.Equal(0, account.FailuresFor(null, "ieeq").InARow);
        Assert.Equal(Account.FailuresBeforeLockout - 1, account.FailuresFor(null, "oficina").InARow);
        account = Apply(account, SignInRules.Decide(account, false, null, Now.AddMinutes(2), null, null, "oficina").Events);
        Assert.Equal("account_locked", SignInRules.Decide(account, true, 201, Now.AddMinutes(2), null, "otro", "oficina").Refusal?.Code);
        // From a browser she used, nothing of the new browsers' counts changes.
        var known = SignInRules.Decide(account, true, 202, Now.AddMinutes(3), "nuevo", "nuevo-2", "ieeq");
        Assert.Null(Assert.IsType<SignedIn>(Assert.Single(known.Events)).AddressKey);
    }

    /// <summary>
    /// Failures are counted by network: an IPv4 address (also as a dual-mode socket shows it), an IPv6 address by its /64,
    /// which one machine usually holds whole (its addresses one by one would bring the ceiling down from one machine).
    /// </summary>
    [Fact]
    public void failures_are_counted_by_network()
    {
        static string Of(string address) => RateLimits.NetworkOf(System.Net.IPAddress.Parse(address));
        Assert.Equal("203.0.113.7", Of("203.0.113.7"));
        Assert.Equal("203.0.113.7", Of("::ffff:203.0.113.7"));
        Assert.NotEqual(Of("203.0.113.7"), Of("203.0.113.8"));
        Assert.Equal("2001:db8:1:2::/64", Of("2001:db8:1:2:aaaa:bbbb:cccc:1"));
        Assert.Equal(Of("2001:db8:1:2:aaaa:bbbb:cccc:1"), Of("2001:db8:1:2::99"));
        Assert.NotEqual(Of("2001:db8:1:2::1"), Of("2001:db8:1:3::1"));
        Assert.Equal("desconocida", RateLimits.NetworkOf(null));

        // Kept as an HMAC of the network and the user name: one network, one key for one account, another for another,
        // so two accounts' records do not tell that one network tried both.
        var keys = new SecondFactor(new Ballots.VoterKeys(Enumerable.Repeat((byte)7, 32).ToArray()), TimeProvider.System);
        static System.Net.IPAddress Ip(string a) => System.Net.IPAddress.Parse(a);
        Assert.Equal(keys.AddressKey("maria.lopez", Ip("2001:db8:1:2::1")), keys.AddressKey("maria.lopez", Ip("2001:db8:1:2::2")));
        Assert.NotEqual(keys.AddressKey("maria.lopez", Ip("203.0.113.7")), keys.AddressKey("jose.perez", Ip("203.0.113.7")));
        Assert.NotEqual(keys.AddressKey("maria.lopez", Ip("203.0.113.7")), keys.AddressKey("maria.lopez", Ip("203.0.113.8")));
        Assert.DoesNotContain("203.0.113.7", keys.AddressKey("maria.lopez", Ip("203.0.113.7")));
    }

    /// <summary>
    /// Guessing spread over many addresses still meets a ceiling: 25 failures in a quarter hour from browsers the person
    /// never used lock every such browser, at any address, for 15 minutes (hers still get in); fewer, or the same spread
    /// over more than a quarter hour, do not.
    /// </summary>
    [Fact]
    public void failures_from_many_addresses_meet_a_ceiling_that_locks_every_browser_she_never_used()
    {
        var account = Apply(Active(), SignInRules.Decide(Active(), true, 101, Now, null, "laptop", "ieeq").Events);
        for (var i = 0; i < Account.NewDeviceFailuresBeforeLockout - 1; i++)
            account = Apply(account, SignInRules.Decide(account, false, null, Now.AddSeconds(10 * i), null, null, $"red-{i / 4}").Events);
        Assert.True(SignInRules.Decide(account, true, 200, Now.AddMinutes(5), null, "nuevo", "ieeq").SignedIn);

        account = Apply(account, SignInRules.Decide(account, false, null, Now.AddMinutes(5), null, null, "red-otra").Events);
        var locked = SignInRules.Decide(account, true, 200, Now.AddMinutes(6), null, "nuevo", "ieeq");
        Assert.Equal("account_locked", locked.Refusal?.Code);
        Assert.Equal(429, locked.Refusal?.Status);
        Assert.Empty(locked.Events);
        Assert.Contains("Hubo muchos intentos fallidos en equipos donde esta cuenta no ha iniciado sesión", locked.Refusal?.Detail);
        Assert.Contains("Desde un equipo y navegador donde ya inició sesión con esta cuenta puede entrar ahora", locked.Refusal?.Detail);
        Assert.StartsWith("Activa; bloqueada para equipos nuevos hasta las", ActivationSheet.StatusLabel(account, Now.AddMinutes(6)));
        Assert.True(SignInRules.Decide(account, true, 200, Now.AddMinutes(6), "laptop", "laptop-2", "ieeq").SignedIn);
        Assert.True(SignInRules.Decide(account, true, 200, Now.AddMinutes(5) + Account.LockoutDuration, null, "nuevo", "ieeq").SignedIn);

        // Twice as many failures, each from a network of its own, one every 40 seconds: never 25 within a quarter hour
        // (about 23 at most), so nothing locks, right after the last one either; the networks kept are the quarter hour's.
        var slow = Active();
        var at = Now;
        for (var i = 0; i < 2 * Account.NewDeviceFailuresBeforeLockout; i++, at = at.AddSeconds(40))
        {
            var failed = SignInRules.Decide(slow, false, null, at, null, null, $"red-{i}");
            Assert.Same(SignInRules.Refused, failed.Refusal);
            slow = Apply(slow, failed.Events);
        }
        Assert.Null(slow.NewDevicesLockedUntil);
        Assert.True(SignInRules.Decide(slow, true, 200, at, null, "nuevo", "red-nueva").SignedIn);
        Assert.InRange(slow.NewDeviceAddresses.Count, 1, Account.NewDeviceFailuresBeforeLockout);
        // 25 at that pace but 20 seconds apart do lock: the window is what decides.
        var fast = Active();
        for (var i = 0; i < Account.NewDeviceFailuresBeforeLockout; i++)
            fast = Apply(fast, SignInRules.Decide(fast, false, null, Now.AddSeconds(20 * i), null, null, $"red-{i}").Events);
        Assert.Equal("account_locked", SignInRules.Decide(fast, true, 200, Now.AddSeconds(20 * Account.NewDeviceFailuresBeforeLockout), null, "nuevo", "red-nueva").Refusal?.Code);
    }

    /// <summary>A user name no account has locks by address and by the ceiling as an account does, so neither tells it apart.</summary>
    [Fact]
    public void a_user_name_no_account_has_locks_by_address_like_an_account()
    {
        var clock = new TestClock();
        var unknown = new Account { Id = Guid.Empty };
        var account = Active();
        Rejection Try(string address)
        {
            var (refusal, next) = UnknownUserNames.Attempt(unknown, address, clock.GetUtcNow());
            unknown = next;
            return refusal;
        }
        for (var i = 0; i < Account.FailuresBeforeLockout; i++)
        {
            var real = SignInRules.Decide(account, false, null, clock.GetUtcNow(), address: "oficina");
            account = Apply(account, real.Events);
            Assert.Same(real.Refusal, Try("oficina"));
        }

        Assert.Equal(SignInRules.Decide(account, false, null, clock.GetUtcNow(), address: "oficina").Refusal, Try("oficina"));
        Assert.Equal("account_locked", Try("oficina").Code);
        Assert.Same(SignInRules.Refused, Try("otra-red"));
    }

    /// <summary>
    /// Four wrong tries, a quarter hour and more of quiet, two more: an account's count started over as an unknown name's
    /// does (its tries are forgotten then), so the sixth locks neither. An account kept the four, and locked at the fifth
    /// try a day later, which told a real name from one nobody has (a reviewer).
    /// </summary>
    [Fact]
    public void four_tries_long_ago_count_for_an_account_as_for_a_name_no_one_has()
    {
        var account = Active();
        var unknown = new Account { Id = Guid.Empty };
        var at = Now;
        for (var i = 0; i < Account.FailuresBeforeLockout - 1; i++)
        {
            account = Apply(account, SignInRules.Decide(account, false, null, at, address: "oficina").Events);
            unknown = UnknownUserNames.Attempt(unknown, "oficina", at).State;
        }
        at += Account.LockoutDuration + TimeSpan.FromMinutes(1);
        unknown = new Account { Id = Guid.Empty }; // UnknownUserNames reads no tries older than a quarter hour
        for (var i = 0; i < 2; i++)
        {
            var real = SignInRules.Decide(account, false, null, at, address: "oficina");
            account = Apply(account, real.Events);
            var (refusal, next) = UnknownUserNames.Attempt(unknown, "oficina", at);
            unknown = next;
            Assert.Same(SignInRules.Refused, real.Refusal);
            Assert.Same(real.Refusal, refusal);
        }
        Assert.Same(SignInRules.Refused, SignInRules.Decide(account, false, null, at, address: "oficina").Refusal);
    }

    /// <summary>A cookie someone planted in her browser beforehand never becomes one of the account's: each sign-in gives a new one.</summary>
    [Fact]
    public void a_cookie_the_account_does_not_know_is_replaced_not_remembered()
    {
        var signedIn = Assert.IsType<SignedIn>(Assert.Single(SignInRules.Decide(Active(), true, 101, Now, "plantada", "nueva").Events));
        Assert.Equal(("nueva", (string?)null), (signedIn.DeviceHash, signedIn.PreviousDeviceHash));
        Assert.Equal(["nueva"], Active().Apply(signedIn).KnownDevices.Select(d => d.Hash));
    }

    [Fact]
    public void an_account_remembers_its_latest_browsers_only_and_forgets_them_all_when_its_activation_is_reissued()
    {
        var account = Active();
        for (var i = 0; i < Account.MaxKnownDevices + 3; i++)
            account = Apply(account, SignInRules.Decide(account, true, 101 + i, Now.AddMinutes(i), null, $"equipo-{i}").Events);
        account = Apply(account, SignInRules.Decide(account, true, 200, Now.AddHours(1), "equipo-5", "equipo-5b").Events);
        Assert.Equal(Account.MaxKnownDevices, account.KnownDevices.Count);
        Assert.Equal("equipo-5b", account.KnownDevices[^1].Hash);
        Assert.DoesNotContain(account.KnownDevices, d => d.Hash is "equipo-5" or "equipo-2");

        var reissued = account.Apply((ActivationReissued)ManageAccountRules.ReissueActivation(account, "cc33", Guid.NewGuid(), "Ana (ana)", Now).Events[0]);
        Assert.Empty(reissued.KnownDevices);
    }

    [Fact]
    public void a_disabled_account_is_refused_once_its_password_and_code_are_right_and_only_then_told_so()
    {
        var disabled = Active().Apply(new AccountDisabled(Guid.Empty, "dejó el cargo", "Ana (ana)", Now));
        Assert.Same(SignInRules.Refused, SignInRules.Decide(disabled, false, null, Now).Refusal);
        Assert.Same(SignInRules.Disabled, SignInRules.Decide(disabled, true, 150, Now).Refusal);
    }

    [Fact]
    public void activation_needs_the_right_code_before_it_expires_and_a_matching_authenticator_code()
    {
        var account = Awaiting(Roles.Staff);
        Assert.Same(ActivateAccountRules.InvalidActivation, ActivateAccountRules.Decide(account, "bb22", null, "h", "s", 5, Now).Rejection);
        Assert.Same(ActivateAccountRules.ActivationExpired, ActivateAccountRules.Decide(account, ActivationHash, null, "h", "s", 5, Now.AddDays(3)).Rejection);
        Assert.Same(ActivateAccountRules.WrongTotp, ActivateAccountRules.Decide(account, ActivationHash, null, "h", "s", null, Now).Rejection);

        var activated = ActivateAccountRules.Decide(account, ActivationHash, null, "h", "s", 5, Now);
        var active = account.Apply(Assert.IsType<AccountActivated>(Assert.Single(activated.Events)));
        Assert.Equal(AccountStatus.Active, active.Status);
        Assert.Same(ActivateAccountRules.InvalidActivation, ActivateAccountRules.Decide(active, ActivationHash, null, "h", "s", 6, Now).Rejection);
    }

    [Fact]
    public void a_reissued_activation_stops_the_old_password_and_code_and_a_disabled_account_gets_none()
    {
        var reissued = Active().Apply((ActivationReissued)ManageAccountRules.ReissueActivation(Active(), "cc33", Guid.NewGuid(), "Ana (ana)", Now).Events[0]);
        Assert.Equal(AccountStatus.AwaitingActivation, reissued.Status);
        Assert.Null(reissued.PasswordHash);
        Assert.Same(SignInRules.Refused, SignInRules.Decide(reissued, true, 500, Now).Refusal);
        // The person who typed her old password cannot tell why; the one answer everybody gets says what to do.
        Assert.Contains("código de activación nuevo, su contraseña y su aplicación anteriores ya no sirven", SignInRules.Refused.Detail);

        var disabled = Active().Apply(new AccountDisabled(Guid.Empty, "x", "Ana (ana)", Now));
        Assert.Same(ManageAccountRules.AlreadyDisabled, ManageAccountRules.ReissueActivation(disabled, "dd44", Guid.NewGuid(), "Ana (ana)", Now).Rejection);
    }

    [Fact]
    public void an_administrator_does_not_reissue_their_own_activation_which_would_lock_them_out_at_once()
    {
        var own = Active();
        Assert.Same(ManageAccountRules.NotYourOwnActivation, ManageAccountRules.ReissueActivation(own, "ee55", own.Id, "Ana (ana)", Now).Rejection);
    }

    [Fact]
    public void an_administrator_disables_others_with_a_reason_never_themselves()
    {
        var account = Active();
        Assert.Same(ManageAccountRules.ReasonRequired, ManageAccountRules.Disable(account, " ", Guid.NewGuid(), "Ana (ana)", Now).Rejection);
        Assert.Same(ManageAccountRules.ReasonRequired, ManageAccountRules.Disable(account, "\u200B\u200B", Guid.NewGuid(), "Ana (ana)", Now).Rejection);
        Assert.Same(ManageAccountRules.NotYourself, ManageAccountRules.Disable(account, "x", account.Id, "Ana (ana)", Now).Rejection);
        var disabled = Assert.IsType<AccountDisabled>(Assert.Single(ManageAccountRules.Disable(account, "  dejó el cargo ", Guid.NewGuid(), "Ana (ana)", Now).Events));
        Assert.Equal("dejó el cargo", disabled.Reason);
        Assert.Equal("Ana (ana)", disabled.DisabledBy);
        Assert.Equal($"Deshabilitada el {QueretaroTime.Format(Now)} (hora del centro de México) por Ana (ana): «dejó el cargo»",
            ActivationSheet.StatusLabel(account.Apply(disabled), Now));
    }

    [Fact]
    public void a_code_given_after_the_page_was_opened_is_not_given_again()
    {
        var at = Now.AddMinutes(-1);
        var seenBefore = ManageAccountRules.Stamp(null);
        var refused = ManageAccountRules.GivenSinceThePageOpened(seenBefore, at, "Ana (ana)", "un código de activación nuevo", "Ana (ana)");
        Assert.Equal("code_already_given", refused?.Code);
        Assert.StartsWith($"Se dio un código de activación nuevo a esta cuenta el {QueretaroTime.Format(at)} (hora del centro de México), después de abrir esta página (¿la recargó",
            refused!.Detail);
        // Given by someone else meanwhile: said so, not taken for a reload.
        Assert.StartsWith($"Ana (ana) dio un código de activación nuevo a esta cuenta el {QueretaroTime.Format(at)} (hora del centro de México), después de que usted abriera",
            ManageAccountRules.GivenSinceThePageOpened(seenBefore, at, "Ana (ana)", "un código de activación nuevo", "Luis (luis)")!.Detail);

        Assert.Null(ManageAccountRules.GivenSinceThePageOpened(ManageAccountRules.Stamp(at), at, "Ana (ana)", "x", "Ana (ana)")); // the page saw that one
        Assert.Null(ManageAccountRules.GivenSinceThePageOpened(seenBefore, null, null, "x", "Ana (ana)")); // none given yet (or voided since)
        Assert.Null(ManageAccountRules.GivenSinceThePageOpened(null, at, "Ana (ana)", "x", "Ana (ana)")); // a form from before the field: as before
    }

    [Theory]
    [InlineData("maria.lopez", true)]
    [InlineData("María", false)]
    [InlineData("ab", false)]
    [InlineData("con espacio", false)]
    public void user_names_are_plain_lower_case(string userName, bool valid) =>
        Assert.Equal(valid, new CreateAccountValidator().Validate(new CreateAccount(userName, "María López", Roles.Staff)).IsValid);

    /// <summary>
    /// A name is written with Spanish's letters (accents, ñ, ü, and the saltillo of Otomí names): one letter from another
    /// alphabet that looks like ours («Маria» with a Cyrillic М, «Marıa» with a dotless ı) made a look-alike of a real
    /// person's account that the display-name rule read as different. Nor does a name take a line break or an invisible
    /// character (a hand-made form carried «María\nLópez»).
    /// </summary>
    [Theory]
    [InlineData("María Núñez Güemes", null)]
    [InlineData("Xitäʼ Hñähñu", null)]
    [InlineData("Bɨtsʉ Ndøthi", null)] // Otomí as Querétaro writes it: barred i and u, o with a stroke
    [InlineData("Ｍaría López", null)] // full-width letters are read as their Latin ones (AsRead), so a copy is still caught
    [InlineData("José D'Alessio (suplente) 2", null)]
    [InlineData("\u041Caria López", "\u041C")]
    [InlineData("Mar\u0131a López", "\u0131")]
    [InlineData("Marίa López", "ί")]
    [InlineData("María López \u0663", "\u0663")]
    [InlineData("María\nLópez", "una sola línea")]
    [InlineData("María\u200BLópez", "una sola línea")]
    [InlineData("María\u202ELópez", "una sola línea")]
    [InlineData("María\u2028López", "una sola línea")] // line and paragraph separators: neither control nor format characters
    [InlineData("María\u2029López", "una sola línea")]
    [InlineData("\U0001F600\U0001F600\U0001F600", "se escribe con letras")] // reads as nothing: every other such name was «the same»
    [InlineData("123", "se escribe con letras")]
    [InlineData("...", "se escribe con letras")]
    // One reason at a time: `accounts create-admin` without --name printed three (write it, 3 characters, letters).
    [InlineData("", "Escriba el nombre de la persona")]
    [InlineData("12", "al menos 3 caracteres")]
    [InlineData("x\u034F", "al menos 3 caracteres")] // too short, and a stray invisible mark: told the first only
    [InlineData("\u041Cari\u0308\u0308a", "\u041C")] // a foreign letter and a doubled accent: the first only
    public void a_name_is_one_line_of_spanish_letters(string displayName, string? refusedFor)
    {
        var errors = new CreateAccountValidator().Validate(new CreateAccount("maria.lopez", displayName, Roles.Staff)).Errors;
        if (refusedFor is null) Assert.Empty(errors);
        else Assert.Contains(refusedFor.Length == 1 ? $"El nombre lleva «{refusedFor}», que no es una letra ni un dígito del español" : refusedFor,
            Assert.Single(errors).ErrorMessage);
    }

    [Theory]
    [InlineData("", "Escriba el usuario")]
    [InlineData("Ana Admin", "El usuario lleva de 3 a 40 letras minúsculas")]
    public void a_user_name_is_refused_for_one_reason_at_a_time(string userName, string refusedFor) =>
        Assert.Contains(refusedFor, Assert.Single(new CreateAccountValidator().Validate(new CreateAccount(userName, "María López", Roles.Staff)).Errors).ErrorMessage);

    /// <summary>
    /// A letter carries the accents Spanish and Otomí write, at most two and each once: ten diaereses stacked on a letter,
    /// or an invisible combining grapheme joiner after one, passed every other rule and read as the plain name to AsRead.
    /// </summary>
    [Theory]
    [InlineData("Ana Pérez Güemes", null)]
    [InlineData("Nu\u0303n\u0303ez", null)] // decomposed, as some keyboards send it
    [InlineData("Ma\u0331ria Xo\u0331ni", null)] // Otomí's underlined vowels
    [InlineData("Ma\u0308\u0331ria", null)] // and one with its diaeresis too
    [InlineData("An\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308a López", "n\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308\u0308")]
    [InlineData("Ana\u034F López", "a\u034F")] // the combining grapheme joiner: invisible
    [InlineData("Ana\uFE0F López", "a\uFE0F")] // a variation selector: invisible
    [InlineData("A\u0301\u0301na López", "A\u0301\u0301")] // one accent twice
    [InlineData("A\u0301\u0308\u0303na López", "A\u0301\u0308\u0303")] // three
    [InlineData("Ana L\u20DDópez", "L\u20DD")] // an enclosing circle
    [InlineData("Ana \u0301López", " \u0301")] // a mark on no letter (on the space)
    public void a_letter_carries_at_most_two_written_accents(string displayName, string? refusedAt)
    {
        var errors = new CreateAccountValidator().Validate(new CreateAccount("ana.lopez", displayName, Roles.Staff)).Errors;
        if (refusedAt is null) Assert.Empty(errors);
        else Assert.StartsWith($"El nombre lleva «{refusedAt}»: una letra lleva a lo más dos acentos", Assert.Single(errors).ErrorMessage);
    }

    /// <summary>
    /// `accounts create-admin` refuses what the console's form refuses before its validator (RequestValidation.FindFlaws):
    /// the command line made an administrator named «Ana\uFFFFRuiz» against a running service.
    /// </summary>
    [Theory]
    [InlineData("Ana\uFFFFRuiz")]
    [InlineData("Ana\u2028Ruiz")]
    [InlineData("\uE000\uE000\uE000")]
    [InlineData("\u2800\u2800\u2800")]
    [InlineData("\u0301\u0301\u0301")]
    public void create_admin_refuses_the_names_the_console_refuses(string name)
    {
        var error = new StringWriter();
        Assert.Equal(2, AccountsCommand.RunOffline(["create-admin", "--user", "ana.admin", "--name", name], TextWriter.Null, error, TimeProvider.System));
        Assert.StartsWith("--name: ", error.ToString());
        Assert.Null(AccountsCommand.RunOffline(["create-admin", "--user", "ana.admin", "--name", "Ana Ruiz"], TextWriter.Null, TextWriter.Null, TimeProvider.System));
    }

    [Fact]
    public void bearer_only_roles_have_no_personal_accounts()
    {
        Assert.False(new CreateAccountValidator().Validate(new CreateAccount("kiosco.uno", "Kiosco", Roles.Kiosk)).IsValid);
        Assert.False(new CreateAccountValidator().Validate(new CreateAccount("prometheus", "Prometheus", Roles.Metrics)).IsValid);
    }

    [Fact]
    public void a_password_is_long_and_does_not_hold_the_user_name()
    {
        var validator = new ActivateAccountValidator();
        Assert.False(validator.Validate(new ActivateAccount("maria", "X", "corta", "corta", "123456")).IsValid);
        Assert.False(validator.Validate(new ActivateAccount("maria", "X", "maria-es-mi-clave", "maria-es-mi-clave", "123456")).IsValid);
        Assert.False(validator.Validate(new ActivateAccount("maria", "X", "una frase muy larga", "otra frase muy larga", "123456")).IsValid);
        Assert.True(validator.Validate(new ActivateAccount("maria", "X", "una frase muy larga", "una frase muy larga", "123456")).IsValid);
        // The user name as typed at the first step, with a space after it, is still in the password.
        Assert.False(validator.Validate(new ActivateAccount("maria ", "X", "maria-es-mi-clave", "maria-es-mi-clave", "123456")).IsValid);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaa", true)]
    [InlineData("121212121212", true)]
    [InlineData("123456789012", true)]
    [InlineData("abcdefghijkl", true)]
    [InlineData("ZYXWVUTSRQPO", true)]
    [InlineData("210987654321", true)]
    [InlineData("098765432109", true)]
    [InlineData("una frase muy larga", false)]
    [InlineData("Consola-Queretaro-2020", false)]
    [InlineData("1234567890ab", false)]
    public void a_password_that_repeats_a_few_characters_or_is_a_series_is_refused(string password, bool guessable)
    {
        Assert.Equal(guessable, ActivateAccountValidator.Guessable(password));
        var errors = new ActivateAccountValidator().Validate(new ActivateAccount("maria", "X", password, password, "123456")).Errors;
        Assert.Equal(guessable, errors.Any(e => e.ErrorMessage.StartsWith("Esa contraseña se adivina fácil")));
    }
}

/// <summary>
/// An administrator made a staff account «Auditor IEEQ» with user «desarrollo»: it signed the record as «Auditor IEEQ
/// (desarrollo)», exactly as the IEEQ's configured credential signs, and that credential was then refused the
/// countersignature of the account's request as «the same person» (an outside tester's).
/// </summary>
public sealed class when_an_account_is_created_with_the_name_a_configured_credential_signs_with
{
    private static readonly DateTimeOffset Now = new(2021, 10, 18, 14, 0, 0, TimeSpan.Zero);
    private static readonly string[] Credentials = ["Personal municipal (desarrollo)", "Auditor IEEQ (desarrollo)"];

    private static Decision Create(string displayName, string userName) =>
        CreateAccountRules.Decide(new CreateAccount(userName, displayName, Roles.Staff), Guid.NewGuid(), false, "hash", "Ana (ana.admin)", Now, Credentials);

    [Theory]
    [InlineData("Auditor IEEQ", "desarrollo")]
    [InlineData("  auditor ieeq ", "desarrollo")]
    [InlineData("Auditor  IEEQ", "desarrollo")]
    [InlineData("Personal municipal", "desarrollo")]
    public void it_is_refused_naming_what_it_would_sign(string displayName, string userName)
    {
        var refusal = Create(displayName, userName).Rejection!;
        Assert.Equal("display_name_of_a_credential", refusal.Code);
        Assert.Equal(400, refusal.Status);
        Assert.Contains($"({userName})»", refusal.Detail);
    }

    [Fact]
    public void the_same_name_with_its_own_user_is_a_person_and_is_created() =>
        Assert.IsType<AccountCreated>(Assert.Single(Create("Auditor IEEQ", "auditor.ieeq").Events));
}

/// <summary>
/// The red team, as an administrator, made a staff account named exactly like a real staff member's («Personal
/// municipal (desarrollo)», user personal.dgo), activated it alone and asked a countersignature in her name: the printed
/// sheets and the public pages name people without their login, so the two signed alike.
/// </summary>
public sealed class when_an_account_is_created_with_the_name_another_account_has
{
    private static readonly DateTimeOffset Now = new(2021, 10, 18, 14, 0, 0, TimeSpan.Zero);
    private static readonly (string, string)[] Accounts = [("María López Hernández", "maria.lopez"), ("Jorge Pérez", "jorge.perez")];

    private static Decision Create(string displayName, string userName = "otra.cuenta") =>
        CreateAccountRules.Decide(new CreateAccount(userName, displayName, Roles.Staff), Guid.NewGuid(), false, "hash", "Ana (ana.admin)", Now,
            accounts: Accounts);

    [Theory]
    [InlineData("María López Hernández")]
    [InlineData("  maria  lopez hernandez ")]
    [InlineData("MARÍA LÓPEZ HERNÁNDEZ.")]
    [InlineData("María López-Hernández")]
    [InlineData("MarIa López Hernández")] // a capital I, a small l and a 1 look alike in many typefaces, as do 0 and O
    [InlineData("Maria L0pez Hernandez")]
    [InlineData("María Lopez HernándeZ")]
    public void it_is_refused_naming_the_account_that_has_it(string displayName)
    {
        var refusal = Create(displayName).Rejection!;

        Assert.Equal("display_name_taken", refusal.Code);
        Assert.Equal(400, refusal.Status);
        Assert.Contains("«María López Hernández» (usuario maria.lopez)", refusal.Detail);
    }

    [Fact]
    public void another_name_is_created() =>
        Assert.IsType<AccountCreated>(Assert.Single(Create("María López Gómez").Events));

    [Fact]
    public void letters_that_look_alike_read_alike()
    {
        Assert.Equal(CreateAccountRules.AsRead("Carlos Ruiz"), CreateAccountRules.AsRead("CarIos Ru1z"));
        Assert.Equal(CreateAccountRules.AsRead("Rosa Orozco"), CreateAccountRules.AsRead("R0sa 0rozco"));
        Assert.NotEqual(CreateAccountRules.AsRead("Carlos Ruiz"), CreateAccountRules.AsRead("Carlos Ruíz Ortega"));
    }

    /// <summary>
    /// The saltillo is allowed in a name (Otomí names), and it looks like the apostrophe: «Juan OʼGorman» with the modifier
    /// letter apostrophe, or with Latin's saltillo, is «Juan O’Gorman» to a reader, so it is the same name, not another.
    /// </summary>
    [Theory]
    [InlineData("Juan O\u02BCGorman")]
    [InlineData("Juan O\uA78CGorman")]
    [InlineData("Juan O\u2019Gorman")]
    public void a_saltillo_reads_as_the_apostrophe_it_looks_like(string displayName)
    {
        var refusal = CreateAccountRules.Decide(new CreateAccount("otra.cuenta", displayName, Roles.Staff), Guid.NewGuid(), false, "hash",
            "Ana (ana.admin)", Now, accounts: [("Juan O'Gorman", "juan.ogorman")]).Rejection;

        Assert.Empty(new CreateAccountValidator().Validate(new CreateAccount("otra.cuenta", displayName, Roles.Staff)).Errors);
        Assert.Equal("display_name_taken", refusal?.Code);
    }
}

/// <summary>
/// The IEEQ's desk lists staff and committee accounts, the latest created or given a new activation code first: an account
/// made or reissued just before the vote is what the IEEQ asks about (the red team made one for itself).
/// </summary>
public sealed class when_the_ieeq_desk_lists_staff_and_committee_accounts
{
    private static readonly DateTimeOffset Day = new(2021, 10, 1, 15, 0, 0, TimeSpan.Zero);

    private static Account Made(string user, string role, int day) =>
        Account.Create(new AccountCreated(Guid.NewGuid(), user, user, role, "hash", Day.AddDays(day + 3), "Ana (ana.admin)", Day.AddDays(day)));

    [Fact]
    public void the_latest_made_or_given_a_new_code_comes_first_and_the_ieeqs_roles_are_listed_apart()
    {
        var old = Made("vieja", Roles.Staff, 0);
        var before = Made("reactivada", Roles.Staff, 1);
        var reissued = Fold.Onto(before, ManageAccountRules.ReissueActivation(before, "ee11", Guid.NewGuid(), "Ana (ana.admin)", Day.AddDays(20)).Events)!;
        var accounts = new[] { Made("comite", Roles.Committee, 10), old, reissued, Made("nueva", Roles.Staff, 15), Made("luz.ieeq", Roles.Auditor, 30) };

        var listed = GobiernoAbierto.Audit.Console.AuditDeskPage.StaffAndCommittee(accounts).Select(a => a.UserName);

        Assert.Equal(["reactivada", "nueva", "comite", "vieja"], listed);
    }
}
