using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_staff_ask_the_ieeq_to_countersign
{
    private static readonly DateTimeOffset Now = JornadaBuilder.During;
    private static readonly RequestCountersignature NewKiosk = new(CountersignedAction.RegisterKiosk, "kiosco-3", "  Se descompuso el kiosco 1  ",
        " Kiosco 3 ", " Mercado ");
    private static readonly RequestCountersignature CloseEarly = new(CountersignedAction.CloseEarly, null, "Tormenta eléctrica en la zona");

    private static Decision Ask(JornadaBuilder builder, RequestCountersignature request, DateTimeOffset? at = null) =>
        RequestCountersignatureEndpoint.Decide(builder.Build(), request, Guid.NewGuid(), JornadaBuilder.Staff, at ?? Now);

    [Fact]
    public void a_request_records_who_asked_what_and_why_and_waits_for_the_ieeq()
    {
        var builder = JornadaBuilder.Open();
        var requestId = Guid.NewGuid();

        var asked = Decisions.Event<CountersignatureRequested>(RequestCountersignatureEndpoint.Decide(builder.Build(), NewKiosk, requestId,
            JornadaBuilder.Staff, Now));

        Assert.Equal((requestId, CountersignedAction.RegisterKiosk, "kiosco-3", "Se descompuso el kiosco 1", JornadaBuilder.Staff, Now),
            (asked.RequestId, asked.Action, asked.KioskId, asked.Reason, asked.RequestedBy, asked.RequestedAt));
        Assert.Equal(("Kiosco 3", "Mercado"), (asked.KioskName, asked.KioskLocation));
        Assert.Equal(CountersignatureStatus.Requested, builder.Then(asked).Build().FindCountersignature(requestId)!.Status);
    }

    /// <summary>The IEEQ countersigns a kiosk at a place: a request to register one says its name and where it will stand.</summary>
    [Fact]
    public void a_kiosks_request_says_its_name_and_place_and_a_close_says_neither()
    {
        var validator = new RequestCountersignatureValidator();

        Assert.True(validator.Validate(NewKiosk).IsValid);
        Assert.Equal(["KioskName", "KioskLocation"], validator.Validate(NewKiosk with { KioskName = " ", KioskLocation = null }).Errors.Select(e => e.PropertyName));
        Assert.Contains("el IEEQ contrafirma el kiosco con su nombre y su ubicación",
            validator.Validate(NewKiosk with { KioskName = null }).Errors.Single().ErrorMessage);
        Assert.Equal(["KioskLocation"], validator.Validate(NewKiosk with { KioskLocation = new string('x', 301) }).Errors.Select(e => e.PropertyName));
        // Counted as kept, composed: 120 × U+FB2C is 360 characters once composed (a hostile-input sweep's).
        Assert.Equal(["KioskName"], validator.Validate(NewKiosk with { KioskName = new string('\uFB2C', 120) }).Errors.Select(e => e.PropertyName));
        Assert.True(validator.Validate(NewKiosk with { KioskName = new string('x', 120) }).IsValid);
        Assert.Equal(["KioskName", "KioskLocation"], validator.Validate(CloseEarly with { KioskName = "K", KioskLocation = "L" }).Errors.Select(e => e.PropertyName));
        // A request that does not say what it is for is asked that, not for a kiosk's id, name and place.
        Assert.Equal(["Action"], validator.Validate(new RequestCountersignature(null, null, "Motivo")).Errors.Select(e => e.PropertyName));
        Assert.Equal("validation_failed", Decisions.Refusal(Ask(JornadaBuilder.Open(), new RequestCountersignature(null, null, "Motivo"))));
    }

    [Fact]
    public void while_the_jornada_is_prepared_nothing_needs_a_countersignature() =>
        Assert.Equal("countersignature_not_needed", Decisions.Refusal(Ask(JornadaBuilder.Preparing().WithOptions(), NewKiosk, JornadaBuilder.Before)));

    [Fact]
    public void once_the_window_is_over_closing_needs_no_countersignature()
    {
        Assert.Equal("countersignature_not_needed", Decisions.Refusal(Ask(JornadaBuilder.Open(), CloseEarly, JornadaBuilder.Closes)));
        Assert.StartsWith($"El horario de votación terminó el {QueretaroTime.Format(JornadaBuilder.Closes)} (hora del centro de México):",
            Ask(JornadaBuilder.Open(), CloseEarly, JornadaBuilder.Closes).Rejection!.Detail);
    }

    [Fact]
    public void a_closed_jornada_has_nothing_to_countersign() =>
        Assert.Equal("jornada_closed", Decisions.Refusal(Ask(JornadaBuilder.Open().Closed(), NewKiosk)));

    [Fact]
    public void a_kiosk_already_registered_needs_no_request() =>
        Assert.Equal("kiosk_already_registered", Decisions.Refusal(Ask(JornadaBuilder.Open(), NewKiosk with { KioskId = JornadaBuilder.Kiosk1 })));

    [Fact]
    public void the_same_action_is_not_asked_twice_while_a_request_is_pending_or_granted_but_may_be_asked_again_after_a_denial()
    {
        var pending = JornadaBuilder.Open();
        pending.Then(Decisions.Event<CountersignatureRequested>(Ask(pending, CloseEarly)));
        Assert.Equal("countersignature_already_requested", Decisions.Refusal(Ask(pending, CloseEarly)));
        Assert.EndsWith(": solicitada, en espera del IEEQ). Si algo de ella cambió, retírela y pida otra.", Ask(pending, CloseEarly).Rejection!.Detail); // the acronym keeps its capitals
        Assert.Equal("countersignature_already_requested", Decisions.Refusal(Ask(JornadaBuilder.Open().WithCountersignature(CountersignedAction.CloseEarly), CloseEarly)));
        Decisions.Event<CountersignatureRequested>(Ask(pending, NewKiosk));

        var requestId = pending.Build().Countersignatures.Single().RequestId;
        var denied = pending.Then(new CountersignatureDenied(pending.Id, requestId, "Sin motivo suficiente", JornadaBuilder.Auditor, Now));
        Decisions.Event<CountersignatureRequested>(Ask(denied, CloseEarly));
    }
}

