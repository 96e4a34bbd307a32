using System.Globalization;
using System.Runtime.InteropServices;

namespace SharpInfer.Kernels;

/// <summary>
/// Pins kernel worker threads to cores (Linux: sched_setaffinity on the calling thread), so a worker keeps its
/// core's caches and the scheduler does not move two workers onto one core. Worker i takes the (i + 1)-th CPU this
/// process may use, leaving the first to the calling thread, which works too.
/// Pinning is only safe when the cores are this process's own: a process that may run anywhere on a shared host
/// would pin its workers to the same CPUs as every other such process, where they queue behind each other
/// while other cores idle. So by default (SHARPINFER_PIN=auto) workers are pinned only when the operator has
/// already narrowed the process to a set of CPUs (taskset, a cpuset, Kubernetes' static CPU manager) that holds
/// exactly one CPU per thread; SHARPINFER_PIN=1 always pins, SHARPINFER_PIN=0 never does.
/// </summary>
internal static partial class CoreAffinity
{
    private const int MaskBytes = 128; // 1024 CPUs
    private const string Variable = "SHARPINFER_PIN";

    /// <summary>Where each of <paramref name="workers"/> workers goes (empty: left to the OS), and why.</summary>
    public static (int[] Cpus, string Reason) Plan(int workers) =>
        Plan(workers, Environment.GetEnvironmentVariable(Variable), AllowedCpus(), OnlineCpus());

    /// <summary>The decision itself, from the setting and the CPU sets (empty sets: unknown).</summary>
    public static (int[] Cpus, string Reason) Plan(int workers, string? setting, int[] allowed, int[] online)
    {
        var mode = setting?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => "auto",
            "1" or "true" or "yes" => "on",
            "0" or "false" or "no" => "off",
            _ => null,
        };
        if (mode is null)
            return ([], $"not pinned: {Variable}='{setting}' is not auto, 1 or 0");
        if (mode == "off" || workers == 0)
            return ([], mode == "off" ? $"not pinned ({Variable}=0)" : "not pinned (no workers)");
        if (allowed.Length == 0)
            return ([], "not pinned (CPU affinity is only read and set on Linux)");
        if (allowed.Length < workers + 1)
            return ([], $"not pinned: {allowed.Length} CPU(s) allowed for {workers + 1} threads");
        var pinned = allowed[1..(workers + 1)];
        if (mode == "on")
            return (pinned, $"pinned ({Variable}=1)");
        var dedicated = online.Length > allowed.Length && allowed.Length == workers + 1;
        return dedicated
            ? (pinned, $"pinned: this process was given CPUs {Describe(allowed)} of the machine's {online.Length} ({Variable}=0 leaves them to the OS)")
            : ([], $"not pinned: the process may run on {Describe(allowed)}, shared with other processes ({Variable}=1 pins anyway)");
    }

    /// <summary>The CPUs the calling thread may run on, in order (empty where unknown).</summary>
    public static int[] AllowedCpus()
    {
        var mask = new byte[MaskBytes];
        if (!OperatingSystem.IsLinux() || Call(SchedGetAffinity, mask) != 0)
            return [];
        var cpus = new List<int>();
        for (var cpu = 0; cpu < MaskBytes * 8; cpu++)
        {
            if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0)
                cpus.Add(cpu);
        }
        return [.. cpus];
    }

    /// <summary>Pins the calling thread to <paramref name="cpu"/>; false if that could not be done.</summary>
    public static bool PinCurrentThread(int cpu)
    {
        if (!OperatingSystem.IsLinux() || cpu < 0 || cpu >= MaskBytes * 8)
            return false;
        var mask = new byte[MaskBytes];
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        return Call(SchedSetAffinity, mask) == 0;
    }

    /// <summary>The CPUs of a Linux CPU list such as "0-3,8" (empty if it cannot be read).</summary>
    public static int[] ParseCpuList(string list)
    {
        var cpus = new List<int>();
        foreach (var part in list.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            if (!int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(bounds[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || bounds.Length > 2 || last < first)
                return [];
            for (var cpu = first; cpu <= last; cpu++)
                cpus.Add(cpu);
        }
        return [.. cpus];
    }

    private static int[] OnlineCpus()
    {
        try
        {
            return ParseCpuList(File.ReadAllText("/sys/devices/system/cpu/online"));
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Describe(int[] cpus) =>
        cpus.Length == 1 ? $"CPU {cpus[0]}" : $"{cpus.Length} CPUs ({string.Join(",", cpus.Take(8))}{(cpus.Length > 8 ? ",…" : "")})";

    /// <summary>The libc call's result for this thread (pid 0), or −1 where libc or the function is missing.</summary>
    private static int Call(Func<int, nint, byte[], int> function, byte[] mask)
    {
        try
        {
            return function(0, mask.Length, mask);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_getaffinity")]
    private static partial int SchedGetAffinity(int pid, nint size, [Out] byte[] mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity")]
    private static partial int SchedSetAffinity(int pid, nint size, [In] byte[] mask);
}
