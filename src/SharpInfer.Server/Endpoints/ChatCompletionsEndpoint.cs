using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SharpInfer.Server.Generation;
using SharpInfer.Server.Requests;

namespace SharpInfer.Server.Endpoints;

/// <summary><c>POST /v1/chat/completions</c>: messages rendered with the model's chat template, n choices, streamed or whole.</summary>
internal static class ChatCompletionsEndpoint
{
    public static async Task HandleAsync(HttpContext http, ModelContext model)
    {
        var cancel = http.RequestAborted;
        var body = await RequestBody.ReadAsync(http.Request, cancel);
        ServedModel.Check(body, model);
        body.RejectUnsupported("audio", "prediction", "functions", "function_call");
        if (body.Node("response_format") is JsonObject format && format["type"]?.GetValue<string>() != "text")
            throw OpenAiException.BadRequest("'response_format' other than {\"type\": \"text\"} is not supported yet", "response_format");
        if (body.Node("tool_choice") is { } toolChoice && !(toolChoice is JsonValue v && v.TryGetValue<string>(out var choice) && choice is "auto" or "none"))
            throw OpenAiException.BadRequest("'tool_choice' may only be \"auto\" or \"none\": tool calls are returned as text", "tool_choice");

        var (_, promptIds) = PromptReader.Chat(body, model);
        var requested = body.Int("max_completion_tokens", 1, int.MaxValue) ?? body.Int("max_tokens", 1, int.MaxValue);
        var maxTokens = requested ?? Math.Max(1, model.MaxModelLen - promptIds.Length);
        ServedModel.CheckLength(model, promptIds.Length, maxTokens);
        var wantLogprobs = body.Bool("logprobs") ?? false;
        var topLogprobs = body.Int("top_logprobs", 0, 20);
        if (topLogprobs is not null && !wantLogprobs)
            throw OpenAiException.BadRequest("'top_logprobs' needs 'logprobs': true", "top_logprobs");
        var sampling = SamplingReader.Read(body, maxTokens, model.VocabSize) with { Logprobs = wantLogprobs ? topLogprobs ?? 0 : null };
        var stream = StreamOptions.Read(body);
        var run = new GenerationRun(model, [promptIds], sampling, SamplingReader.StopStrings(body));
        var header = new ResponseHeader("chatcmpl-" + Guid.NewGuid().ToString("N"), stream.Stream ? "chat.completion.chunk" : "chat.completion", model.Name);
        var usage = new Usage();
        var top = topLogprobs ?? 0;

        if (stream.Stream)
        {
            await ServerSentEvents.StartAsync(http.Response);
            for (var i = 0; i < sampling.N; i++)
                await ServerSentEvents.WriteAsync(http.Response, header.Chunk(Delta(i, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null, null)), cancel);
            await foreach (var e in run.RunAsync(cancel))
            {
                usage.Count(e, sampling.N);
                var delta = e.Text.Length > 0 || e.FinishReason is null ? new JsonObject { ["content"] = e.Text } : new JsonObject();
                var logprobs = wantLogprobs ? new JsonObject { ["content"] = ChatLogprobs.Entries(model.Tokenizer, e.Logprobs, top) } : null;
                var chunk = header.Chunk(Delta(e.Index, delta, logprobs, e.FinishReason));
                if (stream.ContinuousUsage)
                    chunk["usage"] = usage.ToJson();
                await ServerSentEvents.WriteAsync(http.Response, chunk, cancel);
            }
            if (stream.IncludeUsage)
                await ServerSentEvents.WriteAsync(http.Response, header.UsageChunk(usage), cancel);
            await ServerSentEvents.DoneAsync(http.Response, cancel);
            return;
        }

        var texts = Enumerable.Range(0, sampling.N).Select(_ => new System.Text.StringBuilder()).ToArray();
        var entries = Enumerable.Range(0, sampling.N).Select(_ => new JsonArray()).ToArray();
        var finish = new string?[sampling.N];
        await foreach (var e in run.RunAsync(cancel))
        {
            usage.Count(e, sampling.N);
            texts[e.Index].Append(e.Text);
            finish[e.Index] ??= e.FinishReason;
            if (wantLogprobs)
                foreach (var entry in ChatLogprobs.Entries(model.Tokenizer, e.Logprobs, top))
                    entries[e.Index].Add(entry!.DeepClone());
        }
        var response = header.Chunk(Enumerable.Range(0, sampling.N).Select(i => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = texts[i].ToString() },
            ["logprobs"] = wantLogprobs ? new JsonObject { ["content"] = entries[i] } : null,
            ["finish_reason"] = finish[i],
        }).ToArray());
        response["usage"] = usage.ToJson();
        await Results.Json(response, JsonOptions.Compact).ExecuteAsync(http);
    }

    private static JsonObject Delta(int index, JsonObject delta, JsonObject? logprobs, string? finishReason) => new()
    {
        ["index"] = index,
        ["delta"] = delta,
        ["logprobs"] = logprobs,
        ["finish_reason"] = finishReason,
    };
}
