namespace SharpInfer.Cli.Eval;

/// <summary>One scored task (an MMLU subject, GSM8K, ...); <see cref="Group"/> names the table it is printed in.</summary>
internal abstract record EvalTask(string Name, string Group, int NumFewshot)
{
    public abstract int Count { get; }
}
