using System.Collections.Concurrent;
using SharpInfer.Tests;

namespace SharpInfer.Tokenization.Tests;

/// <summary>Tokenizers from ../shared, loaded once per test run (Qwen's has 151k merges).</summary>
internal static class SharedTokenizers
{
    private static readonly ConcurrentDictionary<string, Tokenizer> Cache = new();

    /// <summary>Fixture name (qwen2.5, smollm2, stories260K) → folder holding its tokenizer.json.</summary>
    public static string Folder(string name) => name == "stories260K" ? SharedData.Model(name) : SharedData.Path("tokenizers", name);

    public static Tokenizer Get(string name) => Cache.GetOrAdd(name, n => Tokenizer.FromDirectory(Folder(n)));

    public static Tokenizer ForModel(string model) => Cache.GetOrAdd("model:" + model, _ => Tokenizer.FromDirectory(SharedData.Model(model)));
}
