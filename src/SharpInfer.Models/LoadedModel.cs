using System.Diagnostics;
using SharpInfer.Checkpoints;
using SharpInfer.Checkpoints.Quantization;
using SharpInfer.Core;
using SharpInfer.Kernels.Int8;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Models;

/// <summary>A model folder opened for inference: its configs, weights (kept mapped) and forward pass.</summary>
public sealed class LoadedModel : IDisposable
{
    private readonly ITensorSource _source;

    private LoadedModel(string directory, ModelConfig config, GenerationConfig? generationConfig, ITensorSource source, ICausalLm model, TimeSpan loadTime)
    {
        Directory = directory;
        Config = config;
        GenerationConfig = generationConfig;
        _source = source;
        Model = model;
        LoadTime = loadTime;
    }

    public string Directory { get; }
    public ModelConfig Config { get; }
    public GenerationConfig? GenerationConfig { get; }
    public ICausalLm Model { get; }
    public TimeSpan LoadTime { get; }

    /// <summary>generation_config.json's eos ids when it has them, else config.json's.</summary>
    public IReadOnlyList<int> EosTokenIds =>
        GenerationConfig is { EosTokenIds.Count: > 0 } generation ? generation.EosTokenIds : Config.EosTokenIds;

    /// <summary>
    /// The longest sequence the model is meant for: max_position_embeddings, stretched by the RoPE scaling
    /// factor for the types that extend context (as vLLM derives its default max_model_len).
    /// </summary>
    public int MaxModelLength
    {
        get
        {
            var scaling = Config.RopeScaling;
            return scaling?.Type switch
            {
                "linear" or "dynamic" => (int)(Config.MaxPositionEmbeddings * scaling.Factor),
                "yarn" => (int)((scaling.OriginalMaxPositionEmbeddings ?? Config.MaxPositionEmbeddings) * scaling.Factor),
                _ => Config.MaxPositionEmbeddings,
            };
        }
    }

    /// <summary>The W8A8 matrices by weight name (empty for a floating-point model).</summary>
    public IReadOnlyDictionary<string, Int8Matrix> Int8Matrices { get; private init; } = new Dictionary<string, Int8Matrix>();

    /// <param name="quantization">Quantize floating-point linear layers while loading; W8A8 checkpoints load as int8 regardless.</param>
    /// <param name="hfOverrides">JSON object merged into config.json before it is parsed (vLLM's <c>--hf-overrides</c>), or null.</param>
    public static LoadedModel Load(string directory, LoadFormat format, ulong dummySeed = 0, WeightQuantization quantization = WeightQuantization.None, string? hfOverrides = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var config = HfConfigReader.ReadModelConfig(directory, hfOverrides);
        var generationConfig = HfConfigReader.ReadGenerationConfig(directory);
        ITensorSource source = format == LoadFormat.Dummy
            ? new DummyTensorSource(config.TorchDtype is DType.F32 or DType.F16 ? config.TorchDtype.Value : DType.BF16, dummySeed)
            : SafetensorsCheckpoint.Open(directory);
        try
        {
            var scheme = format == LoadFormat.Dummy ? CheckpointQuantization.None : CheckpointQuantization.Read(directory);
            var int8 = new Int8WeightReader(source, scheme, quantization);
            ICausalLm model = config.Mla is not null
                ? new Deepseek.DeepseekModel(config, Deepseek.DeepseekWeights.Load(config, source, int8))
                : new LlamaModel(config, LlamaWeights.Load(config, source, int8));
            return new LoadedModel(directory, config, generationConfig, source, model, stopwatch.Elapsed) { Int8Matrices = int8.Matrices };
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public void Dispose() => _source.Dispose();
}
