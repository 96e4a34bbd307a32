using System.Globalization;
using System.Text;
using SharpInfer.Server.Metrics;

namespace SharpInfer.Server.Endpoints;

/// <summary>
/// Per-request metrics the engine does not keep: finished requests by reason, and vLLM's latency and size
/// histograms (fed by <see cref="SequenceRecorder"/> from every choice's outputs). Token-count buckets run 1, 2, 5,
/// 10, … up to the maximum model length, as vLLM's do.
/// </summary>
internal sealed class RequestMetrics(int maxModelLen = 100_000)
{
    private long _stop;
    private long _length;
    private long _abort;

    public Histogram TimeToFirstToken { get; } = new("vllm:time_to_first_token_seconds",
        "Histogram of time to first token in seconds.", HistogramBuckets.TimeToFirstToken);

    public Histogram InterTokenLatency { get; } = new("vllm:inter_token_latency_seconds",
        "Histogram of inter-token latency in seconds.", HistogramBuckets.InterTokenLatency);

    public Histogram E2eRequestLatency { get; } = new("vllm:e2e_request_latency_seconds",
        "Histogram of e2e request latency in seconds.", HistogramBuckets.RequestLatency);

    public Histogram QueueTime { get; } = new("vllm:request_queue_time_seconds",
        "Histogram of time spent in WAITING phase for request.", HistogramBuckets.RequestLatency);

    public Histogram PromptTokens { get; } = new("vllm:request_prompt_tokens",
        "Number of prefill tokens processed.", HistogramBuckets.OneTwoFive(maxModelLen));

    public Histogram GenerationTokens { get; } = new("vllm:request_generation_tokens",
        "Number of generation tokens processed.", HistogramBuckets.OneTwoFive(maxModelLen));

    public void Finished(string? reason)
    {
        switch (reason)
        {
            case "stop":
                Interlocked.Increment(ref _stop);
                break;
            case "length":
                Interlocked.Increment(ref _length);
                break;
            default:
                Interlocked.Increment(ref _abort);
                break;
        }
    }

    public void Render(StringBuilder text, string label)
    {
        text.Append("# HELP vllm:request_success_total Finished requests by finish reason.\n# TYPE vllm:request_success_total counter\n");
        foreach (var (reason, count) in new[] { ("stop", Interlocked.Read(ref _stop)), ("length", Interlocked.Read(ref _length)), ("abort", Interlocked.Read(ref _abort)) })
            text.Append(CultureInfo.InvariantCulture, $"vllm:request_success_total{{{label},finished_reason=\"{reason}\"}} {count}\n");
        foreach (var histogram in new[] { TimeToFirstToken, InterTokenLatency, E2eRequestLatency, QueueTime, PromptTokens, GenerationTokens })
            histogram.Render(text, label);
    }
}
