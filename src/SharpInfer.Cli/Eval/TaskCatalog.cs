using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>--tasks: gsm8k, mmlu (or mmlu_&lt;subject&gt;), ceval (or ceval-valid, ceval-valid_&lt;subject&gt;), boolq, aime.</summary>
internal static class TaskCatalog
{
    public const string Known = "gsm8k, mmlu, mmlu_<subject>, ceval (ceval-valid), ceval-valid_<subject>, boolq, aime";

    public static IReadOnlyList<EvalTask> Load(string tasks, TaskOptions options)
    {
        var names = tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            throw new UserErrorException($"--tasks is empty; name one or more of {Known}");
        var loaded = new List<EvalTask>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            loaded.AddRange(name switch
            {
                Gsm8kTask.Name => [Gsm8kTask.Load(options)],
                AimeTask.Name => [AimeTask.Load(options)],
                BoolqTask.Name => [BoolqTask.Load(options)],
                MmluTask.Name => MmluTask.Load(options, null),
                "ceval" or CevalTask.Name => CevalTask.Load(options, null),
                _ when name.StartsWith("mmlu_", StringComparison.Ordinal) => MmluTask.Load(options, name["mmlu_".Length..]),
                _ when name.StartsWith(CevalTask.Name + "_", StringComparison.Ordinal) => CevalTask.Load(options, name[(CevalTask.Name.Length + 1)..]),
                _ => throw new UserErrorException($"unknown task '{name}' in --tasks; known: {Known}"),
            });
        }
        return loaded;
    }
}
