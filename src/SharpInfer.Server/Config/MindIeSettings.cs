namespace SharpInfer.Server.Config;

/// <summary>
/// What a MindIE Service config.json asks of this server, in SharpInfer's terms; null where the file is silent.
/// Kept apart from <see cref="ServeOptions"/> so that explicit command-line flags can win field by field
/// (<see cref="ApplyTo"/>).
/// </summary>
public sealed record MindIeSettings
{
    public string? Host { get; init; }
    public int? Port { get; init; }
    public int? MetricsPort { get; init; }
    public string? ServedModelName { get; init; }
    public string? ModelDirectory { get; init; }
    public int? MaxConnections { get; init; }
    public TimeSpan? TokenTimeout { get; init; }
    public TimeSpan? E2eTimeout { get; init; }
    public long? MaxRequestBodyBytes { get; init; }
    public int? MaxModelLen { get; init; }
    public int? MaxInputTokens { get; init; }
    public bool? Truncation { get; init; }
    public int? BlockSize { get; init; }
    public int? MaxNumSeqs { get; init; }
    public int? MaxNumBatchedTokens { get; init; }

    /// <summary>As in the file: 0 means MindIE's "same as maxBatchSize", i.e. no separate limit.</summary>
    public int? MaxPrefillBatchSize { get; init; }

    public TimeSpan? MaxQueueDelay { get; init; }
    public int? MaxPreemptCount { get; init; }
    public bool? EnablePrefixCaching { get; init; }

    /// <summary>JSON paths of fields present but not honoured (unsupported values and unknown keys), in file order.</summary>
    public IReadOnlyList<string> Unsupported { get; init; } = [];

    /// <summary>The one stderr line naming what is ignored, or null when everything in the file is honoured.</summary>
    public string? Warning(string file) => Unsupported.Count == 0
        ? null
        : $"warning: {file}: ignoring MindIE settings sharpinfer does not support: {string.Join(", ", Unsupported)}";

    /// <summary>
    /// The options with the file's values filled in, except where <paramref name="isExplicit"/> says the flag for a
    /// setting (by its primary name, e.g. <c>--port</c>) was given on the command line: flags beat the file.
    /// </summary>
    public ServeOptions ApplyTo(ServeOptions options, Func<string, bool> isExplicit)
    {
        T Pick<T>(string flag, T? fromFile, T current) where T : struct => fromFile is { } v && !isExplicit(flag) ? v : current;
        string PickText(string flag, string? fromFile, string current) => fromFile is not null && !isExplicit(flag) ? fromFile : current;
        T? PickNullable<T>(string flag, T? fromFile, T? current) where T : struct => fromFile is not null && !isExplicit(flag) ? fromFile : current;

        var engine = options.Engine;
        engine = engine with
        {
            BlockSize = Pick("--block-size", BlockSize, engine.BlockSize),
            MaxNumSeqs = Pick("--max-num-seqs", MaxNumSeqs, engine.MaxNumSeqs),
            MaxNumBatchedTokens = Pick("--max-num-batched-tokens", MaxNumBatchedTokens, engine.MaxNumBatchedTokens),
            MaxPrefillBatchSize = MaxPrefillBatchSize is { } prefill && !isExplicit("--max-prefill-batch-size")
                ? (prefill == 0 ? null : prefill)
                : engine.MaxPrefillBatchSize,
            MaxQueueDelay = Pick("--max-queue-delay-microseconds", MaxQueueDelay, engine.MaxQueueDelay),
            MaxPreemptCount = PickNullable("--max-preempt-count", MaxPreemptCount, engine.MaxPreemptCount),
            MaxModelLen = PickNullable("--max-model-len", MaxModelLen, engine.MaxModelLen),
            EnablePrefixCaching = Pick("--no-enable-prefix-caching", EnablePrefixCaching, engine.EnablePrefixCaching),
        };
        return options with
        {
            ModelDirectory = PickText("--model", ModelDirectory, options.ModelDirectory),
            Host = PickText("--host", Host, options.Host),
            Port = Pick("--port", Port, options.Port),
            MetricsPort = PickNullable("--metrics-port", MetricsPort, options.MetricsPort),
            ServedModelName = ServedModelName is not null && !isExplicit("--served-model-name") ? ServedModelName : options.ServedModelName,
            MaxConnections = PickNullable("--max-connections", MaxConnections, options.MaxConnections),
            TokenTimeout = PickNullable("--token-timeout", TokenTimeout, options.TokenTimeout),
            E2eTimeout = PickNullable("--e2e-timeout", E2eTimeout, options.E2eTimeout),
            MaxRequestBodyBytes = MaxRequestBodyBytes ?? options.MaxRequestBodyBytes,
            MaxInputTokens = PickNullable("--max-input-tokens", MaxInputTokens, options.MaxInputTokens),
            Truncation = Pick("--truncation", Truncation, options.Truncation),
            Engine = engine,
        };
    }
}
