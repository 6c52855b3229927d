using System.Reflection;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// `codegen write`: writes the adapter code Wolverine generates for every endpoint (reading the request, the aggregate
/// workflow, validation, the answer) into Internal/Generated, where the build compiles it into the service. Outside
/// Development the service runs that code (TypeLoadMode.Static) instead of compiling its own with Roslyn at start.
/// `codegen test` compiles all of it with Roslyn, as Development does endpoint by endpoint, and writes nothing.
/// A developer who changed an endpoint runs ./codegen.sh (README, "Generated endpoint code"); the test
/// `the_committed_endpoint_code_is_what_wolverine_generates_now` says when it is due.
/// </summary>
public static class CodegenCommand
{
    public const string Usage = """
        Uso (desde la raíz del repositorio): ./codegen.sh
          Escribe en src/GobiernoAbierto/Internal/Generated el código que Wolverine genera para cada punto de la API; el
          servicio compilado lo usa fuera de Development. Ejecútelo tras cambiar un endpoint y confirme lo que escribió.
          dotnet GobiernoAbierto.dll codegen write   lo escribe (en Wolverine:GeneratedCodeOutputPath, si se indica)
          dotnet GobiernoAbierto.dll codegen test    lo compila todo con Roslyn, como Development, sin escribir nada
        """;

    /// <summary>Where the generated files go: the project's Internal/Generated, unless the configuration names another folder.</summary>
    public static string OutputPath(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Wolverine:GeneratedCodeOutputPath"] is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(environment.ContentRootPath, "Internal", "Generated");

    /// <summary>
    /// Set before the host is built: for `codegen`, Wolverine discovers the endpoints without compiling or loading their
    /// code. Always set, either way: Wolverine turns it on by itself when any argument is the word "codegen" (a schema or
    /// a user so named would otherwise start the service scanning and compiling as if generating).
    /// </summary>
    public static void Prepare(string[] args) => DynamicCodeBuilder.WithinCodegenCommand = args is ["codegen", ..];

    /// <summary>Help or a wrong action, answered without a host; null for `write` and `test`, which Program runs once the host is built.</summary>
    public static int? RunOffline(string[] args, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            case ["write" or "test"]:
                return null;
            case ["--help" or "-h" or "help"]:
                output.WriteLine(Usage);
                return 0;
            default:
                error.WriteLine((args.Length == 0 ? "Falta la acción de codegen." : $"«{string.Join(' ', args)}» no es una acción de codegen.") +
                    Environment.NewLine + Environment.NewLine + Usage);
                return 2;
        }
    }

    public static int Run(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        var builder = new DynamicCodeBuilder(services, services.GetServices<ICodeFileCollection>().ToArray())
        {
            ServiceVariableSource = services.GetService<IServiceVariableSource>(),
        };
        try
        {
            if (args is ["test"])
            {
                var compiler = services.GetRequiredService<IAssemblyGenerator>();
                builder.TryBuildAndCompileAll((assembly, variables) => compiler.Compile(assembly, variables));
                output.WriteLine("El código generado de todos los endpoints compila.");
                return 0;
            }
            var written = 0;
            builder.WriteGeneratedCode(_ => written++);
            var where = OutputPath(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>());
            if (written == 0)
            {
                error.WriteLine($"No se escribió ningún archivo en {where}: Wolverine no encontró endpoints.");
                return 2;
            }
            output.WriteLine($"{written} archivos de código generado escritos en {where}.");
            return 0;
        }
        catch (Exception e)
        {
            error.WriteLine($"No se pudo generar el código de la API: {e.GetType().Name}: {e.Message}");
            return 2;
        }
    }

    /// <summary>
    /// The endpoints written in the service's code that the compiled-in generated code does not serve. Outside Development
    /// Wolverine takes its list of endpoints from that code, so an endpoint class added without ./codegen.sh would
    /// answer 404 without a word; the service refuses to start instead (Program).
    /// </summary>
    public static IReadOnlyList<string> WithoutGeneratedCode(IEnumerable<MethodInfo> declared, IEnumerable<MethodInfo> served)
    {
        var known = served.ToHashSet();
        return declared.Where(m => !known.Contains(m)).Select(m => $"{m.DeclaringType?.Name}.{m.Name}").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every method of the service marked as an endpoint ([WolverineGet], [WolverinePost]…).</summary>
    public static IEnumerable<MethodInfo> DeclaredEndpoints(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.IsDefined(typeof(WolverineHttpMethodAttribute), inherit: true));

    /// <summary>What the endpoint graph serves.</summary>
    public static IEnumerable<MethodInfo> ServedEndpoints(IEndpointRouteBuilder app) =>
        app.DataSources.OfType<HttpGraph>().SelectMany(g => g.Chains).Select(c => c.Method.Method);
}
