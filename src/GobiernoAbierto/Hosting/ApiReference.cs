using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// The OpenAPI document in Spanish, for the people who read the API reference (Scalar, Development only): a summary and
/// a description per operation, grouped by subject. One table keyed by operation id, so the endpoint files stay as they
/// are. A test checks every operation has both and one subject: a new endpoint gets its line here.
/// </summary>
public static class ApiReference
{
    public const string Jornadas = "Jornadas";
    public const string Voting = "Votación";
    public const string Roll = "Padrón y códigos";
    public const string Audit = "Auditoría";
    public const string Process = "Proceso participativo";
    public const string Proposals = "Propuestas";
    public const string Committee = "Comité";
    public const string Kiosks = "Kioscos";

    /// <summary>The security scheme of every operation that needs a credential.</summary>
    public const string CredentialScheme = "credencial";

    /// <summary>The subjects, in the order the reference lists them, with what each groups.</summary>
    public static readonly IReadOnlyList<(string Name, string Description)> Tags =
    [
        (Jornadas, "Crear, configurar, abrir, cerrar y publicar una Jornada de Participación; consultarla y ver sus resultados."),
        (Voting, "Emitir un voto (en kiosco o en línea), comprobar un recibo y saber si alguien votó con una credencial."),
        (Kiosks, "Registrar y cerrar kioscos; la sesión con que un kiosco sabe quién es."),
        (Roll, "El padrón de la Jornada y los códigos de votación de las cartas."),
        (Audit, "El cómputo en vivo, la exportación y el sello para el IEEQ, la verificación de la cadena, la bitácora y la certificación."),
        (Process, "El Plan de Acción Municipal: etapas, mesas de trabajo, priorización, convenio, avance de la obra y nombres en español."),
        (Proposals, "Propuestas de obra: presentación, respaldos, deliberación, fusión y estudio de factibilidad."),
        (Committee, "Sesiones ordinarias del Comité de Gobierno Abierto y el seguimiento de sus acuerdos."),
    ];

