using System.Text.Json.Nodes;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// vLLM's <c>--save-result</c> JSON, field for field, so tools that read vLLM results read ours. Every
/// latency metric is written (mean/median/std and each requested percentile), whatever the console shows.
/// </summary>
internal static class ResultJson
{
    public static JsonObject Build(RunInfo run, ServeMetrics metrics, IReadOnlyList<RequestOutput> outputs)
    {
        var json = new JsonObject
        {
            ["date"] = run.Date,
            ["endpoint_type"] = run.Backend,
            ["backend"] = run.Backend,
            ["label"] = run.Label,
            ["model_id"] = run.ModelId,
            ["tokenizer_id"] = run.TokenizerId,
            ["num_prompts"] = run.NumPrompts,
            ["request_rate"] = double.IsPositiveInfinity(run.RequestRate) ? "inf" : run.RequestRate,
            ["burstiness"] = run.Burstiness,
            ["max_concurrency"] = run.MaxConcurrency,
            ["duration"] = metrics.Duration,
            ["completed"] = metrics.Completed,
            ["failed"] = metrics.Failed,
            ["total_input_tokens"] = metrics.TotalInputTokens,
            ["total_output_tokens"] = metrics.TotalOutputTokens,
            ["request_throughput"] = metrics.RequestThroughput,
            ["request_goodput"] = metrics.RequestGoodput,
            ["output_throughput"] = metrics.OutputThroughput,
            ["total_token_throughput"] = metrics.TotalTokenThroughput,
            ["max_output_tokens_per_s"] = metrics.MaxOutputTokensPerSecond,
            ["max_concurrent_requests"] = metrics.MaxConcurrentRequests,
            ["input_lens"] = Array(outputs.Select(o => (JsonNode?)o.PromptLen)),
            ["output_lens"] = Array(outputs.Select(o => (JsonNode?)o.OutputTokens)),
            ["ttfts"] = Array(outputs.Select(o => (JsonNode?)o.Ttft)),
            ["itls"] = Array(outputs.Select(o => (JsonNode?)Array(o.Itl.Select(g => (JsonNode?)g)))),
            ["generated_texts"] = Array(outputs.Select(o => (JsonNode?)o.GeneratedText)),
            ["errors"] = Array(outputs.Select(o => (JsonNode?)o.Error)),
            ["start_times"] = Array(outputs.Select(o => (JsonNode?)o.StartTime)),
            ["e2els"] = Array(outputs.Select(o => (JsonNode?)o.Latency)),
        };
        foreach (var summary in metrics.Latency.Values)
        {
            json[$"mean_{summary.Key}_ms"] = summary.Mean;
            json[$"median_{summary.Key}_ms"] = summary.Median;
            json[$"std_{summary.Key}_ms"] = summary.Std;
            foreach (var (percent, value) in summary.Percentiles)
                json[$"p{Percentiles.Word(percent)}_{summary.Key}_ms"] = value;
        }
        return json;
    }

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);
}
