using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SharpInfer.Server.Endpoints;

/// <summary>OpenAI's streaming framing: <c>data: {json}\n\n</c> per chunk, then <c>data: [DONE]\n\n</c>.</summary>
internal static class ServerSentEvents
{
    public static async Task StartAsync(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync();
    }

    public static async Task WriteAsync(HttpResponse response, JsonNode chunk, CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: " + chunk.ToJsonString(JsonOptions.Compact) + "\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public static Task DoneAsync(HttpResponse response, CancellationToken cancellationToken) =>
        response.WriteAsync("data: [DONE]\n\n", cancellationToken);
}
