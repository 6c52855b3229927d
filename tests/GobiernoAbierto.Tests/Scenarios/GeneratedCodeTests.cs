using System.Net.Http.Json;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The code Wolverine generates for the API's endpoints is committed (src/GobiernoAbierto/Internal/Generated, written by
/// ./codegen.sh) and, outside Development, the service and these tests run it as built. Wolverine cannot tell when it
/// is out of date, so this does: what `codegen write` produces from the endpoints as they are now must be what is committed.
/// </summary>
public sealed class when_the_endpoints_code_is_generated_ahead_of_time
{
    private static string Committed => Path.Combine(RepositoryFiles.Root(), "src", "GobiernoAbierto", "Internal", "Generated");

    private static Task<ServiceCommand.Run> CodegenAsync(string environment, IReadOnlyDictionary<string, string>? settings, params string[] args) =>
        ServiceCommand.RunAsync(new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["ASPNETCORE_ENVIRONMENT"] = environment },
            TimeSpan.FromMinutes(3), ["codegen", .. args]);

    private static Dictionary<string, string> Files(string directory) =>
        Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllText);

    [Fact]
    public async Task the_committed_endpoint_code_is_what_wolverine_generates_now()
    {
        var fresh = Directory.CreateTempSubdirectory("ga-codegen-").FullName;
        try
        {
            // In the environment the tests' hosts load it in (Testing), as ./codegen.sh writes it.
            var run = await CodegenAsync("Testing", new Dictionary<string, string>
            {
                ["Wolverine__GeneratedCodeOutputPath"] = fresh,
                ["ConnectionStrings__GobiernoAbierto"] = "Host=127.0.0.1;Database=codegen;Username=codegen", // never connected
                ["Voting__VoterKeySecret"] = ProductionHost.VoterKeySecret,
            }, "write");
            Assert.True(run.ExitCode == 0, run.Output + run.Error);

            var now = Files(fresh);
            var committed = Files(Committed);
            Assert.True(now.Count > 50, $"codegen write wrote {now.Count} files:\n{run.Output}");
            var stale = now.Keys.Union(committed.Keys).Order(StringComparer.Ordinal)
                .Where(f => !now.TryGetValue(f, out var fresher) || !committed.TryGetValue(f, out var kept) || fresher != kept)
                .Select(f => !committed.ContainsKey(f) ? $"  falta {f}" : !now.ContainsKey(f) ? $"  sobra {f}" : $"  cambió {f}")
                .ToList();
            Assert.True(stale.Count == 0,
                "El código generado de la API no corresponde a los endpoints de ahora; ejecute ./codegen.sh y confirme el resultado:\n" +
                string.Join('\n', stale));
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    [Fact]
    public async Task every_endpoints_code_still_compiles_as_development_compiles_it()
    {
        // The tests' hosts run the committed code; Development (./run.sh) compiles its own with Roslyn, endpoint by endpoint.
        var run = await CodegenAsync("Development", new Dictionary<string, string>
        {
            ["ConnectionStrings__GobiernoAbierto"] = "Host=127.0.0.1;Database=codegen;Username=codegen", // never connected
        }, "test");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("El código generado de todos los endpoints compila.", run.Output);
    }

    [Fact]
    public void an_endpoint_without_generated_code_is_named_and_one_with_it_is_not()
    {
        var declared = CodegenCommand.DeclaredEndpoints(typeof(CodegenCommand).Assembly).ToList();
        var cast = declared.Single(m => m.DeclaringType == typeof(GobiernoAbierto.Voting.CastBallotEndpoint));

        Assert.True(declared.Count > 50);
        Assert.Empty(CodegenCommand.WithoutGeneratedCode(declared, declared));
        Assert.Equal(["CastBallotEndpoint.Post"], CodegenCommand.WithoutGeneratedCode(declared, declared.Where(m => m != cast)));
    }

    [Fact]
    public async Task codegen_without_an_action_or_with_another_is_wrong_usage_and_help_says_what_it_does()
    {
        var none = await CodegenAsync("Development", null);
        Assert.Equal(2, none.ExitCode);
        Assert.StartsWith("Falta la acción de codegen.", none.Error);

        var other = await CodegenAsync("Development", null, "borrar");
        Assert.Equal(2, other.ExitCode);
        Assert.StartsWith("«borrar» no es una acción de codegen.", other.Error);
        Assert.Contains("./codegen.sh", other.Error);

        var help = await CodegenAsync("Development", null, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Equal(CodegenCommand.Usage.Trim(), help.Output.Trim());
        foreach (var run in new[] { none, other, help }) Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task the_service_outside_development_answers_its_api_without_loading_the_compiler()
    {
        await using var service = await ServiceProcess.StartAsync();
        await service.WaitUntilReadyAsync();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        var jornadas = await client.GetAsync("/api/jornadas");
        var unknown = await client.GetAsync($"/api/jornadas/{Guid.NewGuid()}");

        Assert.Equal(System.Net.HttpStatusCode.OK, jornadas.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", (await unknown.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString());
        Assert.DoesNotContain("Microsoft.CodeAnalysis", File.ReadAllText($"/proc/{service.ProcessId}/maps"));
    }
}
