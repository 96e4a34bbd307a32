namespace SharpInfer.Server.Generation;

/// <summary>
/// Enforces a <see cref="TimeoutPolicy"/> on one engine request. A timer fires at the nearest deadline; if a limit
/// has really passed (a token may have arrived since, moving the deadline on) it logs a warning and cancels
/// <see cref="Token"/>, the token the request was submitted with. The engine then aborts the request and still
/// streams each unfinished choice's final output, so clients see finish_reason "abort" rather than a dropped
/// connection. <see cref="Token"/> is also cancelled with the caller's token (client gone).
/// </summary>
internal sealed class RequestTimeouts : IDisposable
{
    private readonly string _requestId;
    private readonly TimeoutPolicy _policy;
    private readonly Action<string> _warn;
    private readonly CancellationTokenSource _cancel;
    private readonly ITimer? _timer;
    private readonly Lock _lock = new();
    private bool _sawToken;
    private bool _disposed;

    public RequestTimeouts(string requestId, TimeSpan? tokenTimeout, TimeSpan? e2eTimeout, TimeProvider time, Action<string> warn, CancellationToken cancellationToken)
    {
        _requestId = requestId;
        _policy = new TimeoutPolicy(tokenTimeout, e2eTimeout, time);
        _warn = warn;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!_policy.IsEnabled)
            return;
        _timer = time.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Arm();
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>Whether a limit (rather than the caller) cancelled <see cref="Token"/>.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>Called for each output carrying tokens; the first one starts the token limit.</summary>
    public void TokenArrived()
    {
        if (_timer is null)
            return;
        _policy.TokenArrived();
        if (_sawToken)
            return; // the armed timer re-arms itself when it finds the deadline moved
        _sawToken = true;
        Arm();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        _timer?.Dispose();
        _cancel.Dispose();
    }

    private void Arm()
    {
        if (_policy.Remaining() is not { } due)
            return;
        lock (_lock)
        {
            if (!_disposed)
                _timer!.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void Check()
    {
        if (_policy.Exceeded() is not { } why)
        {
            Arm();
            return;
        }
        lock (_lock)
        {
            // Under the lock so Dispose cannot race the cancellation; its callbacks only post an abort to the engine.
            if (_disposed || _cancel.IsCancellationRequested)
                return;
            TimedOut = true;
            try
            {
                _cancel.Cancel();
            }
            catch (AggregateException)
            {
                // The engine was shut down (posting the abort threw): nothing is left to abort, and an exception
                // escaping a timer callback would end the process.
            }
        }
        _warn($"request {_requestId} aborted: {why}");
    }
}
