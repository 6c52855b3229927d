using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace GobiernoAbierto.Benchmarks;

/// <summary>
/// CPU time from Linux's /proc, sampled before and after a measured phase, attributed to: the service (one pid), the
/// load generator (this process), PostgreSQL, and everything else on the machine.
///
/// PostgreSQL is one cluster: its postmaster (found by the caller, e.g. as the parent of a backend) and the processes
/// it forked. Backends come and go; the postmaster reaps each one and the kernel adds the reaped child's CPU to the
/// postmaster's cutime+cstime, so <b>cluster</b> = postmaster's utime+stime+cutime+cstime + the utime+stime of its
/// living children is complete between two samples, backends that started and ended in between included.
/// <b>database</b> is that, minus the growth of backends connected to another database that were alive at the second
/// sample: other developers' connections to the same shared server, as far as they can be told apart (one of theirs
/// that exited in between stays in). Background processes (WAL writer, checkpointer, autovacuum) count as ours.
/// A sample needs the postmaster's pid (other clusters may run on the machine, and come and go); a phase in which the
/// postmaster was restarted has no PostgreSQL figure (NaN).
/// Ticks are USER_HZ (sysconf(_SC_CLK_TCK), 100 on Linux): 10 ms resolution per process.
/// </summary>
public sealed partial class CpuSampler(int? servicePid, int postmaster, string? database)
{
    public sealed record Snapshot(long Stamp, long Service, long Self, long Children, long PgCluster,
        Dictionary<int, long> PgOtherDatabases, long MachineBusy, long MachineAll);

    /// <summary>CPU seconds spent between two snapshots, and the wall time between them.</summary>
    /// <remarks>Children: CPU of this process's children that exited and were reaped in between (`measure`'s command).</remarks>
    public sealed record Usage(double Wall, double Service, double Self, double Children, double PgCluster, double PgDatabase,
        double MachineBusy, double MachineAll)
    {
        /// <summary>CPU seconds of every other process on the machine (other developers, the kernel's own work).</summary>
        public double Others => Math.Max(0, MachineBusy - Service - Self - Children - PgCluster);
    }

    public static bool Available => OperatingSystem.IsLinux() && File.Exists("/proc/stat");

    private static readonly double TicksPerSecond = ClockTicks();

