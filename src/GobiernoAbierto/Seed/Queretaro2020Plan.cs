using System.Security.Cryptography;
using System.Text;
using GobiernoAbierto.Committee;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Process;
using GobiernoAbierto.Proposals;
using GobiernoAbierto.Territory;
using GobiernoAbierto.WorkProgress;

namespace GobiernoAbierto.Seed;

/// <summary>
/// The Querétaro Plan de Acción Municipal 2020-2021 as data: what the seed calendar (shared/seed) says, and what it does
/// not say, invented and marked "(ejemplo)": the tables, proposals, deliberation, ballots, minutes, agreements and
/// progress. SampleProcess walks it through the rules.
/// </summary>
internal static class Queretaro2020Plan
{
    public static readonly Guid ProcessId = Guid.Parse("20201001-0000-4000-8000-000000000001");

    // ---------------------------------------------------------------------------------------------------------------
    // What the seed calendar says: title, axes, calendar and objectives, convenio parties, committee invitations.
    // ---------------------------------------------------------------------------------------------------------------

    internal const string Title = "Plan de Acción Municipal 2020-2021 de Gobierno Abierto del Municipio de Querétaro";
    internal const string Habitantes = "habitantes de las Delegaciones Félix Osores Sotomayor y Felipe Carrillo Puerto";

    internal static readonly Axis PublicWorks = new("obra-publica", "Combate a la Corrupción y Rendición de Cuentas en Obra Pública");

    internal static readonly Axis CultureOfPeace = new("cultura-de-paz",
        "Fortalecimiento del trabajo colaborativo con organizaciones de la Sociedad Civil para trabajar Cultura de Paz con enfoque de Derechos Humanos");

    internal static readonly CalendarEntry[] Calendar =
    [
        new(Stage.FirstWorkTable, new(2020, 10, 1),
            $"Que los {Habitantes} y las Autoridades del Gobierno Municipal, entablen un diálogo cercano y colaborativo para la construcción de proyectos viables en obra social."),
        new(Stage.SecondWorkTable, new(2020, 10, 8),
            $"Que las Autoridades del Gobierno Municipal expongan el estudio de factibilidad de las propuestas de obras para que {Habitantes} elijan dos propuestas para que el día de la Jornada de Participación puedan decidirse por una obra para ejecutarse."),
        new(Stage.Jornada, new(2020, 10, 18),
            $"Que los {Habitantes}, participen en la decisión de elegir uno de los dos proyectos de obra para que sea el que se ejecute."),
        new(Stage.Convenio, new(2020, 11, 25), "Firma del Convenio de Colaboración para la implementación del Plan de Acción Municipal 2020-2021."),
        new(Stage.FirstCommitteeSession, new(2020, 12, 30), CommitteeObjective("al inicio y seguimiento")),
        new(Stage.SecondCommitteeSession, new(2021, 2, 25), CommitteeObjective("al seguimiento")),
        new(Stage.ThirdCommitteeSession, new(2021, 7, 12), CommitteeObjective("al seguimiento")),
        new(Stage.FourthCommitteeSession, new(2021, 9, 21), CommitteeObjective("al seguimiento")),
    ];

    internal static string CommitteeObjective(string what) =>
        $"Conocer la información pública relativa {what} de los ejes: “{PublicWorks.Name}” y “{CultureOfPeace.Name}” del Plan de Acción Municipal 2020-2021.";

    internal static readonly ConvenioParty[] ConvenioParties =
    [
        new("Municipio de Querétaro", "Gobierno municipal: ejecuta la obra elegida"),
        new("IEEQ", "Instituto Electoral del Estado de Querétaro: certificó el cómputo de la Jornada de Participación"),
        new("Representante de la Delegación Félix Osores Sotomayor", "Representación de las y los habitantes"),
        new("Representante de la Delegación Felipe Carrillo Puerto", "Representación de las y los habitantes"),
        new("Infoqro", "Órgano garante de transparencia y acceso a la información pública"),
    ];

    internal const string ObrasPublicas = "Secretaria de Obras Públicas";
    internal const string QueretaroPorLaPaz = "Coordinador del Programa “Querétaro por la Paz”";
    internal const string AsistenciaPrivada = "Junta de Asistencia Privada";
    internal const string Merced = "Fundación Merced";
    internal const string PuertaAbierta = "Puerta Abierta";
    internal const string Brali = "Asociación Brali";
    internal const string LabUaq = "LAB-UAQ Ciudadanía Digital";
    internal const string JovenesAbogados = "Federación Mexicana de Jóvenes Abogados";

