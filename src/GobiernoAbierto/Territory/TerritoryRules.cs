using System.Linq.Expressions;

namespace GobiernoAbierto.Territory;

/// <summary>
/// The territory as a request sends it, for a Jornada and for a process alike (the process's had only its ids checked,
/// and kept a colonia without id or name, or with a 100 KB name: an outside tester): at least one delegación and one
/// colonia, each with an identifier and a name, a catalogue id with its catalogue name, none twice, and every colonia in
/// a delegación sent with it.
/// </summary>
public static class TerritoryRules
{
    public static void AddTerritoryRules<T>(this AbstractValidator<T> validator, Expression<Func<T, IEnumerable<Delegacion>>> delegaciones,
        Expression<Func<T, IEnumerable<Colonia>>> colonias)
    {
        var delegacionesOf = delegaciones.Compile();
        var coloniasOf = colonias.Compile();
        validator.RuleFor(delegaciones).NotEmpty().WithName("delegaciones").WithMessage("Indique al menos una delegación.");
        validator.RuleFor(colonias).NotEmpty().WithName("colonias").WithMessage("Marque al menos una colonia.");
        validator.RuleForEach(delegaciones).ChildRules(d =>
        {
            d.RuleFor(x => x.Id).NotEmpty().WithMessage("Falta el identificador de la delegación.")
                .Matches(Slug.Pattern).WithMessage(Slug.Message).WithName("identificador de la delegación");
            d.RuleFor(x => x.Name).NotEmpty().WithMessage("Falta el nombre de la delegación.")
                .MaximumLength(120).WithMessage("El nombre de la delegación lleva hasta 120 caracteres.").WithName("nombre de la delegación");
            // An identifier of the municipal catalogue carries its name: residents read the name, the records keep the id.
            d.RuleFor(x => x).Must(x => QueretaroTerritory.Plan2020.FindDelegacion(x.Id) is not { } known || known.Name == x.Name?.Trim())
                .OverridePropertyName("name")
                .WithMessage(x => $"La delegación «{x.Id}» del catálogo municipal se llama «{QueretaroTerritory.Plan2020.FindDelegacion(x.Id)!.Name}»: use ese nombre.");
        });
        validator.RuleForEach(colonias).ChildRules(d =>
        {
            d.RuleFor(x => x.Id).NotEmpty().WithMessage("Falta el identificador de la colonia.")
                .Matches(Slug.Pattern).WithMessage(Slug.Message).WithName("identificador de la colonia");
            d.RuleFor(x => x.Name).NotEmpty().WithMessage("Falta el nombre de la colonia.")
                .MaximumLength(120).WithMessage("El nombre de la colonia lleva hasta 120 caracteres.").WithName("nombre de la colonia");
            d.RuleFor(x => x).Must(x => QueretaroTerritory.Plan2020.FindColonia(x.Id) is not { } known || (known.Name == x.Name?.Trim() && known.DelegacionId == x.DelegacionId))
                .OverridePropertyName("name")
                .WithMessage(x => QueretaroTerritory.Plan2020.FindColonia(x.Id) is { } known && known.DelegacionId != x.DelegacionId
                    ? $"La colonia «{x.Id}» del catálogo municipal pertenece a la delegación «{known.DelegacionId}»: use ese delegacionId."
                    : $"La colonia «{x.Id}» del catálogo municipal se llama «{QueretaroTerritory.Plan2020.FindColonia(x.Id)!.Name}»: use ese nombre.");
        });
        validator.RuleFor(c => c).Must(c => delegacionesOf(c) is not { } all || all.Where(d => d is not null).ToList() is var listed && listed.Select(d => d.Id).Distinct().Count() == listed.Count)
            .WithName("delegaciones").WithMessage("Hay delegaciones con el mismo identificador.");
        validator.RuleFor(c => c).Must(c => coloniasOf(c) is not { } all || all.Where(d => d is not null).ToList() is var listed && listed.Select(d => d.Id).Distinct().Count() == listed.Count)
            .WithName("colonias").WithMessage("Hay colonias con el mismo identificador.");
        validator.RuleFor(c => c).Must(c => coloniasOf(c) is not { } all || delegacionesOf(c) is not { } owners
                || all.All(col => col is null || owners.Any(d => d?.Id == col.DelegacionId)))
            .WithName("colonias").WithMessage("Cada colonia debe pertenecer a una de las delegaciones enviadas (delegacionId).");
    }
}
