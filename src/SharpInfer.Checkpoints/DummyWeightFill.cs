using System.Text;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>
/// Deterministic uniform fill for dummy weights. Element i of a tensor is a pure function of
/// (seed, tensor name, i) — a counter-based SplitMix64 — so the result is independent of request
/// order and of how the work is split across threads.
/// </summary>
internal static unsafe class DummyWeightFill
{
    /// <summary>Values lie in [-Limit, Limit], as vLLM's dummy loader uses.</summary>
    public const double Limit = 1e-3;

    private const long ChunkElements = 1 << 20;
    private const ulong Golden = 0x9E3779B97F4A7C15;

    public static bool IsSupported(DType dtype) => dtype is DType.F32 or DType.F16 or DType.BF16;

    public static void Fill(void* destination, long elementCount, DType dtype, ulong seed, string tensorName)
    {
        var key = Mix(seed ^ Fnv1a(tensorName));
        var scale = LargestScale(dtype);
        var address = (nint)destination;
        var chunks = (elementCount + ChunkElements - 1) / ChunkElements;
        Parallel.For(0L, chunks, chunk =>
        {
            var start = chunk * ChunkElements;
            var end = Math.Min(start + ChunkElements, elementCount);
            switch (dtype)
            {
                case DType.F32:
                    FillF32((float*)address, start, end, key, scale);
                    break;
                case DType.F16:
                    FillF16((Half*)address, start, end, key, scale);
                    break;
                default:
                    FillBf16((ushort*)address, start, end, key, scale);
                    break;
            }
        });
    }

    private static void FillF32(float* data, long start, long end, ulong key, float scale)
    {
        for (var i = start; i < end; i++)
            data[i] = Uniform(key, i, scale);
    }

    private static void FillF16(Half* data, long start, long end, ulong key, float scale)
    {
        for (var i = start; i < end; i++)
            data[i] = (Half)Uniform(key, i, scale);
    }

    private static void FillBf16(ushort* data, long start, long end, ulong key, float scale)
    {
        for (var i = start; i < end; i++)
            data[i] = ToBf16(Uniform(key, i, scale));
    }

    /// <summary>Uniform in [-scale, scale): 24 random bits mapped to [-1, 1), then scaled.</summary>
    private static float Uniform(ulong key, long index, float scale)
    {
        var bits = Mix(key + (ulong)index * Golden);
        var unit = (bits >> 40) * (1.0f / (1 << 23)) - 1.0f;
        return unit * scale;
    }

    /// <summary>Round-to-nearest-even float → bfloat16 (no NaNs can occur here).</summary>
    private static ushort ToBf16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    /// <summary>
    /// The largest value representable in <paramref name="dtype"/> not above <see cref="Limit"/>; since
    /// rounding is monotone, no rounded sample can then leave [-Limit, Limit].
    /// </summary>
    private static float LargestScale(DType dtype)
    {
        var scale = (float)Limit;
        if (scale > Limit)
            scale = MathF.BitDecrement(scale);
        switch (dtype)
        {
            case DType.F16:
                var half = (Half)scale;
                while ((double)half > Limit)
                    half = Half.BitDecrement(half);
                return (float)half;
            case DType.BF16:
                // Truncating the low 16 bits rounds toward zero, so the result stays below the limit.
                return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(scale) & 0xFFFF0000u);
            default:
                return scale;
        }
    }

    private static ulong Mix(ulong z)
    {
        z += Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
            hash = (hash ^ b) * 0x100000001B3UL;
        return hash;
    }
}