    /// <summary>The calendar names the members by office only; so do we.</summary>
    internal static readonly SessionMember[] Members =
    [
        new(RecordCommitteeSessionEndpoint.Presidente, "Presidente del Comité (ejemplo)"),
        new(RecordCommitteeSessionEndpoint.Vocal, "Vocal del Comité (ejemplo)"),
        new(RecordCommitteeSessionEndpoint.SecretariaTecnica, "Secretaria Técnica del Comité (ejemplo)"),
    ];

    // ---------------------------------------------------------------------------------------------------------------
    // What the calendar does not say, invented: the tables, proposals, ballots, minutes, agreements and progress.
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>8 virtual tables of 9: tables 1-4 with residents of Félix Osores Sotomayor, 5-8 of Felipe Carrillo Puerto.</summary>
    internal const int Tables = 8, Seats = 9;

    internal static readonly string[] FirstNames =
    [
        "María", "José", "Guadalupe", "Juan", "Rosa", "Luis", "Ana", "Carlos", "Verónica", "Miguel", "Patricia", "Jorge",
        "Laura", "Francisco", "Alejandra", "Ricardo", "Claudia", "Fernando", "Silvia", "Antonio", "Gabriela", "Javier", "Leticia", "Roberto",
        "Adriana", "Sergio", "Martha", "Raúl", "Elena", "Héctor", "Teresa", "Arturo", "Norma", "Eduardo", "Beatriz", "Manuel",
    ];

    internal const string Initials = "GHMRLSTPCDVAEFNOBZ";

    internal static string DelegacionOf(int table) => table <= 4 ? QueretaroTerritory.FelixOsores : QueretaroTerritory.FelipeCarrillo;

    internal sealed record ProposalPlan(string Key, int Table, int AuthorSeat, string Title, string Description, WorkCategory Category,
        string ColoniaId, decimal RoughCost, int Endorsers, RecordFeasibilityStudy? Study);

    internal static RecordFeasibilityStudy Viable(decimal cost, string reasons) => new(
        new(true, "Técnicamente factible con el proyecto tipo de la Secretaría de Obras Públicas (ejemplo)."),
        new(true, "Se ejecuta en vía pública o predio municipal (ejemplo)."),
        new(true, "Cabe en el monto del plan para obra social (ejemplo)."), cost, Verdict.Viable, reasons);

    internal static RecordFeasibilityStudy NotViable(decimal cost, Assessment? legal, Assessment? budget, string reasons) => new(
        new(true, "Técnicamente factible (ejemplo)."),
        legal ?? new(true, "Sin impedimento legal (ejemplo)."),
        budget ?? new(true, "Cabe en el monto del plan (ejemplo)."), cost, Verdict.NotViable, reasons);

