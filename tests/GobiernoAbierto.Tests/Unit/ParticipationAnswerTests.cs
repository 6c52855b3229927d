using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Voting;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// «¿Alguien votó con mis datos?» answered «no»: where and until when the person can still vote, said from the Jornada's
/// online hours and open kiosks, never «mientras esté abierta» when neither is left.
/// </summary>
public sealed class when_someone_who_did_not_vote_asks_whether_they_still_can
{
    private const string None = "Con sus datos no se ha emitido ningún voto en esta Jornada.";
    private static readonly string Closes = QueretaroTime.Format(JornadaBuilder.Closes);
    // Its kiosk configured on its device: only such a kiosk takes ballots, and only it is offered.
    private readonly Jornada _open = JornadaBuilder.Open().Build() is var open
        ? open with { Kiosks = [.. open.Kiosks.Select(k => k with { Configured = true })] } : null!;

    [Fact]
    public void online_and_at_a_kiosk_until_the_hours_end()
    {
        Assert.Equal($"{None} Aún puede votar en línea hasta el {Closes} o en un kiosco de su delegación, con su credencial del INE, hasta el {Closes} " +
                     "(hora del centro de México).", CheckParticipationEndpoint.NotVoted(_open, JornadaBuilder.During));
    }

    [Fact]
    public void after_the_online_hours_at_a_kiosk_if_one_is_open_and_otherwise_no_longer()
    {
        var onlineEnded = _open with { Online = new OnlineWindow(JornadaBuilder.Opens, JornadaBuilder.During) };
        var now = JornadaBuilder.During.AddMinutes(1);
        var ended = $"La votación en línea terminó el {QueretaroTime.Format(JornadaBuilder.During)} (hora del centro de México)";

        Assert.Equal($"{None} {ended}; aún puede votar en un kiosco de su delegación, con su credencial del INE, hasta el {Closes} (hora del centro de México).",
            CheckParticipationEndpoint.NotVoted(onlineEnded, now));
        Assert.Equal($"{None} {ended} y no queda un kiosco abierto: ya no es posible votar en esta Jornada.",
            CheckParticipationEndpoint.NotVoted(onlineEnded with { Kiosks = [.. _open.Kiosks.Select(k => k with { Active = false })] }, now));
        Assert.Equal($"{None} {ended} y no queda un kiosco abierto: ya no es posible votar en esta Jornada.",
            CheckParticipationEndpoint.NotVoted(onlineEnded with { Kiosks = [] }, now));
    }

    /// <summary>
    /// A kiosk registered whose device was never configured takes no ballot: the answer offered it («o en un kiosco de su
    /// delegación») while the home page said no kiosk was taking votes (a reviewer, on the sample Jornada).
    /// </summary>
    [Fact]
    public void a_kiosk_never_configured_is_not_offered_nor_taken_for_the_end_of_voting()
    {
        var unconfigured = _open with { Kiosks = [.. _open.Kiosks.Select(k => k with { Configured = false })] };
        Assert.Equal($"{None} Aún puede votar en línea hasta el {Closes} (hora del centro de México).",
            CheckParticipationEndpoint.NotVoted(unconfigured, JornadaBuilder.During));

        var onlineEnded = unconfigured with { Online = new OnlineWindow(JornadaBuilder.Opens, JornadaBuilder.During) };
        Assert.Equal($"{None} La votación en línea terminó el {QueretaroTime.Format(JornadaBuilder.During)} (hora del centro de México); por ahora " +
                     "ningún kiosco recibe votos: la página de inicio dice dónde y a qué hora se vota en un kiosco.",
            CheckParticipationEndpoint.NotVoted(onlineEnded, JornadaBuilder.During.AddMinutes(1)));
    }

    /// <summary>
    /// A kiosk configured and still waiting for the IEEQ's authorization refuses every ballot: the answer offered it
    /// while the home page listed no kiosk taking votes (a reviewer). Without an IEEQ in the service it takes ballots.
    /// </summary>
    [Fact]
    public void a_kiosk_awaiting_the_ieeqs_authorization_is_not_offered_nor_taken_for_the_end_of_voting()
    {
        var awaiting = _open with { Kiosks = [.. _open.Kiosks.Select(k => k with { AwaitsAuthorization = true })] };
        Assert.Equal($"{None} Aún puede votar en línea hasta el {Closes} (hora del centro de México).",
            CheckParticipationEndpoint.NotVoted(awaiting, JornadaBuilder.During, ieeqAuthorizesKiosks: true));

        var onlineEnded = awaiting with { Online = new OnlineWindow(JornadaBuilder.Opens, JornadaBuilder.During) };
        Assert.Equal($"{None} La votación en línea terminó el {QueretaroTime.Format(JornadaBuilder.During)} (hora del centro de México); por ahora " +
                     "ningún kiosco recibe votos: la página de inicio dice dónde y a qué hora se vota en un kiosco.",
            CheckParticipationEndpoint.NotVoted(onlineEnded, JornadaBuilder.During.AddMinutes(1), ieeqAuthorizesKiosks: true));

        Assert.Equal($"{None} Aún puede votar en línea hasta el {Closes} o en un kiosco de su delegación, con su credencial del INE, hasta el {Closes} " +
                     "(hora del centro de México).", CheckParticipationEndpoint.NotVoted(awaiting, JornadaBuilder.During, ieeqAuthorizesKiosks: false));
    }

