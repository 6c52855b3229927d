using System.Globalization;

namespace GobiernoAbierto.Jornadas.Console;

/// <summary>What a datetime-local field holds: a wall-clock time in Querétaro, "2021-10-18T08:00".</summary>
public static class LocalTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm";

    public static string Field(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, QueretaroTime.Zone).ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? field) =>
        DateTime.TryParseExact(field, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? QueretaroTime.At(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local))
            : null;
}
