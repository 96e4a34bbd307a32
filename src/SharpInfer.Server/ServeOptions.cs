using SharpInfer.Engine;
using SharpInfer.Models;

namespace SharpInfer.Server;

/// <summary>Everything <c>sharpinfer serve</c> was told: the model, where to listen, limits and the engine's settings.</summary>
public sealed record ServeOptions
{
    public required string ModelDirectory { get; init; }
    public LoadFormat LoadFormat { get; init; } = LoadFormat.Safetensors;
    public ulong Seed { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 8000;

    /// <summary>The model name clients send and see; default: the folder name.</summary>
    public string? ServedModelName { get; init; }

    /// <summary>When set, every /v1 request needs <c>Authorization: Bearer KEY</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Requests allowed to wait for the engine before new ones get 429.</summary>
    public int MaxWaiting { get; init; } = 1024;

    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    public EngineConfig Engine { get; init; } = new();

    public string ModelName => ServedModelName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(ModelDirectory));
}
