using System.Globalization;
using System.Net;
using System.Text;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>Minimal charts as inline SVG (no scripts, no network): histograms and line charts with axes.</summary>
internal static class SvgChart
{
    private const int Width = 640, Height = 320, Left = 60, Right = 20, Top = 30, Bottom = 45;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

    /// <summary>One line of a line chart; <see cref="Labels"/>, when given, annotates each point.</summary>
    public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points, bool Step = false, IReadOnlyList<string>? Labels = null);

    public static string Histogram(string title, string xLabel, IReadOnlyList<double> values, int bins = 30)
    {
        if (values.Count == 0)
            return Empty(title);
        double min = values.Min(), max = values.Max();
        var width = max > min ? (max - min) / bins : 1;
        var counts = new int[bins];
        foreach (var value in values)
            counts[Math.Min(bins - 1, (int)((value - min) / width))]++;
        var svg = Open(title, xLabel, "requests / gaps", min, min + width * bins, 0, counts.Max());
        for (var i = 0; i < bins; i++)
        {
            var x0 = X(min + i * width, min, min + width * bins);
            var x1 = X(min + (i + 1) * width, min, min + width * bins);
            var y = Y(counts[i], 0, counts.Max());
            svg.Append(Invariant($"<rect x=\"{x0:F1}\" y=\"{y:F1}\" width=\"{Math.Max(0.5, x1 - x0 - 1):F1}\" height=\"{Height - Bottom - y:F1}\" fill=\"{Colors[0]}\"><title>{counts[i]}</title></rect>"));
        }
        return svg.Append("</svg>").ToString();
    }

    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<Series> series)
    {
        var points = series.SelectMany(s => s.Points).ToArray();
        if (points.Length == 0)
            return Empty(title);
        double x0 = Math.Min(0, points.Min(p => p.X)), x1 = points.Max(p => p.X), y1 = points.Max(p => p.Y);
        x1 = x1 > x0 ? x1 : x0 + 1;
        y1 = y1 > 0 ? y1 * 1.1 : 1;
        var svg = Open(title, xLabel, yLabel, x0, x1, 0, y1);
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var color = Colors[i % Colors.Length];
            var path = new StringBuilder();
            for (var j = 0; j < s.Points.Count; j++)
            {
                var (px, py) = (X(s.Points[j].X, x0, x1), Y(s.Points[j].Y, 0, y1));
                if (j > 0 && s.Step)
                    path.Append(Invariant($" L{px:F1},{Y(s.Points[j - 1].Y, 0, y1):F1}"));
                path.Append(Invariant($"{(j == 0 ? "M" : " L")}{px:F1},{py:F1}"));
                if (s.Labels is not null)
                    svg.Append(Invariant($"<circle cx=\"{px:F1}\" cy=\"{py:F1}\" r=\"3\" fill=\"{color}\"/><text x=\"{px + 4:F1}\" y=\"{py - 4:F1}\" font-size=\"10\">{Escape(s.Labels[j])}</text>"));
            }
            svg.Append(Invariant($"<path d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"/>"));
            svg.Append(Invariant($"<text x=\"{Left + 10}\" y=\"{Top + 14 + 14 * i}\" font-size=\"11\" fill=\"{color}\">{Escape(s.Name)}</text>"));
        }
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title, string xLabel, string yLabel, double x0, double x1, double y0, double y1)
    {
        var svg = new StringBuilder(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\">"));
        svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>"));
        for (var t = 0; t <= 4; t++)
        {
            double xv = x0 + (x1 - x0) * t / 4, yv = y0 + (y1 - y0) * t / 4;
            svg.Append(Invariant($"<text x=\"{X(xv, x0, x1):F1}\" y=\"{Height - Bottom + 15}\" text-anchor=\"middle\" font-size=\"10\">{Tick(xv)}</text>"));
            svg.Append(Invariant($"<text x=\"{Left - 5}\" y=\"{Y(yv, y0, y1) + 3:F1}\" text-anchor=\"end\" font-size=\"10\">{Tick(yv)}</text>"));
        }
        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\">{Escape(xLabel)}</text>"));
        svg.Append(Invariant($"<text x=\"14\" y=\"{(Top + Height - Bottom) / 2}\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 14 {(Top + Height - Bottom) / 2})\">{Escape(yLabel)}</text>"));
        return svg;
    }

    private static string Empty(string title) =>
        Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"60\"><text x=\"10\" y=\"30\">{Escape(title)}: no data</text></svg>");

    private static double X(double value, double min, double max) => Left + (value - min) / (max - min) * (Width - Left - Right);

    private static double Y(double value, double min, double max) => Height - Bottom - (value - min) / (max - min) * (Height - Top - Bottom);

    private static string Tick(double value) => value.ToString(Math.Abs(value) >= 100 ? "F0" : "G3", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
