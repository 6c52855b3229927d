using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tally;

namespace GobiernoAbierto.Tests.Unit;

internal static class Decisions
{
    /// <summary>The one event an accepted decision produces.</summary>
    public static T Event<T>(Decision decision)
    {
        Assert.True(decision.Accepted, decision.Rejection?.Code);
        return Assert.IsType<T>(Assert.Single(decision.Events));
    }

    /// <summary>The code of a refused decision, which must append nothing.</summary>
    public static string Refusal(Decision decision)
    {
        Assert.False(decision.Accepted);
        Assert.Empty(decision.Events);
        return decision.Rejection!.Code;
    }
}

public sealed class when_a_jornada_is_created
{
    [Fact]
    public void a_window_that_already_closed_is_refused_and_one_still_to_come_is_accepted()
    {
        var now = JornadaBuilder.Before;
        var command = Tests.Support.VotingApi.NewJornada(now, opensIn: TimeSpan.FromDays(-3), closesIn: TimeSpan.FromDays(-2));

        Assert.Equal("voting_window_closed", Decisions.Refusal(CreateJornadaEndpoint.Decide(command, Guid.NewGuid(), "Personal", now)));
        Assert.True(CreateJornadaEndpoint.Decide(command with { VotingClosesAt = now.AddHours(1) }, Guid.NewGuid(), "Personal", now).Accepted);
    }

    [Fact]
    public void an_identifier_that_already_names_a_jornada_or_another_record_creates_nothing()
    {
        var now = JornadaBuilder.Before;
        var existing = JornadaBuilder.Open().Build();
        var command = Tests.Support.VotingApi.NewJornada(now, opensIn: TimeSpan.FromHours(1)) with { JornadaId = existing.Id };

        var retry = command with { Title = $" {existing.Title} ", VotingOpensAt = existing.VotingOpensAt, VotingClosesAt = existing.VotingClosesAt,
            VoterIdKind = existing.VoterIdKind, Delegaciones = existing.Territory.Delegaciones, Colonias = existing.Territory.Colonias };
        Assert.Equal("jornada_already_created", Decisions.Refusal(CreateJornadaEndpoint.Decide(retry, existing.Id, existing, idTaken: true, "Personal", now)));
        Assert.Contains($"«{existing.Title}»", CreateJornadaEndpoint.Decide(retry, existing.Id, existing, true, "Personal", now).Rejection!.Detail);
        // The same identifier with other data is no retry: told so, not «ya se había enviado».
        Assert.Equal("jornada_id_reused", Decisions.Refusal(CreateJornadaEndpoint.Decide(retry with { Title = "Otra" }, existing.Id, existing, true, "Personal", now)));
        Assert.Equal("jornada_id_reused", Decisions.Refusal(CreateJornadaEndpoint.Decide(retry with { VotingClosesAt = existing.VotingClosesAt.AddMinutes(1) },
            existing.Id, existing, true, "Personal", now)));
        Assert.Equal("jornada_id_reused", Decisions.Refusal(CreateJornadaEndpoint.Decide(retry with { Colonias = existing.Territory.Colonias.Skip(1).ToList() },
            existing.Id, existing, true, "Personal", now)));
        Assert.Equal("jornada_id_taken", Decisions.Refusal(CreateJornadaEndpoint.Decide(command, existing.Id, null, idTaken: true, "Personal", now)));
        Assert.Equal(existing.Id, Decisions.Event<JornadaCreated>(CreateJornadaEndpoint.Decide(command, existing.Id, null, false, "Personal", now)).JornadaId);
    }
}

public sealed class when_online_voting_is_enabled
{
    private static readonly DateTimeOffset Now = JornadaBuilder.Before;
    private static readonly EnableOnlineVoting Window = new(JornadaBuilder.Opens, JornadaBuilder.Closes);

    [Fact]
    public void a_window_still_to_open_is_set_and_moved_until_the_codes_are_issued()
    {
        var builder = JornadaBuilder.Preparing().WithOptions().WithVoterRoll();
        var set = Decisions.Event<OnlineChannelEnabled>(EnableOnlineVotingEndpoint.Decide(builder.Build(), Window, JornadaBuilder.Staff, Now));
        var later = Window with { OpensAt = JornadaBuilder.Opens.AddHours(1) };

        var moved = Decisions.Event<OnlineChannelEnabled>(EnableOnlineVotingEndpoint.Decide(builder.Then(set).Build(), later, JornadaBuilder.Staff, Now));

        Assert.Equal(new OnlineWindow(later.OpensAt, later.ClosesAt), builder.Then(moved).Build().Online);
    }

    [Fact]
    public void the_window_it_already_has_is_no_change_even_once_printed_on_the_letters_or_past_its_opening()
    {
        var builder = JornadaBuilder.Preparing().WithOptions().WithOnlineVoting().WithVoterRoll();
        builder.Then(Decisions.Event<VotingCodesIssued>(
            GobiernoAbierto.Credentials.IssueVotingCodesEndpoint.Decide(builder.Build(), ["v1", "v2"], JornadaBuilder.Staff, Now, replaces: null)));

        foreach (var at in new[] { Now, JornadaBuilder.During })
        {
            var again = EnableOnlineVotingEndpoint.Decide(builder.Build(), Window, JornadaBuilder.Staff, at);
            Assert.True(again.Accepted);
            Assert.Empty(again.Events);
        }
        Assert.Equal("jornada_already_opened", Decisions.Refusal(EnableOnlineVotingEndpoint.Decide(builder.Opened().Build(), Window, JornadaBuilder.Staff, Now)));
    }

    [Fact]
    public void an_opening_already_past_is_refused_since_no_code_could_be_issued_for_it()
    {
        var jornada = JornadaBuilder.Preparing().WithOptions().Build();

        Assert.Equal("online_window_started", Decisions.Refusal(EnableOnlineVotingEndpoint.Decide(jornada, Window, JornadaBuilder.Staff, JornadaBuilder.Opens)));
        Assert.Equal("online_window_started", Decisions.Refusal(EnableOnlineVotingEndpoint.Decide(jornada, Window, JornadaBuilder.Staff, JornadaBuilder.During)));
        Assert.Contains($"más tarde que ahora ({QueretaroTime.Format(JornadaBuilder.During)}, hora del centro de México)",
            EnableOnlineVotingEndpoint.Decide(jornada, Window, JornadaBuilder.Staff, JornadaBuilder.During).Rejection!.Detail);
    }

    [Fact]
    public void once_the_codes_are_issued_the_window_printed_on_their_letters_no_longer_changes()
    {
        var builder = JornadaBuilder.Preparing().WithOptions().WithOnlineVoting().WithVoterRoll();
        var issued = Decisions.Event<VotingCodesIssued>(
            GobiernoAbierto.Credentials.IssueVotingCodesEndpoint.Decide(builder.Build(), ["v1", "v2"], JornadaBuilder.Staff, Now, replaces: null));

        var refused = EnableOnlineVotingEndpoint.Decide(builder.Then(issued).Build(), Window with { ClosesAt = JornadaBuilder.Closes.AddHours(-1) },
            JornadaBuilder.Staff, Now);

        Assert.Equal("online_window_on_letters", Decisions.Refusal(refused));
    }

