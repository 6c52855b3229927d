using GobiernoAbierto.Committee;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Process;

namespace GobiernoAbierto.Tests.Unit;

internal static class Sessions
{
    public const string Secretaria = "secretaria@comite.test";

    public static RecordCommitteeSession Command(int number, IReadOnlyList<NewAgreement>? agreements = null,
        IReadOnlyList<AgreementUpdate>? updates = null, IReadOnlyList<SessionMember>? members = null) =>
        new(number, ProcessBuilder.Planned(Stages.SessionStage(number)), members ?? ProcessBuilder.Quorum, ["Fundación Merced", "Colegio de Ingenieros"],
            [new AgendaItem(ProcessBuilder.Accountability.Id, "Avance de la obra"), new AgendaItem(ProcessBuilder.PeaceCulture.Id, "Mesas con la sociedad civil")],
            $"  Minuta de la sesión {number}. ", agreements ?? [], updates ?? []);

    public static NewAgreement Agreement(string text, string? axisId = null) =>
        new($" {text} ", axisId ?? ProcessBuilder.Accountability.Id, " Secretaría de Obras Públicas ", new DateOnly(2021, 6, 30));

    public static Decision Record(ProcessBuilder process, RecordCommitteeSession command) =>
        RecordCommitteeSessionEndpoint.Decide(process.Build(), command, Secretaria, ProcessBuilder.On(Stages.SessionStage(command.Number)));

    /// <summary>Records the session through the rules and moves the process to the next stage.</summary>
    public static ProcessBuilder Held(this ProcessBuilder process, RecordCommitteeSession command) =>
        process.Then(Decisions.Event<CommitteeSessionHeld>(Record(process, command))).Advanced(Stages.SessionStage(command.Number) + 1);
}

public sealed class when_a_committee_session_is_recorded
{
    [Fact]
    public void a_session_with_quorum_records_its_agreements_numbered_by_session()
    {
        var process = ProcessBuilder.AtStage(Stage.SecondCommitteeSession);
        var command = Sessions.Command(2, [Sessions.Agreement("Publicar el avance de la obra"), Sessions.Agreement("Invitar a la sociedad civil", ProcessBuilder.PeaceCulture.Id)]);

        var held = Decisions.Event<CommitteeSessionHeld>(Sessions.Record(process, command));

        Assert.Equal((process.Id, 2, command.HeldOn, "Minuta de la sesión 2."), (held.ProcessId, held.Number, held.HeldOn, held.Minutes));
        Assert.Equal(command.Members, held.Members);
        Assert.Equal(command.Agenda, held.Agenda);
        Assert.Equal(command.InvitedOrganisations, held.InvitedOrganisations);
        Assert.Equal(
        [
            new Agreement("ACU-2-01", 2, "Publicar el avance de la obra", ProcessBuilder.Accountability.Id, "Secretaría de Obras Públicas", new DateOnly(2021, 6, 30), AgreementStatus.Pending),
            new Agreement("ACU-2-02", 2, "Invitar a la sociedad civil", ProcessBuilder.PeaceCulture.Id, "Secretaría de Obras Públicas", new DateOnly(2021, 6, 30), AgreementStatus.Pending),
        ], held.NewAgreements);
        var after = process.Then(held).Build();
        Assert.Equal(2, after.SessionsHeld);
        Assert.Equal(["ACU-2-01", "ACU-2-02"], after.Agreements.Select(a => a.Id));
    }

    [Fact]
    public void agreement_numbers_keep_two_digits_past_nine()
    {
        var agreements = Enumerable.Range(1, 10).Select(i => Sessions.Agreement($"Acuerdo {i}")).ToList();

        var held = Decisions.Event<CommitteeSessionHeld>(Sessions.Record(ProcessBuilder.AtStage(Stage.FirstCommitteeSession), Sessions.Command(1, agreements)));

        Assert.Equal(["ACU-1-01", "ACU-1-09", "ACU-1-10"], new[] { 0, 8, 9 }.Select(i => held.NewAgreements[i].Id));
    }

