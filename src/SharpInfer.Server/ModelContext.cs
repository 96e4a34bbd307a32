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
        Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    public string Name { get; }
    public Tokenizer Tokenizer { get; }

    /// <summary>Null when the model folder has no chat template (chat requests then get a 400 saying so).</summary>
    public ChatTemplate? ChatTemplate { get; }

    public AsyncLlmEngine Engine { get; }

    /// <summary>Finished requests by reason, for /metrics.</summary>
    internal Endpoints.RequestMetrics Requests { get; } = new();
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
        return new ModelContext(options.ModelName, loaded, tokenizer, template, engine);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _loaded.Dispose();
    }
}
