using SharpInfer.Core;
using SharpInfer.Engine;
using SharpInfer.Models;
using SharpInfer.Templating;
using SharpInfer.Tokenization;

namespace SharpInfer.Server;

/// <summary>The served model: weights behind a running engine, its tokenizer and chat template.</summary>
public sealed class ModelContext : IAsyncDisposable
{
    private readonly LoadedModel _loaded;

    private ModelContext(string name, LoadedModel loaded, Tokenizer tokenizer, ChatTemplate? template, AsyncLlmEngine engine)
    {
        Name = name;
        _loaded = loaded;
        Tokenizer = tokenizer;
        ChatTemplate = template;
        Engine = engine;
        Requests = new Endpoints.RequestMetrics(engine.MaxModelLen);
        Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    public string Name { get; }
    public Tokenizer Tokenizer { get; }

    /// <summary>Null when the model folder has no chat template (chat requests then get a 400 saying so).</summary>
    public ChatTemplate? ChatTemplate { get; }

    public AsyncLlmEngine Engine { get; }

    /// <summary>Finished requests by reason and latency histograms, for /metrics.</summary>
    internal Endpoints.RequestMetrics Requests { get; }

    /// <summary>Longest gap between tokens of a request before it is aborted (<see cref="ServeOptions.TokenTimeout"/>).</summary>
    internal TimeSpan? TokenTimeout { get; private init; }

    /// <summary>Longest time a request may run before it is aborted (<see cref="ServeOptions.E2eTimeout"/>).</summary>
    internal TimeSpan? E2eTimeout { get; private init; }

    /// <summary>Where request warnings (timeouts) go: stderr in the console logger's style unless the host redirects it.</summary>
    internal Action<string> Warn { get; set; } = message => Console.Error.WriteLine("warn: SharpInfer.Server[0] " + message);

    public long Created { get; }
    public int MaxModelLen => Engine.MaxModelLen;
    public int VocabSize => _loaded.Config.VocabSize;

    public static ModelContext Load(ServeOptions options)
    {
        var tokenizer = Tokenizer.FromDirectory(options.ModelDirectory);
        ChatTemplate? template;
        try
        {
            template = ChatTemplate.FromDirectory(options.ModelDirectory);
        }
        catch (UserErrorException)
        {
            template = null;
        }
        var loaded = LoadedModel.Load(options.ModelDirectory, options.LoadFormat, options.Seed);
        var engine = new AsyncLlmEngine(new LlmEngine(loaded, options.Engine));
        return new ModelContext(options.ModelName, loaded, tokenizer, template, engine)
        {
            TokenTimeout = options.TokenTimeout,
            E2eTimeout = options.E2eTimeout,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _loaded.Dispose();
    }
}
