using System.Text;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes.</summary>
internal static class CsvTable
{
    public static IReadOnlyList<string[]> Read(string path)
    {
        var rows = Parse(File.ReadAllText(path));
        return rows.Where(r => r.Length > 1 || r[0].Length > 0).ToList();
    }

    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                    quoted = false;
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
                field.Append(c);
        }
        if (quoted)
            throw new UserErrorException("a CSV file ends inside a quoted field; check that its quotes are balanced");
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }
        return rows;
    }
}
