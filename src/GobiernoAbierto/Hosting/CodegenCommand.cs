using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// `codegen write`: writes the adapter code Wolverine generates for every endpoint (reading the request, the aggregate
/// workflow, validation, the answer) into Internal/Generated, where the build compiles it into the service. Outside
/// Development the service runs that code (TypeLoadMode.Static) instead of compiling its own with Roslyn at start.
/// A developer who changed an endpoint's signature, its middleware or a policy runs ./codegen.sh (README, "Generated
/// endpoint code"); the test `the_committed_endpoint_code_is_what_wolverine_generates_now` says when it is due.
/// </summary>
public static class CodegenCommand
{
    public const string Usage = """
        Uso: dotnet GobiernoAbierto.dll codegen write
          Escribe en Internal/Generated (o en Wolverine:GeneratedCodeOutputPath) el código que Wolverine genera para cada
          punto de la API. El servicio compilado lo usa fuera de Development. Desde la raíz del repositorio: ./codegen.sh.
        """;

    /// <summary>Where the generated files go: the project's Internal/Generated, unless the configuration names another folder.</summary>
    public static string OutputPath(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Wolverine:GeneratedCodeOutputPath"] is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(environment.ContentRootPath, "Internal", "Generated");

    /// <summary>Set before the host is built: Wolverine then discovers the endpoints without compiling or loading their code.</summary>
    public static void Prepare(string[] args)
    {
        if (args is ["codegen", ..]) DynamicCodeBuilder.WithinCodegenCommand = true;
    }

    /// <summary>Help or a wrong action, answered without a host; null for `write`, which Program runs once the host is built.</summary>
    public static int? RunOffline(string[] args, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            case ["write"]:
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

    public static int Write(IServiceProvider services, TextWriter output)
    {
        var builder = new DynamicCodeBuilder(services, services.GetServices<ICodeFileCollection>().ToArray())
        {
            ServiceVariableSource = services.GetService<IServiceVariableSource>(),
        };
        var written = 0;
        builder.WriteGeneratedCode(_ => written++);
        output.WriteLine($"{written} archivos de código generado escritos en " +
            $"{OutputPath(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>())}.");
        return 0;
    }
}