    /// <summary>
    /// The codes are kept nowhere: when the first letters' download never arrived whole, every code is issued anew,
    /// only on purpose, naming the issue it replaces, and only before online voting opens (afterwards, letter by letter).
    /// </summary>
    [Fact]
    public void codes_are_issued_again_only_naming_the_issue_they_replace_and_only_before_online_voting_opens()
    {
        var builder = JornadaBuilder.Preparing().WithOptions().WithOnlineVoting().WithVoterRoll();
        Decision Issue(string? replaces, DateTimeOffset at, string[]? verifiers = null) =>
            GobiernoAbierto.Credentials.IssueVotingCodesEndpoint.Decide(builder.Build(), verifiers ?? ["v1", "v2"], JornadaBuilder.Staff, at, replaces);
        var first = Decisions.Event<VotingCodesIssued>(Issue(replaces: null, Now));
        Assert.False(first.Again);
        builder.Then(first);

        Assert.Equal("voting_codes_already_issued", Decisions.Refusal(Issue(replaces: null, Now)));
        Assert.Contains("emítalos todos de nuevo", Issue(replaces: null, Now).Rejection!.Detail);
        Assert.Equal("voting_codes_issued_again", Decisions.Refusal(Issue(replaces: "otra-huella", Now)));
        Assert.Contains("o la huella se copió mal", Issue(replaces: "otra-huella", Now).Rejection!.Detail); // not only «someone issued them again»
        var again = Decisions.Event<VotingCodesIssued>(Issue(replaces: first.VerifiersDigest.ToUpperInvariant(), Now, ["v3", "v4"]));
        Assert.True(again.Again);
        Assert.Equal("online_voting_started", Decisions.Refusal(Issue(replaces: first.VerifiersDigest, JornadaBuilder.Opens)));
        Assert.Contains(", hora del centro de México), para que las cartas lleguen a tiempo",
            Issue(replaces: first.VerifiersDigest, JornadaBuilder.Opens).Rejection!.Detail);

        // Whoever still holds the first digest (a second window, a retry) no longer replaces the letters just made.
        builder.Then(again);
        Assert.Equal("voting_codes_issued_again", Decisions.Refusal(Issue(replaces: first.VerifiersDigest, Now)));
        Assert.Equal((JornadaBuilder.Staff, Now), (builder.Build().VotingCodesIssuedAgain!.By, builder.Build().VotingCodesIssuedAgain!.At));
    }

    [Fact]
    public void the_padron_it_already_has_is_no_change_even_once_its_codes_are_issued_and_another_one_is_then_refused()
    {
        var builder = JornadaBuilder.Preparing().WithOptions().WithOnlineVoting().WithVoterRoll();
        builder.Then(Decisions.Event<VotingCodesIssued>(
            GobiernoAbierto.Credentials.IssueVotingCodesEndpoint.Decide(builder.Build(), ["v1", "v2"], JornadaBuilder.Staff, Now, replaces: null)));
        var entries = new List<RollEntry> { new("k1", null, 2, "0A12"), new("k2", null, 3, "0B34") };

        var same = LoadVoterRollEndpoint.Decide(builder.Build(), entries, coloniasFromRoll: false, JornadaBuilder.Staff, Now, unchanged: true);

        Assert.True(same.Accepted);
        Assert.Empty(same.Events);
        Assert.Equal("voter_roll_locked", Decisions.Refusal(LoadVoterRollEndpoint.Decide(builder.Build(), entries, false, JornadaBuilder.Staff, Now)));
        Assert.Equal("voter_roll_locked", Decisions.Refusal(LoadVoterRollEndpoint.Decide(builder.Build(), entries, coloniasFromRoll: true, JornadaBuilder.Staff, Now,
            unchanged: true))); // the same people, now with colonias: another padrón
    }

    /// <summary>
    /// A reissue's code is kept nowhere to give back: the same request arriving twice (a console form sent again, an API
    /// retry after a lost answer) made a second code and voided the letter the first had just printed.
    /// </summary>
    [Fact]
    public void a_letter_reissue_sent_again_under_its_request_reissues_nothing()
    {
        var builder = JornadaBuilder.Preparing().WithOptions().WithOnlineVoting().WithVoterRoll();
        builder.Then(Decisions.Event<VotingCodesIssued>(
            GobiernoAbierto.Credentials.IssueVotingCodesEndpoint.Decide(builder.Build(), ["v1", "v2"], JornadaBuilder.Staff, Now, replaces: null)));
        var entry = new RollEntry("clave-1", "c1", 2, "0A12");
        Decision Reissue(RollEntry? on, bool repeated) =>
            GobiernoAbierto.Credentials.VotingCodeEndpoints.DecideReissue(builder.Build(), on, " No llegó ", JornadaBuilder.Staff, Now, repeated);

        var reissued = Decisions.Event<VotingCodeReissued>(Reissue(entry, repeated: false));
        Assert.Equal(("No llegó", 2), (reissued.Reason, reissued.Folio));
        Assert.Equal("letter_already_reissued", Decisions.Refusal(Reissue(entry, repeated: true)));
        Assert.Contains("la carta que se descargó entonces es la que vale", Reissue(entry, repeated: true).Rejection!.Detail);
        Assert.Equal("folio_not_on_voter_roll", Decisions.Refusal(Reissue(null, repeated: false)));
    }
}