public sealed class when_the_ieeq_answers_a_countersignature_request
{
    private static readonly DateTimeOffset Now = JornadaBuilder.During;
    private static readonly CountersignatureAnswer Because = new("  Verificado por teléfono con la delegación  ");

    private readonly JornadaBuilder _asked = JornadaBuilder.Open();
    private readonly Guid _requestId = Guid.NewGuid();

    public when_the_ieeq_answers_a_countersignature_request() =>
        _asked.Then(new CountersignatureRequested(_asked.Id, _requestId, CountersignedAction.RegisterKiosk, "kiosco-3", "Kiosco de reemplazo",
            JornadaBuilder.Staff, Now));

    [Fact]
    public void an_auditor_grants_it_with_a_reason()
    {
        var granted = Decisions.Event<CountersignatureGranted>(CountersignEndpoint.Grant(_asked.Build(), _requestId, Because, JornadaBuilder.Auditor, Now));

        Assert.Equal((_requestId, "Verificado por teléfono con la delegación", JornadaBuilder.Auditor), (granted.RequestId, granted.Reason, granted.GrantedBy));
        var request = _asked.Then(granted).Build().FindCountersignature(_requestId)!;
        Assert.Equal((CountersignatureStatus.Granted, JornadaBuilder.Auditor), (request.Status, request.DecidedBy));
    }

    [Fact]
    public void an_auditor_denies_it_with_a_reason_and_the_action_stays_refused()
    {
        var denied = Decisions.Event<CountersignatureDenied>(CountersignEndpoint.Deny(_asked.Build(), _requestId, Because, JornadaBuilder.Auditor, Now));

        var jornada = _asked.Then(denied).Build();
        Assert.Equal(CountersignatureStatus.Denied, jornada.FindCountersignature(_requestId)!.Status);
        Assert.Equal("countersignature_required", Decisions.Refusal(RegisterKioskEndpoint.Decide(jornada, new RegisterKiosk("kiosco-3", "K3", "Lugar"), "h",
            JornadaBuilder.Staff, Now)));
    }

    [Fact]
    public void whoever_asked_cannot_answer_their_own_request()
    {
        var decision = CountersignEndpoint.Grant(_asked.Build(), _requestId, Because, JornadaBuilder.Staff.ToUpperInvariant(), Now);

        Assert.Equal("countersignature_same_person", Decisions.Refusal(decision));
        Assert.Equal(403, decision.Rejection!.Status);
    }

    [Fact]
    public void a_request_is_answered_once()
    {
        var granted = _asked.Then(Decisions.Event<CountersignatureGranted>(CountersignEndpoint.Grant(_asked.Build(), _requestId, Because, JornadaBuilder.Auditor, Now)));

        var again = CountersignEndpoint.Deny(granted.Build(), _requestId, Because, "otra@ieeq.test", Now);
        Assert.Equal("countersignature_already_decided", Decisions.Refusal(again));
        Assert.Equal($"Esta solicitud ya fue resuelta por {JornadaBuilder.Auditor}: otorgada, aún sin usar.", again.Rejection!.Detail);
    }

    [Fact]
    public void an_unknown_request_is_not_found() =>
        Assert.Equal("not_found", Decisions.Refusal(CountersignEndpoint.Grant(_asked.Build(), Guid.NewGuid(), Because, JornadaBuilder.Auditor, Now)));

