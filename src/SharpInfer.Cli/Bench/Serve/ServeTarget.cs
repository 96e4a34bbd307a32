using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>The server under test as the benchmark addresses it: its model name, the tokenizer, and the prompts.</summary>
internal sealed record ServeTarget(string Model, string TokenizerId, Tokenizer Tokenizer)
{
    /// <summary>Asks the server for its model when <c>--model</c> is absent, and loads the tokenizer.</summary>
    public static async Task<ServeTarget> ResolveAsync(ServeBenchConfig config, CancellationToken cancellationToken)
    {
        var model = config.Model ?? await FirstServedModelAsync(config, cancellationToken);
        var tokenizerPath = config.TokenizerPath ?? (Directory.Exists(model) ? model : null)
            ?? throw new UserErrorException($"no tokenizer: '{model}' is not a folder; pass --tokenizer with the model's tokenizer folder (tokenizer.json)");
        if (!Directory.Exists(tokenizerPath))
            throw new UserErrorException($"--tokenizer '{tokenizerPath}' is not a folder; pass the folder holding tokenizer.json");
        return new ServeTarget(model, tokenizerPath, Tokenization.Tokenizer.FromDirectory(Path.GetFullPath(tokenizerPath)));
    }

    /// <summary>The prompts for one run; <paramref name="seed"/> differs per sweep point so no point reuses another's prompts from a prefix cache.</summary>
    public IReadOnlyList<BenchPrompt> Prompts(ServeBenchConfig config, int count, int seed) => config.DatasetName switch
    {
        "random" => RandomDataset.Sample(Tokenizer, count, config.RandomInputLen, config.RandomOutputLen, config.RandomRangeRatio, config.RandomPrefixLen, new Random(seed)),
        "sharegpt" => ShareGptDataset.Sample(config.DatasetPath!, Tokenizer, count, config.ShareGptOutputLen, new Random(seed)),
        _ => JsonlDataset.Sample(config.DatasetPath!, Tokenizer, count, config.RandomOutputLen),
    };

    public OpenAiStreamClient Client(ServeBenchConfig config) => new(config.Url, config.Chat, Model, config.ApiKey, config.IgnoreEos, Tokenizer);

    private static async Task<string> FirstServedModelAsync(ServeBenchConfig config, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        if (config.ApiKey is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.ApiKey);
        var url = new Uri(config.BaseUrl, "v1/models");
        try
        {
            var body = await http.GetStringAsync(url, cancellationToken);
            if (JsonNode.Parse(body)?["data"] is JsonArray { Count: > 0 } data && data[0]?["id"] is JsonValue id && id.TryGetValue<string>(out var name))
                return name;
            throw new UserErrorException($"{url} lists no model; pass --model");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            throw new UserErrorException($"cannot ask {url} for its model ({e.Message}); is the server up? Or pass --model");
        }
    }
}
