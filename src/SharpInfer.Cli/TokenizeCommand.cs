using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;
using SharpInfer.Templating;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli;

/// <summary>
/// <c>sharpinfer tokenize</c>: one JSON value per stdin line in, one JSON line out. A string encodes to
/// an id array (no special tokens added); with <c>--chat</c> a <c>{"messages", "add_generation_prompt",
/// "tools"}</c> object renders to <c>{"text", "ids"}</c>; with <c>--decode</c> an id array decodes to a string.
/// A bad line gets <c>{"error": ...}</c> and the rest still run; the exit code is then 2.
/// </summary>
internal static class TokenizeCommand
{
    public static Command Create(CliIo io)
    {
        var model = ModelFlags.Model();
        var chat = new Option<bool>("--chat") { Description = "Lines are chat requests rendered with the chat template." };
        var decode = new Option<bool>("--decode") { Description = "Lines are id arrays to decode." };
        var command = new Command("tokenize", "Encode, decode or render chat templates for JSON lines on stdin.") { model, chat, decode };
        command.SetAction(parse =>
        {
            if (parse.GetValue(chat) && parse.GetValue(decode))
                throw new UserErrorException("--chat and --decode cannot be combined");
            var directory = ModelFlags.ModelDirectory(parse.GetValue(model)!);
            var tokenizer = Tokenizer.FromDirectory(directory);
            var template = parse.GetValue(chat) ? ChatTemplate.FromDirectory(directory) : null;
            return Run(io, tokenizer, template, parse.GetValue(decode));
        });
        return command;
    }

    private static int Run(CliIo io, Tokenizer tokenizer, ChatTemplate? template, bool decode)
    {
        var failed = false;
        var lineNumber = 0;
        while (io.In.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                var input = ParseLine(line, lineNumber);
                var output = decode ? Decode(tokenizer, input, lineNumber)
                    : template is not null ? RenderChat(tokenizer, template, input, lineNumber)
                    : Encode(tokenizer, input, lineNumber);
                io.Out.WriteLine(output.ToJsonString(JsonOutput.Options));
            }
            catch (UserErrorException e)
            {
                failed = true;
                io.Error.WriteLine($"error: {e.Message}");
                io.Out.WriteLine(new JsonObject { ["error"] = e.Message }.ToJsonString(JsonOutput.Options));
            }
        }
        return failed ? CliApp.UserErrorExitCode : 0;
    }

    private static JsonNode? ParseLine(string line, int lineNumber)
    {
        try
        {
            return JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"stdin line {lineNumber}: not valid JSON ({e.Message})");
        }
    }

    private static JsonNode Encode(Tokenizer tokenizer, JsonNode? input, int lineNumber)
    {
        if (input is not JsonValue value || !value.TryGetValue<string>(out var text))
            throw new UserErrorException($"stdin line {lineNumber}: expected a JSON string to encode (use --chat for message objects, --decode for id arrays)");
        return IdArray(tokenizer.Encode(text));
    }

    private static JsonNode RenderChat(Tokenizer tokenizer, ChatTemplate template, JsonNode? input, int lineNumber)
    {
        if (input is not JsonObject request || request["messages"] is not JsonArray messages)
            throw new UserErrorException($"stdin line {lineNumber}: expected an object with a \"messages\" array");
        var addGenerationPrompt = request["add_generation_prompt"] is JsonValue flag && flag.TryGetValue<bool>(out var b) && b;
        var tools = request["tools"] as JsonArray;
        var extra = request.Where(p => p.Key is not ("messages" or "add_generation_prompt" or "tools"))
            .ToDictionary(p => p.Key, p => p.Value);
        var text = template.Render(messages, addGenerationPrompt, tools, extra);
        return new JsonObject { ["text"] = text, ["ids"] = IdArray(tokenizer.Encode(text)) };
    }

    private static JsonNode Decode(Tokenizer tokenizer, JsonNode? input, int lineNumber)
    {
        if (input is not JsonArray array)
            throw new UserErrorException($"stdin line {lineNumber}: expected a JSON array of token ids to decode");
        var ids = new int[array.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            if (array[i] is not JsonValue item || !item.TryGetValue<int>(out ids[i]) || ids[i] < 0 || ids[i] >= tokenizer.VocabSize)
                throw new UserErrorException($"stdin line {lineNumber}: item {i} is not a token id in 0..{tokenizer.VocabSize - 1}");
        }
        return JsonValue.Create(tokenizer.Decode(ids));
    }

    private static JsonArray IdArray(int[] ids)
    {
        var array = new JsonArray();
        foreach (var id in ids)
            array.Add(id);
        return array;
    }
}
