using Microsoft.AspNetCore.Builder;
using SharpInfer.Engine;
using SharpInfer.Server;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>An in-process <c>sharpinfer serve</c> of a model under ../shared/models on a free loopback port, shared by a test class.</summary>
public abstract class InProcessServer : IAsyncLifetime
{
    private WebApplication? _app;
    private ModelContext? _model;

    public string BaseUrl { get; private set; } = "";
    /// <summary>The model folder's name, which is also the served model's name.</summary>
    public abstract string ModelName { get; }

    public string ModelDirectory => SharedData.Model(ModelName);

    public async Task InitializeAsync()
    {
        var options = new ServeOptions
        {
            ModelDirectory = ModelDirectory,
            Host = "127.0.0.1",
            Port = 0,
            Engine = new EngineConfig { BlockSize = 16, MaxModelLen = 512, KvCacheMemoryBytes = 32L * 1024 * 1024 },
        };
        _model = await Task.Run(() => ModelContext.Load(options));
        _app = OpenAiServer.Build(options, _model, TimeSpan.FromSeconds(1));
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_model is not null)
            await _model.DisposeAsync();
    }
}
