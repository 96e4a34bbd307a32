using SharpInfer.Templating.Ast;
using SharpInfer.Templating.Lexing;

namespace SharpInfer.Templating.Parsing;

/// <summary>Parses a template's tokens into a statement tree.</summary>
internal sealed class Parser
{
    private static readonly HashSet<string> UnsupportedTags = ["include", "import", "from", "extends", "block", "autoescape", "do", "trans"];

    private readonly TokenCursor _cursor;
    private readonly ExpressionParser _expressions;
    private int _loopDepth;

    private Parser(List<Token> tokens)
    {
        _cursor = new TokenCursor(tokens);
        _expressions = new ExpressionParser(_cursor);
    }

    public static IReadOnlyList<Statement> Parse(string template)
    {
        var parser = new Parser(Lexer.Tokenize(template));
        var (body, _) = parser.ParseBody(null);
        return body;
    }

    /// <summary>
    /// Parses statements until a block tag named in <paramref name="endTags"/>; the cursor is left after that
    /// tag's name. With no end tags, parses to the end of the template.
    /// </summary>
    private (List<Statement> Body, string EndTag) ParseBody(Token? opener, params string[] endTags)
    {
        var body = new List<Statement>();
        while (true)
        {
            var t = _cursor.Current;
            switch (t.Kind)
            {
                case TokenKind.Text:
                    _cursor.Next();
                    body.Add(new TextStatement(t.Line, t.Value));
                    break;
                case TokenKind.VariableBegin:
                    _cursor.Next();
                    body.Add(new OutputStatement(t.Line, _expressions.ParseTuple()));
                    _cursor.Expect(TokenKind.VariableEnd, "'}}'");
                    break;
                case TokenKind.BlockBegin:
                    var name = _cursor.Peek();
                    if (name.Kind == TokenKind.Name && endTags.Contains(name.Value))
                    {
                        _cursor.Next();
                        _cursor.Next();
                        return (body, name.Value);
                    }
                    if (name.Kind == TokenKind.Name && IsClosingTag(name.Value))
                    {
                        throw TokenCursor.Error(name, endTags.Length == 0
                            ? $"unexpected '{name.Value}': there is no open block for it to close"
                            : $"unexpected '{name.Value}': the innermost open block '{opener!.Value.Value}' expects {string.Join(" or ", endTags.Select(t => $"'{t}'"))}");
                    }
                    _cursor.Next();
                    body.Add(ParseStatement());
                    break;
                case TokenKind.Eof:
                    if (opener is null)
                        return (body, "");
                    throw TokenCursor.Error(opener!.Value, $"'{opener.Value.Value}' block is never closed; add '{{% {endTags[^1]} %}}'");
                default:
                    throw _cursor.Unexpected("text or a tag");
            }
        }
    }

    private static bool IsClosingTag(string name) => name.StartsWith("end", StringComparison.Ordinal) || name is "elif" or "else";

    private Statement ParseStatement()
    {
        var tag = _cursor.Expect(TokenKind.Name, "a tag name");
        var statement = tag.Value switch
        {
            "for" => ParseFor(tag),
            "if" => ParseIf(tag),
            "set" => ParseSet(tag),
            "macro" => ParseMacro(tag),
            "call" => ParseCallBlock(tag),
            "filter" => ParseFilterBlock(tag),
            "with" => ParseWith(tag),
            "generation" => ParseGeneration(tag),
            "break" or "continue" => ParseLoopControl(tag),
            _ when UnsupportedTags.Contains(tag.Value) =>
                throw TokenCursor.Error(tag, $"the '{tag.Value}' tag is not supported in chat templates"),
            _ => throw TokenCursor.Error(tag, $"unknown tag '{tag.Value}'"),
        };
        return statement;
    }

    private ForStatement ParseFor(Token tag)
    {
        var target = ParseAssignTarget(allowNamespace: false);
        _cursor.ExpectName("in");
        var iterable = _expressions.ParseTuple(withConditional: false, extraEndName: "recursive");
        var filter = _cursor.SkipName("if") ? _expressions.Parse() : null;
        if (_cursor.Current.IsName("recursive"))
            throw TokenCursor.Error(_cursor.Current, "recursive for loops are not supported");
        EndTag();
        _loopDepth++;
        var (body, end) = ParseBody(tag, "else", "endfor");
        _loopDepth--;
        var otherwise = new List<Statement>();
        if (end == "else")
        {
            EndTag();
            (otherwise, _) = ParseBody(tag, "endfor");
        }
        EndTag();
        return new ForStatement(tag.Line, target, iterable, filter, body, otherwise);
    }

    private IfStatement ParseIf(Token tag)
    {
        var branches = new List<(Expression, IReadOnlyList<Statement>)>();
        var otherwise = new List<Statement>();
        while (true)
        {
            var test = _expressions.ParseTuple(withConditional: false);
            EndTag();
            var (body, end) = ParseBody(tag, "elif", "else", "endif");
            branches.Add((test, body));
            if (end == "elif")
                continue;
            if (end == "else")
            {
                EndTag();
                (otherwise, _) = ParseBody(tag, "endif");
            }
            EndTag();
            return new IfStatement(tag.Line, branches, otherwise);
        }
    }

