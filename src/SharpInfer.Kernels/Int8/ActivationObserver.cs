namespace SharpInfer.Kernels.Int8;

/// <summary>Sees the float inputs ([tokens, cols]) of a W8A8 layer before they are quantized: calibration's hook.</summary>
public delegate void ActivationObserver(ReadOnlySpan<float> activations);
