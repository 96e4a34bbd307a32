using System.Globalization;

namespace SharpInfer.Cli.Eval;

/// <summary>Progress on stderr: a line each time another twentieth of the samples is scored, and at the end.</summary>
internal sealed class EvalProgress(TextWriter error, int total)
{
    private readonly Lock _lock = new();
    private readonly DateTime _start = DateTime.UtcNow;
    private int _done;
    private int _lastReported;

    public void Done(string task)
    {
        lock (_lock)
        {
            _done++;
            var step = Math.Max(1, total / 20);
            if (_done != total && _done - _lastReported < step)
                return;
            _lastReported = _done;
            var elapsed = DateTime.UtcNow - _start;
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"eval: {_done}/{total} samples scored ({task}), {elapsed.TotalSeconds:F1} s"));
        }
    }
}
