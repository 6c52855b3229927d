using GobiernoAbierto.Jornadas;
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

public sealed class when_the_consoles_add_up_a_kiosks_pace_refusals
{
    [Fact]
    public void each_kiosk_gets_every_instances_refusals_from_the_first_to_the_last()
    {
        var jornadaId = Guid.NewGuid();
        var at = new DateTimeOffset(2021, 6, 6, 15, 0, 0, TimeSpan.Zero);
        KioskPaceRefusals Written(string kioskId, string instance, long refused, int firstMinute, int lastMinute) =>
            new($"{jornadaId:N}:{kioskId}:{instance}", jornadaId, kioskId, refused, at.AddMinutes(firstMinute), at.AddMinutes(lastMinute));

        var byKiosk = KioskPaceRefusals.ByKiosk([Written("kiosco-1", "a", 3, 5, 9), Written("kiosco-1", "b", 40, 2, 7), Written("kiosco-2", "a", 1, 30, 30)]);

        Assert.Equal(2, byKiosk.Count);
        Assert.Equal((43L, at.AddMinutes(2), at.AddMinutes(9)), (byKiosk["kiosco-1"].Refused, byKiosk["kiosco-1"].FirstAt, byKiosk["kiosco-1"].LastAt));
        Assert.Equal((1L, at.AddMinutes(30), at.AddMinutes(30)), (byKiosk["kiosco-2"].Refused, byKiosk["kiosco-2"].FirstAt, byKiosk["kiosco-2"].LastAt));
    }
}
