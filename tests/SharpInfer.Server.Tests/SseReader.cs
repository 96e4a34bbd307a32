using System.Text;
using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>Reads server-sent events one at a time from a live response, checking the framing as it goes.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next chunk; null after <c>data: [DONE]</c>. End of stream before [DONE] fails the test.</summary>
    public async Task<JsonObject?> NextAsync(CancellationToken cancellationToken = default)
    {
        var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new InvalidDataException("the stream ended without data: [DONE]");
        Assert.StartsWith("data: ", line, StringComparison.Ordinal);
        var blank = await _reader.ReadLineAsync(cancellationToken);
        Assert.Equal("", blank);
        var payload = line["data: ".Length..];
        if (payload == Sse.Done)
        {
            Assert.Null(await _reader.ReadLineAsync(cancellationToken));
            return null;
        }
        return JsonNode.Parse(payload)!.AsObject();
    }

    /// <summary>All remaining chunks up to [DONE].</summary>
    public async Task<IReadOnlyList<JsonObject>> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        var chunks = new List<JsonObject>();
        while (await NextAsync(cancellationToken) is { } chunk)
            chunks.Add(chunk);
        return chunks;
    }

    public void Dispose() => _reader.Dispose();
}
