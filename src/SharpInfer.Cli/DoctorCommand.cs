using System.CommandLine;
using System.Globalization;
using SharpInfer.Core;
using SharpInfer.Kernels;
using SharpInfer.Models;

namespace SharpInfer.Cli;

/// <summary>
/// <c>sharpinfer doctor</c>: what this machine gives the CPU backend (CPU, cores, instruction sets, measured
/// memory bandwidth) and, for <c>--model</c>, the bytes each decoded token reads and the resulting roofline.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliIo io)
    {
        var model = new Option<string?>("--model") { Description = "Also report this model folder's parameters, bytes per decoded token and decode roofline." };
        var loadFormat = ModelFlags.LoadFormat();
        var hfOverrides = ModelFlags.HfOverrides();
        var command = new Command("doctor", "Report the CPU, its measured memory bandwidth and a model's decode roofline.") { model, loadFormat, hfOverrides };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(model) is { } path ? ModelFlags.ModelDirectory(path) : null;
            return Run(io, directory, ModelFlags.ParseLoadFormat(parse.GetValue(loadFormat)!), parse.GetValue(hfOverrides));
        });
        return command;
    }

    private static int Run(CliIo io, string? modelDirectory, LoadFormat loadFormat, string? hfOverrides)
    {
        var cpu = CpuInfo.Read();
        Line(io, $"CPU: {cpu.ModelName}, {Environment.ProcessorCount} logical cores available to this process");
        Line(io, $"instruction sets (.NET): {string.Join(", ", CpuFeatures.Instructions.Select(i => $"{i.Name} {(i.Supported ? "yes" : "no")}"))}");
        if (cpu.UnusedFlags.Count > 0)
            Line(io, $"CPU also has (not exposed by .NET 10): {string.Join(", ", cpu.UnusedFlags)}");
        Line(io, $"kernel path: {CpuFeatures.KernelPath}");
        Line(io, $"kernel threads: {ParallelRows.Placement}");
        io.Error.WriteLine("measuring memory bandwidth...");
        var bandwidth = MemoryBandwidth.MeasureReadGBps();
        Line(io, $"memory read bandwidth: {bandwidth:F1} GB/s ({Environment.ProcessorCount} threads, best of {MemoryBandwidth.DefaultPasses} passes over {MemoryBandwidth.DefaultMegabytes} MiB)");
        if (modelDirectory is null)
            return 0;

        using var loaded = LoadedModel.Load(modelDirectory, loadFormat, hfOverrides: hfOverrides);
        var m = loaded.Model;
        var footprint = ModelFootprint.Of(loaded.Config);
        var bytes = m.WeightBytesPerToken;
        Line(io, $"model: {Path.GetFileName(modelDirectory)} ({loaded.Config.ModelType}, {(loadFormat == LoadFormat.Dummy ? "dummy " : "")}{WeightDType(loaded)} weights), {footprint.TotalParameters / 1e6:F1}M parameters, {footprint.ActiveParameters / 1e6:F1}M read per token");
        Line(io, $"weights read per decoded token: {bytes / 1e9:F3} GB ({bytes} bytes, packed for the kernels, lm_head included)");
        Line(io, $"decode roofline: {bandwidth * 1e9 / bytes:F1} tokens/s at batch 1 ({bandwidth:F1} GB/s ÷ {bytes / 1e9:F3} GB)");
        if (loaded.Config.Mla is not null)
            Line(io, $"MLA latent cache: {footprint.KvBytesPerToken} bytes per token in float32, against {footprint.FullAttentionKvBytesPerToken} for per-head keys and values");
        else
            Line(io, $"KV cache per token: {m.KvBytesPerBlock(1, DType.F32)} bytes (float32), {m.KvBytesPerBlock(1, DType.F16)} bytes (float16 or bfloat16); --kv-cache-dtype auto: {m.DefaultKvCacheDType.TorchName()}");
        return 0;
    }

    private static string WeightDType(LoadedModel loaded) => (loaded.Config.TorchDtype ?? DType.BF16).SafetensorsName();

    private static void Line(CliIo io, FormattableString text) => io.Out.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
