using System.Globalization;
using SharpInfer.Templating.Ast;
using SharpInfer.Templating.Lexing;

namespace SharpInfer.Templating.Parsing;

/// <summary>Recursive-descent expression parser with Jinja2's precedence and grammar.</summary>
internal sealed partial class ExpressionParser(TokenCursor cursor)
{
    private static readonly HashSet<string> ComparisonOperators = ["==", "!=", "<", "<=", ">", ">="];

    public Expression Parse(bool withConditional = true) => withConditional ? ParseConditional() : ParseOr();

    /// <summary>An expression, or a tuple when commas separate several (as after <c>{{</c>, <c>in</c>, <c>=</c>).</summary>
    public Expression ParseTuple(bool withConditional = true, bool explicitParentheses = false, string? extraEndName = null)
    {
        var line = cursor.Current.Line;
        var items = new List<Expression>();
        var isTuple = false;
        while (true)
        {
            if (items.Count > 0)
                cursor.ExpectOperator(",");
            if (IsTupleEnd(extraEndName))
                break;
            items.Add(Parse(withConditional));
            if (cursor.Current.IsOperator(","))
                isTuple = true;
            else
                break;
        }
        if (isTuple)
            return new TupleExpression(line, items);
        if (items.Count > 0)
            return items[0];
        if (!explicitParentheses)
            throw cursor.Unexpected("an expression");
        return new TupleExpression(line, items);
    }

    private bool IsTupleEnd(string? extraEndName)
    {
        var t = cursor.Current;
        return t.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.Eof
            || t.IsOperator(")")
            || (extraEndName is not null && t.IsName(extraEndName));
    }

    private Expression ParseConditional()
    {
        var expr = ParseOr();
        while (cursor.Current.IsName("if"))
        {
            var line = cursor.Next().Line;
            var test = ParseOr();
            var otherwise = cursor.SkipName("else") ? ParseConditional() : null;
            expr = new ConditionalExpression(line, test, expr, otherwise);
        }
        return expr;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (cursor.Current.IsName("or"))
            left = new BinaryExpression(cursor.Next().Line, "or", left, ParseAnd());
        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (cursor.Current.IsName("and"))
            left = new BinaryExpression(cursor.Next().Line, "and", left, ParseNot());
        return left;
    }

    private Expression ParseNot()
    {
        if (cursor.Current.IsName("not"))
            return new UnaryExpression(cursor.Next().Line, "not", ParseNot());
        return ParseCompare();
    }

    private Expression ParseCompare()
    {
        var line = cursor.Current.Line;
        var first = ParseMath1();
        var rest = new List<(string, Expression)>();
        while (true)
        {
            var t = cursor.Current;
            if (t.Kind == TokenKind.Operator && ComparisonOperators.Contains(t.Value))
            {
                cursor.Next();
                rest.Add((t.Value, ParseMath1()));
            }
            else if (t.IsName("in"))
            {
                cursor.Next();
                rest.Add(("in", ParseMath1()));
            }
            else if (t.IsName("not") && cursor.Peek().IsName("in"))
            {
                cursor.Next();
                cursor.Next();
                rest.Add(("not in", ParseMath1()));
            }
            else
            {
                break;
            }
        }
        return rest.Count == 0 ? first : new CompareExpression(line, first, rest);
    }

    private Expression ParseMath1()
    {
        var left = ParseConcat();
        while (cursor.Current.IsOperator("+") || cursor.Current.IsOperator("-"))
        {
            var op = cursor.Next();
            left = new BinaryExpression(op.Line, op.Value, left, ParseConcat());
        }
        return left;
    }

    private Expression ParseConcat()
    {
        var left = ParseMath2();
        while (cursor.Current.IsOperator("~"))
            left = new BinaryExpression(cursor.Next().Line, "~", left, ParseMath2());
        return left;
    }

    private Expression ParseMath2()
    {
        var left = ParsePow();
        while (cursor.Current.Kind == TokenKind.Operator && cursor.Current.Value is "*" or "/" or "//" or "%")
        {
            var op = cursor.Next();
            left = new BinaryExpression(op.Line, op.Value, left, ParsePow());
        }
        return left;
    }

    private Expression ParsePow()
    {
        var left = ParseUnary();
        while (cursor.Current.IsOperator("**"))
            left = new BinaryExpression(cursor.Next().Line, "**", left, ParseUnary());
        return left;
    }

