using BenchmarkDotNet.Running;
using GobiernoAbierto.Benchmarks;

// `load`: ballots per second and latency through HTTP against a running service (bench.sh and compare.sh start one);
//         closed loop by default, open loop with --rate and --seconds.
// `floor`: answers per second of a path that touches no database, same client and service: what no ballot can beat.
// `measure`: runs a command (pgbench) and prints the CPU it, PostgreSQL and the rest of the machine used meanwhile.
// `micro`: BenchmarkDotNet on the pure hot paths (chain hash, batch decision).
// `letters`: time and peak memory of building N voting-code letters (PDF and CSV).
return args switch
{
    ["load", .. var rest] => await BallotLoad.RunAsync(rest),
    ["floor", .. var rest] => await HttpFloor.RunAsync(rest),
    ["measure", .. var rest] => await CpuSampler.MeasureAsync(rest),
    ["micro", .. var rest] => Micro(rest),
    ["letters", .. var rest] => await LetterRun.RunAsync(rest),
    _ => Usage(),
};

static int Micro(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(BallotLoad).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          load --url http://127.0.0.1:5090 [--ballots 20000] [--concurrency 64] [--progress N] closed loop (a line per N)
          load --url http://127.0.0.1:5090 --rate 1000 --seconds 60 [--connections 512] [--progress N]
                                                            open loop (a line per N, by when they were due)
               [--warmup 0] [--label L] [--service-pid PID --pg-postmaster PID [--pg-db DATABASE]] [--timeout-seconds 60]
               [--staff-token bench-staff] [--auditor-token bench-auditor]
          floor --url http://127.0.0.1:5090 [--requests 100000] [--concurrency 64] [--path /health/live]
                [--service-pid PID --pg-postmaster PID [--pg-db DATABASE]]
          measure --pg-postmaster PID [--service-pid PID] [--pg-db DATABASE] -- pgbench ...
          micro [BenchmarkDotNet args]
          letters [--count 10000] [--out DIR]                                        voting-code letters: PDF and CSV
        """);
    return 2;
}