    public static TheoryData<string, SessionMember[]> WithoutQuorum => new()
    {
        { "sin presidente", [new(RecordCommitteeSessionEndpoint.SecretariaTecnica, "Secretaría"), new(RecordCommitteeSessionEndpoint.Vocal, "Vocal")] },
        { "sin secretaria", [new(RecordCommitteeSessionEndpoint.Presidente, "Presidencia"), new(RecordCommitteeSessionEndpoint.Vocal, "Vocal")] },
        { "solo vocales", [new(RecordCommitteeSessionEndpoint.Vocal, "Vocal 1"), new(RecordCommitteeSessionEndpoint.Vocal, "Vocal 2")] },
    };

    [Theory]
    [MemberData(nameof(WithoutQuorum))]
    public void without_the_presidente_and_the_secretaria_tecnica_there_is_no_quorum(string _, SessionMember[] members)
    {
        var decision = Sessions.Record(ProcessBuilder.AtStage(Stage.FirstCommitteeSession), Sessions.Command(1, members: members));

        Assert.Equal("no_quorum", Decisions.Refusal(decision));
        Assert.Equal(422, decision.Rejection!.Status);
    }

    [Fact]
    public void a_person_listed_twice_is_refused_since_the_record_cannot_be_corrected()
    {
        var twice = Sessions.Command(1, members: [.. ProcessBuilder.Quorum,
            new(RecordCommitteeSessionEndpoint.Vocal, $" {ProcessBuilder.Quorum[0].Name.ToUpperInvariant()} ")]);
        var refusal = Sessions.Record(ProcessBuilder.AtStage(Stage.FirstCommitteeSession), twice);
        Assert.Equal("member_listed_twice", Decisions.Refusal(refusal));
        Assert.Contains($"«{ProcessBuilder.Quorum[0].Name}» aparece 2 veces", refusal.Rejection!.Detail);
    }

    [Theory]
    [InlineData(RecordCommitteeSessionEndpoint.Presidente)]
    [InlineData(RecordCommitteeSessionEndpoint.SecretariaTecnica)]
    public void the_committee_has_one_presidente_and_one_secretaria_tecnica(string role)
    {
        var refusal = Sessions.Record(ProcessBuilder.AtStage(Stage.FirstCommitteeSession),
            Sessions.Command(1, members: [.. ProcessBuilder.Quorum, new(role, "Otra persona")]));

        Assert.Equal("role_held_twice", Decisions.Refusal(refusal));
        Assert.Equal(422, refusal.Rejection!.Status);
        Assert.Contains($"un solo cargo de {role}", refusal.Rejection.Detail);
    }

