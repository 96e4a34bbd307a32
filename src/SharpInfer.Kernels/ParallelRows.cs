namespace SharpInfer.Kernels;

/// <summary>Splits a row range into contiguous chunks and runs them on all cores.</summary>
public static class ParallelRows
{
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
        var perChunk = (rows + chunks - 1) / chunks;
        Parallel.For(0, chunks, c =>
        {
            var start = c * perChunk;
            var end = Math.Min(rows, start + perChunk);
            if (start < end)
                body(start, end);
        });
    }
}
