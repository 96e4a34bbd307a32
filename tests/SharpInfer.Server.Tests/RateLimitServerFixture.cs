using SharpInfer.Engine;

namespace SharpInfer.Server.Tests;

/// <summary>
/// A tiny-qwen2 server (slow enough per token that a long request stays running) that runs one sequence at a
/// time and lets one request wait: a third concurrent request gets 429.
/// </summary>
public sealed class RateLimitServerFixture : ServerFixture
{
    protected override string ModelFolder => "tiny-qwen2";

    protected override ServeOptions Configure(ServeOptions options) =>
        options with { MaxWaiting = 1, Engine = options.Engine with { MaxNumSeqs = 1 } };
}
