namespace GobiernoAbierto.Territory;

/// <summary>The colonias of the municipal catalogue as checkboxes grouped by delegación (_ColoniaPicker.cshtml): no id is typed.</summary>
public sealed record ColoniaPicker(string Legend, string FieldName, IReadOnlyCollection<string> Selected, string? Error)
{
    public Territory Catalogue => QueretaroTerritory.Plan2020;

    /// <summary>The ticked colonias and the delegaciones they belong to, as a command wants them.</summary>
    public static (IReadOnlyList<Delegacion> Delegaciones, IReadOnlyList<Colonia> Colonias) Chosen(IEnumerable<string> ids)
    {
        var colonias = QueretaroTerritory.Plan2020.Colonias.Where(c => ids.Contains(c.Id)).ToList();
        return (QueretaroTerritory.Plan2020.Delegaciones.Where(d => colonias.Any(c => c.DelegacionId == d.Id)).ToList(), colonias);
    }
}
