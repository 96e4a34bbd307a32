namespace SharpInfer.Core;

/// <summary>generation_config.json: defaults the model's authors ship for generation.</summary>
public sealed record GenerationConfig
{
    public int? BosTokenId { get; init; }

    /// <summary>End-of-sequence ids; the file may give one id or a list.</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public bool? DoSample { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public int? TopK { get; init; }
    public double? RepetitionPenalty { get; init; }
    public int? MaxNewTokens { get; init; }
}
