using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Server.Config;

/// <summary>
/// Reads a MindIE Service <c>config.json</c> (ServerConfig, BackendConfig.ModelDeployConfig/ScheduleConfig) so a
/// MindIE deployment can switch to <c>sharpinfer serve --config</c> unchanged. Settings with an equivalent here are
/// mapped; settings that only steer MindIE internals (logs, TLS file paths when HTTPS is off, scheduler heuristics
/// with no counterpart) are skipped quietly; settings that ask for behaviour this server lacks (HTTPS, separate
/// management/metrics ports, NPU placement, multi-node, maxIterTimes...) and unknown keys are collected for one
/// warning. A value of the wrong type or range is an error naming its JSON path.
/// </summary>
public static class MindIeConfig
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads the file; a relative modelWeightPath is taken relative to the file's folder.</summary>
    public static MindIeSettings Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"--config '{path}' cannot be read: {e.Message}");
        }
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Maps the config text; <paramref name="file"/> names it in messages.</summary>
    public static MindIeSettings Parse(string json, string file, string? baseDirectory = null)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: Lenient);
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{file}: not valid JSON: {e.Message}");
        }
        if (node is not JsonObject obj || !(obj.ContainsKey("ServerConfig") || obj.ContainsKey("BackendConfig")))
            throw new UserErrorException($"{file}: not a MindIE Service config (expected an object with ServerConfig and BackendConfig)");
        var root = new ConfigSection(obj, file);
        root.Ignore("Version", "LogConfig", "EnableDynamicAdjustTimeoutConfig");
        var settings = new MindIeSettings();
        if (root.Section("ServerConfig") is { } server)
            settings = ReadServer(server, settings);
        if (root.Section("BackendConfig") is { } backend)
            settings = MindIeBackend.Read(backend, settings, baseDirectory);
        root.Done();
        return settings with { Unsupported = [.. root.Unsupported] };
    }

    internal static bool IsTrue(JsonNode node) => node.GetValueKind() == JsonValueKind.True;

    /// <summary>A count above one (or not a count at all): asks for more than one process, device or model.</summary>
    internal static bool MoreThanOne(JsonNode node) => !(node is JsonValue v && v.TryGetValue<int>(out var n) && n <= 1);

    private static MindIeSettings ReadServer(ConfigSection server, MindIeSettings settings)
    {
        var port = server.Int("port", 0, 65535);
        var requestMegabytes = server.Int("maxRequestLength", 1);
        settings = settings with
        {
            Host = server.String("ipAddress"),
            Port = port,
            MaxConnections = server.Int("maxLinkNum", 1),
            TokenTimeout = Seconds(server.Int("tokenTimeout", 1)),
            E2eTimeout = Seconds(server.Int("e2eTimeout", 1)),
            MaxRequestBodyBytes = requestMegabytes * 1024L * 1024L,
        };
        // /metrics can also be served on a port of its own; a separate management port is not honoured.
        var metricsPort = server.Int("metricsPort", 0, 65535);
        if (metricsPort is not null && metricsPort != port)
            settings = settings with { MetricsPort = metricsPort };
        var managementPort = server.Int("managementPort", 0, 65535);
        if (managementPort is not null && managementPort != port)
            server.UnsupportedWhen("managementPort", _ => true);
        server.UnsupportedWhen("httpsEnabled", IsTrue);
        server.UnsupportedWhen("fullTextEnabled", IsTrue);
        server.UnsupportedWhen("distDPServerEnabled", IsTrue);
        server.UnsupportedWhen("inferMode", n => !(n is JsonValue v && v.TryGetValue<string>(out var mode) && mode == "standard"));
        server.Ignore(
            "managementIpAddress", "allowAllZeroIpListening", "openAiSupport", "HealthCheckConfig", "kmcKsfMaster", "kmcKsfStandby",
            "tlsCaPath", "tlsCaFile", "tlsCert", "tlsPk", "tlsPkPwd", "tlsCrl", "tlsCrlPath", "tlsCrlFiles",
            "managementTlsCaFile", "managementTlsCert", "managementTlsPk", "managementTlsPkPwd", "managementTlsCrl",
            "managementTlsCrlPath", "managementTlsCrlFiles", "metricsTlsCaFile", "metricsTlsCert", "metricsTlsPk",
            "metricsTlsPkPwd", "metricsTlsCrlPath", "metricsTlsCrlFiles", "interCommTLSEnabled", "interCommPort",
            "interCommTlsCaPath", "interCommTlsCaFiles", "interCommTlsCert", "interCommPk", "interCommPkPwd",
            "interCommTlsCrl", "interCommTlsCrlPath", "interCommTlsCrlFiles");
        server.Done();
        return settings;
    }

    private static TimeSpan? Seconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
