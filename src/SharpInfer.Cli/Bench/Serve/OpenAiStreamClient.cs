using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// Sends one streaming request to an OpenAI-compatible server and times it per server-sent event: TTFT is the
/// time from sending to the first chunk carrying generated text, each later such chunk adds one ITL gap.
/// Token counts come from the final <c>usage</c> chunk (asked for with <c>include_usage</c>), else the
/// tokenizer. Anything but a clean stream ending in <c>data: [DONE]</c> is a failure with its error text.
/// </summary>
internal sealed class OpenAiStreamClient : IDisposable
{
    private const int MaxErrorBodyChars = 500;
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly bool _chat;
    private readonly string _model;
    private readonly bool _ignoreEos;
    private readonly Tokenizer _tokenizer;

    public OpenAiStreamClient(Uri url, bool chat, string model, string? apiKey, bool ignoreEos, Tokenizer tokenizer)
    {
        // No client timeout (long runs are legitimate) and no drain of abandoned responses.
        _http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
        };
        if (apiKey is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        (_url, _chat, _model, _ignoreEos, _tokenizer) = (url, chat, model, ignoreEos, tokenizer);
    }

    public string Backend => _chat ? "openai-chat" : "openai";

    /// <summary>Runs <paramref name="prompt"/>; <paramref name="clock"/> is the run's clock (start times are read from it).</summary>
    public async Task<RequestOutput> SendAsync(BenchPrompt prompt, Stopwatch clock, CancellationToken cancellationToken)
    {
        var start = clock.Elapsed.TotalSeconds;
        var stream = new StreamTiming(start);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new StringContent(Body(prompt), Encoding.UTF8, "application/json") };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                return Failed(prompt, start, clock, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}");
            }
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var now = clock.Elapsed.TotalSeconds;
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                    continue;
                var data = line[5..].Trim();
                if (data == "[DONE]")
                    return Finish(prompt, stream, now);
                if (Chunk(JsonNode.Parse(data), stream, now) is { } error)
                    return Failed(prompt, start, clock, error);
            }
            return Failed(prompt, start, clock, "the stream ended without 'data: [DONE]'");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or OperationCanceledException)
        {
            return Failed(prompt, start, clock, Message(e));
        }
    }

    public void Dispose() => _http.Dispose();

    private string Body(BenchPrompt prompt)
    {
        var body = new JsonObject { ["model"] = _model };
        if (_chat)
        {
            body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt.Text });
            body["max_completion_tokens"] = prompt.OutputLen;
        }
        else
        {
            body["prompt"] = prompt.Text;
            body["max_tokens"] = prompt.OutputLen;
        }
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        if (_ignoreEos)
            body["ignore_eos"] = true;
        return body.ToJsonString();
    }

    /// <summary>Records one chunk; returns the error text when the chunk reports one.</summary>
    private string? Chunk(JsonNode? chunk, StreamTiming stream, double now)
    {
        if (chunk?["error"] is { } error)
            return "server error in stream: " + (error["message"]?.ToString() ?? error.ToJsonString());
        if (chunk?["choices"] is JsonArray { Count: > 0 } choices)
        {
            var choice = choices[0];
            var text = _chat
                ? Text(choice?["delta"]?["content"]) + Text(choice?["delta"]?["reasoning_content"])
                : Text(choice?["text"]);
            if (text.Length > 0)
                stream.Content(text, now);
        }
        if (chunk?["usage"] is JsonObject usage)
            stream.Usage(Int(usage["prompt_tokens"]), Int(usage["completion_tokens"]));
        return null;
    }

    private RequestOutput Finish(BenchPrompt prompt, StreamTiming stream, double end)
    {
        if (stream.FirstChunk is null)
            return new RequestOutput { PromptLen = stream.PromptTokens ?? prompt.PromptLen, Success = false, StartTime = stream.Start, Latency = end - stream.Start, Error = "the stream carried no generated text" };
        var text = stream.Text.ToString();
        return new RequestOutput
        {
            PromptLen = stream.PromptTokens ?? prompt.PromptLen,
            Success = true,
            GeneratedText = text,
            OutputTokens = stream.CompletionTokens ?? _tokenizer.Encode(text).Length,
            StartTime = stream.Start,
            Ttft = stream.FirstChunk.Value - stream.Start,
            Itl = stream.Gaps,
            Latency = end - stream.Start,
        };
    }

    private static RequestOutput Failed(BenchPrompt prompt, double start, Stopwatch clock, string error) =>
        new() { PromptLen = prompt.PromptLen, Success = false, Error = error, StartTime = start, Latency = clock.Elapsed.TotalSeconds - start };

    private static string Message(Exception e)
    {
        var message = e.GetType().Name + ": " + e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            message += " <- " + inner.Message;
        return message;
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    private static string Truncate(string text) => text.Length <= MaxErrorBodyChars ? text : text[..MaxErrorBodyChars] + "...";
}
