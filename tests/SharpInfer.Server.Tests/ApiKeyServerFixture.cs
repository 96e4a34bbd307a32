namespace SharpInfer.Server.Tests;

/// <summary>A stories260K server that requires <c>Authorization: Bearer test-key</c> on /v1 routes.</summary>
public sealed class ApiKeyServerFixture : ServerFixture
{
    public const string Key = "test-key";

    protected override string ModelFolder => "stories260K";

    protected override ServeOptions Configure(ServeOptions options) => options with { ApiKey = Key };
}
