using System.Text.Json;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>
/// The runtime settings the service is built with (GobiernoAbierto.csproj), read from the runtimeconfig.json the build
/// writes beside it and the image ships: each was measured (tests/GobiernoAbierto.Benchmarks/FINDINGS.md), and a tidy-up
/// of the project file would lose it without a word.
/// </summary>
public sealed class when_the_service_is_built
{
    private static JsonElement Settings()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "GobiernoAbierto.runtimeconfig.json");
        Assert.True(File.Exists(path), $"No runtimeconfig.json of the service beside the tests: {path}");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void idle_thread_pool_workers_sleep_instead_of_spinning()
    {
        // At 1,000 ballots/s the spinning was about a sixth of the service's CPU (FINDINGS, "Idle workers that spin").
        Assert.Equal(0, Settings().GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Fact]
    public void its_methods_are_compiled_optimized_from_their_first_call()
    {
        // Without quick JIT a fresh service casts about 30% faster cold (the csproj's comment says how it was measured).
        Assert.False(Settings().GetProperty("System.Runtime.TieredCompilation.QuickJit").GetBoolean());
    }
}
