namespace SharpInfer.Templating.Runtime;

/// <summary>Python arithmetic on template values; int stays int, <c>/</c> always gives a float.</summary>
internal static class PyOperators
{
    public static object? Binary(string op, object? a, object? b)
    {
        if (op == "~")
            return PyFormat.Str(a) + PyFormat.Str(b);
        if (a is Undefined ua)
            throw ua.Fail();
        if (b is Undefined ub)
            throw ub.Fail();
        try
        {
            return op switch
            {
                "+" => Add(a, b),
                "-" => Numeric(op, a, b, (x, y) => checked(x - y), (x, y) => x - y),
                "*" => Multiply(a, b),
                "/" => Divide(a, b),
                "//" => Numeric(op, a, b, FloorDivide, (x, y) => Math.Floor(x / NonZero(y))),
                "%" => a is string ? throw new TemplateRuntimeException("printf-style '%' string formatting is not supported; use '~' or format()")
                    : Numeric(op, a, b, Modulo, (x, y) => x - NonZero(y) * Math.Floor(x / y)),
                "**" => Power(a, b),
                _ => throw new TemplateRuntimeException($"unknown operator '{op}'"),
            };
        }
        catch (OverflowException)
        {
            throw new TemplateRuntimeException($"integer overflow in '{op}'");
        }
    }

    public static object? Negate(object? value) => value switch
    {
        long l => (object)checked(-l),
        double d => -d,
        bool b => b ? -1L : 0L,
        Undefined u => throw u.Fail(),
        _ => throw new TemplateRuntimeException($"bad operand type for unary -: '{PyValue.TypeName(value)}'"),
    };

    public static object? Plus(object? value) => value switch
    {
        long or double => value,
        bool b => (object)(b ? 1L : 0L),
        Undefined u => throw u.Fail(),
        _ => throw new TemplateRuntimeException($"bad operand type for unary +: '{PyValue.TypeName(value)}'"),
    };

    private static object? Add(object? a, object? b) => (a, b) switch
    {
        (string s, string t) => s + t,
        (List<object?> x, List<object?> y) => new List<object?>([.. x, .. y]),
        (object?[] x, object?[] y) => (object?[])[.. x, .. y],
        (string, _) => throw new TemplateRuntimeException($"can only concatenate str (not \"{PyValue.TypeName(b)}\") to str"),
        (List<object?>, _) => throw new TemplateRuntimeException($"can only concatenate list (not \"{PyValue.TypeName(b)}\") to list"),
        _ => Numeric("+", a, b, (x, y) => checked(x + y), (x, y) => x + y),
    };

    private static object? Multiply(object? a, object? b)
    {
        if (a is string s && b is long or bool)
            return Repeat(s, PyValue.ToInteger(b, "repeat count"));
        if (b is string t && a is long or bool)
            return Repeat(t, PyValue.ToInteger(a, "repeat count"));
        if (a is List<object?> list && b is long or bool)
            return RepeatList(list, PyValue.ToInteger(b, "repeat count"));
        if (b is List<object?> other && a is long or bool)
            return RepeatList(other, PyValue.ToInteger(a, "repeat count"));
        return Numeric("*", a, b, (x, y) => checked(x * y), (x, y) => x * y);
    }

    private static string Repeat(string s, long count) =>
        count <= 0 ? "" : string.Concat(Enumerable.Repeat(s, checked((int)count)));

    private static List<object?> RepeatList(List<object?> list, long count)
    {
        var result = new List<object?>();
        for (var i = 0L; i < count; i++)
            result.AddRange(list);
        return result;
    }

    private static object Divide(object? a, object? b)
    {
        if (!PyValue.IsNumber(a) || !PyValue.IsNumber(b))
            throw Unsupported("/", a, b);
        return PyValue.ToDouble(a) / NonZero(PyValue.ToDouble(b));
    }

    private static object Power(object? a, object? b)
    {
        if (a is long or bool && b is long or bool)
        {
            var (x, y) = (PyValue.ToInteger(a, ""), PyValue.ToInteger(b, ""));
            if (y >= 0)
            {
                long result = 1;
                for (var i = 0L; i < y; i++)
                    result = checked(result * x);
                return result;
            }
        }
        if (!PyValue.IsNumber(a) || !PyValue.IsNumber(b))
            throw Unsupported("**", a, b);
        return Math.Pow(PyValue.ToDouble(a), PyValue.ToDouble(b));
    }

    private static object Numeric(string op, object? a, object? b, Func<long, long, long> integer, Func<double, double, double> real)
    {
        if (!PyValue.IsNumber(a) || !PyValue.IsNumber(b))
            throw Unsupported(op, a, b);
        if (a is double || b is double)
            return real(PyValue.ToDouble(a), PyValue.ToDouble(b));
        return integer(PyValue.ToInteger(a, ""), PyValue.ToInteger(b, ""));
    }

    private static long FloorDivide(long x, long y)
    {
        var q = x / NonZero(y);
        return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q;
    }

    private static long Modulo(long x, long y)
    {
        var r = x % NonZero(y);
        return r != 0 && (r < 0) != (y < 0) ? r + y : r;
    }

    private static long NonZero(long y) => y != 0 ? y : throw new TemplateRuntimeException("integer division or modulo by zero");

    private static double NonZero(double y) => y != 0 ? y : throw new TemplateRuntimeException("float division by zero");

    private static TemplateRuntimeException Unsupported(string op, object? a, object? b) =>
        new($"unsupported operand type(s) for {op}: '{PyValue.TypeName(a)}' and '{PyValue.TypeName(b)}'");
}
