using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;
using SharpInfer.Tests;

namespace SharpInfer.Server.Tests;

/// <summary>The official OpenAI .NET SDK talks to the server: chat (whole and streamed) and the model list.</summary>
public sealed class OpenAiSdkTests(QwenServerFixture server) : IClassFixture<QwenServerFixture>
{
    private const int MaxTokens = 8;
    private const string Question = "What is 2+2?";

    [Fact]
    public async Task ChatCompletionReturnsTextFinishReasonAndUsage()
    {
        var client = new ChatClient(server.ModelName, new ApiKeyCredential("unused"), Options());

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(Question)], ChatOptions());

        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(server.ModelName, completion.Model);
        var (text, finish, completionTokens) = await RawChatAsync();
        Assert.Equal(text, Assert.Single(completion.Content).Text);
        Assert.Equal(finish, completion.FinishReason);
        Assert.Equal(PromptTokens(), completion.Usage.InputTokenCount);
        Assert.Equal(completionTokens, completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task StreamingChatReturnsTheSameTextWithRoleFinishReasonAndUsage()
    {
        var client = new ChatClient(server.ModelName, new ApiKeyCredential("unused"), Options());
        var text = new StringBuilder();
        ChatMessageRole? role = null;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var updates = 0;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], ChatOptions()))
        {
            updates++;
            role ??= update.Role;
            finish ??= update.FinishReason;
            usage ??= update.Usage;
            foreach (var part in update.ContentUpdate)
                text.Append(part.Text);
        }

        var (expectedText, expectedFinish, completionTokens) = await RawChatAsync();
        Assert.True(updates >= 2, "expected a role chunk and at least one content chunk");
        Assert.Equal(ChatMessageRole.Assistant, role);
        Assert.Equal(expectedText, text.ToString());
        Assert.Equal(expectedFinish, finish);
        Assert.NotNull(usage); // the SDK asks for stream_options.include_usage
        Assert.Equal(PromptTokens(), usage.InputTokenCount);
        Assert.Equal(completionTokens, usage.OutputTokenCount);
    }

    [Fact]
    public async Task ModelListContainsTheServedName()
    {
        var client = new OpenAIModelClient(new ApiKeyCredential("unused"), Options());

        OpenAIModelCollection models = await client.GetModelsAsync();

        Assert.Contains(models, m => m.Id == server.ModelName);
    }

    [Fact]
    public async Task AnUnknownModelIsAClientError()
    {
        var client = new ChatClient("no-such-model", new ApiKeyCredential("unused"), Options());

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(Question)], ChatOptions()));

        Assert.Equal(404, error.Status);
    }

    private OpenAIClientOptions Options() => new() { Endpoint = new Uri(server.BaseUrl + "/v1"), NetworkTimeout = TimeSpan.FromSeconds(30) };

    private static ChatCompletionOptions ChatOptions() => new() { Temperature = 0, MaxOutputTokenCount = MaxTokens };

    /// <summary>The same request over raw HTTP (the eos may end it early, as it may the SDK's).</summary>
    private async Task<(string Text, ChatFinishReason Finish, int CompletionTokens)> RawChatAsync()
    {
        var body = Requests.GreedyChat(Question, MaxTokens);
        body.Remove("ignore_eos");
        var json = (await Api.PostAsync(server.Http, "/v1/chat/completions", body)).OkJson();
        var choice = json["choices"]![0]!;
        var finish = (string?)choice["finish_reason"] switch
        {
            "stop" => ChatFinishReason.Stop,
            "length" => ChatFinishReason.Length,
            var other => throw new InvalidDataException("unexpected finish_reason " + other),
        };
        return ((string)choice["message"]!["content"]!, finish, (int)json["usage"]!["completion_tokens"]!);
    }

    /// <summary>The rendered question's length, from the reference fixture that holds the same conversation.</summary>
    private static int PromptTokens()
    {
        var reference = ReferenceCase.Load("tiny-qwen2").Single(c => c.Messages is [var only] && (string?)only!["content"] == Question);
        return reference.PromptIds.Length;
    }
}
