using System.Text.Json.Nodes;

namespace SharpInfer.Cli.Eval;

/// <summary>A server's final answer to one request (after retries): status, body text and the body as JSON when it is an object.</summary>
internal sealed record ServerReply(int Status, string Text, JsonObject? Json)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The OpenAI error message (<c>error.message</c>) or the body itself.</summary>
    public string ErrorMessage => Json?["error"]?["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : Text.Trim();
}
