using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>How the voting periods read once the Jornada closed before its planned end (countersigned by the IEEQ).</summary>
public sealed class when_a_jornada_closes_before_its_planned_end
{
    private static readonly DateTimeOffset OnlineOpens = JornadaBuilder.Opens.AddHours(2);

    private static JornadaBuilder WithLateOnlineWindow()
    {
        var jornada = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1);
        return jornada.Then(new OnlineChannelEnabled(jornada.Id, OnlineOpens, JornadaBuilder.Closes, JornadaBuilder.Staff, JornadaBuilder.Before)).Opened();
    }

    [Fact]
    public void online_voting_closed_with_it_ends_when_it_closed()
    {
        var closed = OnlineOpens.AddHours(1);
        var jornada = WithLateOnlineWindow().Closed(closed).Build();

        Assert.Equal($"{QueretaroTime.Format(OnlineOpens)} a {QueretaroTime.Format(closed)}; se cerró antes de lo previsto: " +
            $"su horario terminaba el {QueretaroTime.Format(JornadaBuilder.Closes)}", JornadaDetails.OnlineWindowLabel(jornada, jornada.Online!));
    }

    /// <summary>Closed before online voting's hours began: «12:00 a 10:00» said it ended before it started (a reviewer).</summary>
    [Fact]
    public void online_voting_that_never_opened_says_so()
    {
        var closed = OnlineOpens.AddHours(-1);
        var jornada = WithLateOnlineWindow().Closed(closed).Build();

        Assert.Equal($"{QueretaroTime.Format(OnlineOpens)} a {QueretaroTime.Format(JornadaBuilder.Closes)}; no llegó a abrir: la votación se cerró " +
            $"antes, el {QueretaroTime.Format(closed)}", JornadaDetails.OnlineWindowLabel(jornada, jornada.Online!));
    }

    [Fact]
    public void closed_at_its_planned_end_it_reads_as_planned() =>
        Assert.Equal($"{QueretaroTime.Format(OnlineOpens)} a {QueretaroTime.Format(JornadaBuilder.Closes)}",
            JornadaDetails.OnlineWindowLabel(WithLateOnlineWindow().Closed().Build(), WithLateOnlineWindow().Closed().Build().Online!));
}

/// <summary>The public results between the seal and the IEEQ's certification: the count, and that it is not yet official.</summary>
public sealed class when_a_sealed_count_waits_for_the_ieeq
{
    [Theory]
    [InlineData(new[] { "A", "A", "B" }, "«Pavimentación de la calle Encino» obtuvo la mayoría de los votos en el cómputo sellado. ", "«Pavimentación de la calle Encino» obtuvo la mayoría de los votos.")]
    [InlineData(new[] { "A", "B" }, "Empate en el cómputo sellado: los dos proyectos obtuvieron los mismos votos. ", "Empate: los dos proyectos obtuvieron los mismos votos")]
    public void the_outcome_says_it_is_not_yet_official_until_certified(string[] ballots, string sealedSays, string certifiedSays)
    {
        var closed = JornadaBuilder.Open().WithKioskBallots(JornadaBuilder.Kiosk1, ballots).Closed();
        var sealedLabel = Tally.TallyEndpoints.ToPublic(closed.BuildTally(), closed.Build(), JornadaBuilder.Closes).OutcomeLabel;
        var certified = closed.Certified();
        var certifiedLabel = Tally.TallyEndpoints.ToPublic(certified.BuildTally(), certified.Build(), JornadaBuilder.Closes.AddDays(1)).OutcomeLabel;

        Assert.Equal(sealedSays + "Aún no es el resultado oficial: falta que el IEEQ certifique el cómputo.", sealedLabel);
        Assert.StartsWith(certifiedSays, certifiedLabel);
        Assert.DoesNotContain("oficial", certifiedLabel);
    }
}

/// <summary>
/// A certified tie (or a Jornada without ballots) said «El Municipio convocará una nueva Jornada para decidir.» even after
/// staff called it (a reviewer): once called, when, and when the new one votes.
/// </summary>
public sealed class when_a_new_jornada_is_called_after_one_that_chose_nothing
{
    private static readonly DateTimeOffset Called = JornadaBuilder.Closes.AddDays(2);
    private const string Window = "06/12/2020 08:00 a 06/12/2020 18:00";

    [Theory]
    [InlineData(new[] { "A", "B" }, "Empate: los dos proyectos obtuvieron los mismos votos, así que ninguno resulta elegido. ")]
    [InlineData(new string[0], "La Jornada cerró sin votos, así que ningún proyecto resulta elegido. ")]
    public void its_results_say_it_was_called_and_when_it_votes(string[] ballots, string outcome)
    {
        var certified = JornadaBuilder.Open().WithKioskBallots(JornadaBuilder.Kiosk1, ballots).Closed().Certified();
        Tally.PublicResults Read(Tally.NewJornadaCall? called) =>
            Tally.TallyEndpoints.ToPublic(certified.BuildTally(), certified.Build(), Called.AddDays(1), called);
        var next = Guid.NewGuid();

        Assert.Equal(outcome + "El Municipio convocará una nueva Jornada para decidir.", Read(null).OutcomeLabel);
        var called = Read(new(next, Called, Window));
        Assert.Equal(outcome + $"El {QueretaroTime.Format(Called)} el Municipio convocó una nueva Jornada para decidir; su periodo de votación: " +
            $"{Window} (hora del centro de México).", called.OutcomeLabel);
        Assert.Equal(next, called.NewJornadaId);
        // The new Jornada unreadable: the call alone.
        Assert.Equal(outcome + $"El {QueretaroTime.Format(Called)} (hora del centro de México) el Municipio convocó una nueva Jornada para decidir.",
            Read(new(next, Called, null)).OutcomeLabel);
    }
}

