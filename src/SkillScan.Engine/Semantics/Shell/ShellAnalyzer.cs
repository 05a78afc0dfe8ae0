using System.Globalization;
using SkillScan.Model;
using SkillScan.TreeSitter;

namespace SkillScan.Semantics.Shell;

/// <summary>
/// Evaluates one shell document over its tree-sitter tree, in execution order, with an explicit stack (trees
/// nest hundreds of thousands of levels deep in hostile input). Words fold to constants where they can; values
/// carry taint; each simple command becomes a <see cref="CallFact"/> once its stdin is known (see ShellCommands.cs).
/// </summary>
internal sealed partial class ShellAnalyzer
{
    private readonly SourceDocument _doc;
    private readonly byte[] _source;
    private readonly CapabilityCatalog _catalog;
    private readonly SensitivePaths _paths;
    private readonly FactContext _context;
    private readonly DocumentFacts _facts = new();

    private readonly Dictionary<string, ShellValue> _vars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TsNode> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _functionRuns = new(StringComparer.Ordinal);
    private readonly HashSet<string> _functionSignatures = new(StringComparer.Ordinal);

    /// <summary>What earlier commands wrote to files (downloads, redirections), by normalised path.</summary>
    private readonly Dictionary<string, ShellValue> _files = new(StringComparer.Ordinal);

    private readonly HashSet<(int, int, string?)> _stringSpans = new();

    /// <summary>Characters this document may copy into folded text (concatenation, joins, expansions, decoding).</summary>
    private readonly FoldBudget _fold;
    private readonly HashSet<(int, int, Language, int)> _derivedKeys = new();
    private readonly Stack<Frame> _framePool = new();
    private readonly Dictionary<string, string[]> _stems = new(StringComparer.Ordinal);

    /// <summary>Arguments of the function being inlined ($1, $@); null at the top level.</summary>
    private IReadOnlyList<ShellValue>? _positional;

    /// <summary>1 while a function body is evaluated: calls inside it are not inlined again (one level).</summary>
    private int _inlineDepth;

    /// <summary>Taint of archives extracted from downloads: files run from them afterwards are downloaded code.</summary>
    private IReadOnlyList<TaintSource> _extractedTaint = ValueFact.NoTaint;

    private int _visited;

    /// <summary>Longest folded text kept; longer values become unknown (their taint is kept).</summary>
    internal const int MaxConstantLength = 1024 * 1024;

    /// <summary>Function bodies inlined per function at most (each with different arguments).</summary>
    private const int MaxRunsPerFunction = 4;

    public ShellAnalyzer(SourceDocument document, byte[] source, CapabilityCatalog catalog, SensitivePaths paths, FactContext context)
    {
        _doc = document;
        _source = source;
        _catalog = catalog;
        _paths = paths;
        _context = context;
        _fold = new FoldBudget(document.Text.Length);
    }

