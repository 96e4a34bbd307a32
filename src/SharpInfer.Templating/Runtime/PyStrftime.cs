using System.Globalization;
using System.Text;

namespace SharpInfer.Templating.Runtime;

/// <summary>Python's time.strftime for the directives chat templates use (dates in system prompts).</summary>
internal static class PyStrftime
{
    public static string Format(DateTime time, string format)
    {
        var culture = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                sb.Append(format[i]);
                continue;
            }
            var directive = format[++i];
            sb.Append(directive switch
            {
                'Y' => time.Year.ToString("0000", culture),
                'y' => (time.Year % 100).ToString("00", culture),
                'm' => time.Month.ToString("00", culture),
                'd' => time.Day.ToString("00", culture),
                '-' when i + 1 < format.Length && format[i + 1] == 'd' => Skip(ref i, time.Day.ToString(culture)),
                'e' => time.Day.ToString(culture).PadLeft(2),
                'B' => culture.DateTimeFormat.GetMonthName(time.Month),
                'b' or 'h' => culture.DateTimeFormat.GetAbbreviatedMonthName(time.Month),
                'A' => culture.DateTimeFormat.GetDayName(time.DayOfWeek),
                'a' => culture.DateTimeFormat.GetAbbreviatedDayName(time.DayOfWeek),
                'H' => time.Hour.ToString("00", culture),
                'I' => ((time.Hour + 11) % 12 + 1).ToString("00", culture),
                'M' => time.Minute.ToString("00", culture),
                'S' => time.Second.ToString("00", culture),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'j' => time.DayOfYear.ToString("000", culture),
                'F' => time.ToString("yyyy-MM-dd", culture),
                'T' => time.ToString("HH:mm:ss", culture),
                '%' => "%",
                _ => throw new TemplateRuntimeException($"strftime directive '%{directive}' is not supported"),
            });
        }
        return sb.ToString();
    }

    private static string Skip(ref int i, string value)
    {
        i++;
        return value;
    }
}
