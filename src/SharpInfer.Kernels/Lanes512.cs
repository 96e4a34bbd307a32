using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>Sixteen lanes in one AVX-512 register.</summary>
internal readonly unsafe struct Lanes512 : ILanes<Lanes512>
{
    private readonly Vector512<float> _v;

    private Lanes512(Vector512<float> v) => _v = v;

    public static Lanes512 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Broadcast(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 LoadF32(float* source) => new(Vector512.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBf16Pairs(uint* source, out Lanes512 low, out Lanes512 high)
    {
        var pairs = Vector512.Load(source);
        low = new(Vector512.ShiftLeft(pairs, 16).AsSingle());
        high = new((pairs & Vector512.Create(0xFFFF0000u)).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Fma(Lanes512 weight, Lanes512 x, Lanes512 accumulator) =>
        new(Vector512.FusedMultiplyAdd(weight._v, x._v, accumulator._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes512 value, float* destination) => value._v.Store(destination);
}
