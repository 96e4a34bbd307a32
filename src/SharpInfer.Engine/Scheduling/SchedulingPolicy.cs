namespace SharpInfer.Engine.Scheduling;

/// <summary>Which waiting request goes first, and which running one is preempted last.</summary>
public enum SchedulingPolicy
{
    /// <summary>First come, first served.</summary>
    Fcfs,

    /// <summary>Lower <see cref="EngineRequest.Priority"/> first, then arrival order.</summary>
    Priority,
}
