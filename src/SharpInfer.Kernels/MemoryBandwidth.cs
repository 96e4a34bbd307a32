using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Measures sustained read bandwidth the way decode uses memory: all cores (the kernel worker pool)
/// streaming a buffer far larger than the caches. The best of several passes is reported, as STREAM does.
/// </summary>
public static unsafe class MemoryBandwidth
{
    public const int DefaultMegabytes = 512;

    /// <summary>Many short passes: on a busy machine (the JIT compiling in the background on 2 cores) a few
    /// passes often catch none at full speed.</summary>
    public const int DefaultPasses = 20;

    public static double MeasureReadGBps(int megabytes = DefaultMegabytes, int passes = DefaultPasses)
    {
        var bytes = (nuint)megabytes << 20;
        var buffer = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        try
        {
            new Span<byte>(buffer, (int)Math.Min(bytes, int.MaxValue)).Fill(1);
            var chunks = (int)(bytes / ChunkBytes);
            var best = 0.0;
            var sums = new float[chunks]; // written, so the JIT cannot drop the reads
            // Pass 0 is not timed: it starts the worker pool and brings the buffer's pages in.
            for (var pass = 0; pass <= passes; pass++)
            {
                var stopwatch = Stopwatch.StartNew();
                ParallelRows.For(chunks, 1, (start, end) =>
                {
                    for (var c = start; c < end; c++)
                        sums[c] = Vector512.Sum(SumChunk((float*)(buffer + (nuint)c * ChunkBytes)));
                });
                if (pass > 0)
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

    // Fully optimized from the first call: a tier-0 loop here would measure the JIT, not the memory.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
