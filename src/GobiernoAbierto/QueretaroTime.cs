namespace GobiernoAbierto;

/// <summary>Local time in Querétaro (America/Mexico_City), for calendar days and for messages people read.</summary>
public static class QueretaroTime
{
    /// <summary>
    /// From the system's time-zone database, or the service does not start: a fixed UTC-6 would be an hour off for
    /// every summer date before November 2022, when Mexico still kept daylight saving time (the 2020 calendar has some).
    /// </summary>
    public static readonly TimeZoneInfo Zone = Find();

    /// <summary>
    /// The years a date given to the service may fall in: the plan's calendars, Jornadas and reports are of this century,
    /// and a day in year 9999 is past what an instant in UTC can hold once converted.
    /// </summary>
    public const int FirstYear = 2000, LastYear = 2099;

    public static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The calendar day it is in Querétaro at this instant.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>"18/10/2020 08:00".</summary>
    public static string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static TimeZoneInfo Find(string id = "America/Mexico_City")
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException(
                $"Falta la zona horaria «{id}» en este sistema: instale los datos de zonas horarias (paquete tzdata) " +
                "o, en una imagen de contenedor, no active InvariantTimezone. Sin ella las fechas de Querétaro saldrían " +
                "con una hora de diferencia. / Time-zone data for America/Mexico_City is missing: install tzdata.", e);
        }
    }
}
