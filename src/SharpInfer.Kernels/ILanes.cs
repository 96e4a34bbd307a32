namespace SharpInfer.Kernels;

/// <summary>
/// Sixteen float lanes, as one 512-bit register or two 256-bit ones: lets <see cref="PanelKernels"/> be
/// written once and specialized by the JIT for each width (struct type arguments are compiled separately).
/// </summary>
internal unsafe interface ILanes<TSelf> where TSelf : struct, ILanes<TSelf>
{
    static abstract TSelf Zero { get; }
    static abstract TSelf Broadcast(float value);
    static abstract TSelf LoadF32(float* source);

    /// <summary>Sixteen 32-bit lanes, each holding two BF16 values: the low halves widened, and the high halves.</summary>
    static abstract void LoadBf16Pairs(uint* source, out TSelf low, out TSelf high);

    /// <summary>weight · x + accumulator, rounded once (the scalar reference uses MathF.FusedMultiplyAdd).</summary>
    static abstract TSelf Fma(TSelf weight, TSelf x, TSelf accumulator);
    static abstract void Store(TSelf value, float* destination);
}
