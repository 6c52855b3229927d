namespace GobiernoAbierto.Hosting;

/// <summary>Local time in Querétaro (America/Mexico_City), for calendar days and for messages people read.</summary>
public static class QueretaroTime
{
    public static readonly TimeZoneInfo Zone = Find();

    public static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>"18/10/2020 08:00".</summary>
    public static string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static TimeZoneInfo Find()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("America/Mexico_City"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(-6), "CST", "CST"); }
    }
}