    [Fact]
    public void after_the_close_a_request_is_no_longer_answered() =>
        Assert.Equal("jornada_closed", Decisions.Refusal(CountersignEndpoint.Grant(_asked.Closed().Build(), _requestId, Because, JornadaBuilder.Auditor, Now)));
}

public sealed class when_a_countersigned_action_is_taken
{
    private static readonly DateTimeOffset Now = JornadaBuilder.During;
    private static readonly RegisterKiosk Kiosk3 = new("kiosco-3", "Kiosco 3", "Mercado");

    [Fact]
    public void the_kiosk_records_the_grant_it_used_and_the_grant_is_spent()
    {
        var builder = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3");
        var grant = builder.Build().GrantFor(CountersignedAction.RegisterKiosk, Now, "kiosco-3")!;

        var registered = Decisions.Event<KioskRegistered>(RegisterKioskEndpoint.Decide(builder.Build(), Kiosk3, "h", JornadaBuilder.Staff, Now));

        Assert.Equal(grant.RequestId, registered.Countersignature);
        var after = builder.Then(registered).Build();
        Assert.Equal(CountersignatureStatus.Used, after.FindCountersignature(grant.RequestId)!.Status);
        Assert.Null(after.GrantFor(CountersignedAction.RegisterKiosk, Now, "kiosco-3"));
    }

    [Fact]
    public void a_grant_fixes_the_kiosks_name_and_place_and_one_recorded_before_them_fixes_its_id_only()
    {
        var builder = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3", kioskName: "Kiosco 3", kioskLocation: "Mercado");

        foreach (var other in new[] { Kiosk3 with { Location = "Bodega" }, Kiosk3 with { Name = "Kiosco 4" } })
        {
            var refused = RegisterKioskEndpoint.Decide(builder.Build(), other, "h", JornadaBuilder.Staff, Now);
            Assert.Equal("countersignature_mismatch", Decisions.Refusal(refused));
            Assert.Contains("con el nombre «Kiosco 3», en «Mercado»", refused.Rejection!.Detail);
            Assert.Contains("retire esa solicitud", refused.Rejection.Detail);
        }
        Decisions.Event<KioskRegistered>(RegisterKioskEndpoint.Decide(builder.Build(), Kiosk3 with { Name = " Kiosco 3 ", Location = "Mercado  " }, "h",
            JornadaBuilder.Staff, Now));

        // What looks the same is the same: capitals, a doubled space, an accent typed apart (NFD); kept as countersigned.
        var civic = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3", kioskName: "Kiosco 3", kioskLocation: "Centro Cívico");
        var typed = Decisions.Event<KioskRegistered>(RegisterKioskEndpoint.Decide(civic.Build(),
            Kiosk3 with { Name = "KIOSCO  3", Location = "Centro Ci\u0301vico" }, "h", JornadaBuilder.Staff, Now));
        Assert.Equal(("Kiosco 3", "Centro Cívico"), (typed.Name, typed.Location));

        var before = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3");
        Decisions.Event<KioskRegistered>(RegisterKioskEndpoint.Decide(before.Build(), Kiosk3 with { Location = "Bodega" }, "h", JornadaBuilder.Staff, Now));
    }

    [Fact]
    public void a_grant_for_another_kiosk_or_for_closing_does_not_register_this_one()
    {
        var other = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-9").WithCountersignature(CountersignedAction.CloseEarly);

        Assert.Equal("countersignature_required", Decisions.Refusal(RegisterKioskEndpoint.Decide(other.Build(), Kiosk3, "h", JornadaBuilder.Staff, Now)));
    }

    [Fact]
    public void a_pending_request_is_not_a_countersignature()
    {
        var builder = JornadaBuilder.Open();
        builder.Then(new CountersignatureRequested(builder.Id, Guid.NewGuid(), CountersignedAction.CloseEarly, null, "Lluvia", JornadaBuilder.Staff, Now));

        var refused = CloseJornadaEndpoint.Decide(builder.Build(), JornadaBuilder.Staff, Now);

        Assert.Equal("countersignature_required", Decisions.Refusal(refused));
        Assert.StartsWith($"La votación termina el {QueretaroTime.Format(builder.Build().VotingClosesAt)} (hora del centro de México): cerrarla antes " +
            "requiere la contrafirma", refused.Rejection!.Detail);
        // It names the request waiting for the IEEQ, instead of asking staff to request it again.
        Assert.Contains($"Ya se solicitó el {QueretaroTime.Format(Now)} (hora del centro de México) y espera la respuesta del IEEQ: cierre cuando el IEEQ la otorgue.", refused.Rejection.Detail);
        Assert.DoesNotContain("Solicítela", refused.Rejection.Detail);
        var kioskRefused = RegisterKioskEndpoint.Decide(builder.Build(), Kiosk3, "h", JornadaBuilder.Staff, Now).Rejection!;
        Assert.Contains("Solicítela indicando el motivo y registre el kiosco", kioskRefused.Detail); // that request was for closing
    }

