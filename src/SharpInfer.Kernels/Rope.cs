using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>Rotary position embedding applied in place to one head vector.</summary>
public static class Rope
{
    /// <summary>
    /// Hugging Face's rotate-half convention: element i pairs with i + d/2, where d = 2·cos.Length is the
    /// rotary dimension (the head's leading d elements rotate; any rest passes through).
    /// </summary>
    public static void ApplyRotateHalf(Span<float> head, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        var half = cos.Length;
        if (half == 0)
            return;
        _ = head[2 * half - 1];
        _ = sin[half - 1];
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // The same multiplies and adds per element as the scalar loop (no fused multiply-add), so the same bits.
            ref var h = ref MemoryMarshal.GetReference(head);
            ref var c = ref MemoryMarshal.GetReference(cos);
            ref var s = ref MemoryMarshal.GetReference(sin);
            for (; i <= half - 16; i += 16)
            {
                var a = Vector512.LoadUnsafe(ref h, (nuint)i);
                var b = Vector512.LoadUnsafe(ref h, (nuint)(i + half));
                var cv = Vector512.LoadUnsafe(ref c, (nuint)i);
                var sv = Vector512.LoadUnsafe(ref s, (nuint)i);
                (a * cv - b * sv).StoreUnsafe(ref h, (nuint)i);
                (b * cv + a * sv).StoreUnsafe(ref h, (nuint)(i + half));
            }
        }
        for (; i < half; i++)
        {
            var a = head[i];
            var b = head[i + half];
            head[i] = a * cos[i] - b * sin[i];
            head[i + half] = b * cos[i] + a * sin[i];
        }
    }

    internal static void ApplyRotateHalfScalar(Span<float> head, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        var half = cos.Length;
        for (var i = 0; i < half; i++)
        {
            var a = head[i];
            var b = head[i + half];
            head[i] = a * cos[i] - b * sin[i];
            head[i + half] = b * cos[i] + a * sin[i];
        }
    }

    /// <summary>
    /// GPT-J's interleaved convention (DeepSeek's rope part): elements 2i and 2i+1 form pair i, rotated by
    /// frequency i. Equivalent, up to the same permutation of query and key, to Hugging Face DeepSeek's
    /// de-interleave-then-rotate-half, so attention scores are the same.
    /// </summary>
    public static void ApplyInterleaved(Span<float> head, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        for (var i = 0; i < cos.Length; i++)
        {
            var a = head[2 * i];
            var b = head[2 * i + 1];
            head[2 * i] = a * cos[i] - b * sin[i];
            head[2 * i + 1] = b * cos[i] + a * sin[i];
        }
    }
}