    public Snapshot? Take()
    {
        if (!Available) return null;
        var stamp = System.Diagnostics.Stopwatch.GetTimestamp();
        var (busy, all) = Machine();
        var service = servicePid is { } pid ? Read(pid)?.Own ?? 0 : 0;
        var self = Read(Environment.ProcessId);

        var procs = new List<ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var p)) continue;
            if (Read(p) is not { } s) continue;
            if (s.Pid == postmaster || s.Parent == postmaster) procs.Add(s);
        }
        long cluster = 0;
        var others = new Dictionary<int, long>();
        foreach (var s in procs)
        {
            var isPostmaster = s.Pid == postmaster;
            cluster += s.Own + (isPostmaster ? s.Children : 0);
            if (database is not null && !isPostmaster && Backend(s.Pid) is { } db && db != database) others[s.Pid] = s.Own;
        }
        if (!procs.Any(s => s.Pid == postmaster)) cluster = -1; // gone: no PostgreSQL figure for this phase
        return new Snapshot(stamp, service, self?.Own ?? 0, self?.Children ?? 0, cluster, others, busy, all);
    }

    public static Usage Between(Snapshot a, Snapshot b)
    {
        double S(long ticks) => ticks / TicksPerSecond;
        var others = b.PgOtherDatabases.Sum(kv => kv.Value - a.PgOtherDatabases.GetValueOrDefault(kv.Key));
        var cluster = a.PgCluster < 0 || b.PgCluster < a.PgCluster ? double.NaN : S(b.PgCluster - a.PgCluster); // restarted in between
        return new Usage(System.Diagnostics.Stopwatch.GetElapsedTime(a.Stamp, b.Stamp).TotalSeconds,
            S(b.Service - a.Service), S(b.Self - a.Self), S(b.Children - a.Children), cluster, cluster - S(others),
            S(b.MachineBusy - a.MachineBusy), S(b.MachineAll - a.MachineAll));
    }

    /// <summary>
    /// `measure [--service-pid PID] [--pg-postmaster PID] [--pg-db NAME] -- command args`: runs the command (pgbench,
    /// or `sleep 5` to see what an idle service costs) as a child, its output passed through, then prints one line of
    /// the CPU seconds used meanwhile: the command itself (reaped children's totals of this process), the service,
    /// PostgreSQL (cluster and database) and the rest of the machine, over the command's wall time.
    /// </summary>
    public static async Task<int> MeasureAsync(string[] args)
    {
        var split = Array.IndexOf(args, "--");
        if (split < 0 || split == args.Length - 1)
        {
            Console.Error.WriteLine("usage: measure --pg-postmaster PID [--service-pid PID] [--pg-db NAME] -- command [args]");
            return 2;
        }
        var options = args[..split].Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
        if (!options.TryGetValue("pg-postmaster", out var pm))
        {
            Console.Error.WriteLine("measure needs --pg-postmaster PID (the parent of any backend of the cluster)");
            return 2;
        }
        var sampler = new CpuSampler(options.TryGetValue("service-pid", out var sp) ? int.Parse(sp, CultureInfo.InvariantCulture) : null,
            int.Parse(pm, CultureInfo.InvariantCulture), options.GetValueOrDefault("pg-db"));
        var start = new System.Diagnostics.ProcessStartInfo(args[split + 1]) { UseShellExecute = false };
        foreach (var a in args[(split + 2)..]) start.ArgumentList.Add(a);

        var before = sampler.Take();
        using var child = System.Diagnostics.Process.Start(start)!;
        await child.WaitForExitAsync();
        var after = sampler.Take();
        if (before is null || after is null) { Console.WriteLine("cpu=unavailable"); return child.ExitCode; }
        var u = Between(before, after);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cpu wall_s={u.Wall:F2} command_s={u.Children:F2} service_s={u.Service:F2} pg_db_s={u.PgDatabase:F2} pg_cluster_s={u.PgCluster:F2} others_s={u.Others:F2} machine_busy_s={u.MachineBusy:F2} machine_all_s={u.MachineAll:F2}"));
        return child.ExitCode;
    }

    private sealed record ProcStat(int Pid, string Comm, int Parent, long Own, long Children);

    private static ProcStat? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17); comm may hold spaces and parentheses.
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var f = text[(close + 2)..].Split(' ');
        long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
        return new ProcStat(pid, text[(open + 1)..close], (int)L(4), L(14) + L(15), L(16) + L(17));
    }

    /// <summary>
    /// The database of a client backend, from its process title ("postgres: 15/main: user database 127.0.0.1(5678) idle");
    /// null for the cluster's own processes (checkpointer, walwriter, autovacuum worker ...).
    /// </summary>
    private static string? Backend(int pid)
    {
        string title;
        try { title = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return null; }
        var m = BackendTitle().Match(title);
        return m.Success ? m.Groups["db"].Value : null;
    }

    [GeneratedRegex(@"^postgres: (?:\S+: )?\S+ (?<db>\S+) (?:\S+\(\d+\)|\[local\])")]
    private static partial Regex BackendTitle();

    private static (long Busy, long All) Machine()
    {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user already)
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var all = f.Sum();
        return (all - f[3] - f[4], all);
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);

    private static double ClockTicks()
    {
        try { return OperatingSystem.IsLinux() && SysConf(2) is > 0 and var hz ? hz : 100; } // _SC_CLK_TCK = 2 (glibc)
        catch (DllNotFoundException) { return 100; }
        catch (EntryPointNotFoundException) { return 100; }
    }
}
