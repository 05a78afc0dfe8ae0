using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SkillScan.Model;

namespace SkillScan.Pinning.Toml;

/// <summary>
/// A TOML 1.0 reader (with 1.1's relaxed inline tables) that keeps the source span of every key and value, so
/// findings can point into pyproject.toml, Pipfile and lock files. No TOML library is served to this build.
/// Nesting is bounded and the reader never recurses more than <see cref="MaxDepth"/> levels.
/// </summary>
public sealed class TomlReader
{
    public const int MaxDepth = 64;

    private static readonly Regex IntegerPattern = new(
        @"^([+-]?(0|[1-9](_?[0-9])*)|0x[0-9A-Fa-f](_?[0-9A-Fa-f])*|0o[0-7](_?[0-7])*|0b[01](_?[01])*)$",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex FloatPattern = new(
        @"^([+-]?(0|[1-9](_?[0-9])*)((\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?|[eE][+-]?[0-9](_?[0-9])*)|[+-]?(inf|nan))$",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex DateTimePattern = new(
        @"^([0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?|[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)$",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private readonly string _text;
    private int _pos;

    private TomlReader(string text)
    {
        _text = text;
    }

    /// <summary>Parses a whole document; throws <see cref="TomlException"/> with the offset of the problem.</summary>
    public static TomlTable Parse(string text) => new TomlReader(text).ParseDocument();

    private TomlTable ParseDocument()
    {
        var root = new TomlTable { Origin = TableOrigin.Header, Span = new TextSpan(0, _text.Length) };
        var current = root;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (_pos >= _text.Length) break;
            if (_text[_pos] == '[')
            {
                current = ParseHeader(root);
            }
            else
            {
                ParseKeyValue(current, depth: 0);
            }
            ExpectLineEnd();
        }
        return root;
    }

    private TomlTable ParseHeader(TomlTable root)
    {
        var start = _pos;
        var ofTables = Peek(1) == '[';
        _pos += ofTables ? 2 : 1;
        SkipSpaces();
        var keys = ParseKeyPath();
        SkipSpaces();
        if (!Consume(ofTables ? "]]" : "]")) throw Error(ofTables ? "expected ']]' to close the array-of-tables header" : "expected ']' to close the table header");
        var table = root;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            table = Descend(table, keys[i], forHeader: true);
        }
        var (key, keySpan) = keys[^1];
        var span = TextSpan.FromBounds(start, _pos);
        var existing = table[key];
        if (ofTables)
        {
            TomlArray array;
            if (existing is null)
            {
                array = new TomlArray { OfTables = true, Span = span };
                table.Add(key, keySpan, array);
            }
            else if (existing is TomlArray { OfTables: true } a)
            {
                array = a;
            }
            else
            {
                throw Error($"'{key}' is already defined and is not an array of tables", keySpan.Start);
            }
            var element = new TomlTable { Origin = TableOrigin.ArrayElement, Span = span };
            array.Items.Add(element);
            return element;
        }
        switch (existing)
        {
            case null:
                var created = new TomlTable { Origin = TableOrigin.Header, Span = span };
                table.Add(key, keySpan, created);
                return created;
            case TomlTable { Origin: TableOrigin.Implicit } implicitTable:
                implicitTable.Origin = TableOrigin.Header;
                implicitTable.Span = span;
                return implicitTable;
            default:
                throw Error($"table '{string.Join('.', keys.Select(k => k.Key))}' is defined more than once", keySpan.Start);
        }
    }

    /// <summary>The table under <paramref name="key"/>, created implicitly when missing (arrays of tables: their last element).</summary>
    private TomlTable Descend(TomlTable table, (string Key, TextSpan Span) key, bool forHeader)
    {
        switch (table[key.Key])
        {
            case null:
                var created = new TomlTable { Origin = forHeader ? TableOrigin.Implicit : TableOrigin.Dotted, Span = key.Span };
                table.Add(key.Key, key.Span, created);
                return created;
            case TomlTable { Origin: TableOrigin.Inline }:
                throw Error($"inline table '{key.Key}' cannot be extended", key.Span.Start);
            case TomlTable { Origin: TableOrigin.Dotted } when forHeader:
                throw Error($"table '{key.Key}' was defined by dotted keys and cannot be reopened by a header", key.Span.Start);
            case TomlTable t:
                return t;
            case TomlArray { OfTables: true, Items.Count: > 0 } array when forHeader:
                return (TomlTable)array.Items[^1];
            default:
                throw Error($"'{key.Key}' is already a value, not a table", key.Span.Start);
        }
    }

    private void ParseKeyValue(TomlTable table, int depth)
    {
        var keys = ParseKeyPath();
        SkipSpaces();
        if (!Consume("=")) throw Error("expected '=' after the key");
        SkipSpaces();
        var value = ParseValue(depth);
        for (var i = 0; i < keys.Count - 1; i++)
        {
            table = Descend(table, keys[i], forHeader: false);
        }
        var (key, keySpan) = keys[^1];
        if (table.Contains(key)) throw Error($"key '{key}' is defined more than once", keySpan.Start);
        table.Add(key, keySpan, value);
    }

    private List<(string Key, TextSpan Span)> ParseKeyPath()
    {
        var keys = new List<(string, TextSpan)>();
        while (true)
        {
            SkipSpaces();
            var start = _pos;
            string key;
            if (_pos < _text.Length && _text[_pos] == '"')
            {
                key = ParseBasicString(multiline: false, out _, out _);
            }
            else if (_pos < _text.Length && _text[_pos] == '\'')
            {
                key = ParseLiteralString(multiline: false, out _);
            }
            else
            {
                while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-')) _pos++;
                if (_pos == start) throw Error("expected a key");
                key = _text[start.._pos];
            }
            keys.Add((key, TextSpan.FromBounds(start, _pos)));
            SkipSpaces();
            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                continue;
            }
            return keys;
        }
    }

