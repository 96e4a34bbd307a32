using SharpInfer.Core;

namespace SharpInfer.Models.Quantization;

/// <summary>
/// Static activation scales for W8A8: the model, quantized dynamically at load, runs the calibration
/// samples while a histogram per linear layer collects |input|; each layer's scale is the
/// <see cref="Percentile"/>th percentile of |input| / 127 (outliers above it are clipped at run time).
/// Layers that saw no input (MoE experts no calibration token was routed to) are left out of the result.
/// </summary>
public static class ActivationCalibration
{
    public const double Percentile = 99.99;

    /// <returns>Input scale by weight name.</returns>
    public static Dictionary<string, float> InputScales(string modelDirectory, IReadOnlyList<int[]> samples, Action<string> progress)
    {
        if (samples.Count == 0 || samples.Any(s => s.Length == 0))
            throw new UserErrorException("--scheme static needs calibration text: pass --calib-data FILE with at least one non-empty sample");
        using var loaded = LoadedModel.Load(modelDirectory, LoadFormat.Safetensors, quantization: WeightQuantization.W8A8);
        var histograms = loaded.Int8Matrices.ToDictionary(p => p.Key, _ => new AbsHistogram(), StringComparer.Ordinal);
        foreach (var (name, matrix) in loaded.Int8Matrices)
            matrix.Observer = histograms[name].Add;
        var model = loaded.Model;
        const int blockSize = 16;
        foreach (var sample in samples)
        {
            var tokens = sample.Length > loaded.MaxModelLength ? sample[..loaded.MaxModelLength] : sample;
            var blocks = (tokens.Length + blockSize - 1) / blockSize;
            var logits = new float[model.Config.VocabSize];
            model.Forward(
                new ForwardBatch(tokens, Enumerable.Range(0, tokens.Length).ToArray(), new int[tokens.Length], Enumerable.Range(0, blocks).ToArray(), blocks, [tokens.Length - 1]),
                model.CreateKvCache(blocks, blockSize, DType.F32), model.CreateScratch(), logits);
        }
        // Layers no sample reached (routed experts no token was sent to) get no scale; the writer decides.
        var seen = histograms.Where(p => p.Value.Count > 0).ToArray();
        progress($"calibrated {seen.Length} layers on {samples.Count} samples ({samples.Sum(s => s.Length)} tokens), scale = p{Percentile} of |input| / 127"
            + (seen.Length < histograms.Count ? $"; {histograms.Count - seen.Length} routed experts received no calibration token" : ""));
        return seen.ToDictionary(p => p.Key, p => Math.Max(p.Value.Percentile(Percentile), 1e-8f) / 127f, StringComparer.Ordinal);
    }
}
