namespace SharpInfer.Engine;

/// <summary>When a sequence arrived, was first scheduled, produced its first token and finished.</summary>
public sealed class RequestTimes
{
    public DateTimeOffset Arrival { get; internal set; }
    public DateTimeOffset? FirstScheduled { get; internal set; }
    public DateTimeOffset? FirstToken { get; internal set; }
    public DateTimeOffset? Finished { get; internal set; }
}
