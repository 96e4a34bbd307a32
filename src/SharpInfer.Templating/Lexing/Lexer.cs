using System.Text.RegularExpressions;

namespace SharpInfer.Templating.Lexing;

/// <summary>
/// Splits a template into text and tag tokens with the whitespace rules transformers uses:
/// trim_blocks, lstrip_blocks, '-' / '+' markers, and keep_trailing_newline=False.
/// </summary>
internal sealed partial class Lexer
{
    private static readonly string[] Operators =
        ["//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "=", "<", ">", ";"];

    private readonly string _src;
    private readonly SourceMap _map;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private bool _stripLeading;

    private Lexer(string source)
    {
        _src = source;
        _map = new SourceMap(source);
    }

    public static List<Token> Tokenize(string template)
    {
        var lexer = new Lexer(Normalize(template));
        lexer.Run();
        return lexer._tokens;
    }

    /// <summary>Jinja turns every newline sequence into "\n" and, without keep_trailing_newline, drops one final newline.</summary>
    private static string Normalize(string template)
    {
        var source = template.Replace("\r\n", "\n").Replace('\r', '\n');
        return source.EndsWith('\n') ? source[..^1] : source;
    }

    private void Run()
    {
        while (true)
        {
            var tagStart = FindTagStart(_pos);
            var textEnd = tagStart < 0 ? _src.Length : tagStart;
            var textStart = _pos;
            if (_stripLeading)
                while (textStart < textEnd && char.IsWhiteSpace(_src[textStart]))
                    textStart++;
            _stripLeading = false;
            var text = _src[textStart..textEnd];
            if (tagStart >= 0)
                text = StripBeforeTag(text, textStart, tagStart);
            if (text.Length > 0)
                Add(TokenKind.Text, text, textStart);
            if (tagStart < 0)
                break;
            LexTag(tagStart);
        }
        Add(TokenKind.Eof, "", _src.Length);
    }

    private int FindTagStart(int from)
    {
        for (var i = _src.IndexOf('{', from); i >= 0 && i + 1 < _src.Length; i = _src.IndexOf('{', i + 1))
            if (_src[i + 1] is '{' or '%' or '#')
                return i;
        return -1;
    }

    private string StripBeforeTag(string text, int textStart, int tagStart)
    {
        var sign = Sign(tagStart + 2);
        if (sign == '-')
            return text.TrimEnd();
        if (sign == '+' || _src[tagStart + 1] == '{')
            return text;
        // lstrip_blocks: drop spaces and tabs between the start of the line and a block or comment tag.
        var lineStart = text.LastIndexOf('\n') + 1;
        var atLineStart = textStart == 0 || _src[textStart - 1] == '\n';
        if ((lineStart > 0 || atLineStart) && lineStart < text.Length && text.AsSpan(lineStart).Trim().IsEmpty)
            return text[..lineStart];
        return text;
    }

    private char Sign(int index) => index < _src.Length && _src[index] is '-' or '+' ? _src[index] : '\0';

    private void LexTag(int tagStart)
    {
        var kind = _src[tagStart + 1];
        if (kind == '%' && TryLexRaw(tagStart))
            return;
        _pos = tagStart + 2 + (Sign(tagStart + 2) == '\0' ? 0 : 1);
        if (kind == '#')
        {
            LexComment(tagStart);
            return;
        }
        var isBlock = kind == '%';
        Add(isBlock ? TokenKind.BlockBegin : TokenKind.VariableBegin, isBlock ? "{%" : "{{", tagStart);
        LexExpressionTokens(tagStart, isBlock);
    }

    private void LexComment(int tagStart)
    {
        var bodyStart = _pos;
        var end = _src.IndexOf("#}", bodyStart, StringComparison.Ordinal);
        if (end < 0)
            throw Error(tagStart, "comment is never closed; add '#}'");
        _pos = end + 2;
        if (end - 1 >= bodyStart && _src[end - 1] == '-')
            _stripLeading = true;
        else
            TrimBlockNewline();
    }

    private void TrimBlockNewline()
    {
        if (_pos < _src.Length && _src[_pos] == '\n')
            _pos++;
    }

    private bool TryLexRaw(int tagStart)
    {
        var open = RawBegin().Match(_src, tagStart);
        if (!open.Success)
            return false;
        var close = RawEnd().Match(_src, open.Index + open.Length);
        if (!close.Success)
            throw Error(tagStart, "raw block is never closed; add '{% endraw %}'");
        var body = _src[(open.Index + open.Length)..close.Index];
        if (open.Groups[1].Value == "-")
            body = body.TrimStart();
        if (close.Groups[1].Value == "-")
            body = body.TrimEnd();
        if (body.Length > 0)
            Add(TokenKind.Text, body, open.Index + open.Length);
        _pos = close.Index + close.Length;
        if (close.Groups[2].Value == "-")
            _stripLeading = true;
        else if (close.Groups[2].Value != "+")
            TrimBlockNewline();
        return true;
    }

    private void LexExpressionTokens(int tagStart, bool isBlock)
    {
        var depth = 0;
        while (true)
        {
            while (_pos < _src.Length && char.IsWhiteSpace(_src[_pos]))
                _pos++;
            if (_pos >= _src.Length)
                throw Error(tagStart, isBlock ? "tag is never closed; add '%}'" : "expression is never closed; add '}}'");
            if (depth == 0 && TryLexTagEnd(isBlock))
                return;
            var c = _src[_pos];
            if (char.IsAsciiLetter(c) || c == '_')
                LexName();
            else if (char.IsAsciiDigit(c))
                LexNumber();
            else if (c is '\'' or '"')
                LexString();
            else
                depth += LexOperator();
        }
    }

    private bool TryLexTagEnd(bool isBlock)
    {
        var close = isBlock ? "%}" : "}}";
        var sign = _src[_pos] is '-' or '+' ? _src[_pos] : '\0';
        var at = sign == '\0' ? _pos : _pos + 1;
        if (string.CompareOrdinal(_src, at, close, 0, 2) != 0 || (sign == '+' && !isBlock))
            return false;
        Add(isBlock ? TokenKind.BlockEnd : TokenKind.VariableEnd, close, _pos);
        _pos = at + 2;
        if (sign == '-')
            _stripLeading = true;
        else if (isBlock && sign != '+')
            TrimBlockNewline();
        return true;
    }

    private void LexName()
    {
        var start = _pos;
        while (_pos < _src.Length && (char.IsAsciiLetterOrDigit(_src[_pos]) || _src[_pos] == '_'))
            _pos++;
        Add(TokenKind.Name, _src[start.._pos], start);
    }

    private void LexNumber()
    {
        var m = NumberPattern().Match(_src, _pos);
        var isFloat = m.Groups[1].Success;
        Add(isFloat ? TokenKind.Float : TokenKind.Integer, m.Value.Replace("_", ""), _pos);
        _pos += m.Length;
    }

    private void LexString()
    {
        var start = _pos;
        var quote = _src[_pos++];
        while (_pos < _src.Length && _src[_pos] != quote)
            _pos += _src[_pos] == '\\' ? 2 : 1;
        if (_pos >= _src.Length)
            throw Error(start, "string literal is never closed");
        var text = StringLiteral.Decode(_src.AsSpan(start + 1, _pos - start - 1), out var error);
        if (text is null)
            throw Error(start, error!);
        _pos++;
        Add(TokenKind.String, text, start);
    }

    private int LexOperator()
    {
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_src, _pos, op, 0, op.Length) != 0)
                continue;
            Add(TokenKind.Operator, op, _pos);
            _pos += op.Length;
            return op switch { "(" or "[" or "{" => 1, ")" or "]" or "}" => -1, _ => 0 };
        }
        throw Error(_pos, $"unexpected character '{_src[_pos]}'");
    }

    private void Add(TokenKind kind, string value, int position)
    {
        var (line, column) = _map.Locate(position);
        _tokens.Add(new Token(kind, value, line, column));
    }

    private Core.UserErrorException Error(int position, string problem)
    {
        var (line, column) = _map.Locate(position);
        return TemplateSyntaxError.At(line, column, problem);
    }

    [GeneratedRegex(@"\G\{%[-+]?\s*raw\s*([-+]?)%\}")]
    private static partial Regex RawBegin();

    [GeneratedRegex(@"\{%([-+]?)\s*endraw\s*([-+]?)%\}")]
    private static partial Regex RawEnd();

    [GeneratedRegex(@"\G(?:\d+_)*\d+((?:\.(?:\d+_)*\d+)?[eE][+\-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)?")]
    private static partial Regex NumberPattern();
}
