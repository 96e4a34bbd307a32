using SharpInfer.Core;

namespace SharpInfer.Tokenization.Tests;

/// <summary>Bad tokenizer files give one-line errors naming the file and the field.</summary>
public sealed class TokenizerFileErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sharpinfer-tok-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string ValidModel = """{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}""";

    [Fact]
    public void MissingTokenizerJsonSaysWhatIsNeeded()
    {
        var error = Assert.Throws<UserErrorException>(() => Tokenizer.FromDirectory(_directory));
        Assert.Contains("tokenizer.json", error.Message);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void MissingFolderIsReported()
    {
        var error = Assert.Throws<UserErrorException>(() => Tokenizer.FromDirectory(Path.Combine(_directory, "nope")));
        Assert.Contains("does not exist", error.Message);
    }

    [Theory]
    [InlineData("{\"model\": ", "not valid JSON")]
    [InlineData("[]", "no \"model\" section")]
    [InlineData("{\"model\":{\"type\":\"Unigram\",\"vocab\":[]}}", "model type 'Unigram' is not supported")]
    [InlineData("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[\"a z\"]}}", "model.merges[0]: token \"z\" is not in the vocabulary")]
    [InlineData("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[\"abc\"]}}", "model.merges[0]: expected")]
    [InlineData("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":-3},\"merges\":[]}}", "has id -3")]
    [InlineData("{\"normalizer\":{\"type\":\"BertNormalizer\"},\"model\":" + ValidModel + "}", "normalizer type 'BertNormalizer' is not supported")]
    [InlineData("{\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(\"},\"behavior\":\"Isolated\"},\"model\":" + ValidModel + "}", "is not supported by .NET regular expressions")]
    [InlineData("{\"decoder\":{\"type\":\"WordPiece\"},\"model\":" + ValidModel + "}", "decoder type 'WordPiece' is not supported")]
    [InlineData("{\"added_tokens\":[{\"content\":\"x\"}],\"model\":" + ValidModel + "}", "added_tokens[0]: \"id\" must be")]
    public void MalformedFilesNameTheProblem(string json, string expected)
    {
        var path = Path.Combine(_directory, "tokenizer.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<UserErrorException>(() => Tokenizer.FromDirectory(_directory));

        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AMinimalFileWorks()
    {
        File.WriteAllText(Path.Combine(_directory, "tokenizer.json"), "{\"model\":" + ValidModel + "}");
        var tokenizer = Tokenizer.FromDirectory(_directory);
        Assert.Equal([2, 0], tokenizer.Encode("aba"));
        Assert.Equal("ab a", tokenizer.Decode([2, 0])); // no decoder: tokens joined by spaces, as in HF
    }
}
