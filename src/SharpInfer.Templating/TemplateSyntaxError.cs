using SharpInfer.Core;

namespace SharpInfer.Templating;

/// <summary>Builds the user-facing exception for a malformed template, naming line and column.</summary>
internal static class TemplateSyntaxError
{
    public static UserErrorException At(int line, int column, string problem) =>
        new($"chat template syntax error at line {line}, column {column}: {problem}");
}
