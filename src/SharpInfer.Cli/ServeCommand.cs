using System.CommandLine;
using System.Globalization;
using SharpInfer.Core;
using Microsoft.Extensions.Hosting;
using SharpInfer.Server;
using SharpInfer.Server.Config;
using SharpInfer.Server.Reasoning;

namespace SharpInfer.Cli;

/// <summary>
/// <c>sharpinfer serve</c>: the OpenAI-compatible server; runs until SIGTERM / Ctrl+C. <c>--config</c> takes a
/// MindIE Service config.json so MindIE deployments move over unchanged; flags given explicitly beat the file.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliIo io)
    {
        var model = ModelFlags.Model();
        model.Required = false; // may come from --config (modelWeightPath); checked below
        var loadFormat = ModelFlags.LoadFormat();
        var quantization = ModelFlags.Quantization();
        var seed = new Option<ulong>("--seed") { Description = "Seed for dummy weights.", DefaultValueFactory = _ => 0UL };
        var hfOverrides = ModelFlags.HfOverrides();
        var host = new Option<string>("--host") { Description = "Address to listen on (MindIE: ipAddress).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on (MindIE: port).", DefaultValueFactory = _ => 8000 };
        var servedName = new Option<string?>("--served-model-name") { Description = "Model name clients use (default: the folder name; MindIE: modelName)." };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Also serve /metrics (only) on this port." };
        var sslCertFile = new Option<string?>("--ssl-certfile") { Description = "PEM certificate: serve HTTPS (with --ssl-keyfile)." };
        var sslKeyFile = new Option<string?>("--ssl-keyfile") { Description = "PEM private key of --ssl-certfile." };
        var apiKey = new Option<string?>("--api-key") { Description = "Require 'Authorization: Bearer KEY' on API routes." };
        var maxWaiting = new Option<int>("--max-waiting") { Description = "Waiting requests before new ones get 429.", DefaultValueFactory = _ => 1024 };
        var maxModelLen = new Option<int?>("--max-model-len", "--max-seq-len") { Description = "Longest prompt + output (default: from config.json; MindIE: maxSeqLen)." };
        var blockSize = EngineFlags.BlockSizeOption(128);
        var engineFlags = new EngineFlags();
        var config = new Option<string?>("--config") { Description = "MindIE Service config.json to read settings from; explicit flags override it." };
        var tokenTimeout = new Option<int?>("--token-timeout") { Description = "Abort a request whose next token takes longer, in seconds (MindIE: tokenTimeout)." };
        var e2eTimeout = new Option<int?>("--e2e-timeout") { Description = "Abort a request running longer in all, in seconds (MindIE: e2eTimeout)." };
        var maxConnections = new Option<int?>("--max-connections") { Description = "API requests handled at once before new ones get 429 (MindIE: maxLinkNum)." };
        var maxInputTokens = new Option<int?>("--max-input-tokens") { Description = "Longest prompt in tokens; longer ones get 400 (MindIE: maxInputTokenLen)." };
        var truncation = new Option<bool>("--truncation") { Description = "Keep the last tokens of over-long prompts instead of refusing them (MindIE: truncation)." };
        var reasoningParser = new Option<string?>("--reasoning-parser")
        {
            Description = $"Split chat output into reasoning_content and content: {string.Join(", ", ReasoningParsers.Supported)}.",
        };

        var command = new Command("serve", "Serve the model with an OpenAI-compatible HTTP API.")
        {
            model, loadFormat, hfOverrides, quantization, seed, host, port, metricsPort, servedName, apiKey, sslCertFile, sslKeyFile, maxWaiting, maxModelLen, blockSize,
            config, tokenTimeout, e2eTimeout, maxConnections, maxInputTokens, truncation, reasoningParser,
        };
        foreach (var option in engineFlags.All)
            command.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535)
                throw new UserErrorException($"--port must be in 0..65535 (got {portValue})");
            ReasoningParsers.Check(parse.GetValue(reasoningParser));
            var options = new ServeOptions
            {
                ModelDirectory = parse.GetValue(model) ?? "",
                LoadFormat = ModelFlags.ParseLoadFormat(parse.GetValue(loadFormat)!),
                Quantization = ModelFlags.ParseQuantization(parse.GetValue(quantization)),
                Seed = parse.GetValue(seed),
                HfOverrides = parse.GetValue(hfOverrides),
                Host = parse.GetValue(host)!,
                Port = portValue,
                MetricsPort = parse.GetValue(metricsPort),
                ServedModelName = parse.GetValue(servedName),
                ApiKey = parse.GetValue(apiKey),
                SslCertFile = parse.GetValue(sslCertFile),
                SslKeyFile = parse.GetValue(sslKeyFile),
                MaxWaiting = parse.GetValue(maxWaiting),
                MaxConnections = Positive(parse.GetValue(maxConnections), "--max-connections"),
                TokenTimeout = Seconds(parse.GetValue(tokenTimeout), "--token-timeout"),
                E2eTimeout = Seconds(parse.GetValue(e2eTimeout), "--e2e-timeout"),
                MaxInputTokens = Positive(parse.GetValue(maxInputTokens), "--max-input-tokens"),
                Truncation = parse.GetValue(truncation),
                ReasoningParser = parse.GetValue(reasoningParser),
                Engine = engineFlags.Read(parse, parse.GetValue(blockSize)) with { MaxModelLen = parse.GetValue(maxModelLen) },
            };
            if (parse.GetValue(config) is { } configPath)
            {
                var settings = MindIeConfig.Load(configPath);
                if (settings.Warning(configPath) is { } warning)
                    io.Error.WriteLine(warning);
                options = settings.ApplyTo(options, flag => command.Options.Any(o => o.Name == flag && parse.GetResult(o) is { Implicit: false }));
            }
            if (options.ModelDirectory.Length == 0)
                throw new UserErrorException("--model is required (or --config with BackendConfig.ModelDeployConfig.ModelConfig[0].modelWeightPath)");
            options = options with { ModelDirectory = ModelFlags.ModelDirectory(options.ModelDirectory) };
            // Listen first: while the model loads, clients get 503 "loading" rather than a refused connection.
            var slot = new ModelSlot();
            var app = OpenAiServer.Build(options, slot);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                throw new UserErrorException($"cannot listen on {options.Host}:{options.Port}: {e.Message} (choose another --port or --host)");
            }
            io.Error.WriteLine($"sharpinfer: listening on {string.Join(", ", app.Urls)}; loading {options.ModelDirectory} ...");
            ModelContext context;
            try
            {
                context = await Task.Run(() => ModelContext.Load(options), cancellationToken);
            }
            catch
            {
                await app.StopAsync(CancellationToken.None);
                throw;
            }
            await using (context)
            {
                slot.Set(context);
                io.Error.WriteLine($"sharpinfer: serving '{context.Name}' (max model len {context.MaxModelLen})");
                await app.WaitForShutdownAsync(cancellationToken);
            }
            return 0;
        });
        return command;
    }

    private static int? Positive(int? value, string flag) => value is null or > 0
        ? value
        : throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"{flag} must be a positive integer (got {value})"));

    private static TimeSpan? Seconds(int? value, string flag) => Positive(value, flag) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
}
