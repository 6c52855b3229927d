using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Voting;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>A Jornada created by mistake, withdrawn before it opens: what the decision allows and what a withdrawn Jornada refuses.</summary>
public sealed class when_a_jornada_is_withdrawn
{
    private static readonly WithdrawJornada Mistake = new("  Se creó por error: era una prueba.  ");

    /// <summary>Prepared with its ballot and a kiosk, then withdrawn by the decision.</summary>
    internal static JornadaBuilder WithdrawnBuilder()
    {
        var builder = JornadaBuilder.Preparing().WithOptions().WithKiosk(JornadaBuilder.Kiosk1);
        return builder.Then(Decisions.Event<JornadaWithdrawn>(WithdrawJornadaEndpoint.Decide(builder.Build(), Mistake, JornadaBuilder.Staff, JornadaBuilder.Before)));
    }

    private static Jornada Withdrawn() => WithdrawnBuilder().Build();

    [Fact]
    public void one_in_preparation_is_withdrawn_with_its_reason_trimmed_and_linked_in_its_record()
    {
        var preparing = JornadaBuilder.Preparing().WithOptions().Build();

        var withdrawn = Decisions.Event<JornadaWithdrawn>(WithdrawJornadaEndpoint.Decide(preparing, Mistake, JornadaBuilder.Staff, JornadaBuilder.Before));

        Assert.Equal(("Se creó por error: era una prueba.", JornadaBuilder.Staff), (withdrawn.Reason, withdrawn.WithdrawnBy));
        Assert.Equal(preparing.RecordLength + 1, withdrawn.Record!.Position);
        Assert.Equal(preparing.RecordHead, withdrawn.Record.PreviousHash);
        var after = preparing.Apply(withdrawn);
        Assert.Equal((JornadaStatus.Withdrawn, "Se creó por error: era una prueba."), (after.Status, after.WithdrawalReason));
        Assert.Equal("Retirada: no habrá votación", StatusLabels.For(after, JornadaBuilder.During));
    }

    [Fact]
    public void once_opened_or_of_a_process_or_already_withdrawn_it_is_refused()
    {
        Assert.Equal("jornada_already_opened", Decisions.Refusal(WithdrawJornadaEndpoint.Decide(JornadaBuilder.Open().Build(), Mistake, JornadaBuilder.Staff, JornadaBuilder.During)));
        Assert.Equal("jornada_already_opened", Decisions.Refusal(WithdrawJornadaEndpoint.Decide(JornadaBuilder.Open().Closed().Build(), Mistake, JornadaBuilder.Staff, JornadaBuilder.Closes)));
        var ofProcess = JornadaBuilder.Preparing().Build() with { ProcessId = Guid.NewGuid() };
        Assert.Equal("jornada_of_process", Decisions.Refusal(WithdrawJornadaEndpoint.Decide(ofProcess, Mistake, JornadaBuilder.Staff, JornadaBuilder.Before)));

        var again = WithdrawJornadaEndpoint.Decide(Withdrawn(), Mistake, JornadaBuilder.Staff, JornadaBuilder.Before);

        Assert.Equal("jornada_already_withdrawn", Decisions.Refusal(again));
        Assert.Contains($"la retiró {JornadaBuilder.Staff}", again.Rejection!.Detail);
        Assert.Contains("Motivo: «Se creó por error: era una prueba.»", again.Rejection.Detail);
    }

    [Fact]
    public void a_withdrawn_jornada_takes_no_ballot_and_no_change_and_never_opens()
    {
        var j = Withdrawn();

        Assert.Equal("jornada_withdrawn", j.CheckOpen(JornadaBuilder.During)!.Code);
        Assert.Equal("jornada_withdrawn", j.CheckOpen(JornadaBuilder.During, Ballots.BallotChannel.Online)!.Code);
        Assert.Contains("(motivo: Se creó por error: era una prueba.)", j.CheckOpen(JornadaBuilder.During)!.Detail);
        Assert.Equal("jornada_withdrawn", Decisions.Refusal(OpenJornadaEndpoint.Decide(j, null, JornadaBuilder.Staff, JornadaBuilder.Before)));
        Assert.Equal("jornada_withdrawn", Decisions.Refusal(SetBallotOptionsEndpoint.Decide(j, [JornadaBuilder.OptionB, JornadaBuilder.OptionA], "staff", JornadaBuilder.Staff, JornadaBuilder.Before)));
        Assert.Equal("jornada_withdrawn", Decisions.Refusal(RegisterKioskEndpoint.Decide(j, new RegisterKiosk("kiosco-9", "Kiosco 9", "Plaza"), "h", JornadaBuilder.Staff, JornadaBuilder.Before)));
        Assert.Equal("jornada_withdrawn", Decisions.Refusal(CloseKioskEndpoint.Decide(j, JornadaBuilder.Kiosk1, new CloseKiosk("Ya no"), JornadaBuilder.Staff, JornadaBuilder.Before)));
        Assert.Equal("jornada_withdrawn", Decisions.Refusal(CloseJornadaEndpoint.Decide(j, JornadaBuilder.Staff, JornadaBuilder.Closes)));
        Assert.Equal("jornada_withdrawn", Decisions.Refusal(PublishChosenProjectEndpoint.Decide(j, JornadaBuilder.Staff, JornadaBuilder.Closes)));
        Assert.True(StatusLabels.HoursOver(j, JornadaBuilder.Before));
    }
}

