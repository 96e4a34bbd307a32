using SharpInfer.Server.Requests;

namespace SharpInfer.Server.Endpoints;

/// <summary>Checks shared by the generation endpoints: the model name and the context length.</summary>
internal static class ServedModel
{
    public static void Check(RequestBody body, ModelContext model)
    {
        var name = body.String("model");
        if (name is not null && name != model.Name)
            throw new OpenAiException(404, $"The model '{name}' does not exist; this server serves '{model.Name}'", "model", "invalid_request_error", "model_not_found");
    }

    public static void CheckLength(ModelContext model, int promptTokens, int maxTokens)
    {
        if (promptTokens + maxTokens > model.MaxModelLen)
            throw OpenAiException.BadRequest(
                $"This model's maximum context length is {model.MaxModelLen} tokens. However, you requested {promptTokens + maxTokens} tokens " +
                $"({promptTokens} in the prompt, {maxTokens} for the completion). Please reduce the length of the prompt or max_tokens.",
                promptTokens >= model.MaxModelLen ? "prompt" : "max_tokens");
    }
}
