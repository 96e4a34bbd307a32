using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Measures sustained read bandwidth the way decode uses memory: all cores (the kernel worker pool)
/// streaming a buffer far larger than the caches. The best of several passes is reported, as STREAM does.
/// </summary>
public static unsafe class MemoryBandwidth
{
    public static double MeasureReadGBps(int megabytes = 512, int passes = 5)
    {
        var bytes = (nuint)megabytes << 20;
        var buffer = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        try
        {
            new Span<byte>(buffer, (int)Math.Min(bytes, int.MaxValue)).Fill(1);
            var chunks = (int)(bytes / ChunkBytes);
            var best = 0.0;
            var sums = new float[chunks]; // written, so the JIT cannot drop the reads
            for (var pass = 0; pass < passes; pass++)
            {
                var stopwatch = Stopwatch.StartNew();
                ParallelRows.For(chunks, 1, (start, end) =>
                {
                    for (var c = start; c < end; c++)
                        sums[c] = Vector512.Sum(SumChunk((float*)(buffer + (nuint)c * ChunkBytes)));
                });
                best = Math.Max(best, bytes / stopwatch.Elapsed.TotalSeconds / 1e9);
            }
            GC.KeepAlive(sums);
            return best;
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    private const int ChunkBytes = 1 << 20;

    private static Vector512<float> SumChunk(float* p)
    {
        Vector512<float> a = default, b = default, c = default, d = default;
        for (var i = 0; i < ChunkBytes / sizeof(float); i += 64)
        {
            a += Vector512.Load(p + i);
            b += Vector512.Load(p + i + 16);
            c += Vector512.Load(p + i + 32);
            d += Vector512.Load(p + i + 48);
        }
        return (a + b) + (c + d);
    }
}