    private TomlNode ParseValue(int depth)
    {
        if (depth > MaxDepth) throw Error($"values nested deeper than {MaxDepth} levels");
        if (_pos >= _text.Length) throw Error("expected a value");
        var start = _pos;
        var c = _text[_pos];
        switch (c)
        {
            case '"':
            {
                var multiline = Peek(1) == '"' && Peek(2) == '"';
                var value = ParseBasicString(multiline, out var contentStart, out var verbatim);
                return new TomlString(value, TextSpan.FromBounds(start, _pos), contentStart, verbatim);
            }
            case '\'':
            {
                var multiline = Peek(1) == '\'' && Peek(2) == '\'';
                var value = ParseLiteralString(multiline, out var contentStart);
                return new TomlString(value, TextSpan.FromBounds(start, _pos), contentStart, verbatim: true);
            }
            case '[':
                return ParseArray(depth);
            case '{':
                return ParseInlineTable(depth);
        }
        return ParseBareScalar();
    }

    private TomlArray ParseArray(int depth)
    {
        var start = _pos;
        _pos++;
        var array = new TomlArray();
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (_pos >= _text.Length) throw Error("unterminated array", start);
            if (_text[_pos] == ']')
            {
                _pos++;
                break;
            }
            array.Items.Add(ParseValue(depth + 1));
            SkipWhitespaceCommentsAndNewlines();
            if (_pos < _text.Length && _text[_pos] == ',')
            {
                _pos++;
                continue;
            }
            if (_pos < _text.Length && _text[_pos] == ']')
            {
                _pos++;
                break;
            }
            throw Error("expected ',' or ']' in array");
        }
        array.Span = TextSpan.FromBounds(start, _pos);
        return array;
    }

    private TomlTable ParseInlineTable(int depth)
    {
        var start = _pos;
        _pos++;
        var table = new TomlTable { Origin = TableOrigin.Header };
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (_pos >= _text.Length) throw Error("unterminated inline table", start);
            if (_text[_pos] == '}')
            {
                _pos++;
                break;
            }
            ParseKeyValue(table, depth + 1);
            SkipWhitespaceCommentsAndNewlines();
            if (_pos < _text.Length && _text[_pos] == ',')
            {
                _pos++;
                continue;
            }
            if (_pos < _text.Length && _text[_pos] == '}')
            {
                _pos++;
                break;
            }
            throw Error("expected ',' or '}' in inline table");
        }
        table.Origin = TableOrigin.Inline;
        table.Span = TextSpan.FromBounds(start, _pos);
        SealDottedChildren(table);
        return table;
    }

    /// <summary>Tables made by dotted keys inside an inline table are part of it: closed as well.</summary>
    private static void SealDottedChildren(TomlTable table)
    {
        var stack = new Stack<TomlTable>();
        stack.Push(table);
        while (stack.Count > 0)
        {
            foreach (var (_, _, value) in stack.Pop().Entries)
            {
                if (value is TomlTable { Origin: TableOrigin.Dotted } child)
                {
                    child.Origin = TableOrigin.Inline;
                    stack.Push(child);
                }
            }
        }
    }

    private TomlScalar ParseBareScalar()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '+' or '-' or '.' or ':')) _pos++;
        // A date and a time may be separated by one space: "1979-05-27 07:32:00".
        if (_pos < _text.Length - 1 && _text[_pos] == ' ' && char.IsAsciiDigit(_text[_pos + 1]) &&
            DateTimePattern.IsMatch(_text[start.._pos]) && !_text[start.._pos].Contains(':'))
        {
            var save = _pos;
            _pos++;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '+' or '-' or '.' or ':')) _pos++;
            if (!DateTimePattern.IsMatch(_text[start.._pos])) _pos = save;
        }
        var raw = _text[start.._pos];
        var span = TextSpan.FromBounds(start, _pos);
        if (raw.Length == 0) throw Error($"unexpected character '{_text[start]}' where a value was expected");
        if (raw is "true" or "false") return new TomlScalar(TomlScalarKind.Boolean, raw, span);
        if (IntegerPattern.IsMatch(raw)) return new TomlScalar(TomlScalarKind.Integer, raw, span);
        if (FloatPattern.IsMatch(raw)) return new TomlScalar(TomlScalarKind.Float, raw, span);
        if (DateTimePattern.IsMatch(raw)) return new TomlScalar(TomlScalarKind.DateTime, raw, span);
        throw Error($"'{raw}' is not a valid TOML value (strings need quotes)", start);
    }

    private string ParseBasicString(bool multiline, out int contentStart, out bool verbatim)
    {
        var open = _pos;
        _pos += multiline ? 3 : 1;
        if (multiline) SkipFirstNewline();
        contentStart = _pos;
        verbatim = true;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string", open);
            var c = _text[_pos];
            if (c == '"')
            {
                if (!multiline)
                {
                    _pos++;
                    return sb.ToString();
                }
                var run = CountRun('"');
                if (run >= 3)
                {
                    if (run > 5) throw Error("too many quotes closing a multi-line string");
                    sb.Append('"', run - 3);
                    _pos += run;
                    return sb.ToString();
                }
                sb.Append('"', run);
                _pos += run;
                continue;
            }
            if (c == '\\')
            {
                verbatim = false;
                ParseEscape(sb, multiline);
                continue;
            }
            if (c is '\n' or '\r')
            {
                if (!multiline) throw Error("newline in a single-line string");
                if (c == '\r' && Peek(1) != '\n') throw Error("bare carriage return in a string");
            }
            else if (char.IsControl(c) && c != '\t')
            {
                throw Error($"control character U+{(int)c:X4} must be escaped in a string");
            }
            sb.Append(c);
            _pos++;
        }
    }

    private void ParseEscape(StringBuilder sb, bool multiline)
    {
        var at = _pos;
        _pos++;
        if (_pos >= _text.Length) throw Error("unterminated escape", at);
        var e = _text[_pos];
        _pos++;
        switch (e)
        {
            case 'b': sb.Append('\b'); return;
            case 't': sb.Append('\t'); return;
            case 'n': sb.Append('\n'); return;
            case 'f': sb.Append('\f'); return;
            case 'r': sb.Append('\r'); return;
            case 'e': sb.Append('\u001b'); return;
            case '"': sb.Append('"'); return;
            case '\\': sb.Append('\\'); return;
            case 'x': AppendCodePoint(sb, 2, at); return;
            case 'u': AppendCodePoint(sb, 4, at); return;
            case 'U': AppendCodePoint(sb, 8, at); return;
        }
        if (multiline && (e is ' ' or '\t' or '\n' or '\r'))
        {
            // Line-ending backslash: trims all whitespace and newlines up to the next non-blank character.
            _pos--;
            var sawNewline = false;
            while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
            {
                sawNewline |= _text[_pos] == '\n';
                _pos++;
            }
            if (!sawNewline) throw Error("a backslash followed by spaces must end the line", at);
            return;
        }
        throw Error($"invalid escape '\\{e}'", at);
    }

    private void AppendCodePoint(StringBuilder sb, int digits, int at)
    {
        if (_pos + digits > _text.Length) throw Error("truncated unicode escape", at);
        var hex = _text.Substring(_pos, digits);
        if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) ||
            code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            throw Error($"invalid unicode escape '{hex}'", at);
        }
        _pos += digits;
        sb.Append(char.ConvertFromUtf32(code));
    }

    private string ParseLiteralString(bool multiline, out int contentStart)
    {
        var open = _pos;
        _pos += multiline ? 3 : 1;
        if (multiline) SkipFirstNewline();
        contentStart = _pos;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string", open);
            var c = _text[_pos];
            if (c == '\'')
            {
                if (!multiline)
                {
                    _pos++;
                    return sb.ToString();
                }
                var run = CountRun('\'');
                if (run >= 3)
                {
                    if (run > 5) throw Error("too many quotes closing a multi-line string");
                    sb.Append('\'', run - 3);
                    _pos += run;
                    return sb.ToString();
                }
                sb.Append('\'', run);
                _pos += run;
                continue;
            }
            if (c is '\n' or '\r' && !multiline) throw Error("newline in a single-line string");
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) throw Error($"control character U+{(int)c:X4} in a literal string");
            sb.Append(c);
            _pos++;
        }
    }

    private void SkipFirstNewline()
    {
        if (Peek(0) == '\n') _pos++;
        else if (Peek(0) == '\r' && Peek(1) == '\n') _pos += 2;
    }

    private int CountRun(char c)
    {
        var n = 0;
        while (_pos + n < _text.Length && _text[_pos + n] == c) n++;
        return n;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t') _pos++;
    }

    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private void ExpectLineEnd()
    {
        SkipSpaces();
        if (_pos < _text.Length && _text[_pos] == '#')
        {
            while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
        }
        if (_pos >= _text.Length) return;
        if (_text[_pos] == '\n' || (_text[_pos] == '\r' && Peek(1) == '\n')) return;
        throw Error($"unexpected '{_text[_pos]}' after a value (one key = value per line)");
    }

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool Consume(string token)
    {
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0) return false;
        _pos += token.Length;
        return true;
    }

    private TomlException Error(string reason, int? at = null) => new(reason, at ?? _pos);
}
