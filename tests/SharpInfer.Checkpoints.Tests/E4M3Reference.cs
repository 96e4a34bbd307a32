namespace SharpInfer.Checkpoints.Tests;

/// <summary>
/// An independent e4m3fn codec for building FP8 test checkpoints: decoding straight from the bit fields,
/// encoding as the nearest finite code (ties to the even code, as PyTorch's cast rounds).
/// </summary>
internal static class E4M3Reference
{
    public static float Decode(byte bits, int bias = 7)
    {
        var sign = bits >> 7 == 1 ? -1.0 : 1.0;
        int exponent = (bits >> 3) & 15, mantissa = bits & 7;
        return exponent == 0
            ? (float)(sign * mantissa / 8.0 * Math.Pow(2, 1 - bias))
            : (float)(sign * (1 + mantissa / 8.0) * Math.Pow(2, exponent - bias));
    }

    public static byte Encode(float value)
    {
        byte best = 0;
        var bestError = double.MaxValue;
        for (var code = 0; code < 256; code++)
        {
            if ((code & 0x7F) == 0x7F)
                continue;
            var error = Math.Abs(Decode((byte)code) - (double)value);
            if (error < bestError || (error == bestError && (best & 1) == 1 && (code & 1) == 0))
            {
                best = (byte)code;
                bestError = error;
            }
        }
        return best;
    }

    /// <summary>float32 → BF16 bits, round to nearest even, by arithmetic on the bit pattern's halves.</summary>
    public static ushort Bf16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        uint upper = bits >> 16, lower = bits & 0xFFFF;
        if (lower > 0x8000 || (lower == 0x8000 && (upper & 1) == 1))
            upper++;
        return (ushort)upper;
    }
}