/// <summary>The public results say when it all happened: a resident reading them could not tell (an outside walk-through).</summary>
public sealed class when_the_public_reads_when_a_jornada_happened
{
    [Fact]
    public void the_results_carry_the_period_as_it_was_and_the_days_of_the_certification_and_the_publication()
    {
        var closedAt = JornadaBuilder.Closes.AddHours(-3);
        var jornada = JornadaBuilder.Open().WithKioskBallots(JornadaBuilder.Kiosk1, "A", "A", "B").Closed(closedAt);
        Tally.PublicResults Read() => Tally.TallyEndpoints.ToPublic(jornada.BuildTally(), jornada.Build(), JornadaBuilder.Closes.AddDays(3));
        var details = JornadaDetails.From(jornada.Build(), JornadaBuilder.Closes, ieeqAuthorizesKiosks: true);

        var sealed_ = Read();
        Assert.Equal(details.VotingWindowLabel, sealed_.VotingWindowLabel);
        Assert.Contains($"a {QueretaroTime.Format(closedAt)}; se cerró antes de lo previsto", sealed_.VotingWindowLabel);
        Assert.Equal(details.Online!.WindowLabel, sealed_.OnlineWindowLabel);
        Assert.Equal((null, null), (sealed_.CertifiedAt, sealed_.PublishedAt));
        jornada.Certified().Published("A");
        Assert.Equal((JornadaBuilder.Closes.AddDays(1), JornadaBuilder.Closes.AddDays(2)), (Read().CertifiedAt, Read().PublishedAt));
    }
}

/// <summary>
/// Staff open the Jornada ahead of its hours and are told when each channel starts: one hour for both, the earlier,
/// told them the kiosks took votes from online's start (a console walk-through, online at 01:53 and kiosks at 02:10).
/// </summary>
public sealed class when_staff_open_a_jornada_ahead_of_its_hours
{
    private static Jornada With(DateTimeOffset? onlineOpens)
    {
        var jornada = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1);
        if (onlineOpens is { } at)
            jornada = jornada.Then(new OnlineChannelEnabled(jornada.Id, at, JornadaBuilder.Closes, JornadaBuilder.Staff, JornadaBuilder.Before));
        return jornada.Opened().Build();
    }

    [Fact]
    public void each_channel_is_said_with_its_own_hour()
    {
        var before = JornadaBuilder.Opens.AddMinutes(-30);
        var kiosks = QueretaroTime.Format(JornadaBuilder.Opens);
        var early = JornadaBuilder.Opens.AddMinutes(-17);

        Assert.Equal($"La Jornada quedó abierta; la votación empieza el {kiosks} (hora del centro de México): hasta entonces ningún kiosco recibe votos.",
            Jornadas.Console.OpenJornadaPage.Opened(With(null), before));
        Assert.Equal($"La Jornada quedó abierta; la votación empieza el {kiosks} (hora del centro de México): hasta entonces ningún kiosco ni la página en línea reciben votos.",
            Jornadas.Console.OpenJornadaPage.Opened(With(JornadaBuilder.Opens), before));
        Assert.Equal($"La Jornada quedó abierta: los kioscos reciben votos desde el {kiosks}, y la página en línea los recibe desde el " +
            $"{QueretaroTime.Format(early)} (hora del centro de México).", Jornadas.Console.OpenJornadaPage.Opened(With(early), before));
        Assert.Equal($"La Jornada quedó abierta: los kioscos reciben votos desde el {kiosks}, y la página en línea ya los recibe (hora del centro de México).",
            Jornadas.Console.OpenJornadaPage.Opened(With(early), early.AddMinutes(1)));
        Assert.Equal("La votación está abierta.", Jornadas.Console.OpenJornadaPage.Opened(With(early), JornadaBuilder.Opens));
    }

    /// <summary>
    /// An online vote held before the kiosks' day (as a Jornada closed before its hours allows) and the Jornada opened on
    /// the kiosks' morning: the online page no longer takes votes, and staff are not told it does.
    /// </summary>
    [Fact]
    public void an_online_vote_already_over_is_said_over()
    {
        var jornada = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1);
        var (opens, closes) = (JornadaBuilder.Opens.AddDays(-3), JornadaBuilder.Opens.AddDays(-1));
        var opened = jornada.Then(new OnlineChannelEnabled(jornada.Id, opens, closes, JornadaBuilder.Staff, JornadaBuilder.Before)).Opened().Build();

        Assert.Equal($"La Jornada quedó abierta: los kioscos reciben votos desde el {QueretaroTime.Format(JornadaBuilder.Opens)}, y la votación en " +
            $"línea ya terminó, el {QueretaroTime.Format(closes)} (hora del centro de México).",
            Jornadas.Console.OpenJornadaPage.Opened(opened, JornadaBuilder.Opens.AddMinutes(-30)));
    }
}
