namespace SharpInfer.Kernels;

/// <summary>
/// A register tile's row or token count as a type argument: each kernel instantiation is compiled for its count,
/// so the JIT drops the accumulators and branches it does not use.
/// </summary>
internal static class TileCount
{
    public interface ICount
    {
        static abstract int Value { get; }
    }

    public readonly struct One : ICount { public static int Value => 1; }

    public readonly struct Two : ICount { public static int Value => 2; }

    public readonly struct Three : ICount { public static int Value => 3; }

    public readonly struct Four : ICount { public static int Value => 4; }

    public readonly struct Six : ICount { public static int Value => 6; }

    public readonly struct Eight : ICount { public static int Value => 8; }

    public readonly struct Twelve : ICount { public static int Value => 12; }
}
