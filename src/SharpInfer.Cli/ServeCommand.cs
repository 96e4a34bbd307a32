using System.CommandLine;
using SharpInfer.Core;
using Microsoft.Extensions.Hosting;
using SharpInfer.Server;

namespace SharpInfer.Cli;

/// <summary><c>sharpinfer serve</c>: the OpenAI-compatible server; runs until SIGTERM / Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create(CliIo io)
    {
        var model = ModelFlags.Model();
        var loadFormat = ModelFlags.LoadFormat();
        var seed = new Option<ulong>("--seed") { Description = "Seed for dummy weights.", DefaultValueFactory = _ => 0UL };
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => 8000 };
        var servedName = new Option<string?>("--served-model-name") { Description = "Model name clients use (default: the folder name)." };
        var apiKey = new Option<string?>("--api-key") { Description = "Require 'Authorization: Bearer KEY' on API routes." };
        var maxWaiting = new Option<int>("--max-waiting") { Description = "Waiting requests before new ones get 429.", DefaultValueFactory = _ => 1024 };
        var maxModelLen = new Option<int?>("--max-model-len", "--max-seq-len") { Description = "Longest prompt + output (default: from config.json)." };
        var blockSize = EngineFlags.BlockSizeOption(128);
        var engineFlags = new EngineFlags();

        var command = new Command("serve", "Serve the model with an OpenAI-compatible HTTP API.")
        {
            model, loadFormat, seed, host, port, servedName, apiKey, maxWaiting, maxModelLen, blockSize,
        };
        foreach (var option in engineFlags.All)
            command.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535)
                throw new UserErrorException($"--port must be in 0..65535 (got {portValue})");
            var options = new ServeOptions
            {
                ModelDirectory = ModelFlags.ModelDirectory(parse.GetValue(model)!),
                LoadFormat = ModelFlags.ParseLoadFormat(parse.GetValue(loadFormat)!),
                Seed = parse.GetValue(seed),
                Host = parse.GetValue(host)!,
                Port = portValue,
                ServedModelName = parse.GetValue(servedName),
                ApiKey = parse.GetValue(apiKey),
                MaxWaiting = parse.GetValue(maxWaiting),
                Engine = engineFlags.Read(parse, parse.GetValue(blockSize)) with { MaxModelLen = parse.GetValue(maxModelLen) },
            };
            io.Error.WriteLine($"sharpinfer: loading {options.ModelDirectory} ...");
            await using var context = ModelContext.Load(options);
            var app = OpenAiServer.Build(options, context);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                throw new UserErrorException($"cannot listen on {options.Host}:{options.Port}: {e.Message} (choose another --port or --host)");
            }
            io.Error.WriteLine($"sharpinfer: serving '{context.Name}' on {string.Join(", ", app.Urls)} (max model len {context.MaxModelLen})");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
