using GobiernoAbierto.Hosting;
using GobiernoAbierto.Process;
using GobiernoAbierto.WorkProgress;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>What every request body is checked for before its validator (RequestValidation.FindFlaws), API and console alike.</summary>
public sealed class when_a_request_body_holds_what_nothing_can_keep
{
    private static readonly Evidence Photo = new("Fotografías", null, "https://queretaro.gob.mx/avance.pdf");

    private static RequestValidation.Flaw? Flaw(object body) => RequestValidation.FindFlaws(body).FirstOrDefault();

    private static ReportWorkProgress Report(string notes, DateOnly? on = null, IReadOnlyList<Evidence>? evidence = null) =>
        new(on ?? new DateOnly(2021, 3, 1), 10, 1_000m, evidence ?? [Photo], notes);

    [Theory]
    [InlineData("Base\u0000terminada", "U+0000")]
    [InlineData("\u0001\u0008", "U+0001")]
    [InlineData("Obra \u0085", "U+0085")]
    [InlineData("Parque \u202Eodalumla\u202C", "U+202E")] // shown as «Parque alumbrado»
    [InlineData("Parque \u2067x\u2069", "U+2067")]
    public void text_with_a_control_character_is_named(string notes, string character)
    {
        var flaw = Flaw(Report(notes));

        Assert.Equal("Notes", flaw?.Path);
        Assert.Contains(character, flaw!.Detail);
    }

    // Built here, not in attributes: xUnit's metadata would turn half a surrogate pair into U+FFFD.
    [Theory]
    [InlineData(0xD800, 0)]
    [InlineData(0xDC00, 0)]
    [InlineData(0xDC00, 0xD83D)]
    public void text_with_half_a_surrogate_pair_is_named(int half, int after)
    {
        var notes = "Media " + (char)half + (after == 0 ? " letra" : ((char)after).ToString());

        var flaw = Flaw(Report(notes));

        Assert.Equal("Notes", flaw?.Path);
        Assert.Contains($"U+{half:X4}", flaw!.Detail);
    }

    [Theory]
    [InlineData("Línea uno\r\nLínea dos\tcon tabulador")]
    [InlineData("Avance del 45 % 🚧 en la calle Encino")]
    [InlineData("")]
    public void line_breaks_tabs_and_whole_emoji_are_text(string notes) =>
        Assert.Null(Flaw(Report(notes)));

    /// <summary>
    /// A name, a title or a place is one line, as a form's single-line field sends it: a hand-made request put a line
    /// break in a kiosk's name, and the sheets and the audit log showed it as two lines. Descriptions and notes keep theirs.
    /// </summary>
    [Theory]
    [InlineData("Kiosco\n1", "Mercado", "Name")]
    [InlineData("Kiosco 1", "Mercado\r\nde la Cruz", "Location")]
    [InlineData("Kiosco\u2028uno", "Mercado", "Name")]
    public void a_name_title_or_place_with_a_line_break_is_named(string name, string location, string path)
    {
        var flaw = Flaw(new GobiernoAbierto.Jornadas.RegisterKiosk("kiosco-1", name, location));

        Assert.Equal(path, flaw?.Path);
        Assert.Equal("va en una sola línea (un nombre, un título, un lugar): quite los saltos de línea.", flaw!.Detail);
    }

    [Fact]
    public void one_line_is_asked_of_names_inside_lists_too_and_not_of_descriptions()
    {
        var options = new GobiernoAbierto.Jornadas.SetBallotOptions([new("Parque", "Juegos\nBancas", 1_000m), new("Calle\nEncino", "Pavimento", 2_000m)]);

        Assert.Equal(["Options[1].Title"], RequestValidation.FindFlaws(options).Select(f => f.Path));
        var session = new GobiernoAbierto.Committee.RecordCommitteeSession(1, new DateOnly(2021, 3, 1), [], ["Colonos de Loma Bonita", "Comité\nvecinal"],
            [], "Minuta\ncon varias líneas", [], []);
        Assert.Equal(["InvitedOrganisations[1]"], RequestValidation.FindFlaws(session).Select(f => f.Path));
    }

    // An outside tester published Jornadas and ballot options whose titles showed blank, and two options «Uno».
    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u2800")]
    [InlineData(" \u3164 ")]
    [InlineData("\u0301\u0301\u0301")]
    [InlineData("\u200B\u00A0\uFEFF")]
    [InlineData("\U000E0041\U000E0042")] // tag characters, above U+FFFF
    public void text_of_only_invisible_characters_is_refused(string notes)
    {
        var flaw = Flaw(Report(notes));

        Assert.Equal("Notes", flaw?.Path);
        Assert.Contains("solo tiene caracteres invisibles", flaw!.Detail);
    }

