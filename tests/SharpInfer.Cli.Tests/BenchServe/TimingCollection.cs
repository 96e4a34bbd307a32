namespace SharpInfer.Cli.Tests.BenchServe;

/// <summary>Tests that compare measured times with known delays run alone, after the parallel ones, so other tests' CPU load does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
