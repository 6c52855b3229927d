using GobiernoAbierto.Process.Console;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.WorkTables;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_console_lists_people_and_proposals_to_choose_from
{
    [Fact]
    public void two_people_of_one_name_are_told_apart_by_colonia_and_seat()
    {
        var (maria1, luis, maria2) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var table = new WorkTable
        {
            Participants = [new(maria1, "María G.", "loma-bonita", "d1"), new(luis, "Luis P.", "loma-bonita", "d1"), new(maria2, " Maria g. ", "sonterra", "d1")],
        };

        var labels = ChoiceLabels.Seats(table, id => id == "loma-bonita" ? "Loma Bonita" : "Sonterra");

        Assert.Equal("María G. (Loma Bonita, lugar 1)", labels[maria1]);
        Assert.Equal("Luis P.", labels[luis]);
        Assert.Equal("Maria g. (Sonterra, lugar 3)", labels[maria2]); // an accent and capitals aside, the same name
    }

    [Fact]
    public void two_proposals_of_one_title_are_told_apart_by_when_they_were_presented()
    {
        var at = new DateTimeOffset(2020, 10, 24, 17, 0, 0, TimeSpan.Zero);
        Proposal Titled(string title, int table, int minutes) =>
            new() { Id = Guid.NewGuid(), Title = title, TableNumber = table, SubmittedAt = at.AddMinutes(minutes) };
        var proposals = new[] { Titled("Alumbrado en la calle Ñandú", 1, 0), Titled("Cancha", 1, 5), Titled("Alumbrado en la calle Ñandú", 2, 30) };

        Assert.Equal(
        [
            $"Alumbrado en la calle Ñandú (mesa 1, presentada el {QueretaroTime.Format(at)})",
            "Cancha (mesa 1)",
            $"Alumbrado en la calle Ñandú (mesa 2, presentada el {QueretaroTime.Format(at.AddMinutes(30))})",
        ], ChoiceLabels.Proposals(proposals, withTable: true).Select(c => c.Item2));
        Assert.Equal("Cancha", ChoiceLabels.Proposals(proposals, withTable: false)[1].Item2);
    }
}
