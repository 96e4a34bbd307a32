using System.Text;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>What one stream has delivered so far: content chunk times (seconds on the run's clock), text and usage.</summary>
internal sealed class StreamTiming(double start)
{
    private readonly List<double> _gaps = [];
    private double _last;

    public double Start { get; } = start;
    public double? FirstChunk { get; private set; }
    public IReadOnlyList<double> Gaps => _gaps;
    public StringBuilder Text { get; } = new();
    public int? PromptTokens { get; private set; }
    public int? CompletionTokens { get; private set; }

    public void Content(string text, double now)
    {
        if (FirstChunk is null)
            FirstChunk = now;
        else
            _gaps.Add(now - _last);
        _last = now;
        Text.Append(text);
    }

    public void Usage(int? promptTokens, int? completionTokens)
    {
        PromptTokens = promptTokens ?? PromptTokens;
        CompletionTokens = completionTokens ?? CompletionTokens;
    }
}
