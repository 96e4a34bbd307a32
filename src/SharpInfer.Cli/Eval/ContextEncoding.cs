namespace SharpInfer.Cli.Eval;

/// <summary>lm_eval's pure steps around log-likelihood requests: splitting a context from its continuation, and truncation.</summary>
internal static class ContextEncoding
{
    /// <summary>
    /// lm_eval's _encode_pair: trailing whitespace of the context moves to the front of the continuation, so that
    /// "Answer: " + "A" is tokenized as "Answer:" + " A".
    /// </summary>
    public static (string Context, string Continuation) SplitTrailingWhitespace(string context, string continuation)
    {
        var spaces = context.Length - context.TrimEnd().Length;
        return spaces == 0 ? (context, continuation) : (context[..^spaces], context[^spaces..] + continuation);
    }

    /// <summary>
    /// The continuation's tokens: those of context + continuation past the context's token count (lm_eval's
    /// whole_enc[len(context_enc):]); the request is then context tokens + these.
    /// </summary>
    public static int[] ContinuationTokens(int[] contextIds, int[] wholeIds) => wholeIds.Length > contextIds.Length ? wholeIds[contextIds.Length..] : [];

    /// <summary>
    /// The request's tokens and how many of them are context: the last <paramref name="maxInput"/> tokens when
    /// longer (lm_eval keeps the end, the continuation being what is scored).
    /// </summary>
    public static (int[] Input, int ContextLength) Truncate(int[] contextIds, int[] continuationIds, int? maxInput)
    {
        int[] whole = [.. contextIds, .. continuationIds];
        if (maxInput is not { } limit || whole.Length <= limit)
            return (whole, contextIds.Length);
        return (whole[^limit..], contextIds.Length - (whole.Length - limit));
    }

    /// <summary>
    /// A generation request that fits the context: max_tokens shrinks to the room left; a prompt that leaves no
    /// room keeps its last tokens, leaving max_tokens (at most half the context) for the answer.
    /// </summary>
    public static (int[] Prompt, int MaxTokens) FitGeneration(int[] prompt, int maxTokens, int? maxModelLen)
    {
        if (maxModelLen is not { } length || prompt.Length + maxTokens <= length)
            return (prompt, maxTokens);
        if (prompt.Length < length)
            return (prompt, length - prompt.Length);
        var keep = length - Math.Min(maxTokens, length / 2);
        return (prompt[^keep..], length - keep);
    }

    /// <summary>The text before the first stop string (servers cut there already; this covers those that overshoot).</summary>
    public static string CutAtStop(string text, IReadOnlyList<string> until)
    {
        var end = text.Length;
        foreach (var stop in until)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < end)
                end = at;
        }
        return text[..end];
    }
}
