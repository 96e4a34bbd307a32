namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// One request's outcome as the client saw it. Times are seconds: <see cref="StartTime"/> from the start of the
/// run, <see cref="Ttft"/> from send to the first content chunk, <see cref="Itl"/> the gaps between content
/// chunks, <see cref="Latency"/> from send to the end of the stream. A failed request keeps its error text.
/// </summary>
internal sealed record RequestOutput
{
    public required int PromptLen { get; init; }
    public required bool Success { get; init; }
    public string Error { get; init; } = "";
    public string GeneratedText { get; init; } = "";
    /// <summary>Output tokens: the server's <c>usage.completion_tokens</c>, else the tokenizer's count of the text.</summary>
    public int OutputTokens { get; init; }
    public double StartTime { get; init; }
    public double Ttft { get; init; }
    public IReadOnlyList<double> Itl { get; init; } = [];
    public double Latency { get; init; }

    /// <summary>Time per output token after the first; 0 for a single token, as vLLM.</summary>
    public double Tpot => OutputTokens > 1 ? (Latency - Ttft) / (OutputTokens - 1) : 0;
}