    private Expression ParseUnary(bool withFilter = true)
    {
        var t = cursor.Current;
        Expression node;
        if (t.IsOperator("-") || t.IsOperator("+"))
        {
            cursor.Next();
            node = new UnaryExpression(t.Line, t.Value, ParseUnary(false));
        }
        else
        {
            node = ParsePrimary();
        }
        node = ParsePostfix(node);
        return withFilter ? ParseFilterChain(node) : node;
    }

    private Expression ParsePrimary()
    {
        var t = cursor.Current;
        switch (t.Kind)
        {
            case TokenKind.Name:
                cursor.Next();
                return t.Value switch
                {
                    "true" or "True" => new ConstantExpression(t.Line, true),
                    "false" or "False" => new ConstantExpression(t.Line, false),
                    "none" or "None" => new ConstantExpression(t.Line, null),
                    _ => new NameExpression(t.Line, t.Value),
                };
            case TokenKind.String:
                var text = cursor.Next().Value;
                while (cursor.Current.Kind == TokenKind.String)
                    text += cursor.Next().Value;
                return new ConstantExpression(t.Line, text);
            case TokenKind.Integer:
                cursor.Next();
                if (!long.TryParse(t.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
                    throw TokenCursor.Error(t, $"integer literal {t.Value} is too large");
                return new ConstantExpression(t.Line, integer);
            case TokenKind.Float:
                cursor.Next();
                return new ConstantExpression(t.Line, double.Parse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        if (cursor.SkipOperator("("))
        {
            var inner = ParseTuple(explicitParentheses: true);
            cursor.ExpectOperator(")");
            return inner;
        }
        if (cursor.SkipOperator("["))
            return new ListExpression(t.Line, ParseSequence("]"));
        if (cursor.SkipOperator("{"))
            return ParseDict(t.Line);
        throw cursor.Unexpected("an expression");
    }

    private List<Expression> ParseSequence(string close)
    {
        var items = new List<Expression>();
        while (!cursor.SkipOperator(close))
        {
            if (items.Count > 0)
            {
                cursor.ExpectOperator(",");
                if (cursor.SkipOperator(close))
                    break;
            }
            items.Add(Parse());
        }
        return items;
    }

    private DictExpression ParseDict(int line)
    {
        var entries = new List<(Expression, Expression)>();
        while (!cursor.SkipOperator("}"))
        {
            if (entries.Count > 0)
            {
                cursor.ExpectOperator(",");
                if (cursor.SkipOperator("}"))
                    break;
            }
            var key = Parse();
            cursor.ExpectOperator(":");
            entries.Add((key, Parse()));
        }
        return new DictExpression(line, entries);
    }

    private Expression ParsePostfix(Expression node)
    {
        while (true)
        {
            var t = cursor.Current;
            if (t.IsOperator("."))
            {
                cursor.Next();
                var attr = cursor.Next();
                node = attr.Kind switch
                {
                    TokenKind.Name => new AttributeExpression(t.Line, node, attr.Value),
                    TokenKind.Integer => new ItemExpression(t.Line, node, new ConstantExpression(t.Line, long.Parse(attr.Value, CultureInfo.InvariantCulture))),
                    _ => throw TokenCursor.Error(attr, $"expected an attribute name after '.' but found {attr.Describe()}"),
                };
            }
            else if (t.IsOperator("["))
            {
                cursor.Next();
                node = new ItemExpression(t.Line, node, ParseSubscript());
            }
            else if (t.IsOperator("("))
            {
                node = new CallExpression(t.Line, node, ParseCallArguments());
            }
            else
            {
                return node;
            }
        }
    }

    private Expression ParseSubscript()
    {
        var line = cursor.Current.Line;
        var keys = new List<Expression>();
        while (!cursor.SkipOperator("]"))
        {
            if (keys.Count > 0)
                cursor.ExpectOperator(",");
            keys.Add(ParseSubscribed());
        }
        if (keys.Count == 0)
            throw cursor.Unexpected("a subscript");
        return keys.Count == 1 ? keys[0] : new TupleExpression(line, keys);
    }

    private Expression ParseSubscribed()
    {
        var line = cursor.Current.Line;
        Expression? start = null;
        if (!cursor.Current.IsOperator(":"))
        {
            start = Parse();
            if (!cursor.Current.IsOperator(":"))
                return start;
        }
        cursor.Next();
        var stop = IsSliceEnd() ? null : Parse();
        Expression? step = null;
        if (cursor.SkipOperator(":") && !IsSliceEnd())
            step = Parse();
        return new SliceExpression(line, start, stop, step);
    }

    private bool IsSliceEnd() => cursor.Current.Kind == TokenKind.Operator && cursor.Current.Value is "]" or "," or ":";
}
