using System.Text.Json.Nodes;

namespace SharpInfer.Tests;

/// <summary>One case of ../shared/fixtures/&lt;model&gt;.json, from an independent float32 reference.</summary>
internal sealed record ReferenceCase(
    string Model, int Index, string Kind, string? Prompt, JsonArray? Messages, string? Rendered,
    int[] PromptIds, int[] GreedyIds, (int Id, double Logprob)[][] StepTops, double[] PromptLogprobs)
{
    /// <summary>Allowed log-probability error: float32 weights match tightly; BF16/F16 weights loosely.</summary>
    public double Tolerance => Model == "stories260K" ? 1e-4 : 3e-2;

    public override string ToString() => $"{Model}#{Index}";

    /// <summary>The fixture models whose architectures are implemented.</summary>
    public static readonly string[] SupportedModels = ["stories260K", "tiny-qwen2", "tiny-qwen3", "tiny-llama", "tiny-deepseek-v3", "tiny-deepseek-v2-lite"];

    /// <summary>(model, case index) for every case of <see cref="SupportedModels"/>, as xunit theory data.</summary>
    public static TheoryData<string, int> AllCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var model in SupportedModels)
        {
            foreach (var c in Load(model))
                data.Add(model, c.Index);
        }
        return data;
    }

    public static IReadOnlyList<ReferenceCase> Load(string model)
    {
        var root = JsonNode.Parse(File.ReadAllText(SharedData.Path("fixtures", model + ".json")))!;
        var cases = new List<ReferenceCase>();
        var index = 0;
        foreach (var c in root["cases"]!.AsArray())
        {
            cases.Add(new ReferenceCase(
                model, index++, (string)c!["kind"]!, (string?)c["prompt"], c["messages"]?.AsArray(), (string?)c["rendered"],
                Ints(c["prompt_ids"]!), Ints(c["greedy_ids"]!),
                c["steps"]!.AsArray().Select(s => s!["top"]!.AsArray().Select(t => ((int)t![0]!, (double)t[1]!)).ToArray()).ToArray(),
                c["prompt_logprobs"]!.AsArray().Select(v => (double)v!).ToArray()));
        }
        return cases;
    }

    private static int[] Ints(JsonNode node) => node.AsArray().Select(v => (int)v!).ToArray();
}