/// <summary>
/// Staff open a Jornada before its hours (at 07:30 for an 08:00 start): the home page used to say «Votación abierta» from
/// then, and after its hours until someone closed it.
/// </summary>
public sealed class when_residents_read_whether_an_open_jornada_is_voting
{
    private static readonly Jornada Opened = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1).Opened().Build();

    [Fact]
    public void before_its_hours_it_says_when_voting_starts()
    {
        Assert.Equal($"La votación empieza el {QueretaroTime.Format(JornadaBuilder.Opens)} (hora del centro de México)", StatusLabels.For(Opened, JornadaBuilder.Opens.AddMinutes(-30)));
        Assert.False(StatusLabels.VotingNow(Opened, JornadaBuilder.Opens.AddMinutes(-30)));
        Assert.False(StatusLabels.HoursOver(Opened, JornadaBuilder.Opens.AddMinutes(-30)));
    }

    [Fact]
    public void within_its_hours_it_is_voting()
    {
        Assert.Equal("Votación abierta", StatusLabels.For(Opened, JornadaBuilder.During));
        Assert.True(StatusLabels.VotingNow(Opened, JornadaBuilder.During));
    }

    /// <summary>Never opened, its window past: it read «En preparación» for good on the home page and the consoles.</summary>
    [Fact]
    public void one_never_opened_whose_hours_passed_says_so_not_that_it_is_being_prepared()
    {
        var preparing = JornadaBuilder.Preparing().WithOptions().Build();
        Assert.Equal("En preparación", StatusLabels.For(preparing, JornadaBuilder.During));
        Assert.Equal("No se abrió: su periodo de votación terminó", StatusLabels.For(preparing, JornadaBuilder.Closes));
        Assert.True(StatusLabels.HoursOver(preparing, JornadaBuilder.Closes));
    }

    /// <summary>
    /// Voted online only and never opened, its online hours over before the Jornada's window ends: it read «En preparación»
    /// beside a list that said its voting ended, and its letter's page said «La votación no se abrió».
    /// </summary>
    [Fact]
    public void an_online_only_jornada_never_opened_whose_online_hours_passed_says_it_was_not_opened()
    {
        var onlineCloses = JornadaBuilder.During;
        var after = onlineCloses.AddMinutes(1);
        var onlineOnly = JornadaBuilder.Preparing().WithOptions().WithOnlineVoting(onlineCloses).Build();

        Assert.Equal("En preparación", StatusLabels.For(onlineOnly, onlineCloses.AddMinutes(-1)));
        Assert.Equal(StatusLabels.NeverOpened, StatusLabels.For(onlineOnly, after));
        var details = JornadaDetails.From(onlineOnly, after, ieeqAuthorizesKiosks: false);
        Assert.Equal((StatusLabels.NeverOpened, true, true), (details.StatusLabel, details.VotingEnded, details.Online!.Ended));

        // With a kiosk its hours go on: still being prepared, staff may open it for the kiosks.
        var withKiosk = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1).WithOnlineVoting(onlineCloses).Build();
        Assert.Equal("En preparación", StatusLabels.For(withKiosk, after));
        Assert.False(JornadaDetails.From(withKiosk, after, ieeqAuthorizesKiosks: false).VotingEnded);
    }

    /// <summary>
    /// A kiosk waits for the IEEQ's authorization only where there is an IEEQ to give it: on a service without one it takes
    /// ballots, and the pages (api.js kioskVotesNow) left it out of the places to vote while the details said so.
    /// </summary>
    [Fact]
    public void a_kiosk_awaits_the_ieeqs_authorization_only_where_there_is_an_ieeq()
    {
        var awaiting = Opened with { Kiosks = [.. Opened.Kiosks.Select(k => k with { AwaitsAuthorization = true })] };

        var withIeeq = JornadaDetails.From(awaiting, JornadaBuilder.During, ieeqAuthorizesKiosks: true).Kiosks.Single();
        Assert.True(withIeeq.AwaitsAuthorization);
        var withoutIeeq = JornadaDetails.From(awaiting, JornadaBuilder.During, ieeqAuthorizesKiosks: false).Kiosks.Single();
        // Without an IEEQ, as a kiosk that never needed the authorization.
        Assert.Equal(JornadaDetails.From(Opened, JornadaBuilder.During, ieeqAuthorizesKiosks: false).Kiosks.Single(), withoutIeeq);
    }

    [Fact]
    public void after_its_hours_it_says_they_are_over_even_before_staff_close_it()
    {
        Assert.Equal("Terminó el horario de votación", StatusLabels.For(Opened, JornadaBuilder.Closes));
        Assert.False(StatusLabels.VotingNow(Opened, JornadaBuilder.Closes));
        Assert.True(StatusLabels.HoursOver(Opened, JornadaBuilder.Closes));
        Assert.True(TallyEndpoints.ToPublic(JornadaTally.Of(Opened), Opened, JornadaBuilder.During).VotingNow);
        Assert.False(TallyEndpoints.ToPublic(JornadaTally.Of(Opened), Opened, JornadaBuilder.Closes).VotingNow);
    }

    /// <summary>
    /// Voted online only, its online hours over before the Jornada's window ends: the home page and the results said
    /// «Votación abierta» and «Votación en curso» while nobody could vote any more.
    /// </summary>
    [Fact]
    public void an_online_only_jornada_is_over_with_its_online_hours()
    {
        var onlineCloses = JornadaBuilder.During;
        var after = onlineCloses.AddMinutes(1);
        var onlineOnly = JornadaBuilder.Preparing().WithOptions().WithOnlineVoting(onlineCloses).Opened().Build();

        Assert.Equal("Votación abierta", StatusLabels.For(onlineOnly, onlineCloses.AddMinutes(-1)));
        Assert.Equal("Terminó el horario de votación", StatusLabels.For(onlineOnly, after));
        Assert.False(StatusLabels.VotingNow(onlineOnly, after));
        Assert.False(TallyEndpoints.ToPublic(JornadaTally.Of(onlineOnly), onlineOnly, after).VotingNow);

        // A kiosk Jornada whose last kiosk was closed to be replaced (as the dashboard tells staff) is not over meanwhile.
        var replacing = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1).WithOnlineVoting(onlineCloses).Opened()
            .WithKioskClosed(JornadaBuilder.Kiosk1).Build();
        Assert.Equal("Votación abierta", StatusLabels.For(replacing, after));
    }

    /// <summary>Online voting first, its kiosks' hours later and none registered yet: not over before those hours begin.</summary>
    [Fact]
    public void online_voting_before_the_kiosks_hours_does_not_end_the_jornada_before_they_begin()
    {
        var builder = JornadaBuilder.Preparing().WithOptions();
        var onlineFirst = builder.Then(new OnlineChannelEnabled(builder.Id, JornadaBuilder.Opens.AddHours(-6), JornadaBuilder.Opens.AddHours(-2),
            JornadaBuilder.Staff, JornadaBuilder.Before)).Opened().Build();

        Assert.False(StatusLabels.HoursOver(onlineFirst, JornadaBuilder.Opens.AddHours(-1)));
        Assert.True(StatusLabels.HoursOver(onlineFirst, JornadaBuilder.Opens)); // no kiosk came: over once their hours began
    }

    [Fact]
    public void a_closed_jornada_says_so_at_any_hour() =>
        Assert.Equal("Votación cerrada y sellada", StatusLabels.For(JornadaBuilder.Open().Closed().Build(), JornadaBuilder.During));
}

public sealed class when_the_ballot_options_are_set
{
    private static readonly DateTimeOffset Now = JornadaBuilder.Before.AddHours(1);

    private static IReadOnlyList<BallotOption> Two() => SetBallotOptionsEndpoint.Number(
    [
        new BallotOptionInput("  Cancha de usos múltiples ", " Rehabilitación completa. ", 2_400_000m),
        new BallotOptionInput("Banquetas seguras", "Banquetas accesibles y luminarias.", 1_850_000m),
    ]);

    [Fact]
    public void the_inputs_are_numbered_a_then_b_and_trimmed()
    {
        var options = Two();
        Assert.Equal(["A", "B"], options.Select(o => o.Id));
        Assert.Equal("Cancha de usos múltiples", options[0].Title);
        Assert.Equal("Rehabilitación completa.", options[0].Description);
        Assert.Equal(1_850_000m, options[1].EstimatedCost);
    }

