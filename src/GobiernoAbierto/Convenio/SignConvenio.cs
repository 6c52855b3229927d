using GobiernoAbierto.Process;

namespace GobiernoAbierto.Convenio;

/// <summary>The collaboration agreement: when, who signed, and the SHA-256 of the signed document (not the document).</summary>
public sealed record SignConvenio(DateOnly SignedOn, IReadOnlyList<ConvenioParty> Parties, [property: OneLine] string DocumentTitle, string DocumentSha256,
    string? DocumentUrl = null);

public sealed class SignConvenioValidator : AbstractValidator<SignConvenio>
{
    public SignConvenioValidator()
    {
        RuleFor(c => c.Parties).Must(p => p is { Count: >= 2 }).WithName("partes").WithMessage("Un convenio lo firman al menos dos partes.");
        RuleFor(c => c.Parties).Must(p => Names.Repeated(p?.Select(x => x?.Name)) is null).WithName("partes")
            .WithMessage(c => $"«{Names.Repeated(c.Parties?.Select(x => x?.Name))}» aparece dos veces entre las partes del convenio: cada parte firma una vez.");
        RuleForEach(c => c.Parties).ChildRules(p =>
        {
            p.RuleFor(x => x.Name).NotEmpty().WithMessage("Escriba el nombre de la parte.")
                .MaximumLength(200).WithMessage("El nombre de la parte lleva hasta 200 caracteres.").WithName("nombre de la parte");
            p.RuleFor(x => x.Role).NotEmpty().WithMessage("Escriba con qué carácter firma la parte.")
                .MaximumLength(200).WithMessage("El carácter con que firma lleva hasta 200 caracteres.").WithName("carácter de la parte");
        });
        RuleFor(c => c.DocumentTitle).NotEmpty().WithMessage("Escriba el título del documento firmado.")
            .MaximumLength(300).WithMessage("El título del documento lleva hasta 300 caracteres.").WithName("título del documento");
        RuleFor(c => c.DocumentSha256).NotEmpty().WithMessage("Escriba la huella SHA-256 del documento firmado (sha256sum convenio.pdf).")
            .Must(h => h is null || Audit.NotedHash.IsHash(h))
            .WithName("huella del documento")
            .WithMessage("La huella del documento firmado es su SHA-256: 64 caracteres hexadecimales, con o sin espacios (sha256sum convenio.pdf).")
            .Must(h => !Audit.NotedHash.IsOfAnEmptyFile(h)).WithMessage(Audit.NotedHash.EmptyFileMessage);
        RuleFor(c => c.DocumentUrl).MaximumLength(2000).WithName("liga del documento").WithMessage("La liga del documento lleva hasta 2,000 caracteres.");
        RuleFor(c => c.DocumentUrl).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
            .When(c => c.DocumentUrl is not null).WithName("liga del documento").WithMessage("La liga del documento debe ser una dirección https completa.");
    }
}

public static class SignConvenioEndpoint
{
    public static Decision Decide(ParticipationProcess process, SignConvenio command, string by, DateTimeOffset now)
    {
        if (StageRules.Require(process, "Registrar la firma del convenio", Stage.Convenio) is { } wrong) return wrong;
        if (process.ConvenioSigned)
            return new Rejection("convenio_already_signed", "Convenio ya registrado", "La firma del convenio de este proceso ya está registrada.");
        // Recorded once and published as typed: a date ahead is a typo that nothing could correct.
        if (command.SignedOn > QueretaroTime.Today(now))
            return new Rejection("convenio_in_the_future", "Fecha de firma futura",
                $"La firma es del {command.SignedOn:dd/MM/yyyy} y hoy es {QueretaroTime.Today(now):dd/MM/yyyy} en Querétaro: se registra un convenio ya firmado, con la fecha de su firma.",
                StatusCodes.Status422UnprocessableEntity);
        // A convenio dated years before the vote was taken and published beside it, and let the committee's sessions be
        // dated before the vote too (an outside tester).
        if (process.PublishedOn is { } published && command.SignedOn < published)
            return new Rejection("convenio_before_publication", "Firma anterior a la publicación",
                $"La firma es del {command.SignedOn:dd/MM/yyyy} y el proyecto elegido se publicó el {published:dd/MM/yyyy}: el convenio se firma " +
                "para la obra ya elegida. Revise la fecha.", StatusCodes.Status422UnprocessableEntity);
        return Decision.Accept(new ConvenioSigned(process.Id, command.SignedOn, command.Parties, command.DocumentTitle.Trim(),
            // Read as the IEEQ's noted seal is: older certutil prints byte pairs, people copy it in groups or in quotes.
            Audit.NotedHash.Compact(command.DocumentSha256), command.DocumentUrl, by, now));
    }

    [Authorize(Roles = Roles.Staff)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<GobiernoAbierto.Process.ProcessTimeline>(StatusCodes.Status200OK)]
    [WolverinePost("/api/processes/{processId}/convenio", OperationId = "SignConvenio")]
    public static (IResult, Events) Post(SignConvenio command,
        [WriteAggregate("processId", LoadStyle = ConcurrencyStyle.Exclusive, MissingMessage = StageRules.ProcessNotFoundMessage)] ParticipationProcess process,
        ClaimsPrincipal user, TimeProvider clock) =>
        Decide(process, command, user.Actor(), clock.GetUtcNow()).Answer(Answers.View<ProcessTimeline>(process.Id));
}