    /// <summary>
    /// A grant withdrawn from one desk a moment before another desk closes with it, or a request the IEEQ denied: asked
    /// for the countersignature, staff are told what became of the last request, by whom and why.
    /// </summary>
    [Fact]
    public void a_withdrawn_grant_or_a_denied_request_is_named_when_the_countersignature_is_missing()
    {
        var builder = JornadaBuilder.Open();
        var close = Guid.NewGuid();
        var kiosk = Guid.NewGuid();
        builder.Then(new CountersignatureRequested(builder.Id, close, CountersignedAction.CloseEarly, null, "Lluvia", JornadaBuilder.Staff, Now))
            .Then(new CountersignatureGranted(builder.Id, close, "Procede", JornadaBuilder.Auditor, Now.AddMinutes(1)))
            .Then(new CountersignatureWithdrawn(builder.Id, close, "Ya no llueve", "otra.persona@municipio.test", Now.AddMinutes(2)))
            .Then(new CountersignatureRequested(builder.Id, kiosk, CountersignedAction.RegisterKiosk, "kiosco-3", "Reemplazo", JornadaBuilder.Staff, Now,
                "Kiosco 3", "Mercado"))
            .Then(new CountersignatureDenied(builder.Id, kiosk, "El mercado no tiene vigilancia", JornadaBuilder.Auditor, Now.AddMinutes(3)));

        var closeRefused = CloseJornadaEndpoint.Decide(builder.Build(), JornadaBuilder.Staff, Now.AddMinutes(4)).Rejection!;
        Assert.Equal("countersignature_required", closeRefused.Code);
        Assert.Contains($"La última solicitud para esto la retiró otra.persona@municipio.test el {QueretaroTime.Format(Now.AddMinutes(2))} " +
            "(hora del centro de México): «Ya no llueve», y ya no contrafirma nada. Si aún hace falta, solicítela de nuevo indicando el motivo y cierre", closeRefused.Detail);

        var kioskRefused = RegisterKioskEndpoint.Decide(builder.Build(), Kiosk3, "h", JornadaBuilder.Staff, Now.AddMinutes(4)).Rejection!;
        Assert.Equal("countersignature_required", kioskRefused.Code);
        Assert.Contains($"El IEEQ negó la última solicitud para esto ({JornadaBuilder.Auditor}, el {QueretaroTime.Format(Now.AddMinutes(3))}, " +
            "hora del centro de México): «El mercado no tiene vigilancia».", kioskRefused.Detail);
        // Another kiosk's story is not this one's.
        Assert.Contains("Solicítela indicando el motivo y registre el kiosco",
            RegisterKioskEndpoint.Decide(builder.Build(), Kiosk3 with { KioskId = "kiosco-4" }, "h", JornadaBuilder.Staff, Now.AddMinutes(4)).Rejection!.Detail);
    }

    /// <summary>
    /// The IEEQ countersigns an act for the reason given at that moment: a grant left unused for the afternoon let staff
    /// close hours later, for another reason, under it. Unused for two hours, it countersigns nothing, says so, and staff
    /// may ask again.
    /// </summary>
    [Fact]
    public void a_grant_unused_for_two_hours_countersigns_nothing_and_may_be_asked_again()
    {
        var builder = JornadaBuilder.Open().WithCountersignature(CountersignedAction.CloseEarly)
            .WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3", kioskName: "Kiosco 3", kioskLocation: "Mercado");
        var jornada = builder.Build();
        var expires = Now + Countersignature.GrantLifetime;

        Assert.NotNull(jornada.GrantFor(CountersignedAction.CloseEarly, expires.AddSeconds(-1)));
        Decisions.Event<JornadaClosed>(CloseJornadaEndpoint.Decide(jornada, JornadaBuilder.Staff, expires.AddSeconds(-1)));
        Decisions.Event<KioskRegistered>(RegisterKioskEndpoint.Decide(jornada, Kiosk3, "h", JornadaBuilder.Staff, expires.AddSeconds(-1)));

        var close = CloseJornadaEndpoint.Decide(jornada, JornadaBuilder.Staff, expires).Rejection!;
        var kiosk = RegisterKioskEndpoint.Decide(jornada, Kiosk3, "h", JornadaBuilder.Staff, expires.AddMinutes(30)).Rejection!;
        Assert.Equal(("countersignature_required", "countersignature_required"), (close.Code, kiosk.Code));
        Assert.Contains($"La contrafirma que otorgó {JornadaBuilder.Auditor} el 29/11/2020 11:00 venció sin usarse el 29/11/2020 13:00 " +
            "(hora del centro de México): una contrafirma vale 2 horas desde que el IEEQ la otorga. Si aún hace falta, solicítela de nuevo", close.Detail);
        Assert.Contains("venció sin usarse", kiosk.Detail);
        var grant = jornada.Countersignatures.First();
        Assert.Equal("Otorgada, aún sin usar (vale hasta el 29/11/2020 13:00, hora del centro de México)", Countersignatures.Label(jornada, grant, expires.AddSeconds(-1)));
        Assert.Equal("Otorgada, venció sin usarse el 29/11/2020 13:00 (hora del centro de México)", Countersignatures.Label(jornada, grant, expires));
        Assert.Equal(expires, CountersignatureView.From(jornada, grant, expires).GrantExpiresAt);
        Assert.Equal("countersignature_already_requested", Decisions.Refusal(RequestCountersignatureEndpoint.Decide(jornada,
            new RequestCountersignature(CountersignedAction.CloseEarly, null, "Sigue la tormenta"), Guid.NewGuid(), JornadaBuilder.Staff, expires.AddSeconds(-1))));
        Decisions.Event<CountersignatureRequested>(RequestCountersignatureEndpoint.Decide(jornada,
            new RequestCountersignature(CountersignedAction.CloseEarly, null, "Sigue la tormenta"), Guid.NewGuid(), JornadaBuilder.Staff, expires));
    }

