using System.Net;
using System.Net.Sockets;
using SharpInfer.Engine;
using SharpInfer.Tests;

namespace SharpInfer.Server.Tests;

/// <summary>MindIE's metricsPort: /metrics is also served on its own port, which serves nothing else.</summary>
public sealed class MetricsPortTests
{
    [Fact]
    public async Task MetricsPortServesOnlyMetrics()
    {
        var metricsPort = FreePort();
        var options = new ServeOptions
        {
            ModelDirectory = SharedData.Model("stories260K"),
            Port = 0,
            MetricsPort = metricsPort,
            Engine = new EngineConfig { BlockSize = 16, MaxModelLen = 128, KvCacheMemoryBytes = 4L * 1024 * 1024 },
        };
        await using var model = ModelContext.Load(options);
        await using var app = OpenAiServer.Build(options, model, TimeSpan.FromSeconds(1));
        await app.StartAsync();
        using var http = new HttpClient();
        var metricsUrl = $"http://127.0.0.1:{metricsPort}";
        var apiUrl = app.Urls.Single(u => !u.EndsWith($":{metricsPort}", StringComparison.Ordinal));

        using var metrics = await http.GetAsync(metricsUrl + "/metrics");
        using var apiOnMetricsPort = await http.GetAsync(metricsUrl + "/v1/models");
        using var apiOnApiPort = await http.GetAsync(apiUrl + "/v1/models");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("vllm:num_requests_running", await metrics.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, apiOnMetricsPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, apiOnApiPort.StatusCode);
        await app.StopAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
