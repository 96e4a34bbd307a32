using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SharpInfer.Cli.Tests.BenchServe;

/// <summary>
/// A stand-in OpenAI server on a free loopback port whose every response is scripted by the test: the handler
/// gets the request's index (in arrival order) and its context, so a test can delay chunks by known amounts,
/// reset connections or return errors.
/// </summary>
internal sealed class FakeSseServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private FakeSseServer(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.Single().TrimEnd('/');

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FakeSseServer> StartAsync(Func<int, HttpContext, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeSseServer(app);
        app.MapGet("/v1/models", () => Results.Json(new { data = new[] { new { id = "fake-model" } } }));
        app.MapPost("/v1/completions", (HttpContext http) => handle(Interlocked.Increment(ref server._requests) - 1, http));
        app.MapPost("/v1/chat/completions", (HttpContext http) => handle(Interlocked.Increment(ref server._requests) - 1, http));
        await app.StartAsync();
        return server;
    }

    /// <summary>Starts an SSE response.</summary>
    public static async Task BeginAsync(HttpContext http)
    {
        http.Response.ContentType = "text/event-stream";
        await http.Response.StartAsync();
    }

    /// <summary>Writes one completions chunk carrying <paramref name="text"/> and flushes it.</summary>
    public static Task TextAsync(HttpContext http, string text) =>
        DataAsync(http, $$"""{"object":"text_completion","choices":[{"index":0,"text":{{System.Text.Json.JsonSerializer.Serialize(text)}},"finish_reason":null}]}""");

    public static async Task DataAsync(HttpContext http, string data)
    {
        await http.Response.WriteAsync("data: " + data + "\n\n");
        await http.Response.Body.FlushAsync();
    }

    public static Task UsageAsync(HttpContext http, int prompt, int completion) =>
        DataAsync(http, $$$"""{"choices":[],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}}}}""");

    public static Task DoneAsync(HttpContext http) => DataAsync(http, "[DONE]");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
