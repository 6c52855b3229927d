using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Committee;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Territory;
using GobiernoAbierto.WorkProgress;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// Builds a participation process the way the event store does: by folding its stream's events through
/// ParticipationProcess.Create and Apply. The events are kept, so the same history folds into the committee follow-up
/// and the work-progress projections too.
/// </summary>
internal sealed class ProcessBuilder
{
    public const string Staff = JornadaBuilder.Staff;
    public const string Title = "Plan de Acción Municipal 2020-2021";

    public static readonly Axis Accountability = new("combate-corrupcion", "Combate a la Corrupción y Rendición de Cuentas en Obra Pública");
    public static readonly Axis PeaceCulture = new("cultura-de-paz", "Trabajo colaborativo con la sociedad civil para la Cultura de Paz");

    /// <summary>The Jornada falls on the day JornadaBuilder votes: 29/11/2020, a winter date (UTC-6 in every zone data).</summary>
    public static readonly DateOnly JornadaDay = DateOnly.FromDateTime(JornadaBuilder.Opens.UtcDateTime);

    public static readonly IReadOnlyList<CalendarEntry> Calendar =
    [
        new(Stage.FirstWorkTable, new DateOnly(2020, 10, 24), "Presentar y priorizar propuestas de obra."),
        new(Stage.SecondWorkTable, new DateOnly(2020, 11, 7), "Conocer la factibilidad y elegir las dos propuestas a votar."),
        new(Stage.Jornada, JornadaDay, "Votar el proyecto de obra."),
        new(Stage.Convenio, new DateOnly(2020, 12, 10), "Firmar el convenio de colaboración."),
        new(Stage.FirstCommitteeSession, new DateOnly(2021, 1, 28), "Primera sesión ordinaria."),
        new(Stage.SecondCommitteeSession, new DateOnly(2021, 4, 29), "Segunda sesión ordinaria."),
        new(Stage.ThirdCommitteeSession, new DateOnly(2021, 7, 29), "Tercera sesión ordinaria."),
        new(Stage.FourthCommitteeSession, new DateOnly(2021, 10, 28), "Cuarta sesión ordinaria."),
    ];

