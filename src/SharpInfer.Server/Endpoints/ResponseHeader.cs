using System.Text.Json.Nodes;

namespace SharpInfer.Server.Endpoints;

/// <summary>The fields every response and chunk of one request share: id, object, created, model.</summary>
internal sealed record ResponseHeader(string Id, string Object, string Model)
{
    public long Created { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public JsonObject Chunk(params JsonNode[] choices) => new()
    {
        ["id"] = Id,
        ["object"] = Object,
        ["created"] = Created,
        ["model"] = Model,
        ["choices"] = new JsonArray(choices),
    };

    public JsonObject UsageChunk(Usage usage)
    {
        var chunk = Chunk();
        chunk["usage"] = usage.ToJson();
        return chunk;
    }
}