    /// <summary>
    /// No online voting, and the kiosks registered but waiting for the IEEQ's authorization: «Por ahora no hay kiosco ni
    /// votación en línea» read as if there were none (a reviewer). It says they wait for the IEEQ, with no time promised.
    /// A kiosk never configured, alone, keeps the answer for none.
    /// </summary>
    [Fact]
    public void kiosks_awaiting_the_ieeqs_authorization_without_online_voting_are_said_to_wait_for_it()
    {
        var awaiting = _open with { Online = null, Kiosks = [.. _open.Kiosks.Select(k => k with { AwaitsAuthorization = true })] };
        Assert.Equal($"{None} Esta Jornada se vota en kiosco: su kiosco ya está registrado, pero el IEEQ aún no lo autoriza para recibir votos. " +
                     "Vuelva a consultar más tarde: la página de inicio dice dónde y a qué hora se vota en un kiosco.",
            CheckParticipationEndpoint.NotVoted(awaiting, JornadaBuilder.During, ieeqAuthorizesKiosks: true));

        var two = awaiting with { Kiosks = [.. awaiting.Kiosks, awaiting.Kiosks[0] with { Id = JornadaBuilder.Kiosk2, Configured = false, AwaitsAuthorization = false }] };
        Assert.Equal($"{None} Esta Jornada se vota en kiosco: sus kioscos ya están registrados, pero el IEEQ aún no los autoriza para recibir votos. " +
                     "Vuelva a consultar más tarde: la página de inicio dice dónde y a qué hora se vota en un kiosco.",
            CheckParticipationEndpoint.NotVoted(two, JornadaBuilder.During, ieeqAuthorizesKiosks: true));

        Assert.Equal($"{None} Por ahora no hay kiosco ni votación en línea en esta Jornada: el Municipio anuncia dónde votar.",
            CheckParticipationEndpoint.NotVoted(awaiting with { Kiosks = [.. _open.Kiosks.Select(k => k with { Configured = false })] }, JornadaBuilder.During));
        // Without an IEEQ the kiosk takes ballots as it is, and is offered.
        Assert.Equal($"{None} Aún puede votar en un kiosco de su delegación, con su credencial del INE, hasta el {Closes} (hora del centro de México).",
            CheckParticipationEndpoint.NotVoted(awaiting, JornadaBuilder.During, ieeqAuthorizesKiosks: false));
    }

    [Fact]
    public void before_the_online_hours_from_when_to_when()
    {
        var later = JornadaBuilder.During.AddHours(1);
        var jornada = _open with { Online = new OnlineWindow(later, JornadaBuilder.Closes), Kiosks = [] };

        Assert.Equal($"{None} Aún puede votar en línea del {QueretaroTime.Format(later)} al {Closes} (hora del centro de México).",
            CheckParticipationEndpoint.NotVoted(jornada, JornadaBuilder.During));
    }

    [Fact]
    public void after_the_hours_of_an_open_jornada_that_voting_ended_and_before_any_place_to_vote_that_there_is_none_yet()
    {
        Assert.Equal("Con sus datos no se emitió ningún voto en esta Jornada. La votación ya terminó.",
            CheckParticipationEndpoint.NotVoted(_open, JornadaBuilder.Closes.AddMinutes(1)));
        Assert.Equal($"{None} Por ahora no hay kiosco ni votación en línea en esta Jornada: el Municipio anuncia dónde votar.",
            CheckParticipationEndpoint.NotVoted(_open with { Online = null, Kiosks = [] }, JornadaBuilder.Opens.AddHours(-1)));
    }

    /// <summary>Never opened, its hours over (it can no longer be opened): «Podrá votar cuando abra» promised a vote that will not come.</summary>
    [Fact]
    public void a_jornada_never_opened_whose_hours_passed_takes_no_votes()
    {
        Assert.Equal($"{None} La votación no se abrió y su periodo terminó el {Closes} (hora del centro de México): no se recibirán votos en esta Jornada.",
            CheckParticipationEndpoint.NotVoted(JornadaBuilder.Preparing().Build(), JornadaBuilder.Closes));
    }

    /// <summary>Online only and never opened, its online hours over: its label says «No se abrió», and so does this answer.</summary>
    [Fact]
    public void an_online_only_jornada_never_opened_whose_online_hours_passed_takes_no_votes()
    {
        var jornada = JornadaBuilder.Preparing().Build() with { Online = new OnlineWindow(JornadaBuilder.Opens, JornadaBuilder.During), Kiosks = [] };
        Assert.Equal($"{None} La votación no se abrió y su periodo terminó el {QueretaroTime.Format(JornadaBuilder.During)} (hora del centro de " +
                     "México): no se recibirán votos en esta Jornada.", CheckParticipationEndpoint.NotVoted(jornada, JornadaBuilder.During.AddMinutes(1)));
        Assert.Equal($"{None} Podrá votar cuando abra la votación.", CheckParticipationEndpoint.NotVoted(jornada, JornadaBuilder.Opens));
    }

    [Fact]
    public void before_the_opening_and_after_the_close_as_before()
    {
        Assert.Equal($"{None} Podrá votar cuando abra la votación.", CheckParticipationEndpoint.NotVoted(JornadaBuilder.Preparing().Build(), JornadaBuilder.Before));
        Assert.Equal("Con sus datos no se emitió ningún voto en esta Jornada. La votación ya terminó.",
            CheckParticipationEndpoint.NotVoted(_open with { Status = JornadaStatus.Closed }, JornadaBuilder.Closes));
    }

    /// <summary>Letters may have gone out before staff withdrew the Jornada: its holder reads that nobody will vote in it, not that voting ended.</summary>
    [Fact]
    public void a_withdrawn_jornada_says_it_was_withdrawn_and_there_will_be_no_vote() =>
        Assert.Equal($"{None} La Jornada se retiró antes de abrir la votación: no habrá votación en ella.",
            CheckParticipationEndpoint.NotVoted(when_a_jornada_is_withdrawn.WithdrawnBuilder().Build(), JornadaBuilder.During));
}
