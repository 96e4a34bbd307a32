using SharpInfer.Tests;

namespace SharpInfer.Models.Tests;

public sealed class LlamaModelTests
{
    [Theory]
    [InlineData("tiny-qwen2")]
    [InlineData("tiny-qwen3")]
    [InlineData("tiny-llama")]
    public void PrefillInChunksGivesBitwiseTheSameLogits(string modelName)
    {
        using var loaded = LoadedModel.Load(SharedData.Model(modelName), LoadFormat.Safetensors);
        var model = loaded.Model;
        var vocab = model.Config.VocabSize;
        int[] prompt = [785, 3974, 13876, 38835, 34208, 916, 279];
        int[] positions = [0, 1, 2, 3, 4, 5, 6];

        var whole = new float[vocab];
        model.Forward(new ForwardBatch(prompt, positions, [prompt.Length - 1]), model.CreateKvCache(16), whole);

        var chunked = new float[vocab];
        var cache = model.CreateKvCache(16);
        model.Forward(new ForwardBatch(prompt.AsSpan(0, 3), positions.AsSpan(0, 3), [2]), cache, chunked);
        for (var i = 3; i < prompt.Length; i++)
            model.Forward(new ForwardBatch(prompt.AsSpan(i, 1), positions.AsSpan(i, 1), [0]), cache, chunked);

        Assert.Equal(whole, chunked);
    }

    [Fact]
    public void DummyWeightsRunAtTheConfiguredShape()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("tiny-qwen3"), LoadFormat.Dummy);
        var logits = new float[loaded.Config.VocabSize];
        loaded.Model.Forward(new ForwardBatch([1, 2, 3], [0, 1, 2], [2]), loaded.Model.CreateKvCache(4), logits);
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(logits, v => v != 0);
    }

    [Fact]
    public void TokenOutsideTheVocabularyIsAUserError()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("stories260K"), LoadFormat.Safetensors);
        var logits = new float[loaded.Config.VocabSize];
        var error = Assert.Throws<Core.UserErrorException>(() =>
            loaded.Model.Forward(new ForwardBatch([512], [0], [0]), loaded.Model.CreateKvCache(4), logits));
        Assert.Contains("512", error.Message);
    }

    [Fact]
    public void PositionPastTheCacheIsAUserError()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("stories260K"), LoadFormat.Safetensors);
        var logits = new float[loaded.Config.VocabSize];
        var error = Assert.Throws<Core.UserErrorException>(() =>
            loaded.Model.Forward(new ForwardBatch([1], [4], [0]), loaded.Model.CreateKvCache(4), logits));
        Assert.Contains("maximum model length", error.Message);
    }
}
