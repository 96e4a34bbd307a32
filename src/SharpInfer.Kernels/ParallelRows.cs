namespace SharpInfer.Kernels;

/// <summary>Splits a row range into contiguous chunks and runs them on all cores (persistent workers).</summary>
public static class ParallelRows
{
    private static readonly WorkerPool Pool = new(Environment.ProcessorCount - 1);

    public delegate void RangeAction(int start, int end);

    public static void For(int rows, int minRowsPerChunk, RangeAction body)
    {
        var workers = Environment.ProcessorCount;
        if (workers <= 1 || rows <= minRowsPerChunk)
        {
            body(0, rows);
            return;
        }
        // A few chunks per core balance uneven cores without making chunks tiny.
        var chunks = Math.Min(workers * 4, (rows + minRowsPerChunk - 1) / minRowsPerChunk);
        Pool.Run(rows, chunks, body);
    }
}
