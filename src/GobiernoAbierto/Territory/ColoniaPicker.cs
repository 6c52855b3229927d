namespace GobiernoAbierto.Territory;

/// <summary>
/// The colonias of the municipal catalogue as checkboxes grouped by delegación (_ColoniaPicker.cshtml): no id is typed.
/// A form that repeats an earlier Jornada (<paramref name="Earlier"/>) also offers that Jornada's colonias the catalogue
/// does not list, which the API accepts: the form dropped them without a word.
/// </summary>
public sealed record ColoniaPicker(string Legend, string FieldName, IReadOnlyCollection<string> Selected, string? Error, Territory? Earlier = null)
{
    public Territory Catalogue => QueretaroTerritory.Plan2020;

    /// <summary>The earlier Jornada's colonias that are not in the catalogue, each with its delegación's name.</summary>
    public IReadOnlyList<(Colonia Colonia, string Delegacion)> OutsideCatalogue =>
        OutsideCatalogueOf(Earlier).Select(c => (c, Earlier!.FindDelegacion(c.DelegacionId)?.Name ?? c.DelegacionId)).ToList();

    private static IReadOnlyList<Colonia> OutsideCatalogueOf(Territory? earlier) =>
        earlier?.Colonias.Where(c => QueretaroTerritory.Plan2020.FindColonia(c.Id) is null).ToList() ?? [];

    /// <summary>
    /// The ticked colonias and the delegaciones they belong to, as a command wants them: the catalogue's, then those of
    /// <paramref name="earlier"/> outside it (with their delegaciones as that Jornada has them). Any other id is ignored.
    /// </summary>
    public static (IReadOnlyList<Delegacion> Delegaciones, IReadOnlyList<Colonia> Colonias) Chosen(IEnumerable<string> ids, Territory? earlier = null)
    {
        var ticked = ids.ToHashSet(StringComparer.Ordinal);
        var colonias = QueretaroTerritory.Plan2020.Colonias.Concat(OutsideCatalogueOf(earlier)).Where(c => ticked.Contains(c.Id)).ToList();
        var delegaciones = QueretaroTerritory.Plan2020.Delegaciones
            .Concat(earlier?.Delegaciones.Where(d => QueretaroTerritory.Plan2020.FindDelegacion(d.Id) is null) ?? [])
            .Where(d => colonias.Any(c => c.DelegacionId == d.Id)).ToList();
        return (delegaciones, colonias);
    }
}
