using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// Requests to an OpenAI-compatible server, at most <c>concurrency</c> at a time; 429 and 503 answers and refused
/// connections are retried with exponential backoff (or the server's Retry-After), up to <see cref="MaxAttempts"/> tries.
/// </summary>
internal sealed class EvalClient : IDisposable
{
    public const int MaxAttempts = 8;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _backoff;

    /// <param name="baseUrl">The server root; a trailing <c>/v1</c> is accepted (as OpenAI clients are given it).</param>
    public EvalClient(string baseUrl, string model, int concurrency, string? apiKey, TimeSpan backoff, HttpMessageHandler? handler = null)
    {
        var root = baseUrl.TrimEnd('/');
        if (root.EndsWith("/v1", StringComparison.Ordinal))
            root = root[..^3];
        if (!Uri.TryCreate(root + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UserErrorException($"--base-url '{baseUrl}' is not an http(s) URL, e.g. http://127.0.0.1:8000");
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true)
        {
            BaseAddress = uri,
            Timeout = TimeSpan.FromHours(1),
        };
        if (!string.IsNullOrEmpty(apiKey))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _slots = new SemaphoreSlim(concurrency, concurrency);
        _backoff = backoff;
        BaseUrl = root;
        Model = model;
    }

    public string BaseUrl { get; }
    public string Model { get; }

    /// <summary>POSTs <paramref name="body"/> (with the model name) and returns the final reply, whatever its status.</summary>
    public async Task<ServerReply> SendAsync(string path, JsonObject body, CancellationToken cancel)
    {
        body["model"] = Model;
        var json = body.ToJsonString();
        await _slots.WaitAsync(cancel);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                HttpResponseMessage response;
                try
                {
                    response = await _http.PostAsync(path.TrimStart('/'), new StringContent(json, Encoding.UTF8, "application/json"), cancel);
                }
                catch (HttpRequestException e)
                {
                    if (attempt == MaxAttempts)
                        throw new UserErrorException($"cannot reach {BaseUrl}/{path.TrimStart('/')} after {MaxAttempts} tries ({e.Message}); is the server running at --base-url?");
                    await Task.Delay(Backoff(attempt, null), cancel);
                    continue;
                }
                using (response)
                {
                    var text = await response.Content.ReadAsStringAsync(cancel);
                    var status = (int)response.StatusCode;
                    if (status is (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.ServiceUnavailable && attempt < MaxAttempts)
                    {
                        await Task.Delay(Backoff(attempt, response.Headers.RetryAfter), cancel);
                        continue;
                    }
                    return new ServerReply(status, text, TryParse(text));
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary><see cref="SendAsync"/>, with any non-2xx reply (or a body that is not JSON) as a user error naming the endpoint.</summary>
    public async Task<JsonObject> PostAsync(string path, JsonObject body, CancellationToken cancel)
    {
        var reply = await SendAsync(path, body, cancel);
        if (!reply.Ok)
            throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"{BaseUrl}{path} answered {reply.Status}: {reply.ErrorMessage}"));
        return reply.Json ?? throw new UserErrorException($"{BaseUrl}{path} answered with a body that is not a JSON object");
    }

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    private TimeSpan Backoff(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta)
            return delta < MaxBackoff ? delta : MaxBackoff;
        var wait = _backoff * Math.Pow(2, attempt - 1);
        return wait < MaxBackoff ? wait : MaxBackoff;
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
