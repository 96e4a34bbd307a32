using System.Globalization;
using SharpInfer.Core;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// <c>--goodput ttft:MS tpot:MS e2el:MS</c>: a request is good when it meets every objective given (vLLM's
/// request goodput counts successful requests whose TTFT, TPOT and E2EL are all at most the limits).
/// </summary>
internal sealed record GoodputSlo(double? TtftMs, double? TpotMs, double? E2elMs)
{
    public static GoodputSlo? Parse(IReadOnlyList<string>? items)
    {
        if (items is null || items.Count == 0)
            return null;
        double? ttft = null, tpot = null, e2el = null;
        foreach (var item in items)
        {
            var parts = item.Split(':');
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) || !(ms >= 0))
                throw new UserErrorException($"--goodput '{item}' is not METRIC:MILLISECONDS (e.g. ttft:500 tpot:50 e2el:10000)");
            switch (parts[0])
            {
                case "ttft": ttft = ms; break;
                case "tpot": tpot = ms; break;
                case "e2el": e2el = ms; break;
                default: throw new UserErrorException($"--goodput '{item}': metric '{parts[0]}' is not one of ttft, tpot, e2el");
            }
        }
        return new GoodputSlo(ttft, tpot, e2el);
    }

    public bool Meets(RequestOutput output) =>
        output.Success
        && (TtftMs is not { } ttft || output.Ttft * 1000 <= ttft)
        && (TpotMs is not { } tpot || output.Tpot * 1000 <= tpot)
        && (E2elMs is not { } e2el || output.Latency * 1000 <= e2el);
}
