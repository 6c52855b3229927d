using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Voting;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_an_instance_keeps_its_view_of_a_jornada
{
    private readonly JornadaViews _views = new();
    private readonly Jornada _open = JornadaBuilder.Open().Build() with { Version = 7 };

    [Fact]
    public void a_newer_state_replaces_the_view()
    {
        _views.Saw(_open);
        _views.Saw(_open with { Version = 8, Status = JornadaStatus.Closed });
        Assert.True(_views.TryGet(_open.Id, out var view));
        Assert.Equal(JornadaStatus.Closed, view!.Status);
    }

    [Fact]
    public void an_older_state_read_late_does_not_replace_a_newer_one()
    {
        // A request's read of the database can finish after a group commit handed over a newer state.
        _views.Saw(_open with { Version = 8, Status = JornadaStatus.Closed });
        _views.Saw(_open);
        Assert.True(_views.TryGet(_open.Id, out var view));
        Assert.Equal(8, view!.Version);
    }

    [Fact]
    public void a_forgotten_view_is_gone_until_the_jornada_is_seen_again()
    {
        _views.Saw(_open);
        _views.Forget(_open.Id);
        Assert.False(_views.TryGet(_open.Id, out _));
        _views.Saw(_open);
        Assert.True(_views.TryGet(_open.Id, out _));
    }
}
