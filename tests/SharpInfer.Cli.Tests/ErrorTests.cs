using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests;

/// <summary>User errors: one line on stderr naming the problem, exit code 2, never a stack trace.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sharpinfer-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertUserError(CliRunner.Result result, params string[] fragments)
    {
        Assert.Equal(2, result.ExitCode);
        var firstLine = result.Stderr.Split('\n')[0];
        Assert.StartsWith("error: ", firstLine);
        foreach (var fragment in fragments)
            Assert.Contains(fragment, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    private string CopyModel(string name)
    {
        var target = Path.Combine(_directory, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(SharedData.Model(name)))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    [Fact]
    public void MissingModelFolder() =>
        AssertUserError(CliRunner.Run("generate", "--model", Path.Combine(_directory, "nope"), "--prompt", "hi"), "nope");

    [Fact]
    public void UnknownFlag() => AssertUserError(CliRunner.Run("generate", "--model", "x", "--bogus"), "--bogus");

    [Fact]
    public void NoPromptGiven() =>
        AssertUserError(CliRunner.Run("generate", "--model", SharedData.Model("stories260K")), "--prompt");

    [Fact]
    public void PromptIdOutsideTheVocabulary() =>
        AssertUserError(CliRunner.Run("generate", "--model", SharedData.Model("stories260K"), "--prompt-ids", "1,99999"), "99999");

    [Fact]
    public void PromptLongerThanTheModel() =>
        AssertUserError(CliRunner.Run("generate", "--model", SharedData.Model("stories260K"), "--prompt-ids", "1", "--max-tokens", "600"), "--max-tokens");

    [Fact]
    public void UnsupportedModelType()
    {
        var model = CopyModel("stories260K");
        var config = Path.Combine(model, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"llama\"", "\"mamba\""));
        AssertUserError(CliRunner.Run("generate", "--model", model, "--prompt-ids", "1"), "mamba", "config.json");
    }

    [Fact]
    public void CorruptSafetensorsHeader()
    {
        var model = CopyModel("stories260K");
        var weights = Path.Combine(model, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[8] = (byte)'!';
        File.WriteAllBytes(weights, bytes);
        AssertUserError(CliRunner.Run("generate", "--model", model, "--prompt-ids", "1"), "model.safetensors");
    }

    [Fact]
    public void TruncatedSafetensorsFile()
    {
        var model = CopyModel("stories260K");
        var weights = Path.Combine(model, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length - 100)]);
        AssertUserError(CliRunner.Run("generate", "--model", model, "--prompt-ids", "1"), "model.safetensors", "truncated");
    }

    [Fact]
    public void MissingTensor()
    {
        var model = CopyModel("tiny-llama");
        var weights = Path.Combine(model, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToUInt64(bytes, 0));
        // Rename the tensor in place (same length) so the file stays valid but lm_head.weight is gone.
        var patched = header.Replace("\"lm_head.weight\"", "\"lm_head.weighx\"");
        System.Text.Encoding.UTF8.GetBytes(patched).CopyTo(bytes, 8);
        File.WriteAllBytes(weights, bytes);
        AssertUserError(CliRunner.Run("generate", "--model", model, "--prompt-ids", "1"), "lm_head.weight");
    }
}
