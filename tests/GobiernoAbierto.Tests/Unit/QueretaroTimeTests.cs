namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_service_reads_querétaro_time
{
    [Fact]
    public void a_summer_date_of_2020_is_daylight_saving_time_as_the_time_zone_database_says()
    {
        // Mexico kept daylight saving time until October 2022: 18/10/2020 08:00 in Querétaro is 13:00 UTC, not 14:00.
        Assert.Equal(new DateTimeOffset(2020, 10, 18, 13, 0, 0, TimeSpan.Zero), QueretaroTime.At(new DateOnly(2020, 10, 18), new TimeOnly(8, 0)));
    }

    [Fact]
    public void without_the_zone_data_the_service_refuses_to_start_and_says_what_to_install()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => QueretaroTime.Find("America/Zona_Que_No_Existe"));
        Assert.Contains("tzdata", missing.Message);
    }
}
