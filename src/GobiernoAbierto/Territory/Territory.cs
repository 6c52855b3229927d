namespace GobiernoAbierto.Territory;

/// <summary>A colonia (neighbourhood) of the municipality, with the delegación it belongs to.</summary>
public sealed record Colonia(string Id, [property: OneLine] string Name, string DelegacionId);

/// <summary>A delegación (municipal borough).</summary>
public sealed record Delegacion(string Id, [property: OneLine] string Name);

/// <summary>The territory whose residents take part: delegaciones and their colonias.</summary>
public sealed record Territory(IReadOnlyList<Delegacion> Delegaciones, IReadOnlyList<Colonia> Colonias)
{
    public Colonia? FindColonia(string? id) =>
        id is null ? null : Colonias.FirstOrDefault(c => string.Equals(c.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));

    public Delegacion? FindDelegacion(string id) => Delegaciones.FirstOrDefault(d => d.Id == id);
}
