using System.ClientModel;
using System.Net;
using OpenAI;
using OpenAI.Models;

namespace SharpInfer.Server.Tests;

/// <summary>With an API key configured, /v1 routes need <c>Authorization: Bearer KEY</c>; health and metrics stay open.</summary>
public sealed class ApiKeyTests(ApiKeyServerFixture server) : IClassFixture<ApiKeyServerFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("")]
    public async Task AMissingOrWrongKeyIs401(string? key)
    {
        var completion = await Api.PostAsync(server.Http, "/v1/completions", Requests.GreedyCompletion("Once", 2), key);
        var models = await Api.GetAsync(server.Http, "/v1/models", key);

        foreach (var response in new[] { completion, models })
        {
            var error = response.AssertError(HttpStatusCode.Unauthorized, null, "authentication_error");
            Assert.Equal("invalid_api_key", (string?)error["code"]);
        }
    }

    [Fact]
    public async Task TheRightKeyIs200()
    {
        var completion = await Api.PostAsync(server.Http, "/v1/completions", Requests.GreedyCompletion("Once", 2), ApiKeyServerFixture.Key);
        var models = await Api.GetAsync(server.Http, "/v1/models", ApiKeyServerFixture.Key);

        completion.AssertOk();
        models.AssertOk();
    }

    [Fact]
    public async Task TheKeyIsCaseSensitiveAndNeedsTheBearerScheme()
    {
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        basic.Headers.TryAddWithoutValidation("Authorization", "Basic " + ApiKeyServerFixture.Key);

        var wrongScheme = await Api.SendAsync(server.Http, basic);
        var wrongCase = await Api.GetAsync(server.Http, "/v1/models", ApiKeyServerFixture.Key.ToUpperInvariant());

        wrongScheme.AssertError(HttpStatusCode.Unauthorized, null, "authentication_error");
        wrongCase.AssertError(HttpStatusCode.Unauthorized, null, "authentication_error");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/ready")]
    [InlineData("/version")]
    [InlineData("/metrics")]
    public async Task OperationalRoutesNeedNoKey(string path)
    {
        var response = await Api.GetAsync(server.Http, path);

        response.AssertOk();
    }

    [Fact]
    public async Task TheSdkSeesTheKey()
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl + "/v1") };
        var right = new OpenAIModelClient(new ApiKeyCredential(ApiKeyServerFixture.Key), options);
        var wrong = new OpenAIModelClient(new ApiKeyCredential("nope"), options);

        OpenAIModelCollection models = await right.GetModelsAsync();
        var error = await Assert.ThrowsAsync<ClientResultException>(() => wrong.GetModelsAsync());

        Assert.Contains(models, m => m.Id == server.ModelName);
        Assert.Equal(401, error.Status);
    }
}
