namespace GobiernoAbierto.Process;

/// <summary>Each action belongs to a stage; asked at the wrong one, the answer names the current stage.</summary>
public static class StageRules
{
    public static Rejection? Require(ParticipationProcess process, string action, params Stage[] allowed) =>
        allowed.Contains(process.Stage)
            ? null
            : new Rejection("wrong_stage", "No corresponde a la etapa actual",
                $"{action} corresponde a la etapa «{string.Join("» o «", allowed.Select(s => s.Label()))}»; " +
                $"el proceso «{process.Title}» está en la etapa «{process.Stage.Label()}».");

    /// <summary>Once the shortlist is chosen the proposals on the ballot, and the ranking that chose them, stay fixed.</summary>
    public static Rejection? RequireDeliberationOpen(ParticipationProcess process, string action) =>
        Require(process, action, Stage.FirstWorkTable, Stage.SecondWorkTable) ?? (process.JornadaId is null
            ? null
            : new Rejection("deliberation_closed", "Deliberación cerrada",
                $"{action} ya no es posible: la segunda mesa eligió las propuestas que se votarán y la deliberación quedó cerrada."));

    public const string ProcessNotFoundMessage = "No existe un proceso de participación con ese identificador.";
    public static readonly Rejection ProcessNotFound = Rejection.NotFound("un proceso de participación con ese identificador");
}
