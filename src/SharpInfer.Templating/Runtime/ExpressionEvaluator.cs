using SharpInfer.Templating.Ast;

namespace SharpInfer.Templating.Runtime;

/// <summary>Evaluates expression nodes against a scope with Jinja/Python semantics.</summary>
internal static class ExpressionEvaluator
{
    public static object? Evaluate(Expression expression, Scope scope) => expression switch
    {
        ConstantExpression c => c.Value,
        NameExpression n => scope.Lookup(n.Name),
        AttributeExpression a => Access.GetAttribute(Evaluate(a.Target, scope), a.Name),
        ItemExpression i => Access.GetItem(Evaluate(i.Target, scope), Evaluate(i.Key, scope)),
        SliceExpression s => new SliceValue(Bound(s.Start, scope), Bound(s.Stop, scope), Bound(s.Step, scope)),
        UnaryExpression u => Unary(u, scope),
        BinaryExpression b => Binary(b, scope),
        CompareExpression c => Compare(c, scope),
        ConditionalExpression c => PyValue.IsTrue(Evaluate(c.Test, scope))
            ? Evaluate(c.Then, scope)
            : c.Otherwise is null ? new Undefined("the inline if expression had no else branch") : Evaluate(c.Otherwise, scope),
        FilterExpression f => Filters.Apply(f.Name, Evaluate(f.Value, scope), EvaluateArguments(f.Arguments, scope)),
        TestExpression t => TemplateTests.Run(t.Name, Evaluate(t.Value, scope), EvaluateArguments(t.Arguments, scope)) != t.Negated,
        CallExpression c => Call(Evaluate(c.Callee, scope), EvaluateArguments(c.Arguments, scope)),
        ListExpression l => l.Items.Select(x => Evaluate(x, scope)).ToList(),
        TupleExpression t => t.Items.Select(x => Evaluate(x, scope)).ToArray(),
        DictExpression d => Dict(d, scope),
        _ => throw new TemplateRuntimeException($"unsupported expression {expression.GetType().Name}"),
    };

    public static CallArguments EvaluateArguments(Arguments arguments, Scope scope)
    {
        if (arguments.Positional.Count == 0 && arguments.Named.Count == 0)
            return new CallArguments([], []);
        var positional = new List<object?>(arguments.Positional.Count);
        foreach (var p in arguments.Positional)
            positional.Add(Evaluate(p, scope));
        var named = new List<KeyValuePair<string, object?>>(arguments.Named.Count);
        foreach (var (name, value) in arguments.Named)
            named.Add(KeyValuePair.Create(name, Evaluate(value, scope)));
        return new CallArguments(positional, named);
    }

    public static object? Call(object? callee, CallArguments args) => callee switch
    {
        Callable c => c.Invoke(args),
        Undefined u => throw u.Fail(),
        _ => throw new TemplateRuntimeException($"'{PyValue.TypeName(callee)}' object is not callable"),
    };

    private static long? Bound(Expression? expression, Scope scope) =>
        expression is null || Evaluate(expression, scope) is not { } value ? null : PyValue.ToInteger(value, "slice index");

    private static object? Unary(UnaryExpression u, Scope scope)
    {
        var operand = Evaluate(u.Operand, scope);
        return u.Operator switch
        {
            "not" => !PyValue.IsTrue(operand),
            "-" => PyOperators.Negate(operand),
            _ => PyOperators.Plus(operand),
        };
    }

    private static object? Binary(BinaryExpression b, Scope scope)
    {
        var left = Evaluate(b.Left, scope);
        return b.Operator switch
        {
            "and" => PyValue.IsTrue(left) ? Evaluate(b.Right, scope) : left,
            "or" => PyValue.IsTrue(left) ? left : Evaluate(b.Right, scope),
            _ => PyOperators.Binary(b.Operator, left, Evaluate(b.Right, scope)),
        };
    }

    private static bool Compare(CompareExpression c, Scope scope)
    {
        var left = Evaluate(c.First, scope);
        foreach (var (op, operand) in c.Rest)
        {
            var right = Evaluate(operand, scope);
            var holds = op switch
            {
                "==" => PyCompare.AreEqual(left, right),
                "!=" => !PyCompare.AreEqual(left, right),
                "<" => PyCompare.Order(left, right, op) < 0,
                "<=" => PyCompare.Order(left, right, op) <= 0,
                ">" => PyCompare.Order(left, right, op) > 0,
                ">=" => PyCompare.Order(left, right, op) >= 0,
                "in" => PyCompare.Contains(right, left),
                _ => !PyCompare.Contains(right, left),
            };
            if (!holds)
                return false;
            left = right;
        }
        return true;
    }

    private static PyDict Dict(DictExpression d, Scope scope)
    {
        var dict = new PyDict();
        foreach (var (key, value) in d.Entries)
            dict[PyDict.Key(Evaluate(key, scope))] = Evaluate(value, scope);
        return dict;
    }
}
