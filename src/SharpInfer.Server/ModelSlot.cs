namespace SharpInfer.Server;

/// <summary>
/// Where the endpoints find the model: empty while it loads and closed while the server shuts down, so
/// requests in those windows get a clear 503 instead of a refused connection or a half-loaded model.
/// </summary>
public sealed class ModelSlot
{
    private volatile ModelContext? _model;
    private volatile bool _stopping;

    internal Action<string>? Warn { get; set; }

    public void Set(ModelContext model)
    {
        if (Warn is { } warn)
            model.Warn = warn;
        _model = model;
    }

    /// <summary>From now on new requests are refused; requests already running finish.</summary>
    public void Close() => _stopping = true;

    internal ModelContext Get()
    {
        if (_stopping)
            throw new OpenAiException(503, "the server is shutting down", type: "service_unavailable");
        return _model ?? throw new OpenAiException(503, "the model is still loading; retry shortly", type: "service_unavailable");
    }
}
