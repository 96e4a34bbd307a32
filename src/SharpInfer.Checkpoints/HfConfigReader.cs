using System.Text.Json;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>
/// Reads Hugging Face <c>config.json</c> and <c>generation_config.json</c> with transformers' defaults
/// for the supported decoder families (llama, qwen2, qwen3, deepseek_v2, deepseek_v3, kimi_k2).
/// </summary>
public static class HfConfigReader
{
    public const string ConfigFileName = "config.json";
    public const string GenerationConfigFileName = "generation_config.json";

    private static readonly string[] SupportedModelTypes = ["llama", "qwen2", "qwen3", "deepseek_v2", "deepseek_v3", "kimi_k2"];

    /// <param name="hfOverrides">A JSON object merged into config.json first (vLLM's <c>--hf-overrides</c>), or null.</param>
    public static ModelConfig ReadModelConfig(string modelDir, string? hfOverrides = null)
    {
        var path = Path.Combine(modelDir, ConfigFileName);
        if (!File.Exists(path))
        {
            throw new UserErrorException(
                $"config.json not found at {path}; expected a Hugging Face model folder (config.json, model.safetensors, tokenizer.json)");
        }
        return ParseModelConfig(File.ReadAllText(path), path, hfOverrides);
    }

    /// <param name="sourcePath">Where <paramref name="json"/> came from, for error messages.</param>
    /// <param name="hfOverrides">A JSON object merged into <paramref name="json"/> first, or null.</param>
    public static ModelConfig ParseModelConfig(string json, string sourcePath, string? hfOverrides = null)
    {
        var fields = new JsonFields($"config.json ({sourcePath})");
        if (!string.IsNullOrWhiteSpace(hfOverrides))
            json = HfOverrides.Apply(json, hfOverrides, fields);
        using var document = fields.ParseObjectDocument(json);
        var root = document.RootElement;

        var modelType = fields.RequiredString(root, "model_type");
        if (Array.IndexOf(SupportedModelTypes, modelType) < 0)
            throw fields.Error($"unsupported model_type '{modelType}'; supported: {string.Join(", ", SupportedModelTypes)}");

        RejectUnsupportedOptions(root, fields, modelType);

        var hiddenSize = Positive(fields, "hidden_size", fields.RequiredInt(root, "hidden_size"));
        var numHeads = Positive(fields, "num_attention_heads", fields.RequiredInt(root, "num_attention_heads"));
        var numKvHeads = Positive(fields, "num_key_value_heads", fields.OptionalInt(root, "num_key_value_heads") ?? numHeads);
        if (numHeads % numKvHeads != 0)
            throw fields.Error($"num_attention_heads ({numHeads}) must be a multiple of num_key_value_heads ({numKvHeads})");

        var (ropeTheta, ropeScaling) = ReadRope(root, fields);
        var deepseek = DeepseekConfigReader.IsDeepseek(modelType);
        var mla = deepseek ? DeepseekConfigReader.ReadMla(root, fields) : null;
        return new ModelConfig
        {
            ModelType = modelType,
            HiddenSize = hiddenSize,
            IntermediateSize = Positive(fields, "intermediate_size", fields.RequiredInt(root, "intermediate_size")),
            NumHiddenLayers = Positive(fields, "num_hidden_layers", fields.RequiredInt(root, "num_hidden_layers")),
            NumAttentionHeads = numHeads,
            NumKeyValueHeads = numKvHeads,
            HeadDim = mla?.QHeadDim ?? ReadHeadDim(root, fields, modelType, hiddenSize, numHeads),
            VocabSize = Positive(fields, "vocab_size", fields.RequiredInt(root, "vocab_size")),
            RmsNormEps = fields.OptionalDouble(root, "rms_norm_eps") ?? 1e-6,
            RopeTheta = ropeTheta,
            RopeScaling = ropeScaling,
            // transformers' LlamaConfig and DeepseekV2Config default to 2048 positions, DeepseekV3Config to 4096, Qwen2Config/Qwen3Config to 32768.
            MaxPositionEmbeddings = fields.OptionalInt(root, "max_position_embeddings") ?? modelType switch
            {
                "llama" or "deepseek_v2" => 2048,
                "deepseek_v3" or "kimi_k2" => 4096,
                _ => 32768,
            },
            TieWordEmbeddings = fields.OptionalBool(root, "tie_word_embeddings") ?? false,
            AttentionBias = ReadAttentionBias(root, fields, modelType),
            QkNorm = modelType == "qwen3",
            Mla = mla,
            Moe = deepseek ? DeepseekConfigReader.ReadMoe(root, fields, modelType) : null,
            HiddenAct = "silu",
            BosTokenId = fields.OptionalInt(root, "bos_token_id"),
            EosTokenIds = fields.IntOrIntList(root, "eos_token_id"),
            // transformers 4.56+ writes "dtype"; older versions "torch_dtype".
            TorchDtype = DTypeInfo.FromTorchName(fields.OptionalString(root, "torch_dtype") ?? fields.OptionalString(root, "dtype")),
        };
    }

