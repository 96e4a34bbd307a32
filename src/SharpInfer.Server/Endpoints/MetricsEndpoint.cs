using System.Globalization;
using System.Text;
using SharpInfer.Engine;

namespace SharpInfer.Server.Endpoints;

/// <summary><c>GET /metrics</c> in Prometheus text format, with vLLM's metric names and a <c>model_name</c> label.</summary>
internal static class MetricsEndpoint
{
    public static string Render(ModelContext model, RequestMetrics requests)
    {
        var metrics = model.Engine.Metrics;
        var label = $"model_name=\"{model.Name.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        var text = new StringBuilder();
        Gauge(text, "vllm:num_requests_running", "Requests running on the engine.", label, metrics.NumRunning);
        Gauge(text, "vllm:num_requests_waiting", "Requests waiting to be scheduled.", label, metrics.NumWaiting);
        Gauge(text, "vllm:kv_cache_usage_perc", "Fraction of KV cache blocks in use (1 = full).", label, metrics.KvCacheUsage);
        Counter(text, "vllm:prompt_tokens_total", "Prompt tokens submitted.", label, metrics.PromptTokens);
        Counter(text, "vllm:generation_tokens_total", "Tokens generated.", label, metrics.GenerationTokens);
        Counter(text, "vllm:num_preemptions_total", "Sequences preempted.", label, metrics.Preemptions);
        Counter(text, "vllm:prefix_cache_queries_total", "Prompt tokens looked up in the prefix cache.", label, metrics.PrefixCacheQueryTokens);
        Counter(text, "vllm:prefix_cache_hits_total", "Prompt tokens found in the prefix cache.", label, metrics.PrefixCacheHitTokens);
        requests.Render(text, label);
        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string name, string help, string label, double value) => Write(text, name, help, "gauge", label, value);

    private static void Counter(StringBuilder text, string name, string help, string label, double value) => Write(text, name, help, "counter", label, value);

    private static void Write(StringBuilder text, string name, string help, string type, string label, double value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}{{{label}}} {value}\n");
    }
}
