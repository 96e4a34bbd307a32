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
        for (var i = 0; i < half; i++)
        {
            var a = head[i];
            var b = head[i + half];
            head[i] = a * cos[i] - b * sin[i];
            head[i + half] = b * cos[i] + a * sin[i];
        }
    }
}
