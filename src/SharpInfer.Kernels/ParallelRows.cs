using System.Runtime.CompilerServices;

namespace SharpInfer.Kernels;

/// <summary>Splits a row range into contiguous chunks and runs them on all cores (persistent workers).</summary>
public static unsafe class ParallelRows
{
    private static readonly WorkerPool Pool = new(Environment.ProcessorCount - 1);

    public delegate void RangeAction(int start, int end);

    /// <summary>The worker threads and where they run, for <c>doctor</c>.</summary>
    public static string Placement => Pool.PinnedCpus.Length > 0
        ? $"{Pool.Workers} worker thread(s) + the caller; workers on CPU {string.Join(", ", Pool.PinnedCpus)}, {Pool.Placement}"
        : $"{Pool.Workers} worker thread(s) + the caller; {Pool.Placement}";

    /// <summary>Runs <paramref name="body"/> over [0, rows); allocation-free, for the step loop.</summary>
    public static void For<TBody>(int rows, int minRowsPerChunk, ref TBody body) where TBody : struct, IRowRangeBody
    {
        var workers = Environment.ProcessorCount;
        if (workers <= 1 || rows <= minRowsPerChunk)
        {
            body.Run(0, rows);
            return;
        }
        // A few chunks per core balance uneven cores without making chunks tiny.
        var chunks = Math.Min(workers * 4, (rows + minRowsPerChunk - 1) / minRowsPerChunk);
        // The workers read the body through a pointer to this stack copy, which stays put until every chunk is done.
        var local = body;
        if (!Pool.TryRun(rows, chunks, Unsafe.AsPointer(ref local), &Invoke<TBody>))
            local.Run(0, rows);
    }

    /// <summary>The same with a delegate, for code outside the step loop (loading, tests).</summary>
    public static void For(int rows, int minRowsPerChunk, RangeAction body)
    {
        var wrapper = new DelegateBody(body);
        For(rows, minRowsPerChunk, ref wrapper);
    }

    private static void Invoke<TBody>(void* body, int start, int end) where TBody : struct, IRowRangeBody =>
        Unsafe.AsRef<TBody>(body).Run(start, end);

    private readonly struct DelegateBody(RangeAction action) : IRowRangeBody
    {
        public void Run(int start, int end) => action(start, end);
    }
}