    [Fact]
    public void two_options_are_set_while_the_jornada_is_being_prepared()
    {
        var builder = JornadaBuilder.Preparing();

        var set = Decisions.Event<BallotOptionsSet>(SetBallotOptionsEndpoint.Decide(builder.Build(), Two(), "staff", JornadaBuilder.Staff, Now));

        Assert.Equal((builder.Id, "staff", JornadaBuilder.Staff, Now), (set.JornadaId, set.Source, set.SetBy, set.SetAt));
        var jornada = builder.Then(set).Build();
        Assert.Equal(Two(), jornada.Options);
        Assert.Equal(new Dictionary<string, long> { ["A"] = 0, ["B"] = 0 }, jornada.Counts);
    }

    /// <summary>An identical PUT (a retry after a lost answer, 10 sends at once) added a fact to the record each time.</summary>
    [Fact]
    public void the_options_it_already_has_are_no_change_and_record_nothing()
    {
        var builder = JornadaBuilder.Preparing();
        builder.Then(Decisions.Event<BallotOptionsSet>(SetBallotOptionsEndpoint.Decide(builder.Build(), Two(), "staff", JornadaBuilder.Staff, Now)));

        var again = SetBallotOptionsEndpoint.Decide(builder.Build(), Two(), "staff", JornadaBuilder.Staff, Now.AddMinutes(1));

        Assert.True(again.Accepted);
        Assert.Empty(again.Events);
        var swapped = Two().Select((o, i) => o with { Id = SetBallotOptionsEndpoint.OptionIds[1 - i] }).Reverse().ToList();
        Assert.Single(SetBallotOptionsEndpoint.Decide(builder.Build(), swapped, "staff", JornadaBuilder.Staff, Now).Events); // another order is a change
    }

    [Fact]
    public void options_can_be_replaced_before_opening()
    {
        var builder = JornadaBuilder.Preparing().WithOptions();

        var set = Decisions.Event<BallotOptionsSet>(SetBallotOptionsEndpoint.Decide(builder.Build(), Two(), "shortlist", JornadaBuilder.Staff, Now));

        Assert.Equal(Two(), builder.Then(set).Build().Options);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void any_number_of_options_but_two_is_refused(int count)
    {
        var options = Enumerable.Range(0, count).Select(i => new BallotOption(((char)('A' + i)).ToString(), $"Obra {i}", "Descripción", 1m)).ToList();

        var decision = SetBallotOptionsEndpoint.Decide(JornadaBuilder.Preparing().Build(), options, "staff", JornadaBuilder.Staff, Now);

        Assert.Equal("exactly_two_options", Decisions.Refusal(decision));
        Assert.Equal(400, decision.Rejection!.Status);
    }

    [Fact]
    public void once_the_jornada_is_open_the_ballot_cannot_change() =>
        Assert.Equal("ballot_already_open", Decisions.Refusal(
            SetBallotOptionsEndpoint.Decide(JornadaBuilder.Open().Build(), Two(), "staff", JornadaBuilder.Staff, JornadaBuilder.During)));

    [Fact]
    public void after_closing_the_ballot_cannot_change_either() =>
        Assert.Equal("ballot_already_open", Decisions.Refusal(
            SetBallotOptionsEndpoint.Decide(JornadaBuilder.Open().Closed().Build(), Two(), "staff", JornadaBuilder.Staff, JornadaBuilder.Closes)));
}

public sealed class when_a_kiosk_is_registered_or_closed
{
    private static readonly RegisterKiosk Command = new("kiosco-7", "  Kiosco Loma Bonita ", " Centro comunitario, calle Encino 12 ");
    private static readonly CloseKiosk Closing = new("  Se descompuso la pantalla ");

    [Fact]
    public void a_kiosk_is_registered_while_preparing_and_becomes_active()
    {
        var builder = JornadaBuilder.Preparing();

        var registered = Decisions.Event<KioskRegistered>(
            RegisterKioskEndpoint.Decide(builder.Build(), Command, "sha256-of-token", JornadaBuilder.Staff, JornadaBuilder.Before));

        Assert.Equal(("kiosco-7", "Kiosco Loma Bonita", "Centro comunitario, calle Encino 12", "sha256-of-token"),
            (registered.KioskId, registered.Name, registered.Location, registered.CredentialHash));
        Assert.Equal(new Kiosk("kiosco-7", "Kiosco Loma Bonita", "Centro comunitario, calle Encino 12", true, Configured: false),
            builder.Then(registered).Build().FindKiosk("kiosco-7"));
    }

    [Fact]
    public void while_the_vote_is_open_a_kiosk_is_registered_only_with_the_ieeqs_countersignature()
    {
        Assert.Equal("countersignature_required", Decisions.Refusal(
            RegisterKioskEndpoint.Decide(JornadaBuilder.Open().Build(), Command, "h", JornadaBuilder.Staff, JornadaBuilder.During)));

        var registered = Decisions.Event<KioskRegistered>(RegisterKioskEndpoint.Decide(
            JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, Command.KioskId).Build(), Command, "h",
            JornadaBuilder.Staff, JornadaBuilder.During));
        Assert.NotNull(registered.Countersignature);
    }

    [Fact]
    public void a_kiosk_id_already_in_the_jornada_is_refused_with_what_to_do_if_its_link_was_lost()
    {
        var again = RegisterKioskEndpoint.Decide(JornadaBuilder.Open().Build(), Command with { KioskId = JornadaBuilder.Kiosk1 }, "h", JornadaBuilder.Staff, JornadaBuilder.During);
        Assert.Equal("kiosk_already_registered", Decisions.Refusal(again));
        // The form sent again (a reload after registering) lands here: the link is not shown twice, so it says what to do.
        Assert.EndsWith("cierre ese kiosco y registre otro, con una nueva contrafirma del IEEQ.", again.Rejection!.Detail);
        // Before the opening no countersignature is needed for the next one, and the answer does not ask for one.
        var preparing = JornadaBuilder.Preparing().WithOptions().WithKiosk(Command.KioskId).Build();
        Assert.EndsWith("cierre ese kiosco y registre otro.", RegisterKioskEndpoint.Decide(
            preparing, Command, "h", JornadaBuilder.Staff, JornadaBuilder.During).Rejection!.Detail);
    }

    /// <summary>
    /// An outside tester registered two kiosks of one name and place: the lists showed them alike, and the IEEQ authorizes
    /// a kiosk by its name. A closed kiosk's name may go to the kiosk that replaces it.
    /// </summary>
    [Fact]
    public void a_name_another_active_kiosk_has_is_refused_but_a_closed_ones_may_be_taken()
    {
        var builder = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1);
        var namesake = Command with { Name = $" kiosco  {JornadaBuilder.Kiosk1.ToUpperInvariant()} " };

        var refused = RegisterKioskEndpoint.Decide(builder.Build(), namesake, "h", JornadaBuilder.Staff, JornadaBuilder.Before);

