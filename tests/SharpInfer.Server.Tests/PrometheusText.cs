using System.Globalization;

namespace SharpInfer.Server.Tests;

/// <summary>Samples of a Prometheus text exposition, keyed by <c>name{labels}</c>.</summary>
internal static class PrometheusText
{
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
                continue;
            var space = line.LastIndexOf(' ');
            Assert.True(space > 0, "not a sample line: " + line);
            samples[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return samples;
    }

    /// <summary>The value of <paramref name="name"/> with exactly the model_name label (plus any extra labels given).</summary>
    public static double Value(IReadOnlyDictionary<string, double> samples, string name, string model, string extraLabels = "")
    {
        var key = $"{name}{{model_name=\"{model}\"{extraLabels}}}";
        Assert.True(samples.TryGetValue(key, out var value), $"missing sample {key}; have: {string.Join(", ", samples.Keys)}");
        return value;
    }

    public static async Task<IReadOnlyDictionary<string, double>> ScrapeAsync(HttpClient http)
    {
        var response = await Api.GetAsync(http, "/metrics");
        response.AssertOk();
        return Parse(response.Body);
    }
}
