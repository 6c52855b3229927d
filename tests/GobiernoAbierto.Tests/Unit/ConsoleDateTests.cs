using GobiernoAbierto.Jornadas.Console;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>The consoles' date and datetime-local fields: what was typed is a day, nothing, or a day the calendar lacks.</summary>
public sealed class when_a_console_date_field_is_read
{
    [Theory]
    [InlineData("2021-02-28")]
    [InlineData("28/02/2021")]
    [InlineData("28/2/2021")]
    public void a_real_day_is_read_as_a_date_picker_sends_it_or_as_a_person_types_it(string typed)
    {
        Assert.Equal(new DateOnly(2021, 2, 28), LocalTime.ReadDay(typed, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("2021-02-31", "La fecha 31/02/2021 no existe en el calendario.")]
    [InlineData("31/02/2021", "La fecha 31/02/2021 no existe en el calendario.")]
    [InlineData("29/02/2021", "La fecha 29/02/2021 no existe en el calendario.")]
    [InlineData("2021-13-01", "La fecha 01/13/2021 no existe en el calendario.")]
    [InlineData("00/10/2021", "La fecha 00/10/2021 no existe en el calendario.")]
    public void a_day_the_calendar_does_not_have_is_named_not_taken_for_an_empty_field(string typed, string expected)
    {
        Assert.Null(LocalTime.ReadDay(typed, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void the_29th_of_february_of_a_leap_year_exists() =>
        Assert.Equal(new DateOnly(2024, 2, 29), LocalTime.ReadDay("29/02/2024", out _));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void an_empty_field_has_no_problem_of_its_own_the_form_asks_for_it(string? typed)
    {
        Assert.Null(LocalTime.ReadDay(typed, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("mañana")]
    [InlineData("18-10")]
    [InlineData("2021/10/18")]
    public void what_is_not_a_date_is_told_how_to_write_one(string typed)
    {
        Assert.Null(LocalTime.ReadDay(typed, out var problem));
        Assert.StartsWith("Escriba la fecha como día/mes/año", problem);
    }

    [Theory]
    [InlineData("2020-10-18T08:00")]
    [InlineData("18/10/2020 08:00")]
    public void a_date_and_time_is_querétaro_wall_clock_time(string typed)
    {
        // Mexico kept daylight saving time until October 2022: 08:00 on 18/10/2020 was 13:00 UTC.
        Assert.Equal(new DateTimeOffset(2020, 10, 18, 13, 0, 0, TimeSpan.Zero), LocalTime.ReadTime(typed, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("2021-02-31T08:00", "La fecha 31/02/2021 no existe en el calendario.")]
    [InlineData("18/10/2020 25:00", "La hora 25:00 no existe: va de 00:00 a 23:59.")]
    [InlineData("18/10/2020 08:60", "La hora 08:60 no existe: va de 00:00 a 23:59.")]
    public void an_impossible_date_or_hour_in_a_date_and_time_is_named(string typed, string expected)
    {
        Assert.Null(LocalTime.ReadTime(typed, out var problem));
        Assert.Equal(expected, problem);
    }

    /// <summary>31/12/9999 23:59 in Querétaro is past the last instant UTC can hold: it was a 500 on every form with a date.</summary>
    [Theory]
    [InlineData("31/12/9999 23:59", "El año 9999 está fuera de los que el servicio admite (2000 a 2099).")]
    [InlineData("0001-01-01T00:00", "El año 1 está fuera de los que el servicio admite (2000 a 2099).")]
    [InlineData("01/01/2100 08:00", "El año 2100 está fuera de los que el servicio admite (2000 a 2099).")]
    public void a_year_out_of_the_service_s_range_is_named_not_a_fault(string typed, string expected)
    {
        Assert.Null(LocalTime.ReadTime(typed, out var problem));
        Assert.Equal(expected, problem);
        Assert.Null(LocalTime.ReadDay(typed.Split(' ', 'T')[0], out var dayProblem));
        Assert.Equal(expected, dayProblem);
    }

    [Fact]
    public void a_date_without_its_time_is_told_to_write_both()
    {
        Assert.Null(LocalTime.ReadTime("18/10/2020", out var problem));
        Assert.StartsWith("Escriba la fecha y la hora", problem);
        Assert.Null(LocalTime.ReadTime("", out var empty));
        Assert.Null(empty);
    }
}
