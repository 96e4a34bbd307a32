using System.CommandLine;
using SharpInfer.Core;
using SharpInfer.Engine.Scheduling;

namespace SharpInfer.Cli.Tests;

/// <summary>vLLM's flag names and MindIE's ScheduleConfig names configure the same engine.</summary>
public sealed class EngineFlagsTests
{
    private static Engine.EngineConfig Parse(params string[] args)
    {
        var flags = new EngineFlags();
        var blockSize = EngineFlags.BlockSizeOption(128);
        var command = new RootCommand { blockSize };
        foreach (var option in flags.All)
            command.Add(option);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return flags.Read(parse, parse.GetValue(blockSize));
    }

    [Fact]
    public void DefaultsFollowMindIeBlocksAndVllmLimits()
    {
        var config = Parse();
        Assert.Equal(128, config.BlockSize);
        Assert.Equal(256, config.MaxNumSeqs);
        Assert.Equal(2048, config.MaxNumBatchedTokens);
        Assert.True(config.EnablePrefixCaching);
        Assert.True(config.EnableChunkedPrefill);
        Assert.Equal(SchedulingPolicy.Fcfs, config.Policy);
    }

    [Fact]
    public void VllmNamesAndMindIeNamesMeanTheSame()
    {
        var vllm = Parse("--block-size", "64", "--max-num-seqs", "8", "--max-num-batched-tokens", "512");
        var mindie = Parse("--cache-block-size", "64", "--max-batch-size", "8", "--max-prefill-tokens", "512");
        Assert.Equal(vllm, mindie);
    }

    [Fact]
    public void SchedulingFlagsReachTheConfig()
    {
        var config = Parse(
            "--max-prefill-batch-size", "4", "--max-queue-delay-microseconds", "2500", "--max-preempt-count", "1",
            "--scheduling-policy", "priority", "--no-enable-prefix-caching", "--no-enable-chunked-prefill", "--kv-cache-memory", "1048576");
        Assert.Equal(4, config.MaxPrefillBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(2.5), config.MaxQueueDelay);
        Assert.Equal(1, config.MaxPreemptCount);
        Assert.Equal(SchedulingPolicy.Priority, config.Policy);
        Assert.False(config.EnablePrefixCaching);
        Assert.False(config.EnableChunkedPrefill);
        Assert.Equal(1048576, config.KvCacheMemoryBytes);
    }

    [Theory]
    [InlineData("--block-size", "8", "--block-size")]
    [InlineData("--block-size", "256", "16..128")]
    [InlineData("--scheduling-policy", "lifo", "fcfs or priority")]
    [InlineData("--max-queue-delay-microseconds", "-1", "negative")]
    public void BadValuesNameTheFlag(string flag, string value, string expected)
    {
        var error = Assert.Throws<UserErrorException>(() => Parse(flag, value));
        Assert.Contains(expected, error.Message);
    }
}
