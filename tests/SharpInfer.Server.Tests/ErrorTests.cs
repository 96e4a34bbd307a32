using System.Net;
using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>Bad requests get OpenAI-shaped errors with the right status, type and parameter.</summary>
public sealed class ErrorTests(QwenServerFixture server, StoriesServerFixture stories)
    : IClassFixture<QwenServerFixture>, IClassFixture<StoriesServerFixture>
{
    private const string Completions = "/v1/completions";
    private const string Chat = "/v1/chat/completions";

    [Theory]
    [InlineData(Completions)]
    [InlineData(Chat)]
    public async Task MalformedJsonIs400(string path)
    {
        var response = await Api.PostRawAsync(server.Http, path, "{\"prompt\": \"hi\", ");

        response.AssertError(HttpStatusCode.BadRequest, null);
    }

    [Theory]
    [InlineData(Completions, "[1, 2]")]
    [InlineData(Chat, "\"hello\"")]
    [InlineData(Completions, "")]
    public async Task ABodyThatIsNotAnObjectIs400(string path, string body)
    {
        var response = await Api.PostRawAsync(server.Http, path, body);

        response.AssertError(HttpStatusCode.BadRequest, null);
    }

    [Theory]
    [InlineData("temperature", "-1")]
    [InlineData("temperature", "\"hot\"")]
    [InlineData("top_p", "0")]
    [InlineData("top_p", "1.5")]
    [InlineData("max_tokens", "0")]
    [InlineData("max_tokens", "2.5")]
    [InlineData("n", "0")]
    [InlineData("logprobs", "21")]
    [InlineData("stream", "\"yes\"")]
    [InlineData("stop", "42")]
    [InlineData("presence_penalty", "3")]
    [InlineData("logit_bias", "{\"-1\": 1}")]
    [InlineData("prompt", "[]")]
    [InlineData("prompt", "\"\"")]
    [InlineData("prompt", "42")]
    [InlineData("prompt", "[10000000]")]
    [InlineData("best_of", "2")]
    [InlineData("suffix", "\"tail\"")]
    public async Task AnInvalidCompletionParameterIs400NamingIt(string param, string value)
    {
        var body = Requests.GreedyCompletion("Hello", 4);
        body[param] = JsonNode.Parse(value);

        var response = await Api.PostAsync(server.Http, Completions, body);

        response.AssertError(HttpStatusCode.BadRequest, param);
    }

    [Theory]
    [InlineData("temperature", "-1")]
    [InlineData("top_p", "0")]
    [InlineData("top_p", "1.5")]
    [InlineData("max_tokens", "0")]
    [InlineData("max_completion_tokens", "0")]
    [InlineData("n", "0")]
    [InlineData("top_logprobs", "21")]
    [InlineData("logprobs", "5")]
    [InlineData("messages", "[]")]
    [InlineData("tool_choice", "\"required\"")]
    [InlineData("functions", "[]")]
    public async Task AnInvalidChatParameterIs400NamingIt(string param, string value)
    {
        var body = Requests.GreedyChat("Hello", 4);
        body[param] = JsonNode.Parse(value);

        var response = await Api.PostAsync(server.Http, Chat, body);

        response.AssertError(HttpStatusCode.BadRequest, param);
    }

    [Fact]
    public async Task TopLogprobsWithoutLogprobsIs400()
    {
        var body = Requests.GreedyChat("Hello", 4);
        body["top_logprobs"] = 3;

        var response = await Api.PostAsync(server.Http, Chat, body);

        response.AssertError(HttpStatusCode.BadRequest, "top_logprobs");
    }

    [Fact]
    public async Task StreamOptionsWithoutStreamIs400()
    {
        var body = Requests.GreedyCompletion("Hello", 4);
        body["stream_options"] = new JsonObject { ["include_usage"] = true };

        var response = await Api.PostAsync(server.Http, Completions, body);

        response.AssertError(HttpStatusCode.BadRequest, "stream_options");
    }

    [Fact]
    public async Task MinTokensOverMaxTokensIs400()
    {
        var body = Requests.GreedyCompletion("Hello", 2);
        body["min_tokens"] = 5;

        var response = await Api.PostAsync(server.Http, Completions, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("min_tokens", (string?)response.Error["message"], StringComparison.Ordinal);
    }

    /// <summary>
    /// A request the engine refuses must get a 400 even with stream: true, not a 200 event stream that breaks off
    /// (the checks the engine makes on submit must run before the SSE response starts).
    /// </summary>
    [Theory]
    [InlineData(Completions)]
    [InlineData(Chat)]
    public async Task MinTokensOverMaxTokensIs400WhenStreamingToo(string path)
    {
        var body = path == Chat ? Requests.GreedyChat("Hello", 2, stream: true) : Requests.GreedyCompletion("Hello", 2, stream: true);
        body["min_tokens"] = 5;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };

        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest,
            $"expected 400, got {(int)response.StatusCode} {response.Content.Headers.ContentType} (the stream then breaks off without data: [DONE])");
        var error = new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()).Error;
        Assert.Contains("min_tokens", (string?)error["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Completions)]
    [InlineData(Chat)]
    [InlineData("/tokenize")]
    public async Task AnUnknownModelIs404(string path)
    {
        var body = path == Chat ? Requests.GreedyChat("Hello", 4) : Requests.GreedyCompletion("Hello", 4);
        body["model"] = "gpt-4o";

        var response = await Api.PostAsync(server.Http, path, body);

        var error = response.AssertError(HttpStatusCode.NotFound, "model");
        Assert.Equal("model_not_found", (string?)error["code"]);
        Assert.Contains("gpt-4o", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheServedModelNameIsAccepted()
    {
        var body = Requests.GreedyCompletion("Hello", 2);
        body["model"] = server.ModelName;

        var response = await Api.PostAsync(server.Http, Completions, body);

        response.AssertOk();
    }

    [Fact]
    public async Task APromptLongerThanTheModelLengthIs400()
    {
        var prompt = string.Concat(Enumerable.Repeat("hello ", server.MaxModelLen + 10));

        var completion = await Api.PostAsync(server.Http, Completions, Requests.GreedyCompletion(prompt, 4));
        var chat = await Api.PostAsync(server.Http, Chat, Requests.GreedyChat(prompt, 4));

        Assert.Contains("maximum context length", (string?)completion.AssertError(HttpStatusCode.BadRequest, "prompt")["message"], StringComparison.Ordinal);
        chat.AssertError(HttpStatusCode.BadRequest, "prompt");
    }

    [Fact]
    public async Task PromptPlusMaxTokensOverTheModelLengthIs400NamingMaxTokens()
    {
        var response = await Api.PostAsync(server.Http, Completions, Requests.GreedyCompletion("Hello", server.MaxModelLen));

        response.AssertError(HttpStatusCode.BadRequest, "max_tokens");
    }

    [Fact]
    public async Task AJsonSchemaResponseFormatIs400NamingIt()
    {
        var body = Requests.GreedyChat("Hello", 4);
        body["response_format"] = JsonNode.Parse("""{"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}}""");

        var response = await Api.PostAsync(server.Http, Chat, body);

        response.AssertError(HttpStatusCode.BadRequest, "response_format");
    }

    [Fact]
    public async Task AnImageContentPartIs400NamingIt()
    {
        var messages = JsonNode.Parse("""
            [{"role": "user", "content": [
                {"type": "text", "text": "What is in this picture?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]}]
            """)!.AsArray();

        var response = await Api.PostAsync(server.Http, Chat, Requests.GreedyChat(messages, 4));

        var error = response.AssertError(HttpStatusCode.BadRequest, "messages[0].content[1]");
        Assert.Contains("image", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextContentPartsAreAccepted()
    {
        var messages = JsonNode.Parse("""[{"role": "user", "content": [{"type": "text", "text": "Hello "}, {"type": "text", "text": "there"}]}]""")!.AsArray();

        var response = await Api.PostAsync(server.Http, Chat, Requests.GreedyChat(messages, 2));

        response.AssertOk();
    }

    [Fact]
    public async Task AnUnknownRoleIs400NamingIt()
    {
        var messages = JsonNode.Parse("""[{"role": "wizard", "content": "hi"}]""")!.AsArray();

        var response = await Api.PostAsync(server.Http, Chat, Requests.GreedyChat(messages, 2));

        response.AssertError(HttpStatusCode.BadRequest, "messages[0].role");
    }

    [Fact]
    public async Task ChatWithoutAChatTemplateIs400()
    {
        var response = await Api.PostAsync(stories.Http, Chat, Requests.GreedyChat("hi", 2));

        var error = response.AssertError(HttpStatusCode.BadRequest, "messages");
        Assert.Contains("chat template", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("add chat_template.jinja", (string?)error["message"], StringComparison.Ordinal); // says why and how to fix
    }

    [Theory]
    [InlineData("GET", "/v1/nope")]
    [InlineData("POST", "/v2/completions")]
    [InlineData("GET", "/v1/completions")]
    public async Task AnUnknownRouteIs404InOpenAiShape(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var response = await Api.SendAsync(server.Http, request);

        var error = response.AssertError(HttpStatusCode.NotFound, null, "not_found_error");
        Assert.Contains(path, (string?)error["message"], StringComparison.Ordinal);
    }
}
