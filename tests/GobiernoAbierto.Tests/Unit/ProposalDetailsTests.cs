using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_public_follows_a_proposal
{
    private readonly ProcessBuilder _process = ProcessBuilder.Started();
    private readonly WorkTableBuilder _table;
    private readonly ProposalBuilder _proposal;

    public when_the_public_follows_a_proposal()
    {
        _table = WorkTableBuilder.Convened(_process, number: 3).WithParticipants(3);
        _proposal = _table.Proposal(1, "Alumbrado del parque Loma Bonita");
    }

    private ProposalDetails Details(ProposalBuilder? duplicate = null) => ProposalBuilder.FoldDetails((duplicate ?? _proposal).Id,
        ProposalBuilder.History(_process, [_table], duplicate is null ? [_proposal] : [_proposal, duplicate]));

    private IEnumerable<string> Kinds() => Details().Timeline.Select(t => t.Kind);

    [Fact]
    public void a_submitted_proposal_is_in_deliberation_with_its_table_category_and_rough_cost()
    {
        var details = Details();

        Assert.Equal((_proposal.Id, _process.Id, 3, PublicStatus.Deliberating), (details.Id, details.ProcessId, details.TableNumber, details.Status));
        Assert.Equal((WorkCategory.PublicSpace, "Espacio público y áreas verdes", ProposalBuilder.RoughCost),
            (details.Category, details.CategoryLabel, details.RoughCost));
        var submitted = Assert.Single(details.Timeline);
        Assert.Equal(("submitted", ProposalBuilder.SubmittedAt), (submitted.Kind, submitted.At));
        Assert.StartsWith("Presentada en la mesa 3: Alumbrado del parque Loma Bonita", submitted.Text);
    }

    [Fact]
    public void arguments_and_comments_are_counted_and_told_in_order()
    {
        _proposal.Argued(_table.Participant(2), Stance.For, "Hay asaltos de noche.")
            .Argued(_table.Participant(3), Stance.Against, "Hay otras prioridades.")
            .Argued(_table.Participant(1), Stance.For, "Más gente usaría el parque.")
            .Commented(_table.Participant(2), "¿Incluye el andador?");

        var details = Details();

        Assert.Equal((2, 1, 1), (details.ArgumentsFor, details.ArgumentsAgainst, details.Comments));
        Assert.Equal([Stance.For, Stance.Against, Stance.For], details.Arguments.Select(a => a.Stance));
        Assert.Equal(["submitted", "argument", "argument", "argument", "comment"], details.Timeline.Select(t => t.Kind));
        Assert.Equal("Argumento en contra: Hay otras prioridades.", details.Timeline[2].Text);
        Assert.Equal("Comentario: ¿Incluye el andador?", details.Timeline[4].Text);
        // The console's history says each kind once: «Comentario: …», not «Comentario: Comentario: …».
        Assert.Equal("Comentario: ¿Incluye el andador?", TimelineKinds.Line(details.Timeline[4]));
        Assert.Equal("Argumento en contra: Hay otras prioridades.", TimelineKinds.Line(details.Timeline[2]));
        Assert.Equal("Respaldo: Recibió un respaldo en su mesa.", TimelineKinds.Line(new TimelineEntry(DateTimeOffset.UnixEpoch, "endorsed", "Recibió un respaldo en su mesa.")));
        Assert.Equal(details.Timeline.Select(t => t.At).Order(), details.Timeline.Select(t => t.At));
    }

    [Fact]
    public void each_endorsement_counts_without_naming_who_gave_it()
    {
        _table.EndorsedBy(_proposal.Id, 1, 2, 3);

        var details = Details();

        Assert.Equal(3, details.Endorsements);
        Assert.Equal(3, details.Timeline.Count(t => t.Kind == "endorsed"));
        Assert.All(details.Timeline.Where(t => t.Kind == "endorsed"), t => Assert.Equal("Recibió un respaldo en su mesa.", t.Text));
    }

    [Theory]
    [InlineData(true, PublicStatus.Viable, "viable")]
    [InlineData(false, PublicStatus.NotViable, "no viable")]
    public void the_feasibility_verdict_becomes_its_status(bool viable, PublicStatus status, string said)
    {
        _proposal.Studied(viable, cost: 830_000m);

        var details = Details();

        Assert.Equal(status, details.Status);
        Assert.Equal(ProposalBuilder.Study(viable, 830_000m), details.Feasibility);
        var entry = details.Timeline[^1];
        Assert.Equal(("feasibility", ProposalBuilder.StudiedAt), (entry.Kind, entry.At));
        Assert.StartsWith($"Estudio de factibilidad: {said}, costo estimado $", entry.Text);
    }

    [Fact]
    public void a_viable_proposal_is_shortlisted_and_then_chosen()
    {
        _proposal.Studied();
        _process.Advanced(Stage.SecondWorkTable).Then(new ShortlistChosen(_process.Id, _process.JornadaId, [_proposal.Id, Guid.NewGuid()],
            ProcessRanking.Rule, [], ProcessBuilder.Staff, ProcessBuilder.On(Stage.SecondWorkTable).AddHours(2)));
        Assert.Equal(PublicStatus.Shortlisted, Details().Status);

        _process.Advanced(Stage.Jornada).Advanced(Stage.Convenio).Then(new ChosenWorkConfirmed(_process.Id,
            new ChosenWork(_process.JornadaId, "A", _proposal.Id, _proposal.Title, 830_000m), ProcessBuilder.Staff, ProcessBuilder.On(Stage.Convenio)));

        Assert.Equal(PublicStatus.Chosen, Details().Status);
        Assert.Equal(["submitted", "feasibility", "shortlisted", "chosen"], Kinds());
    }

    [Fact]
    public void publishing_the_result_settles_both_proposals_that_went_to_the_vote()
    {
        var other = _table.Proposal(2, "Cancha de usos múltiples");
        _proposal.Studied();
        other.Studied();
        _process.Advanced(Stage.SecondWorkTable).Then(new ShortlistChosen(_process.Id, _process.JornadaId, [_proposal.Id, other.Id],
            ProcessRanking.Rule, [], ProcessBuilder.Staff, ProcessBuilder.On(Stage.SecondWorkTable).AddHours(2)));
        var publishedAt = ProcessBuilder.On(Stage.Jornada).AddDays(2);
        _process.Advanced(Stage.Jornada).Then(new JornadaResultPublished(_process.Id,
            new ChosenWork(_process.JornadaId, "B", other.Id, other.Title, 830_000m), ProcessBuilder.Staff, publishedAt, [_proposal.Id]));

        var winner = Details(other);
        Assert.Equal(PublicStatus.Chosen, winner.Status);
        Assert.Equal(("chosen", publishedAt), (winner.Timeline[^1].Kind, winner.Timeline[^1].At));
        var loser = Details();
        Assert.Equal(PublicStatus.NotChosen, loser.Status);
        Assert.Equal(("not_chosen", publishedAt, "No elegida: los habitantes eligieron en la Jornada de Participación el otro proyecto, «Cancha de usos múltiples»."),
            (loser.Timeline[^1].Kind, loser.Timeline[^1].At, loser.Timeline[^1].Text));

        // Leaving the Jornada stage confirms what publication said; it tells the winner's story only once.
        _process.Advanced(Stage.Convenio).Then(new ChosenWorkConfirmed(_process.Id,
            new ChosenWork(_process.JornadaId, "B", other.Id, other.Title, 830_000m), ProcessBuilder.Staff, ProcessBuilder.On(Stage.Convenio)));
        Assert.Equal(["submitted", "feasibility", "shortlisted", "chosen"], Details(other).Timeline.Select(t => t.Kind));
        Assert.Equal(PublicStatus.NotChosen, Details().Status);
    }

    [Fact]
    public void a_withdrawn_proposal_says_so_with_its_reason()
    {
        _proposal.Withdrawn("Se resolvió con alumbrado municipal.");

        var details = Details();

        Assert.Equal(PublicStatus.Withdrawn, details.Status);
        Assert.Equal(("withdrawn", "Retirada por quien la presentó: Se resolvió con alumbrado municipal."),
            (details.Timeline[^1].Kind, details.Timeline[^1].Text));
    }

    [Fact]
    public void a_merged_duplicate_points_to_the_survivor_which_lists_what_it_absorbed()
    {
        var duplicate = _table.Proposal(2, "Luminarias en Loma Bonita");
        duplicate.MergedInto(_proposal, "Mismo parque.");

        var merged = Details(duplicate);
        Assert.Equal((PublicStatus.Merged, (Guid?)_proposal.Id), (merged.Status, merged.MergedInto));
        Assert.Equal(("merged", "Fusionada en otra propuesta, por estar duplicada: Mismo parque."), (merged.Timeline[^1].Kind, merged.Timeline[^1].Text));

        var survivor = Details();
        Assert.Equal(PublicStatus.Deliberating, survivor.Status);
        Assert.Equal([duplicate.Id], survivor.AbsorbedDuplicates);
        Assert.Equal(("absorbed", "Absorbió la propuesta duplicada «Luminarias en Loma Bonita» y sus respaldos."), (survivor.Timeline[^1].Kind, survivor.Timeline[^1].Text));
    }
}
