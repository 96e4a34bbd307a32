using SharpInfer.Engine;
using SharpInfer.Models;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Server;

/// <summary>Everything <c>sharpinfer serve</c> was told: the model, where to listen, limits and the engine's settings.</summary>
public sealed record ServeOptions
{
    public required string ModelDirectory { get; init; }
    public LoadFormat LoadFormat { get; init; } = LoadFormat.Safetensors;
    public ulong Seed { get; init; }
    public WeightQuantization Quantization { get; init; }

    /// <summary>JSON object merged into config.json before loading (vLLM's <c>--hf-overrides</c>), or null.</summary>
    public string? HfOverrides { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 8000;

    /// <summary>A second port that serves only <c>/metrics</c> (MindIE's metricsPort), for scrapers kept off the API port.</summary>
    public int? MetricsPort { get; init; }

    /// <summary>The model name clients send and see; default: the folder name.</summary>
    public string? ServedModelName { get; init; }

    /// <summary>When set, every /v1 request needs <c>Authorization: Bearer KEY</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Requests allowed to wait for the engine before new ones get 429.</summary>
    public int MaxWaiting { get; init; } = 1024;

    /// <summary>API requests handled at once (MindIE's maxLinkNum) before new ones get 429; null: no limit.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Most prompt tokens (MindIE's maxInputTokenLen); longer prompts get 400 unless <see cref="Truncation"/>.</summary>
    public int? MaxInputTokens { get; init; }

    /// <summary>Cut prompts over the input limit to their last tokens instead of refusing them (MindIE's truncation).</summary>
    public bool Truncation { get; init; }

    /// <summary>Splits chat output into reasoning_content and content (vLLM's names, e.g. deepseek_r1); null: off.</summary>
    public string? ReasoningParser { get; init; }

    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>PEM certificate and private key: when both are set the server speaks HTTPS only.</summary>
    public string? SslCertFile { get; init; }

    public string? SslKeyFile { get; init; }

    /// <summary>
    /// Longest allowed gap between consecutive tokens of a request (MindIE's <c>tokenTimeout</c>), counted from its
    /// first token; past it the request is aborted (finish_reason "abort") and a warning logged. Null: no limit.
    /// </summary>
    public TimeSpan? TokenTimeout { get; init; }

    /// <summary>
    /// Longest allowed time for a whole request from submission, queueing included (MindIE's <c>e2eTimeout</c>);
    /// past it the request is aborted (finish_reason "abort") and a warning logged. Null: no limit.
    /// </summary>
    public TimeSpan? E2eTimeout { get; init; }

    public EngineConfig Engine { get; init; } = new();

    public string ModelName => ServedModelName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(ModelDirectory));
}
