using BenchmarkDotNet.Running;
using GobiernoAbierto.Benchmarks;

// `load`: ballots per second and latency through HTTP against a running service (bench.sh starts one).
// `micro`: BenchmarkDotNet on the pure hot paths (chain hash, batch decision).
return args switch
{
    ["load", .. var rest] => await BallotLoad.RunAsync(rest),
    ["micro", .. var rest] => Micro(rest),
    _ => Usage(),
};

static int Micro(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(BallotLoad).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: load --url http://127.0.0.1:5090 --ballots 20000 --concurrency 64 | micro [BenchmarkDotNet args]");
    return 2;
}
