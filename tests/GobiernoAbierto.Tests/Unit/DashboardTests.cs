using GobiernoAbierto.Jornadas.Console;
using GobiernoAbierto.Tally;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_dashboard_labels_its_quarter_hours
{
    // 17:00 and 17:15 on 18/10/2020 in Querétaro (daylight saving time then: UTC-5).
    private static readonly DateTimeOffset FivePm = new(2020, 10, 18, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void within_one_day_the_hour_says_it_all() =>
        Assert.Equal(["17:00", "17:15"], DashboardPage.QuarterLabels([new TurnoutBucket(FivePm, 3), new TurnoutBucket(FivePm.AddMinutes(15), 1)]));

    [Fact]
    public void a_jornada_of_several_days_names_the_day_of_each_quarter_hour() =>
        Assert.Equal(["18/10 17:00", "19/10 17:00"], DashboardPage.QuarterLabels([new TurnoutBucket(FivePm, 3), new TurnoutBucket(FivePm.AddDays(1), 1)]));
}