    // Built here from code points (xUnit's metadata may not carry a noncharacter): titles an outside tester published.
    [Theory]
    [InlineData(0xFFFF)]
    [InlineData(0xFDD0)]
    [InlineData(0x1FFFE)]
    public void a_noncharacter_is_named_wherever_it_is(int codePoint)
    {
        var flaw = Flaw(Report("Obra " + char.ConvertFromUtf32(codePoint)));

        Assert.Equal("Notes", flaw?.Path);
        Assert.Contains($"U+{codePoint:X4}, un no-carácter de Unicode", flaw!.Detail);
    }

    [Theory]
    [InlineData(0xE000)]
    [InlineData(0xFFFC)]
    [InlineData(0xFFFD)]
    [InlineData(0x0378)] // not assigned
    [InlineData(0xF0000)] // private use, above U+FFFF
    public void text_of_only_characters_no_font_draws_for_a_reader_is_refused(int codePoint)
    {
        var one = char.ConvertFromUtf32(codePoint);
        var flaw = Flaw(Report(one + " " + one));

        Assert.Equal("Notes", flaw?.Path);
        Assert.Contains("solo tiene caracteres invisibles o que no se muestran", flaw!.Detail);
        Assert.Null(Flaw(Report("Obra " + one))); // beside words, it is the writer's
    }

    [Theory]
    [InlineData(0x1F6A7)] // 🚧
    [InlineData(0x1FAEA)] // an emoji newer than .NET's Unicode tables
    public void an_emoji_alone_is_text(int codePoint) => Assert.Null(Flaw(Report(char.ConvertFromUtf32(codePoint))));

    [Theory]
    [InlineData("Calle\u00A0Encino", "Calle\u00A0Encino")]
    [InlineData("Uno\u200B", "Uno")]
    [InlineData("Acción", "Acción")]
    [InlineData("Accio\u0301n", "Accio\u0301n")] // a decomposed accent stays: it sits on its letter
    [InlineData("   ", "")]
    public void what_shows_of_a_text_is_what_titles_are_compared_by(string text, string shown)
    {
        Assert.Equal(shown, RequestValidation.Visible(text));
        if (text.Trim().Length > 0) Assert.Null(Flaw(Report(text)));
    }

    [Theory]
    [InlineData("Uno", "Uno\u200B")]
    [InlineData("Acción vecinal", "Accio\u0301n  vecinal")]
    [InlineData("Calle Encino", "calle\u00A0encino")]
    public void two_ballot_options_whose_titles_show_the_same_are_refused(string first, string second)
    {
        var validator = new Jornadas.SetBallotOptionsValidator();
        var options = new Jornadas.SetBallotOptions([new(first, "Primera obra", 1_000m), new(second, "Segunda obra", 2_000m)]);

        Assert.Contains(validator.Validate(options).Errors, e => e.ErrorMessage == "Los dos proyectos deben tener títulos distintos.");
    }

    /// <summary>Both titles left empty were also told «títulos distintos» (an outside tester): they are compared once written.</summary>
    [Fact]
    public void ballot_options_without_titles_are_asked_for_them_not_told_they_are_the_same()
    {
        var validator = new Jornadas.SetBallotOptionsValidator();
        var options = new Jornadas.SetBallotOptions([new("", "", 0m), new("", "", 0m)]);

        var messages = validator.Validate(options).Errors.Select(e => e.ErrorMessage).ToList();
        Assert.Contains("Escriba el título del proyecto.", messages);
        Assert.DoesNotContain("Los dos proyectos deben tener títulos distintos.", messages);
    }

    [Fact]
    public void a_flaw_inside_a_list_is_named_with_its_place()
    {
        var flaw = Flaw(Report("", evidence: [Photo, new Evidence("Acta\u0000", null, "https://queretaro.gob.mx/acta.pdf")]));

        Assert.Equal("Evidence[1].Description", flaw?.Path);
        Assert.Equal("evidence[1].description", RequestValidation.JsonName(flaw!.Path));
    }

    [Theory]
    [InlineData(9999)]
    [InlineData(1)]
    [InlineData(2100)]
    [InlineData(1999)]
    public void a_date_out_of_the_service_s_years_is_named(int year) =>
        Assert.Equal("ReportedOn", Flaw(Report("", new DateOnly(year, 12, 31)))?.Path);

    [Fact]
    public void a_stage_no_name_stands_for_is_named_with_the_names_there_are()
    {
        var flaw = Flaw(new AdvanceStage(Stage.Concluded | Stage.SecondWorkTable));

        Assert.Equal("To", flaw?.Path);
        Assert.Contains("FirstWorkTable", flaw!.FieldMessage);
        Assert.Null(Flaw(new AdvanceStage(Stage.Convenio)));
    }

    [Fact]
    public void a_null_element_and_the_empty_identifier_are_named_as_before()
    {
        Assert.Equal("Evidence[0]", Flaw(Report("", evidence: [null!]))?.Path);
        Assert.Equal("IntoProposalId", Flaw(new GobiernoAbierto.Proposals.MergeProposal(Guid.Empty, "Duplicada"))?.Path);
    }
}
