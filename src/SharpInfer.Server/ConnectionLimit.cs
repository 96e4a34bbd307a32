using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SharpInfer.Server;

/// <summary>
/// Caps the API requests being handled at once (<see cref="ServeOptions.MaxConnections"/>, MindIE's maxLinkNum):
/// one more gets 429 with Retry-After at once rather than piling up work. A streamed request counts until its
/// stream ends. Probes and scrapes (/health, /ready, /version, /metrics) are never counted nor refused, so a
/// saturated server still reports itself alive.
/// </summary>
internal sealed class ConnectionLimit(int? maxConnections)
{
    private int _inFlight;

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (maxConnections is not { } max || IsProbe(http.Request.Path))
        {
            await next(http);
            return;
        }
        if (Interlocked.Increment(ref _inFlight) > max)
        {
            Interlocked.Decrement(ref _inFlight);
            http.Response.Headers.RetryAfter = "1";
            throw new OpenAiException(429, string.Create(CultureInfo.InvariantCulture,
                $"the server is handling its maximum of {max} requests at once (--max-connections); retry later"), type: "rate_limit_error");
        }
        try
        {
            await next(http);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/ready") || path.StartsWithSegments("/version") || path.StartsWithSegments("/metrics");
}