    /// <summary>
    /// Seventeen proposals at the eight tables. Endorsers: how many at the table back it, seats taking turns, so everyone
    /// backs one or two. No study: withdrawn, or merged, before the second table.
    /// </summary>
    internal static readonly ProposalPlan[] ProposalPlans =
    [
        new("cancha", 1, 0, "Rehabilitación de la cancha de usos múltiples de Loma Bonita (ejemplo)",
            "Rehabilitar la cancha con piso nuevo, alumbrado, gradas y rampas de acceso.", WorkCategory.PublicSpace, "loma-bonita", 2_300_000m, 8,
            Viable(2_450_000m, "Predio municipal; incluye alumbrado y rampas (ejemplo).")),
        new("pavimento-villa", 1, 3, "Pavimentación con concreto hidráulico de la calle principal de Francisco Villa II (ejemplo)",
            "Pavimentar 400 m de calle con guarniciones y banquetas.", WorkCategory.Paving, "francisco-villa-ii", 4_100_000m, 4,
            Viable(4_350_000m, "Vía pública municipal; requiere cierre parcial de la calle durante la obra (ejemplo).")),
        new("colector", 2, 1, "Colector pluvial para evitar inundaciones en El Paraíso (ejemplo)",
            "Construir un colector pluvial en la parte baja de la colonia, que se inunda cada temporada de lluvias.", WorkCategory.WaterAndDrainage, "el-paraiso", 7_800_000m, 9,
            NotViable(8_600_000m, null, new(false, "El costo excede el monto del plan para una sola obra (ejemplo)."),
                "Excede el monto disponible; se turna a la Comisión Estatal de Aguas para su programa anual (ejemplo).")),
        new("alumbrado-guadalupe", 2, 4, "Alumbrado público LED en Villas de Guadalupe (ejemplo)",
            "Sustituir y ampliar las luminarias de las calles sin alumbrado.", WorkCategory.Lighting, "villas-de-guadalupe", 1_200_000m, 5,
            Viable(1_150_000m, "Se aprovechan los postes existentes (ejemplo).")),
        new("techado", 3, 2, "Techado de la plaza cívica de la primaria de Felipe Ángeles (ejemplo)",
            "Colocar una techumbre en la plaza cívica de la escuela primaria.", WorkCategory.CommunityFacility, "felipe-angeles", 1_100_000m, 7,
            NotViable(1_300_000m, new(false, "El inmueble es una escuela de competencia estatal; el municipio no puede invertir en él sin convenio (ejemplo)."), null,
                "No es competencia municipal; se canaliza a la autoridad educativa estatal (ejemplo).")),
        new("gimnasio", 3, 5, "Gimnasio al aire libre en Luis Donaldo Colosio (ejemplo)",
            "Instalar aparatos de ejercicio y bancas en el área verde de la colonia.", WorkCategory.PublicSpace, "luis-donaldo-colosio", 650_000m, 5,
            Viable(700_000m, "Área verde municipal (ejemplo).")),
        new("parque", 4, 0, "Rehabilitación del parque de Lomas de Satélite (ejemplo)",
            "Rehabilitar andadores, juegos infantiles, alumbrado y arbolado del parque.", WorkCategory.PublicSpace, "lomas-de-satelite", 1_600_000m, 7,
            Viable(1_750_000m, "Predio municipal (ejemplo).")),
        new("centro-comunitario", 4, 2, "Centro comunitario en Cerrito Colorado (ejemplo)",
            "Construir un centro comunitario con salón de usos múltiples.", WorkCategory.CommunityFacility, "cerrito-colorado", 9_500_000m, 0, null),
        new("red-agua", 4, 6, "Sustitución de la red de agua potable en Geo Villas (ejemplo)",
            "Sustituir la tubería de agua potable, que tiene fugas frecuentes.", WorkCategory.WaterAndDrainage, "geo-villas", 3_000_000m, 4,
            NotViable(3_200_000m, new(false, "La red de agua potable es de la Comisión Estatal de Aguas, no del municipio (ejemplo)."), null,
                "No es competencia municipal; se turna a la Comisión Estatal de Aguas (ejemplo).")),
        new("banquetas", 5, 1, "Banquetas accesibles y alumbrado en la ruta escolar de Rancho San Pedro (ejemplo)",
            "Construir banquetas accesibles y colocar luminarias LED en la ruta que siguen las y los estudiantes hacia la escuela y el transporte público.",
            WorkCategory.Mobility, "rancho-san-pedro-ii", 1_900_000m, 8,
            Viable(1_920_000m, "Vía pública municipal; incluye la ruta de la propuesta fusionada de la mesa 7 (ejemplo).")),
        new("futbol", 5, 4, "Cancha de fútbol rápido en San Pedro Mártir (ejemplo)",
            "Construir una cancha de fútbol rápido con pasto sintético y malla perimetral.", WorkCategory.PublicSpace, "san-pedro-martir", 2_800_000m, 5,
            Viable(2_900_000m, "Predio municipal (ejemplo).")),
        new("juegos", 6, 0, "Rehabilitación del área verde y juegos infantiles en Fundadores (ejemplo)",
            "Rehabilitar el área verde y sustituir los juegos infantiles dañados.", WorkCategory.PublicSpace, "fundadores", 900_000m, 6,
            Viable(980_000m, "Área verde municipal (ejemplo).")),
        new("alumbrado-vergara", 6, 3, "Alumbrado público en Josefa Vergara (ejemplo)",
            "Colocar luminarias en las calles que hoy están a oscuras.", WorkCategory.Lighting, "josefa-vergara", 1_000_000m, 5,
            Viable(1_050_000m, "Requiere ampliar la red eléctrica en dos calles (ejemplo).")),
        new("ruta-secundaria", 7, 2, "Alumbrado y banquetas en el camino a la secundaria de Rancho San Pedro (ejemplo)",
            "Banquetas y luminarias en el camino que recorren las y los estudiantes de la secundaria.", WorkCategory.Mobility, "rancho-san-pedro-iii", 2_100_000m, 6, null),
        new("cruces", 7, 5, "Rampas y cruces seguros frente al centro de salud de La Loma IX (ejemplo)",
            "Construir rampas, cruces peatonales y señalamiento frente al centro de salud.", WorkCategory.Mobility, "la-loma-ix", 600_000m, 5,
            Viable(640_000m, "Vía pública municipal (ejemplo).")),
        new("unidad-deportiva", 8, 1, "Rehabilitación de la unidad deportiva de Valle de San Pedro (ejemplo)",
            "Rehabilitar canchas, vestidores y alumbrado de la unidad deportiva.", WorkCategory.PublicSpace, "valle-de-san-pedro", 3_500_000m, 7,
            Viable(3_700_000m, "Predio municipal (ejemplo).")),
        new("pavimento-colinas", 8, 4, "Pavimentación en Colinas del Poniente (ejemplo)",
            "Pavimentar las dos calles de acceso a la colonia.", WorkCategory.Paving, "colinas-del-poniente", 2_600_000m, 4,
            Viable(2_750_000m, "Vía pública municipal (ejemplo).")),
    ];

