namespace SharpInfer.Kernels.Int8;

/// <summary>
/// Σ a[k]·w[k] over unsigned 8-bit activations (the int8 values + 128) and signed 8-bit weights, exactly, in
/// int32: the scalar reference <see cref="Int8TileKernels"/> is checked against. Row lengths are multiples of
/// <see cref="Alignment"/> (rows are zero-padded to that; one cache line).
/// </summary>
public static unsafe class Int8Dot
{
    public const int Alignment = 64;

    internal static int Scalar(byte* a, sbyte* w, int length)
    {
        var sum = 0;
        for (var k = 0; k < length; k++)
            sum += a[k] * w[k];
        return sum;
    }
}
