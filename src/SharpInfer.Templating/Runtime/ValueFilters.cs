using System.Globalization;

namespace SharpInfer.Templating.Runtime;

/// <summary>Jinja's filters on single values: defaults and number conversions.</summary>
internal static class ValueFilters
{
    public static void Register(Dictionary<string, FilterFunction> filters)
    {
        filters["default"] = filters["d"] = (v, a) =>
        {
            a.Check("default", "default_value", "boolean");
            var useDefault = v is Undefined || (PyValue.IsTrue(a.Get(1, "boolean", false)) && !PyValue.IsTrue(v));
            return useDefault ? a.Get(0, "default_value", "") : v;
        };
        filters["int"] = (v, a) => ToInt(v, a.Check("int", "default", "base"));
        filters["float"] = (v, a) => ToFloat(v, a.Check("float", "default").Get(0, "default", 0.0));
        filters["abs"] = (v, _) => v switch
        {
            long l => (object)checked(Math.Abs(l)),
            double d => Math.Abs(d),
            bool b => b ? 1L : 0L,
            _ => throw new TemplateRuntimeException($"bad operand type for abs(): '{PyValue.TypeName(v)}'"),
        };
        filters["round"] = (v, a) => Round(v, a.Check("round", "precision", "method"));
        filters["attr"] = (v, a) => Access.GetAttribute(v, PyValue.ExpectString(a.Required(0, "name", "attr"), "attr name"));
    }

    private static object? ToInt(object? value, CallArguments args)
    {
        var fallback = args.Get(0, "default", 0L);
        var numberBase = (int)PyValue.ToInteger(args.Get(1, "base", 10L), "base");
        switch (value)
        {
            case long or bool:
                return PyValue.ToInteger(value, "value");
            case double d:
                return double.IsFinite(d) ? (long)Math.Truncate(d) : fallback;
            case string s:
                var text = s.Trim().Replace("_", "");
                try
                {
                    if (numberBase == 10 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                        return l;
                    if (numberBase != 10)
                        return Convert.ToInt64(text, numberBase);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
                {
                    return fallback;
                }
                // Jinja falls back to int(float(value)).
                return ToFloat(s, null) is double parsed && double.IsFinite(parsed) ? (long)Math.Truncate(parsed) : fallback;
            default:
                return fallback;
        }
    }

    private static object? ToFloat(object? value, object? fallback) => value switch
    {
        double d => d,
        long or bool => PyValue.ToDouble(value),
        string s => ParseFloat(s.Trim()) ?? fallback,
        _ => fallback,
    };

    private static double? ParseFloat(string s) => s.ToLowerInvariant() switch
    {
        "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.TryParse(s.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
    };

    private static double Round(object? value, CallArguments args)
    {
        var x = PyValue.ToDouble(value);
        var precision = (int)PyValue.ToInteger(args.Get(0, "precision", 0L), "precision");
        var scale = Math.Pow(10, precision);
        return PyFormat.Str(args.Get(1, "method", "common")) switch
        {
            "common" => Math.Round(x, Math.Clamp(precision, 0, 15), MidpointRounding.ToEven),
            "ceil" => Math.Ceiling(x * scale) / scale,
            "floor" => Math.Floor(x * scale) / scale,
            _ => throw new TemplateRuntimeException("round method must be 'common', 'ceil' or 'floor'"),
        };
    }
}
