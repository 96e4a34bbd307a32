using SharpInfer.Engine.Scheduling;

namespace SharpInfer.Engine.Execution;

/// <summary>Runs one scheduled step. The real runner drives the model; tests substitute a fake without weights.</summary>
internal interface IModelRunner
{
    int VocabSize { get; }

    ModelRunnerOutput Execute(SchedulerOutput scheduled);
}
