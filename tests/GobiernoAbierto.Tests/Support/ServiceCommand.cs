using System.Diagnostics;

namespace GobiernoAbierto.Tests.Support;

/// <summary>
/// `dotnet GobiernoAbierto.dll …` as a shell runs it: from the directory that holds it (as the image runs it), with none
/// of the test run's own configuration (no environment name, connection string or secret), only the given environment.
/// </summary>
public static class ServiceCommand
{
    public sealed record Run(int ExitCode, string Output, string Error);

    public static async Task<Run> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "GobiernoAbierto.dll") }.Concat(args)) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.ToList())
            if (name.Contains("__", StringComparison.Ordinal) || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("GOBIERNOABIERTO", StringComparison.OrdinalIgnoreCase) || name is "DOTNET_ENVIRONMENT")
                start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // not left running (or writing files) after the test gave up on it
            throw;
        }
        return new Run(process.ExitCode, await output, await error);
    }
}
