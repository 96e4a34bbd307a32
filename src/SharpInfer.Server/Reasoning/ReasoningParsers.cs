using SharpInfer.Core;

namespace SharpInfer.Server.Reasoning;

/// <summary>
/// The <c>--reasoning-parser</c> names this server knows (vLLM's names, so launch scripts carry over). Checked when
/// the server starts, so a typo fails at once instead of on the first chat request.
/// </summary>
public static class ReasoningParsers
{
    /// <summary>DeepSeek-R1 and its distills: <c>&lt;think&gt;...&lt;/think&gt;</c>, opening tag optional.</summary>
    public const string DeepSeekR1 = "deepseek_r1";

    public static IReadOnlyList<string> Supported { get; } = [DeepSeekR1];

    /// <summary>Throws a <see cref="UserErrorException"/> listing the supported names unless the name is one (or null).</summary>
    public static void Check(string? name)
    {
        if (name is not null && !Supported.Contains(name, StringComparer.Ordinal))
            throw new UserErrorException($"--reasoning-parser '{name}' is not supported; supported: {string.Join(", ", Supported)}");
    }

    /// <summary>A fresh parser for one choice, or null when the server runs without a reasoning parser.</summary>
    internal static ThinkTagParser? Create(string? name)
    {
        Check(name);
        return name is null ? null : new ThinkTagParser();
    }
}
