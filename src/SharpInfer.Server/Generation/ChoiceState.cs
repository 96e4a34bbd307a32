using SharpInfer.Engine;
using SharpInfer.Tokenization;

namespace SharpInfer.Server.Generation;

/// <summary>One choice's text so far: incremental detokenization, then stop-string matching.</summary>
internal sealed class ChoiceState(int index, Tokenizer tokenizer, IReadOnlyList<int> promptIds, IReadOnlyList<string> stops)
{
    private readonly IncrementalDetokenizer _detokenizer = tokenizer.CreateDetokenizer(promptIds, skipSpecialTokens: true);
    private readonly StopStringMatcher _stops = new(stops);

    public int Index { get; } = index;
    public bool Finished { get; private set; }
    public int CompletionTokens { get; private set; }

    /// <summary>Turns an engine output into a choice event; null once the choice has finished (e.g. on a stop string).</summary>
    public ChoiceEvent? Apply(RequestOutput output)
    {
        if (Finished)
            return null;
        CompletionTokens += output.NewTokenIds.Count;
        var text = string.Concat(output.NewTokenIds.Select(_detokenizer.Append));
        string? finish = null;
        if (output.Finished)
            text += _detokenizer.Flush();
        var (emit, stopped) = _stops.Add(text);
        if (stopped)
            finish = "stop";
        else if (output.FinishReason is { } reason)
        {
            emit += _stops.Flush();
            finish = reason switch
            {
                FinishReason.Stop => "stop",
                FinishReason.Length => "length",
                _ => "abort",
            };
        }
        Finished = finish is not null;
        return new ChoiceEvent(Index, emit, output.NewTokenIds, output.NewLogprobs ?? [], output.PromptLogprobs, finish, output.NumPromptTokens);
    }
}
