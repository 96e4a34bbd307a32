namespace SharpInfer.Server.Generation;

/// <summary>
/// Finds stop strings in streamed text, across chunk boundaries. Text that could still become a stop
/// string is held back, so a stop string is never emitted, not even in part.
/// </summary>
internal sealed class StopStringMatcher(IReadOnlyList<string> stops)
{
    private readonly System.Text.StringBuilder _pending = new();

    /// <summary>Adds text; returns what is safe to emit, and whether a stop string ended the text.</summary>
    public (string Emit, bool Stopped) Add(string text)
    {
        if (stops.Count == 0)
            return (text, false);
        _pending.Append(text);
        var pending = _pending.ToString();
        var stopAt = -1;
        foreach (var stop in stops)
        {
            var index = pending.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (stopAt < 0 || index < stopAt))
                stopAt = index;
        }
        if (stopAt >= 0)
        {
            _pending.Clear();
            return (pending[..stopAt], true);
        }
        var hold = HeldBack(pending);
        _pending.Clear().Append(pending, pending.Length - hold, hold);
        return (pending[..^hold], false);
    }

    /// <summary>At the end of the output: whatever was held back is plain text after all.</summary>
    public string Flush()
    {
        var rest = _pending.ToString();
        _pending.Clear();
        return rest;
    }

    /// <summary>The longest suffix of the text that is a proper prefix of some stop string.</summary>
    private int HeldBack(string text)
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
