namespace SharpInfer.Checkpoints;

/// <summary>Shape arithmetic and formatting shared by the tensor sources.</summary>
internal static class TensorShapes
{
    /// <summary>Product of the dimensions; a scalar (rank 0) has one element. Throws OverflowException.</summary>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
            count = checked(count * dim);
        return count;
    }

    /// <summary>"[a, b]" as Python prints shapes.</summary>
    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