    /// <summary>Operation id → subject, summary (a short imperative line) and description (who may call it, what it answers).</summary>
    public static readonly IReadOnlyDictionary<string, (string Tag, string Summary, string Description)> Operations =
        new Dictionary<string, (string, string, string)>
        {
            ["ListJornadas"] = (Jornadas, "Listar las Jornadas", "Público. Todas las Jornadas, de la más reciente a la más antigua, con su estado y su periodo de votación (y el de la votación en línea, si la tiene). Una Jornada retirada antes de abrir solo si ya se emitieron sus códigos de votación (sus cartas se enviaron), con su retiro."),
            ["GetJornada"] = (Jornadas, "Consultar una Jornada", "Público. Proyectos en la boleta, periodo de votación, territorio, kioscos y si recibe votos ahora (según el reloj del servicio). De cada kiosco: dónde está, si el personal lo cerró (active) y si recibe votos ahora (takesBallots); nunca por qué se cerró."),
            ["CreateJornada"] = (Jornadas, "Crear una Jornada", "Personal municipal. Título, periodo de votación, tipo de identificador (clave de elector o CURP), delegaciones y colonias. Opcional: jornadaId, un UUID que el cliente elige antes de enviar; la misma solicitud enviada otra vez responde 409 jornada_already_created y no crea otra Jornada; el mismo identificador con otros datos, 409 jornada_id_reused."),
            ["SetBallotOptions"] = (Jornadas, "Fijar los dos proyectos de la boleta", "Personal municipal. Los proyectos A y B: título, descripción y costo estimado. No aplica a las Jornadas creadas por un proceso. Los mismos proyectos que ya tiene no son un cambio: 200 y no se registra nada."),
            ["EnableOnlineVoting"] = (Jornadas, "Habilitar la votación en línea", "Personal municipal. Recibe también votos en línea en el periodo indicado. El mismo periodo que ya tiene no es un cambio: 200 y no se registra nada."),
            ["WithdrawJornada"] = (Jornadas, "Retirar una Jornada antes de abrirla", "Personal municipal. Solo una Jornada fuera del Plan de Acción y antes de abrir la votación (creada por error, o que ya no se llevará a cabo), con el motivo, que se publica y queda en el registro. Deja de aparecer en la lista pública; no admite cambios ni votos. No se puede deshacer."),
            ["OpenJornada"] = (Jornadas, "Abrir la votación", "Personal municipal. Desde aquí los kioscos y, si aplica, el portal en línea reciben votos dentro de su horario."),
            ["CloseJornada"] = (Jornadas, "Cerrar y sellar la votación", "Personal municipal. Mezcla lo que queda en la urna sellada, lo pasa a la cadena y fija el sello (número de boletas, hash final y cómputo)."),
            ["PublishChosenProject"] = (Jornadas, "Publicar el proyecto elegido", "Personal municipal. Solo después de la certificación del IEEQ y nunca en un empate."),
            ["GetPublicResults"] = (Jornadas, "Ver los resultados públicos", "Público. Participación mientras la votación está abierta; votos por proyecto una vez sellada; el proyecto elegido una vez publicado. Con las fechas: el periodo de votación (y su cierre anticipado), y cuándo el IEEQ certificó el cómputo y se publicó el proyecto."),
            ["CastBallot"] = (Voting, "Emitir un voto", "Con la credencial de un kiosco, o en línea con la clave de elector (o CURP) y el código de votación de la carta. Responde el código de recibo. Acepta Idempotency-Key para reintentar sin contar dos veces."),
            ["CheckReceipt"] = (Voting, "Comprobar un recibo", "Público. Dice si el voto de ese recibo está en el cómputo; nunca por quién se votó, ni si espera en la urna sellada (eso permitiría a quien administra la base de datos saber de quién es cada voto)."),
            ["GetReceiptQrCode"] = (Voting, "Código QR de un recibo", "Público. Una imagen SVG con el código QR que abre la página «Comprobar mi recibo» con ese código ya escrito; la muestra el kiosco."),
            ["CheckVoterRoll"] = (Voting, "¿Está esta clave en el padrón? (kiosco)", "Con la credencial de un kiosco, antes de que la persona elija: 204 si el padrón no la detiene; si no, el mismo rechazo que daría el voto («Fuera del padrón»). Nunca si ya votó."),
            ["CheckParticipation"] = (Voting, "¿Alguien votó con mis datos?", "Público, con el identificador y el código de votación. Sí o no, el canal y el día; nunca la hora ni la elección."),
            ["RegisterKiosk"] = (Kiosks, "Registrar un kiosco", "Personal municipal. Responde una sola vez el enlace de configuración del kiosco (su credencial, que no vota), que el servicio guarda solo como hash."),
            ["ActivateKiosk"] = (Kiosks, "Configurar el equipo de un kiosco", "Enlace de configuración del kiosco. Cambia el enlace, una sola vez, por la credencial propia del equipo, la única que vota; el enlace deja de servir."),
            ["AuthorizeKiosk"] = (Kiosks, "Autorizar un kiosco (IEEQ)", "Auditoría del IEEQ, frente al equipo del kiosco. Con la huella que muestra su pantalla, el kiosco configurado empieza a recibir votos; sin ella, no recibe ninguno."),
            ["CloseKiosk"] = (Kiosks, "Cerrar un kiosco", "Personal municipal. Con el motivo, que queda en el registro. El kiosco deja de recibir votos; las boletas que recibió siguen contando."),
            ["GetKioskSession"] = (Kiosks, "Sesión del kiosco", "Credencial de kiosco o su enlace de configuración. A qué Jornada y kiosco pertenece la credencial, si el kiosco está abierto, si es la del equipo (configured) y si el IEEQ ya lo autorizó (authorized; si no, fingerprint es la huella que muestra su pantalla)."),
            ["LoadVoterRoll"] = (Roll, "Cargar el padrón (identificadores)", "Personal municipal. Reemplaza el padrón con una lista de identificadores en JSON, antes de abrir la votación. El mismo padrón que ya tiene no es un cambio: 200 y no se registra nada."),
            ["LoadVoterRollCsv"] = (Roll, "Cargar el padrón desde la lista nominal (CSV)", "Personal municipal. CSV en UTF-8 con clave_elector (o curp) y colonia; una línea mala y no se carga nada. El mismo padrón que ya tiene (mismas personas, colonias y líneas) no es un cambio: 200 y no se registra nada."),
            ["IssueVotingCodes"] = (Roll, "Emitir los códigos de votación", "Autoridad de credenciales (IEEQ). Un código por persona del padrón; responde una sola vez el ZIP con las cartas (PDF) y el CSV."),
            ["IssueVotingCodesAgain"] = (Roll, "Emitir de nuevo todos los códigos", "Autoridad de credenciales, antes de que abra la votación en línea, si la descarga de las cartas no terminó. Con {replaces}: la huella de los verificadores de la emisión que reemplaza (bitácora); si alguien la reemplazó antes, 409 voting_codes_issued_again. Un código nuevo por persona del padrón; los anteriores dejan de servir. Responde el ZIP como la primera emisión."),
            ["GetVotingCodes"] = (Roll, "Consultar la emisión de los códigos", "Autoridad de credenciales, personal municipal e IEEQ. Si los códigos ya se emitieron, la huella de los verificadores de la emisión vigente (la que pide «Emitir de nuevo todos los códigos» en replaces), cuántas personas tiene el padrón, quién los emitió de nuevo y cuándo, y si aún puede hacerse (antes de que abra la votación en línea). En una Jornada sin votación en línea, 409 online_voting_disabled."),
            ["ReissueVotingCode"] = (Roll, "Reponer la carta de una persona", "Autoridad de credenciales. Un código nuevo para una persona; el anterior deja de servir. Acepta Idempotency-Key, que vale para el folio con que se envió: la misma clave con el mismo folio responde 409 letter_already_reissued y no cambia nada (el código nuevo no se guarda para volver a darlo); con otro folio, repone ese otro."),
            ["GetLiveTally"] = (Audit, "Cómputo en vivo", "Personal municipal e IEEQ. Votos por proyecto y participación por colonia, delegación, canal y kiosco."),
            ["ExportBallots"] = (Audit, "Exportar las boletas (CSV)", "IEEQ (el personal municipal, solo en un servicio sin IEEQ). Una línea por boleta en el orden de la cadena, con su recibo y su hash; con el archivo y el recibo de una persona se sabe su voto."),
            ["ExportRecord"] = (Audit, "Exportar el registro de la Jornada (CSV)", "Personal municipal e IEEQ. Cada acto de la Jornada que no es una boleta (creación, boleta, kioscos, padrón, apertura, cierre, certificación…), encadenado con su hash."),
            ["RequestCountersignature"] = (Jornadas, "Pedir la contrafirma del IEEQ", "Personal municipal. Con la votación abierta, registrar un kiosco nuevo o cerrar antes del horario requiere la contrafirma de una persona auditora del IEEQ; se pide con el motivo; para un kiosco, con su identificador, nombre y ubicación, que la contrafirma fija."),
            ["GrantCountersignature"] = (Jornadas, "Otorgar una contrafirma", "IEEQ. Con el motivo; nunca la misma persona que la pidió. La acción la usa una sola vez."),
            ["DenyCountersignature"] = (Jornadas, "Negar una contrafirma", "IEEQ. Con el motivo; nunca la misma persona que la pidió."),
            ["WithdrawCountersignature"] = (Jornadas, "Retirar una solicitud de contrafirma", "Personal municipal. Con el motivo, una solicitud pendiente u otorgada sin usar: el IEEQ ya no la responde y su contrafirma ya no sirve."),
            ["WithdrawCountersignatureGrant"] = (Jornadas, "Retirar una contrafirma otorgada (IEEQ)", "IEEQ. Con el motivo, una contrafirma otorgada y sin usar (otorgada por error, o la situación cambió): ya no contrafirma nada y el registro dice que la retiró el IEEQ (byIeeq). Una solicitud pendiente no se retira: se niega (409 countersignature_not_granted)."),
            ["ListCountersignatures"] = (Jornadas, "Consultar las contrafirmas", "Personal municipal e IEEQ. Cada solicitud: para qué, quién la pidió y por qué, quién la resolvió y si ya se usó."),
            ["GetSeal"] = (Audit, "Consultar el sello de cierre", "Personal municipal e IEEQ. Número de boletas, cómputo, hash final de las boletas (finalHash) y sello del registro (recordHash, el que el IEEQ anota), fijados al cerrar."),
            ["VerifyChain"] = (Audit, "Verificar la cadena", "Personal municipal e IEEQ. El servicio vuelve a calcular la cadena de boletas y la compara con el sello."),
            ["GetAuditLog"] = (Audit, "Bitácora de la Jornada", "Personal municipal e IEEQ. Quién hizo qué y cuándo; se escribe unos segundos después de los hechos (503 audit_log_catching_up, con Retry-After, mientras no registra los primeros de la Jornada)."),
            ["CertifyTally"] = (Audit, "Certificar el cómputo", "IEEQ. Certifica el cómputo sellado con el sello del registro que anotó al cierre (sealHash; se acepta también el hash final de las boletas; espacios, comillas y mayúsculas no cuentan), observaciones y exportVerified: true, su declaración de que verificó la exportación, que el acta consigna. Si no coincide con el sello de la Jornada, 409 seal_mismatch y no se certifica nada."),
            ["StartProcess"] = (Process, "Iniciar un proceso de participación", "Personal municipal. Título, territorio, los dos ejes y el calendario. Opcional: processId, un UUID que el cliente elige antes de enviar; la misma solicitud enviada otra vez responde 409 process_already_started (con processId) y no inicia otro proceso; el mismo identificador con otros datos, 409 process_id_reused; un identificador que ya es de otro registro, 409 process_id_taken."),
            ["ListProcesses"] = (Process, "Listar los procesos", "Público. Cada proceso con su etapa actual."),
            ["GetProcessTimeline"] = (Process, "Consultar un proceso", "Público. Todas las etapas, la actual, las dos propuestas a votación, el convenio y la obra elegida."),
            ["AdvanceStage"] = (Process, "Avanzar a la siguiente etapa", "Personal municipal. Solo cuando ya ocurrió lo que la etapa actual requiere."),
            ["ConveneWorkTable"] = (Process, "Convocar una mesa de trabajo", "Personal municipal. Número, nombre, modalidad, lugares, fecha y sede (obligatoria si es presencial; se publica)."),
            ["ListWorkTables"] = (Process, "Listar las mesas de trabajo", "Público. Las mesas del proceso; de quienes participan solo se publica su colonia."),
            ["GetWorkTable"] = (Process, "Consultar una mesa de trabajo", "Público. Los nombres de quienes participan, solo para el personal municipal."),
            ["SeatParticipant"] = (Process, "Sentar a una persona en una mesa", "Personal municipal. El nombre que quiere en la minuta y su colonia. Acepta Idempotency-Key: la misma solicitud otra vez responde 200 con el lugar que ya dio, sin sentar a nadie más; la clave con otros datos, 422 idempotency_key_other_seat; la de un lugar anulado después, 409 seat_voided."),
            ["VoidSeat"] = (Process, "Anular el lugar de una persona en una mesa", "Personal municipal, con el motivo. Solo si no presentó ni respalda propuestas; el lugar queda libre."),
            ["GetRanking"] = (Process, "Priorización de las propuestas", "Público. El ranking consolidado con su regla."),
            ["ChooseShortlist"] = (Process, "Elegir las dos propuestas a votación", "Personal municipal. Crea la Jornada del proceso con las dos propuestas como proyectos A y B. Opcional: jornadaId, un UUID que el cliente elige antes de enviar para la Jornada que se crea; la misma elección enviada otra vez responde 409 shortlist_already_sent y no crea otra; un identificador que ya es de otro registro, 409 jornada_id_taken."),
            ["CallNewJornada"] = (Process, "Convocar una nueva Jornada", "Personal municipal. Solo cuando el IEEQ certificó que la Jornada del proceso terminó empatada o sin votos: crea otra con las mismas dos propuestas y el proceso la sigue. Opcional: jornadaId, un UUID que el cliente elige antes de enviar; la misma convocatoria enviada otra vez responde 409 jornada_already_called (con jornadaId, la Jornada ya convocada) y no convoca otra; un identificador que ya es de otro registro, 409 jornada_id_taken. Opcional: earlierJornadaId, la Jornada que la convocatoria sustituye; si otra convocatoria ya la sustituyó, responde 409 jornada_already_replaced con la Jornada que el proceso sigue (jornadaId)."),
            ["ReplanCalendar"] = (Process, "Reprogramar el calendario", "Personal municipal. Nuevas fechas (y objetivos) de las etapas que aún no llegan, con el motivo, que se publica; las demás etapas conservan las suyas y las fechas anteriores quedan en la historia del proceso. Las fechas siguen el orden de las etapas (422 calendar_out_of_order) y ninguna etapa por venir queda en un día que ya pasó en Querétaro (422 calendar_date_in_the_past); una etapa actual o concluida, 409 calendar_stage_reached; nada que cambie, 409 calendar_unchanged; sin etapas por venir, 409 calendar_nothing_to_replan; la fecha de la Jornada ya convocada con la preselección, 409 calendar_jornada_called."),
            ["SignConvenio"] = (Process, "Registrar la firma del convenio", "Personal municipal. Fecha, partes y huella SHA-256 del documento firmado."),
            ["ReportWorkProgress"] = (Process, "Informar el avance de la obra", "Personal municipal. Porcentaje, gasto acumulado y evidencias."),
            ["CorrectWorkProgress"] = (Process, "Corregir un informe de avance", "Personal municipal. El informe corregido y el motivo; lo que decía antes queda publicado con él."),
            ["GetWorkProgress"] = (Process, "Avance de la obra elegida", "Público. Porcentaje, gasto frente al presupuesto e informes con sus evidencias."),
            ["GetLabels"] = (Process, "Nombres en español", "Público. Los nombres en español de los valores de la API del proceso (etapas, estados, dictámenes…), para las páginas."),
            ["SubmitProposal"] = (Proposals, "Presentar una propuesta", "Personal municipal, por una persona sentada en la mesa. Acepta Idempotency-Key: la misma solicitud otra vez responde 200 con la propuesta que ya registró; la clave con otros datos, 422 idempotency_key_other_proposal."),
            ["ListProposals"] = (Proposals, "Listar las propuestas", "Público. Estado, resumen de la deliberación y dictamen."),
            ["GetProposal"] = (Proposals, "Consultar una propuesta", "Público. Estado, deliberación, estudio de factibilidad y su historia completa."),
            ["EndorseProposal"] = (Proposals, "Respaldar una propuesta", "Personal municipal. Hasta tres respaldos por persona, en su propia mesa."),
            ["VoidEndorsement"] = (Proposals, "Anular un respaldo", "Personal municipal, con el motivo. Un respaldo registrado por error: la propuesta lo pierde y la persona puede darlo de nuevo."),
            ["RecordArgument"] = (Proposals, "Registrar un argumento", "Personal municipal. A favor o en contra."),
            ["RecordComment"] = (Proposals, "Registrar un comentario", "Personal municipal."),
            ["WithdrawProposal"] = (Proposals, "Retirar una propuesta", "Personal municipal, a petición de quien la presentó."),
            ["MergeProposal"] = (Proposals, "Fusionar una propuesta duplicada", "Personal municipal. Sus respaldos cuentan para la otra propuesta."),
            ["RecordFeasibilityStudy"] = (Proposals, "Registrar el estudio de factibilidad", "Personal municipal. Viabilidad técnica, legal y presupuestal, costo estimado y dictamen."),
            ["RecordCommitteeSession"] = (Committee, "Registrar una sesión del Comité", "Secretaría Técnica del Comité. Asistencia, orden del día, minuta, acuerdos nuevos y seguimiento."),
            ["GetCommitteeFollowUp"] = (Committee, "Sesiones y acuerdos del Comité", "Público. Cada acuerdo, sesión por sesión."),
        };

