
namespace GobiernoAbierto.Jornadas;

public sealed record BallotOptionInput([property: OneLine] string Title, string Description, decimal EstimatedCost);

/// <summary>The two public works on the ballot, in the order they appear (A, then B).</summary>
public sealed record SetBallotOptions(IReadOnlyList<BallotOptionInput> Options);

public sealed class SetBallotOptionsValidator : AbstractValidator<SetBallotOptions>
{
    public SetBallotOptionsValidator()
    {
        RuleFor(c => c.Options).Cascade(CascadeMode.Stop).NotNull().WithMessage("La boleta lleva exactamente dos proyectos de obra.")
            .Must(o => o.Count == 2).WithName("opciones").WithMessage("La boleta lleva exactamente dos proyectos de obra.");
        RuleForEach(c => c.Options).ChildRules(o =>
        {
            o.RuleFor(x => x.Title).NotEmpty().WithMessage("Escriba el título del proyecto.")
                .MaximumLength(200).WithMessage("El título del proyecto lleva hasta 200 caracteres.").WithName("título");
            o.RuleFor(x => x.Description).NotEmpty().WithMessage("Describa el proyecto.")
                .MaximumLength(2000).WithMessage("La descripción del proyecto lleva hasta 2,000 caracteres.").WithName("descripción");
            o.RuleFor(x => x.EstimatedCost).GreaterThan(0).WithName("costo estimado").WithMessage("El costo estimado debe ser mayor que cero pesos.")
                .LessThan(1_000_000_000).WithMessage("El costo estimado debe ser menor que mil millones de pesos.")
                .InCentavos("El costo estimado");
        });
        // Between titles written: two left empty were also told «títulos distintos» (an outside tester), beside «Escriba el título».
        RuleFor(c => c.Options).Must(o => o is null || o.Any(x => string.IsNullOrWhiteSpace(x?.Title))
                                          || o.Select(x => Hosting.RequestValidation.AsSeen(x.Title)).Distinct().Count() == o.Count)
            .WithName("opciones").WithMessage("Los dos proyectos deben tener títulos distintos.");
    }
}

public static class SetBallotOptionsEndpoint
{
    public static readonly string[] OptionIds = ["A", "B"];

    /// <remarks>
    /// The options it already has, while they may still change, are no change: a PUT sent again (a retry after a lost
    /// answer) records nothing, where it added a fact to the record each time.
    /// </remarks>
    public static Decision Decide(Jornada jornada, IReadOnlyList<BallotOption> options, string source, string by, DateTimeOffset now)
    {
        if (jornada.Status == JornadaStatus.Withdrawn) return jornada.WithdrawnRefusal();
        if (jornada.Status != JornadaStatus.Preparing)
            return new Rejection("ballot_already_open", "La boleta ya no se puede cambiar",
                $"La Jornada está «{StatusLabels.For(jornada.Status)}»; las opciones solo se fijan antes de abrir la votación.");
        if (jornada.ProcessId is not null && source != "shortlist")
            return new Rejection("options_from_shortlist", "Las opciones vienen de las dos propuestas finalistas",
                "Esta Jornada pertenece a un proceso: sus dos opciones son las propuestas que eligió la segunda mesa de trabajo y no se capturan a mano.");
        if (options.Count != 2)
            return Rejection.Invalid("exactly_two_options", "La boleta lleva exactamente dos proyectos de obra.");
        if (jornada.Options.SequenceEqual(options)) return Decision.Accept();
        return jornada.Record(new BallotOptionsSet(jornada.Id, options, source, by, now));
    }

    public static IReadOnlyList<BallotOption> Number(IEnumerable<BallotOptionInput> inputs) =>
        inputs.Select((o, i) => new BallotOption(OptionIds[i], o.Title.Trim(), o.Description.Trim(), o.EstimatedCost)).ToList();

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Jornadas.JornadaDetails>(StatusCodes.Status200OK)]
    [WolverinePut("/api/jornadas/{jornadaId}/options", OperationId = "SetBallotOptions")]
    public static (IResult, Events) Put(SetBallotOptions command, [WriteAggregate(LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = Jornada.NotFoundMessage)] Jornada jornada,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(jornada, Number(command.Options), "staff", user.Actor(), clock.GetUtcNow()).Answer(JornadaDetails.Answer(jornada.Id, clock.GetUtcNow()));
}
