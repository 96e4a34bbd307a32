using System.Text.Encodings.Web;
using System.Text.Json;
using SharpInfer.Engine;

namespace SharpInfer.Cli;

/// <summary>
/// The <c>generate --json</c> document:
/// <c>{"prompt_ids":[..],"token_ids":[..],"text":"..","logprobs":[{"token":ID,"logprob":X,"top":[[ID,X],..]}],"prompt_logprobs":[null,X,..]}</c>.
/// </summary>
internal static class GenerateJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JsonOutput.Options.Encoder };

    public static void Write(TextWriter output, IReadOnlyList<int> promptIds, CompletionResult result, string text)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            WriteIds(json, "prompt_ids", promptIds);
            WriteIds(json, "token_ids", result.TokenIds);
            json.WriteString("text", text);
            json.WritePropertyName("logprobs");
            WriteLogprobs(json, result.Logprobs);
            json.WritePropertyName("prompt_logprobs");
            if (result.PromptLogprobs is { } prompt)
                WritePromptLogprobs(json, prompt);
            else
                json.WriteNullValue();
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteIds(Utf8JsonWriter json, string name, IReadOnlyList<int> ids)
    {
        json.WriteStartArray(name);
        foreach (var id in ids)
            json.WriteNumberValue(id);
        json.WriteEndArray();
    }

    private static void WriteLogprobs(Utf8JsonWriter json, IReadOnlyList<TokenLogprob> logprobs)
    {
        json.WriteStartArray();
        foreach (var step in logprobs)
        {
            json.WriteStartObject();
            json.WriteNumber("token", step.TokenId);
            json.WriteNumber("logprob", step.Logprob);
            json.WriteStartArray("top");
            foreach (var (id, logprob) in step.Top)
            {
                json.WriteStartArray();
                json.WriteNumberValue(id);
                json.WriteNumberValue(logprob);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WritePromptLogprobs(Utf8JsonWriter json, IReadOnlyList<float?> logprobs)
    {
        json.WriteStartArray();
        foreach (var value in logprobs)
        {
            if (value is { } v)
                json.WriteNumberValue(v);
            else
                json.WriteNullValue();
        }
        json.WriteEndArray();
    }
}
