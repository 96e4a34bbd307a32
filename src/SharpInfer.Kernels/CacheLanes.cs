using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpInfer.Kernels;

/// <summary>KV cache elements (float32, BF16 as ushort, or F16) as float32, widened exactly (F16: see <see cref="HalfRows"/>).</summary>
internal static class CacheLanes
{
    /// <summary>Elements [index, index + 16) of <paramref name="rows"/>; bounds were checked by the caller. F16 needs AVX-512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load16<T>(ReadOnlySpan<T> rows, int index) where T : unmanaged
    {
        ref var first = ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), index);
        if (typeof(T) == typeof(float))
            return Vector512.LoadUnsafe(ref Unsafe.As<T, float>(ref first));
        var packed = Vector256.LoadUnsafe(ref Unsafe.As<T, ushort>(ref first));
        if (typeof(T) == typeof(Half))
            return HalfRows.Widen16(packed);
        // One zero-extending load: widening to two halves and joining them went through a stack slot.
        if (Avx512F.IsSupported)
            return Vector512.ShiftLeft(Avx512F.ConvertToVector512UInt32(packed), 16).AsSingle();
        var (lo, hi) = Vector256.Widen(packed);
        return Vector512.ShiftLeft(Vector512.Create(lo, hi), 16).AsSingle();
    }

    /// <summary>One cache element as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Element<T>(ReadOnlySpan<T> rows, int index) where T : unmanaged
    {
        ref var element = ref Unsafe.AsRef(in rows[index]);
        if (typeof(T) == typeof(float))
            return Unsafe.As<T, float>(ref element);
        if (typeof(T) == typeof(Half))
            return HalfRows.Widen(Unsafe.As<T, ushort>(ref element));
        return NumberConversions.Bf16ToF32(Unsafe.As<T, ushort>(ref element));
    }
}
