using System.Globalization;
using Microsoft.AspNetCore.Builder;
using SharpInfer.Engine;
using SharpInfer.Server;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests.BenchServe;

/// <summary>
/// A real in-process <c>sharpinfer serve</c> on a shared tiny model, which also counts the generation requests
/// it is handling at once (exactly, in a middleware) so tests can check a client's concurrency limit.
/// </summary>
internal sealed class CountingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ModelContext _model;
    private int _inFlight;
    private int _peak;
    private int _arrivals;

    private CountingServer(WebApplication app, ModelContext model) => (_app, _model) = (app, model);

    public string BaseUrl => _app.Urls.Single().TrimEnd('/');

    /// <summary>The most generation requests the server was handling at one time.</summary>
    public int PeakInFlight => Volatile.Read(ref _peak);

    /// <summary>Called when each generation request arrives, with its arrival index.</summary>
    public Action<int>? OnArrival { get; set; }

    public static async Task<CountingServer> StartAsync(string modelFolder)
    {
        var options = new ServeOptions
        {
            ModelDirectory = SharedData.Model(modelFolder),
            Host = "127.0.0.1",
            Port = 0,
            Engine = new EngineConfig { BlockSize = 16, MaxModelLen = 512, KvCacheMemoryBytes = 32L * 1024 * 1024 },
        };
        var model = await Task.Run(() => ModelContext.Load(options));
        var app = OpenAiServer.Build(options, model, TimeSpan.FromSeconds(1));
        var server = new CountingServer(app, model);
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/v1/completions") && !http.Request.Path.StartsWithSegments("/v1/chat/completions"))
            {
                await next(http);
                return;
            }
            server.OnArrival?.Invoke(Interlocked.Increment(ref server._arrivals) - 1);
            var now = Interlocked.Increment(ref server._inFlight);
            for (var peak = server._peak; now > peak && Interlocked.CompareExchange(ref server._peak, now, peak) != peak; peak = server._peak)
            {
            }
            try
            {
                await next(http);
            }
            finally
            {
                Interlocked.Decrement(ref server._inFlight);
            }
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>Stops the server at once: open streams are cut and new connections refused (a server dying mid-run).</summary>
    public Task KillAsync() => _app.StopAsync(new CancellationToken(canceled: true));

    /// <summary>A counter of the server's /metrics, e.g. vllm:prompt_tokens_total.</summary>
    public async Task<double> MetricAsync(string name)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(BaseUrl + "/metrics");
        var line = text.Split('\n').Single(l => l.StartsWith(name + "{", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _model.DisposeAsync();
    }
}
