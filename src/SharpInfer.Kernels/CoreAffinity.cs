using System.Runtime.InteropServices;

namespace SharpInfer.Kernels;

/// <summary>
/// Pins kernel worker threads to cores (Linux: sched_setaffinity on the calling thread), so a worker keeps its
/// core's caches and the scheduler does not move two workers onto one core. Worker i takes the (i + 1)-th CPU this
/// process may use, leaving the first to the calling thread, which works too. Set SHARPINFER_NO_PIN=1 to leave
/// placement to the OS (e.g. when other processes share the cores). Elsewhere, or where libc cannot be called,
/// pinning is skipped.
/// </summary>
internal static partial class CoreAffinity
{
    private const int MaskBytes = 128; // 1024 CPUs

    public static bool Enabled { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("SHARPINFER_NO_PIN") != "1";

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
