using SharpInfer.Core;

namespace SharpInfer.Models;

/// <summary>
/// RoPE frequencies for a config, following transformers' <c>ROPE_INIT_FUNCTIONS</c>: default, linear,
/// dynamic (NTK, recomputed from the sequence length), llama3 and yarn (whose attention factor scales
/// cos and sin).
/// </summary>
public sealed class RotaryEmbedding
{
    private readonly ModelConfig _config;
    private readonly int _rotaryDim;
    private float[] _inverseFrequencies;
    private int _dynamicSequenceLength;

    public RotaryEmbedding(ModelConfig config, int rotaryDim)
    {
        _config = config;
        _rotaryDim = rotaryDim;
        var scaling = config.RopeScaling;
        (_inverseFrequencies, AttentionFactor) = (scaling?.Type ?? "default") switch
        {
            "default" => (BaseFrequencies(config.RopeTheta), 1f),
            "linear" => (Scale(BaseFrequencies(config.RopeTheta), 1.0 / scaling!.Factor), 1f),
            "dynamic" => (BaseFrequencies(config.RopeTheta), 1f),
            "llama3" => (Llama3Frequencies(scaling!), 1f),
            "yarn" => YarnFrequencies(scaling!),
            var other => throw new UserErrorException($"rope_scaling type '{other}' is not supported; supported: default, linear, dynamic, llama3, yarn"),
        };
    }

    /// <summary>Multiplier applied to cos and sin (yarn's attention factor; 1 otherwise).</summary>
    public float AttentionFactor { get; }

    public int HalfDim => _rotaryDim / 2;

    /// <summary>Fills cos/sin ([rotaryDim/2] each) for one position of a sequence that is <paramref name="sequenceLength"/> long.</summary>
    public void Compute(int position, int sequenceLength, Span<float> cos, Span<float> sin)
    {
        var frequencies = FrequenciesFor(sequenceLength);
        for (var i = 0; i < frequencies.Length; i++)
        {
            // float32 angle as transformers computes it (position · inv_freq in float32).
            var angle = (float)position * frequencies[i];
            cos[i] = MathF.Cos(angle) * AttentionFactor;
            sin[i] = MathF.Sin(angle) * AttentionFactor;
        }
    }

    private float[] FrequenciesFor(int sequenceLength)
    {
        if (_config.RopeScaling?.Type != "dynamic")
            return _inverseFrequencies;
        var original = _config.RopeScaling.OriginalMaxPositionEmbeddings ?? _config.MaxPositionEmbeddings;
        var effective = Math.Max(sequenceLength, original);
        if (effective != _dynamicSequenceLength)
        {
            var factor = _config.RopeScaling.Factor;
            var ratio = factor * effective / original - (factor - 1);
            var theta = _config.RopeTheta * Math.Pow(ratio, _rotaryDim / (_rotaryDim - 2.0));
            _inverseFrequencies = BaseFrequencies(theta);
            _dynamicSequenceLength = effective;
        }
        return _inverseFrequencies;
    }

    private float[] BaseFrequencies(double theta)
    {
        var result = new float[_rotaryDim / 2];
        for (var i = 0; i < result.Length; i++)
            result[i] = (float)(1.0 / Math.Pow(theta, 2.0 * i / _rotaryDim));
        return result;
    }

    private static float[] Scale(float[] frequencies, double by)
    {
        for (var i = 0; i < frequencies.Length; i++)
            frequencies[i] = (float)(frequencies[i] * by);
        return frequencies;
    }

    private float[] Llama3Frequencies(RopeScalingConfig scaling)
    {
        var frequencies = BaseFrequencies(_config.RopeTheta);
        var original = (double)(scaling.OriginalMaxPositionEmbeddings ?? 8192);
        var lowFreqWavelength = original / scaling.LowFreqFactor;
        var highFreqWavelength = original / scaling.HighFreqFactor;
        for (var i = 0; i < frequencies.Length; i++)
        {
            var wavelength = 2 * Math.PI / frequencies[i];
            if (wavelength > lowFreqWavelength)
            {
                frequencies[i] = (float)(frequencies[i] / scaling.Factor);
            }
            else if (wavelength >= highFreqWavelength)
            {
                var smooth = (original / wavelength - scaling.LowFreqFactor) / (scaling.HighFreqFactor - scaling.LowFreqFactor);
                frequencies[i] = (float)((1 - smooth) * frequencies[i] / scaling.Factor + smooth * frequencies[i]);
            }
        }
        return frequencies;
    }

    private (float[] Frequencies, float AttentionFactor) YarnFrequencies(RopeScalingConfig scaling)
    {
        var factor = scaling.Factor;
        var original = scaling.OriginalMaxPositionEmbeddings ?? _config.MaxPositionEmbeddings;
        var attentionFactor = scaling.AttentionFactor
            ?? (scaling.Mscale is { } mscale and not 0 && scaling.MscaleAllDim is { } mscaleAllDim and not 0
                ? YarnMscale(factor, mscale) / YarnMscale(factor, mscaleAllDim)
                : YarnMscale(factor, 1.0));

        var low = Math.Max(Math.Floor(CorrectionDim(scaling.BetaFast, original)), 0);
        var high = Math.Min(Math.Ceiling(CorrectionDim(scaling.BetaSlow, original)), _rotaryDim - 1);
        if (low == high)
            high += 0.001;

        var extrapolation = BaseFrequencies(_config.RopeTheta);
        var result = new float[extrapolation.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var ramp = Math.Clamp((i - low) / (high - low), 0, 1);
            var extrapolationWeight = 1 - ramp;
            var interpolated = extrapolation[i] / factor;
            result[i] = (float)(interpolated * (1 - extrapolationWeight) + extrapolation[i] * extrapolationWeight);
        }
        return (result, (float)attentionFactor);
    }

    private double CorrectionDim(double rotations, int originalMaxPositions) =>
        _rotaryDim * Math.Log(originalMaxPositions / (rotations * 2 * Math.PI)) / (2 * Math.Log(_config.RopeTheta));

    internal static double YarnMscale(double scale, double mscale) =>
        scale <= 1 ? 1.0 : 0.1 * mscale * Math.Log(scale) + 1.0;
}
