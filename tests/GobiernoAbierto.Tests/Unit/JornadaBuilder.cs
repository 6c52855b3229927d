using GobiernoAbierto.Ballots;
using GobiernoAbierto.Voting;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tally;
using GobiernoAbierto.Territory;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// Builds a Jornada the way the event store does: by folding events through Jornada.Create and Jornada.Apply.
/// The events are kept, so the same history can be folded into the tally too.
/// </summary>
internal sealed class JornadaBuilder
{
    /// <summary>
    /// 08:00 in Querétaro on the day of the Jornada. A winter date, so it is UTC-6 both in the tz database (which
    /// still has daylight saving time before 2022) and in the service's fallback zone.
    /// </summary>
    public static readonly DateTimeOffset Opens = new(2020, 11, 29, 14, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Closes = Opens.AddHours(10);
    public static readonly DateTimeOffset During = Opens.AddHours(3);
    public static readonly DateTimeOffset Before = Opens.AddDays(-2);

    public const string Staff = "coordinacion@municipio.test";
    public const string Kiosk1 = "kiosco-1";

    /// <summary>Keys of a test secret, for the keyed hashes the decisions are given (a kiosk's credential).</summary>
    public static readonly Ballots.VoterKeys Keys = new(new byte[32]);

    /// <summary>The device of a kiosk opens its link with this credential, as the endpoint decides it.</summary>
    public static Decision ActivateKiosk(Jornada jornada, string kioskId, string credential, DateTimeOffset now) =>
        ActivateKioskEndpoint.Decide(jornada, kioskId, Keys.KioskDeviceHash(credential), KioskFingerprint.Of(credential), now);
    public const string Kiosk2 = "kiosco-2";
    public const string Title = "Jornada de Participación Félix Osores 2020";

    public static readonly BallotOption OptionA = new("A", "Pavimentación de la calle Encino", "Concreto hidráulico, 320 m.", 1_250_000m);
    public static readonly BallotOption OptionB = new("B", "Alumbrado del parque Loma Bonita", "Luminarias LED y cableado.", 830_000m);

    private readonly List<object> _events = [];

    private JornadaBuilder(VoterIdKind kind)
    {
        Id = Guid.NewGuid();
        var territory = QueretaroTerritory.Plan2020;
        Then(new JornadaCreated(Id, Title, Opens, Closes, kind, territory.Delegaciones, territory.Colonias,
            null, Staff, Before));
    }

    private JornadaBuilder(IEnumerable<object> history)
    {
        var events = history.ToList();
        Id = events.OfType<JornadaCreated>().Single().JornadaId;
        Then(events);
    }

    public Guid Id { get; }
    public IReadOnlyList<object> Events => _events;
    public IEnumerable<BallotCast> Ballots => _events.OfType<BallotCast>();

    public static JornadaBuilder Preparing(VoterIdKind kind = VoterIdKind.ClaveElector) => new(kind);

    /// <summary>A Jornada whose first events were decided elsewhere: a process's shortlist creates it with its options.</summary>
    public static JornadaBuilder From(params IEnumerable<object> history) => new(history);

    /// <summary>Preparing, with the two options set, kiosco-1 registered and online voting in the same window, then opened.</summary>
    public static JornadaBuilder Open(VoterIdKind kind = VoterIdKind.ClaveElector) =>
        Preparing(kind).WithOptions().WithKiosk(Kiosk1).WithOnlineVoting().Opened();

    public JornadaBuilder WithOnlineVoting(DateTimeOffset? closes = null) => Then(new OnlineChannelEnabled(Id, Opens, closes ?? Closes, Staff, Before));

    public JornadaBuilder WithOptions(params BallotOption[] options) =>
        Then(new BallotOptionsSet(Id, options.Length == 0 ? [OptionA, OptionB] : options, "staff", Staff, Before));

    public JornadaBuilder WithKiosk(string kioskId) =>
        Then(new KioskRegistered(Id, kioskId, $"Kiosco {kioskId}", "Centro comunitario", $"hash-of-{kioskId}", Staff, Before));

    public JornadaBuilder WithKioskClosed(string kioskId) => Then(new KioskClosed(Id, kioskId, Staff, During));

    public JornadaBuilder WithVoterRoll(int entries = 100) =>
        Then(new VoterRollLoaded(Id, entries, new string('d', 64), Staff, Before));

    public JornadaBuilder Opened() => Then(new JornadaOpened(Id, Staff, Opens));

    public JornadaBuilder WithOnlineBallots(params string[] optionIds) => WithBallots(BallotChannel.Online, null, optionIds);

    public JornadaBuilder WithKioskBallots(string kioskId, params string[] optionIds) =>
        WithBallots(BallotChannel.Kiosk, kioskId, optionIds);

    /// <summary>Ballots chained after the current head, as a group commit would append them.</summary>
    private JornadaBuilder WithBallots(BallotChannel channel, string? kioskId, string[] optionIds)
    {
        foreach (var option in optionIds)
        {
            var current = Build();
            var position = current.BallotCount + 1;
            var receipt = ReceiptCode.New();
            var hash = BallotChain.Hash(Id, position, option, channel.Code(), kioskId, receipt, current.ChainHead);
            Then(new BallotCast(Id, position, option, channel, kioskId, receipt, current.ChainHead, hash));
        }
        return this;
    }

    /// <summary>Closed with the seal worked out from this builder's own ballot events, not from the aggregate.</summary>
    public JornadaBuilder Closed(DateTimeOffset? at = null)
    {
        var ballots = Ballots.ToList();
        var options = _events.OfType<BallotOptionsSet>().Last().Options;
        var seal = new JornadaSeal(ballots.Count, ballots.Count == 0 ? BallotChain.Genesis : ballots[^1].Hash,
            options.ToDictionary(o => o.Id, o => (long)ballots.Count(b => b.OptionId == o.Id)));
        return Then(new JornadaClosed(Id, seal, Staff, at ?? Closes));
    }

    public JornadaBuilder Certified() =>
        Then(new TallyCertified(Id, _events.OfType<JornadaClosed>().Last().Seal.FinalHash, "auditor@ieeq.test", null, Closes.AddDays(1)));

    public JornadaBuilder Published(string optionId) =>
        Then(new ChosenProjectPublished(Id, optionId, optionId, Staff, Closes.AddDays(2)));

    public const string Auditor = "auditora@ieeq.test";

    /// <summary>
    /// Staff asked for the IEEQ's countersignature of this action and an auditor granted it. A kiosk's request without a
    /// name and place is one recorded before they were asked (its grant fixes the id only).
    /// </summary>
    public JornadaBuilder WithCountersignature(CountersignedAction action, string? kioskId = null, DateTimeOffset? at = null,
        string? kioskName = null, string? kioskLocation = null)
    {
        var requestId = Guid.NewGuid();
        return Then(new CountersignatureRequested(Id, requestId, action, kioskId, "Motivo de la prueba", Staff, at ?? During, kioskName, kioskLocation),
            new CountersignatureGranted(Id, requestId, "Visto bueno de la prueba", Auditor, at ?? During));
    }

    /// <summary>
    /// Appends the events; a fact of the record that no decision linked yet is linked here after the record's head, as
    /// Jornada.Record would have, so every built history is a record that verifies.
    /// </summary>
    public JornadaBuilder Then(params IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            if (e is JornadaRecordEvent { Record: null } && _events.Count > 0 && Fold(_events) is { } state)
                _events.AddRange(JornadaRecord.Link(Id, state.RecordLength, state.RecordHead, [e]));
            else if (e is JornadaRecordEvent { Record: null } && _events.Count == 0)
                _events.AddRange(JornadaRecord.Link(((JornadaCreated)e).JornadaId, 0, JornadaRecord.Genesis, [e]));
            else _events.Add(e);
        }
        return this;
    }

    public Jornada Build() => Fold(_events);

    public JornadaTally BuildTally() => FoldTally(_events);

    public static Jornada Fold(IEnumerable<object> events) => Support.Fold.Into<Jornada>(events);

    public static JornadaTally FoldTally(IEnumerable<object> events) => JornadaTally.Of(Support.Fold.Into<Jornada>(events));
}
