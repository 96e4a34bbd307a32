namespace SharpInfer.Kernels;

/// <summary>
/// Persistent threads for the kernels: a forward pass runs hundreds of short parallel loops, and starting
/// each through the thread pool costs more than many of the loops themselves. Workers spin briefly between
/// jobs so back-to-back kernels start at once, then sleep. The caller always works too, so one core works
/// like many; a second caller arriving while a job runs does its loop alone instead of waiting.
/// </summary>
internal sealed class WorkerPool
{
    private const int SpinIterations = 20_000;

    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly int _workers;
    private Job? _job;
    private int _sleeping;

    public WorkerPool(int workers)
    {
        _workers = workers;
        for (var i = 0; i < workers; i++)
            new Thread(WorkLoop) { IsBackground = true, Name = $"sharpinfer-kernel-{i}" }.Start();
    }

    /// <summary>Runs <paramref name="body"/> over [0, rows) in <paramref name="chunkCount"/> contiguous chunks.</summary>
    public void Run(int rows, int chunkCount, ParallelRows.RangeAction body)
    {
        if (_workers == 0 || !Monitor.TryEnter(_gate))
        {
            body(0, rows);
            return;
        }
        try
        {
            // Each job carries its own counters, so a worker that wakes late can only ever claim chunks of
            // the job it saw, never run an old body over a newer job's rows.
            var job = new Job(body, rows, chunkCount);
            Volatile.Write(ref _job, job);
            var sleeping = Volatile.Read(ref _sleeping);
            if (sleeping > 0)
                _wake.Release(sleeping);
            job.RunChunks();
            var spin = new SpinWait();
            while (!job.Done)
                spin.SpinOnce(sleep1Threshold: -1);
            if (job.Failure is { } failure)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    private void WorkLoop()
    {
        Job? seen = null;
        while (true)
        {
            var spins = 0;
            Job? job;
            while ((job = Volatile.Read(ref _job)) == seen)
            {
                if (++spins < SpinIterations)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                Interlocked.Increment(ref _sleeping);
                if (Volatile.Read(ref _job) == seen)
                    _wake.Wait();
                Interlocked.Decrement(ref _sleeping);
                spins = 0;
            }
            seen = job;
            job!.RunChunks();
        }
    }

    private sealed class Job(ParallelRows.RangeAction body, int rows, int chunkCount)
    {
        private readonly int _chunkSize = (rows + chunkCount - 1) / chunkCount;
        private readonly int _chunkCount = chunkCount;
        private int _nextChunk;
        private int _pendingChunks = chunkCount;

        public bool Done => Volatile.Read(ref _pendingChunks) == 0;
        public Exception? Failure { get; private set; }

        public void RunChunks()
        {
            while (true)
            {
                var chunk = Interlocked.Increment(ref _nextChunk) - 1;
                if (chunk >= _chunkCount)
                    return;
                var start = chunk * _chunkSize;
                var end = Math.Min(rows, start + _chunkSize);
                try
                {
                    if (start < end)
                        body(start, end);
                }
                catch (Exception e)
                {
                    Failure ??= e; // rethrown on the caller's thread: a kernel error must not kill a worker
                }
                finally
                {
                    Interlocked.Decrement(ref _pendingChunks);
                }
            }
        }
    }
}
