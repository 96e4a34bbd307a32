namespace SharpInfer.Kernels.Tests;

public sealed class ParallelRowsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(1000, 3)]
    [InlineData(4864, 73)]
    public void EveryRowRunsExactlyOnce(int rows, int minRowsPerChunk)
    {
        var counts = new int[rows];
        for (var repeat = 0; repeat < 200; repeat++)
        {
            ParallelRows.For(rows, minRowsPerChunk, (start, end) =>
            {
                for (var r = start; r < end; r++)
                    Interlocked.Increment(ref counts[r]);
            });
        }
        Assert.All(counts, c => Assert.Equal(200, c));
    }

    [Fact]
    public async Task ConcurrentCallersEachGetAllTheirRows()
    {
        // Several engines (or tests) may run kernels at once: none may lose or share another's rows.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(caller => Task.Run(() =>
        {
            var sums = new long[300];
            for (var repeat = 0; repeat < 300; repeat++)
            {
                var rows = new int[500];
                ParallelRows.For(rows.Length, 7, (start, end) =>
                {
                    for (var r = start; r < end; r++)
                        rows[r] += caller + 1;
                });
                sums[repeat] = rows.Sum();
            }
            return sums.All(s => s == 500L * (caller + 1));
        })));
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void AnExceptionInABodyReachesTheCallerAndThePoolKeepsWorking()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ParallelRows.For(100, 1, (start, _) =>
            {
                if (start == 0)
                    throw new InvalidOperationException("boom");
            }));
        Assert.Equal("boom", error.Message);

        var counts = new int[100];
        ParallelRows.For(100, 1, (start, end) =>
        {
            for (var r = start; r < end; r++)
                counts[r]++;
        });
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void ManyShortJobsInARowLoseAndRepeatNoChunk()
    {
        // Back-to-back jobs of varying sizes: a worker still finishing one job must never claim chunks of the next.
        var counts = new int[64];
        var expected = new int[64];
        for (var job = 0; job < 20_000; job++)
        {
            var rows = 1 + job % 64;
            var body = new CountRows(counts);
            ParallelRows.For(rows, 1, ref body);
            for (var r = 0; r < rows; r++)
                expected[r]++;
        }
        Assert.Equal(expected, counts);
    }

    [Fact]
    public void StructBodiesAllocateNothing()
    {
        var counts = new int[1000];
        var body = new CountRows(counts);
        ParallelRows.For(counts.Length, 10, ref body); // warm-up
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var repeat = 0; repeat < 100; repeat++)
            ParallelRows.For(counts.Length, 10, ref body);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(counts, c => Assert.Equal(101, c));
    }

    private readonly struct CountRows(int[] counts) : IRowRangeBody
    {
        public void Run(int start, int end)
        {
            for (var r = start; r < end; r++)
                Interlocked.Increment(ref counts[r]);
        }
    }
}
