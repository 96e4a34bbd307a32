namespace SharpInfer.Server.Tests;

/// <summary>A server for stories260K (F32, no chat template): tiny and fast.</summary>
public sealed class StoriesServerFixture : ServerFixture
{
    protected override string ModelFolder => "stories260K";
}