    [Fact]
    public void an_early_close_records_its_grant_and_a_close_at_the_end_of_the_window_needs_none()
    {
        var builder = JornadaBuilder.Open().WithCountersignature(CountersignedAction.CloseEarly);
        var grant = builder.Build().GrantFor(CountersignedAction.CloseEarly, Now)!;

        var early = Decisions.Event<JornadaClosed>(CloseJornadaEndpoint.Decide(builder.Build(), JornadaBuilder.Staff, Now));
        var onTime = Decisions.Event<JornadaClosed>(CloseJornadaEndpoint.Decide(JornadaBuilder.Open().Build(), JornadaBuilder.Staff, JornadaBuilder.Closes));

        Assert.Equal(grant.RequestId, early.Countersignature);
        Assert.Null(onTime.Countersignature);
    }

    [Fact]
    public void the_close_seals_the_turnout_the_group_commits_recorded()
    {
        var builder = JornadaBuilder.Open();
        RecordedJornada.Vote(builder, 0, 5);

        var closed = Decisions.Event<JornadaClosed>(CloseJornadaEndpoint.Decide(builder.Build(), JornadaBuilder.Staff, JornadaBuilder.Closes));

        Assert.Equal(5, closed.Turnout!.ByColonia.Values.Sum());
        Assert.Equal(5, closed.Turnout.ByDelegacion.Values.Sum());
        Assert.Equal(closed.Seal.BallotCount, closed.Turnout.ByColonia.Values.Sum());
    }
}

public sealed class when_staff_withdraw_a_countersignature_request
{
    private static readonly DateTimeOffset Now = JornadaBuilder.During;
    private static readonly WithdrawCountersignature Because = new("  El kiosco irá a otro lugar  ");
    private static readonly RegisterKiosk Kiosk3 = new("kiosco-3", "Kiosco 3", "Mercado");

    private static Decision Withdraw(JornadaBuilder builder, Guid requestId) =>
        WithdrawCountersignatureEndpoint.Decide(builder.Build(), requestId, Because, JornadaBuilder.Staff, Now);