    public DocumentFacts Run(TsNode root)
    {
        EvaluateBlock(root, ambient: null, collectOutput: false);
        // Functions never called (or only from other functions) are analysed once, with unknown arguments.
        _inlineDepth = 1;
        _positional = Array.Empty<ShellValue>();
        for (var round = 0; round < 64; round++)
        {
            var pending = _functions.Where(f => !_functionRuns.ContainsKey(f.Key)).ToList();
            if (pending.Count == 0) break;
            foreach (var (name, body) in pending)
            {
                _functionRuns[name] = 1;
                EvaluateBlock(body, ambient: null, collectOutput: false);
            }
        }
        return _facts;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The walk: post-order with an explicit frame stack, one native cursor.
    // ------------------------------------------------------------------------------------------------------------

    private sealed class Frame
    {
        public TsNode Node;
        public string Type = "";
        public Frame? Parent;
        public List<Item>? Items;
        public List<ShellValue>? Outputs;
        public bool CollectOutputs;

        /// <summary>Stdin of commands run directly in this statement (a group in a pipeline, a loop fed by `&lt; file`).</summary>
        public ShellValue? Ambient;

        /// <summary>Pipelines: the output of the last stage so far.</summary>
        public ShellValue? Pipe;

        /// <summary>Redirected statements: the statement redirected.</summary>
        public Stage? Body;

        /// <summary>Pipelines after a here-document marker: stages wait for the body.</summary>
        public PipelineTail? Tail;

        public void Reset()
        {
            Node = default;
            Type = "";
            Parent = null;
            Items = null;
            Outputs = null;
            CollectOutputs = false;
            Ambient = null;
            Pipe = null;
            Body = null;
            Tail = null;
        }
    }

    /// <summary>Evaluates a subtree (the program, or a function body being inlined) and returns its output.</summary>
    private ShellValue? EvaluateBlock(TsNode root, ShellValue? ambient, bool collectOutput)
    {
        using var cursor = root.Walk();
        var top = Enter(root, null, out var descend)!;
        top.Ambient = ambient;
        top.Pipe = top.Type == "pipeline" ? ambient : null;
        top.CollectOutputs = collectOutput;
        var framed = true;
        object? rootResult = null;
        var ct = _context.CancellationToken;
        while (true)
        {
            if (!(descend && cursor.GotoFirstChild()))
            {
                // The current node is finished: leave it and every ancestor that has no next sibling.
                while (true)
                {
                    if (framed)
                    {
                        var node = top.Node;
                        var type = top.Type;
                        var result = Leave(top);
                        var parent = top.Parent;
                        Release(top);
                        if (parent is null)
                        {
                            rootResult = result;
                            return rootResult switch
                            {
                                Stage s => Finalize(s, ambient),
                                ShellValue v => v,
                                _ => null,
                            };
                        }
                        Add(parent, type, node, result);
                        top = parent;
                    }
                    if (cursor.GotoNextSibling()) break;
                    cursor.GotoParent();
                    framed = true;
                }
            }
            var current = cursor.Current;
            if (!current.IsNamed)
            {
                framed = false;
                descend = false;
                continue;
            }
            if ((++_visited & 0x7ff) == 0) ct.ThrowIfCancellationRequested();
            var frame = Enter(current, top, out descend);
            if (frame is null)
            {
                framed = false;
                descend = false;
                continue;
            }
            top = frame;
            framed = true;
        }
    }

    private Frame? Enter(TsNode node, Frame? parent, out bool descend)
    {
        var type = node.Type;
        switch (type)
        {
            case "comment" or "heredoc_end":
                descend = false;
                return null;
            case "function_definition":
                RecordFunction(node);
                descend = false;
                return null;
        }
        descend = true;
        var f = _framePool.Count > 0 ? _framePool.Pop() : new Frame();
        f.Node = node;
        f.Type = type;
        f.Parent = parent;
        f.CollectOutputs = true;
        if (parent is not null)
        {
            f.Ambient = parent.Type == "pipeline" ? parent.Pipe : parent.Ambient;
        }
        switch (type)
        {
            case "pipeline":
                f.Pipe = f.Ambient;
                if (parent is { Type: "heredoc_redirect" } || parent?.Tail is not null) f.Tail = new PipelineTail();
                break;
            case "command_substitution" or "process_substitution":
                f.Ambient = null;
                break;
            case "redirected_statement":
                f.Ambient = PreviewInput(node) ?? f.Ambient;
                break;
            case "do_group" when parent is { Type: "for_statement" }:
                AssignLoopVariable(parent);
                break;
        }
        return f;
    }

    private void Release(Frame f)
    {
        f.Reset();
        if (_framePool.Count < 256) _framePool.Push(f);
    }

    private void Add(Frame parent, string type, TsNode node, object? result)
    {
        switch (result)
        {
            case null:
                return;
            case Stage stage:
                AbsorbStage(parent, stage);
                return;
            case PipelineTail tail when parent.Tail is not null:
                parent.Tail.Stages.AddRange(tail.Stages);
                return;
            default:
                (parent.Items ??= new List<Item>()).Add(new Item(type, node, result));
                return;
        }
    }

    /// <summary>A statement ended inside its parent: run it now with the stdin the parent gives it.</summary>
    private void AbsorbStage(Frame parent, Stage stage)
    {
        if (parent.Type == "pipeline")
        {
            if (parent.Tail is not null)
            {
                parent.Tail.Stages.Add(stage);
            }
            else
            {
                parent.Pipe = Finalize(stage, parent.Pipe);
            }
            return;
        }
        if (parent.Type == "redirected_statement" && parent.Body is null)
        {
            parent.Body = stage;
            return;
        }
        var output = Finalize(stage, parent.Ambient);
        if (parent.CollectOutputs && output is not null) (parent.Outputs ??= new List<ShellValue>()).Add(output);
    }

    private object? Leave(Frame f)
    {
        switch (f.Type)
        {
            case "word":
                return Word(f.Node, f.Parent?.Type);
            case "raw_string":
                return RawString(f.Node, f.Parent?.Type);
            case "ansi_c_string":
                return AnsiCString(f.Node, f.Parent?.Type);
            case "number" when f.Items is null:
            case "regex" or "extglob_pattern" or "test_operator" or "heredoc_content" or "string_content" or "file_descriptor" or "brace_expression":
                return Literal(f.Node);
            case "variable_name" or "special_variable_name":
                return new NameRef(TextOf(f.Node));
            case "heredoc_start":
                return new HeredocStart(TextOf(f.Node).AsSpan().IndexOfAny("'\"\\") >= 0);
            case "simple_expansion":
                return f.Items is [{ Value: NameRef name }, ..] ? Lookup(name.Name, SpanOf(f.Node)) with { Splittable = true } : null;
            case "expansion":
                return Expansion(f);
            case "string":
                return FoldParts(f, Quoting.Double);
            case "concatenation":
                return FoldParts(f, Quoting.None);
            case "heredoc_body":
                return HeredocBody(f);
            case "translated_string" or "command_name":
                return f.Items is [{ Value: ShellValue v }, ..] ? v : null;
            case "command_substitution":
                return CommandSubstitution(f);
            case "process_substitution":
                return new ShellValue(SpanOf(f.Node), null) { FileContent = Through(DoneStage.Join(SpanOf(f.Node), f.Outputs, _fold), f.Node, "process substitution") };
            case "array":
                return ArrayValue(f);
            case "subscript":
                return Subscript(f);
            case "variable_assignment":
                return Assignment(f);
            case "command":
                return Command(f);
            case "declaration_command":
                return Declaration(f);
            case "unset_command" or "variable_assignments":
                return null;
            case "file_redirect":
                return FileRedirect(f);
            case "herestring_redirect":
                return HereString(f);
            case "heredoc_redirect":
                return Heredoc(f);
            case "pipeline":
                return f.Tail is not null ? f.Tail : new DoneStage(SpanOf(f.Node), f.Pipe);
            case "redirected_statement":
                return new RedirectedStage
                {
                    Span = SpanOf(f.Node),
                    Body = f.Body ?? new DoneStage(SpanOf(f.Node), (ShellValue?)null),
                    Redirects = f.Items?.Select(i => i.Value).OfType<Redirect>().ToList() ?? new List<Redirect>(),
                };
            case "number" or "arithmetic_expansion" or "binary_expression" or "unary_expression" or "parenthesized_expression"
                or "postfix_expression" or "ternary_expression":
                return UnionValue(f);
            default:
                // Statement containers: program, list, groups, loops, conditionals, ERROR.
                return new DoneStage(SpanOf(f.Node), f.Outputs, _fold);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Words and expansions
    // ------------------------------------------------------------------------------------------------------------

    private enum Quoting
    {
        None,
        Double,
        Heredoc,
    }

    private ShellValue Word(TsNode node, string? parentType)
    {
        var span = SpanOf(node);
        var text = _doc.Slice(span);
        var folded = ShellText.UnescapeWord(text);
        var value = new ShellValue(span, folded)
        {
            Origin = span,
            Verbatim = ReferenceEquals(folded, text),
            Via = ReferenceEquals(folded, text) || folded == text.Replace("\\\n", "") ? null : "backslash escapes",
        };
        NoteString(value, parentType);
        return value;
    }

    private ShellValue RawString(TsNode node, string? parentType)
    {
        var span = SpanOf(node);
        var inner = span.Length >= 2 ? new TextSpan(span.Start + 1, span.End - 1) : span;
        var value = new ShellValue(span, _doc.Slice(inner)) { Origin = inner, Verbatim = true };
        NoteString(value, parentType);
        return value;
    }

    private ShellValue AnsiCString(TsNode node, string? parentType)
    {
        var span = SpanOf(node);
        var text = _doc.Slice(span);
        var body = text.Length >= 3 ? text[2..^1] : "";
        var folded = ShellText.AnsiC(body);
        var value = new ShellValue(span, folded)
        {
            Origin = span.Length >= 3 ? new TextSpan(span.Start + 2, span.End - 1) : span,
            Via = folded == body ? null : "ANSI-C quoting $'…'",
            DecodedBy = folded == body ? null : "escapes",
        };
        NoteString(value, parentType);
        return value;
    }

    private ShellValue Literal(TsNode node)
    {
        var span = SpanOf(node);
        return new ShellValue(span, _doc.Slice(span)) { Origin = span, Verbatim = true };
    }

    /// <summary>Strings, concatenations and here-document bodies: the parts in order, with the text between them.</summary>
    private ShellValue FoldParts(Frame f, Quoting quoting)
    {
        var node = f.Node;
        var span = SpanOf(node);
        var items = f.Items;
        uint start = node.StartByte, end = node.EndByte;
        if (quoting == Quoting.Double && end - start >= 2 && _source[start] == (byte)'"')
        {
            start++;
            end--;
        }
        if (items is [{ Value: ShellValue { Items: not null } single }] && quoting == Quoting.Double)
        {
            return single with { Splittable = false };
        }
        var parts = new List<ShellValue>(items?.Count ?? 1);
        var pos = start;
        var quotedPieces = quoting == Quoting.None;
        foreach (var item in items ?? [])
        {
            if (item.Value is not ShellValue v) continue;
            if (item.Node.StartByte > pos) parts.Add(Gap(pos, item.Node.StartByte, quoting));
            pos = Math.Max(pos, item.Node.EndByte);
            if (item.Type is "string_content" or "heredoc_content")
            {
                var raw = v.Constant!;
                var unescaped = quoting == Quoting.Heredoc ? ShellText.UnescapeDoubleQuoted(raw, inHeredoc: true) : ShellText.UnescapeDoubleQuoted(raw);
                v = ReferenceEquals(raw, unescaped) ? v : v.With(constant: unescaped);
            }
            if (item.Type is not ("string" or "raw_string" or "word" or "ansi_c_string")) quotedPieces = false;
            parts.Add(v);
        }
        if (end > pos) parts.Add(Gap(pos, end, quoting));
        var value = Concat(span, parts);
        if (quoting != Quoting.None) value = value with { Splittable = false, Items = null };
        if (quoting == Quoting.None)
        {
            var splittable = false;
            foreach (var p in parts) splittable |= p.Splittable;
            value = value with { Splittable = splittable };
            if (value.Via is null && quotedPieces && parts.Count > 1) value = value with { Via = "quoted pieces" };
        }
        if (quoting != Quoting.Heredoc) NoteString(value, f.Parent?.Type);
        return value;
    }

    private ShellValue Gap(uint from, uint to, Quoting quoting)
    {
        var span = _doc.Utf8.Span(from, to);
        var raw = _doc.Slice(span);
        var text = quoting switch
        {
            Quoting.None => ShellText.UnescapeWord(raw),
            Quoting.Double => ShellText.UnescapeDoubleQuoted(raw),
            _ => ShellText.UnescapeDoubleQuoted(raw, inHeredoc: true),
        };
        return new ShellValue(span, text) { Origin = span };
    }

    /// <summary>Joins values into one word: constant when every part is, taint of all parts.</summary>
    private ShellValue Concat(TextSpan span, List<ShellValue> parts)
    {
        if (parts.Count == 0) return new ShellValue(span, "") { Origin = span, Verbatim = span.Length == 0 };
        if (parts.Count == 1)
        {
            var only = parts[0];
            return only.At(span);
        }
        long length = 0;
        var known = true;
        foreach (var p in parts)
        {
            length += p.Constant?.Length ?? 0;
            known &= p.Constant is not null;
        }
        // `a="$a$a"` repeated doubles the text each time: beyond the limit the value is just unknown.
        var builder = known && length <= MaxConstantLength && _fold.Spend(length) ? new System.Text.StringBuilder((int)length) : null;
        TextSpan? origin = null;
        string? decodedBy = null;
        List<string>? vias = null;
        foreach (var p in parts)
        {
            builder?.Append(p.Constant);
            if (p.Constant is { Length: > 0 } || p.IsTainted) origin = origin is { } o ? o.Union(p.OriginOrSpan) : p.OriginOrSpan;
            decodedBy ??= p.DecodedBy;
            if (p.Via is not null && (vias ??= new List<string>()).Count < 4 && !vias.Contains(p.Via)) vias.Add(p.Via);
        }
        var value = new ShellValue(span, builder?.ToString(), Taints.Union(parts))
        {
            Origin = origin,
            DecodedBy = decodedBy,
            Via = vias is null ? null : "assembled from pieces (" + string.Join(", ", vias) + ")",
        };
        return value with { Verbatim = IsVerbatim(value) };
    }

    private bool IsVerbatim(ShellValue value) =>
        value.Constant is { } c && value.Origin is { } o && o.Length == c.Length && o.End <= _doc.Text.Length &&
        string.CompareOrdinal(_doc.Text, o.Start, c, 0, c.Length) == 0;

    private ShellValue? HeredocBody(Frame f)
    {
        var parent = f.Parent;
        var quoted = parent?.Items?.Any(i => i.Value is HeredocStart { Quoted: true }) == true;
        var stripTabs = parent is not null && parent.Node.Child(0).Type == "<<-";
        var span = SpanOf(f.Node);
        var value = quoted
            ? new ShellValue(span, _doc.Slice(span)) { Origin = span, Verbatim = true }
            : FoldParts(f, Quoting.Heredoc);
        if (stripTabs && value.Constant is { } c)
        {
            var stripped = ShellText.StripLeadingTabs(c);
            if (stripped != c) value = value.With(constant: stripped) with { Verbatim = false };
        }
        NoteString(value, null);
        return value;
    }

    private ShellValue? CommandSubstitution(Frame f)
    {
        var span = SpanOf(f.Node);
        ShellValue? output;
        if (f.Outputs is null && f.Items is [{ Value: Redirect { Operator: "<" } r }])
        {
            output = ReadFile(r.Target, span, emit: true, stageSpan: span); // $(< file)
        }
        else
        {
            output = DoneStage.Join(span, f.Outputs, _fold);
        }
        if (output is null) return new ShellValue(span, null) { Splittable = true };
        var trimmed = output.Constant is { } c ? ShellText.TrimTrailingNewlines(c) : null;
        return new ShellValue(span, trimmed, Taints.Through(output.Taint, _doc, span, "command substitution"))
        {
            Origin = output.Origin,
            DecodedBy = output.DecodedBy,
            Splittable = true,
            Via = output.Via ?? "command substitution",
        };
    }

    private ShellValue? Through(ShellValue? value, TsNode node, string message) =>
        value is null || !value.IsTainted ? value : value.With(taint: Taints.Through(value.Taint, _doc, SpanOf(node), message));

    private ShellValue ArrayValue(Frame f)
    {
        var span = SpanOf(f.Node);
        var items = new List<ShellValue>();
        foreach (var item in f.Items ?? [])
        {
            if (item.Value is ShellValue v) items.AddRange(SplitWord(v));
        }
        return new ShellValue(span, items.Count > 0 ? items[0].Constant : "", Taints.Union(items)) { Items = items };
    }

    private SubscriptRef? Subscript(Frame f)
    {
        if (f.Items is not [{ Value: NameRef name }, ..] items) return null;
        var index = items.Count > 1 ? items[1].Value as ShellValue : null;
        return new SubscriptRef(name.Name, index, index?.Constant is "@" or "*");
    }

    private ShellValue? UnionValue(Frame f)
    {
        if (f.Items is null) return f.Type == "number" ? Literal(f.Node) : null;
        IReadOnlyList<TaintSource> taint = ValueFact.NoTaint;
        foreach (var item in f.Items)
        {
            if (item.Value is ShellValue v) taint = Taints.Union(taint, v.Taint);
        }
        return new ShellValue(SpanOf(f.Node), null, taint);
    }

    /// <summary>`${…}`: defaults, lengths, substrings, pattern removal and replacement, case, indirection, arrays.</summary>
    private ShellValue? Expansion(Frame f)
    {
        var span = SpanOf(f.Node);
        var tokens = new List<(string? Op, object? Value)>();
        var items = f.Items;
        var next = 0;
        var count = f.Node.ChildCount;
        for (var c = 0; c < count; c++)
        {
            var child = f.Node.Child(c);
            if (!child.IsNamed)
            {
                tokens.Add((child.Type, null));
                continue;
            }
            if (items is not null && next < items.Count && items[next].Node == child)
            {
                tokens.Add((null, items[next].Value));
                next++;
            }
        }
        // tokens: "${" [#|!] target [op operands...] "}"
        var i = 1;
        string? prefix = null;
        if (i < tokens.Count && tokens[i].Op is "#" or "!")
        {
            prefix = tokens[i].Op;
            i++;
        }
        if (i >= tokens.Count) return new ShellValue(span, null);
        ShellValue target;
        string? targetName = null;
        var targetAssigned = false;
        switch (tokens[i].Value)
        {
            case NameRef name:
                targetName = name.Name;
                targetAssigned = IsAssigned(name.Name);
                target = Lookup(name.Name, span);
                break;
            case SubscriptRef sub:
                targetName = sub.Name;
                targetAssigned = IsAssigned(sub.Name);
                target = LookupElement(sub, span);
                break;
            default:
                return new ShellValue(span, null);
        }
        i++;
        if (prefix == "#")
        {
            var length = target.Items is { } elements && target.Splittable ? elements.Count : target.Constant?.Length;
            return new ShellValue(span, length?.ToString(CultureInfo.InvariantCulture), target.Taint);
        }
        if (prefix == "!")
        {
            target = target.Constant is { } indirect && IsName(indirect) ? Lookup(indirect, span) : new ShellValue(span, null, target.Taint);
            target = target with { Via = "indirect expansion ${!…}" };
        }
        if (i >= tokens.Count || tokens[i].Op is "}" or null) return target with { Splittable = true };
        var op = tokens[i].Op!;
        i++;
        var operands = new List<List<ShellValue>> { new() };
        for (; i < tokens.Count; i++)
        {
            if (tokens[i].Op == "}") break;
            if (tokens[i].Op is "/" or ":" && op is not (":-" or "-" or ":=" or "=" or ":+" or "+" or ":?" or "?"))
            {
                operands.Add(new List<ShellValue>());
                continue;
            }
            if (tokens[i].Value is ShellValue v) operands[^1].Add(v);
            else if (tokens[i].Op is { } literal && literal != "}") operands[^1].Add(new ShellValue(span, literal));
        }
        ShellValue Operand(int k) => k < operands.Count ? Concat(span, operands[k]) : new ShellValue(span, "");
        var result = ApplyExpansionOperator(op, target, targetAssigned, Operand, operands.Count, span, _fold);
        if (op is ":=" or "=" && targetName is not null && !targetAssigned) Assign(targetName, result, append: false, span);
        return result with { Splittable = true };
    }

    private static ShellValue ApplyExpansionOperator(string op, ShellValue target, bool assigned, Func<int, ShellValue> operand, int operandCount,
        TextSpan span, FoldBudget fold)
    {
        var t = target.Constant;
        // Every operator below but the defaults copies the text: bounded per document.
        if (t is not null && op is not (":-" or "-" or ":=" or "=" or ":+" or "+" or ":?" or "?" or "@") && !fold.Spend(t.Length))
        {
            return new ShellValue(span, null, target.Taint);
        }
        switch (op)
        {
            case ":-" or "-" or ":=" or "=":
            {
                var fallback = operand(0);
                if (assigned && t is { Length: > 0 }) return target;
                if (assigned && t is null) return new ShellValue(span, null, Taints.Union(target.Taint, fallback.Taint));
                // Unset (an environment variable we cannot know): the default is the likely value.
                return fallback.With(taint: Taints.Union(target.Taint, fallback.Taint)).At(span);
            }
            case ":+" or "+":
            {
                var alternative = operand(0);
                if (assigned && t is { Length: > 0 }) return alternative.At(span);
                if (assigned && t == "") return new ShellValue(span, "");
                return new ShellValue(span, null, Taints.Union(target.Taint, alternative.Taint));
            }
            case ":?" or "?" or "@":
                return target;
            case ":":
            {
                if (t is null) return new ShellValue(span, null, target.Taint);
                var offsetText = operand(0).Constant?.Trim();
                if (!int.TryParse(offsetText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset)) return new ShellValue(span, null, target.Taint);
                if (offset < 0) offset = Math.Max(0, t.Length + offset);
                offset = Math.Min(offset, t.Length);
                var length = t.Length - offset;
                if (operandCount > 1)
                {
                    if (!int.TryParse(operand(1).Constant?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out length)) return new ShellValue(span, null, target.Taint);
                    if (length < 0) length = Math.Max(0, t.Length - offset + length);
                    length = Math.Min(length, t.Length - offset);
                }
                return target.With(constant: t.Substring(offset, length), via: "substring ${…:n:m}").At(span) with { Verbatim = false };
            }
            case "#" or "##" or "%" or "%%":
            {
                var pattern = operand(0).Constant;
                if (t is null || pattern is null) return new ShellValue(span, null, target.Taint);
                var trimmed = ShellPattern.Trim(t, pattern, fromStart: op[0] == '#', longest: op.Length == 2);
                return trimmed is null ? new ShellValue(span, null, target.Taint) : target.With(constant: trimmed, via: "pattern removal").At(span) with { Verbatim = false };
            }
            case "/" or "//" or "/#" or "/%":
            {
                var pattern = operand(0).Constant;
                var replacement = operand(1);
                if (t is null || pattern is null || replacement.Constant is null) return new ShellValue(span, null, Taints.Union(target.Taint, replacement.Taint));
                var replaced = ShellPattern.Replace(t, pattern, replacement.Constant, all: op == "//", anchor: op.Length == 2 && op != "//" ? op[1] : '\0');
                return replaced is null || (replaced.Length > t.Length && !fold.Spend(replaced.Length - t.Length))
                    ? new ShellValue(span, null, target.Taint)
                    : target.With(constant: replaced, taint: Taints.Union(target.Taint, replacement.Taint), via: "pattern replacement").At(span) with { Verbatim = false };
            }
            case "^^" or "^" or ",," or ",":
            {
                if (t is null) return target;
                var changed = op switch
                {
                    "^^" => t.ToUpperInvariant(),
                    ",," => t.ToLowerInvariant(),
                    "^" => t.Length > 0 ? char.ToUpperInvariant(t[0]) + t[1..] : t,
                    _ => t.Length > 0 ? char.ToLowerInvariant(t[0]) + t[1..] : t,
                };
                return target.With(constant: changed, via: "case conversion").At(span) with { Verbatim = false };
            }
            default:
                return new ShellValue(span, null, target.Taint);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Variables
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>Variables a script reads without setting that are not data: shell state and locale.</summary>
    private static readonly HashSet<string> ShellStateVariables = new(StringComparer.Ordinal)
    {
        "PATH", "PWD", "OLDPWD", "SHELL", "TERM", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "RANDOM", "SECONDS", "LINENO",
        "PPID", "BASHPID", "BASH", "BASH_SOURCE", "BASH_VERSION", "BASH_VERSINFO", "BASH_REMATCH", "FUNCNAME", "PIPESTATUS",
        "OPTARG", "OPTIND", "REPLY", "COLUMNS", "LINES", "SHLVL", "TZ", "EPOCHSECONDS", "EPOCHREALTIME", "ZSH_VERSION",
        "ZSH_NAME", "DIRSTACK", "GROUPS", "HISTFILE", "PS1", "PS2", "PS4", "SHELLOPTS", "BASHOPTS", "COLORTERM", "NO_COLOR",
        "TERM_PROGRAM", "UID", "EUID",
    };

    /// <summary>Variables that identify the host or user (fingerprinting material).</summary>
    private static readonly HashSet<string> HostVariables = new(StringComparer.Ordinal)
    {
        "USER", "LOGNAME", "USERNAME", "HOSTNAME", "HOST", "OSTYPE", "MACHTYPE", "HOSTTYPE", "SSH_CLIENT", "SSH_CONNECTION",
    };

    /// <summary>Variables whose usual value makes paths recognisable (`$HOME/.ssh` → `~/.ssh`).</summary>
    private static readonly Dictionary<string, string> WellKnownValues = new(StringComparer.Ordinal)
    {
        ["HOME"] = "~",
        ["TMPDIR"] = "/tmp",
        ["XDG_CONFIG_HOME"] = "~/.config",
        ["XDG_DATA_HOME"] = "~/.local/share",
        ["XDG_CACHE_HOME"] = "~/.cache",
        ["XDG_STATE_HOME"] = "~/.local/state",
    };

    private bool IsAssigned(string name) =>
        _vars.ContainsKey(name) || (name.Length > 0 && (char.IsAsciiDigit(name[0]) || name is "@" or "*") && _positional is not null);

    private ShellValue Lookup(string name, TextSpan span)
    {
        if (name.Length > 0 && (char.IsAsciiDigit(name[0]) || name is "@" or "*" or "#"))
        {
            return Positional(name, span);
        }
        if (_vars.TryGetValue(name, out var value))
        {
            return value.At(span) with { Via = value.Via ?? "variable $" + name };
        }
        if (name == "IFS") return new ShellValue(span, " ") { Splittable = true, Via = "$IFS" };
        if (WellKnownValues.TryGetValue(name, out var known)) return new ShellValue(span, known);
        if (HostVariables.Contains(name)) return new ShellValue(span, null, Taints.One("host.info", "$" + name, _doc, span));
        if (name.Length == 1 && !char.IsAsciiLetter(name[0]) || ShellStateVariables.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal) || name.StartsWith("BASH_", StringComparison.Ordinal))
        {
            return new ShellValue(span, null);
        }
        return new ShellValue(span, null, Taints.One("env.read", name, _doc, span));
    }

    private ShellValue Positional(string name, TextSpan span)
    {
        if (_positional is null)
        {
            return name == "0" || name == "#" ? new ShellValue(span, null) : new ShellValue(span, null, Taints.One("user.input", "$" + name, _doc, span));
        }
        if (name == "#") return new ShellValue(span, _positional.Count.ToString(CultureInfo.InvariantCulture));
        if (name is "@" or "*")
        {
            var all = _positional.Select(p => p.At(span)).ToList();
            var constant = all.All(p => p.Constant is not null) && _fold.Spend(all.Sum(p => (long)p.Constant!.Length + 1)) ? string.Join(" ", all.Select(p => p.Constant)) : null;
            return new ShellValue(span, constant, Taints.Union(all)) { Items = all, Splittable = true };
        }
        if (name == "0") return new ShellValue(span, null);
        var index = int.Parse(name, CultureInfo.InvariantCulture) - 1;
        return index < _positional.Count ? _positional[index].At(span) : new ShellValue(span, null);
    }

    private ShellValue LookupElement(SubscriptRef sub, TextSpan span)
    {
        var array = Lookup(sub.Name, span);
        if (array.Items is not { } items) return sub.All ? array with { Items = [array] } : array;
        if (sub.All)
        {
            var constant = items.All(p => p.Constant is not null) && _fold.Spend(items.Sum(p => (long)p.Constant!.Length + 1)) ? string.Join(" ", items.Select(p => p.Constant)) : null;
            return new ShellValue(span, constant, array.Taint) { Items = items.Select(x => x.At(span)).ToList(), Via = array.Via };
        }
        if (int.TryParse(sub.Index?.Constant, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < items.Count)
        {
            return items[index].At(span) with { Via = "array element ${" + sub.Name + "[…]}" };
        }
        return new ShellValue(span, null, array.Taint);
    }

    private static bool IsName(string text) =>
        text.Length > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_') && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private object? Assignment(Frame f)
    {
        if (f.Items is not { Count: > 0 } items) return null;
        var span = SpanOf(f.Node);
        var value = items.Count > 1 ? items[1].Value as ShellValue : null;
        var append = false;
        var targetNode = items[0].Node;
        if (targetNode.EndByte < _source.Length && _source[targetNode.EndByte] == (byte)'+') append = true;
        string name;
        switch (items[0].Value)
        {
            case NameRef n:
                name = n.Name;
                break;
            case SubscriptRef s:
                name = s.Name;
                // arr[i]=v: the array keeps the taint; its elements are no longer known.
                var old = _vars.GetValueOrDefault(name);
                value = new ShellValue(span, null, Taints.Union(old?.Taint ?? ValueFact.NoTaint, value?.Taint ?? ValueFact.NoTaint));
                append = false;
                break;
            default:
                return null;
        }
        if (f.Parent?.Type == "command") return new PrefixAssignment(name, value);
        Assign(name, value ?? new ShellValue(span, "") { Origin = span }, append, span);
        // `export NAME=value`: the declaration shows the assignment as an operand.
        return f.Parent?.Type == "declaration_command" ? new PrefixAssignment(name, value) : null;
    }

    private void Assign(string name, ShellValue value, bool append, TextSpan span)
    {
        if (append && _vars.TryGetValue(name, out var old))
        {
            value = Concat(span, [old, value]);
        }
        var taint = Taints.Through(value.Taint, _doc, span, "assigned to $" + name);
        _vars[name] = value.With(taint: taint) with { Span = span, Splittable = false };
    }

    private void AssignLoopVariable(Frame forFrame)
    {
        if (forFrame.Items is not { Count: > 0 } items || items[0].Value is not NameRef name) return;
        var span = SpanOf(forFrame.Node);
        var values = new List<ShellValue>();
        for (var k = 1; k < items.Count; k++)
        {
            if (items[k].Value is ShellValue v) values.AddRange(SplitWord(v));
        }
        if (items.Count == 1) values.Add(Positional("@", span));
        var value = values.Count == 1 ? values[0] : new ShellValue(span, null, Taints.Union(values));
        Assign(name.Name, value, append: false, span);
    }

    private void RecordFunction(TsNode node)
    {
        var name = node.Field("name");
        var body = node.Field("body");
        if (name.IsNull || body.IsNull) return;
        _functions[TextOf(name)] = body;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Commands, declarations and redirections (syntax → stages)
    // ------------------------------------------------------------------------------------------------------------

    private object? Command(Frame f)
    {
        var span = SpanOf(f.Node);
        var words = new List<ShellValue>();
        var redirects = new List<Redirect>();
        var prefix = new List<PrefixAssignment>();
        Item? previous = null;
        foreach (var item in f.Items ?? [])
        {
            switch (item.Value)
            {
                case ShellValue v:
                    if (previous is { } p && IsLineContinuationGlue(p.Node.EndByte, item.Node.StartByte) && words.Count > 0)
                    {
                        // `cu\<newline>rl`: one word that tree-sitter split in two.
                        words[^1] = Concat(words[^1].Span.Union(v.Span), [words[^1], v]) with { Via = "line continuation inside a word" };
                    }
                    else
                    {
                        words.Add(v);
                    }
                    previous = item;
                    break;
                case Redirect r:
                    redirects.Add(r);
                    break;
                case PrefixAssignment a:
                    prefix.Add(a);
                    break;
            }
        }
        if (words.Count == 0) return null;
        Stage stage = new CommandStage { Span = span, Words = words };
        return redirects.Count == 0 ? stage : new RedirectedStage { Span = span, Body = stage, Redirects = redirects };
    }

    private bool IsLineContinuationGlue(uint endOfPrevious, uint startOfNext)
    {
        var gap = startOfNext - endOfPrevious;
        if (gap is not (2 or 3) || startOfNext > _source.Length) return false;
        return _source[endOfPrevious] == (byte)'\\' &&
               (gap == 2 ? _source[endOfPrevious + 1] == (byte)'\n' : _source[endOfPrevious + 1] == (byte)'\r' && _source[endOfPrevious + 2] == (byte)'\n');
    }

    private object? Declaration(Frame f)
    {
        var keywordNode = f.Node.Child(0);
        var keyword = keywordNode.Type;
        var words = new List<ShellValue> { new(SpanOf(keywordNode), keyword) };
        var hasOperands = false;
        foreach (var item in f.Items ?? [])
        {
            switch (item.Value)
            {
                case ShellValue v:
                    if (v.Constant is { } c && !c.StartsWith('-')) hasOperands = true;
                    words.Add(v);
                    break;
                case PrefixAssignment a:
                    hasOperands = true;
                    var assigned = a.Value ?? new ShellValue(SpanOf(item.Node), "");
                    words.Add(new ShellValue(SpanOf(item.Node), assigned.Constant is { } av ? a.Name + "=" + av : null, assigned.Taint) { Origin = assigned.Origin });
                    break;
                case NameRef n:
                    hasOperands = true;
                    // `local x` / `declare x`: a (empty) variable of the script, not the environment's.
                    if (keyword is "local" or "declare" or "typeset" && !_vars.ContainsKey(n.Name)) _vars[n.Name] = new ShellValue(SpanOf(item.Node), "");
                    break;
            }
        }
        return new CommandStage { Span = SpanOf(f.Node), Words = words, HasOperands = hasOperands };
    }

    private Redirect? FileRedirect(Frame f)
    {
        int? descriptor = null;
        ShellValue? target = null;
        uint operatorStart = f.Node.StartByte, operatorEnd = f.Node.EndByte;
        foreach (var item in f.Items ?? [])
        {
            if (item.Type == "file_descriptor" && target is null)
            {
                descriptor = int.TryParse((item.Value as ShellValue)?.Constant, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
                operatorStart = item.Node.EndByte;
                continue;
            }
            if (target is null && item.Value is ShellValue v)
            {
                target = v;
                operatorEnd = item.Node.StartByte;
            }
        }
        var op = _doc.Slice(_doc.Utf8.Span(operatorStart, operatorEnd)).Trim();
        if (op.Length == 0) return null;
        return new Redirect { Operator = op, Descriptor = descriptor, Target = target, Span = SpanOf(f.Node) };
    }

    private Redirect? HereString(Frame f)
    {
        var value = f.Items?.Select(i => i.Value).OfType<ShellValue>().FirstOrDefault();
        if (value is null) return null;
        var target = value.Constant is not { } c ? value
            : _fold.Spend(c.Length + 1) ? value.With(constant: c + "\n") with { Verbatim = false }
            : value with { Constant = null, Verbatim = false };
        return new Redirect { Operator = "<<<", Target = target, Span = SpanOf(f.Node) };
    }

    private Redirect? Heredoc(Frame f)
    {
        ShellValue? body = null;
        List<Stage>? tail = null;
        List<Redirect>? nested = null;
        foreach (var item in f.Items ?? [])
        {
            switch (item.Value)
            {
                case ShellValue v when item.Type == "heredoc_body":
                    body = v;
                    break;
                case PipelineTail t:
                    (tail ??= new List<Stage>()).AddRange(t.Stages);
                    break;
                case Redirect r:
                    (nested ??= new List<Redirect>()).Add(r);
                    break;
            }
        }
        var op = f.Node.Child(0).Type is "<<-" ? "<<-" : "<<";
        return new Redirect { Operator = op, Target = body ?? new ShellValue(SpanOf(f.Node), ""), Span = SpanOf(f.Node), Tail = tail, Nested = nested };
    }

    /// <summary>
    /// `while read l; do …; done &lt; ~/.env`: the loop's commands read the file. The redirection comes after the
    /// body in the tree, so a plain file name is looked at before the body is walked.
    /// </summary>
    private ShellValue? PreviewInput(TsNode redirected)
    {
        var body = redirected.NamedChild(0);
        if (body.IsNull || body.Type is "command" or "pipeline") return null;
        foreach (var child in redirected.NamedChildren)
        {
            if (child.Type != "file_redirect") continue;
            var destination = child.NamedChild(child.NamedChildCount - 1);
            if (destination.Type is not ("word" or "raw_string")) continue;
            var op = _doc.Slice(_doc.Utf8.Span(child.StartByte, destination.StartByte)).Trim();
            if (op != "<") continue;
            var pathValue = destination.Type == "word" ? Word(destination, "file_redirect") : RawString(destination, "file_redirect");
            return ReadFile(pathValue, SpanOf(redirected), emit: false, stageSpan: SpanOf(redirected));
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------------------

    private TextSpan SpanOf(TsNode node) => _doc.Utf8.Span(node.StartByte, node.EndByte);

    private string TextOf(TsNode node) => _doc.Slice(SpanOf(node));

    /// <summary>Splits an unquoted expansion into words and spreads arrays ("$@", "${a[@]}").</summary>
    private IEnumerable<ShellValue> SplitWord(ShellValue value)
    {
        if (value.Items is { } items && (value.Splittable || items.Count != 1))
        {
            foreach (var item in items) yield return item.At(value.Span);
            yield break;
        }
        if (!value.Splittable || value.Constant is not { } text || !ShellText.ContainsBlank(text))
        {
            if (value.Splittable && value.Constant is { } c && c.Length == 0) yield break; // empty unquoted expansion: no word
            yield return value;
            yield break;
        }
        if (!_fold.Spend(text.Length))
        {
            yield return value with { Constant = null, Verbatim = false }; // the fields would copy the text: over budget
            yield break;
        }
        foreach (var field in ShellText.SplitFields(text))
        {
            yield return value.With(constant: field) with { Splittable = false, Verbatim = false };
        }
    }

    /// <summary>Records a literal (or folded) string of four characters or more once, where it is written.</summary>
    private void NoteString(ShellValue value, string? parentType)
    {
        if (value.Constant is not { Length: >= 4 } text) return;
        if (parentType is "string" or "concatenation" or "command_name") return;
        AddStringFact(value.OriginOrSpan, text, value.DecodedBy);
    }

    private void AddStringFact(TextSpan span, string text, string? decodedBy)
    {
        if (text.Length < 4 || !_stringSpans.Add((span.Start, span.End, decodedBy))) return;
        _facts.Strings.Add(new StringFact(_doc, span, text.Length > 64 * 1024 ? text[..(64 * 1024)] : text, decodedBy));
    }
}
