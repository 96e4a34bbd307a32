namespace SharpInfer.Checkpoints;

/// <summary>Where model weights come from: a checkpoint on disk, or generated dummy weights.</summary>
public interface ITensorSource : IDisposable
{
    /// <summary>For messages: the model folder, or e.g. "dummy weights (BF16, seed 0)".</summary>
    string Description { get; }

    bool Contains(string name);

    /// <summary>
    /// The tensor <paramref name="name"/>; throws <see cref="Core.UserErrorException"/> when it is missing
    /// or its shape differs from <paramref name="expectedShape"/>.
    /// </summary>
    TensorView Get(string name, ReadOnlySpan<long> expectedShape);

    /// <summary>
    /// Says the caller has copied tensor <paramref name="name"/> (e.g. repacked it) and needs its view no more:
    /// generated weights free their memory; memory-mapped files keep it (the OS pages it out when needed).
    /// </summary>
    void Release(string name);
}
