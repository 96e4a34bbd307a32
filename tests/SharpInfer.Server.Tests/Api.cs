using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>Raw HTTP calls to the server, with an optional bearer key.</summary>
internal static class Api
{
    public static Task<ApiResponse> PostAsync(HttpClient http, string path, JsonNode body, string? apiKey = null) =>
        PostRawAsync(http, path, body.ToJsonString(), apiKey);

    public static async Task<ApiResponse> PostRawAsync(HttpClient http, string path, string body, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await SendAsync(http, request, apiKey);
    }

    public static async Task<ApiResponse> GetAsync(HttpClient http, string path, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(http, request, apiKey);
    }

    public static async Task<ApiResponse> SendAsync(HttpClient http, HttpRequestMessage request, string? apiKey = null)
    {
        if (apiKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }

    /// <summary>Starts a streaming request and returns as soon as the headers arrive; the caller reads and disposes.</summary>
    public static async Task<HttpResponseMessage> PostStreamingAsync(HttpClient http, string path, JsonNode body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            Assert.Fail($"streaming request failed with {(int)response.StatusCode}: {text}");
        }
        return response;
    }
}
