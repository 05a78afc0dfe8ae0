using System.Text;
using System.Text.Json;
using SkillScan.Model;

namespace SkillScan.Pinning.Manifests;

/// <summary>A JSON value with its source span, read from a <see cref="SourceDocument"/> (offsets in its text).</summary>
public abstract class JsonTreeNode
{
    public TextSpan Span { get; internal set; }
}

public sealed class JsonTreeString : JsonTreeNode
{
    public JsonTreeString(string value, TextSpan span, bool verbatim)
    {
        Value = value;
        Span = span;
        Verbatim = verbatim;
    }

    public string Value { get; }

    /// <summary>The value is the source text between the quotes, character for character (no escapes).</summary>
    public bool Verbatim { get; }

    /// <summary>The span of value[start..end], or the whole literal when escapes make positions inexact.</summary>
    public TextSpan ValueSpan(int start, int end) =>
        Verbatim ? TextSpan.FromBounds(Span.Start + 1 + start, Span.Start + 1 + end) : Span;

    public TextSpan ContentSpan => ValueSpan(0, Value.Length);
}

/// <summary>A number, true, false or null, kept as written.</summary>
public sealed class JsonTreeScalar : JsonTreeNode
{
    public JsonTreeScalar(string raw, TextSpan span)
    {
        Raw = raw;
        Span = span;
    }

    public string Raw { get; }
}

public sealed class JsonTreeArray : JsonTreeNode
{
    public List<JsonTreeNode> Items { get; } = new();
}

public sealed record JsonTreeProperty(string Name, TextSpan NameSpan, JsonTreeNode Value);

public sealed class JsonTreeObject : JsonTreeNode
{
    public List<JsonTreeProperty> Properties { get; } = new();

    /// <summary>The value of a key; the last one wins, as in JSON.parse.</summary>
    public JsonTreeNode? this[string name]
    {
        get
        {
            for (var i = Properties.Count - 1; i >= 0; i--)
            {
                if (Properties[i].Name == name) return Properties[i].Value;
            }
            return null;
        }
    }

    public JsonTreeObject? Object(string name) => this[name] as JsonTreeObject;

    public JsonTreeString? String(string name) => this[name] as JsonTreeString;
}

/// <summary>Reads JSON (comments and trailing commas tolerated, depth bounded) into a tree that keeps positions.</summary>
public static class JsonTree
{
    public const int MaxDepth = 128;

    /// <summary>Parses the document's text; throws <see cref="JsonException"/> with a line number when it is not JSON.</summary>
    public static JsonTreeNode Parse(SourceDocument document)
    {
        var utf8 = document.Utf8;
        var reader = new Utf8JsonReader(utf8.Bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = MaxDepth,
        });
        // Iterative: containers on an explicit stack, so depth costs heap, not call stack.
        var stack = new Stack<(JsonTreeNode Container, string? PendingName, TextSpan PendingSpan)>();
        JsonTreeNode? root = null;
        string? name = null;
        var nameSpan = default(TextSpan);
        while (reader.Read())
        {
            var start = (uint)reader.TokenStartIndex;
            JsonTreeNode? value = null;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    name = reader.GetString();
                    nameSpan = utf8.Span(start, start + (uint)reader.ValueSpan.Length + 2);
                    continue;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    JsonTreeNode container = reader.TokenType == JsonTokenType.StartObject ? new JsonTreeObject() : new JsonTreeArray();
                    container.Span = new TextSpan(utf8.CharOffset(start), utf8.CharOffset(start));
                    stack.Push((container, name, nameSpan));
                    name = null;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    var (done, pendingName, pendingSpan) = stack.Pop();
                    done.Span = TextSpan.FromBounds(done.Span.Start, utf8.CharOffset(start + 1));
                    value = done;
                    name = pendingName;
                    nameSpan = pendingSpan;
                    break;
                case JsonTokenType.String:
                    var end = start + (uint)reader.ValueSpan.Length + 2;
                    value = new JsonTreeString(reader.GetString() ?? "", utf8.Span(start, end), !reader.ValueIsEscaped);
                    break;
                default:
                    var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                    value = new JsonTreeScalar(raw, utf8.Span(start, start + (uint)reader.ValueSpan.Length));
                    break;
            }
            if (stack.Count == 0)
            {
                root = value;
                continue;
            }
            switch (stack.Peek().Container)
            {
                case JsonTreeObject o:
                    o.Properties.Add(new JsonTreeProperty(name ?? "", nameSpan, value));
                    break;
                case JsonTreeArray a:
                    a.Items.Add(value);
                    break;
            }
            name = null;
        }
        return root ?? throw new JsonException("the document holds no JSON value");
    }
}
