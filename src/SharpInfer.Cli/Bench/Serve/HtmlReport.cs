using System.Net;
using System.Text;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>A self-contained HTML page: a title, a table of figures and inline SVG charts.</summary>
internal static class HtmlReport
{
    public static string Render(string title, IReadOnlyList<(string Name, string Value)> figures, IReadOnlyList<string> charts)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
        html.Append(WebUtility.HtmlEncode(title)).Append("</title><style>body{font-family:sans-serif;margin:2em}td{padding:2px 12px}")
            .Append("td:last-child{text-align:right}svg{margin:8px;border:1px solid #ddd}</style></head><body><h1>")
            .Append(WebUtility.HtmlEncode(title)).Append("</h1><table>");
        foreach (var (name, value) in figures)
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(name)).Append("</td><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        html.Append("</table><div>");
        foreach (var chart in charts)
            html.Append(chart).Append('\n');
        return html.Append("</div></body></html>\n").ToString();
    }
}
