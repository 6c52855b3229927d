using System.Globalization;
using System.Text.RegularExpressions;

namespace GobiernoAbierto.Jornadas.Console;

/// <summary>What a date or datetime-local field holds: a day, or a wall-clock time in Querétaro, "2021-10-18T08:00".</summary>
public static partial class LocalTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm";

    public static string Field(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, QueretaroTime.Zone).ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>
    /// A date field: "2021-10-18" as a date picker sends it, or "18/10/2021" as a person types it where the browser has
    /// none. Null when there is no day in it, and then <paramref name="problem"/> says why: null for an empty field (the
    /// form asks for it in its own words), a day the calendar does not have named as such (31/02/2021 is not a missing
    /// date), or how to write one.
    /// </summary>
    public static DateOnly? ReadDay(string? field, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(field)) return null;
        if (DayPattern().Match(field.Trim()) is not { Success: true } match)
        {
            problem = "Escriba la fecha como día/mes/año, p. ej. 18/10/2020.";
            return null;
        }
        return Day(match, out problem);
    }

    /// <summary>
    /// A datetime-local field: "2021-10-18T08:00" as the picker sends it, or "18/10/2021 08:00" typed, a wall-clock time in
    /// Querétaro. Null with <paramref name="problem"/> as <see cref="ReadDay"/> says; an hour the clock does not have
    /// (25:00) is named too.
    /// </summary>
    public static DateTimeOffset? ReadTime(string? field, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(field)) return null;
        if (TimePattern().Match(field.Trim()) is not { Success: true } match)
        {
            problem = "Escriba la fecha y la hora como día/mes/año hora:minutos, p. ej. 18/10/2020 08:00.";
            return null;
        }
        if (Day(match, out problem) is not { } day) return null;
        int hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture), minute = int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59)
        {
            problem = $"La hora {hour:00}:{minute:00} no existe: va de 00:00 a 23:59.";
            return null;
        }
        return QueretaroTime.At(day, new TimeOnly(hour, minute));
    }

    private static DateOnly? Day(Match match, out string? problem)
    {
        int year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture), month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture),
            day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        problem = null;
        if (year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            if (year is >= QueretaroTime.FirstYear and <= QueretaroTime.LastYear) return new DateOnly(year, month, day);
            problem = $"El año {year} está fuera de los que el servicio admite ({QueretaroTime.FirstYear} a {QueretaroTime.LastYear}).";
            return null;
        }
        problem = $"La fecha {day:00}/{month:00}/{year:0000} no existe en el calendario.";
        return null;
    }

    private const string DatePart = "(?:(?<year>[0-9]{4})-(?<month>[0-9]{1,2})-(?<day>[0-9]{1,2})|(?<day>[0-9]{1,2})/(?<month>[0-9]{1,2})/(?<year>[0-9]{4}))";

    [GeneratedRegex("^" + DatePart + "$")]
    private static partial Regex DayPattern();

    [GeneratedRegex("^" + DatePart + @"(?:T| +)(?<hour>[0-9]{1,2}):(?<minute>[0-9]{2})(?::[0-9]{2}(?:\.[0-9]+)?)?$")]
    private static partial Regex TimePattern();
}
