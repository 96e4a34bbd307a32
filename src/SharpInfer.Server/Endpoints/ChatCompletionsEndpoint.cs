using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SharpInfer.Server.Config;
using SharpInfer.Server.Generation;
using SharpInfer.Server.Reasoning;
using SharpInfer.Server.Requests;

namespace SharpInfer.Server.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>: messages rendered with the model's chat template, n choices, streamed or whole.
/// With a reasoning parser each choice's text is split into <c>reasoning_content</c> and <c>content</c> by one
/// streaming parser, so whole and streamed responses split identically.
/// </summary>
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

        var (_, renderedIds) = PromptReader.Chat(body, model);
        var promptIds = PromptTruncation.Apply(http, model, renderedIds, "messages");
        var reasoningParser = model.Options.ReasoningParser;
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
        var choiceLogprobs = Enumerable.Range(0, sampling.N).Select(_ => new ChatLogprobs(model.Tokenizer, promptIds, topLogprobs ?? 0)).ToArray();
        var parsers = Enumerable.Range(0, sampling.N).Select(_ => ReasoningParsers.Create(reasoningParser)).ToArray();

        if (stream.Stream)
        {
            await ServerSentEvents.StartAsync(http.Response);
            for (var i = 0; i < sampling.N; i++)
                await ServerSentEvents.WriteAsync(http.Response, header.Chunk(Delta(i, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null, null)), cancel);
            await foreach (var e in run.RunAsync(cancel))
            {
                usage.Count(e, sampling.N);
                JsonObject delta;
                if (parsers[e.Index] is { } parser)
                {
                    var split = parser.Feed(e.Text);
                    if (e.FinishReason is not null)
                        split = split.Then(parser.Flush());
                    if (split.IsEmpty && e.FinishReason is null && !wantLogprobs)
                        continue; // e.g. a lone </think>: nothing to tell the client yet
                    delta = StreamedDelta(split);
                }
                else
                {
                    delta = e.Text.Length > 0 || e.FinishReason is null ? new JsonObject { ["content"] = e.Text } : new JsonObject();
                }
                var logprobs = wantLogprobs ? new JsonObject { ["content"] = choiceLogprobs[e.Index].Entries(e.Logprobs) } : null;
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
                foreach (var entry in choiceLogprobs[e.Index].Entries(e.Logprobs))
                    entries[e.Index].Add(entry!.DeepClone());
        }
        var response = header.Chunk(Enumerable.Range(0, sampling.N).Select(i => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["message"] = parsers[i] is { } parser
                ? WholeMessage(parser.Feed(texts[i].ToString()).Then(parser.Flush()))
                : new JsonObject { ["role"] = "assistant", ["content"] = texts[i].ToString() },
            ["logprobs"] = wantLogprobs ? new JsonObject { ["content"] = entries[i] } : null,
            ["finish_reason"] = finish[i],
        }).ToArray());
        response["usage"] = usage.ToJson();
        await Results.Json(response, JsonOptions.Compact).ExecuteAsync(http);
    }

    /// <summary>A streamed delta carries only the parts that grew.</summary>
    private static JsonObject StreamedDelta(ReasoningDelta split)
    {
        var delta = new JsonObject();
        if (split.Reasoning.Length > 0)
            delta["reasoning_content"] = split.Reasoning;
        if (split.Content.Length > 0)
            delta["content"] = split.Content;
        return delta;
    }

    /// <summary>A whole message has both fields, null when empty, as vLLM returns them (content is null when the output never left reasoning).</summary>
    private static JsonObject WholeMessage(ReasoningDelta split) => new()
    {
        ["role"] = "assistant",
        ["content"] = split.Content.Length > 0 ? split.Content : null,
        ["reasoning_content"] = split.Reasoning.Length > 0 ? split.Reasoning : null,
    };

    private static JsonObject Delta(int index, JsonObject delta, JsonObject? logprobs, string? finishReason) => new()
    {
        ["index"] = index,
        ["delta"] = delta,
        ["logprobs"] = logprobs,
        ["finish_reason"] = finishReason,
    };
}
