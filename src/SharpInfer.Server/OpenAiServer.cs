using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SharpInfer.Core;
using SharpInfer.Server.Endpoints;

namespace SharpInfer.Server;

/// <summary>
/// The OpenAI-compatible HTTP front end (ASP.NET Core minimal APIs on Kestrel). Requests become token ids
/// here; the engine behind <see cref="ModelContext"/> never sees JSON.
/// </summary>
public static class OpenAiServer
{
    /// <summary>A server for a model that is already loaded.</summary>
    public static WebApplication Build(ServeOptions options, ModelContext model, TimeSpan? shutdownGrace = null)
    {
        var slot = new ModelSlot();
        var app = Build(options, slot, shutdownGrace);
        slot.Set(model);
        return app;
    }

    /// <summary>A server whose model arrives later through <paramref name="slot"/> (503 until then, and again while stopping).</summary>
    public static WebApplication Build(ServeOptions options, ModelSlot slot, TimeSpan? shutdownGrace = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        var certificate = TlsCertificate.Load(options);
        if (certificate is not null)
            builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves HTTPS out unless asked
        var scheme = certificate is null ? "http" : "https";
        var metricsOnlyPort = options.MetricsPort is { } metricsPort && metricsPort != options.Port ? metricsPort : (int?)null;
        builder.WebHost.UseUrls(metricsOnlyPort is { } extra
            ? [$"{scheme}://{options.Host}:{options.Port}", $"{scheme}://{options.Host}:{extra}"]
            : [$"{scheme}://{options.Host}:{options.Port}"]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            if (certificate is not null)
                k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = shutdownGrace ?? TimeSpan.FromSeconds(30));
        var app = builder.Build();
        slot.Warn = message => app.Logger.LogWarning("{Message}", message);
        app.Lifetime.ApplicationStopping.Register(slot.Close);

        app.Use(ErrorsAsOpenAiJson);
        if (metricsOnlyPort is { } onlyMetrics)
            app.Use((http, next) => http.Connection.LocalPort == onlyMetrics && !http.Request.Path.StartsWithSegments("/metrics")
                ? throw new OpenAiException(404, $"port {onlyMetrics} serves only /metrics", type: "not_found_error")
                : next(http));
        app.Use((http, next) => RequireApiKey(http, next, options.ApiKey));
        app.Use(new ConnectionLimit(options.MaxConnections).InvokeAsync);
        app.MapGet("/health", () => InfoEndpoints.Health(slot.Get()));
        app.MapGet("/ready", () => InfoEndpoints.Health(slot.Get()));
        app.MapGet("/version", InfoEndpoints.Version);
        app.MapGet("/metrics", () => Results.Text(MetricsEndpoint.Render(slot.Get(), slot.Get().Requests), "text/plain; version=0.0.4"));
        app.MapGet("/v1/models", () => InfoEndpoints.Models(slot.Get()));
        // A lambda taking only HttpContext is a RequestDelegate, which drops returned results: execute them here.
        app.MapPost("/tokenize", async (HttpContext http) => await (await InfoEndpoints.Tokenize(http, slot.Get())).ExecuteAsync(http));
        app.MapPost("/detokenize", async (HttpContext http) => await (await InfoEndpoints.Detokenize(http, slot.Get())).ExecuteAsync(http));
        app.MapPost("/v1/completions", (HttpContext http) => Admit(http, slot.Get(), options, CompletionsEndpoint.HandleAsync));
        app.MapPost("/v1/chat/completions", (HttpContext http) => Admit(http, slot.Get(), options, ChatCompletionsEndpoint.HandleAsync));
        app.MapFallback((HttpContext http) => throw new OpenAiException(404, $"no route for {http.Request.Method} {http.Request.Path}", type: "not_found_error"));
        return app;
    }

    /// <summary>Past the waiting limit new work gets 429 with Retry-After instead of an ever longer queue.</summary>
    private static Task Admit(HttpContext http, ModelContext model, ServeOptions options, Func<HttpContext, ModelContext, Task> handle)
    {
        if (model.Engine.Metrics.NumWaiting >= options.MaxWaiting)
        {
            http.Response.Headers.RetryAfter = "1";
            throw new OpenAiException(429, $"the server has {options.MaxWaiting} requests waiting; retry later", type: "rate_limit_error");
        }
        return handle(http, model);
    }

    private static async Task RequireApiKey(HttpContext http, RequestDelegate next, string? apiKey)
    {
        var path = http.Request.Path;
        var open = path.StartsWithSegments("/health") || path.StartsWithSegments("/ready") || path.StartsWithSegments("/version") || path.StartsWithSegments("/metrics");
        if (apiKey is not null && !open && http.Request.Headers.Authorization.ToString() != "Bearer " + apiKey)
            throw new OpenAiException(401, "missing or invalid API key: send 'Authorization: Bearer <key>'", type: "authentication_error", code: "invalid_api_key");
        await next(http);
    }

    private static async Task ErrorsAsOpenAiJson(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client left; its engine request was aborted by the cancellation.
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            var (status, message, type, param, code) = e switch
            {
                OpenAiException o => (o.Status, o.Message, o.Type, o.Param, o.Code),
                BadHttpRequestException b => (b.StatusCode, b.StatusCode == 413 ? "request body too large" : b.Message, "invalid_request_error", null, null),
                UserErrorException u => (400, u.Message, "invalid_request_error", null, null),
                _ => (500, "internal error: " + e.Message, "server_error", (string?)null, (string?)null),
            };
            if (status == 500)
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("sharpinfer").LogError(e, "request failed");
            http.Response.StatusCode = status;
            await Results.Json(new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
            }, JsonOptions.Compact, statusCode: status).ExecuteAsync(http);
        }
    }
}
