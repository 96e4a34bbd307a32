namespace SharpInfer.Engine.Tests;

/// <summary>An engine over <see cref="FakeModelRunner"/>: scheduler and KV cache for real, no weights.</summary>
internal static class FakeEngine
{
    public const int Vocab = 50;

    public static (LlmEngine Engine, FakeModelRunner Runner) Create(
        int numBlocks = 16, int blockSize = 4, Func<EngineConfig, EngineConfig>? configure = null,
        int[]? eosIds = null, TimeProvider? time = null)
    {
        var config = new EngineConfig { BlockSize = blockSize, MaxNumBatchedTokens = 64, MaxModelLen = numBlocks * blockSize };
        config = (configure is null ? config : configure(config)).Resolve(numBlocks * blockSize);
        var runner = new FakeModelRunner(Vocab, numBlocks, blockSize);
        return (new LlmEngine(runner, config, numBlocks, eosIds ?? [], time ?? TimeProvider.System), runner);
    }

    public static EngineRequest Request(string id, int[] prompt, int maxTokens = 4, int n = 1, int priority = 0) =>
        new(id, prompt, new SamplingParams { Temperature = 0, MaxTokens = maxTokens, N = n }, priority);

    /// <summary>What the fake model generates for a prompt run alone.</summary>
    public static int[] SoloOutput(int[] prompt, int maxTokens)
    {
        var tokens = prompt.ToList();
        for (var i = 0; i < maxTokens; i++)
            tokens.Add(FakeModelRunner.NextToken(tokens, Vocab));
        return tokens.Skip(prompt.Length).ToArray();
    }

    public static int[] Prompt(int length, int seed = 0) => Enumerable.Range(0, length).Select(i => (i * 7 + seed * 13 + 1) % Vocab).ToArray();
}