        Assert.Equal("kiosk_name_taken", Decisions.Refusal(refused));
        Assert.StartsWith($"El kiosco «{JornadaBuilder.Kiosk1}» de esta Jornada ya se llama «Kiosco {JornadaBuilder.Kiosk1}» (en Centro comunitario).",
            refused.Rejection!.Detail);
        Assert.True(RegisterKioskEndpoint.Decide(builder.WithKioskClosed(JornadaBuilder.Kiosk1).Build(), namesake, "h", JornadaBuilder.Staff,
            JornadaBuilder.Before).Accepted);
    }

    [Fact]
    public void a_closed_kiosk_keeps_its_id_taken() =>
        Assert.Equal("kiosk_already_registered", Decisions.Refusal(RegisterKioskEndpoint.Decide(
            JornadaBuilder.Open().WithKioskClosed(JornadaBuilder.Kiosk1).Build(), Command with { KioskId = JornadaBuilder.Kiosk1 },
            "h", JornadaBuilder.Staff, JornadaBuilder.During)));

    [Fact]
    public void no_kiosk_is_registered_once_the_jornada_closed()
    {
        var closed = JornadaBuilder.Open().Closed();
        Assert.Equal("jornada_closed", Decisions.Refusal(
            RegisterKioskEndpoint.Decide(closed.Build(), Command, "h", JornadaBuilder.Staff, JornadaBuilder.Closes)));
        Assert.Equal("jornada_closed", Decisions.Refusal(
            RegisterKioskEndpoint.Decide(closed.Certified().Build(), Command, "h", JornadaBuilder.Staff, JornadaBuilder.Closes)));
    }

    [Fact]
    public void closing_an_active_kiosk_makes_it_inactive_and_leaves_the_others_alone()
    {
        var builder = JornadaBuilder.Open().WithKiosk(JornadaBuilder.Kiosk2);

        var closed = Decisions.Event<KioskClosed>(
            CloseKioskEndpoint.Decide(builder.Build(), JornadaBuilder.Kiosk1, Closing, JornadaBuilder.Staff, JornadaBuilder.During));

        Assert.Equal((builder.Id, JornadaBuilder.Kiosk1, JornadaBuilder.During, "Se descompuso la pantalla"),
            (closed.JornadaId, closed.KioskId, closed.ClosedAt, closed.Reason));
        var jornada = builder.Then(closed).Build();
        Assert.False(jornada.FindKiosk(JornadaBuilder.Kiosk1)!.Active);
        Assert.True(jornada.FindKiosk(JornadaBuilder.Kiosk2)!.Active);
    }

    [Fact]
    public void closing_a_kiosk_twice_is_refused_saying_who_closed_it_when_and_why()
    {
        var open = JornadaBuilder.Open();
        var closed = open.Then(new KioskClosed(open.Id, JornadaBuilder.Kiosk1, "ana.ruiz", JornadaBuilder.During, "Se fue la luz")).Build();
        var refusal = CloseKioskEndpoint.Decide(closed, JornadaBuilder.Kiosk1, Closing, JornadaBuilder.Staff, JornadaBuilder.During.AddMinutes(5)).Rejection!;
        Assert.Equal("kiosk_closed", refusal.Code);
        // A colleague at the same list learns it was not their click that closed it, and why it was closed.
        Assert.Equal($"El kiosco «{closed.FindKiosk(JornadaBuilder.Kiosk1)!.Name}» ya estaba cerrado: lo cerró ana.ruiz el " +
            $"{QueretaroTime.Format(JornadaBuilder.During)} (hora del centro de México). Motivo: «Se fue la luz».", refusal.Detail);
    }

    [Fact]
    public void a_kiosk_is_not_closed_after_the_jornada_so_the_record_ends_at_its_seal()
    {
        var closed = JornadaBuilder.Open().WithOnlineBallots("A").Closed();

        Assert.Equal("jornada_closed", Decisions.Refusal(CloseKioskEndpoint.Decide(closed.Build(), JornadaBuilder.Kiosk1, Closing, JornadaBuilder.Staff, JornadaBuilder.Closes)));
        Assert.Equal("jornada_closed", Decisions.Refusal(CloseKioskEndpoint.Decide(closed.Certified().Build(), JornadaBuilder.Kiosk1, Closing, JornadaBuilder.Staff, JornadaBuilder.Closes)));
    }

    [Theory]
    [InlineData(true, JornadaStatus.Preparing, "Configurado; listo para la apertura")]
    [InlineData(true, JornadaStatus.Open, "Recibe votos")]
    [InlineData(true, JornadaStatus.Closed, "Cerrado con la votación")]
    [InlineData(true, JornadaStatus.Published, "Cerrado con la votación")]
    [InlineData(false, JornadaStatus.Open, "Cerrado")]
    public void the_consoles_say_a_kiosk_takes_ballots_only_while_its_jornada_is_open(bool active, JornadaStatus status, string label)
    {
        var kiosk = JornadaBuilder.Open().Build().FindKiosk(JornadaBuilder.Kiosk1)! with { Active = active, Configured = true };

        Assert.Equal(label, StatusLabels.For(kiosk, status));
    }

    [Fact]
    public void the_consoles_say_an_open_jornadas_kiosk_takes_ballots_only_within_the_kiosks_hours()
    {
        var jornada = JornadaBuilder.Open().Build();
        var kiosk = jornada.FindKiosk(JornadaBuilder.Kiosk1)! with { Configured = true, AwaitsAuthorization = false };

        Assert.Equal($"Configurado; recibe votos desde el {QueretaroTime.Format(JornadaBuilder.Opens)} (hora del centro de México)",
            StatusLabels.For(kiosk, jornada, JornadaBuilder.Opens.AddMinutes(-1)));
        Assert.Equal("Recibe votos", StatusLabels.For(kiosk, jornada, JornadaBuilder.Opens));
        Assert.Equal("Recibe votos", StatusLabels.For(kiosk, jornada, JornadaBuilder.Closes.AddSeconds(-1)));
        Assert.Equal("Terminó su horario de votación; ya no recibe votos", StatusLabels.For(kiosk, jornada, JornadaBuilder.Closes));
        // Whatever the hour, a kiosk staff closed or one still waiting for the IEEQ says that.
        Assert.StartsWith("Cerrado", StatusLabels.For(kiosk with { Active = false }, jornada, JornadaBuilder.During));
        Assert.Contains("espera la autorización del IEEQ", StatusLabels.For(kiosk with { AwaitsAuthorization = true }, jornada, JornadaBuilder.Opens.AddMinutes(-1)));
    }

    [Fact]
    public void the_consoles_say_a_kiosk_whose_link_no_device_took_is_not_configured_and_when_one_took_it()
    {
        var registered = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1);
        var kiosk = registered.Build().FindKiosk(JornadaBuilder.Kiosk1)!;
        Assert.StartsWith("Sin configurar", StatusLabels.For(kiosk, JornadaStatus.Preparing));
        Assert.StartsWith("Sin configurar", StatusLabels.For(kiosk, JornadaStatus.Open));
        // The IEEQ's desk is told how it stands, not given the staff's instruction.
        Assert.Equal("Sin configurar: el personal municipal aún no abre su enlace en el equipo del kiosco", StatusLabels.For(kiosk, JornadaStatus.Open, staff: false));

        var at = new DateTimeOffset(2020, 10, 17, 16, 5, 0, TimeSpan.Zero);
        var configured = registered.Then(Decisions.Event<KioskActivated>(
            JornadaBuilder.ActivateKiosk(registered.Build(), JornadaBuilder.Kiosk1, "device-credential", at)));
        Assert.Equal($"Configurado el {QueretaroTime.Format(at)} (hora del centro de México); espera la autorización del IEEQ frente al equipo",
            StatusLabels.For(configured.Build().FindKiosk(JornadaBuilder.Kiosk1)!, JornadaStatus.Preparing));

        var later = at.AddMinutes(5);
        var authorized = configured.Then(Decisions.Event<KioskAuthorized>(AuthorizeKioskEndpoint.Decide(configured.Build(), JornadaBuilder.Kiosk1,
            KioskFingerprint.Of("device-credential"), JornadaBuilder.Auditor, later))).Build().FindKiosk(JornadaBuilder.Kiosk1)!;
        Assert.Equal($"Autorizado por el IEEQ el {QueretaroTime.Format(later)} (hora del centro de México); listo para la apertura", StatusLabels.For(authorized, JornadaStatus.Preparing));
        Assert.Equal($"Recibe votos (autorizado por el IEEQ el {QueretaroTime.Format(later)}, hora del centro de México)", StatusLabels.For(authorized, JornadaStatus.Open));
        // Two times in one label say their clock once, at the end.
        var open = JornadaBuilder.Open().Build();
        Assert.Equal($"Autorizado por el IEEQ el {QueretaroTime.Format(later)}; recibe votos desde el {QueretaroTime.Format(JornadaBuilder.Opens)} (hora del centro de México)",
            StatusLabels.For(authorized, open, JornadaBuilder.Opens.AddMinutes(-1)));
    }

    [Fact]
    public void a_configured_kiosk_takes_no_ballot_until_the_ieeq_types_the_fingerprint_its_device_shows()
    {
        var registered = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1);
        var configured = registered.Then(Decisions.Event<KioskActivated>(
            JornadaBuilder.ActivateKiosk(registered.Build(), JornadaBuilder.Kiosk1, "device-credential", JornadaBuilder.Before)));
        var open = configured.Opened().Build();
        Assert.Equal("kiosk_not_authorized", BallotRules.CheckChannel(open, BallotChannel.Kiosk, JornadaBuilder.Kiosk1, ieeqAuthorizesKiosks: true)?.Code);
        // Under the Jornada's lock too, where the group commit decides: refused, nothing written.
        var (outcomes, write) = Submissions.Decide(open, [Submissions.AtKiosk(open, JornadaBuilder.Kiosk1, "voter-1")]);
        Assert.Equal("kiosk_not_authorized", Assert.IsType<BallotOutcome.Refused>(Assert.Single(outcomes)).Rejection.Code);
        Assert.Empty(write.Participations);
        // A service with no IEEQ at all (IeeqPresence) has nobody to authorize: the kiosk votes.
        Assert.Null(BallotRules.CheckChannel(open, BallotChannel.Kiosk, JornadaBuilder.Kiosk1, ieeqAuthorizesKiosks: false));
        Assert.IsType<BallotOutcome.Counted>(Assert.Single(Submissions.Decide(open, [Submissions.AtKiosk(open, JornadaBuilder.Kiosk1, "voter-1")],
            ieeqAuthorizesKiosks: false).Outcomes));
        // Should an IEEQ come later, its desk names the ballots such a kiosk left in the chain.
        Assert.Empty(GobiernoAbierto.Audit.Console.AuditJornadaPage.UnauthorizedBallots(open));
        var voted = configured.Opened().WithKioskBallots(JornadaBuilder.Kiosk1, "A", "B").Build();
        Assert.Equal((JornadaBuilder.Kiosk1, 2L), Assert.Single(GobiernoAbierto.Audit.Console.AuditJornadaPage.UnauthorizedBallots(voted)) is var (k, n) ? (k.Id, n) : default);

        var fingerprint = KioskFingerprint.Of("device-credential");
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", fingerprint);
        Assert.NotEqual(fingerprint, KioskFingerprint.Of("device-credentiaL"));
        Assert.Equal("kiosk_fingerprint_mismatch", Decisions.Refusal(AuthorizeKioskEndpoint.Decide(open, JornadaBuilder.Kiosk1,
            KioskFingerprint.Of("another-device"), JornadaBuilder.Auditor, JornadaBuilder.During)));
        // As a person types it: lower case, no dash, O for 0 and I or L for 1.
        var typed = fingerprint.Replace("-", " ").ToLowerInvariant().Replace('0', 'o').Replace('1', 'l');
        var authorized = Decisions.Event<KioskAuthorized>(AuthorizeKioskEndpoint.Decide(open, JornadaBuilder.Kiosk1, typed, JornadaBuilder.Auditor, JornadaBuilder.During));
        Assert.Equal((JornadaBuilder.Kiosk1, JornadaBuilder.Auditor), (authorized.KioskId, authorized.AuthorizedBy));
        Assert.NotNull(authorized.Record);

        var after = configured.Opened().Then(authorized).Build();
        Assert.Null(BallotRules.CheckChannel(after, BallotChannel.Kiosk, JornadaBuilder.Kiosk1, ieeqAuthorizesKiosks: true));
        var again = AuthorizeKioskEndpoint.Decide(after, JornadaBuilder.Kiosk1, fingerprint, JornadaBuilder.Auditor, JornadaBuilder.During);
        Assert.True(again.Accepted);
        Assert.Empty(again.Events); // a retry after a lost answer: done already, nothing recorded twice

        // Typed on a phone, whose keyboard puts an en or em dash, a minus sign or a no-break space for the dash.
        foreach (var dash in new[] { "\u2014", "\u2212", "\u00A0", "\u2013" })
            Assert.Equal(fingerprint, KioskFingerprint.Tidy(fingerprint.Replace("-", dash)));
    }

    [Fact]
    public void only_a_configured_open_kiosk_of_a_jornada_not_yet_closed_is_authorized()
    {
        var registered = JornadaBuilder.Open().WithKiosk("kiosco-2");
        Assert.Equal("kiosk_not_configured", Decisions.Refusal(AuthorizeKioskEndpoint.Decide(registered.Build(), "kiosco-2", "AAAA-AAAA", JornadaBuilder.Auditor, JornadaBuilder.During)));
        Assert.Equal("not_found", Decisions.Refusal(AuthorizeKioskEndpoint.Decide(registered.Build(), "kiosco-9", "AAAA-AAAA", JornadaBuilder.Auditor, JornadaBuilder.During)));
        var configured = registered.Then(Decisions.Event<KioskActivated>(JornadaBuilder.ActivateKiosk(registered.Build(), "kiosco-2", "device-credential", JornadaBuilder.During)));
        var fingerprint = KioskFingerprint.Of("device-credential");
        Assert.Equal("kiosk_closed", Decisions.Refusal(AuthorizeKioskEndpoint.Decide(configured.WithKioskClosed("kiosco-2").Build(), "kiosco-2", fingerprint,
            JornadaBuilder.Auditor, JornadaBuilder.During)));
        Assert.Equal("jornada_closed", Decisions.Refusal(AuthorizeKioskEndpoint.Decide(configured.Closed().Build(), "kiosco-2", fingerprint,
            JornadaBuilder.Auditor, JornadaBuilder.Closes)));
        // Configured before the IEEQ's authorization existed (legacy): it shows no fingerprint and already takes ballots.
        var legacy = JornadaBuilder.Open().Build();
        Assert.Null(BallotRules.CheckChannel(legacy, BallotChannel.Kiosk, JornadaBuilder.Kiosk1, ieeqAuthorizesKiosks: true));
        Assert.Equal("kiosk_authorization_not_needed", Decisions.Refusal(AuthorizeKioskEndpoint.Decide(legacy with
            { Kiosks = [legacy.FindKiosk(JornadaBuilder.Kiosk1)! with { Configured = true }] }, JornadaBuilder.Kiosk1, fingerprint, JornadaBuilder.Auditor, JornadaBuilder.During)));
    }

    [Fact]
    public void a_kiosks_configuration_link_is_taken_by_one_device_once_and_never_after_the_close()
    {
        var registered = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1);
        var taken = Decisions.Event<KioskActivated>(JornadaBuilder.ActivateKiosk(registered.Build(), JornadaBuilder.Kiosk1, "device-hash", JornadaBuilder.Before));
        Assert.Equal((JornadaBuilder.Keys.KioskDeviceHash("device-hash"), JornadaBuilder.Kiosk1), (taken.CredentialHash, taken.KioskId));
        Assert.Equal((true, KioskFingerprint.Of("device-hash")), (taken.NeedsAuthorization, taken.Fingerprint));
        Assert.NotNull(taken.Record);

        var configured = registered.Then(taken);
        var retried = JornadaBuilder.ActivateKiosk(configured.Build(), JornadaBuilder.Kiosk1, "device-hash", JornadaBuilder.During);
        Assert.True(retried.Accepted);
        Assert.Empty(retried.Events); // the same device asking again after a lost answer: done already, nothing recorded twice
        Assert.Equal("kiosk_already_configured", Decisions.Refusal(JornadaBuilder.ActivateKiosk(configured.Build(), JornadaBuilder.Kiosk1, "other-hash", JornadaBuilder.During)));
        Assert.Equal("kiosk_closed", Decisions.Refusal(JornadaBuilder.ActivateKiosk(
            JornadaBuilder.Open().WithKioskClosed(JornadaBuilder.Kiosk1).Build(), JornadaBuilder.Kiosk1, "h", JornadaBuilder.During)));
        Assert.Equal("jornada_closed", Decisions.Refusal(JornadaBuilder.ActivateKiosk(
            JornadaBuilder.Open().WithOnlineBallots("A").Closed().Build(), JornadaBuilder.Kiosk1, "h", JornadaBuilder.Closes)));
        Assert.Equal("not_found", Decisions.Refusal(JornadaBuilder.ActivateKiosk(configured.Build(), "kiosco-9", "h", JornadaBuilder.During)));
    }

    [Fact]
    public void a_kiosk_registered_before_configuration_links_reads_as_configured_so_its_device_is_never_asked_for_one()
    {
        var stored = System.Text.Json.JsonSerializer.Deserialize<Kiosk>("""{"Id":"kiosco-1","Name":"K","Location":"L","Active":true}""")!;

        Assert.True(stored.Configured);
        Assert.Null(stored.ConfiguredAt);
        Assert.Equal("kiosk_already_configured", Decisions.Refusal(JornadaBuilder.ActivateKiosk(
            JornadaBuilder.Open().Build() with { Kiosks = [stored] }, "kiosco-1", "h", JornadaBuilder.During)));
    }

    [Fact]
    public void closing_an_unknown_kiosk_is_not_found()
    {
        var decision = CloseKioskEndpoint.Decide(JornadaBuilder.Open().Build(), "kiosco-9", Closing, JornadaBuilder.Staff, JornadaBuilder.During);

        Assert.Equal("not_found", Decisions.Refusal(decision));
        Assert.Equal(404, decision.Rejection!.Status);
        Assert.Contains("kiosco-9", decision.Rejection.Detail, StringComparison.Ordinal);
    }
}

