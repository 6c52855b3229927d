using GobiernoAbierto.Audit;
using GobiernoAbierto.Convenio;
using GobiernoAbierto.Process;

namespace GobiernoAbierto.Tests.Unit;

public sealed class when_the_convenio_is_signed
{
    private static readonly DateTimeOffset Now = ProcessBuilder.On(Stage.Convenio);
    private const string Hash = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

    private static readonly IReadOnlyList<ConvenioParty> Parties =
    [
        new("Municipio de Querétaro", "Municipio"),
        new("Instituto Electoral del Estado de Querétaro", "IEEQ"),
        new("Representante de las delegaciones", "Habitantes"),
    ];

    private static readonly SignConvenio Command = new(new DateOnly(2020, 12, 10), Parties, "  Convenio de Colaboración 2020-2021 ", Hash);

    [Fact]
    public void at_the_convenio_stage_the_signature_is_recorded_with_the_hash_in_lower_case()
    {
        var builder = ProcessBuilder.AtStage(Stage.Convenio);

        var signed = Decisions.Event<ConvenioSigned>(SignConvenioEndpoint.Decide(builder.Build(), Command, ProcessBuilder.Staff, Now));

        Assert.Equal((builder.Id, new DateOnly(2020, 12, 10), "Convenio de Colaboración 2020-2021", Hash.ToLowerInvariant(), ProcessBuilder.Staff, Now),
            (signed.ProcessId, signed.SignedOn, signed.DocumentTitle, signed.DocumentSha256, signed.RecordedBy, signed.RecordedAt));
        Assert.Equal(Parties, signed.Parties);
        Assert.True(builder.Then(signed).Build().ConvenioSigned);
    }

    [Fact]
    public void a_convenio_dated_ahead_of_today_in_queretaro_is_refused_and_today_is_taken()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).Build();
        var today = QueretaroTime.Today(Now);
        var ahead = SignConvenioEndpoint.Decide(process, Command with { SignedOn = today.AddDays(1) }, ProcessBuilder.Staff, Now);
        Assert.Equal("convenio_in_the_future", Decisions.Refusal(ahead));
        Assert.Contains($"hoy es {today:dd/MM/yyyy} en Querétaro", ahead.Rejection!.Detail);
        Assert.Null(SignConvenioEndpoint.Decide(process, Command with { SignedOn = today }, ProcessBuilder.Staff, Now).Rejection);
    }

    /// <summary>
    /// A convenio typed as of 2001 was published beside a vote of this year, and let the committee's sessions be dated
    /// before the vote too: it is signed for the work already chosen, so not before the day that was published.
    /// </summary>
    [Fact]
    public void a_convenio_dated_before_the_publication_of_the_chosen_work_is_refused_and_that_day_is_taken()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio).Build();
        var published = ProcessBuilder.Planned(Stage.Jornada);
        Assert.Equal(published, process.PublishedOn);

        var early = SignConvenioEndpoint.Decide(process, Command with { SignedOn = published.AddDays(-1) }, ProcessBuilder.Staff, Now);

        Assert.Equal("convenio_before_publication", Decisions.Refusal(early));
        Assert.Equal(422, early.Rejection!.Status);
        Assert.Contains($"el proyecto elegido se publicó el {published:dd/MM/yyyy}", early.Rejection.Detail);
        Assert.Null(SignConvenioEndpoint.Decide(process, Command with { SignedOn = published }, ProcessBuilder.Staff, Now).Rejection);
        // A snapshot written before the day was kept has none: nothing to compare with, so the rule waits for its rebuild.
        Assert.Null(SignConvenioEndpoint.Decide(process with { PublishedOn = null }, Command with { SignedOn = new DateOnly(2001, 1, 1) },
            ProcessBuilder.Staff, Now).Rejection);
    }

    [Fact]
    public void a_hash_written_in_groups_is_recorded_as_one_lower_case_word()
    {
        var grouped = string.Join(' ', Hash.Chunk(8).Select(c => new string(c)));

        var signed = Decisions.Event<ConvenioSigned>(SignConvenioEndpoint.Decide(ProcessBuilder.AtStage(Stage.Convenio).Build(),
            Command with { DocumentSha256 = grouped }, ProcessBuilder.Staff, Now));

        Assert.Equal(Hash.ToLowerInvariant(), signed.DocumentSha256);
    }

    [Fact]
    public void the_signature_is_recorded_once() =>
        Assert.Equal("convenio_already_signed", Decisions.Refusal(
            SignConvenioEndpoint.Decide(ProcessBuilder.AtStage(Stage.Convenio).WithConvenio().Build(), Command, ProcessBuilder.Staff, Now)));

    [Theory]
    [InlineData(Stage.Jornada)]
    [InlineData(Stage.FirstCommitteeSession)]
    public void the_signature_belongs_to_the_convenio_stage(Stage stage) =>
        Assert.Equal("wrong_stage", Decisions.Refusal(
            SignConvenioEndpoint.Decide(ProcessBuilder.AtStage(stage).Build(), Command, ProcessBuilder.Staff, Now)));
}

