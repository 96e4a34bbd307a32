using System.Text.Encodings.Web;
using System.Text.Json;

namespace SharpInfer.Cli;

/// <summary>JSON as the CLI prints it: compact, with non-ASCII text written as is.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
