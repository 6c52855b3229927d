using GobiernoAbierto.Accounts;
using GobiernoAbierto.Audit;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// What `dotnet GobiernoAbierto.dll` does with its arguments: none, or only ASP.NET's options (`--urls …`), start the
/// service; `verify`, `healthcheck`, `accounts` and `projections` are the operator's commands; `--help` lists them. Every command
/// exits 0 when done, 1 when refused (or found something wrong), 2 on wrong usage or when it could not do it.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        GobiernoAbierto: votación de la Jornada de Participación del Municipio de Querétaro.

        Uso: dotnet GobiernoAbierto.dll [COMANDO]
          (sin comando)          arranca el servicio, p. ej. con --urls http://127.0.0.1:5080; su configuración va en
                                 variables de entorno (README.md, «Configuration» y «Configuración de producción»).
                                 En una máquina de desarrollo, ./run.sh lo compila y lo arranca con datos de ejemplo.
          verify …               verifica una exportación (boletas, sello, registro) o la base de datos de una Jornada.
          healthcheck [URL]      pregunta al servicio si está listo (la orden HEALTHCHECK de la imagen de contenedor).
          accounts create-admin --user USUARIO --name "NOMBRE COMPLETO"
                                 crea una cuenta de administración de cuentas, con la configuración del servicio.
          accounts ieeq-code --user USUARIO
                                 da el código del IEEQ de una cuenta de auditoría o de la autoridad de credenciales
                                 cuando no hay ninguna cuenta de auditoría activa que lo dé.
          accounts code CLAVE    muestra el código de 6 dígitos de ahora para una clave TOTP.
          projections list | rebuild [NOMBRE …]
                                 nombra o reconstruye de los hechos registrados las vistas que el servicio guarda
                                 (con el servicio detenido).
          codegen write | test   (desarrollo) escribe o compila el código que Wolverine genera para la API;
                                 desde la raíz del repositorio: ./codegen.sh (codegen --help).
          --help, -h, help       muestra esta ayuda.
        Cada comando explica sus opciones con --help (p. ej. dotnet GobiernoAbierto.dll verify --help).
        Código de salida: 0 hecho, 1 rechazado, 2 uso incorrecto o no se pudo hacer.
        """;

    private static readonly string[] Commands = ["verify", "healthcheck", "accounts", "projections", "codegen"];

    /// <summary>
    /// Runs the commands that need no host; null when the arguments start the service, or are `accounts create-admin`/`ieeq-code`,
    /// `projections list`/`rebuild` or `codegen write`/`test` (which need the service's container: Program builds it,
    /// then AccountsCommand.RunAsync, ProjectionsCommand.RunAsync or CodegenCommand.Run).
    /// </summary>
    public static async Task<int?> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider clock)
    {
        switch (args)
        {
            case ["--help" or "-h" or "help" or "/?", ..]:
                await output.WriteLineAsync(Usage);
                return 0;
            case ["verify", .. var verifyArgs]:
                return await VerifyCommand.RunAsync(verifyArgs, output, error);
            case ["healthcheck", .. var healthArgs]:
                return await HealthProbe.RunAsync(healthArgs, output, error);
            case ["accounts", .. var accountArgs]:
                return AccountsCommand.RunOffline(accountArgs, output, error, clock);
            case ["projections", .. var projectionArgs]:
                return ProjectionsCommand.RunOffline(projectionArgs, output, error);
            case ["codegen", .. var codegenArgs]:
                return CodegenCommand.RunOffline(codegenArgs, output, error);
            // Configuration on the command line (--urls X, /urls X, urls=X) starts the service; any other word is a typo.
            case [var first, ..] when !first.StartsWith('-') && !first.StartsWith('/') && !first.Contains('='):
                await error.WriteLineAsync($"«{first}» no es un comando de GobiernoAbierto (son: {string.Join(", ", Commands)})." +
                    Environment.NewLine + Environment.NewLine + Usage);
                return 2;
            default:
                return null;
        }
    }
}
