using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SharpInfer.Server.Generation;
using SharpInfer.Server.Requests;

namespace SharpInfer.Server.Endpoints;

/// <summary><c>POST /v1/completions</c>: one or more prompts, n choices each, streamed (SSE) or whole.</summary>
internal static class CompletionsEndpoint
{
    public static async Task HandleAsync(HttpContext http, ModelContext model)
    {
        var cancel = http.RequestAborted;
        var body = await RequestBody.ReadAsync(http.Request, cancel);
        ServedModel.Check(body, model);
        body.RejectUnsupported("suffix");
        var n = body.Int("n", 1, 128) ?? 1;
        if (body.Int("best_of", 1, 128) is { } bestOf && bestOf != n)
            throw OpenAiException.BadRequest("'best_of' other than n is not supported", "best_of");
        var prompts = Config.PromptTruncation.ApplyAll(http, model, PromptReader.Completion(body.Node("prompt"), model, body.Bool("add_special_tokens") ?? false), "prompt");
        var echo = body.Bool("echo") ?? false;
        // vLLM: echo with max_tokens 0 scores the prompt alone (lm_eval's log-likelihoods); the engine still
        // runs one step, whose token is dropped from the text and the logprobs.
        var maxTokens = body.Int("max_tokens", echo ? 0 : 1, int.MaxValue) ?? 16;
        var echoOnly = maxTokens == 0;
        var engineMaxTokens = Math.Max(1, maxTokens);
        foreach (var prompt in prompts)
            ServedModel.CheckLength(model, prompt.Length, engineMaxTokens);
        var logprobs = body.Int("logprobs", 0, 20);
        var sampling = SamplingReader.Read(body, engineMaxTokens, model.VocabSize) with { Logprobs = logprobs, PromptLogprobs = echo && logprobs is not null };
        var stream = StreamOptions.Read(body);
        var run = new GenerationRun(model, prompts, sampling, SamplingReader.StopStrings(body));
        var header = new ResponseHeader("cmpl-" + Guid.NewGuid().ToString("N"), "text_completion", model.Name);

        var choices = Enumerable.Range(0, prompts.Count * n).Select(i =>
        {
            var prompt = prompts[i / n];
            var echoed = echo ? model.Tokenizer.Decode(prompt) : "";
            return new CompletionChoice(echoed, logprobs is null ? null : new CompletionLogprobs(model.Tokenizer, 0, echo ? [] : prompt), prompt, echoOnly);
        }).ToArray();
        var usage = new Usage();
        if (stream.Stream)
            await ServerSentEvents.StartAsync(http.Response);
        await foreach (var choiceEvent in run.RunAsync(cancel))
        {
            usage.Count(choiceEvent, n);
            var choice = choices[choiceEvent.Index];
            var text = choice.Take(choiceEvent);
            if (stream.Stream)
            {
                var chunk = header.Chunk(new JsonObject
                {
                    ["index"] = choiceEvent.Index,
                    ["text"] = text,
                    ["logprobs"] = choice.Logprobs?.TakeChunk(),
                    ["finish_reason"] = choiceEvent.FinishReason,
                });
                if (stream.ContinuousUsage)
                    chunk["usage"] = usage.ToJson();
                await ServerSentEvents.WriteAsync(http.Response, chunk, cancel);
            }
        }
        if (stream.Stream)
        {
            if (stream.IncludeUsage)
                await ServerSentEvents.WriteAsync(http.Response, header.UsageChunk(usage), cancel);
            await ServerSentEvents.DoneAsync(http.Response, cancel);
            return;
        }
        var response = header.Chunk(choices.Select((c, i) => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["text"] = c.Text,
            ["logprobs"] = c.Logprobs?.ToJson(),
            ["finish_reason"] = c.FinishReason,
        }).ToArray());
        response["usage"] = usage.ToJson();
        await Results.Json(response, JsonOptions.Compact).ExecuteAsync(http);
    }

    /// <summary>One choice's accumulated text and log-probabilities.</summary>
    /// <param name="echoOnly">max_tokens 0: the prompt is the whole text; the engine's one token is not shown.</param>
    private sealed class CompletionChoice(string echoed, CompletionLogprobs? logprobs, int[] prompt, bool echoOnly)
    {
        private readonly System.Text.StringBuilder _text = new();
        private bool _started;

        public CompletionLogprobs? Logprobs { get; } = logprobs;
        public string Text => _text.ToString();
        public string? FinishReason { get; private set; }

        /// <summary>Applies an event; returns the text it adds (with the echoed prompt first).</summary>
        public string Take(ChoiceEvent choiceEvent)
        {
            var added = echoOnly ? "" : choiceEvent.Text;
            if (!_started)
            {
                _started = true;
                added = echoed + added;
                if (choiceEvent.PromptLogprobs is { } promptLogprobs)
                    Logprobs?.AddPrompt(prompt, promptLogprobs);
            }
            if (!echoOnly)
                Logprobs?.AddGenerated(choiceEvent.Logprobs);
            _text.Append(added);
            FinishReason ??= choiceEvent.FinishReason;
            return added;
        }
    }
}
