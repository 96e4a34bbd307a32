using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SharpInfer.Server.Requests;

namespace SharpInfer.Server.Endpoints;

/// <summary>/v1/models, /tokenize, /detokenize, /health, /ready and /version.</summary>
internal static class InfoEndpoints
{
    public static IResult Models(ModelContext model) => Results.Json(new JsonObject
    {
        ["object"] = "list",
        ["data"] = new JsonArray(new JsonObject
        {
            ["id"] = model.Name,
            ["object"] = "model",
            ["created"] = model.Created,
            ["owned_by"] = "sharpinfer",
            ["max_model_len"] = model.MaxModelLen,
        }),
    }, JsonOptions.Compact);

    /// <summary>vLLM's /tokenize: <c>{"prompt"}</c> or <c>{"messages"}</c> → <c>{"count","max_model_len","tokens"}</c>.</summary>
    public static async Task<IResult> Tokenize(HttpContext http, ModelContext model)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        ServedModel.Check(body, model);
        int[] ids;
        if (body.Has("messages"))
            ids = PromptReader.Chat(body, model).Ids;
        else
        {
            var prompt = body.String("prompt") ?? throw OpenAiException.BadRequest("'prompt' or 'messages' is required", "prompt");
            ids = model.Tokenizer.Encode(prompt, body.Bool("add_special_tokens") ?? true);
        }
        return Results.Json(new JsonObject
        {
            ["count"] = ids.Length,
            ["max_model_len"] = model.MaxModelLen,
            ["tokens"] = new JsonArray(ids.Select(id => (JsonNode)id).ToArray()),
        }, JsonOptions.Compact);
    }

    /// <summary>vLLM's /detokenize: <c>{"tokens":[...]}</c> → <c>{"prompt"}</c>.</summary>
    public static async Task<IResult> Detokenize(HttpContext http, ModelContext model)
    {
        var body = await RequestBody.ReadAsync(http.Request, http.RequestAborted);
        ServedModel.Check(body, model);
        if (body.Node("tokens") is not JsonArray tokens)
            throw OpenAiException.BadRequest("'tokens' must be a list of token ids", "tokens");
        var ids = tokens.Select(t => t is JsonValue v && v.TryGetValue<int>(out var id) && id >= 0 && id < model.VocabSize
            ? id
            : throw OpenAiException.BadRequest($"'tokens' must hold token ids in 0..{model.VocabSize - 1}", "tokens")).ToArray();
        return Results.Json(new JsonObject { ["prompt"] = model.Tokenizer.Decode(ids) }, JsonOptions.Compact);
    }

    /// <summary>200 only while the engine loop is alive: a wedged engine must fail health checks.</summary>
    public static IResult Health(ModelContext model) =>
        model.Engine.IsAlive ? Results.Ok() : Results.Json(new JsonObject { ["error"] = "engine loop is not running" }, statusCode: 503);

    public static IResult Version() => Results.Json(new JsonObject
    {
        ["version"] = typeof(InfoEndpoints).Assembly.GetName().Version?.ToString() ?? "0.0.0",
    });
}
