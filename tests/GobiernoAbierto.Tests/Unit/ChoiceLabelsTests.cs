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

    /// <summary>Two of one title presented in the same minute were listed alike (an outside tester): how each begins tells them apart.</summary>
    [Fact]
    public void two_proposals_of_one_title_are_told_apart_by_when_they_were_presented_and_how_they_begin()
    {
        var at = new DateTimeOffset(2020, 10, 24, 17, 0, 0, TimeSpan.Zero);
        Proposal Titled(string title, int table, int minutes, string description = "Luminarias") =>
            new() { Id = Guid.NewGuid(), Title = title, TableNumber = table, SubmittedAt = at.AddMinutes(minutes), Description = description };
        var proposals = new[]
        {
            Titled("Alumbrado en la calle Ñandú", 1, 0, "Luminarias LED en   toda la calle, de la esquina con Encino al parque"),
            Titled("Cancha", 1, 5),
            Titled("Alumbrado en la calle Ñandú", 2, 0, "Postes nuevos"),
        };

        Assert.Equal(
        [
            $"Alumbrado en la calle Ñandú (mesa 1, presentada el {QueretaroTime.Format(at)}: «Luminarias LED en toda la calle, de la…»)",
            "Cancha (mesa 1)",
            $"Alumbrado en la calle Ñandú (mesa 2, presentada el {QueretaroTime.Format(at)}: «Postes nuevos»)",
        ], ChoiceLabels.Proposals(proposals, withTable: true).Select(c => c.Item2));
        Assert.Equal("Cancha", ChoiceLabels.Proposals(proposals, withTable: false)[1].Item2);
        Assert.Equal($"Alumbrado en la calle Ñandú (presentada el {QueretaroTime.Format(at)}: «Postes nuevos»)",
            ChoiceLabels.Proposals(proposals, withTable: false)[2].Item2);
    }
}
