using System.Globalization;

namespace SharpInfer.Server.Generation;

/// <summary>
/// MindIE's per-request limits as bookkeeping over a <see cref="TimeProvider"/>'s timestamps (so tests can drive the
/// clock): the e2e limit bounds the request from submission; the token limit bounds the gap between consecutive
/// tokens and starts at the first token, so waiting in the queue and prefill are bounded by the e2e limit alone.
/// <see cref="TokenArrived"/> is called by the stream's reader while a timer thread asks the other questions.
/// </summary>
internal sealed class TimeoutPolicy(TimeSpan? tokenTimeout, TimeSpan? e2eTimeout, TimeProvider time)
{
    private const long NoToken = long.MinValue;
    private readonly long _start = time.GetTimestamp();
    private long _lastToken = NoToken;

    public bool IsEnabled => tokenTimeout is not null || e2eTimeout is not null;

    public void TokenArrived() => Interlocked.Exchange(ref _lastToken, time.GetTimestamp());

    /// <summary>Time until the nearest limit passes (zero or less: it has); null while no limit applies.</summary>
    public TimeSpan? Remaining()
    {
        var now = time.GetTimestamp();
        TimeSpan? left = null;
        if (e2eTimeout is { } e2e)
            left = e2e - time.GetElapsedTime(_start, now);
        if (tokenTimeout is { } token && Interlocked.Read(ref _lastToken) is var last && last != NoToken)
        {
            var tokenLeft = token - time.GetElapsedTime(last, now);
            if (left is null || tokenLeft < left)
                left = tokenLeft;
        }
        return left;
    }

    /// <summary>Which limit has passed, in words for the log; null while none has.</summary>
    public string? Exceeded()
    {
        var now = time.GetTimestamp();
        if (e2eTimeout is { } e2e && time.GetElapsedTime(_start, now) is var total && total >= e2e)
            return string.Create(CultureInfo.InvariantCulture, $"running for {total.TotalSeconds:0.###} s exceeds the e2e timeout of {e2e.TotalSeconds} s");
        if (tokenTimeout is { } token && Interlocked.Read(ref _lastToken) is var last && last != NoToken
            && time.GetElapsedTime(last, now) is var gap && gap >= token)
            return string.Create(CultureInfo.InvariantCulture, $"no token for {gap.TotalSeconds:0.###} s exceeds the token timeout of {token.TotalSeconds} s");
        return null;
    }
}
