using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>Bodies over <see cref="ServeOptions.MaxRequestBodyBytes"/> get 413 in OpenAI's error shape.</summary>
public sealed class RequestLimitTests(SmallBodyServerFixture server) : IClassFixture<SmallBodyServerFixture>
{
    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        var body = Requests.GreedyCompletion(new string('a', (int)SmallBodyServerFixture.Limit * 2), 2).ToJsonString();

        var response = await Api.PostRawAsync(server.Http, "/v1/completions", body);

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, null);
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimitIs413()
    {
        var bytes = Encoding.UTF8.GetBytes(Requests.GreedyCompletion(new string('a', (int)SmallBodyServerFixture.Limit * 2), 2).ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = new StreamContent(new UnknownLengthStream(bytes)) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await Api.SendAsync(server.Http, request);

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, null);
    }

    [Fact]
    public async Task ABodyUnderTheLimitIsServed()
    {
        var body = Requests.GreedyCompletion("Once upon a time", 2);
        Assert.True(Encoding.UTF8.GetByteCount(body.ToJsonString()) < SmallBodyServerFixture.Limit);

        var response = await Api.PostAsync(server.Http, "/v1/completions", body);

        response.AssertOk();
    }

    [Fact]
    public async Task ChatBodiesAreLimitedToo()
    {
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new string('b', 4096) });

        var response = await Api.PostAsync(server.Http, "/v1/chat/completions", Requests.GreedyChat(messages, 2));

        response.AssertError(HttpStatusCode.RequestEntityTooLarge, null);
    }
}
