using System.Net.Http.Json;
using System.Net;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using GobiernoAbierto.Voting;
using Microsoft.Extensions.DependencyInjection;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// Each instance checks ballots against its own view of the Jornada (JornadaViews) instead of reading it per ballot.
/// Staff act on another instance here, so this instance's view is behind when the next ballot arrives: the group
/// commit under the Jornada's lock must still refuse what it must, and the view must not refuse what it must not.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_staff_change_the_jornada_on_another_instance(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);
    private readonly Database _db = new(service);

    private Jornada? ViewHere(Guid id) =>
        service.Services.GetRequiredService<JornadaViews>().TryGet(id, out var view) ? view : null;

    /// <summary>
    /// This instance's view as it was before the change elsewhere. Whatever sees the change here first (the async
    /// daemon's commits may drop the view) is undone, so the ballot meets the stale view every time.
    /// </summary>
    private void KeepStale(Jornada before) => service.Services.GetRequiredService<JornadaViews>().Saw(before);

    private async Task<(ServiceHost Node, VotingApi Api)> OtherInstanceAsync()
    {
        var node = new ServiceHost(service.Schema, daemonMode: "Disabled");
        await node.InitializeAsync();
        node.Clock.Offset = service.Clock.Offset;
        return (node, new VotingApi(node));
    }

    [Fact]
    public async Task a_ballot_after_the_close_there_is_refused_here_though_this_instance_last_saw_the_jornada_open()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()));
        var before = ViewHere(id)!;
        var (other, otherApi) = await OtherInstanceAsync();
        await using var _ = other;

        await otherApi.CloseAsync(id);
        KeepStale(before);
        Assert.Equal(JornadaStatus.Open, ViewHere(id)?.Status);

        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()), HttpStatusCode.Conflict, "jornada_closed");
        Assert.Equal(1, await _db.BallotCountAsync(id));
        Assert.Equal(1, await _db.ParticipationCountAsync(id));
        Assert.Equal(JornadaStatus.Closed, ViewHere(id)?.Status); // the group commit's locked read caught the view up
    }

    [Fact]
    public async Task a_kiosk_closed_there_casts_no_more_ballots_here()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()));
        var before = ViewHere(id)!;
        var (other, otherApi) = await OtherInstanceAsync();
        await using var _ = other;

        await VotingApi.Expect(await otherApi.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/kiosco-1/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);
        KeepStale(before);
        Assert.True(ViewHere(id)?.FindKiosk("kiosco-1")?.Active);

        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()), HttpStatusCode.Forbidden, "kiosk_closed");
        Assert.Equal(1, await _db.ParticipationCountAsync(id));
    }

    [Fact]
    public async Task a_jornada_opened_there_takes_ballots_here_at_once()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        var kiosk = _api.Kiosk(await _api.RegisterKioskAsync(jornada.Id));
        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, jornada.Id, Voters.UniqueClave()), HttpStatusCode.Conflict, "jornada_not_open");
        var before = ViewHere(jornada.Id)!;
        var (other, otherApi) = await OtherInstanceAsync();
        await using var _ = other;

        await otherApi.OpenAsync(jornada.Id);
        KeepStale(before);
        Assert.Equal(JornadaStatus.Preparing, ViewHere(jornada.Id)?.Status);

        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornada.Id, Voters.UniqueClave()));
        Assert.Equal(JornadaStatus.Open, ViewHere(jornada.Id)?.Status);
    }

    [Fact]
    public async Task a_kiosk_registered_there_votes_here_at_once()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), id, Voters.UniqueClave()));
        var before = ViewHere(id)!;
        var (other, otherApi) = await OtherInstanceAsync();
        await using var _ = other;

        var secondKiosk = await otherApi.RegisterKioskAsync(id, "kiosco-2");
        KeepStale(before);
        Assert.Null(ViewHere(id)!.FindKiosk("kiosco-2"));

        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(secondKiosk), id, Voters.UniqueClave()));
        Assert.Equal(2, await _db.ParticipationCountAsync(id));
    }
}

[Collection(SharedService.Name)]
public sealed class when_staff_change_the_jornada_on_this_instance(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_view_is_dropped_and_the_next_ballot_sees_the_change()
    {
        var views = service.Services.GetRequiredService<JornadaViews>();
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()));
        Assert.True(views.TryGet(id, out _));

        await VotingApi.Expect(await _api.Staff.PostAsJsonAsync($"/api/jornadas/{id}/kiosks/kiosco-1/close", new CloseKiosk("Se retira el kiosco de la prueba."), VotingApi.Json), HttpStatusCode.OK);
        Assert.False(views.TryGet(id, out _));

        await VotingApi.ExpectProblem(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()), HttpStatusCode.Forbidden, "kiosk_closed");
        Assert.True(views.TryGet(id, out var view));
        Assert.False(view!.FindKiosk("kiosco-1")!.Active);
    }

    [Fact]
    public async Task ballots_are_not_what_drops_it()
    {
        var views = service.Services.GetRequiredService<JornadaViews>();
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        for (var i = 0; i < 3; i++)
        {
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, id, Voters.UniqueClave()));
            Assert.True(views.TryGet(id, out _));
        }
    }
}
