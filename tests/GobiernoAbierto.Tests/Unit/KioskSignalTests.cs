using GobiernoAbierto.Jornadas;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// A kiosk that lost its connection read «hace 47 min (22:10)» on the dashboard with nothing to say it was wrong. It is
/// flagged when it should be taking ballots and has not called for more than five minutes: a working kiosk calls every
/// 30 s while it waits and as its screen clears after each resident, so only one resident's vote keeps it silent.
/// </summary>
public sealed class when_the_dashboard_decides_a_kiosk_went_silent
{
    private static readonly DateTimeOffset Opens = JornadaBuilder.Opens, Closes = JornadaBuilder.Closes, During = JornadaBuilder.During;
    private static readonly Kiosk Working = new("kiosco-1", "Kiosco del jardín", "Jardín Guerrero", Active: true, Configured: true,
        AuthorizedAt: Opens.AddHours(-1));
    private static readonly Jornada Open = new() { Status = JornadaStatus.Open, VotingOpensAt = Opens, VotingClosesAt = Closes, Kiosks = [Working] };

    [Fact]
    public void a_kiosk_heard_from_within_five_minutes_is_not_silent()
    {
        Assert.False(KioskSignal.IsSilent(Open, Working, During.AddSeconds(-30), During));
        Assert.False(KioskSignal.IsSilent(Open, Working, During - KioskSignal.SilentAfter, During));
    }

    [Fact]
    public void a_kiosk_silent_for_longer_in_its_hours_is_silent_and_so_is_one_never_heard_from()
    {
        Assert.True(KioskSignal.IsSilent(Open, Working, During - KioskSignal.SilentAfter - TimeSpan.FromSeconds(1), During));
        Assert.True(KioskSignal.IsSilent(Open, Working, During.AddMinutes(-47), During));
        Assert.True(KioskSignal.IsSilent(Open, Working, null, During));
    }

    [Fact]
    public void outside_the_kiosks_hours_no_kiosk_is_silent()
    {
        var seen = Opens.AddHours(-2);
        Assert.False(KioskSignal.IsSilent(Open, Working, seen, Opens.AddMinutes(-1)));
        Assert.True(KioskSignal.IsSilent(Open, Working, seen, Opens.AddMinutes(1)));
        Assert.False(KioskSignal.IsSilent(Open, Working, seen, Closes));
        Assert.False(KioskSignal.IsSilent(Open, Working, seen, Closes.AddHours(1)));
    }

    [Theory]
    [InlineData(JornadaStatus.Preparing)]
    [InlineData(JornadaStatus.Closed)]
    [InlineData(JornadaStatus.Certified)]
    [InlineData(JornadaStatus.Published)]
    [InlineData(JornadaStatus.Withdrawn)]
    public void a_jornada_not_open_has_no_silent_kiosk(JornadaStatus status) =>
        Assert.False(KioskSignal.IsSilent(Open with { Status = status }, Working, During.AddHours(-1), During));

    [Fact]
    public void a_closed_unconfigured_or_unauthorized_kiosk_is_not_expected_to_call()
    {
        var longAgo = During.AddHours(-1);
        Assert.False(KioskSignal.IsSilent(Open, Working with { Active = false, ClosedAt = During.AddMinutes(-30) }, longAgo, During));
        Assert.False(KioskSignal.IsSilent(Open, Working with { Configured = false, AuthorizedAt = null }, null, During));
        Assert.False(KioskSignal.IsSilent(Open, Working with { AwaitsAuthorization = true, AuthorizedAt = null }, longAgo, During));
        // A service without an IEEQ: the kiosk awaiting an authorization nobody gives takes ballots (KioskDetails), so its
        // silence counts (a reviewer: it was never flagged there).
        Assert.True(KioskSignal.IsSilent(Open, Working with { AwaitsAuthorization = true, AuthorizedAt = null }, longAgo, During, ieeqAuthorizesKiosks: false));
    }
}
