namespace SharpInfer.Cli.Tests.Eval;

/// <summary>stories260K (F32, trained, no chat template): tiny and fast.</summary>
public sealed class StoriesServer : InProcessServer
{
    public override string ModelName => "stories260K";
}
