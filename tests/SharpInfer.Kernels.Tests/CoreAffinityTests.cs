namespace SharpInfer.Kernels.Tests;

public sealed class CoreAffinityTests
{
    [Fact]
    public void APinnedThreadMayRunOnlyOnItsCpu()
    {
        if (!OperatingSystem.IsLinux())
            return; // pinning is Linux-only; elsewhere workers are left to the OS
        var allowed = CoreAffinity.AllowedCpus();
        Assert.NotEmpty(allowed);
        var target = allowed[^1];
        int[] seen = [];
        var pinned = false;
        var thread = new Thread(() =>
        {
            pinned = CoreAffinity.PinCurrentThread(target);
            seen = CoreAffinity.AllowedCpus();
        });
        thread.Start();
        thread.Join();

        Assert.True(pinned);
        Assert.Equal([target], seen);
        Assert.Equal(allowed, CoreAffinity.AllowedCpus()); // the test thread itself is untouched
    }

    [Fact]
    public void AProcessThatMayRunAnywhereIsNotPinnedByDefault()
    {
        // Every such process would put its workers on the same CPUs of a shared host.
        var (cpus, reason) = CoreAffinity.Plan(workers: 1, setting: null, allowed: [0, 1], online: [0, 1]);
        Assert.Empty(cpus);
        Assert.Contains("not pinned", reason, StringComparison.Ordinal);
        Assert.Empty(CoreAffinity.Plan(1, "auto", allowed: Enumerable.Range(0, 64).ToArray(), online: Enumerable.Range(0, 64).ToArray()).Cpus);
        // A CPU quota without a cpuset: 2 threads but all 64 CPUs allowed.
        Assert.Empty(CoreAffinity.Plan(1, "auto", allowed: Enumerable.Range(0, 64).ToArray(), online: Enumerable.Range(0, 65).ToArray()).Cpus);
    }

    [Fact]
    public void CoresGivenToTheProcessArePinnedOneWorkerEach()
    {
        // taskset -c 4-7 on an 8-CPU machine, 3 workers + the caller: the caller keeps CPU 4.
        var (cpus, reason) = CoreAffinity.Plan(workers: 3, setting: null, allowed: [4, 5, 6, 7], online: Enumerable.Range(0, 8).ToArray());
        Assert.Equal([5, 6, 7], cpus);
        Assert.StartsWith("pinned", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", new[] { 1 })]
    [InlineData("yes", new[] { 1 })]
    [InlineData("0", new int[0])]
    [InlineData("false", new int[0])]
    public void TheSettingForcesEitherWay(string setting, int[] expected)
    {
        Assert.Equal(expected, CoreAffinity.Plan(1, setting, allowed: [0, 1], online: [0, 1]).Cpus);
        Assert.Equal(expected, CoreAffinity.Plan(1, setting, allowed: [2, 3], online: [0, 1, 2, 3]).Cpus.Select(c => c - 2).ToArray());
    }

    [Fact]
    public void AnUnknownSettingOrTooFewCpusIsSaidAndNotPinned()
    {
        var (cpus, reason) = CoreAffinity.Plan(1, "always", allowed: [0, 1], online: [0, 1, 2]);
        Assert.Empty(cpus);
        Assert.Contains("SHARPINFER_PIN='always' is not auto, 1 or 0", reason, StringComparison.Ordinal);
        Assert.Contains("1 CPU(s) allowed for 4 threads", CoreAffinity.Plan(3, "1", allowed: [0], online: [0, 1]).Reason, StringComparison.Ordinal);
        Assert.Empty(CoreAffinity.Plan(1, "1", allowed: [], online: []).Cpus);
    }

    [Theory]
    [InlineData("0-3", new[] { 0, 1, 2, 3 })]
    [InlineData("0,2-3,8\n", new[] { 0, 2, 3, 8 })]
    [InlineData("5", new[] { 5 })]
    [InlineData("3-1", new int[0])]
    [InlineData("a-b", new int[0])]
    public void CpuListsParseAsLinuxWritesThem(string list, int[] expected) =>
        Assert.Equal(expected, CoreAffinity.ParseCpuList(list));
}
