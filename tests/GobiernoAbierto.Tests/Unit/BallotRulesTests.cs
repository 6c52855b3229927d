using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_voting_window_is_checked
{
    [Fact]
    public void a_jornada_in_preparation_is_not_open_yet()
    {
        var rejection = (JornadaBuilder.Preparing().WithOptions().Build()).CheckOpen(JornadaBuilder.During);
        Assert.Equal("jornada_not_open", rejection?.Code);
        Assert.Equal(409, rejection!.Status);
        Assert.Contains(JornadaBuilder.Title, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void a_closed_jornada_is_closed_even_inside_its_window() =>
        Assert.Equal("jornada_closed", (JornadaBuilder.Open().Closed().Build()).CheckOpen(JornadaBuilder.During)?.Code);

    [Fact]
    public void a_certified_or_published_jornada_is_closed()
    {
        var certified = JornadaBuilder.Open().WithOnlineBallots("A").Closed().Certified();
        Assert.Equal("jornada_closed", (certified.Build()).CheckOpen(JornadaBuilder.During)?.Code);
        Assert.Equal("jornada_closed", (certified.Published("A").Build()).CheckOpen(JornadaBuilder.During)?.Code);
    }

    [Fact]
    public void an_open_jornada_refuses_ballots_before_its_window()
    {
        var rejection = (JornadaBuilder.Open().Build()).CheckOpen(JornadaBuilder.Opens.AddTicks(-1));
        Assert.Equal("outside_voting_window", rejection?.Code);
        // The window is shown in Querétaro's time, not UTC: 14:00Z is 08:00 there.
        Assert.Contains("29/11/2020 08:00", rejection!.Detail, StringComparison.Ordinal);
        Assert.Contains("29/11/2020 18:00", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void the_window_closes_at_its_closing_instant() =>
        Assert.Equal("outside_voting_window", (JornadaBuilder.Open().Build()).CheckOpen(JornadaBuilder.Closes)?.Code);

    [Fact]
    public void an_open_jornada_refuses_ballots_after_its_window() =>
        Assert.Equal("outside_voting_window", (JornadaBuilder.Open().Build()).CheckOpen(JornadaBuilder.Closes.AddDays(1))?.Code);

    [Fact]
    public void an_open_jornada_accepts_ballots_from_its_opening_instant_until_just_before_it_closes()
    {
        var jornada = JornadaBuilder.Open().Build();
        Assert.Null(jornada.CheckOpen(JornadaBuilder.Opens));
        Assert.Null(jornada.CheckOpen(JornadaBuilder.During));
        Assert.Null(jornada.CheckOpen(JornadaBuilder.Closes.AddTicks(-1)));
    }
}

public sealed class when_a_ballot_request_is_checked
{
    private const string Clave = "GMVLMR80070501M100";

    private static readonly Jornada Jornada = JornadaBuilder.Preparing().WithOptions()
        .WithKiosk(JornadaBuilder.Kiosk1).WithKiosk(JornadaBuilder.Kiosk2).WithKioskClosed(JornadaBuilder.Kiosk2)
        .WithOnlineVoting().Opened().Build();

    private static (CheckedBallot? Ballot, Rejection? Rejection) Check(
        string voterId = Clave, string coloniaId = "loma-bonita", string optionId = "A",
        BallotChannel channel = BallotChannel.Online, string? kioskId = null, Jornada? jornada = null) =>
        BallotRules.Check(jornada ?? Jornada, JornadaBuilder.During, voterId, coloniaId, optionId, channel, kioskId, ieeqAuthorizesKiosks: true);

    [Fact]
    public void a_valid_online_ballot_needs_no_kiosk_and_resolves_to_its_option_and_colonia()
    {
        var (ballot, rejection) = Check(voterId: " gmvl-mr80070501m100 ", coloniaId: " Loma-Bonita ", optionId: " b ");

        Assert.Null(rejection);
        Assert.Equal(Clave, ballot!.NormalizedVoterId);
        Assert.Equal(JornadaBuilder.OptionB, ballot.Option);
        Assert.Equal(new Colonia("loma-bonita", "Loma Bonita", QueretaroTerritory.FelixOsores), ballot.Colonia);
        Assert.Equal(BallotChannel.Online, ballot.Channel);
        Assert.Null(ballot.KioskId);
    }

    [Fact]
    public void a_valid_ballot_at_an_active_kiosk_keeps_its_kiosk()
    {
        var (ballot, rejection) = Check(channel: BallotChannel.Kiosk, kioskId: JornadaBuilder.Kiosk1);

        Assert.Null(rejection);
        Assert.Equal((BallotChannel.Kiosk, JornadaBuilder.Kiosk1), (ballot!.Channel, ballot.KioskId));
    }

    [Fact]
    public void an_option_not_on_the_ballot_is_refused_listing_the_options()
    {
        var (ballot, rejection) = Check(optionId: "C");

        Assert.Null(ballot);
        Assert.Equal("unknown_option", rejection!.Code);
        Assert.Equal(400, rejection.Status);
        Assert.Contains(JornadaBuilder.OptionA.Title, rejection.Detail, StringComparison.Ordinal);
        Assert.Contains(JornadaBuilder.OptionB.Title, rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GMVLMR80130501M100")]
    [InlineData("GMVLMR80070501M10")]
    [InlineData("not an id at all")]
    public void a_malformed_voter_id_is_refused_saying_what_is_expected(string voterId)
    {
        var (ballot, rejection) = Check(voterId: voterId);

        Assert.Null(ballot);
        Assert.Equal("invalid_voter_id", rejection!.Code);
        Assert.Equal(400, rejection.Status);
        Assert.Contains(VoterIdentifier.Describe(VoterIdKind.ClaveElector), rejection.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(voterId, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void a_jornada_that_takes_curps_refuses_a_clave_de_elector()
    {
        var curpJornada = JornadaBuilder.Open(VoterIdKind.Curp).Build();
        Assert.Equal("invalid_voter_id", Check(jornada: curpJornada).Rejection?.Code);
        Assert.Null(Check(voterId: Curps.With("GODE561231HQTRRL0"), jornada: curpJornada).Rejection);
    }

    [Fact]
    public void a_colonia_outside_the_territory_is_refused_naming_the_delegaciones()
    {
        var (ballot, rejection) = Check(coloniaId: "centro-historico");

        Assert.Null(ballot);
        Assert.Equal("colonia_outside_territory", rejection!.Code);
        Assert.Equal(422, rejection.Status);
        Assert.Contains("Félix Osores Sotomayor", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains("Felipe Carrillo Puerto", rejection.Detail, StringComparison.Ordinal);
        Assert.Contains("de las delegaciones Félix Osores Sotomayor y Felipe Carrillo Puerto.", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void a_jornada_of_one_delegacion_names_it_in_the_singular()
    {
        var plan = QueretaroTerritory.Plan2020;
        var felipe = plan.Delegaciones.Single(d => d.Id == QueretaroTerritory.FelipeCarrillo);
        var jornada = JornadaBuilder.From(new JornadaCreated(Guid.NewGuid(), JornadaBuilder.Title, JornadaBuilder.Opens, JornadaBuilder.Closes,
                VoterIdKind.ClaveElector, [felipe], [.. plan.Colonias.Where(c => c.DelegacionId == felipe.Id)], null, JornadaBuilder.Staff, JornadaBuilder.Before))
            .WithOptions().WithOnlineVoting().Opened().Build();

        var rejection = Check(coloniaId: "centro-historico", jornada: jornada).Rejection;

        Assert.Equal("colonia_outside_territory", rejection?.Code);
        Assert.EndsWith("Participan colonias de la delegación Felipe Carrillo Puerto.", rejection!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kiosco-9")]
    [InlineData(null)]
    public void a_kiosk_ballot_from_an_unregistered_kiosk_is_refused(string? kioskId)
    {
        var (ballot, rejection) = Check(channel: BallotChannel.Kiosk, kioskId: kioskId);

        Assert.Null(ballot);
        Assert.Equal("kiosk_not_registered", rejection!.Code);
        Assert.Equal(403, rejection.Status);
    }

    [Fact]
    public void a_kiosk_ballot_from_a_closed_kiosk_is_refused()
    {
        var (ballot, rejection) = Check(channel: BallotChannel.Kiosk, kioskId: JornadaBuilder.Kiosk2);

        Assert.Null(ballot);
        Assert.Equal("kiosk_closed", rejection!.Code);
        Assert.Equal(403, rejection.Status);
    }

    [Fact]
    public void the_first_broken_rule_is_reported_in_the_order_a_voter_can_act_on()
    {
        Assert.Equal("jornada_closed", Check("bad", "nowhere", "Z", BallotChannel.Kiosk, "kiosco-9",
            JornadaBuilder.Open().Closed().Build()).Rejection?.Code);
        Assert.Equal("kiosk_not_registered", Check("bad", "nowhere", "Z", BallotChannel.Kiosk, "kiosco-9").Rejection?.Code);
        Assert.Equal("unknown_option", Check("bad", "nowhere", "Z").Rejection?.Code);
        Assert.Equal("invalid_voter_id", Check("bad", "nowhere", "A").Rejection?.Code);
        Assert.Equal("colonia_outside_territory", Check(Clave, "nowhere", "A").Rejection?.Code);
    }
}