public sealed class when_a_jornada_is_opened
{
    [Fact]
    public void a_prepared_jornada_with_two_options_opens_and_then_takes_ballots()
    {
        var builder = JornadaBuilder.Preparing().WithOptions();
        var at = JornadaBuilder.Opens.AddMinutes(-30); // staff may open it a little before the window

        var opened = Decisions.Event<JornadaOpened>(OpenJornadaEndpoint.Decide(builder.Build(), null, JornadaBuilder.Staff, at));

        Assert.Equal((builder.Id, JornadaBuilder.Staff, at), (opened.JornadaId, opened.OpenedBy, opened.OpenedAt));
        var jornada = builder.Then(opened).Build();
        Assert.Equal(JornadaStatus.Open, jornada.Status);
        Assert.Null(jornada.CheckOpen(JornadaBuilder.During));
    }

    [Fact]
    public void a_jornada_without_its_two_options_is_not_opened() =>
        Assert.Equal("ballot_incomplete", Decisions.Refusal(
            OpenJornadaEndpoint.Decide(JornadaBuilder.Preparing().Build(), null, JornadaBuilder.Staff, JornadaBuilder.Before)));

    [Fact]
    public void a_jornada_whose_window_is_over_is_not_opened()
    {
        var prepared = JornadaBuilder.Preparing().WithOptions().Build();

        Assert.Equal("voting_window_over", Decisions.Refusal(OpenJornadaEndpoint.Decide(prepared, null, JornadaBuilder.Staff, JornadaBuilder.Closes)));
        Assert.Equal("voting_window_over", Decisions.Refusal(OpenJornadaEndpoint.Decide(prepared, null, JornadaBuilder.Staff, JornadaBuilder.Closes.AddDays(3))));
        // Staff read the time in the console, wherever the service runs: which clock it is in is said.
        Assert.Contains($"terminó el {QueretaroTime.Format(JornadaBuilder.Closes)} (hora del centro de México);",
            OpenJornadaEndpoint.Decide(prepared, null, JornadaBuilder.Staff, JornadaBuilder.Closes).Rejection!.Detail);
        Decisions.Event<JornadaOpened>(OpenJornadaEndpoint.Decide(prepared, null, JornadaBuilder.Staff, JornadaBuilder.Closes.AddTicks(-1)));
    }