    [Fact]
    public void an_agreement_falls_due_on_or_after_its_session_and_within_five_years()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession);
        var day = ProcessBuilder.Planned(Stage.FirstCommitteeSession);
        Decision With(DateOnly due) => Sessions.Record(process, Sessions.Command(1, [Sessions.Agreement("Publicar el avance"), Sessions.Agreement("Licitar") with { DueOn = due }]));

        var before = With(day.AddDays(-1));
        Assert.Equal("agreement_due_out_of_range", Decisions.Refusal(before));
        Assert.Equal(422, before.Rejection!.Status);
        Assert.Contains($"El acuerdo nuevo 2 tiene fecha compromiso {day.AddDays(-1):dd/MM/yyyy}, antes de la sesión", before.Rejection.Detail);
        var farOff = With(day.AddYears(5).AddDays(1));
        Assert.Equal("agreement_due_out_of_range", Decisions.Refusal(farOff));
        Assert.Contains("más de 5 años después de la sesión: revise el año", farOff.Rejection!.Detail);

        Assert.Null(With(day).Rejection);
        Assert.Null(With(day.AddYears(5)).Rejection);
        Assert.Null(Sessions.Record(process, Sessions.Command(1, [Sessions.Agreement("Sin fecha") with { DueOn = null }])).Rejection);
    }

    [Fact]
    public void the_presidente_and_the_secretaria_tecnica_are_quorum_enough() =>
        Decisions.Event<CommitteeSessionHeld>(Sessions.Record(ProcessBuilder.AtStage(Stage.FirstCommitteeSession), Sessions.Command(1,
            members: [new(RecordCommitteeSessionEndpoint.Presidente, "Presidencia"), new(RecordCommitteeSessionEndpoint.SecretariaTecnica, "Secretaría")])));

    [Fact]
    public void agenda_items_and_agreements_sit_on_one_of_the_plan_axes()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession);
        var agenda = Sessions.Command(1) with { Agenda = [new AgendaItem("movilidad", "Ciclovías")] };
        var agreement = Sessions.Command(1, [Sessions.Agreement("Ciclovía en Encino", "movilidad")]);

        foreach (var command in new[] { agenda, agreement })
        {
            var decision = Sessions.Record(process, command);
            Assert.Equal("unknown_axis", Decisions.Refusal(decision));
            Assert.Equal(422, decision.Rejection!.Status);
            Assert.Contains($"{ProcessBuilder.Accountability.Id} ({ProcessBuilder.Accountability.Name})", decision.Rejection.Detail);
        }
    }

    [Fact]
    public void each_session_is_recorded_at_its_own_stage()
    {
        Assert.Equal("wrong_stage", Decisions.Refusal(Sessions.Record(ProcessBuilder.AtStage(Stage.FirstCommitteeSession), Sessions.Command(2))));
        Assert.Equal("wrong_stage", Decisions.Refusal(Sessions.Record(ProcessBuilder.AtStage(Stage.Convenio).WithConvenio(), Sessions.Command(1))));
        var refusal = Sessions.Record(ProcessBuilder.AtStage(Stage.SecondCommitteeSession), Sessions.Command(1));
        Assert.Equal("wrong_stage", Decisions.Refusal(refusal));
        Assert.Contains("«Primera sesión ordinaria del Comité de Gobierno Abierto»", refusal.Rejection!.Detail);
    }

    [Fact]
    public void a_session_is_recorded_once()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession);
        process.Then(Decisions.Event<CommitteeSessionHeld>(Sessions.Record(process, Sessions.Command(1))));

        Assert.Equal("session_already_recorded", Decisions.Refusal(Sessions.Record(process, Sessions.Command(1))));
    }

    /// <summary>
    /// A session cannot be corrected and residents read the follow-up in order: a date ahead of today, before the session
    /// it follows or before the convenio was published as typed (an outside walk-through recorded both).
    /// </summary>
    [Fact]
    public void a_session_is_dated_on_a_day_that_has_come_not_before_the_last_session_nor_the_convenio()
    {
        var first = ProcessBuilder.AtStage(Stage.FirstCommitteeSession);
        var convenio = first.Build().ConvenioSignedOn!.Value;
        var now = ProcessBuilder.On(Stage.FirstCommitteeSession); // 17:00 UTC: 11:00 in Querétaro, the same day
        var today = QueretaroTime.Today(now);
        RecordCommitteeSession On(int number, DateOnly day) => Sessions.Command(number) with { HeldOn = day };

        var ahead = RecordCommitteeSessionEndpoint.Decide(first.Build(), On(1, today.AddDays(1)), Sessions.Secretaria, now);
        Assert.Equal("session_in_the_future", Decisions.Refusal(ahead));
        Assert.Contains($"hoy es {today:dd/MM/yyyy} en Querétaro", ahead.Rejection!.Detail);
        var early = RecordCommitteeSessionEndpoint.Decide(first.Build(), On(1, convenio.AddDays(-1)), Sessions.Secretaria, now);
        Assert.Equal("session_before_the_convenio", Decisions.Refusal(early));
        Assert.Contains($"del {convenio:dd/MM/yyyy}", early.Rejection!.Detail);
        Assert.Null(RecordCommitteeSessionEndpoint.Decide(first.Build(), On(1, convenio), Sessions.Secretaria, now).Rejection);
        Assert.Null(RecordCommitteeSessionEndpoint.Decide(first.Build(), On(1, today), Sessions.Secretaria, now).Rejection);

        var second = first.Held(On(1, today.AddDays(-3)));
        var later = ProcessBuilder.On(Stage.SecondCommitteeSession);
        var before = RecordCommitteeSessionEndpoint.Decide(second.Build(), On(2, today.AddDays(-4)), Sessions.Secretaria, later);
        Assert.Equal("session_before_the_last", Decisions.Refusal(before));
        Assert.Contains("antes que la sesión ordinaria 1", before.Rejection!.Detail);
        Assert.Null(RecordCommitteeSessionEndpoint.Decide(second.Build(), On(2, today.AddDays(-3)), Sessions.Secretaria, later).Rejection);
    }

    [Fact]
    public void a_later_session_updates_agreements_still_open()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession)
            .Held(Sessions.Command(1, [Sessions.Agreement("Publicar el avance"), Sessions.Agreement("Licitar la obra")]));
        var update = new AgreementUpdate("ACU-1-02", AgreementStatus.InProgress, "Licitación publicada.");

        var held = Decisions.Event<CommitteeSessionHeld>(Sessions.Record(process, Sessions.Command(2, updates: [update])));

        Assert.Equal([update], held.AgreementUpdates);
        var agreements = process.Then(held).Build().Agreements;
        Assert.Equal([AgreementStatus.Pending, AgreementStatus.InProgress], agreements.Select(a => a.Status));
    }

    [Fact]
    public void only_existing_agreements_are_updated()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession).Held(Sessions.Command(1, [Sessions.Agreement("Publicar el avance")]));

        var unknown = Sessions.Record(process, Sessions.Command(2, updates: [new AgreementUpdate("ACU-1-07", AgreementStatus.Done, "Hecho.")]));
        Assert.Equal("unknown_agreement", Decisions.Refusal(unknown));
        Assert.Equal(422, unknown.Rejection!.Status);
        Assert.Contains("ACU-1-07", unknown.Rejection.Detail);

        var ofThisSession = Sessions.Command(2, [Sessions.Agreement("Nuevo acuerdo")], [new AgreementUpdate("ACU-2-01", AgreementStatus.Done, "Hecho.")]);
        Assert.Equal("unknown_agreement", Decisions.Refusal(Sessions.Record(process, ofThisSession)));
    }

    [Theory]
    [InlineData(AgreementStatus.Done, "cumplido")]
    [InlineData(AgreementStatus.Cancelled, "cancelado")]
    public void a_done_or_cancelled_agreement_is_not_updated_again(AgreementStatus closed, string said)
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession)
            .Held(Sessions.Command(1, [Sessions.Agreement("Publicar el avance")]))
            .Held(Sessions.Command(2, updates: [new AgreementUpdate("ACU-1-01", closed, "Cierre.")]));

        var decision = Sessions.Record(process, Sessions.Command(3, updates: [new AgreementUpdate("ACU-1-01", AgreementStatus.InProgress, "Se reabre.")]));

        Assert.Equal("agreement_closed", Decisions.Refusal(decision));
        Assert.Equal("El acuerdo ACU-1-01 ya está " + said + ".", decision.Rejection!.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void an_agreement_in_progress_goes_back_to_pending_only_with_a_note_saying_why(string note)
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession)
            .Held(Sessions.Command(1, [Sessions.Agreement("Publicar el avance")]))
            .Held(Sessions.Command(2, updates: [new AgreementUpdate("ACU-1-01", AgreementStatus.InProgress, "")]));

        var silent = Sessions.Record(process, Sessions.Command(3, updates: [new AgreementUpdate("ACU-1-01", AgreementStatus.Pending, note)]));

        Assert.Equal("agreement_back_to_pending_without_reason", Decisions.Refusal(silent));
        Assert.Equal(422, silent.Rejection!.Status);
        Assert.Contains("ACU-1-01", silent.Rejection.Detail);
        Assert.Null(Sessions.Record(process, Sessions.Command(3, updates: [new AgreementUpdate("ACU-1-01", AgreementStatus.Pending, "Se suspendió la obra.")])).Rejection);
        // On from pending: nothing to explain (still pending with nothing said is no follow-up: agreement_status_unchanged).
        var pending = ProcessBuilder.AtStage(Stage.FirstCommitteeSession).Held(Sessions.Command(1, [Sessions.Agreement("Publicar el avance")]));
        Assert.Null(Sessions.Record(pending, Sessions.Command(2, updates: [new AgreementUpdate("ACU-1-01", AgreementStatus.InProgress, note)])).Rejection);
    }

    /// <summary>
    /// Sent with the status it already has, an agreement was followed up as if the session had changed it («Sesión 3: En
    /// proceso» a second time). With nothing said that is refused; with a note it is what the session heard of it, and the
    /// history reads it as still in that status.
    /// </summary>
    [Theory]
    [InlineData(AgreementStatus.Pending, "", "Pendiente", "Sigue pendiente")]
    [InlineData(AgreementStatus.InProgress, "  ", "En proceso", "Sigue en proceso")]
    public void an_agreement_sent_with_the_status_it_has_takes_a_note_and_reads_as_one(AgreementStatus status, string blank, string label, string reads)
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession).Held(Sessions.Command(1, [Sessions.Agreement("Publicar el avance")]));
        if (status != AgreementStatus.Pending) process = process.Held(Sessions.Command(2, updates: [new AgreementUpdate("ACU-1-01", status, "Licitación publicada.")]));
        var next = process.Build().SessionsHeld + 1;

        var silent = Sessions.Record(process, Sessions.Command(next, updates: [new AgreementUpdate("ACU-1-01", status, blank)]));

        Assert.Equal("agreement_status_unchanged", Decisions.Refusal(silent));
        Assert.Equal(422, silent.Rejection!.Status);
        Assert.Equal($"El acuerdo ACU-1-01 ya está «{label}»: si la sesión no lo cambió, quítelo del seguimiento, o escriba en la nota lo que se informó de él.",
            silent.Rejection.Detail);
        var history = process.Held(Sessions.Command(next, updates: [new AgreementUpdate("ACU-1-01", status, "La dependencia informó que avanza.")]))
            .BuildFollowUp().Agreements.Single().History;
        Assert.Equal((reads, true, "La dependencia informó que avanza."), (history[^1].StatusText, history[^1].StatusUnchanged, history[^1].Note));
        Assert.All(history.SkipLast(1), step => Assert.False(step.StatusUnchanged));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void a_cancelled_agreement_says_why(string note)
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession).Held(Sessions.Command(1, [Sessions.Agreement("Publicar el avance")]));

        var silent = Sessions.Record(process, Sessions.Command(2, updates: [new AgreementUpdate("ACU-1-01", AgreementStatus.Cancelled, note)]));

        Assert.Equal("cancellation_without_reason", Decisions.Refusal(silent));
        Assert.Equal(422, silent.Rejection!.Status);
        Assert.Contains("ACU-1-01", silent.Rejection.Detail);
        Assert.Null(Sessions.Record(process, Sessions.Command(2, updates: [new AgreementUpdate("ACU-1-01", AgreementStatus.Cancelled, "Lo sustituye otro acuerdo.")])).Rejection);
        Assert.Null(Sessions.Record(process, Sessions.Command(2, updates: [new AgreementUpdate("ACU-1-01", AgreementStatus.InProgress, note)])).Rejection);
    }

    [Fact]
    public void an_agreement_is_updated_at_most_once_per_session()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession).Held(Sessions.Command(1, [Sessions.Agreement("Publicar el avance")]));
        var twice = Sessions.Command(2, updates:
        [
            new AgreementUpdate("ACU-1-01", AgreementStatus.InProgress, "En proceso."),
            new AgreementUpdate("ACU-1-01", AgreementStatus.Done, "Cumplido."),
        ]);

        var decision = Sessions.Record(process, twice);

        Assert.Equal("duplicate_agreement_update", decision.Rejection?.Code);
    }
}