    /// <summary>
    /// The Scalar page (Development only): Spanish title and interface, the page's language declared (its template's
    /// &lt;html&gt; has no lang; its CSP, SecurityHeaders.ApiReferencePolicy, allows its inline scripts), and no fonts from
    /// Scalar's CDN, so the page stays within this origin.
    /// </summary>
    public static void Page(ScalarOptions options) => options
        .WithTitle("GobiernoAbierto — API de la Jornada de Participación")
        .DisableDefaultFonts()
        .WithLocalization(new() { Locale = "es" })
        .AddHeadContent("<script>document.documentElement.lang = 'es-MX';</script>");

    /// <summary>For AddOpenApi: Spanish title and description, the subjects in order, each operation's summary and tag.</summary>
    public static void Describe(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "GobiernoAbierto — API de la Jornada de Participación";
            document.Info.Description = "Servicio de votación participativa del Municipio de Querétaro. Los errores son «problem details» " +
                "(RFC 7807) con título y detalle en español y un código estable. Las credenciales van en el encabezado " +
                "Authorization: Bearer; las operaciones públicas no la necesitan. Un cuerpo JSON se envía con el encabezado " +
                "Content-Type: application/json, en UTF-8; sin él, o con otro tipo, la respuesta es 415 unsupported_media_type (con otra codificación, 415 unsupported_charset) y nada se registra.";
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[CredentialScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "La credencial que el servicio dio a su institución (personal municipal, IEEQ, autoridad de credenciales, Comité) " +
                    "o la de un kiosco, en el encabezado Authorization: Bearer <credencial>. Cada operación dice los roles que la aceptan; " +
                    "con otro rol la respuesta es 403 forbidden, sin credencial o con una desconocida 401 unauthenticated, y muchas " +
                    "desconocidas seguidas desde una dirección, 429 too_many_requests.",
            };
            return Task.CompletedTask;
        });
        // Every error is a problem with a stable code (what a client branches on), the request's traceId (what support
        // asks for) and, for a field that is wrong, errors: the ProblemDetails type declares none of them.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
            {
                schema.Description = "Un error (RFC 7807): title y detail en español para las personas, code para los programas. " +
                    "Algunos códigos llevan datos más (por ejemplo jornadaId en un 409), que su descripción nombra.";
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "Código estable del error, en inglés y snake_case (por ejemplo already_voted, seal_mismatch): no cambia aunque cambie el texto.",
                };
                schema.Properties["traceId"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "Identificador de la solicitud en la bitácora del servicio, para que soporte técnico la encuentre.",
                };
                schema.Properties.TryAdd("errors", new OpenApiSchema // a validation problem's type declares its own
                {
                    Type = JsonSchemaType.Object,
                    Description = "Con un campo inválido: por campo (su nombre en el JSON), lo que hay que corregir.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                });
                schema.Required ??= new HashSet<string>();
                schema.Required.Add("code");
                schema.Required.Add("title");
                schema.Required.Add("status");
            }
            return Task.CompletedTask;
        });
        // A record's every constructor parameter is listed as required, a nullable one too (coloniaId of a ballot, kioskId of
        // a close's countersignature): a client generated from the document then sent what the service does not ask for.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (schema.Required is { Count: > 0 } required)
                foreach (var property in context.JsonTypeInfo.Properties)
                    if (property.AssociatedParameter is { IsNullable: true } || property.AssociatedParameter is { HasDefaultValue: true })
                        required.Remove(property.Name);
            return Task.CompletedTask;
        });
        // EnumNamesConverter is not the framework's own enum converter, so the schema of a choice would be empty: its names.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type is { IsEnum: true } type)
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = Enum.GetNames(type).Select(name => (System.Text.Json.Nodes.JsonNode)name).ToList();
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (operation.OperationId is { } id && Operations.TryGetValue(id, out var described))
            {
                // Wolverine names each endpoint by its route (POST_api_jornadas_jornadaId_ballots): the table's words replace it.
                operation.Summary = described.Summary;
                operation.Description = described.Description;
                operation.Tags = new HashSet<OpenApiTagReference> { new(described.Tag, context.Document) };
            }
            // The padrón's CSV is read from the body by the endpoint itself, so nothing declared it.
            if (operation.OperationId == "LoadVoterRollCsv")
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "El padrón en CSV (UTF-8): una línea de encabezado y una por persona; README, «Online voting: the padrón».",
                    Content = new Dictionary<string, OpenApiMediaType> { ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
                };
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (!metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any()
                && metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().ToList() is { Count: > 0 } authorize)
            {
                // OpenAPI 3.1 lets a bearer scheme's requirement name the roles it needs.
                var roles = authorize.SelectMany(a => (a.Roles ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    .Distinct().ToList();
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CredentialScheme, context.Document)] = roles }];
            }
            return Task.CompletedTask;
        });
    }
}
