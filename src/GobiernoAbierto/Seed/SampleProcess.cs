using System.Runtime.CompilerServices;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Ballots;
using GobiernoAbierto.Committee;
using GobiernoAbierto.Convenio;
using GobiernoAbierto.Credentials;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Shortlist;
using GobiernoAbierto.Territory;
using GobiernoAbierto.Voting;
using GobiernoAbierto.WorkProgress;
using GobiernoAbierto.WorkTables;
using static GobiernoAbierto.Seed.Queretaro2020Plan;

namespace GobiernoAbierto.Seed;

/// <summary>
/// Walks the Querétaro 2020-2021 plan (Queretaro2020Plan) through every stage, from the first work table on 01/10/2020 to
/// the fourth committee session on 21/09/2021, so the public read models show a whole process. Every step is the command
/// an endpoint would receive, validated as the HTTP pipeline validates it, decided by the same pure decision at its
/// historic instant and appended like Wolverine appends; a refused step stops start-up with the rule's answer.
/// Loaded once per database: ProcessId is fixed.
/// </summary>
public sealed class SampleProcess(IDocumentStore store, GroupCommit groupCommit, VoterKeys voterKeys, IServiceProvider services,
    ILogger logger, CancellationToken cancellation)
{
    private readonly SampleSteps steps = new(store, services, cancellation);

    public static Guid ProcessId => Queretaro2020Plan.ProcessId;

    private const string By = SampleSteps.By;

    private const string Ieeq = SampleSteps.IeeqBy;

    /// <summary>Loads the process unless this database has it already; true when it loaded it now.</summary>
    public async Task<bool> LoadAsync()
    {
        await using (var query = store.QuerySession())
        {
            if (await query.Events.FetchStreamStateAsync(ProcessId, cancellation) is not null)
            {
                if (await query.LoadAsync<ProcessTimeline>(ProcessId, cancellation) is { CurrentStage: not Stage.Concluded } partial)
                    logger.LogWarning("The sample process {ProcessId} stopped at «{Stage}» while loading; recreate the database to load it whole",
                        ProcessId, partial.CurrentStageLabel);
                return false;
            }
        }

        var tables = await FirstWorkTableAsync();
        var jornadaId = await SecondWorkTableAsync(tables);
        await JornadaAsync(jornadaId);
        await ConvenioAsync();
        await CommitteeAsync();
        return true;
    }

    private sealed record SeatedTable(Guid Id, IReadOnlyList<Guid> Seats);

    /// <summary>The ids the first table produced: tables (and their participants, by seat) by number, proposals by key.</summary>
    private sealed record Seated(Dictionary<int, SeatedTable> Tables, Dictionary<string, Guid> Proposals)
    {
        /// <summary>The participant in that seat of the table where the proposal was presented.</summary>
        public Guid Participant(string proposalKey, int seat) => Tables[ProposalPlans.Single(p => p.Key == proposalKey).Table].Seats[seat];
    }

    /// <summary>01/10/2020: the process starts; 8 tables of 9 present and deliberate proposals, one is withdrawn, all endorse.</summary>
    private async Task<Seated> FirstWorkTableAsync()
    {
        var start = Validated(new StartProcess(Title, QueretaroTerritory.Plan2020.Delegaciones, QueretaroTerritory.Plan2020.Colonias,
            [PublicWorks, CultureOfPeace], Calendar));
        await StartAsync<ParticipationProcess>(ProcessId, StartProcessEndpoint.Decide(start, ProcessId, By, At(2020, 10, 1, 9)));

        var seated = new Seated([], []);
        for (var number = 1; number <= Tables; number++)
        {
            var delegacion = QueretaroTerritory.Plan2020.FindDelegacion(DelegacionOf(number))!;
            var convene = Validated(new ConveneWorkTable(number, $"Mesa virtual {number} — Delegación {delegacion.Name}", TableMode.Virtual, Seats,
                At(2020, 10, 1, 17)));
            var tableId = NewId();
            var existing = await ReadAsync(s => s.Query<WorkTable>().Where(t => t.ProcessId == ProcessId).Select(t => t.Number).ToListAsync(cancellation));
            var process = await ReadAsync(s => s.LoadAsync<ParticipationProcess>(ProcessId, cancellation));
            await StartAsync<WorkTable>(tableId, ConveneWorkTableEndpoint.Decide(process!, existing, convene, tableId, By, At(2020, 10, 1, 10)));
            seated.Tables[number] = new SeatedTable(tableId, await SeatAsync(tableId, number, delegacion.Id));
        }

        foreach (var p in ProposalPlans)
        {
            var submit = Validated(new SubmitProposal(seated.Participant(p.Key, p.AuthorSeat), p.Title, p.Description, p.ColoniaId, p.Category, p.RoughCost));
            var id = NewId();
            var (process, table) = (await ProcessAsync(), await ReadAsync(s => s.LoadAsync<WorkTable>(seated.Tables[p.Table].Id, cancellation)));
            await StartAsync<Proposal>(id, SubmitProposalEndpoint.Decide(process, table!, submit, id, By, At(2020, 10, 1, 17, 30)));
            seated.Proposals[p.Key] = id;
        }

        await DeliberateAsync(Stage.FirstWorkTable, At(2020, 10, 1, 18), seated);

        var withdrawn = ProposalPlans.Single(p => p.Key == Withdrawn);
        var withdraw = Validated(new WithdrawProposal(seated.Participant(Withdrawn, withdrawn.AuthorSeat), WithdrawalReason));
        await DecideAsync<Proposal>(seated.Proposals[Withdrawn], async (proposal, _) =>
            WithdrawProposalEndpoint.Decide(await ProcessAsync(), proposal, withdraw, By, At(2020, 10, 1, 18, 30)));

        foreach (var (number, table) in seated.Tables)
        {
            var seat = 0;
            foreach (var p in ProposalPlans.Where(p => p.Table == number))
                for (var i = 0; i < p.Endorsers; i++, seat++)
                {
                    var endorse = Validated(new EndorseProposal(table.Seats[seat % Seats], seated.Proposals[p.Key]));
                    await DecideAsync<WorkTable>(table.Id, async (workTable, session) => EndorseProposalEndpoint.Decide(await ProcessAsync(), workTable,
                        await session.LoadAsync<Proposal>(endorse.ProposalId, cancellation), (await session.LoadAsync<ProcessRanking>(ProcessId, cancellation))!,
                        endorse, By, At(2020, 10, 1, 19)));
                }
        }
        return seated;
    }

    private async Task<IReadOnlyList<Guid>> SeatAsync(Guid tableId, int number, string delegacionId)
    {
        var colonias = QueretaroTerritory.Plan2020.Colonias.Where(c => c.DelegacionId == delegacionId).ToList();
        var seats = new List<Guid>();
        for (var seat = 0; seat < Seats; seat++)
        {
            var n = (number - 1) * Seats + seat;
            var name = $"{FirstNames[n % FirstNames.Length]} {Initials[(n * 5 + n / FirstNames.Length) % Initials.Length]}.";
            var command = Validated(new SeatParticipant(name, colonias[n % colonias.Count].Id));
            var participantId = NewId();
            await DecideAsync<WorkTable>(tableId, async (table, _) =>
                SeatParticipantEndpoint.Decide(await ProcessAsync(), table, command, participantId, By, At(2020, 10, 1, 17)));
            seats.Add(participantId);
        }
        return seats;
    }

    private async Task DeliberateAsync(Stage stage, DateTimeOffset at, Seated seated)
    {
        foreach (var (_, key, seat, stance, text) in Deliberation.Where(d => d.Stage == stage))
        {
            var participant = seated.Participant(key, seat);
            await DecideAsync<Proposal>(seated.Proposals[key], async (proposal, session) =>
            {
                var table = (await session.LoadAsync<WorkTable>(proposal.TableId, cancellation))!;
                return stance is { } said
                    ? RecordArgumentEndpoint.Decide(await ProcessAsync(), table, proposal, Validated(new RecordArgument(participant, said, text)), By, at)
                    : RecordCommentEndpoint.Decide(await ProcessAsync(), table, proposal, Validated(new RecordComment(participant, text)), By, at);
            });
        }
    }

    /// <summary>08/10/2020: the duplicate is merged, the feasibility studies are presented, the ranking rule picks the two to vote on.</summary>
    private async Task<Guid> SecondWorkTableAsync(Seated seated)
    {
        await AdvanceAsync(Stage.SecondWorkTable, At(2020, 10, 8, 17));

        var merge = Validated(new MergeProposal(seated.Proposals[Survivor], MergeReason));
        await DecideAsync<Proposal>(seated.Proposals[Duplicate], async (duplicate, session) =>
        {
            var ranking = await session.LoadAsync<ProcessRanking>(ProcessId, cancellation);
            var endorsers = ranking?.Entries.FirstOrDefault(e => e.ProposalId == duplicate.Id)?.Endorsers ?? [];
            return MergeProposalEndpoint.Decide(await ProcessAsync(), duplicate, await session.LoadAsync<Proposal>(merge.IntoProposalId, cancellation),
                endorsers, merge, By, At(2020, 10, 8, 17, 10));
        }, otherStream: merge.IntoProposalId);

        foreach (var p in ProposalPlans.Where(p => p.Study is not null))
        {
            var study = Validated(p.Study!);
            await DecideAsync<Proposal>(seated.Proposals[p.Key], async (proposal, _) =>
                RecordFeasibilityStudyEndpoint.Decide(await ProcessAsync(), proposal, study, By, At(2020, 10, 8, 17, 30)));
        }
        await DeliberateAsync(Stage.SecondWorkTable, At(2020, 10, 8, 18), seated);

        // No ids: the ranking rule chooses (ProcessRanking.Rule), and the Jornada it creates is the one on the calendar, 08:00-18:00.
        var choose = Validated(new ChooseShortlist(null, null, null));
        var jornadaId = NewId();
        await DecideAsync<ParticipationProcess>(ProcessId, async (process, session) =>
        {
            var ranking = (await session.LoadAsync<ProcessRanking>(ProcessId, cancellation))!;
            var proposals = (await session.LoadManyAsync<Proposal>(cancellation, ranking.Entries.Select(e => e.ProposalId))).ToDictionary(p => p.Id);
            return ChooseShortlistEndpoint.Decide(process, ranking, proposals, choose, jornadaId, By, At(2020, 10, 8, 19));
        }, otherStream: jornadaId, startsOtherStreamOf: typeof(Jornada));
        return jornadaId;
    }

    /// <summary>18/10/2020: a kiosk in each delegación and the online portal; IEEQ verifies and certifies; staff publish the winner.</summary>
    private async Task JornadaAsync(Guid jornadaId)
    {
        var codes = await OnlineVotingAsync(jornadaId); // the day before, so the record reads forward
        await AdvanceAsync(Stage.Jornada, At(2020, 10, 18, 7));
        foreach (var kiosk in JornadaKiosks)
            await DecideAsync<Jornada>(jornadaId, (jornada, _) => Task.FromResult(RegisterKioskEndpoint.Decide(jornada, Validated(kiosk),
                voterKeys.KioskLinkHash(KioskCredential.NewToken()), By, At(2020, 10, 18, 7, 30))));
        var devices = JornadaKiosks.ToDictionary(k => k.KioskId, _ => KioskCredential.NewToken());
        foreach (var kiosk in JornadaKiosks) // each kiosk's device opens its link where it stands
            await DecideAsync<Jornada>(jornadaId, (jornada, _) => Task.FromResult(ActivateKioskEndpoint.Decide(jornada, kiosk.KioskId,
                voterKeys.KioskDeviceHash(devices[kiosk.KioskId]), KioskFingerprint.Of(devices[kiosk.KioskId]), At(2020, 10, 18, 7, 45))));
        foreach (var kiosk in JornadaKiosks) // the IEEQ's observer at each one types the fingerprint its screen shows
            await DecideAsync<Jornada>(jornadaId, (jornada, _) => Task.FromResult(AuthorizeKioskEndpoint.Decide(jornada, kiosk.KioskId,
                KioskFingerprint.Of(devices[kiosk.KioskId]), Ieeq, At(2020, 10, 18, 7, 50))));
        await DecideAsync<Jornada>(jornadaId, async (jornada, _) => OpenJornadaEndpoint.Decide(jornada, await ProcessAsync(), By, At(2020, 10, 18, 8)));
        await CastBallotsAsync(jornadaId, codes);
        var urn = services.GetRequiredService<SealedUrn>();
        await DecideAsync<Jornada>(jornadaId, (jornada, session) =>
            CloseJornadaEndpoint.DecideWithUrnAsync(jornada, session, urn, By, At(2020, 10, 18, 18), cancellation), exclusive: true);
        var certify = Validated(new CertifyTally(await VerifiedFinalHashAsync(jornadaId), "Cadena de boletas verificada sin incidencias (ejemplo).", ExportVerified: true));
        await DecideAsync<Jornada>(jornadaId, (jornada, _) => Task.FromResult(CertifyTallyEndpoint.Decide(jornada, certify, Ieeq, At(2020, 10, 18, 21))));
        await DecideAsync<Jornada>(jornadaId, (jornada, _) => Task.FromResult(PublishChosenProjectEndpoint.Decide(jornada, By, At(2020, 10, 19, 10))),
            otherStream: ProcessId);
    }

    /// <summary>
    /// 17/10/2020: online voting on the Jornada's day, a roll of the residents who will vote (with their colonias) and one
    /// voting code each, issued by the IEEQ as credential authority. The codes are returned to cast the online ballots.
    /// </summary>
    private async Task<Dictionary<int, string>> OnlineVotingAsync(Guid jornadaId)
    {
        var online = Validated(new EnableOnlineVoting(At(2020, 10, 18, 8), At(2020, 10, 18, 18)));
        await DecideAsync<Jornada>(jornadaId, (jornada, _) => Task.FromResult(EnableOnlineVotingEndpoint.Decide(jornada, online, By, At(2020, 10, 17, 9))));

        var tables = services.GetRequiredService<VotingTables>();
        var colonias = QueretaroTerritory.Plan2020.Colonias;
        var roll = Enumerable.Range(0, BallotCount).Select(i =>
        {
            var clave = ClaveDeElector(i);
            return new RollEntry(voterKeys.VoterKey(jornadaId, clave), colonias[i * 11 % colonias.Count].Id, i + 2, clave[^4..]);
        }).ToList();
        await DecideAsync<Jornada>(jornadaId, async (jornada, session) =>
        {
            var decision = LoadVoterRollEndpoint.Decide(jornada, roll, coloniasFromRoll: true, By, At(2020, 10, 17, 10));
            if (decision.Accepted) await tables.ReplaceRollAsync(session.Connection!, jornadaId, roll, cancellation);
            return decision;
        }, exclusive: true);

        IReadOnlyList<IssuedCode> issued = [];
        await DecideAsync<Jornada>(jornadaId, async (jornada, session) =>
        {
            (var decision, issued) = await IssueVotingCodesEndpoint.IssueAsync(jornada, session.Connection!, tables, voterKeys, Ieeq,
                At(2020, 10, 17, 12), cancellation);
            return decision;
        }, exclusive: true);
        return issued.ToDictionary(c => c.Entry.Folio!.Value - 2, c => c.Code);
    }

    /// <summary>
    /// The ballot endpoint only takes ballots now, through the live ballot box; historic ones pass the same rules
    /// (BallotRules.Check, the voting code for online ones), are built as CastBallotEndpoint builds them, and are written
    /// by the same group commit at their historic instant.
    /// </summary>
    private async Task CastBallotsAsync(Guid jornadaId, IReadOnlyDictionary<int, string> codes)
    {
        var colonias = QueretaroTerritory.Plan2020.Colonias;
        var perCommit = BallotCount / BallotCommits.Length;
        for (var commit = 0; commit < BallotCommits.Length; commit++)
        {
            var now = BallotCommits[commit];
            var jornada = (await ReadAsync(s => s.LoadAsync<Jornada>(jornadaId, cancellation)))!;
            var pending = new List<PendingBallot>();
            for (var i = commit * perCommit; i < (commit + 1) * perCommit; i++)
            {
                var colonia = colonias[i * 11 % colonias.Count];
                (BallotChannel Channel, string? KioskId) via = i % 3 == 0 ? (BallotChannel.Online, null) : (BallotChannel.Kiosk, KioskFor(colonia.DelegacionId));
                var (ballot, rejection) = BallotRules.Check(jornada, now, ClaveDeElector(i), colonia.Id, i % 5 < 3 ? "A" : "B", via.Channel, via.KioskId,
                    ieeqAuthorizesKiosks: true);
                if (rejection is not null) throw Refused("BallotRules.Check", rejection);
                var voterKey = voterKeys.VoterKey(jornadaId, ballot!.NormalizedVoterId);
                pending.Add(new PendingBallot(jornadaId, voterKey, ballot.Colonia?.Id, ballot.Option.Id, ballot.Channel, ballot.KioskId, null, null,
                    via.Channel == BallotChannel.Online ? voterKeys.CodeVerifier(jornadaId, voterKey, VotingCode.Normalize(codes[i])!) : null));
            }

            var outcomes = await groupCommit.WriteAsync(jornadaId, () => pending, now);
            if (outcomes.OfType<BallotOutcome.Refused>().FirstOrDefault() is { Rejection: var refused })
                throw Refused("GroupCommit.WriteAsync", refused);
        }
    }

    /// <summary>A made-up, well-formed clave de elector, distinct for each i: 6 letters, birth date, Querétaro (22), sex, 3 digits.</summary>
    private static string ClaveDeElector(int i)
    {
        var letters = new char[6];
        for (int x = 104_729 + i * 7_919, j = 0; j < letters.Length; j++, x /= 26) letters[j] = (char)('A' + x % 26);
        return $"{new string(letters)}{40 + i % 60:00}{1 + i % 12:00}{1 + i % 28:00}22{(i % 2 == 0 ? 'H' : 'M')}{i % 1000:000}";
    }

    /// <summary>What IEEQ does before certifying: recompute the chain from the stored ballots and check it against the seal.</summary>
    private async Task<string> VerifiedFinalHashAsync(Guid jornadaId)
    {
        await using var session = store.QuerySession();
        var seal = await AuditRecords.ReadSealAsync(session, jornadaId, cancellation);
        var report = await ChainVerifier.VerifyAsync(jornadaId, AuditRecords.ReadBallotsAsync(session, jornadaId, cancellation), seal);
        return report.Intact ? report.FinalHash : throw Refused("ChainVerifier.Verify", new Rejection("chain_broken", "", report.FirstBreak!.Reason));
    }

    /// <summary>25/11/2020: leaving the Jornada records the published winner as the chosen work; the convenio is signed.</summary>
    private async Task ConvenioAsync()
    {
        await AdvanceAsync(Stage.Convenio, At(2020, 11, 25, 11));
        var sign = Validated(new SignConvenio(new(2020, 11, 25), ConvenioParties, ConvenioTitle, Sha256(ConvenioTitle)));
        await DecideAsync<ParticipationProcess>(ProcessId, (process, _) => Task.FromResult(SignConvenioEndpoint.Decide(process, sign, By, At(2020, 11, 25, 12))));
    }

    /// <summary>30/12/2020 to 21/09/2021: four ordinary sessions, each hearing the progress reports made since the one before; then the end.</summary>
    private async Task CommitteeAsync()
    {
        var reports = new Queue<ReportWorkProgress>(Progress);
        foreach (var session in Sessions)
        {
            while (reports.TryPeek(out var next) && next.ReportedOn <= session.HeldOn)
            {
                var report = reports.Dequeue();
                var mistyped = ReferenceEquals(report, MistypedReport.Correction.Corrected);
                var valid = Validated(mistyped ? MistypedReport.Mistyped : report);
                await DecideAsync<ParticipationProcess>(ProcessId, (process, _) =>
                    Task.FromResult(ReportWorkProgressEndpoint.Decide(process, valid, By, At(valid.ReportedOn, 12))));
                if (!mistyped) continue;
                var correction = Validated(MistypedReport.Correction);
                await DecideAsync<ParticipationProcess>(ProcessId, async (process, writes) => CorrectWorkProgressEndpoint.Decide(process,
                    await CorrectWorkProgressEndpoint.ReportsAsync(writes, process.Id, CancellationToken.None), Array.IndexOf(Progress, report) + 1,
                    correction, By, At(MistypedReport.CorrectedOn, 9)));
            }
            await AdvanceAsync(Stages.SessionStage(session.Number), At(session.HeldOn, 10));
            var record = Validated(session);
            await DecideAsync<ParticipationProcess>(ProcessId, (process, _) =>
                Task.FromResult(RecordCommitteeSessionEndpoint.Decide(process, record, By, At(record.HeldOn, 11))));
        }
        await AdvanceAsync(Stage.Concluded, At(Sessions[^1].HeldOn, 14));
    }

    private async Task AdvanceAsync(Stage to, DateTimeOffset at)
    {
        var advance = Validated(new AdvanceStage(to));
        await DecideAsync<ParticipationProcess>(ProcessId, async (process, writes) =>
            AdvanceStageEndpoint.Decide(process, await AdvanceStageEndpoint.LoadAsync(process, writes, cancellation), advance.To, By, at));
    }

    private async Task<TResult> ReadAsync<TResult>(Func<IQuerySession, Task<TResult>> read)
    {
        await using var session = store.QuerySession();
        return await read(session);
    }

    private async Task<ParticipationProcess> ProcessAsync() => (await ReadAsync(s => s.LoadAsync<ParticipationProcess>(ProcessId, cancellation)))!;

    private static Guid NewId() => Guid.CreateVersion7();

    private TCommand Validated<TCommand>(TCommand command, [CallerArgumentExpression(nameof(command))] string call = "") => steps.Validated(command, call);

    private Task DecideAsync<T>(Guid id, Func<T, IDocumentSession, Task<Decision>> decide, Guid? otherStream = null,
        Type? startsOtherStreamOf = null, bool exclusive = false, [CallerArgumentExpression(nameof(decide))] string step = "") where T : class =>
        steps.DecideAsync(id, decide, otherStream, startsOtherStreamOf, exclusive, step);

    private Task StartAsync<T>(Guid id, Decision decision, [CallerArgumentExpression(nameof(decision))] string step = "") where T : class =>
        steps.StartAsync<T>(id, decision, step);

    private static InvalidOperationException Refused(string step, Rejection rejection) => SampleSteps.Refused(step, rejection);
}