    public static readonly DateTimeOffset StartedAt = new(2020, 10, 1, 16, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<SessionMember> Quorum =
    [
        new(RecordCommitteeSessionEndpoint.Presidente, "Presidencia del Comité"),
        new(RecordCommitteeSessionEndpoint.Vocal, "Vocal ciudadana"),
        new(RecordCommitteeSessionEndpoint.SecretariaTecnica, "Secretaría Técnica"),
    ];

    private readonly List<object> _events = [];

    private ProcessBuilder()
    {
        Id = Guid.NewGuid();
        JornadaId = Guid.NewGuid();
        ShortlistedIds = [Guid.NewGuid(), Guid.NewGuid()];
        var territory = QueretaroTerritory.Plan2020;
        _events.Add(new ProcessStarted(Id, Title, territory.Delegaciones, territory.Colonias, [Accountability, PeaceCulture], Calendar,
            Staff, StartedAt));
    }

    public Guid Id { get; }

    /// <summary>The Jornada the shortlist creates (WithShortlist).</summary>
    public Guid JornadaId { get; }

    /// <summary>The proposals behind options A and B of the shortlist's Jornada.</summary>
    public IReadOnlyList<Guid> ShortlistedIds { get; }

    public IReadOnlyList<object> Events => _events;

    /// <summary>Option A of the Jornada won: the work the process confirms when it leaves the Jornada stage.</summary>
    public ChosenWork Work => new(JornadaId, "A", ShortlistedIds[0], JornadaBuilder.OptionA.Title, JornadaBuilder.OptionA.EstimatedCost);

    public static ProcessBuilder Started() => new();

    /// <summary>
    /// The process walked lawfully to the stage: before leaving each stage, what it is for has happened (the shortlist,
    /// the chosen work, the convenio, each committee session).
    /// </summary>
    public static ProcessBuilder AtStage(Stage stage)
    {
        var builder = Started();
        while (builder.Build().Stage < stage) builder.Leave();
        return builder;
    }

    private void Leave()
    {
        var stage = Build().Stage;
        if (stage == Stage.SecondWorkTable) WithShortlist();
        if (stage == Stage.Convenio) WithConvenio();
        if (stage.SessionNumber() is { } number) WithSession(number);
        if (stage == Stage.Jornada) Then(new JornadaResultPublished(Id, Work, Staff, On(Stage.Jornada)));
        Advanced(stage + 1);
        if (stage == Stage.Jornada) WithChosenWork();
    }

    /// <summary>A stage change as recorded, without asking the rules.</summary>
    public ProcessBuilder Advanced(Stage to) => Then(new StageAdvanced(Id, Build().Stage, to, Staff, On(to)));

    public ProcessBuilder WithShortlist() => Then(new ShortlistChosen(Id, JornadaId, ShortlistedIds, ProcessRanking.Rule, [], Staff, On(Stage.SecondWorkTable)));

    public ProcessBuilder WithChosenWork() => Then(new ChosenWorkConfirmed(Id, Work, Staff, On(Stage.Convenio)));

    public ProcessBuilder WithConvenio() => Then(new ConvenioSigned(Id, Calendar[3].PlannedOn,
        [new ConvenioParty("Municipio de Querétaro", "Municipio"), new ConvenioParty("Instituto Electoral del Estado de Querétaro", "IEEQ")],
        "Convenio de Colaboración", new string('c', 64), null, Staff, On(Stage.Convenio)));

    public ProcessBuilder WithSession(int number, IReadOnlyList<Agreement>? agreements = null, IReadOnlyList<AgreementUpdate>? updates = null)
    {
        var stage = Stages.SessionStage(number);
        return Then(new CommitteeSessionHeld(Id, number, Planned(stage), Quorum, ["Fundación Merced"],
            [new AgendaItem(Accountability.Id, "Seguimiento de la obra")], $"Minuta de la sesión {number}.", agreements ?? [], updates ?? [],
            Staff, On(stage)));
    }

    public ProcessBuilder WithProgress(int percent, decimal spent, DateOnly reportedOn) =>
        Then(new WorkProgressReported(Id, reportedOn, percent, spent, Build().ChosenWork!.Budget,
            [new Evidence("Estimación de obra", new string('e', 64), null)], "", Staff, On(Stage.Convenio)));

    /// <summary>
    /// The Jornada the shortlist created, as preparing: created for this process and territory with options A and B
    /// from the shortlisted proposals. Carry on with JornadaBuilder (kiosks, opening, ballots, publication).
    /// </summary>
    public JornadaBuilder Jornada() => JornadaBuilder.From(
        new JornadaCreated(JornadaId, $"Jornada de Participación — {Title}", JornadaBuilder.Opens, JornadaBuilder.Closes,
            VoterIdKind.ClaveElector, QueretaroTerritory.Plan2020.Delegaciones, QueretaroTerritory.Plan2020.Colonias, Id, Staff,
            JornadaBuilder.Before),
        new BallotOptionsSet(JornadaId,
            [JornadaBuilder.OptionA with { ProposalId = ShortlistedIds[0] }, JornadaBuilder.OptionB with { ProposalId = ShortlistedIds[1] }],
            "shortlist", Staff, JornadaBuilder.Before));

    public ProcessBuilder Then(params IEnumerable<object> events)
    {
        _events.AddRange(events);
        return this;
    }

    public ParticipationProcess Build() => Fold(_events);

    public CommitteeFollowUp BuildFollowUp() => FoldFollowUp(_events);

    public ChosenWorkProgress BuildProgress() => FoldProgress(_events);

    /// <summary>The planned day of a stage; a stage without one (Concluded) a week after the last session.</summary>
    public static DateOnly Planned(Stage stage) => Calendar.FirstOrDefault(c => c.Stage == stage)?.PlannedOn ?? Calendar[^1].PlannedOn.AddDays(7);

    /// <summary>17:00 UTC on the stage's planned day.</summary>
    public static DateTimeOffset On(Stage stage) => new(Planned(stage).ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero);

    public static ParticipationProcess Fold(IEnumerable<object> events) => Support.Fold.Into<ParticipationProcess>(events);

    public static CommitteeFollowUp FoldFollowUp(IEnumerable<object> events) =>
        Support.Fold.Into<CommitteeFollowUp>(events, typeof(CommitteeFollowUpProjection));

    public static ChosenWorkProgress FoldProgress(IEnumerable<object> events) =>
        Support.Fold.Into<ChosenWorkProgress>(events, typeof(ChosenWorkProgressProjection));
}