public sealed class when_the_committee_follow_up_is_read
{
    [Fact]
    public void the_follow_up_starts_with_the_plan_axes_and_no_sessions()
    {
        var followUp = ProcessBuilder.AtStage(Stage.Convenio).BuildFollowUp();

        Assert.Equal([ProcessBuilder.Accountability, ProcessBuilder.PeaceCulture], followUp.Axes);
        Assert.Empty(followUp.Sessions);
        Assert.Empty(followUp.Agreements);
    }

    [Fact]
    public void every_agreement_keeps_its_history_from_session_to_session()
    {
        var process = ProcessBuilder.AtStage(Stage.FirstCommitteeSession)
            .Held(Sessions.Command(1, [Sessions.Agreement("Publicar el avance"), Sessions.Agreement("Licitar la obra")]))
            .Held(Sessions.Command(2, updates: [new AgreementUpdate("ACU-1-02", AgreementStatus.InProgress, "Licitación publicada.")]))
            .Held(Sessions.Command(3, [Sessions.Agreement("Informar a las colonias", ProcessBuilder.PeaceCulture.Id) with { DueOn = new DateOnly(2021, 9, 30) }],
                [new AgreementUpdate("ACU-1-02", AgreementStatus.Done, "Contrato firmado.")]));
        var (day1, day2, day3) = (Day(1), Day(2), Day(3));

        var followUp = process.BuildFollowUp();

        Assert.Equal([1, 2, 3], followUp.Sessions.Select(s => s.Number));
        Assert.Equal([["ACU-1-01", "ACU-1-02"], [], ["ACU-3-01"]], followUp.Sessions.Select(s => s.NewAgreementIds));
        Assert.Equal("Minuta de la sesión 2.", followUp.Sessions[1].Minutes);
        Assert.Equal(["ACU-1-01", "ACU-1-02", "ACU-3-01"], followUp.Agreements.Select(a => a.Id));
        Assert.Equal([new AgreementHistory(day1, 1, AgreementStatus.Pending, "Acuerdo tomado en sesión.")], followUp.Agreements[0].History);
        var licitar = followUp.Agreements[1];
        Assert.Equal((AgreementStatus.Done, "Licitar la obra", 1), (licitar.Status, licitar.Text, licitar.Session));
        Assert.Equal(
        [
            new AgreementHistory(day1, 1, AgreementStatus.Pending, "Acuerdo tomado en sesión."),
            new AgreementHistory(day2, 2, AgreementStatus.InProgress, "Licitación publicada."),
            new AgreementHistory(day3, 3, AgreementStatus.Done, "Contrato firmado."),
        ], licitar.History);
        Assert.Equal(followUp.Agreements.Select(a => (a.Id, a.Status)), process.Build().Agreements.Select(a => (a.Id, a.Status)));
    }