/// <summary>The withdrawal in the record's rules, as `verify`, the service's own check and verificar.html read them.</summary>
public sealed class when_a_withdrawn_jornadas_record_is_verified
{
    /// <summary>A process's Jornada with a withdrawal forged in after its creation, every link rebuilt: what the rules must refuse.</summary>
    internal static (Guid Id, List<ExportedFact> Record) ProcessJornadaWithdrawn()
    {
        var id = Guid.NewGuid();
        var territory = Territory.QueretaroTerritory.Plan2020;
        var process = JornadaBuilder.From(new JornadaCreated(id, JornadaBuilder.Title, JornadaBuilder.Opens, JornadaBuilder.Closes, Ballots.VoterIdKind.ClaveElector,
            territory.Delegaciones, territory.Colonias, Guid.NewGuid(), JornadaBuilder.Staff, JornadaBuilder.Before)).WithOptions();
        return (id, RecordedJornada.Rechained(id, [.. RecordedJornada.Facts(process),
            AuditRecords.Fact(new JornadaWithdrawn(id, "Por error", JornadaBuilder.Staff, JornadaBuilder.Before))]));
    }

    private static List<ExportedFact> Record(JornadaBuilder builder) => RecordedJornada.Facts(builder);

    private static JornadaBuilder WithdrawnBuilder() => when_a_jornada_is_withdrawn.WithdrawnBuilder();

    [Fact]
    public void a_withdrawal_before_the_opening_is_intact()
    {
        var builder = WithdrawnBuilder();

        var report = RecordVerifier.Verify(builder.Id, Record(builder));

        Assert.True(report.Intact, report.FirstBreak?.Reason);
        Assert.Equal("jornada_withdrawn", Record(builder)[^1].Type);
        Assert.Equal("reason=s:Se%20cre%C3%B3%20por%20error%3A%20era%20una%20prueba.;withdrawnBy=s:coordinacion%40municipio.test;withdrawnAt=t:2020-11-27T14:00:00.0000000Z",
            Record(builder)[^1].Fields);
    }

    /// <summary>Alone, as `verify --record` and verificar.html check it: intact with the withdrawal's hash noted, and complete.</summary>
    [Fact]
    public void alone_it_is_intact_with_its_noted_withdrawal_and_said_complete()
    {
        var builder = WithdrawnBuilder();
        var facts = Record(builder);

        var report = AuditVerifier.VerifyRecord(builder.Id, facts, noted: [facts[^1].Hash!, facts[0].Hash!]);

        Assert.True(report.Intact, report.FirstFinding);
        Assert.Equal($"El hash anotado {facts[^1].Hash} es el del evento {facts[^1].Position} del registro (retiro de la Jornada).", report.Anchors[0].Message);
        Assert.EndsWith("está completo.", AuditVerifier.RecordAloneEnd(report.Record!, facts[^1].Type));
    }

    [Fact]
    public void a_fact_after_the_withdrawal_or_a_withdrawal_after_the_opening_breaks_the_rules()
    {
        var builder = WithdrawnBuilder();
        var opened = RecordedJornada.Rechained(builder.Id, [.. Record(builder), AuditRecords.Fact(new JornadaOpened(builder.Id, JornadaBuilder.Staff, JornadaBuilder.Opens))]);

        var broken = RecordVerifier.Verify(builder.Id, opened).FirstBreak!;

        Assert.Equal("jornada_opened", broken.Type);
        Assert.Contains("la Jornada ya estaba retirada: después de su retiro el registro no admite nada más.", broken.Reason);

        var open = JornadaBuilder.Open();
        var late = RecordedJornada.Rechained(open.Id, [.. Record(open),
            AuditRecords.Fact(new JornadaWithdrawn(open.Id, "Tarde", JornadaBuilder.Staff, JornadaBuilder.During))]);
        var lateBreak = RecordVerifier.Verify(open.Id, late).FirstBreak!;
        Assert.Equal("jornada_withdrawn", lateBreak.Type);
        Assert.Contains("una Jornada se retira solo antes de abrir la votación.", lateBreak.Reason);
        var (processId, ofProcess) = ProcessJornadaWithdrawn();
        var processBreak = RecordVerifier.Verify(processId, ofProcess).FirstBreak!;
        Assert.Equal("jornada_withdrawn", processBreak.Type);
        Assert.Contains("la Jornada de un proceso no se retira.", processBreak.Reason);
    }
}
