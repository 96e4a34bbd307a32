using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Sixteen lanes in four 128-bit registers: the portable path for machines without 256-bit vectors (Arm AdvSIMD, or
/// x86 without AVX2). Each lane is still one fused multiply-add per column, so the bits are those of the wider paths.
/// </summary>
internal readonly unsafe struct Lanes128 : ILanes<Lanes128>
{
    private readonly Vector128<float> _a;
    private readonly Vector128<float> _b;
    private readonly Vector128<float> _c;
    private readonly Vector128<float> _d;

    private Lanes128(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        _a = a;
        _b = b;
        _c = c;
        _d = d;
    }

    public static Lanes128 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Broadcast(float value)
    {
        var v = Vector128.Create(value);
        return new(v, v, v, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 LoadF32(float* source) =>
        new(Vector128.Load(source), Vector128.Load(source + 4), Vector128.Load(source + 8), Vector128.Load(source + 12));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBf16Pairs(uint* source, out Lanes128 low, out Lanes128 high)
    {
        var p0 = Vector128.Load(source);
        var p1 = Vector128.Load(source + 4);
        var p2 = Vector128.Load(source + 8);
        var p3 = Vector128.Load(source + 12);
        var mask = Vector128.Create(0xFFFF0000u);
        low = new(Vector128.ShiftLeft(p0, 16).AsSingle(), Vector128.ShiftLeft(p1, 16).AsSingle(),
            Vector128.ShiftLeft(p2, 16).AsSingle(), Vector128.ShiftLeft(p3, 16).AsSingle());
        high = new((p0 & mask).AsSingle(), (p1 & mask).AsSingle(), (p2 & mask).AsSingle(), (p3 & mask).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Fma(Lanes128 weight, Lanes128 x, Lanes128 accumulator) =>
        new(Vector128.FusedMultiplyAdd(weight._a, x._a, accumulator._a), Vector128.FusedMultiplyAdd(weight._b, x._b, accumulator._b),
            Vector128.FusedMultiplyAdd(weight._c, x._c, accumulator._c), Vector128.FusedMultiplyAdd(weight._d, x._d, accumulator._d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes128 value, float* destination)
    {
        value._a.Store(destination);
        value._b.Store(destination + 4);
        value._c.Store(destination + 8);
        value._d.Store(destination + 12);
    }
}