    /// <summary>generation_config.json of <paramref name="modelDir"/>, or null when the model ships none.</summary>
    public static GenerationConfig? ReadGenerationConfig(string modelDir)
    {
        var path = Path.Combine(modelDir, GenerationConfigFileName);
        if (!File.Exists(path))
            return null;
        var fields = new JsonFields($"generation_config.json ({path})");
        using var document = fields.ParseObjectDocument(File.ReadAllText(path));
        var root = document.RootElement;
        return new GenerationConfig
        {
            BosTokenId = fields.OptionalInt(root, "bos_token_id"),
            EosTokenIds = fields.IntOrIntList(root, "eos_token_id"),
            DoSample = fields.OptionalBool(root, "do_sample"),
            Temperature = fields.OptionalDouble(root, "temperature"),
            TopP = fields.OptionalDouble(root, "top_p"),
            TopK = fields.OptionalInt(root, "top_k"),
            RepetitionPenalty = fields.OptionalDouble(root, "repetition_penalty"),
            MaxNewTokens = fields.OptionalInt(root, "max_new_tokens"),
        };
    }

    private static int ReadHeadDim(JsonElement root, JsonFields fields, string modelType, int hiddenSize, int numHeads)
    {
        if (fields.OptionalInt(root, "head_dim") is { } headDim)
            return Positive(fields, "head_dim", headDim);
        // Qwen3Config has head_dim=128 as its constructor default rather than hidden_size / heads.
        if (modelType == "qwen3")
            return 128;
        if (hiddenSize % numHeads != 0)
        {
            throw fields.Error(
                $"hidden_size ({hiddenSize}) is not divisible by num_attention_heads ({numHeads}) and no head_dim is given; add 'head_dim'");
        }
        return hiddenSize / numHeads;
    }

    private static bool ReadAttentionBias(JsonElement root, JsonFields fields, string modelType)
    {
        var configured = fields.OptionalBool(root, "attention_bias") ?? false;
        // Qwen2's attention always has q/k/v biases; transformers ignores attention_bias for it.
        return modelType == "qwen2" || configured;
    }

    /// <summary>Options transformers honours that <see cref="ModelConfig"/> cannot express.</summary>
    private static void RejectUnsupportedOptions(JsonElement root, JsonFields fields, string modelType)
    {
        var hiddenAct = fields.OptionalString(root, "hidden_act") ?? "silu";
        if (hiddenAct != "silu")
            throw fields.Error($"unsupported hidden_act '{hiddenAct}'; {modelType} models are supported with 'silu' only");
        if (fields.OptionalBool(root, "mlp_bias") ?? false)
            throw fields.Error("mlp_bias=true is not supported; only bias-free MLPs are implemented");
        if (modelType != "llama" && (fields.OptionalBool(root, "use_sliding_window") ?? false))
            throw fields.Error("use_sliding_window=true is not supported; set it to false to run with full attention");
    }

    private static (double Theta, RopeScalingConfig? Scaling) ReadRope(JsonElement root, JsonFields fields)
    {
        var theta = fields.OptionalDouble(root, "rope_theta") ?? 10000.0;
        // transformers 5 folds rope_theta and the scaling into "rope_parameters".
        if (JsonFields.TryGetPresent(root, "rope_parameters", out var parameters))
        {
            var scaling = RopeScalingReader.Read(parameters, "rope_parameters", fields);
            theta = fields.OptionalDouble(parameters, "rope_theta", "rope_parameters.rope_theta") ?? theta;
            return (theta, scaling);
        }
        return JsonFields.TryGetPresent(root, "rope_scaling", out var legacy)
            ? (theta, RopeScalingReader.Read(legacy, "rope_scaling", fields))
            : (theta, null);
    }

    private static int Positive(JsonFields fields, string field, int value) =>
        value > 0 ? value : throw fields.Error($"field '{field}' must be positive, got {value}");
}