    private Statement ParseSet(Token tag)
    {
        var target = ParseAssignTarget(allowNamespace: true);
        if (_cursor.SkipOperator("="))
        {
            var value = _expressions.ParseTuple();
            EndTag();
            return new SetStatement(tag.Line, target, value);
        }
        var filters = ParseFilterCalls(requireFirst: false);
        EndTag();
        var (body, _) = ParseBody(tag, "endset");
        EndTag();
        return new SetBlockStatement(tag.Line, target, filters, body);
    }

    private MacroStatement ParseMacro(Token tag)
    {
        var name = _cursor.Expect(TokenKind.Name, "a macro name").Value;
        var parameters = ParseParameters();
        EndTag();
        var (body, _) = ParseLoopFreeBody(tag, "endmacro");
        EndTag();
        return new MacroStatement(tag.Line, name, parameters, body);
    }

    private CallBlockStatement ParseCallBlock(Token tag)
    {
        var parameters = _cursor.Current.IsOperator("(") ? ParseParameters() : [];
        if (_expressions.Parse() is not CallExpression call)
            throw TokenCursor.Error(tag, "a call block needs a macro call, like '{% call my_macro() %}'");
        EndTag();
        var (body, _) = ParseLoopFreeBody(tag, "endcall");
        EndTag();
        return new CallBlockStatement(tag.Line, call, parameters, body);
    }

    private FilterBlockStatement ParseFilterBlock(Token tag)
    {
        var filters = ParseFilterCalls(requireFirst: true);
        EndTag();
        var (body, _) = ParseBody(tag, "endfilter");
        EndTag();
        return new FilterBlockStatement(tag.Line, filters, body);
    }

    private WithStatement ParseWith(Token tag)
    {
        var assignments = new List<(string, Expression)>();
        while (_cursor.Current.Kind != TokenKind.BlockEnd)
        {
            if (assignments.Count > 0)
                _cursor.ExpectOperator(",");
            var name = _cursor.Expect(TokenKind.Name, "a variable name").Value;
            _cursor.ExpectOperator("=");
            assignments.Add((name, _expressions.Parse()));
        }
        EndTag();
        var (body, _) = ParseBody(tag, "endwith");
        EndTag();
        return new WithStatement(tag.Line, assignments, body);
    }

    private GenerationStatement ParseGeneration(Token tag)
    {
        EndTag();
        var (body, _) = ParseBody(tag, "endgeneration");
        EndTag();
        return new GenerationStatement(tag.Line, body);
    }

    private LoopControlStatement ParseLoopControl(Token tag)
    {
        if (_loopDepth == 0)
            throw TokenCursor.Error(tag, $"'{tag.Value}' is only allowed inside a for loop");
        EndTag();
        return new LoopControlStatement(tag.Line, tag.Value == "break");
    }

    /// <summary>Macro and caller bodies run as functions, so break/continue may not jump out of them.</summary>
    private (List<Statement>, string) ParseLoopFreeBody(Token tag, string endTag)
    {
        var saved = _loopDepth;
        _loopDepth = 0;
        var result = ParseBody(tag, endTag);
        _loopDepth = saved;
        return result;
    }

    private List<FilterCall> ParseFilterCalls(bool requireFirst)
    {
        var filters = new List<FilterCall>();
        while (filters.Count == 0 && requireFirst || _cursor.SkipOperator("|"))
        {
            var line = _cursor.Current.Line;
            var (name, args) = _expressions.ParseFilterCall();
            filters.Add(new FilterCall(line, name, args));
        }
        return filters;
    }

    private List<MacroParameter> ParseParameters()
    {
        _cursor.ExpectOperator("(");
        var parameters = new List<MacroParameter>();
        while (!_cursor.SkipOperator(")"))
        {
            if (parameters.Count > 0)
                _cursor.ExpectOperator(",");
            var name = _cursor.Expect(TokenKind.Name, "a parameter name");
            var fallback = _cursor.SkipOperator("=") ? _expressions.Parse() : null;
            if (fallback is null && parameters.Count > 0 && parameters[^1].Default is not null)
                throw TokenCursor.Error(name, $"parameter '{name.Value}' without a default follows one with a default");
            parameters.Add(new MacroParameter(name.Value, fallback));
        }
        return parameters;
    }

    private AssignTarget ParseAssignTarget(bool allowNamespace)
    {
        if (allowNamespace && _cursor.Current.Kind == TokenKind.Name && _cursor.Peek().IsOperator("."))
        {
            var ns = _cursor.Next().Value;
            _cursor.Next();
            var attribute = _cursor.Expect(TokenKind.Name, "an attribute name").Value;
            return new AssignTarget([ns], false, attribute);
        }
        var parenthesized = _cursor.SkipOperator("(");
        var names = new List<string>();
        var isTuple = parenthesized;
        do
        {
            if (names.Count > 0 && (_cursor.Current.IsOperator(")") || _cursor.Current.IsName("in") || _cursor.Current.IsOperator("=")))
                break;
            names.Add(_cursor.Expect(TokenKind.Name, "a variable name").Value);
            isTuple |= _cursor.Current.IsOperator(",");
        }
        while (_cursor.SkipOperator(","));
        if (parenthesized)
            _cursor.ExpectOperator(")");
        return new AssignTarget(names, isTuple, null);
    }

    private void EndTag() => _cursor.Expect(TokenKind.BlockEnd, "'%}'");
}