    /// <summary>
    /// Online only, its online hours over: its label read «No se abrió: su periodo de votación terminó», yet staff could
    /// open it (the label changed back) while nobody could vote. Staff are told why and what to do instead.
    /// </summary>
    [Fact]
    public void an_online_only_jornada_whose_online_hours_passed_is_not_opened()
    {
        var onlineCloses = JornadaBuilder.During;
        var ready = JornadaBuilder.Preparing().WithOptions().WithVoterRoll().WithOnlineVoting(onlineCloses);
        ready.Then(new VotingCodesIssued(ready.Id, 100, new string('e', 64), JornadaBuilder.Staff, JornadaBuilder.Before));

        var refused = OpenJornadaEndpoint.Decide(ready.Build(), null, JornadaBuilder.Staff, onlineCloses);

        Assert.Equal("voting_window_over", Decisions.Refusal(refused));
        Assert.Equal(409, refused.Rejection!.Status);
        Assert.Equal($"Esta Jornada se vota solo en línea (no tiene kioscos) y la votación en línea terminó el {QueretaroTime.Format(onlineCloses)} " +
            "(hora del centro de México): abierta, nadie podría votar. Sus cartas ya llevan impreso ese horario: para que aún se vote, registre un " +
            $"kiosco (se votaría en él hasta el {QueretaroTime.Format(JornadaBuilder.Closes)}), o retire la Jornada.", refused.Rejection.Detail);
        // Not lapsed for good, as a Jornada whose whole window passed is: a kiosk still lets it open, so it is not repeated yet.
        Assert.Null(GobiernoAbierto.Process.CallNewJornadaEndpoint.WhyVoteAgain(ready.Build(), onlineCloses));
        // Before its letters, its online hours can still move too.
        var noLetters = JornadaBuilder.Preparing().WithOptions().WithVoterRoll().WithOnlineVoting(onlineCloses).Build();
        Assert.EndsWith("abierta, nadie podría votar. Antes de abrirla, cambie el horario de la votación en línea o registre un kiosco.",
            OpenJornadaEndpoint.Blockers(noLetters, null, onlineCloses).Single(r => r.Code == "voting_window_over").Detail);

        // Before its online hours end it opens; with a kiosk, the kiosks' hours go on and it opens for them.
        Decisions.Event<JornadaOpened>(OpenJornadaEndpoint.Decide(ready.Build(), null, JornadaBuilder.Staff, onlineCloses.AddTicks(-1)));
        Assert.Null(GobiernoAbierto.Process.CallNewJornadaEndpoint.WhyVoteAgain(ready.Build(), onlineCloses.AddTicks(-1)));
        var withKiosk = ready.WithKiosk(JornadaBuilder.Kiosk1).Build();
        Decisions.Event<JornadaOpened>(OpenJornadaEndpoint.Decide(withKiosk, null, JornadaBuilder.Staff, onlineCloses));
        Assert.Null(GobiernoAbierto.Process.CallNewJornadaEndpoint.WhyVoteAgain(withKiosk, onlineCloses));
    }