    internal const string Withdrawn = "centro-comunitario";
    internal const string WithdrawalReason = "El predio que propuse no está disponible; me sumo a la propuesta del parque de Lomas de Satélite (ejemplo).";
    internal const string Duplicate = "ruta-secundaria", Survivor = "banquetas";
    internal const string MergeReason = "Duplica la propuesta de la mesa 5: es la misma ruta escolar de Rancho San Pedro (ejemplo).";

    /// <summary>What participants said at each table, as facilitators recorded it. Seat: at the proposal's table; no stance: a comment.</summary>
    internal static readonly (Stage Stage, string Proposal, int Seat, Stance? Stance, string Text)[] Deliberation =
    [
        (Stage.FirstWorkTable, "banquetas", 2, Stance.For, "Niñas y niños caminan por el arroyo vehicular y sin luz para llegar a la escuela (ejemplo)."),
        (Stage.FirstWorkTable, "banquetas", 6, Stance.Against, "Primero habría que reparar el drenaje de la misma calle (ejemplo)."),
        (Stage.FirstWorkTable, "cancha", 1, Stance.For, "Es el único espacio deportivo de la colonia y hoy está en mal estado (ejemplo)."),
        (Stage.FirstWorkTable, "cancha", 5, null, "Que incluya bebederos y rampas para sillas de ruedas (ejemplo)."),
        (Stage.FirstWorkTable, "colector", 3, Stance.For, "Cada temporada de lluvias se inundan las casas de la parte baja (ejemplo)."),
        (Stage.FirstWorkTable, "colector", 7, Stance.Against, "Es una obra muy costosa para el presupuesto de un solo año (ejemplo)."),
        (Stage.FirstWorkTable, "techado", 4, Stance.For, "Las y los alumnos hacen honores a la bandera bajo el sol (ejemplo)."),
        (Stage.FirstWorkTable, "unidad-deportiva", 3, Stance.For, "La usan jóvenes de varias colonias vecinas (ejemplo)."),
        (Stage.FirstWorkTable, "alumbrado-vergara", 2, null, "Conviene acordar con la delegación el horario de encendido (ejemplo)."),
        (Stage.FirstWorkTable, "ruta-secundaria", 0, null, "Coincide con lo que se plantea en otra mesa para Rancho San Pedro; proponemos unirlas (ejemplo)."),
        (Stage.SecondWorkTable, "cancha", 6, Stance.For, "El estudio de factibilidad confirma que el predio es municipal (ejemplo)."),
        (Stage.SecondWorkTable, "banquetas", 4, Stance.For, "Con la ruta de la secundaria incluida, beneficia a más estudiantes (ejemplo)."),
    ];

    /// <summary>~300 ballots on 18/10/2020 in four group commits; option A (the first of the shortlist) gets 3 of every 5.</summary>
    internal const int BallotCount = 300;

    internal static readonly DateTimeOffset[] BallotCommits = [At(2020, 10, 18, 9), At(2020, 10, 18, 11, 30), At(2020, 10, 18, 14), At(2020, 10, 18, 16, 30)];

