namespace SharpInfer.Engine;

internal enum SequenceStatus
{
    Waiting,
    Running,
    Finished,
}
