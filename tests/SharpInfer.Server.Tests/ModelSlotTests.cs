using System.Net;
using System.Text;
using SharpInfer.Engine;
using SharpInfer.Tests;

namespace SharpInfer.Server.Tests;

/// <summary>The server answers before the model is loaded: 503 "loading", then normal service, then 503 while stopping.</summary>
public sealed class ModelSlotTests
{
    [Fact]
    public async Task RequestsGet503WhileLoadingAndWhileShuttingDown()
    {
        var options = new ServeOptions
        {
            ModelDirectory = SharedData.Model("stories260K"),
            Port = 0,
            Engine = new EngineConfig { BlockSize = 16, MaxModelLen = 128, KvCacheMemoryBytes = 4L * 1024 * 1024 },
        };
        var slot = new ModelSlot();
        await using var app = OpenAiServer.Build(options, slot, TimeSpan.FromSeconds(1));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using (var loading = await http.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
            Assert.Contains("still loading", await loading.Content.ReadAsStringAsync());
        }
        using (var early = await http.PostAsync("/v1/completions", new StringContent("""{"prompt":"Once"}""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);

        await using var model = ModelContext.Load(options);
        slot.Set(model);
        using (var ready = await http.GetAsync("/health"))
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        slot.Close();
        using (var stopping = await http.GetAsync("/v1/models"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stopping.StatusCode);
            Assert.Contains("shutting down", await stopping.Content.ReadAsStringAsync());
        }
        await app.StopAsync();
    }
}
