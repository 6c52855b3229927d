using GobiernoAbierto.Labels;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

[Collection(SharedService.Name)]
public sealed class when_a_page_names_what_the_process_api_sends(ServiceFixture service)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task the_names_come_from_the_service_which_names_every_value_of_every_enum()
    {
        var labels = await VotingApi.Read<ProcessLabels>(await _api.Anonymous.GetAsync("/api/labels"));

        Assert.Equal(Enum.GetValues<Stage>().Select(s => (s.ToString(), s.Label())), labels.Stages.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal("Viable", labels.Verdicts[nameof(Verdict.Viable)]);
        Assert.Equal("Se vota en la Jornada", labels.ProposalStatuses[nameof(PublicStatus.Shortlisted)]);
        Assert.Equal("En proceso", labels.AgreementStatuses[nameof(AgreementStatus.InProgress)]);
        Assert.Equal(["Primera sesión ordinaria", "Segunda sesión ordinaria", "Tercera sesión ordinaria", "Cuarta sesión ordinaria"],
            labels.CommitteeSessions.Select(s => s.Name));
        Assert.Equal("Factibilidad", labels.TimelineKinds["feasibility"]);
    }

    [Fact]
    public void the_pages_keep_no_copy_of_those_names()
    {
        var js = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "GobiernoAbierto", "wwwroot", "js");
        foreach (var file in Directory.GetFiles(js, "*.js"))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("Primera mesa de trabajo", text);
            Assert.DoesNotContain("Fusionada con otra propuesta", text);
            Assert.DoesNotContain("'Presencial'", text);
        }
    }
}
