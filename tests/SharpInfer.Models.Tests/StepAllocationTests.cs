using SharpInfer.Core;
using SharpInfer.Models.Quantization;
using SharpInfer.Tests;

namespace SharpInfer.Models.Tests;

/// <summary>
/// The step loop allocates nothing: no closures, delegates, pool jobs or layout arrays per forward pass. (MLA also
/// rents its per-chunk score rows from the shared array pool, which may allocate on whichever thread first needs a
/// larger row, so DeepSeek is not held to exactly zero here.)
/// </summary>
public sealed class StepAllocationTests
{
    /// <summary>The models' default (F16) cache, and float32 and BF16 ones.</summary>
    [Theory]
    [InlineData("tiny-qwen2", false, 17, DType.F16)]
    [InlineData("tiny-qwen3", false, 17, DType.F16)]
    [InlineData("tiny-qwen2", true, 17, DType.F16)]
    [InlineData("tiny-qwen2", false, 300, DType.F16)] // past the first softmax chunk: one sequence's attention splits by chunk
    [InlineData("tiny-qwen2", false, 17, DType.F32)]
    [InlineData("tiny-qwen2", false, 17, DType.BF16)]
    public void DecodeStepsAllocateNothingOnTheCallingThread(string name, bool w8a8, int warmUpSteps, DType kvCacheDType)
    {
        using var loaded = LoadedModel.Load(SharedData.Model(name), LoadFormat.Safetensors, quantization: w8a8 ? WeightQuantization.W8A8 : WeightQuantization.None);
        Assert.Equal(w8a8, loaded.Int8Matrices.Count > 0);
        var model = loaded.Model;
        const int blockSize = 16;
        var blocks = (warmUpSteps + 14 + blockSize - 1) / blockSize;
        var cache = model.CreateKvCache(blocks, blockSize, kvCacheDType);
        var scratch = model.CreateScratch();
        var logits = new float[model.Config.VocabSize];
        int[] token = [5], sequence = [0], logitRows = [0];
        var blockTable = Enumerable.Range(0, blocks).ToArray();
        var position = new int[1];
        void Step(int p)
        {
            position[0] = p;
            model.Forward(new ForwardBatch(token, position, sequence, blockTable, blocks, logitRows), cache, scratch, logits);
        }

        for (var p = 0; p < warmUpSteps; p++)
            Step(p); // warm-up: JIT, buffers, pools sized past the first block boundary
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var p = warmUpSteps; p < warmUpSteps + 14; p++)
            Step(p);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
    }
}
