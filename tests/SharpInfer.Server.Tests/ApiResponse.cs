using System.Net;
using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>A whole HTTP response: status, content type and body text (parsed as JSON on demand).</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string? ContentType, string Body)
{
    public JsonNode Json
    {
        get
        {
            Assert.False(string.IsNullOrWhiteSpace(Body), $"{(int)Status} {ContentType} with an empty body where JSON was expected");
            return JsonNode.Parse(Body) ?? throw new InvalidDataException("the body is JSON null");
        }
    }

    /// <summary>The <c>error</c> object of an OpenAI-shaped error body, checked to have all four fields.</summary>
    public JsonObject Error
    {
        get
        {
            var root = Json.AsObject();
            Assert.True(root.ContainsKey("error"), "not an OpenAI error body: " + Body);
            var error = root["error"]!.AsObject();
            foreach (var name in new[] { "message", "type", "param", "code" })
                Assert.True(error.ContainsKey(name), $"error.{name} is missing: {Body}");
            Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]), "error.message is empty: " + Body);
            return error;
        }
    }

    /// <summary>Asserts an OpenAI-shaped error with this status, parameter and type.</summary>
    public JsonObject AssertError(HttpStatusCode status, string? param, string type = "invalid_request_error")
    {
        Assert.True(status == Status, $"expected {(int)status}, got {(int)Status}: {Body}");
        Assert.StartsWith("application/json", ContentType ?? "", StringComparison.Ordinal);
        var error = Error;
        Assert.Equal(type, (string?)error["type"]);
        Assert.Equal(param, (string?)error["param"]);
        return error;
    }

    /// <summary>Asserts 200 and returns the parsed JSON body.</summary>
    public JsonNode OkJson()
    {
        AssertOk();
        return Json;
    }

    public void AssertOk() => Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {Body}");
}
