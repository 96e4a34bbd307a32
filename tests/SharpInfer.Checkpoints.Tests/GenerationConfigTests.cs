using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

public sealed class GenerationConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private GenerationConfig? Read(string json)
    {
        _dir.Write("generation_config.json", json);
        return HfConfigReader.ReadGenerationConfig(_dir.Path);
    }

    [Fact]
    public void AbsentFileGivesNull() => Assert.Null(HfConfigReader.ReadGenerationConfig(_dir.Path));

    [Fact]
    public void SingleEosId() => Assert.Equal([2], Read("{\"eos_token_id\": 2}")!.EosTokenIds);

    [Fact]
    public void EosIdListAndSamplingDefaults()
    {
        var g = Read("{\"bos_token_id\": 128000, \"eos_token_id\": [128001, 128008, 128009], \"do_sample\": true, " +
                     "\"temperature\": 0.6, \"top_p\": 0.9, \"top_k\": 20, \"repetition_penalty\": 1.05, \"max_new_tokens\": 256, " +
                     "\"transformers_version\": \"4.45.0\"}")!;
        Assert.Equal(128000, g.BosTokenId);
        Assert.Equal([128001, 128008, 128009], g.EosTokenIds);
        Assert.True(g.DoSample);
        Assert.Equal(0.6, g.Temperature);
        Assert.Equal(0.9, g.TopP);
        Assert.Equal(20, g.TopK);
        Assert.Equal(1.05, g.RepetitionPenalty);
        Assert.Equal(256, g.MaxNewTokens);
    }

    [Fact]
    public void MissingFieldsStayUnset()
    {
        var g = Read("{}")!;
        Assert.Null(g.BosTokenId);
        Assert.Empty(g.EosTokenIds);
        Assert.Null(g.DoSample);
        Assert.Null(g.TopK);
    }

    [Theory]
    [InlineData("{\"temperature\": \"hot\"}", "'temperature' must be a number")]
    [InlineData("{\"eos_token_id\": \"2\"}", "'eos_token_id' must be an integer")]
    [InlineData("{\"top_k\": ", "not valid JSON")]
    public void BadFieldNamesFileAndField(string json, string expected)
    {
        var e = Assert.Throws<UserErrorException>(() => Read(json));
        Assert.StartsWith($"generation_config.json ({_dir.File("generation_config.json")}): ", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
