using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>Sixteen lanes in two AVX2 (or any 256-bit) registers.</summary>
internal readonly unsafe struct Lanes256 : ILanes<Lanes256>
{
    private readonly Vector256<float> _a;
    private readonly Vector256<float> _b;

    private Lanes256(Vector256<float> a, Vector256<float> b)
    {
        _a = a;
        _b = b;
    }

    public static Lanes256 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Broadcast(float value)
    {
        var v = Vector256.Create(value);
        return new(v, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 LoadF32(float* source) => new(Vector256.Load(source), Vector256.Load(source + 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBf16Pairs(uint* source, out Lanes256 low, out Lanes256 high)
    {
        var p0 = Vector256.Load(source);
        var p1 = Vector256.Load(source + 8);
        var mask = Vector256.Create(0xFFFF0000u);
        low = new(Vector256.ShiftLeft(p0, 16).AsSingle(), Vector256.ShiftLeft(p1, 16).AsSingle());
        high = new((p0 & mask).AsSingle(), (p1 & mask).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Fma(Lanes256 weight, Lanes256 x, Lanes256 accumulator) =>
        new(Vector256.FusedMultiplyAdd(weight._a, x._a, accumulator._a), Vector256.FusedMultiplyAdd(weight._b, x._b, accumulator._b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256 value, float* destination)
    {
        value._a.Store(destination);
        value._b.Store(destination + 8);
    }
}
