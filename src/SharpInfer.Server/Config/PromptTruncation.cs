using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SharpInfer.Server.Config;

/// <summary>
/// MindIE's maxInputTokenLen + truncation (<c>--max-input-tokens</c>, <c>--truncation</c>): a prompt may hold at
/// most min(max input tokens, max model len − 1) tokens. A longer one is a 400, or, with truncation on, is cut
/// to its last tokens (the end of a conversation matters most, as with vLLM's truncate_prompt_tokens) and the
/// response says so in <c>X-SharpInfer-Truncated: ORIGINAL-&gt;KEPT</c> (ASCII: Kestrel refuses other header bytes).
/// </summary>
internal static class PromptTruncation
{
    public const string Header = "X-SharpInfer-Truncated";

    /// <summary>The prompt to run, checked (and maybe cut) against the server's input limit.</summary>
    public static int[] Apply(HttpContext http, ModelContext model, int[] prompt, string param)
    {
        var options = model.Options;
        var limit = Limit(options.MaxInputTokens, options.Truncation, model.MaxModelLen);
        if (limit is null || prompt.Length <= limit)
            return prompt;
        if (!options.Truncation)
        {
            throw OpenAiException.BadRequest(string.Create(CultureInfo.InvariantCulture,
                $"the prompt has {prompt.Length} tokens, more than this server's limit of {limit} input tokens; shorten it (or start the server with --truncation to keep the last {limit})"), param);
        }
        http.Response.Headers.Append(Header, string.Create(CultureInfo.InvariantCulture, $"{prompt.Length}->{limit}"));
        return prompt[^limit.Value..];
    }

    /// <summary>Every prompt of a request (one header value per cut prompt, in prompt order).</summary>
    public static IReadOnlyList<int[]> ApplyAll(HttpContext http, ModelContext model, IReadOnlyList<int[]> prompts, string param) =>
        prompts.Select(p => Apply(http, model, p, param)).ToArray();

    /// <summary>
    /// The most prompt tokens allowed, or null when neither setting is in use (the context-length check alone then
    /// applies, with its own message).
    /// </summary>
    public static int? Limit(int? maxInputTokens, bool truncation, int maxModelLen) =>
        maxInputTokens is null && !truncation ? null : Math.Min(maxInputTokens ?? int.MaxValue, maxModelLen - 1);
}
