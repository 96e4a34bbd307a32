using SharpInfer.Core;
using SharpInfer.Engine;
using SharpInfer.Server.Config;

namespace SharpInfer.Server.Tests;

/// <summary>
/// <c>serve --config</c>: a MindIE Service config.json mapped onto ServeOptions and EngineConfig, the one warning
/// naming what is not honoured, errors naming the JSON path of a bad value, and flags beating the file.
/// </summary>
public sealed class MindIeConfigTests : IDisposable
{
    /// <summary>Shaped like MindIE's shipped conf/config.json (single node, HTTPS off), with a comment as seen in the wild.</summary>
    private const string Sample = """
        {
          "Version" : "1.0.0",
          "LogConfig" : { "logLevel" : "Info", "logFileSize" : 20, "logFileNum" : 20, "logPath" : "logs/mindservice.log" },
          "ServerConfig" : {
            "ipAddress" : "0.0.0.0", "managementIpAddress" : "127.0.0.2", "port" : 1025, "managementPort" : 1026, "metricsPort" : 1027,
            "allowAllZeroIpListening" : true, "maxLinkNum" : 300, "httpsEnabled" : false, "fullTextEnabled" : false,
            "tlsCaPath" : "security/ca/", "tlsCaFile" : ["ca.pem"], "tlsCert" : "security/certs/server.pem", "tlsPk" : "security/keys/server.key.pem",
            "tlsPkPwd" : "security/pass/key_pwd.txt", "tlsCrlPath" : "security/certs/", "tlsCrlFiles" : ["server_crl.pem"],
            "inferMode" : "standard", "interCommTLSEnabled" : true, "interCommPort" : 1121, "openAiSupport" : "vllm",
            "tokenTimeout" : 600, "e2eTimeout" : 3600
          },
          "BackendConfig" : {
            "backendName" : "mindieservice_llm_engine", "modelInstanceNumber" : 1, "npuDeviceIds" : [[0,1,2,3]], "tokenizerProcessNumber" : 8,
            "multiNodesInferEnabled" : false, "multiNodesInferPort" : 1120, "interNodeTLSEnabled" : false,
            "ModelDeployConfig" : {
              "maxSeqLen" : 2560, "maxInputTokenLen" : 2048, "truncation" : false,
              "ModelConfig" : [{ "modelInstanceType" : "Standard", "modelName" : "qwen2.5-0.5b", "modelWeightPath" : "/data/weights/Qwen2.5-0.5B-Instruct",
                                 "worldSize" : 4, "cpuMemSize" : 5, "npuMemSize" : -1, "backendType" : "atb", "trustRemoteCode" : false }]
            },
            "ScheduleConfig" : {
              "templateType" : "Standard", "templateName" : "Standard_LLM", "cacheBlockSize" : 128, "maxPrefillBatchSize" : 50, // 3
              "maxPrefillTokens" : 8192, "prefillTimeMsPerReq" : 150, "prefillPolicyType" : 0, "decodeTimeMsPerReq" : 50, "decodePolicyType" : 0,
              "maxBatchSize" : 200, "maxIterTimes" : 512, "maxPreemptCount" : 0, "supportSelectBatch" : false, "maxQueueDelayMicroseconds" : 5000
            }
          }
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("sharpinfer-mindie-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ServeOptions Defaults => new() { ModelDirectory = "" };

    private string Write(string json)
    {
        var path = Path.Combine(_directory, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>The sample with one text replaced, checked to be there, so a test cannot silently miss its target.</summary>
    private static string Edit(string from, string to)
    {
        Assert.Contains(from, Sample, StringComparison.Ordinal);
        return Sample.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void RealisticConfigMapsOntoServeOptionsAndEngine()
    {
        var options = MindIeConfig.Load(Write(Sample)).ApplyTo(Defaults, _ => false);

        Assert.Equal("/data/weights/Qwen2.5-0.5B-Instruct", options.ModelDirectory);
        Assert.Equal("qwen2.5-0.5b", options.ServedModelName);
        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(1025, options.Port);
        Assert.Equal(1027, options.MetricsPort);
        Assert.Equal(300, options.MaxConnections);
        Assert.Equal(TimeSpan.FromSeconds(600), options.TokenTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3600), options.E2eTimeout);
        Assert.Equal(2048, options.MaxInputTokens);
        Assert.False(options.Truncation);
        Assert.Equal(new EngineConfig
        {
            BlockSize = 128, MaxNumSeqs = 200, MaxNumBatchedTokens = 8192, MaxPrefillBatchSize = 50,
            MaxQueueDelay = TimeSpan.FromMicroseconds(5000), MaxPreemptCount = 0, MaxModelLen = 2560,
        }, options.Engine);
        Assert.Equal(Defaults.MaxRequestBodyBytes, options.MaxRequestBodyBytes); // maxRequestLength absent: unchanged
    }

    [Fact]
    public void UnsupportedFieldsAreNamedInOneWarningLine()
    {
        var path = Write(Sample);
        var warning = MindIeConfig.Load(path).Warning(path);

        Assert.Equal(
            $"warning: {path}: ignoring MindIE settings sharpinfer does not support: ServerConfig.managementPort, " +
            "BackendConfig.npuDeviceIds, BackendConfig.ModelDeployConfig.ModelConfig[0].worldSize, BackendConfig.ScheduleConfig.maxIterTimes",
            warning);
    }

    [Fact]
    public void ValuesAskingForMissingFeaturesAndUnknownKeysAreWarnedAbout()
    {
        var json = Edit("\"httpsEnabled\" : false", "\"httpsEnabled\" : true, \"someFutureKey\" : 1")
            .Replace("\"multiNodesInferEnabled\" : false", "\"multiNodesInferEnabled\" : true", StringComparison.Ordinal)
            .Replace("\"supportSelectBatch\" : false", "\"supportSelectBatch\" : true", StringComparison.Ordinal);
        var unsupported = MindIeConfig.Parse(json, "c.json").Unsupported;

        string[] expected = ["ServerConfig.httpsEnabled", "ServerConfig.someFutureKey", "BackendConfig.multiNodesInferEnabled", "BackendConfig.ScheduleConfig.supportSelectBatch"];
        Assert.Superset(expected.ToHashSet(), unsupported.ToHashSet());
        Assert.DoesNotContain(unsupported, p => p.Contains("tls", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void AConfigEverythingOfWhichIsHonouredGivesNoWarning()
    {
        const string json = """{"ServerConfig": {"port": 9000, "managementPort": 9000, "httpsEnabled": false}, "BackendConfig": {"modelInstanceNumber": 1}}""";
        Assert.Null(MindIeConfig.Parse(json, "c.json").Warning("c.json"));
    }

    [Theory]
    [InlineData("\"maxBatchSize\" : 200", "\"maxBatchSize\" : -3", "BackendConfig.ScheduleConfig.maxBatchSize must be a positive integer (got -3)")]
    [InlineData("\"maxBatchSize\" : 200", "\"maxBatchSize\" : \"200\"", "BackendConfig.ScheduleConfig.maxBatchSize must be a positive integer (got \"200\")")]
    [InlineData("\"port\" : 1025", "\"port\" : -1", "ServerConfig.port must be an integer in 0..65535 (got -1)")]
    [InlineData("\"port\" : 1025", "\"port\" : 70000", "ServerConfig.port must be an integer in 0..65535 (got 70000)")]
    [InlineData("\"ipAddress\" : \"0.0.0.0\"", "\"ipAddress\" : 127", "ServerConfig.ipAddress must be a non-empty string (got 127)")]
    [InlineData("\"maxLinkNum\" : 300", "\"maxLinkNum\" : 0", "ServerConfig.maxLinkNum must be a positive integer (got 0)")]
    [InlineData("\"tokenTimeout\" : 600", "\"tokenTimeout\" : 1.5", "ServerConfig.tokenTimeout must be a positive integer (got 1.5)")]
    [InlineData("\"cacheBlockSize\" : 128", "\"cacheBlockSize\" : 8", "BackendConfig.ScheduleConfig.cacheBlockSize must be an integer in 16..128 (got 8)")]
    [InlineData("\"maxQueueDelayMicroseconds\" : 5000", "\"maxQueueDelayMicroseconds\" : -1", "BackendConfig.ScheduleConfig.maxQueueDelayMicroseconds must be a non-negative integer (got -1)")]
    [InlineData("\"maxSeqLen\" : 2560", "\"maxSeqLen\" : null", "BackendConfig.ModelDeployConfig.maxSeqLen must be a positive integer (got null)")]
    [InlineData("\"truncation\" : false", "\"truncation\" : 2", "BackendConfig.ModelDeployConfig.truncation must be true, false, -1, 0 or 1 (got 2)")]
    [InlineData("\"modelName\" : \"qwen2.5-0.5b\"", "\"modelName\" : \"\"", "BackendConfig.ModelDeployConfig.ModelConfig[0].modelName must be a non-empty string (got \"\")")]
    [InlineData("\"ScheduleConfig\" : {", "\"ScheduleConfig\" : 5, \"x\" : {", "BackendConfig.ScheduleConfig must be an object (got 5)")]
    public void InvalidValuesAreErrorsNamingTheirJsonPath(string from, string to, string message)
    {
        var e = Assert.Throws<UserErrorException>(() => MindIeConfig.Parse(Edit(from, to), "conf.json"));
        Assert.Equal("conf.json: " + message, e.Message);
    }

    [Theory]
    [InlineData("[]"), InlineData("\"qwen\""), InlineData("[\"qwen\"]"), InlineData("[{\"modelName\": \"a\"}, {\"modelName\": \"b\"}]")]
    public void ModelConfigMustHoldExactlyOneModel(string modelConfig)
    {
        var json = """{"BackendConfig": {"ModelDeployConfig": {"ModelConfig": """ + modelConfig + "}}}";
        var e = Assert.Throws<UserErrorException>(() => MindIeConfig.Parse(json, "c.json"));
        Assert.StartsWith("c.json: BackendConfig.ModelDeployConfig.ModelConfig ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASingleModelObjectAndARelativeWeightPathAreAccepted()
    {
        var path = Write("""{"BackendConfig": {"ModelDeployConfig": {"ModelConfig": {"modelName": "m", "modelWeightPath": "weights/m"}}}}""");
        var settings = MindIeConfig.Load(path);
        Assert.Equal(Path.Combine(_directory, "weights", "m"), settings.ModelDirectory);
        Assert.Equal("m", settings.ServedModelName);
    }

    [Theory]
    [InlineData("true", true), InlineData("-1", true), InlineData("1", true), InlineData("0", false), InlineData("false", false)]
    public void TruncationTakesMindIesBooleanAndIntegerForms(string value, bool expected)
    {
        var settings = MindIeConfig.Parse(Edit("\"truncation\" : false", "\"truncation\" : " + value), "c.json");
        Assert.Equal(expected, settings.ApplyTo(Defaults, _ => false).Truncation);
    }

    [Fact]
    public void PrefillBatchSizeZeroMeansNoSeparateLimit() => Assert.Null(MindIeConfig
        .Parse(Edit("\"maxPrefillBatchSize\" : 50", "\"maxPrefillBatchSize\" : 0"), "c.json")
        .ApplyTo(Defaults with { Engine = new EngineConfig { MaxPrefillBatchSize = 7 } }, _ => false).Engine.MaxPrefillBatchSize);

    [Fact]
    public void ExplicitFlagsBeatTheFileAndDefaultsDoNot()
    {
        var cli = Defaults with
        {
            ModelDirectory = "/cli/model", Port = 8080, MaxInputTokens = 100, Truncation = false,
            Engine = new EngineConfig { MaxNumSeqs = 4, BlockSize = 16, MaxModelLen = 1024 },
        };
        string[] given = ["--model", "--port", "--max-num-seqs", "--truncation", "--max-model-len"];
        var options = MindIeConfig.Parse(Edit("\"truncation\" : false", "\"truncation\" : true"), "c.json").ApplyTo(cli, given.Contains);

        // Given flags keep their values...
        Assert.Equal(("/cli/model", 8080, false, 4, (int?)1024), (options.ModelDirectory, options.Port, options.Truncation, options.Engine.MaxNumSeqs, options.Engine.MaxModelLen));
        // ...flags left at their defaults (--host, --max-input-tokens, --block-size) give way to the file.
        Assert.Equal(("0.0.0.0", (int?)2048, 128), (options.Host, options.MaxInputTokens, options.Engine.BlockSize));
    }

    [Theory]
    [InlineData("{\"architectures\": [\"Qwen2ForCausalLM\"]}", "not a MindIE Service config")]
    [InlineData("{\"ServerConfig\": {\"port\": 1025,", "not valid JSON")]
    public void FilesThatAreNotMindIeConfigsAreErrors(string json, string message)
    {
        var path = Write(json);
        var e = Assert.Throws<UserErrorException>(() => MindIeConfig.Load(path));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsAUserError() =>
        Assert.StartsWith("--config '", Assert.Throws<UserErrorException>(() => MindIeConfig.Load(Path.Combine(_directory, "absent.json"))).Message, StringComparison.Ordinal);
}
