using SkillScan.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SkillScan.Syntax.Markdown;

/// <summary>A node of YAML read from untrusted front matter; spans are offsets in the Markdown document.</summary>
public abstract class YamlValue
{
    protected YamlValue(TextSpan span)
    {
        Span = span;
    }

    public TextSpan Span { get; }

    /// <summary>Nodes this value stands for once aliases are expanded (saturating), for alias-bomb detection.</summary>
    internal long ExpandedSize { get; set; } = 1;

    /// <summary>The scalar text, or null for mappings and sequences.</summary>
    public string? AsString => (this as YamlScalarValue)?.Value;
}

public sealed class YamlScalarValue : YamlValue
{
    public YamlScalarValue(string value, TextSpan span, bool quoted) : base(span)
    {
        Value = value;
        Quoted = quoted;
    }

    public string Value { get; }

    public bool Quoted { get; }
}

public sealed class YamlSequenceValue : YamlValue
{
    public YamlSequenceValue(TextSpan span, bool flow) : base(span)
    {
        Flow = flow;
    }

    public List<YamlValue> Items { get; } = new();

    /// <summary>Written in flow style (`[a, b]`).</summary>
    public bool Flow { get; }
}

public sealed class YamlMappingValue : YamlValue
{
    public YamlMappingValue(TextSpan span, bool flow) : base(span)
    {
        Flow = flow;
    }

    /// <summary>Entries in source order; a key written twice appears twice (lookups take the last, as most loaders do).</summary>
    public List<(YamlValue Key, YamlValue Value)> Entries { get; } = new();

    /// <summary>Written in flow style (`{a: 1}`), which is how JSON reads as YAML.</summary>
    public bool Flow { get; }

    public YamlValue? this[string key]
    {
        get
        {
            for (var i = Entries.Count - 1; i >= 0; i--)
            {
                if (Entries[i].Key.AsString == key) return Entries[i].Value;
            }
            return null;
        }
    }

    public IEnumerable<(string Key, YamlValue Value)> Pairs =>
        Entries.Where(e => e.Key.AsString is not null).Select(e => (e.Key.AsString!, e.Value));
}

/// <summary>Something wrong with front matter YAML (malformed, duplicate key, alias bomb...).</summary>
/// <param name="Kind">Stable id: invalid-yaml, duplicate-key, alias-bomb, too-deep, too-many-nodes, undefined-alias...</param>
public sealed record YamlProblem(string Kind, string Message, TextSpan Span);

public sealed record SafeYamlResult(YamlValue? Root, IReadOnlyList<YamlProblem> Problems)
{
    public bool AliasBomb => Problems.Any(p => p.Kind == "alias-bomb");
}

/// <summary>
/// Loads untrusted YAML from the parser's event stream with an explicit stack (no recursion), so hostile front
/// matter cannot exhaust the stack, expand an alias bomb, or hide a duplicate key. Aliases share the anchored
/// node instead of copying it; their expanded size is counted, and past the budget they are dropped.
/// </summary>
public static class SafeYaml
{
    public const int MaxDepth = 64;
    public const int MaxEvents = 20_000;
    public const long MaxExpandedNodes = 10_000;

    private sealed class Frame
    {
        public required YamlValue Node;
        public YamlValue? PendingKey;
        public Dictionary<string, TextSpan>? Keys;
    }

