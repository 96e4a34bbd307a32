namespace SharpInfer.Models.Quantization;

/// <summary>What <c>sharpinfer quantize w8a8</c> was asked to do.</summary>
public sealed record W8A8Options(string Input, string Output, bool Force, bool Static, IReadOnlyList<string> Ignore, IReadOnlyList<int[]> CalibrationSamples);
