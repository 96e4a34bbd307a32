namespace SharpInfer.Server.Tests;

/// <summary>A stories260K server that refuses request bodies over 1 KB.</summary>
public sealed class SmallBodyServerFixture : ServerFixture
{
    public const long Limit = 1024;

    protected override string ModelFolder => "stories260K";

    protected override ServeOptions Configure(ServeOptions options) => options with { MaxRequestBodyBytes = Limit };
}
