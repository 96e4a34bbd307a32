using SharpInfer.Core;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// The shapes <c>bench latency</c> measures: one (--input-len, --output-len, --batch-size), or the grid of
/// --case-pairs × --batch-sizes (MindIE's "pure model" test), which is reported one row per shape.
/// </summary>
internal sealed record LatencyPlan(IReadOnlyList<BenchCase> Cases, bool Grid, bool FromCasePairs, int NumIters, int NumItersWarmup)
{
    /// <summary>vLLM's default batch size for <c>bench latency</c>.</summary>
    private const int DefaultBatchSize = 8;

    public static LatencyPlan From(int? inputLen, int? outputLen, int? batchSize, string? casePairs, string? batchSizes, int numIters, int numItersWarmup)
    {
        BenchOptions.Positive("--num-iters", numIters);
        if (numItersWarmup < 0)
            throw new UserErrorException($"--num-iters-warmup must be 0 or more (got {numItersWarmup})");
        if (casePairs is not null && (inputLen is not null || outputLen is not null))
            throw new UserErrorException("--case-pairs replaces --input-len and --output-len; give one or the other");
        if (batchSizes is not null && batchSize is not null)
            throw new UserErrorException("--batch-sizes replaces --batch-size; give one or the other");

        var pairs = casePairs is not null
            ? CaseLists.Pairs(casePairs)
            : [(BenchOptions.Positive("--input-len", inputLen), BenchOptions.Positive("--output-len", outputLen))];
        var sizes = batchSizes is not null
            ? CaseLists.BatchSizes(batchSizes)
            : [BenchOptions.Positive("--batch-size", batchSize ?? DefaultBatchSize)];
        var cases = pairs.SelectMany(p => sizes.Select(b => new BenchCase(p.Input, p.Output, b))).ToArray();
        return new LatencyPlan(cases, casePairs is not null || batchSizes is not null, casePairs is not null, numIters, numItersWarmup);
    }

    /// <summary>What to name, and what to suggest, when a shape is longer than the model allows.</summary>
    public (string Subject, string Fix) LengthFlags(BenchCase shape) => FromCasePairs
        ? ($"--case-pairs pair [{shape.InputLen},{shape.OutputLen}]", "lower that pair in --case-pairs")
        : ("--input-len + --output-len", "lower --input-len or --output-len");
}
