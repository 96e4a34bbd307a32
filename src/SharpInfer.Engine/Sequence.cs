using SharpInfer.Engine.KvCache;
using SharpInfer.Engine.Sampling;

namespace SharpInfer.Engine;

/// <summary>
/// One generated completion: its tokens (prompt then output), how many of them have keys and values in
/// the cache, the blocks holding them, and its own sampler. There are no phases: a sequence is "prefilling"
/// simply while <see cref="NumComputedTokens"/> is well behind <see cref="NumTokens"/>.
/// </summary>
internal sealed class Sequence(int seqId, EngineRequest request, int index, long arrivalOrder, IReadOnlySet<int> stopIds, SequenceSampler? sampler)
{
    public int SeqId { get; } = seqId;
    public EngineRequest Request { get; } = request;

    /// <summary>Which of the request's <c>n</c> completions this is.</summary>
    public int Index { get; } = index;

    /// <summary>Submission order; ties in the waiting queue and preemption choices are decided by it.</summary>
    public long ArrivalOrder { get; } = arrivalOrder;

    public IReadOnlySet<int> StopIds { get; } = stopIds;
    public SequenceSampler? Sampler { get; } = sampler;
    public SamplingParams Sampling => Request.Sampling;

    public List<int> TokenIds { get; } = [.. request.PromptTokenIds];
    public int NumPromptTokens { get; } = request.PromptTokenIds.Count;
    public int NumTokens => TokenIds.Count;
    public int NumOutputTokens => TokenIds.Count - NumPromptTokens;
    public int NumComputedTokens { get; set; }

    public SequenceStatus Status { get; set; } = SequenceStatus.Waiting;
    public FinishReason? FinishReason { get; set; }

    /// <summary>The block table: block i holds positions [i·blockSize, (i+1)·blockSize).</summary>
    public List<KvBlock> Blocks { get; } = [];

    /// <summary>Chained hashes of this sequence's full blocks, computed on demand (tokens never change).</summary>
    public List<UInt128> BlockHashes { get; } = [];

    /// <summary>Full blocks already published to the prefix cache.</summary>
    public int NumRegisteredBlocks { get; set; }

    /// <summary>Prompt tokens found in the prefix cache at first admission.</summary>
    public int NumCachedTokens { get; set; }

    public int NumPreemptions { get; set; }

    /// <summary>log p(prompt[j] | prompt[..j]); entry 0 is null. Filled chunk by chunk when requested.</summary>
    public List<float?>? PromptLogprobs { get; } = request.Sampling.PromptLogprobs ? [null] : null;

    public ReadOnlySpan<int> PromptSpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(TokenIds)[..NumPromptTokens];
    public ReadOnlySpan<int> OutputSpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(TokenIds)[NumPromptTokens..];

    public RequestTimes Times { get; } = new();

    public override string ToString() => $"{Request.RequestId}#{Index} ({NumComputedTokens}/{NumTokens})";
}
