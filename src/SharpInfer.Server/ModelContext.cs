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

    /// <summary>Null when the model folder has no usable chat template; chat requests then get a 400 with <see cref="ChatTemplateProblem"/>.</summary>
    public ChatTemplate? ChatTemplate { get; }

    /// <summary>Why there is no chat template (missing, or malformed): completions still work, chat requests say this.</summary>
    internal string? ChatTemplateProblem { get; private init; }

    /// <summary>The settings the server was started with (timeouts, input limits, reasoning parser).</summary>
    internal ServeOptions Options { get; private init; } = null!;

    public AsyncLlmEngine Engine { get; }

    /// <summary>Finished requests by reason and latency histograms, for /metrics.</summary>
    internal Endpoints.RequestMetrics Requests { get; }

    /// <summary>Where request warnings (timeouts) go: stderr in the console logger's style unless the host redirects it.</summary>
    internal Action<string> Warn { get; set; } = message => Console.Error.WriteLine("warn: SharpInfer.Server[0] " + message);

    public long Created { get; }
    public int MaxModelLen => Engine.MaxModelLen;
    public int VocabSize => _loaded.Config.VocabSize;

    public static ModelContext Load(ServeOptions options)
    {
        var tokenizer = Tokenizer.FromDirectory(options.ModelDirectory);
        ChatTemplate? template = null;
        string? templateProblem = null;
        try
        {
            template = ChatTemplate.FromDirectory(options.ModelDirectory);
        }
        catch (UserErrorException e)
        {
            templateProblem = e.Message;
        }
        var loaded = LoadedModel.Load(options.ModelDirectory, options.LoadFormat, options.Seed, options.Quantization, options.HfOverrides);
        var engine = new AsyncLlmEngine(new LlmEngine(loaded, options.Engine));
        return new ModelContext(options.ModelName, loaded, tokenizer, template, engine)
        {
            ChatTemplateProblem = templateProblem,
            Options = options,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _loaded.Dispose();
    }
}
