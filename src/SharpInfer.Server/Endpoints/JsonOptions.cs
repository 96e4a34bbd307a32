using System.Text.Encodings.Web;
using System.Text.Json;

namespace SharpInfer.Server.Endpoints;

internal static class JsonOptions
{
    /// <summary>Compact output that keeps non-ASCII text readable (as OpenAI and vLLM do).</summary>
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
