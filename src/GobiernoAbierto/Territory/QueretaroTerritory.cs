namespace GobiernoAbierto.Territory;

/// <summary>
/// The territory of the Querétaro Plan de Acción Municipal 2020-2021 (shared/seed/cronograma-…txt):
/// the colonias the calendar lists, in the delegaciones Félix Osores Sotomayor and Felipe Carrillo Puerto.
/// The seed does not say which colonia belongs to which delegación; the split below is our reading of the
/// municipal map and must be confirmed by the municipality before a real Jornada (README, "Datos de ejemplo").
/// </summary>
public static class QueretaroTerritory
{
    public const string FelixOsores = "felix-osores-sotomayor";
    public const string FelipeCarrillo = "felipe-carrillo-puerto";

    public static Territory Plan2020 { get; } = new(
        [
            new Delegacion(FelixOsores, "Félix Osores Sotomayor"),
            new Delegacion(FelipeCarrillo, "Felipe Carrillo Puerto"),
        ],
        [
            C("francisco-villa-i", "Francisco Villa I", FelixOsores),
            C("francisco-villa-ii", "Francisco Villa II", FelixOsores),
            C("loma-bonita", "Loma Bonita", FelixOsores),
            C("villas-de-guadalupe", "Villas de Guadalupe", FelixOsores),
            C("el-paraiso", "El Paraíso", FelixOsores),
            C("luis-donaldo-colosio", "Luis Donaldo Colosio", FelixOsores),
            C("libertadores", "Libertadores", FelixOsores),
            C("felipe-angeles", "Felipe Ángeles", FelixOsores),
            C("rosendo-salazar", "Rosendo Salazar", FelixOsores),
            C("el-romerillal", "El Romerillal", FelixOsores),
            C("lomas-de-satelite", "Lomas de Satélite", FelixOsores),
            C("ciudad-del-sol", "Cd. del Sol", FelixOsores),
            C("cerrito-colorado", "Cerrito Colorado", FelixOsores),
            C("geo-villas", "Geo Villas", FelixOsores),
            C("azucenas", "Azucenas", FelixOsores),
            C("rancho-san-pedro-i", "Rancho San Pedro I", FelipeCarrillo),
            C("rancho-san-pedro-ii", "Rancho San Pedro II", FelipeCarrillo),
            C("rancho-san-pedro-iii", "Rancho San Pedro III", FelipeCarrillo),
            C("rancho-san-pedro-iv", "Rancho San Pedro IV", FelipeCarrillo),
            C("san-pedro-martir", "San Pedro Mártir", FelipeCarrillo),
            C("la-loma-ix", "La Loma IX", FelipeCarrillo),
            C("fundadores", "Fundadores", FelipeCarrillo),
            C("josefa-vergara", "Josefa Vergara", FelipeCarrillo),
            C("el-alamo", "El Álamo", FelipeCarrillo),
            C("valle-de-san-pedro", "Valle de San Pedro", FelipeCarrillo),
            C("vinedos", "Viñedos", FelipeCarrillo),
            C("sonterra", "Sonterra", FelipeCarrillo),
            C("colinas-del-poniente", "Colinas del Poniente", FelipeCarrillo),
        ]);

    private static Colonia C(string id, string name, string delegacion) => new(id, name, delegacion);
}
