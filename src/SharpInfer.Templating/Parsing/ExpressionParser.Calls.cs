using SharpInfer.Templating.Ast;
using SharpInfer.Templating.Lexing;

namespace SharpInfer.Templating.Parsing;

/// <summary>The postfix part of the expression grammar: filters, tests and call arguments.</summary>
internal sealed partial class ExpressionParser
{
    // Names that end an expression rather than start a test's bare argument (`x is divisibleby 3`).
    private static readonly HashSet<string> TestArgumentStoppers = ["else", "or", "and", "if", "not", "in", "is"];

    private Expression ParseFilterChain(Expression node)
    {
        while (true)
        {
            var t = cursor.Current;
            if (t.IsOperator("|"))
            {
                cursor.Next();
                var (name, args) = ParseFilterCall();
                node = new FilterExpression(t.Line, node, name, args);
            }
            else if (t.IsName("is"))
            {
                cursor.Next();
                var negated = cursor.SkipName("not");
                var name = ParseDottedName();
                node = new TestExpression(t.Line, node, name, ParseTestArguments(), negated);
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

    public (string Name, Arguments Arguments) ParseFilterCall()
    {
        var name = ParseDottedName();
        return (name, cursor.Current.IsOperator("(") ? ParseCallArguments() : Arguments.None);
    }

    private Arguments ParseTestArguments()
    {
        var t = cursor.Current;
        if (t.IsOperator("("))
            return ParseCallArguments();
        var startsPrimary = t.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
            || t.IsOperator("[") || t.IsOperator("{");
        if (!startsPrimary || (t.Kind == TokenKind.Name && TestArgumentStoppers.Contains(t.Value)))
            return Arguments.None;
        return new Arguments([ParsePostfix(ParsePrimary())], []);
    }

    private string ParseDottedName()
    {
        var name = cursor.Expect(TokenKind.Name, "a name").Value;
        while (cursor.Current.IsOperator(".") && cursor.Peek().Kind == TokenKind.Name)
        {
            cursor.Next();
            name += "." + cursor.Next().Value;
        }
        return name;
    }

    public Arguments ParseCallArguments()
    {
        cursor.ExpectOperator("(");
        var positional = new List<Expression>();
        var named = new List<(string, Expression)>();
        while (!cursor.SkipOperator(")"))
        {
            if (positional.Count + named.Count > 0)
            {
                cursor.ExpectOperator(",");
                if (cursor.SkipOperator(")"))
                    break;
            }
            if (cursor.Current.IsOperator("*") || cursor.Current.IsOperator("**"))
                throw TokenCursor.Error(cursor.Current, "'*args' and '**kwargs' in calls are not supported; pass arguments explicitly");
            if (cursor.Current.Kind == TokenKind.Name && cursor.Peek().IsOperator("="))
            {
                var name = cursor.Next().Value;
                cursor.Next();
                named.Add((name, Parse()));
            }
            else
            {
                if (named.Count > 0)
                    throw TokenCursor.Error(cursor.Current, "positional argument follows keyword argument");
                positional.Add(Parse());
            }
        }
        return new Arguments(positional, named);
    }
}
