using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

public sealed class HfConfigReaderTests
{
    private const string Source = "/models/m/config.json";

    /// <summary>A minimal config of <paramref name="modelType"/>; <paramref name="extra"/> fields are added or override.</summary>
    private static string Json(string modelType = "llama", string extra = "")
    {
        var config = new JsonObject
        {
            ["model_type"] = modelType,
            ["hidden_size"] = 64,
            ["intermediate_size"] = 128,
            ["num_hidden_layers"] = 2,
            ["num_attention_heads"] = 4,
            ["vocab_size"] = 100,
        };
        foreach (var (key, value) in JsonNode.Parse("{" + extra + "}")!.AsObject())
            config[key] = value?.DeepClone();
        return config.ToJsonString();
    }

    private static ModelConfig Parse(string json) => HfConfigReader.ParseModelConfig(json, Source);

    private static string Error(string json)
    {
        var e = Assert.Throws<UserErrorException>(() => Parse(json));
        Assert.StartsWith($"config.json ({Source}): ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void LlamaDefaultsFollowTransformers()
    {
        var c = Parse(Json());
        Assert.Equal(4, c.NumKeyValueHeads);
        Assert.Equal(16, c.HeadDim);
        Assert.Equal(10000.0, c.RopeTheta);
        Assert.Null(c.RopeScaling);
        Assert.Equal(1e-6, c.RmsNormEps);
        Assert.Equal(2048, c.MaxPositionEmbeddings);
        Assert.False(c.TieWordEmbeddings);
        Assert.False(c.AttentionBias);
        Assert.False(c.QkNorm);
        Assert.Null(c.BosTokenId);
        Assert.Empty(c.EosTokenIds);
        Assert.Null(c.TorchDtype);
    }

    [Fact]
    public void LlamaHonoursAttentionBiasHeadDimAndEosList()
    {
        var c = Parse(Json("llama", "\"attention_bias\": true, \"head_dim\": 24, \"num_key_value_heads\": 2, \"eos_token_id\": [128001, 128008, 128009], \"dtype\": \"bfloat16\""));
        Assert.True(c.AttentionBias);
        Assert.Equal(24, c.HeadDim);
        Assert.Equal(2, c.NumKeyValueHeads);
        Assert.Equal([128001, 128008, 128009], c.EosTokenIds);
        Assert.Equal(DType.BF16, c.TorchDtype);
    }

    [Fact]
    public void NullHeadDimFallsBackToHiddenOverHeads() =>
        Assert.Equal(16, Parse(Json("llama", "\"head_dim\": null")).HeadDim);

    [Fact]
    public void Qwen2AlwaysHasAttentionBias()
    {
        var c = Parse(Json("qwen2", "\"attention_bias\": false"));
        Assert.True(c.AttentionBias);
        Assert.False(c.QkNorm);
        Assert.Equal(32768, c.MaxPositionEmbeddings);
    }

    [Fact]
    public void Qwen3HasQkNormAndConfigurableBias()
    {
        var plain = Parse(Json("qwen3", "\"head_dim\": 32"));
        Assert.True(plain.QkNorm);
        Assert.False(plain.AttentionBias);
        Assert.Equal(32, plain.HeadDim);
        Assert.True(Parse(Json("qwen3", "\"head_dim\": 32, \"attention_bias\": true")).AttentionBias);
    }

    [Fact]
    public void Qwen3WithoutHeadDimUsesQwen3ConfigDefaultOf128() =>
        Assert.Equal(128, Parse(Json("qwen3")).HeadDim);

    [Fact]
    public void IntegralFloatsAreAcceptedForIntegerFields() =>
        Assert.Equal(4096, Parse(Json("llama", "\"max_position_embeddings\": 4096.0")).MaxPositionEmbeddings);

    [Fact]
    public void UnsupportedModelType() =>
        Assert.Equal($"config.json ({Source}): unsupported model_type 'gpt2'; supported: llama, qwen2, qwen3, deepseek_v2, deepseek_v3, kimi_k2", Error(Json("gpt2")));

    [Theory]
    [InlineData("hidden_size")]
    [InlineData("intermediate_size")]
    [InlineData("num_hidden_layers")]
    [InlineData("num_attention_heads")]
    [InlineData("vocab_size")]
    [InlineData("model_type")]
    public void MissingRequiredFieldIsNamed(string field)
    {
        var json = JsonNode.Parse(Json())!.AsObject();
        json.Remove(field);
        Assert.Contains($"missing required field '{field}'", Error(json.ToJsonString()));
    }

    [Theory]
    [InlineData("\"hidden_size\": \"64\"", "'hidden_size' must be an integer")]
    [InlineData("\"rope_theta\": \"1e6\"", "'rope_theta' must be a number")]
    [InlineData("\"tie_word_embeddings\": 1", "'tie_word_embeddings' must be true or false")]
    [InlineData("\"eos_token_id\": [2, \"x\"]", "'eos_token_id[1]' must be an integer")]
    [InlineData("\"num_key_value_heads\": 2.5", "'num_key_value_heads' must be an integer")]
    [InlineData("\"model_type\": 3", "'model_type' must be a string")]
    public void WrongJsonTypeIsNamed(string field, string expected)
        => Assert.Contains(expected, Error(Json("llama", field)));

    [Theory]
    [InlineData("\"hidden_act\": \"gelu\"", "unsupported hidden_act 'gelu'")]
    [InlineData("\"num_key_value_heads\": 3", "must be a multiple of num_key_value_heads (3)")]
    [InlineData("\"num_attention_heads\": 0", "'num_attention_heads' must be positive")]
    [InlineData("\"num_attention_heads\": 5", "add 'head_dim'")]
    [InlineData("\"mlp_bias\": true", "mlp_bias")]
    public void InvalidValuesAreExplained(string field, string expected) =>
        Assert.Contains(expected, Error(Json("llama", field)));

    [Fact]
    public void SlidingWindowIsRejectedForQwen2() =>
        Assert.Contains("use_sliding_window", Error(Json("qwen2", "\"use_sliding_window\": true")));

    [Theory]
    [InlineData("{\"model_type\": ")]
    [InlineData("[1, 2]")]
    public void NotAJsonObject(string json) => Error(json);

    [Fact]
    public void MissingConfigFileNamesPathAndExpectation()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sharpinfer-no-such-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<UserErrorException>(() => HfConfigReader.ReadModelConfig(dir));
        Assert.Contains(Path.Combine(dir, "config.json"), e.Message);
        Assert.Contains("Hugging Face model folder", e.Message);
    }

    private const string Mla = "\"kv_lora_rank\": 32, \"qk_nope_head_dim\": 16, \"qk_rope_head_dim\": 8, \"v_head_dim\": 16";

    [Fact]
    public void DeepseekV2DefaultsFollowDeepseekV2Config()
    {
        var c = Parse(Json("deepseek_v2", Mla + ", \"q_lora_rank\": null, \"n_routed_experts\": 8, \"num_experts_per_tok\": 2, \"moe_intermediate_size\": 32"));
        Assert.Null(c.Mla!.QLoraRank);
        Assert.Equal(24, c.HeadDim);
        Assert.Equal(2048, c.MaxPositionEmbeddings);
        var moe = c.Moe!;
        Assert.Equal(("greedy", "softmax", false, 1.0, 0, 0, 1), (moe.TopKMethod, moe.ScoringFunc, moe.NormTopKProb, moe.RoutedScalingFactor, moe.NumSharedExperts, moe.FirstKDenseReplace, moe.MoeLayerFreq));
    }

    [Fact]
    public void DeepseekV3DefaultsFollowDeepseekV3Config()
    {
        var c = Parse(Json("deepseek_v3", Mla + ", \"q_lora_rank\": 48, \"n_routed_experts\": 8, \"num_experts_per_tok\": 2, \"moe_intermediate_size\": 32"));
        Assert.Equal(48, c.Mla!.QLoraRank);
        Assert.Equal(4096, c.MaxPositionEmbeddings);
        Assert.Equal(("noaux_tc", "sigmoid", true, 2.5), (c.Moe!.TopKMethod, c.Moe.ScoringFunc, c.Moe.NormTopKProb, c.Moe.RoutedScalingFactor));
    }

    [Fact]
    public void DeepseekWithoutExpertsIsDense() => Assert.Null(Parse(Json("deepseek_v3", Mla)).Moe);

    [Theory]
    [InlineData("\"qk_nope_head_dim\": 16, \"qk_rope_head_dim\": 8, \"v_head_dim\": 16", "missing required field 'kv_lora_rank'")]
    [InlineData("\"kv_lora_rank\": 32, \"qk_nope_head_dim\": 16, \"qk_rope_head_dim\": 7, \"v_head_dim\": 16", "'qk_rope_head_dim' must be a positive even number")]
    [InlineData(Mla + ", \"n_routed_experts\": 8, \"num_experts_per_tok\": 2, \"moe_intermediate_size\": 32, \"topk_method\": \"random\"", "topk_method 'random' is not supported")]
    [InlineData(Mla + ", \"n_routed_experts\": 8, \"num_experts_per_tok\": 2, \"moe_intermediate_size\": 32, \"scoring_func\": \"relu\"", "scoring_func 'relu' is not supported")]
    [InlineData(Mla + ", \"n_routed_experts\": 8, \"num_experts_per_tok\": 5, \"moe_intermediate_size\": 32, \"n_group\": 4, \"topk_group\": 2", "num_experts_per_tok (5) exceeds the experts in the 2 selected group(s)")]
    public void BadDeepseekFieldsAreNamed(string extra, string expected) => Assert.Contains(expected, Error(Json("deepseek_v3", extra)));
}
