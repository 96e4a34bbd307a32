namespace SharpInfer.Engine.Scheduling;

/// <summary>What the scheduler decided for one step: the model runner's only input.</summary>
internal sealed record SchedulerOutput(IReadOnlyList<ScheduledSequence> Scheduled, int NumPreempted)
{
    public int NumBatchedTokens => Scheduled.Sum(s => s.NumNewTokens);

    public bool IsEmpty => Scheduled.Count == 0;
}