    [Fact]
    public void a_jornada_opens_only_once()
    {
        Assert.Equal("jornada_already_opened", Decisions.Refusal(
            OpenJornadaEndpoint.Decide(JornadaBuilder.Open().Build(), null, JornadaBuilder.Staff, JornadaBuilder.During)));
        Assert.Equal("jornada_already_opened", Decisions.Refusal(
            OpenJornadaEndpoint.Decide(JornadaBuilder.Open().Closed().Build(), null, JornadaBuilder.Staff, JornadaBuilder.During)));
    }
}

public sealed class when_a_jornada_is_closed
{
    [Fact]
    public void the_seal_fixes_the_ballot_count_the_chain_head_and_the_count_per_option()
    {
        var builder = JornadaBuilder.Open()
            .WithKioskBallots(JornadaBuilder.Kiosk1, "A", "B", "A")
            .WithOnlineBallots("A", "A", "B", "A");
        var ballots = builder.Ballots.ToList();

        var closed = Decisions.Event<JornadaClosed>(CloseJornadaEndpoint.Decide(builder.Build(), JornadaBuilder.Staff, JornadaBuilder.Closes));

        Assert.Equal(7, closed.Seal.BallotCount);
        Assert.Equal(ballots[^1].Hash, closed.Seal.FinalHash);
        Assert.Equal(new Dictionary<string, long> { ["A"] = 5, ["B"] = 2 }, closed.Seal.Counts);
        Assert.Equal((JornadaBuilder.Staff, JornadaBuilder.Closes), (closed.ClosedBy, closed.ClosedAt));
    }

    [Fact]
    public void an_option_nobody_chose_is_sealed_with_zero()
    {
        var closed = Decisions.Event<JornadaClosed>(CloseJornadaEndpoint.Decide(
            JornadaBuilder.Open().WithOnlineBallots("B", "B").Build(), JornadaBuilder.Staff, JornadaBuilder.Closes));

        Assert.Equal(new Dictionary<string, long> { ["A"] = 0, ["B"] = 2 }, closed.Seal.Counts);
    }

    [Fact]
    public void a_jornada_without_ballots_is_sealed_at_the_genesis_hash()
    {
        var closed = Decisions.Event<JornadaClosed>(CloseJornadaEndpoint.Decide(
            JornadaBuilder.Open().Build(), JornadaBuilder.Staff, JornadaBuilder.Closes));

        Assert.Equal(new JornadaSeal(0, BallotChain.Genesis, closed.Seal.Counts), closed.Seal);
        Assert.All(closed.Seal.Counts.Values, n => Assert.Equal(0, n));
    }

    [Fact]
    public void closing_stops_the_vote_and_keeps_the_seal()
    {
        var builder = JornadaBuilder.Open().WithOnlineBallots("A").WithCountersignature(CountersignedAction.CloseEarly);
        var closed = Decisions.Event<JornadaClosed>(CloseJornadaEndpoint.Decide(builder.Build(), JornadaBuilder.Staff, JornadaBuilder.During));

        var jornada = builder.Then(closed).Build();

        Assert.Equal(JornadaStatus.Closed, jornada.Status);
        Assert.Same(closed.Seal, jornada.Seal);
        Assert.Equal("jornada_closed", jornada.CheckOpen(JornadaBuilder.During)?.Code);
    }

    [Fact]
    public void a_jornada_that_never_opened_is_not_closed() =>
        Assert.Equal("jornada_not_open", Decisions.Refusal(
            CloseJornadaEndpoint.Decide(JornadaBuilder.Preparing().WithOptions().Build(), JornadaBuilder.Staff, JornadaBuilder.Closes)));

    [Fact]
    public void a_jornada_is_closed_only_once()
    {
        var closed = JornadaBuilder.Open().WithOnlineBallots("A").Closed();
        Assert.Equal("jornada_closed", Decisions.Refusal(CloseJornadaEndpoint.Decide(closed.Build(), JornadaBuilder.Staff, JornadaBuilder.Closes)));
        Assert.Equal("jornada_closed", Decisions.Refusal(CloseJornadaEndpoint.Decide(closed.Certified().Build(), JornadaBuilder.Staff, JornadaBuilder.Closes)));
    }
}
