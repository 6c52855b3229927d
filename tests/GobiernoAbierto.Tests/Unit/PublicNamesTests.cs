using GobiernoAbierto.Accounts;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Tally;
using GobiernoAbierto.WorkProgress;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// The audit log names a console account as «Nombre (usuario)»; public pages name the person only: the login is half of
/// what signing in to the console takes.
/// </summary>
public sealed class when_public_pages_name_who_did_something
{
    private const string ConsoleActor = "Mtra. Laura Méndez (l.mendez)";

    [Theory]
    [InlineData(ConsoleActor, "Mtra. Laura Méndez")]
    [InlineData("Auditora IEEQ (ieeq)", "Auditora IEEQ")]
    [InlineData("Auditora IEEQ de prueba", "Auditora IEEQ de prueba")] // an API key's name
    [InlineData("IEEQ (datos de ejemplo)", "IEEQ (datos de ejemplo)")] // the sample's: not a login
    [InlineData("Secretaría (Turno B)", "Secretaría (Turno B)")]        // capitals: not a login either
    [InlineData("(ieeq)", "(ieeq)")]
    public void a_console_login_is_left_out(string actor, string shown) => Assert.Equal(shown, Account.PublicName(actor));

    [Fact]
    public void a_configured_credential_keeps_its_whole_name_on_the_sheets()
    {
        var credentials = new Hosting.AuthOptions { Keys = [new() { Name = "Personal municipal (desarrollo)", Role = Hosting.Roles.Staff }] };
        Assert.Equal("Personal municipal (desarrollo)", credentials.PublicName("Personal municipal (desarrollo)"));
        Assert.Equal("Mtra. Laura Méndez", credentials.PublicName(ConsoleActor));
    }

    [Fact]
    public void the_public_results_name_the_certifier_without_the_login()
    {
        var closed = JornadaBuilder.Open().Closed();
        var seal = closed.Build().Seal!;
        var jornada = closed.Then(new TallyCertified(closed.Build().Id, seal.FinalHash, ConsoleActor, null, JornadaBuilder.Closes.AddDays(1))).Build();

        Assert.Equal("Mtra. Laura Méndez", TallyEndpoints.ToPublic(JornadaTally.Of(jornada), jornada, JornadaBuilder.Closes.AddDays(2)).CertifiedBy);
    }

    [Fact]
    public void a_progress_report_and_its_correction_name_the_person_without_the_login()
    {
        var process = ProcessBuilder.AtStage(Stage.Convenio);
        var budget = process.Build().ChosenWork!.Budget;
        process.Then(
            new WorkProgressReported(process.Id, new DateOnly(2021, 1, 15), 10, 5_000m, budget, [], "", ConsoleActor, ProcessBuilder.StartedAt),
            new WorkProgressCorrected(process.Id, 1, true, new DateOnly(2021, 1, 15), 12, 5_000m, budget, [], "", "Cifra mal copiada.",
                "Ing. Pedro Ruiz (p.ruiz)", ProcessBuilder.StartedAt));

        var report = Assert.Single(process.BuildProgress().Reports);
        Assert.Equal("Mtra. Laura Méndez", report.ReportedBy);
        Assert.Equal("Ing. Pedro Ruiz", Assert.Single(report.Corrections).CorrectedBy);
    }
    [Fact]
    public void a_feasibility_study_and_the_convenio_name_the_person_without_the_login()
    {
        var study = ProposalBuilder.Study() with { StudiedBy = ConsoleActor };
        var details = ProposalDetailsProjection.Apply(new FeasibilityStudyRecorded(Guid.NewGuid(), Guid.NewGuid(), study), new ProposalDetails());
        Assert.Equal("Mtra. Laura Méndez", details.Feasibility!.StudiedBy);

        var process = ProcessBuilder.AtStage(Stage.Convenio).WithConvenio();
        var signed = process.Events.OfType<ConvenioSigned>().Single();
        var timeline = Support.Fold.Into<ProcessTimeline>(process.Events.Select(e => ReferenceEquals(e, signed) ? signed with { RecordedBy = ConsoleActor } : e));
        Assert.Equal("Mtra. Laura Méndez", timeline.Convenio!.RecordedBy);
    }
}
