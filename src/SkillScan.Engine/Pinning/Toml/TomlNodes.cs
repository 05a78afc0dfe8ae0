using SkillScan.Model;

namespace SkillScan.Pinning.Toml;

/// <summary>A TOML value with the span of its source text (offsets into the parsed text).</summary>
public abstract class TomlNode
{
    public TextSpan Span { get; internal set; }
}

/// <summary>A string value. Positions inside it are exact when it was written without escapes.</summary>
public sealed class TomlString : TomlNode
{
    public TomlString(string value, TextSpan span, int contentStart, bool verbatim)
    {
        Value = value;
        Span = span;
        ContentStart = contentStart;
        Verbatim = verbatim;
    }

    public string Value { get; }

    /// <summary>Offset of the first character of the value (after the quotes).</summary>
    public int ContentStart { get; }

    /// <summary>The value is the source text between the quotes, character for character.</summary>
    public bool Verbatim { get; }

    /// <summary>The source span of value[start..end], or the whole string's span when escapes make it inexact.</summary>
    public TextSpan ValueSpan(int start, int end) =>
        Verbatim ? TextSpan.FromBounds(ContentStart + start, ContentStart + end) : Span;

    public TextSpan ContentSpan => ValueSpan(0, Value.Length);
}

public enum TomlScalarKind
{
    Integer,
    Float,
    Boolean,
    DateTime,
}

/// <summary>An integer, float, boolean or date-time, kept as written.</summary>
public sealed class TomlScalar : TomlNode
{
    public TomlScalar(TomlScalarKind kind, string raw, TextSpan span)
    {
        Kind = kind;
        Raw = raw;
        Span = span;
    }

    public TomlScalarKind Kind { get; }

    public string Raw { get; }
}

public sealed class TomlArray : TomlNode
{
    public List<TomlNode> Items { get; } = new();

    /// <summary>Made by `[[name]]` headers (an array of tables), not by a `[...]` value.</summary>
    public bool OfTables { get; init; }
}

/// <summary>A table: keys in the order written, each with the span of its key.</summary>
public sealed class TomlTable : TomlNode
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<(string Key, TextSpan KeySpan, TomlNode Value)> _entries = new();

    public IReadOnlyList<(string Key, TextSpan KeySpan, TomlNode Value)> Entries => _entries;

    /// <summary>How the table came to be, which decides whether it may be opened again.</summary>
    internal TableOrigin Origin { get; set; }

    public TomlNode? this[string key] => _index.TryGetValue(key, out var i) ? _entries[i].Value : null;

    public bool Contains(string key) => _index.ContainsKey(key);

    internal void Add(string key, TextSpan keySpan, TomlNode value)
    {
        _index[key] = _entries.Count;
        _entries.Add((key, keySpan, value));
    }

    public TomlTable? Table(string key) => this[key] as TomlTable;

    public TomlArray? Array(string key) => this[key] as TomlArray;

    public TomlString? String(string key) => this[key] as TomlString;

    /// <summary>The table at a dotted path of plain keys ("tool.poetry.dependencies"), or null.</summary>
    public TomlTable? Path(string dotted)
    {
        var table = this;
        foreach (var key in dotted.Split('.'))
        {
            table = table?.Table(key);
        }
        return table;
    }
}

internal enum TableOrigin
{
    /// <summary>Created on the way to a deeper header or dotted key: may still get its own header once.</summary>
    Implicit,

    /// <summary>Opened by a `[header]`.</summary>
    Header,

    /// <summary>Created by a dotted key (`a.b = 1`): may not be opened by a header later.</summary>
    Dotted,

    /// <summary>An inline table `{ ... }`: closed, nothing may be added.</summary>
    Inline,

    /// <summary>An element of an array of tables.</summary>
    ArrayElement,
}

/// <summary>The text is not valid TOML: the reason and where.</summary>
public sealed class TomlException : Exception
{
    public TomlException(string reason, int offset)
        : base(reason)
    {
        Offset = offset;
    }

    public int Offset { get; }
}
