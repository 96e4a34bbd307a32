namespace SharpInfer.Cli.Bench;

/// <summary>
/// One batch submitted at once and run to completion: seconds until every request had its first token (the
/// prefill) and until all finished. Decode counts the tokens after each request's first, over the time after
/// the prefill, so it is 0 when each request generates one token.
/// </summary>
internal sealed record BatchTiming(int Requests, long PromptTokens, long OutputTokens, double FirstTokenSeconds, double TotalSeconds)
{
    public double PrefillTokensPerSecond => PromptTokens / FirstTokenSeconds;

    public double DecodeTokensPerSecond =>
        OutputTokens > Requests ? (OutputTokens - Requests) / (TotalSeconds - FirstTokenSeconds) : 0;

    /// <summary>The mean times of runs of one shape; its rates are the token counts over those mean times.</summary>
    public static BatchTiming Mean(IReadOnlyList<BatchTiming> runs) =>
        runs[0] with { FirstTokenSeconds = runs.Average(r => r.FirstTokenSeconds), TotalSeconds = runs.Average(r => r.TotalSeconds) };
}