public sealed class when_a_convenio_signature_is_validated
{
    private static readonly SignConvenioValidator Validator = new();

    private static readonly SignConvenio Valid = new(new DateOnly(2020, 12, 10),
        [new("Municipio de Querétaro", "Municipio"), new("Instituto Electoral del Estado de Querétaro", "IEEQ")],
        "Convenio de Colaboración", new string('a', 64));

    /// <summary>The fingerprint of a download that failed (0 bytes) was recorded for good as the signed convenio's.</summary>
    [Fact]
    public void the_fingerprint_of_an_empty_file_is_refused_as_such() =>
        Assert.Contains(Validator.Validate(Valid with { DocumentSha256 = "E3B0C442 98FC1C14 9AFBF4C8 996FB924 27AE41E4 649B934C A495991B 7852B855" }).Errors,
            e => e.ErrorMessage == NotedHash.EmptyFileMessage && e.ErrorMessage.StartsWith("Esa es la huella de un archivo vacío (0 bytes)", StringComparison.Ordinal));

    /// <summary>The link is published as «Descargar el convenio firmado»: one of 600 KB was taken.</summary>
    [Fact]
    public void a_document_link_has_a_length() =>
        Assert.Contains(Validator.Validate(Valid with { DocumentUrl = "https://example.org/" + new string('a', 2000) }).Errors,
            e => e.ErrorMessage == "La liga del documento lleva hasta 2,000 caracteres.");

    [Theory]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")]
    public void a_sha256_in_hex_of_either_case_is_accepted(string hash) =>
        Assert.True(Validator.Validate(Valid with { DocumentSha256 = hash }).IsValid);

    [Theory]
    [InlineData("9f 86 d0 81 88 4c 7d 65 9a 2f ea a0 c5 5a d0 15 a3 bf 4f 1b 2b 0b 82 2c d1 5d 6c 15 b0 f0 0a 08")] // older certutil
    [InlineData("9f86d081 884c7d65 9a2feaa0 c55ad015 a3bf4f1b 2b0b822c d15d6c15 b0f00a08")]                    // copied in groups
    public void a_sha256_written_with_spaces_is_accepted(string hash) =>
        Assert.True(Validator.Validate(Valid with { DocumentSha256 = hash }).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08a")]
    [InlineData("9g86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    public void anything_but_64_hex_characters_is_refused(string hash)
    {
        var result = Validator.Validate(Valid with { DocumentSha256 = hash });

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal(nameof(SignConvenio.DocumentSha256), e.PropertyName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void fewer_than_two_parties_is_refused(int parties)
    {
        var result = Validator.Validate(Valid with { Parties = Valid.Parties.Take(parties).ToList() });

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ErrorMessage == "Un convenio lo firman al menos dos partes.");
    }

    [Fact]
    public void two_named_parties_are_enough() => Assert.True(Validator.Validate(Valid).IsValid);

    [Fact]
    public void one_party_named_twice_is_not_two_parties()
    {
        var result = Validator.Validate(Valid with { Parties = [new("IEEQ", "IEEQ"), new(" ieeq ", "Instituto")] });

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ErrorMessage == "«IEEQ» aparece dos veces entre las partes del convenio: cada parte firma una vez.");
    }

    [Fact]
    public void every_party_has_a_name_and_a_role() =>
        Assert.False(Validator.Validate(Valid with { Parties = [new("Municipio de Querétaro", "Municipio"), new("", "IEEQ")] }).IsValid);
}
