using System.Net;
using Microsoft.AspNetCore.Builder;
using SharpInfer.Engine;
using SharpInfer.Tests;
using SharpInfer.Tokenization;

namespace SharpInfer.Server.Tests;

/// <summary>
/// One running server (model, engine and Kestrel on a free loopback port) shared by a test class.
/// Subclasses pick the model and limits; the engine is kept small so tests never allocate a large KV cache.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private ModelContext? _model;
    private HttpClient? _http;
    private Tokenizer? _tokenizer;

    /// <summary>The fixture model folder's name under ../shared/models.</summary>
    protected abstract string ModelFolder { get; }

    /// <summary>Changes to the default options (API key, body limit, ...).</summary>
    protected virtual ServeOptions Configure(ServeOptions options) => options;

    public ServeOptions Options { get; private set; } = null!;

    /// <summary>The server's root, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public string ModelName => Options.ModelName;

    public int MaxModelLen => Options.Engine.MaxModelLen!.Value;

    /// <summary>A client whose base address is the server; never used with a default Authorization header.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("the server is not started");

    /// <summary>A separate tokenizer instance for computing expected texts.</summary>
    public Tokenizer Tokenizer => _tokenizer ??= Tokenizer.FromDirectory(Options.ModelDirectory);

    public async Task InitializeAsync()
    {
        Options = Configure(new ServeOptions
        {
            ModelDirectory = SharedData.Model(ModelFolder),
            Host = "127.0.0.1",
            Port = 0,
            Engine = new EngineConfig { BlockSize = 16, MaxModelLen = 512, KvCacheMemoryBytes = 32L * 1024 * 1024 },
        });
        _model = await Task.Run(() => ModelContext.Load(Options));
        _app = OpenAiServer.Build(Options, _model, TimeSpan.FromSeconds(1));
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single().TrimEnd('/');
        _http = NewClient();
    }

    /// <summary>
    /// A fresh client for this server. Abandoned responses are not drained (the connection is closed instead),
    /// so disposing a half-read stream really disconnects from the server.
    /// </summary>
    public HttpClient NewClient() => new(new SocketsHttpHandler { MaxResponseDrainSize = 0, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = new Uri(BaseUrl),
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestVersion = HttpVersion.Version11,
    };

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_model is not null)
            await _model.DisposeAsync();
    }
}