    /// <param name="text">The YAML text.</param>
    /// <param name="baseOffset">Offset of <paramref name="text"/> in the document, added to every span.</param>
    public static SafeYamlResult Load(string text, int baseOffset)
    {
        var problems = new List<YamlProblem>();
        var anchors = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        var open = new HashSet<YamlValue>(ReferenceEqualityComparer.Instance);
        var stack = new List<Frame>();
        YamlValue? root = null;
        long expanded = 0;
        var bombed = false;
        var events = 0;
        var documents = 0;

        TextSpan SpanOf(ParsingEvent e) => TextSpan.FromBounds(baseOffset + (int)e.Start.Index, baseOffset + (int)Math.Max(e.Start.Index, e.End.Index));

        void Attach(YamlValue value)
        {
            if (stack.Count == 0)
            {
                root ??= value;
                return;
            }
            var top = stack[^1];
            top.Node.ExpandedSize = SaturatingAdd(top.Node.ExpandedSize, value.ExpandedSize);
            switch (top.Node)
            {
                case YamlSequenceValue seq:
                    seq.Items.Add(value);
                    break;
                case YamlMappingValue when top.PendingKey is null:
                    top.PendingKey = value;
                    break;
                case YamlMappingValue map:
                    var key = top.PendingKey;
                    top.PendingKey = null;
                    if (key.AsString == "<<" && value is YamlMappingValue merged)
                    {
                        // YAML 1.1 merge key: the merged mapping's entries, unless written here too.
                        foreach (var entry in merged.Entries) map.Entries.Add(entry);
                        break;
                    }
                    if (key.AsString is { } name)
                    {
                        top.Keys ??= new Dictionary<string, TextSpan>(StringComparer.Ordinal);
                        if (top.Keys.TryGetValue(name, out var first))
                        {
                            var (line, _) = LineOf(text, first.Start - baseOffset);
                            problems.Add(new YamlProblem("duplicate-key",
                                $"Key '{name}' is written twice (first on front-matter line {line}); YAML loaders disagree on which value wins.", key.Span));
                        }
                        else
                        {
                            top.Keys[name] = key.Span;
                        }
                    }
                    map.Entries.Add((key, value));
                    break;
            }
        }

        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                if (++events > MaxEvents)
                {
                    problems.Add(new YamlProblem("too-many-nodes", $"Front matter holds more than {MaxEvents} YAML nodes; the rest was not read.", SpanOf(parser.Current!)));
                    break;
                }
                var e = parser.Current!;
                switch (e)
                {
                    case DocumentStart:
                        if (++documents > 1)
                        {
                            problems.Add(new YamlProblem("multiple-documents", "Front matter holds more than one YAML document; only the first is read.", SpanOf(e)));
                            goto done;
                        }
                        break;
                    case Scalar s:
                    {
                        var node = new YamlScalarValue(s.Value, SpanOf(e), s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted);
                        Remember(s.Anchor, node);
                        expanded++;
                        Attach(node);
                        break;
                    }
                    case MappingStart ms:
                    {
                        if (stack.Count >= MaxDepth)
                        {
                            problems.Add(new YamlProblem("too-deep", $"Front matter nests deeper than {MaxDepth} levels; the rest was not read.", SpanOf(e)));
                            goto done;
                        }
                        var node = new YamlMappingValue(SpanOf(e), ms.Style == MappingStyle.Flow);
                        Remember(ms.Anchor, node);
                        open.Add(node);
                        expanded++;
                        stack.Add(new Frame { Node = node });
                        break;
                    }
                    case SequenceStart ss:
                    {
                        if (stack.Count >= MaxDepth)
                        {
                            problems.Add(new YamlProblem("too-deep", $"Front matter nests deeper than {MaxDepth} levels; the rest was not read.", SpanOf(e)));
                            goto done;
                        }
                        var node = new YamlSequenceValue(SpanOf(e), ss.Style == SequenceStyle.Flow);
                        Remember(ss.Anchor, node);
                        open.Add(node);
                        expanded++;
                        stack.Add(new Frame { Node = node });
                        break;
                    }
                    case MappingEnd or SequenceEnd:
                        CloseTop();
                        break;
                    case AnchorAlias alias:
                    {
                        var span = SpanOf(e);
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            problems.Add(new YamlProblem("undefined-alias", $"Alias *{alias.Value.Value} names no anchor.", span));
                            Attach(new YamlScalarValue("", span, false));
                        }
                        else if (open.Contains(target))
                        {
                            problems.Add(new YamlProblem("recursive-alias", $"Alias *{alias.Value.Value} refers to a node that contains it.", span));
                            Attach(new YamlScalarValue("", span, false));
                        }
                        else if (bombed || SaturatingAdd(expanded, target.ExpandedSize) > MaxExpandedNodes)
                        {
                            if (!bombed)
                            {
                                problems.Add(new YamlProblem("alias-bomb",
                                    $"Aliases expand the front matter past {MaxExpandedNodes} nodes (a \"billion laughs\" alias bomb); aliases from *{alias.Value.Value} on were not expanded.", span));
                                bombed = true;
                            }
                            Attach(new YamlScalarValue("", span, false));
                        }
                        else
                        {
                            expanded = SaturatingAdd(expanded, target.ExpandedSize);
                            Attach(target);
                        }
                        break;
                    }
                }
            }
        }
        catch (YamlException ex)
        {
            var at = TextSpan.FromBounds(baseOffset + (int)Math.Min(ex.Start.Index, text.Length), baseOffset + (int)Math.Min(Math.Max(ex.Start.Index, ex.End.Index), text.Length));
            problems.Add(new YamlProblem("invalid-yaml", "Front matter is not valid YAML: " + Clean(ex), at));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some malformed plain scalars in flow
            // sequences; found by fuzzing. The input is invalid YAML all the same.
            problems.Add(new YamlProblem("invalid-yaml", "Front matter is not valid YAML: the YAML scanner gave up on a malformed scalar.",
                TextSpan.FromBounds(baseOffset, baseOffset + text.Length)));
        }
        done:
        // Close whatever an error or a limit left open, so the partial tree is still usable.
        while (stack.Count > 0) CloseTop();
        return new SafeYamlResult(root, problems);

        void Remember(AnchorName anchor, YamlValue node)
        {
            if (!anchor.IsEmpty) anchors[anchor.Value] = node;
        }

        void CloseTop()
        {
            if (stack.Count == 0) return;
            var frame = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            if (frame.PendingKey is not null && frame.Node is YamlMappingValue m)
            {
                m.Entries.Add((frame.PendingKey, new YamlScalarValue("", frame.PendingKey.Span, false)));
            }
            open.Remove(frame.Node);
            Attach(frame.Node);
        }
    }

    /// <summary>
    /// Whether YAML nests no deeper than <paramref name="maxDepth"/>, read from the event stream without recursion.
    /// YamlDotNet's YamlStream builds its tree recursively, so hostile nesting overflows the stack (which ends the
    /// process); readers that use YamlStream on untrusted files check this first. Malformed YAML counts as shallow:
    /// the real loader reports it.
    /// </summary>
    public static bool IsShallow(string text, int maxDepth = MaxDepth)
    {
        var depth = 0;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart when ++depth > maxDepth:
                        return false;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // Not YAML: the caller's loader reports it.
        }
        return true;
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static (int Line, int Column) LineOf(string text, int offset)
    {
        var line = 1;
        var lastBreak = -1;
        for (var i = 0; i < Math.Min(offset, text.Length); i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lastBreak = i;
            }
        }
        return (line, offset - lastBreak);
    }

    private static string Clean(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        // YamlDotNet prefixes "(Line: 2, Col: 3, Idx: 9) - (…): "; the finding carries the position already.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }
}
