using System.Text.Json;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>
/// The MLA and MoE fields of DeepSeek-V2/V3 (and Kimi-K2, a DeepSeek-V3) configs, with the defaults of
/// Hugging Face's DeepseekV2Config / DeepseekV3Config for the fields a config may leave out.
/// </summary>
internal static class DeepseekConfigReader
{
    private static readonly string[] TopKMethods = ["greedy", "group_limited_greedy", "noaux_tc"];
    private static readonly string[] ScoringFuncs = ["softmax", "sigmoid"];

    public static bool IsDeepseek(string modelType) => modelType is "deepseek_v2" or "deepseek_v3" or "kimi_k2";

    public static MlaConfig ReadMla(JsonElement root, JsonFields fields) => new()
    {
        QLoraRank = fields.OptionalInt(root, "q_lora_rank") is { } rank ? Positive(fields, "q_lora_rank", rank) : null,
        KvLoraRank = Positive(fields, "kv_lora_rank", fields.RequiredInt(root, "kv_lora_rank")),
        QkNopeHeadDim = Positive(fields, "qk_nope_head_dim", fields.RequiredInt(root, "qk_nope_head_dim")),
        QkRopeHeadDim = EvenPositive(fields, "qk_rope_head_dim", fields.RequiredInt(root, "qk_rope_head_dim")),
        VHeadDim = Positive(fields, "v_head_dim", fields.RequiredInt(root, "v_head_dim")),
    };

    /// <summary>The MoE settings, or null when <c>n_routed_experts</c> is absent (every layer dense).</summary>
    public static MoeConfig? ReadMoe(JsonElement root, JsonFields fields, string modelType)
    {
        if (fields.OptionalInt(root, "n_routed_experts") is not { } experts)
            return null;
        var v3 = modelType != "deepseek_v2";
        var topK = Positive(fields, "num_experts_per_tok", fields.RequiredInt(root, "num_experts_per_tok"));
        var groups = Positive(fields, "n_group", fields.OptionalInt(root, "n_group") ?? 1);
        var topKGroups = Positive(fields, "topk_group", fields.OptionalInt(root, "topk_group") ?? 1);
        var method = fields.OptionalString(root, "topk_method") ?? (v3 ? "noaux_tc" : "greedy");
        var scoring = fields.OptionalString(root, "scoring_func") ?? (v3 ? "sigmoid" : "softmax");
        if (Array.IndexOf(TopKMethods, method) < 0)
            throw fields.Error($"topk_method '{method}' is not supported; supported: {string.Join(", ", TopKMethods)}");
        if (Array.IndexOf(ScoringFuncs, scoring) < 0)
            throw fields.Error($"scoring_func '{scoring}' is not supported; supported: {string.Join(", ", ScoringFuncs)}");
        if (Positive(fields, "n_routed_experts", experts) % groups != 0)
            throw fields.Error($"n_routed_experts ({experts}) must be a multiple of n_group ({groups})");
        if (topKGroups > groups)
            throw fields.Error($"topk_group ({topKGroups}) cannot exceed n_group ({groups})");
        if (method == "noaux_tc" && experts / groups < 2)
            throw fields.Error($"topk_method noaux_tc scores a group by its top-2 experts; n_routed_experts / n_group must be at least 2, got {experts / groups}");
        if (topK > experts / groups * topKGroups)
            throw fields.Error($"num_experts_per_tok ({topK}) exceeds the experts in the {topKGroups} selected group(s)");
        return new MoeConfig
        {
            NumRoutedExperts = experts,
            NumExpertsPerToken = topK,
            MoeIntermediateSize = Positive(fields, "moe_intermediate_size", fields.RequiredInt(root, "moe_intermediate_size")),
            NumSharedExperts = fields.OptionalInt(root, "n_shared_experts") ?? 0,
            FirstKDenseReplace = fields.OptionalInt(root, "first_k_dense_replace") ?? 0,
            MoeLayerFreq = Positive(fields, "moe_layer_freq", fields.OptionalInt(root, "moe_layer_freq") ?? 1),
            NumGroups = groups,
            TopKGroups = topKGroups,
            TopKMethod = method,
            ScoringFunc = scoring,
            NormTopKProb = fields.OptionalBool(root, "norm_topk_prob") ?? v3,
            RoutedScalingFactor = fields.OptionalDouble(root, "routed_scaling_factor") ?? (v3 ? 2.5 : 1.0),
        };
    }

    private static int Positive(JsonFields fields, string field, int value) =>
        value > 0 ? value : throw fields.Error($"field '{field}' must be positive, got {value}");

    private static int EvenPositive(JsonFields fields, string field, int value) =>
        value > 0 && value % 2 == 0 ? value : throw fields.Error($"field '{field}' must be a positive even number (rotary pairs), got {value}");
}