    private static DateOnly Day(int session) => ProcessBuilder.Planned(Stages.SessionStage(session));
}

/// <summary>
/// What an outside tester sent the session's API and saw published: an agenda item without a topic (its field misnamed),
/// a 900,000-character topic, blank and repeated invited organisations. Each is refused with what to write instead.
/// </summary>
public sealed class when_a_committee_session_is_validated
{
    private static readonly RecordCommitteeSessionValidator Validator = new();

    private static Dictionary<string, string> Errors(RecordCommitteeSession command) =>
        Validator.Validate(command).Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.First().ErrorMessage);

    [Fact]
    public void the_sample_session_is_valid() => Assert.Empty(Errors(Sessions.Command(1)));

    [Fact]
    public void an_agenda_item_needs_its_topic_and_its_axis()
    {
        var errors = Errors(Sessions.Command(1) with { Agenda = [new AgendaItem(ProcessBuilder.Accountability.Id, null!), new AgendaItem("", "Obra")] });

        Assert.Equal("Escriba el tema del punto del orden del día.", Assert.Single(errors, e => e.Key.StartsWith("Agenda[0]")).Value);
        Assert.Equal("Elija el eje del punto del orden del día.", Assert.Single(errors, e => e.Key.StartsWith("Agenda[1]")).Value);
    }

    [Fact]
    public void texts_that_are_published_have_a_length()
    {
        var command = Sessions.Command(1) with
        {
            Agenda = [new AgendaItem(ProcessBuilder.Accountability.Id, new string('a', 501))],
            InvitedOrganisations = [new string('b', 201)],
            AgreementUpdates = [new AgreementUpdate("ACU-1-01", AgreementStatus.InProgress, new string('c', 2001))],
        };

        var messages = Errors(command).Values.ToList();

        Assert.Contains("El tema de un punto del orden del día lleva hasta 500 caracteres.", messages);
        Assert.Contains("El nombre de una organización invitada lleva hasta 200 caracteres.", messages);
        Assert.Contains("La nota del seguimiento lleva hasta 2,000 caracteres.", messages);
    }

    [Fact]
    public void an_invited_organisation_is_named_and_named_once()
    {
        Assert.Contains("Escriba el nombre de la organización invitada, o quítela de la lista.",
            Errors(Sessions.Command(1) with { InvitedOrganisations = ["Infoqro", "   "] }).Values);
        Assert.Contains("«Infoqro» aparece dos veces entre las organizaciones invitadas: anote cada una una vez.",
            Errors(Sessions.Command(1) with { InvitedOrganisations = ["Infoqro", " infoqro "] }).Values);
        Assert.Empty(Errors(Sessions.Command(1) with { InvitedOrganisations = [] }));
    }
}