    internal static readonly RegisterKiosk[] JornadaKiosks =
    [
        new("kiosco-felix-osores", "Kiosco Delegación Félix Osores Sotomayor (ejemplo)", "Oficinas de la Delegación Félix Osores Sotomayor"),
        new("kiosco-carrillo-puerto", "Kiosco Delegación Felipe Carrillo Puerto (ejemplo)", "Oficinas de la Delegación Felipe Carrillo Puerto"),
    ];

    internal static string KioskFor(string delegacionId) => delegacionId == QueretaroTerritory.FelixOsores ? JornadaKiosks[0].KioskId : JornadaKiosks[1].KioskId;

    internal static readonly RecordCommitteeSession[] Sessions =
    [
        new(1, new(2020, 12, 30), Members, [ObrasPublicas, QueretaroPorLaPaz, AsistenciaPrivada, Merced, PuertaAbierta, LabUaq, JovenesAbogados],
            [
                new(PublicWorks.Id, "Presentación del proyecto elegido en la Jornada de Participación y de su expediente técnico (ejemplo)."),
                new(CultureOfPeace.Id, "Programa de trabajo con organizaciones de la sociedad civil (ejemplo)."),
            ],
            "Se instaló el Comité con quórum. La Secretaría de Obras Públicas presentó el proyecto elegido y su calendario; las organizaciones invitadas presentaron sus propuestas de trabajo en cultura de paz (ejemplo).",
            [
                new("Publicar en el portal de transparencia municipal el expediente técnico, el presupuesto y el contrato de la obra elegida (ejemplo).",
                    PublicWorks.Id, ObrasPublicas, new(2021, 2, 15)),
                new("Integrar un comité ciudadano de vigilancia de la obra con habitantes de Rancho San Pedro (ejemplo).",
                    PublicWorks.Id, "Secretaria Técnica del Comité", new(2021, 2, 25)),
                new("Elaborar con las organizaciones invitadas un calendario de talleres de cultura de paz en las dos delegaciones (ejemplo).",
                    CultureOfPeace.Id, QueretaroPorLaPaz, new(2021, 3, 31)),
            ], []),
        new(2, new(2021, 2, 25), Members, [ObrasPublicas, QueretaroPorLaPaz, Merced, LabUaq],
            [
                new(PublicWorks.Id, "Seguimiento del inicio de la obra y del comité ciudadano de vigilancia (ejemplo)."),
                new(CultureOfPeace.Id, "Calendario de talleres de cultura de paz (ejemplo)."),
            ],
            "La Secretaría de Obras Públicas informó el arranque de la obra; el expediente técnico ya es público. Se revisó el calendario de talleres con Fundación Merced (ejemplo).",
            [
                new("Presentar en cada sesión el avance físico y financiero de la obra con sus evidencias (ejemplo).", PublicWorks.Id, ObrasPublicas, new(2021, 9, 21)),
                new("Realizar un foro presencial sobre participación ciudadana con LAB-UAQ Ciudadanía Digital (ejemplo).", CultureOfPeace.Id, LabUaq, new(2021, 5, 31)),
            ],
            [
                new("ACU-1-01", AgreementStatus.Done, "Expediente técnico, presupuesto y contrato publicados el 12/02/2021 (ejemplo)."),
                new("ACU-1-02", AgreementStatus.InProgress, "Se registraron seis personas; falta su capacitación (ejemplo)."),
                new("ACU-1-03", AgreementStatus.InProgress, "Calendario en revisión con las organizaciones (ejemplo)."),
            ]),
        new(3, new(2021, 7, 12), Members, [ObrasPublicas, QueretaroPorLaPaz, Merced, PuertaAbierta, Brali, LabUaq, JovenesAbogados],
            [
                new(PublicWorks.Id, "Avance físico y financiero de la obra (ejemplo)."),
                new(CultureOfPeace.Id, "Talleres realizados y foro de participación ciudadana (ejemplo)."),
            ],
            "Se presentó el avance de la obra al 80%. Por las restricciones sanitarias el foro presencial no se realizará; se acuerda hacerlo en línea (ejemplo).",
            [
                new("Realizar el foro de participación ciudadana en línea con Asociación Brali y Puerta Abierta (ejemplo).", CultureOfPeace.Id,
                    "Secretaria Técnica del Comité", new(2021, 9, 15)),
            ],
            [
                new("ACU-1-02", AgreementStatus.Done, "El comité ciudadano de vigilancia, capacitado, ha visitado la obra dos veces (ejemplo)."),
                new("ACU-1-03", AgreementStatus.InProgress, "Cuatro de seis talleres realizados (ejemplo)."),
                new("ACU-2-01", AgreementStatus.InProgress, "Se presentaron los informes de avance de mayo y julio (ejemplo)."),
                new("ACU-2-02", AgreementStatus.Cancelled, "Se cancela por las restricciones sanitarias; lo sustituye el acuerdo ACU-3-01 (ejemplo)."),
            ]),
        new(4, new(2021, 9, 21), Members, [ObrasPublicas, QueretaroPorLaPaz, Merced, PuertaAbierta, Brali, LabUaq, JovenesAbogados],
            [
                new(PublicWorks.Id, "Entrega de la obra terminada e informe final de gasto (ejemplo)."),
                new(CultureOfPeace.Id, "Resultados de los talleres y del foro en línea (ejemplo)."),
            ],
            "La Secretaría de Obras Públicas informó la conclusión de la obra y su gasto final. Se realizaron los seis talleres y el foro en línea. Se cierra el seguimiento del Plan de Acción Municipal 2020-2021 (ejemplo).",
            [
                new("Publicar el informe final del Plan de Acción Municipal 2020-2021 con los resultados de ambos ejes (ejemplo).", PublicWorks.Id,
                    "Secretaria Técnica del Comité", new(2021, 10, 29)),
            ],
            [
                new("ACU-1-03", AgreementStatus.Done, "Seis talleres realizados, tres en cada delegación (ejemplo)."),
                new("ACU-2-01", AgreementStatus.Done, "Obra concluida al 100%; informe final presentado (ejemplo)."),
                new("ACU-3-01", AgreementStatus.Done, "Foro en línea realizado el 26/08/2021 (ejemplo)."),
            ]),
    ];

