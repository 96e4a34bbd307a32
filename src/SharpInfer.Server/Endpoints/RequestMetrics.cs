using System.Globalization;
using System.Text;

namespace SharpInfer.Server.Endpoints;

/// <summary>Per-request counters the engine does not keep: finished requests by reason.</summary>
internal sealed class RequestMetrics
{
    private long _stop;
    private long _length;
    private long _abort;

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
    }
}
