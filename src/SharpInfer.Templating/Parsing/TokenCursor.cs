using SharpInfer.Core;
using SharpInfer.Templating.Lexing;

namespace SharpInfer.Templating.Parsing;

/// <summary>A read position over the token list with the expect/skip helpers both parsers share.</summary>
internal sealed class TokenCursor(List<Token> tokens)
{
    private int _index;

    public Token Current => tokens[_index];

    public Token Peek(int ahead = 1) => tokens[Math.Min(_index + ahead, tokens.Count - 1)];

    public Token Next()
    {
        var token = tokens[_index];
        if (_index < tokens.Count - 1)
            _index++;
        return token;
    }

    public bool SkipOperator(string op)
    {
        if (!Current.IsOperator(op))
            return false;
        Next();
        return true;
    }

    public bool SkipName(string name)
    {
        if (!Current.IsName(name))
            return false;
        Next();
        return true;
    }

    public Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
            throw Unexpected(what);
        return Next();
    }

    public void ExpectOperator(string op)
    {
        if (!SkipOperator(op))
            throw Unexpected($"'{op}'");
    }

    public void ExpectName(string name)
    {
        if (!SkipName(name))
            throw Unexpected($"'{name}'");
    }

    public UserErrorException Unexpected(string expected) =>
        Error(Current, $"expected {expected} but found {Current.Describe()}");

    public static UserErrorException Error(Token at, string problem) => TemplateSyntaxError.At(at.Line, at.Column, problem);
}
