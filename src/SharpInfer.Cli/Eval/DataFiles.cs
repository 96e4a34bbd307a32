using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>Locating a task's files under --data-dir, with errors that name the expected layout.</summary>
internal static class DataFiles
{
    private static readonly string[] SplitSuffixes = ["_test", "_dev", "_val", "_validation"];

    /// <summary>The files of a split folder (sorted by name), or an error naming the layout.</summary>
    public static IReadOnlyList<string> InFolder(string folder, string layout, params string[] extensions)
    {
        var files = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
            : [];
        return files.Count > 0 ? files : throw new UserErrorException($"no {string.Join(" or ", extensions)} files in {folder}; expected {layout} (see README, eval)");
    }

    /// <summary>The subject of a per-subject file: its name without extension and split suffix ("anatomy_test.csv" → "anatomy").</summary>
    public static string Subject(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        foreach (var suffix in SplitSuffixes)
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal))
                return stem[..^suffix.Length];
        }
        return stem;
    }

    /// <summary>The file in <paramref name="folder"/> for a subject, whatever its suffix, or null.</summary>
    public static string? ForSubject(string folder, string subject, params string[] extensions) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && Subject(f) == subject)
                .Order(StringComparer.Ordinal).FirstOrDefault()
            : null;

    /// <summary>The few-shot examples: the first <paramref name="count"/> of the split, or an error when it has fewer.</summary>
    public static IReadOnlyList<T> FirstShots<T>(IReadOnlyList<T>? split, int count, string what)
    {
        if (count == 0)
            return [];
        if (split is null || split.Count < count)
            throw new UserErrorException($"{what}: {count}-shot needs {count} few-shot examples but {(split is null ? "the few-shot file is missing" : $"only {split.Count} are there")}; add them or pass a smaller --num-fewshot");
        return split.Take(count).ToList();
    }
}
