using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpInfer.Server.Config;

/// <summary>
/// MindIE's BackendConfig: the model (ModelDeployConfig.ModelConfig, exactly one, since one process serves one
/// model), sequence limits (maxSeqLen, maxInputTokenLen, truncation) and the scheduler (ScheduleConfig, whose
/// names the engine flags already accept as aliases).
/// </summary>
internal static class MindIeBackend
{
    public static MindIeSettings Read(ConfigSection backend, MindIeSettings settings, string? baseDirectory)
    {
        backend.UnsupportedIfPresent("npuDeviceIds");
        backend.UnsupportedWhen("modelInstanceNumber", MindIeConfig.MoreThanOne);
        backend.UnsupportedWhen("multiNodesInferEnabled", MindIeConfig.IsTrue);
        backend.Ignore(
            "backendName", "tokenizerProcessNumber", "multiNodesInferPort", "interNodeTLSEnabled", "interNodeTlsCaPath",
            "interNodeTlsCaFiles", "interNodeTlsCaFile", "interNodeTlsCert", "interNodeTlsPk", "interNodeTlsPkPwd",
            "interNodeTlsCrl", "interNodeTlsCrlPath", "interNodeTlsCrlFiles", "interNodeKmcKsfMaster", "interNodeKmcKsfStandby");
        if (backend.Section("ModelDeployConfig") is { } deploy)
            settings = ReadDeploy(deploy, settings, baseDirectory);
        if (backend.Section("ScheduleConfig") is { } schedule)
            settings = ReadSchedule(schedule, settings);
        backend.Done();
        return settings;
    }

    private static MindIeSettings ReadDeploy(ConfigSection deploy, MindIeSettings settings, string? baseDirectory)
    {
        settings = settings with
        {
            MaxModelLen = deploy.Int("maxSeqLen", 1),
            MaxInputTokens = deploy.Int("maxInputTokenLen", 1),
            Truncation = deploy.Raw("truncation") switch
            {
                null when !deploy.Has("truncation") => null,
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var mode) && mode is -1 or 0 or 1 => mode != 0,
                _ => throw deploy.Error("truncation", "must be true, false, -1, 0 or 1"),
            },
        };
        var model = deploy.Raw("ModelConfig") switch
        {
            null when !deploy.Has("ModelConfig") => null,
            JsonObject single => deploy.Child(single, deploy.PathOf("ModelConfig")),
            JsonArray { Count: 1 } list when list[0] is JsonObject first => deploy.Child(first, deploy.PathOf("ModelConfig") + "[0]"),
            JsonArray { Count: > 1 } list => throw deploy.Error("ModelConfig",
                $"lists {list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)} models; sharpinfer serves one model per process, so keep one entry"),
            _ => throw deploy.Error("ModelConfig", "must be a list holding one model object ({\"modelName\": ..., \"modelWeightPath\": ...})"),
        };
        if (model is not null)
            settings = ReadModel(model, settings, baseDirectory);
        deploy.UnsupportedWhen("LoraModules", n => n is not JsonArray { Count: 0 });
        deploy.Ignore("engineName");
        deploy.Done();
        return settings;
    }

    private static MindIeSettings ReadModel(ConfigSection model, MindIeSettings settings, string? baseDirectory)
    {
        var weights = model.String("modelWeightPath");
        if (weights is not null && baseDirectory is not null && !Path.IsPathRooted(weights))
            weights = Path.GetFullPath(Path.Combine(baseDirectory, weights));
        settings = settings with { ServedModelName = model.String("modelName"), ModelDirectory = weights };
        model.UnsupportedWhen("modelInstanceType", n => !(n is JsonValue v && v.TryGetValue<string>(out var type) && type == "Standard"));
        model.UnsupportedWhen("worldSize", MindIeConfig.MoreThanOne);
        model.UnsupportedWhen("plugin_params", n => !(n is JsonValue v && v.TryGetValue<string>(out var p) && p.Length == 0));
        model.Ignore("cpuMemSize", "npuMemSize", "backendType", "trustRemoteCode", "kv_trans_timeout", "kv_link_timeout", "async_scheduler_wait_time");
        model.Done();
        return settings;
    }

    private static MindIeSettings ReadSchedule(ConfigSection schedule, MindIeSettings settings)
    {
        var delay = schedule.Int("maxQueueDelayMicroseconds", 0);
        settings = settings with
        {
            BlockSize = schedule.Int("cacheBlockSize", 16, 128),
            MaxPrefillBatchSize = schedule.Int("maxPrefillBatchSize", 0),
            MaxNumBatchedTokens = schedule.Int("maxPrefillTokens", 1),
            MaxNumSeqs = schedule.Int("maxBatchSize", 1),
            MaxQueueDelay = delay is { } us ? TimeSpan.FromMicroseconds(us) : null,
            MaxPreemptCount = schedule.Int("maxPreemptCount", 0),
            EnablePrefixCaching = schedule.Bool("enablePrefixCache"),
        };
        // maxIterTimes caps every request's output in MindIE; here only max_tokens and the context length do.
        schedule.UnsupportedIfPresent("maxIterTimes");
        schedule.UnsupportedWhen("supportSelectBatch", MindIeConfig.IsTrue);
        schedule.Ignore(
            "templateType", "templateName", "prefillTimeMsPerReq", "prefillPolicyType", "decodeTimeMsPerReq",
            "decodePolicyType", "maxFirstTokenWaitTime", "maxN");
        schedule.Done();
        return settings;
    }
}
