namespace SharpInfer.Kernels.Int8;

/// <summary>
/// How a W8A8 layer quantizes its input: per token at run time (<see cref="Dynamic"/>, scale = absmax/127),
/// or with one calibrated scale and zero point for the whole tensor.
/// </summary>
public sealed record Int8Activation(float Scale, int ZeroPoint)
{
    public static Int8Activation Dynamic { get; } = new(0f, 0);

    public bool IsDynamic => ReferenceEquals(this, Dynamic);

    public static Int8Activation Static(float scale, int zeroPoint = 0)
    {
        if (!(scale > 0) || !float.IsFinite(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "a static activation scale must be positive and finite");
        return new Int8Activation(scale, zeroPoint);
    }
}
