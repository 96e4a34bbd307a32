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
}
