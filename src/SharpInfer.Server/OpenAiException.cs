namespace SharpInfer.Server;

/// <summary>A request the server refuses, reported in OpenAI's error shape with the offending parameter.</summary>
internal sealed class OpenAiException(int status, string message, string? param = null, string type = "invalid_request_error", string? code = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string? Param { get; } = param;
    public string Type { get; } = type;
    public string? Code { get; } = code;

    public static OpenAiException BadRequest(string message, string? param = null) => new(400, message, param);
}
