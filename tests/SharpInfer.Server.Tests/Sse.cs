using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>Strict parsing of OpenAI server-sent events: <c>data: {json}\n\n</c> per chunk, then <c>data: [DONE]\n\n</c>.</summary>
internal static class Sse
{
    public const string Done = "[DONE]";

    /// <summary>Every chunk of a complete SSE body, asserting the framing byte for byte.</summary>
    public static IReadOnlyList<JsonObject> Parse(string body)
    {
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        var events = body[..^2].Split("\n\n");
        var chunks = new List<JsonObject>();
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            Assert.True(e.StartsWith("data: ", StringComparison.Ordinal), $"event {i} is not 'data: ...': {e}");
            Assert.DoesNotContain('\n', e);
            Assert.DoesNotContain('\r', e);
            var payload = e["data: ".Length..];
            if (i == events.Length - 1)
                Assert.Equal(Done, payload);
            else
                chunks.Add(JsonNode.Parse(payload)!.AsObject());
        }
        return chunks;
    }

    /// <summary>Posts a streaming request and parses its whole body.</summary>
    public static async Task<IReadOnlyList<JsonObject>> PostAsync(HttpClient http, string path, JsonNode body)
    {
        using var response = await Api.PostStreamingAsync(http, path, body);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The concatenated <c>text</c> (completions) or <c>delta.content</c> (chat) of one choice.</summary>
    public static string Text(IEnumerable<JsonObject> chunks, int index = 0) => string.Concat(
        chunks.SelectMany(c => c["choices"]!.AsArray())
            .Where(choice => (int)choice!["index"]! == index)
            .Select(choice => (string?)choice!["text"] ?? (string?)choice["delta"]?["content"] ?? ""));

    /// <summary>The non-null finish reasons of one choice, in order.</summary>
    public static IReadOnlyList<string> FinishReasons(IEnumerable<JsonObject> chunks, int index = 0) =>
        chunks.SelectMany(c => c["choices"]!.AsArray())
            .Where(choice => (int)choice!["index"]! == index && choice["finish_reason"] is not null)
            .Select(choice => (string)choice!["finish_reason"]!).ToList();
}