    [Fact]
    public void a_grant_withdrawn_countersigns_nothing_and_the_action_may_be_asked_again()
    {
        var builder = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3", kioskName: "Kiosco 3", kioskLocation: "Bodega");
        var requestId = builder.Build().Countersignatures.Single().RequestId;

        var withdrawn = Decisions.Event<CountersignatureWithdrawn>(Withdraw(builder, requestId));

        Assert.Equal((requestId, "El kiosco irá a otro lugar", JornadaBuilder.Staff, Now), (withdrawn.RequestId, withdrawn.Reason, withdrawn.WithdrawnBy, withdrawn.WithdrawnAt));
        var after = builder.Then(withdrawn).Build();
        var request = after.FindCountersignature(requestId)!;
        Assert.Equal((CountersignatureStatus.Withdrawn, JornadaBuilder.Auditor, JornadaBuilder.Staff), (request.Status, request.DecidedBy, request.WithdrawnBy));
        Assert.Null(after.GrantFor(CountersignedAction.RegisterKiosk, Now, "kiosco-3"));
        Assert.Equal("countersignature_required", Decisions.Refusal(RegisterKioskEndpoint.Decide(after, Kiosk3 with { Location = "Bodega" }, "h", JornadaBuilder.Staff, Now)));
        Decisions.Event<CountersignatureRequested>(RequestCountersignatureEndpoint.Decide(after,
            new RequestCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3", "Era el mercado", "Kiosco 3", "Mercado"), Guid.NewGuid(), JornadaBuilder.Staff, Now));
    }

    [Fact]
    public void a_pending_request_is_withdrawn_and_the_ieeq_no_longer_answers_it()
    {
        var builder = JornadaBuilder.Open();
        var requestId = Guid.NewGuid();
        builder.Then(new CountersignatureRequested(builder.Id, requestId, CountersignedAction.CloseEarly, null, "Lluvia", JornadaBuilder.Staff, Now));

        builder.Then(Decisions.Event<CountersignatureWithdrawn>(Withdraw(builder, requestId)));

        // The IEEQ is told who withdrew it, when and why (it was «resuelta por» nobody).
        var answered = CountersignEndpoint.Grant(builder.Build(), requestId, new("Sí"), JornadaBuilder.Auditor, Now);
        Assert.Equal("countersignature_withdrawn", Decisions.Refusal(answered));
        Assert.Equal($"{JornadaBuilder.Staff} retiró esta solicitud el {QueretaroTime.Format(Now)} (hora del centro de México): «El kiosco irá a otro lugar». " +
                     "Ya no hay nada que contrafirmar.", answered.Rejection!.Detail);
        Assert.Equal("countersignature_withdrawn", Decisions.Refusal(Withdraw(builder, requestId)));
    }

    [Fact]
    public void a_used_or_denied_request_or_one_after_the_close_is_not_withdrawn()
    {
        var used = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3");
        used.Then(Decisions.Event<KioskRegistered>(RegisterKioskEndpoint.Decide(used.Build(), Kiosk3, "h", JornadaBuilder.Staff, Now)));
        var denied = JornadaBuilder.Open();
        var deniedId = Guid.NewGuid();
        denied.Then(new CountersignatureRequested(denied.Id, deniedId, CountersignedAction.CloseEarly, null, "Lluvia", JornadaBuilder.Staff, Now),
            new CountersignatureDenied(denied.Id, deniedId, "No", JornadaBuilder.Auditor, Now));
        var closed = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3");
        var closedId = closed.Build().Countersignatures.Single().RequestId;

        Assert.Equal("countersignature_already_used", Decisions.Refusal(Withdraw(used, used.Build().Countersignatures.Single().RequestId)));
        Assert.Equal("countersignature_already_decided", Decisions.Refusal(Withdraw(denied, deniedId)));
        Assert.Equal("jornada_closed", Decisions.Refusal(Withdraw(closed.Closed(), closedId)));
        Assert.Equal("not_found", Decisions.Refusal(Withdraw(JornadaBuilder.Open(), Guid.NewGuid())));
    }
}

public sealed class when_the_ieeq_withdraws_a_grant_it_gave
{
    private static readonly DateTimeOffset Now = JornadaBuilder.During.AddMinutes(20);
    private const string OtherAuditor = "otra.auditora@ieeq.test";
    private static readonly WithdrawCountersignature Because = new("  Se otorgó para el kiosco equivocado  ");

    private static Decision Withdraw(JornadaBuilder builder, Guid requestId, DateTimeOffset? at = null) =>
        CountersignEndpoint.WithdrawGrant(builder.Build(), requestId, Because, OtherAuditor, at ?? Now);

    /// <summary>Staff's withdrawal and the IEEQ's share the command: its empty reason said «retira la solicitud» to the IEEQ withdrawing a grant.</summary>
    [Fact]
    public void an_empty_reason_is_asked_for_in_words_that_fit_a_request_and_a_grant() =>
        Assert.Equal("Escriba por qué la retira: queda en el registro.",
            Assert.Single(new WithdrawCountersignatureValidator().Validate(new WithdrawCountersignature(" ")).Errors).ErrorMessage);

    /// <summary>
    /// An auditor who granted by mistake waited two hours for the grant to expire, or asked staff to withdraw it: the IEEQ
    /// withdraws it, and the record says the IEEQ did (a person's name alone does not say in which capacity).
    /// </summary>
    [Fact]
    public void a_grant_the_ieeq_withdraws_countersigns_nothing_says_it_was_the_ieeq_and_may_be_asked_again()
    {
        var builder = JornadaBuilder.Open().WithCountersignature(CountersignedAction.CloseEarly);
        var requestId = builder.Build().Countersignatures.Single().RequestId;

        var byStaff = Decisions.Event<CountersignatureWithdrawn>(WithdrawCountersignatureEndpoint.Decide(builder.Build(), requestId, Because, JornadaBuilder.Staff, Now));

        var withdrawn = Decisions.Event<CountersignatureWithdrawn>(Withdraw(builder, requestId));

        Assert.Equal((requestId, "Se otorgó para el kiosco equivocado", OtherAuditor, Now, true),
            (withdrawn.RequestId, withdrawn.Reason, withdrawn.WithdrawnBy, withdrawn.WithdrawnAt, withdrawn.ByIeeq));
        Assert.Contains("byIeeq=b:true", JornadaRecord.Fields(withdrawn));
        var after = builder.Then(withdrawn).Build();
        var request = after.FindCountersignature(requestId)!;
        Assert.Equal((CountersignatureStatus.Withdrawn, true, JornadaBuilder.Auditor), (request.Status, request.WithdrawnByIeeq, request.DecidedBy));
        Assert.Equal("Otorgada y retirada por el IEEQ", Countersignatures.Label(after, request, Now));
        Assert.True(CountersignatureView.From(after, request, Now).WithdrawnByIeeq);
        Assert.Null(after.GrantFor(CountersignedAction.CloseEarly, Now));
        var close = CloseJornadaEndpoint.Decide(after, JornadaBuilder.Staff, Now).Rejection!;
        Assert.Equal("countersignature_required", close.Code);
        Assert.Contains($"El IEEQ retiró la contrafirma que había otorgado para esto ({OtherAuditor}, el {QueretaroTime.Format(Now)}, hora del centro de México): " +
            "«Se otorgó para el kiosco equivocado»", close.Detail);
        Decisions.Event<CountersignatureRequested>(RequestCountersignatureEndpoint.Decide(after,
            new RequestCountersignature(CountersignedAction.CloseEarly, null, "Ahora sí"), Guid.NewGuid(), JornadaBuilder.Staff, Now));
        // Staff's own withdrawal is chained as it always was: no byIeeq in its line.
        Assert.False(byStaff.ByIeeq);
        Assert.DoesNotContain("byIeeq", JornadaRecord.Fields(byStaff));
    }

    /// <summary>
    /// Granting or denying a request whose grant the IEEQ itself withdrew (another auditor's desk, still showing it)
    /// answered «{auditor} retiró esta solicitud», as if staff had: it says the IEEQ withdrew its grant, and that staff
    /// must ask again. Staff withdrawing it are told the same.
    /// </summary>
    [Fact]
    public void answering_or_withdrawing_a_request_whose_grant_the_ieeq_withdrew_says_the_ieeq_withdrew_it()
    {
        var builder = JornadaBuilder.Open().WithCountersignature(CountersignedAction.CloseEarly);
        var requestId = builder.Build().Countersignatures.Single().RequestId;
        builder.Then(Decisions.Event<CountersignatureWithdrawn>(Withdraw(builder, requestId)));
        var after = builder.Build();

        foreach (var answered in new[]
                 {
                     CountersignEndpoint.Grant(after, requestId, new("Sí"), "tercera.auditora@ieeq.test", Now),
                     CountersignEndpoint.Deny(after, requestId, new("No"), "tercera.auditora@ieeq.test", Now),
                     WithdrawCountersignatureEndpoint.Decide(after, requestId, new("Ya no"), JornadaBuilder.Staff, Now),
                 })
        {
            var refused = answered.Rejection!;
            Assert.Equal(("countersignature_withdrawn", 409, "Contrafirma retirada por el IEEQ"), (refused.Code, refused.Status, refused.Title));
            Assert.Equal($"El IEEQ retiró la contrafirma que había otorgado a esta solicitud ({OtherAuditor}, el {QueretaroTime.Format(Now)}, " +
                "hora del centro de México): «Se otorgó para el kiosco equivocado». Ya no contrafirma nada, y la solicitud ya no puede otorgarse, " +
                "negarse ni retirarse. Si aún hace falta, el personal municipal debe solicitar la contrafirma de nuevo, indicando el motivo, y el " +
                "IEEQ responderá esa nueva solicitud.", refused.Detail);
            Assert.DoesNotContain("retiró esta solicitud", refused.Detail);
        }
    }

    /// <summary>A request still waiting is the IEEQ's to deny, with its reason: there is no grant to withdraw.</summary>
    [Fact]
    public void a_pending_request_is_denied_by_the_ieeq_not_withdrawn()
    {
        var builder = JornadaBuilder.Open();
        var requestId = Guid.NewGuid();
        builder.Then(new CountersignatureRequested(builder.Id, requestId, CountersignedAction.CloseEarly, null, "Lluvia", JornadaBuilder.Staff, Now));

        var refused = Withdraw(builder, requestId).Rejection!;

        Assert.Equal(("countersignature_not_granted", 409), (refused.Code, refused.Status));
        Assert.Contains("niéguela indicando el motivo", refused.Detail);
    }

    [Fact]
    public void a_used_denied_or_withdrawn_grant_or_one_after_the_close_is_not_withdrawn_and_an_expired_one_is()
    {
        var used = JornadaBuilder.Open().WithCountersignature(CountersignedAction.CloseEarly);
        var usedId = used.Build().Countersignatures.Single().RequestId;
        used.Then(Decisions.Event<JornadaClosed>(CloseJornadaEndpoint.Decide(used.Build(), JornadaBuilder.Staff, Now)));
        var denied = JornadaBuilder.Open();
        var deniedId = Guid.NewGuid();
        denied.Then(new CountersignatureRequested(denied.Id, deniedId, CountersignedAction.CloseEarly, null, "Lluvia", JornadaBuilder.Staff, Now),
            new CountersignatureDenied(denied.Id, deniedId, "No", JornadaBuilder.Auditor, Now));
        var withdrawn = JornadaBuilder.Open().WithCountersignature(CountersignedAction.CloseEarly);
        var withdrawnId = withdrawn.Build().Countersignatures.Single().RequestId;
        withdrawn.Then(new CountersignatureWithdrawn(withdrawn.Id, withdrawnId, "Ya no", JornadaBuilder.Staff, Now));
        var closed = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3", kioskName: "Kiosco 3", kioskLocation: "Mercado");
        var closedId = closed.Build().Countersignatures.Single().RequestId;
        var expired = JornadaBuilder.Open().WithCountersignature(CountersignedAction.CloseEarly);

        Assert.Equal("countersignature_already_used", Decisions.Refusal(Withdraw(used, usedId)));
        Assert.Equal("countersignature_already_decided", Decisions.Refusal(Withdraw(denied, deniedId)));
        var again = Withdraw(withdrawn, withdrawnId).Rejection!;
        Assert.Equal("countersignature_withdrawn", again.Code);
        Assert.Contains($"{JornadaBuilder.Staff} ya retiró esta solicitud", again.Detail);
        Assert.Equal("jornada_closed", Decisions.Refusal(Withdraw(closed.Closed(), closedId)));
        Assert.Equal("not_found", Decisions.Refusal(Withdraw(JornadaBuilder.Open(), Guid.NewGuid())));
        // Expired unused: withdrawn all the same, to say in the record why it went unused (as staff may).
        Assert.True(Decisions.Event<CountersignatureWithdrawn>(Withdraw(expired, expired.Build().Countersignatures.Single().RequestId,
            JornadaBuilder.During + Countersignature.GrantLifetime + TimeSpan.FromMinutes(5))).ByIeeq);
    }
}

public sealed class what_a_countersignature_reads_after_the_close
{
    private static readonly DateTimeOffset Granted = JornadaBuilder.During; // 29/11/2020 11:00 in Querétaro, good until 13:00

    /// <summary>
    /// Nothing is countersigned once the vote is closed: a grant still within its two hours read «vale hasta el …», as if
    /// it could still be used. Past its two hours it reads expired, whether the Jornada closed before or after that.
    /// </summary>
    [Fact]
    public void after_the_close_a_grant_within_its_hours_says_it_can_no_longer_be_used_and_then_that_it_expired()
    {
        var jornada = JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3", kioskName: "Kiosco 3", kioskLocation: "Mercado")
            .Closed(Granted.AddMinutes(30)).Build();
        var grant = jornada.Countersignatures.Single();
        var closedAfterItExpired = JornadaBuilder.Open().WithCountersignature(CountersignedAction.CloseEarly).Closed().Certified().Build();

        var label = Countersignatures.Label(jornada, grant, Granted.AddHours(1));

        Assert.Equal("Otorgada, no se usó: la votación cerró el 29/11/2020 11:30 (hora del centro de México) y ya no se puede usar", label);
        Assert.Equal(label, CountersignatureView.From(jornada, grant, Granted.AddHours(1)).StatusLabel);
        Assert.Equal("Otorgada, venció sin usarse el 29/11/2020 13:00 (hora del centro de México)", Countersignatures.Label(jornada, grant, Granted + Countersignature.GrantLifetime));
        Assert.Equal("Otorgada, venció sin usarse el 29/11/2020 13:00 (hora del centro de México)",
            Countersignatures.Label(closedAfterItExpired, closedAfterItExpired.Countersignatures.Single(), JornadaBuilder.Closes.AddHours(1)));
    }

    [Fact]
    public void a_request_left_unanswered_says_the_ieeq_can_no_longer_answer_it()
    {
        var builder = JornadaBuilder.Open();
        builder.Then(new CountersignatureRequested(builder.Id, Guid.NewGuid(), CountersignedAction.CloseEarly, null, "Lluvia", JornadaBuilder.Staff, Granted));
        var jornada = builder.Closed().Build();

        Assert.Equal("Solicitada, sin respuesta del IEEQ: la votación cerró el 29/11/2020 18:00 (hora del centro de México)",
            Countersignatures.Label(jornada, jornada.Countersignatures.Single(), JornadaBuilder.Closes.AddHours(1)));
    }
}
