using System.Text.Json.Nodes;
using SharpInfer.Server.Requests;

namespace SharpInfer.Server.Endpoints;

/// <summary><c>stream</c> and <c>stream_options</c> (<c>include_usage</c>, vLLM's <c>continuous_usage_stats</c>).</summary>
internal sealed record StreamOptions(bool Stream, bool IncludeUsage, bool ContinuousUsage)
{
    public static StreamOptions Read(RequestBody body)
    {
        var stream = body.Bool("stream") ?? false;
        if (body.Node("stream_options") is not { } node)
            return new StreamOptions(stream, false, false);
        if (!stream)
            throw OpenAiException.BadRequest("'stream_options' is only allowed with 'stream': true", "stream_options");
        if (node is not JsonObject options)
            throw OpenAiException.BadRequest("'stream_options' must be an object", "stream_options");
        var inner = new RequestBody(options);
        return new StreamOptions(true, inner.Bool("include_usage") ?? false, inner.Bool("continuous_usage_stats") ?? false);
    }
}