    /// <summary>Progress of the chosen work, each report presented at the next committee session.</summary>
    internal static readonly ReportWorkProgress[] Progress =
    [
        new(new(2021, 2, 19), 10, 192_000m, [Document("Acta de inicio de obra (ejemplo)"), Link("Fotografías del trazo de banquetas (ejemplo)", "2021-02")],
            "Anticipo al contratista; trazo y demolición de banquetas existentes (ejemplo)."),
        new(new(2021, 5, 14), 45, 830_000m, [Document("Estimación 1 de obra (ejemplo)"), Link("Fotografías de avance (ejemplo)", "2021-05")],
            "Banquetas construidas en el primer tramo; cimentación de postes (ejemplo)."),
        new(new(2021, 7, 9), 80, 1_480_000m, [Document("Estimación 2 de obra (ejemplo)"), Link("Fotografías de avance (ejemplo)", "2021-07")],
            "Banquetas del segundo tramo y luminarias instaladas (ejemplo)."),
        new(new(2021, 9, 17), 100, 1_885_000m, [Document("Acta de entrega-recepción a la comunidad (ejemplo)"), Link("Fotografías de la obra terminada (ejemplo)", "2021-09")],
            "Obra terminada y entregada a la comunidad con el comité ciudadano de vigilancia (ejemplo)."),
    ];

    /// <summary>
    /// The May report as it was first recorded, 54 % for 45 % (the July report could not have said less), and its
    /// correction three days later: the sample shows a corrected report with what it said before.
    /// </summary>
    internal static readonly (ReportWorkProgress Mistyped, DateOnly CorrectedOn, CorrectWorkProgress Correction) MistypedReport =
        (Progress[1] with { PercentComplete = 54 }, new(2021, 5, 17),
            new(Progress[1], "Se capturó 54 % de avance en lugar de 45 %, el de la estimación 1 (ejemplo)."));

    internal static Evidence Document(string title) => new(title, Sha256(title), null);

    internal static Evidence Link(string description, string month) =>
        new(description, null, $"https://obras.queretaro.example/plan-accion-2020-2021/avance-{month}");

    internal static string Sha256(string placeholder) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(placeholder)));

    internal const string ConvenioTitle = "Convenio de Colaboración para la implementación del Plan de Acción Municipal 2020-2021 (ejemplo)";

    internal static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => At(new DateOnly(year, month, day), hour, minute);

    /// <summary>Querétaro local time.</summary>
    internal static DateTimeOffset At(DateOnly day, int hour, int minute = 0) => QueretaroTime.At(day, new TimeOnly(hour, minute));
}
