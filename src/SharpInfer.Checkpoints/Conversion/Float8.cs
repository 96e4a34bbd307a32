namespace SharpInfer.Checkpoints.Conversion;

/// <summary>
/// The two 8-bit float formats with 4 exponent and 3 mantissa bits. e4m3fn (OCP, NVIDIA, safetensors
/// F8_E4M3): bias 7, no infinities, NaN = S.1111.111, -0 exists. e4m3fnuz (AMD/Gaudi): bias 8, no
/// infinities, no -0, the only NaN is 0x80. The same bits therefore mean exactly half as much in fnuz
/// (normal and subnormal alike), except for 0x80 and the fn NaNs.
/// </summary>
public static class Float8
{
    public const byte FnuzNaN = 0x80;

    private static readonly float[] FnTable = BuildTable(bias: 7, fnuz: false);
    private static readonly float[] FnuzTable = BuildTable(bias: 8, fnuz: true);

    public static float E4M3FnToFloat(byte bits) => FnTable[bits];

    public static float E4M3FnuzToFloat(byte bits) => FnuzTable[bits];

    public static bool IsE4M3FnNaN(byte bits) => (bits & 0x7F) == 0x7F;

    /// <summary>
    /// The fnuz bits that, with the tensor's scale doubled, stand for the same value as fn
    /// <paramref name="bits"/>: unchanged bits, except -0 → +0 (0x80 is NaN in fnuz) and NaN → the fnuz NaN.
    /// </summary>
    public static byte E4M3FnToFnuzBits(byte bits) => bits switch
    {
        0x80 => 0x00,
        _ when IsE4M3FnNaN(bits) => FnuzNaN,
        _ => bits,
    };

    private static float[] BuildTable(int bias, bool fnuz)
    {
        var table = new float[256];
        for (var b = 0; b < 256; b++)
        {
            var sign = (b & 0x80) != 0 ? -1f : 1f;
            int exponent = (b >> 3) & 0xF, mantissa = b & 7;
            if (fnuz ? b == FnuzNaN : exponent == 15 && mantissa == 7)
                table[b] = float.NaN;
            else if (exponent == 0)
                table[b] = sign * mantissa / 8f * MathF.Pow(2, 1 - bias);
            else
                table[b] = sign * (1 + mantissa / 8f) * MathF.Pow(2, exponent - bias);
        }
        return table;
    }
}
