using SharpInfer.Engine;
using SharpInfer.Server.Endpoints;

namespace SharpInfer.Server.Metrics;

/// <summary>
/// Feeds one engine request's outputs into <see cref="RequestMetrics"/>, per sequence (choice) as vLLM does for
/// n &gt; 1. Time to first token and queue time come from the engine's own timestamps; inter-token latency is the
/// gap between consecutive outputs of a sequence as the server receives them, which is what a streaming client
/// sees; e2e latency and token counts are recorded when the choice ends, also when a stop string ends it before
/// the engine does (then "now" is its end). Used only by the one task that reads the request's stream.
/// </summary>
internal sealed class SequenceRecorder(RequestMetrics metrics, int completions, TimeProvider time)
{
    private readonly long?[] _lastToken = new long?[completions];

    /// <summary>
    /// Records an output of a still-running choice. <paramref name="finishReason"/> is the choice's finish reason
    /// if this output ended it; <paramref name="generationTokens"/> its tokens so far.
    /// </summary>
    public void Record(RequestOutput output, string? finishReason, int generationTokens)
    {
        var now = time.GetTimestamp();
        var times = output.Times;
        if (output.NewTokenIds.Count > 0)
        {
            if (_lastToken[output.Index] is { } last)
                metrics.InterTokenLatency.Observe(time.GetElapsedTime(last, now).TotalSeconds);
            else if (times.FirstToken is { } first)
                metrics.TimeToFirstToken.Observe((first - times.Arrival).TotalSeconds);
            _lastToken[output.Index] = now;
        }
        if (finishReason is null)
            return;
        metrics.Finished(finishReason);
        var end = output.Finished && times.Finished is { } finished ? finished : time.GetUtcNow();
        metrics.E2eRequestLatency.Observe((end - times.Arrival).TotalSeconds);
        if (times.FirstScheduled is { } scheduled)
            metrics.QueueTime.Observe((scheduled - times.Arrival).TotalSeconds);
        metrics.PromptTokens.Observe(output.NumPromptTokens);
        metrics.GenerationTokens.Observe(generationTokens);
    }
}
