using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Core;
using SharpInfer.Engine;
using SharpInfer.Models;
using SharpInfer.Templating;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli;

/// <summary><c>sharpinfer generate</c>: one prompt in, tokens (and optionally log-probabilities) out.</summary>
internal static class GenerateCommand
{
    public static Command Create(CliIo io)
    {
        var model = ModelFlags.Model();
        var loadFormat = ModelFlags.LoadFormat();
        var hfOverrides = ModelFlags.HfOverrides();
        var quantization = ModelFlags.Quantization();
        var prompt = new Option<string?>("--prompt") { Description = "Prompt text, encoded without special tokens." };
        var promptIds = new Option<string?>("--prompt-ids") { Description = "Prompt as comma-separated token ids, e.g. 1,2,3." };
        var chat = new Option<string?>("--chat") { Description = "A user message, rendered with the model's chat template." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Maximum tokens to generate.", DefaultValueFactory = _ => 16 };
        var temperature = new Option<float>("--temperature") { Description = "0 = greedy; higher samples more freely.", DefaultValueFactory = _ => 0f };
        var seed = new Option<ulong>("--seed") { Description = "Seed for sampling and for dummy weights.", DefaultValueFactory = _ => 0UL };
        var logprobs = new Option<int>("--logprobs") { Description = "Report the top K log-probabilities per generated token.", DefaultValueFactory = _ => 0 };
        var promptLogprobs = new Option<bool>("--prompt-logprobs") { Description = "Report log p(prompt token | earlier tokens)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var maxModelLen = new Option<int?>("--max-model-len") { Description = "Longest prompt + output allowed (default: from config.json)." };

        var command = new Command("generate", "Generate a continuation of one prompt.")
        {
            model, loadFormat, hfOverrides, quantization, prompt, promptIds, chat, maxTokens, temperature, seed, logprobs, promptLogprobs, json, maxModelLen,
        };
        command.SetAction(parse => Execute(io, new GenerateRequest(
            ModelFlags.ModelDirectory(parse.GetValue(model)!),
            ModelFlags.ParseLoadFormat(parse.GetValue(loadFormat)!),
            ModelFlags.ParseQuantization(parse.GetValue(quantization)),
            parse.GetValue(prompt), parse.GetValue(promptIds), parse.GetValue(chat),
            parse.GetValue(maxTokens), parse.GetValue(temperature), parse.GetValue(seed),
            parse.GetValue(logprobs), parse.GetValue(promptLogprobs), parse.GetValue(json), parse.GetValue(maxModelLen),
            parse.GetValue(hfOverrides))));
        return command;
    }

    private static int Execute(CliIo io, GenerateRequest request)
    {
        request.Validate();
        var tokenizer = Tokenizer.FromDirectory(request.ModelDirectory);
        var promptIds = PromptIds(request, tokenizer);

        using var loaded = LoadedModel.Load(request.ModelDirectory, request.LoadFormat, request.Seed, request.Quantization, request.HfOverrides);
        var maxModelLength = request.MaxModelLength ?? loaded.MaxModelLength;
        if (promptIds.Length + request.MaxTokens > maxModelLength)
            throw new UserErrorException(
                $"prompt ({promptIds.Length} tokens) + --max-tokens ({request.MaxTokens}) exceeds the maximum model length of {maxModelLength}; lower --max-tokens, shorten the prompt or raise --max-model-len");

        var sampling = new SamplingParams
        {
            MaxTokens = request.MaxTokens,
            Temperature = request.Temperature,
            Seed = request.Seed,
            Logprobs = request.Logprobs,
            PromptLogprobs = request.PromptLogprobs,
        };
        // One sequence: a KV cache of exactly its length, in small blocks.
        const int blockSize = 16;
        var length = promptIds.Length + request.MaxTokens;
        var engine = new LlmEngine(loaded, new EngineConfig
        {
            BlockSize = blockSize,
            MaxModelLen = length,
            KvCacheMemoryBytes = (length + blockSize - 1) / blockSize * loaded.Model.KvBytesPerBlock(blockSize, DType.F32),
        });
        var engineRequest = new EngineRequest("generate", promptIds, sampling);
        if (request.Json)
        {
            var result = engine.Generate([engineRequest])[0];
            GenerateJson.Write(io.Out, promptIds, result, tokenizer.Decode(result.TokenIds, skipSpecialTokens: true));
            return 0;
        }

        var detokenizer = tokenizer.CreateDetokenizer(promptIds, skipSpecialTokens: true);
        var stopwatch = Stopwatch.StartNew();
        var firstToken = TimeSpan.Zero;
        var streamed = engine.Generate([engineRequest], output =>
        {
            if (firstToken == TimeSpan.Zero)
                firstToken = stopwatch.Elapsed;
            foreach (var token in output.NewTokenIds)
                io.Out.Write(detokenizer.Append(token));
            io.Out.Flush();
        })[0];
        io.Out.WriteLine(detokenizer.Flush());
        var decodeSeconds = (stopwatch.Elapsed - firstToken).TotalSeconds;
        var decoded = streamed.TokenIds.Count - 1;
        var decodeRate = decoded > 0 ? string.Create(CultureInfo.InvariantCulture, $", decode {decoded / decodeSeconds:F1} tokens/s") : "";
        io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load {loaded.LoadTime.TotalSeconds:F2} s | prompt {promptIds.Length} tokens, first token after {firstToken.TotalMilliseconds:F0} ms | {streamed.TokenIds.Count} tokens{decodeRate}"));
        return 0;
    }

    private static int[] PromptIds(GenerateRequest request, Tokenizer tokenizer)
    {
        if (request.Prompt is { } text)
            return tokenizer.Encode(text);
        if (request.PromptIds is { } ids)
            return ParseIds(ids, tokenizer.VocabSize);
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = request.Chat });
        var rendered = ChatTemplate.FromDirectory(request.ModelDirectory).Render(messages, addGenerationPrompt: true);
        return tokenizer.Encode(rendered);
    }

    private static int[] ParseIds(string text, int vocabSize)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ids = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], out ids[i]) || ids[i] < 0 || ids[i] >= vocabSize)
                throw new UserErrorException($"--prompt-ids: '{parts[i]}' (item {i + 1}) is not a token id in 0..{vocabSize - 1}");
        }
        if (ids.Length == 0)
            throw new UserErrorException("--prompt-ids is empty; give comma-separated token ids such as 1,2,3");
        return ids;
    }
}
