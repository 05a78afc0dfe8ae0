using System.Text;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using SkillScan.Model;
using SkillScan.Syntax;
using SkillScan.Syntax.Markdown;

namespace SkillScan.Semantics.Markdown;

/// <summary>
/// Builds a <see cref="MarkdownModel"/> from Markdig's tree (or the line reader's blocks): every walk is
/// iterative, and every offset is an offset in the file.
/// </summary>
public static partial class MarkdownModelBuilder
{
    /// <summary>A whitespace run at least this long inside a line hides what follows it off-screen.</summary>
    public const int HidingWhitespaceRun = 20;

    /// <summary>Fence tags under which a block may hold commands without saying so.</summary>
    private static readonly HashSet<string> GuessableInfo = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "text", "txt", "plain", "plaintext", "none", "output", "cli", "command", "commands", "copy", "run", "install",
        "prompt", "code", "sh-session", "bash-session", "shell-session", "zsh-session",
    };

    private static readonly HashSet<string> ConsoleInfo = new(StringComparer.OrdinalIgnoreCase)
    {
        "console", "shellsession", "terminal", "sh-session", "bash-session", "shell-session", "zsh-session",
    };

    public static MarkdownModel Build(ParsedDocument parsed, InstructionCatalog catalog, CancellationToken cancellationToken)
    {
        var document = parsed.Document;
        var syntax = MarkdownSyntax.Of(parsed) ?? new MarkdownSyntax { FrontMatter = FrontMatter.Parse(document.Text) };
        var model = new MarkdownModel { Document = document, FrontMatter = syntax.FrontMatter, DegradedReason = syntax.DegradedReason };
        var builder = new Builder(model, catalog, syntax, cancellationToken);
        builder.Run(parsed.Markdown);
        return model;
    }

    private sealed class Builder
    {
        private readonly MarkdownModel _model;
        private readonly InstructionCatalog _catalog;
        private readonly MarkdownSyntax _syntax;
        private readonly CancellationToken _ct;
        private readonly string _text;
        private readonly List<(int Level, string Title, TextSpan Span)> _headings = new();
        private readonly List<TextSpan> _hiddenRegions = new();

        public Builder(MarkdownModel model, InstructionCatalog catalog, MarkdownSyntax syntax, CancellationToken ct)
        {
            _model = model;
            _catalog = catalog;
            _syntax = syntax;
            _ct = ct;
            _text = model.Document.Text;
        }

        public void Run(MarkdownDocument? markdown)
        {
            if (markdown is not null && !_syntax.Degraded) CollectCodeRegions(markdown);
            foreach (var raw in _syntax.RawBlocks.Where(b => b.Kind == RawBlockKind.Fence)) _model.CodeRegions.Add(raw.Span);
            NormalizeRegions(_model.CodeRegions);

            ScanHiddenRegions();
            AddFrontMatterValues();
            if (markdown is not null && !_syntax.Degraded) WalkBlocks(markdown);
            foreach (var raw in _syntax.RawBlocks) AddRawBlock(raw);
            ScanWhitespaceTails();
            FindCommandLines();
            FinishSections();
            foreach (var (span, value) in UrlScanner.Find(_text))
            {
                _model.Urls.Add(new UrlRef(value, span, _model.InCode(span.Start)));
            }
            _model.Links.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        }

        // ---- regions ------------------------------------------------------------------------------------

        private void CollectCodeRegions(MarkdownDocument markdown)
        {
            foreach (var node in markdown.Descendants())
            {
                if (node is CodeBlock block) _model.CodeRegions.Add(TextSpan.FromBounds(block.Span.Start, block.Span.End + 1));
                else if (node is CodeInline inline) _model.CodeRegions.Add(TextSpan.FromBounds(inline.Span.Start, inline.Span.End + 1));
            }
        }

        private static void NormalizeRegions(List<TextSpan> regions)
        {
            regions.Sort((a, b) => a.Start.CompareTo(b.Start));
            var merged = new List<TextSpan>();
            foreach (var r in regions)
            {
                if (merged.Count > 0 && r.Start <= merged[^1].End) merged[^1] = merged[^1].Union(r);
                else merged.Add(r);
            }
            regions.Clear();
            regions.AddRange(merged);
        }

        private bool Excluded(int offset) => _model.InCode(offset) || _model.FrontMatter.BlockSpan.Contains(offset);

        private bool InHidden(int offset) => _hiddenRegions.Any(r => r.Contains(offset));

        /// <summary>HTML comments and HTML elements styled invisible, outside code and front matter.</summary>
        private void ScanHiddenRegions()
        {
            var i = 0;
            while ((i = _text.IndexOf("<!--", i, StringComparison.Ordinal)) >= 0)
            {
                _ct.ThrowIfCancellationRequested();
                if (Excluded(i))
                {
                    i += 4;
                    continue;
                }
                var close = _text.IndexOf("-->", i + 4, StringComparison.Ordinal);
                var end = close < 0 ? _text.Length : close + 3;
                var contentEnd = close < 0 ? _text.Length : close;
                _hiddenRegions.Add(TextSpan.FromBounds(i, end));
                AddIdentityUnit(ProseKind.Comment, TextSpan.FromBounds(i + 4, contentEnd), TextSpan.FromBounds(i, end));
                i = end;
            }
            foreach (Match open in OpenTagRegex().Matches(_text))
            {
                _ct.ThrowIfCancellationRequested();
                if (Excluded(open.Index) || InHidden(open.Index)) continue;
                if (!HidingStyleRegex().IsMatch(open.Groups["attrs"].Value)) continue;
                var tag = open.Groups["tag"].Value;
                var close = _text.IndexOf("</" + tag, open.Index + open.Length, StringComparison.OrdinalIgnoreCase);
                if (close < 0) continue;
                var closeEnd = _text.IndexOf('>', close);
                var whole = TextSpan.FromBounds(open.Index, closeEnd < 0 ? close : closeEnd + 1);
                var inner = TextSpan.FromBounds(open.Index + open.Length, close);
                var (text, map) = BlankTags(inner);
                _hiddenRegions.Add(whole);
                if (text.Trim().Length > 0) AddUnit(ProseKind.HiddenHtml, text, map, whole);
            }
        }

        /// <summary>Front matter text values (description first of all): the agent reads them as part of the skill.</summary>
        private void AddFrontMatterValues()
        {
            if (_model.FrontMatter.Root is null) return;
            var seen = new HashSet<YamlValue>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<YamlValue>();
            stack.Push(_model.FrontMatter.Root);
            while (stack.Count > 0 && seen.Count < 5000)
            {
                var node = stack.Pop();
                if (!seen.Add(node)) continue;
                switch (node)
                {
                    case YamlScalarValue scalar when scalar.Value.Length >= 12 && scalar.Value.Contains(' '):
                    {
                        var value = scalar.Value;
                        var at = _text.IndexOf(value, scalar.Span.Start, Math.Max(0, Math.Min(_text.Length - scalar.Span.Start, value.Length + 8)), StringComparison.Ordinal);
                        var map = new int[value.Length];
                        for (var k = 0; k < map.Length; k++) map[k] = at >= 0 ? at + k : scalar.Span.Start;
                        AddUnit(ProseKind.FrontMatter, value, map, at >= 0 ? new TextSpan(at, at + value.Length) : scalar.Span);
                        break;
                    }
                    case YamlSequenceValue seq:
                        foreach (var item in seq.Items) stack.Push(item);
                        break;
                    case YamlMappingValue m:
                        foreach (var (_, v) in m.Entries) stack.Push(v);
                        break;
                }
            }
        }

        // ---- Markdig blocks -----------------------------------------------------------------------------

        private void WalkBlocks(MarkdownDocument markdown)
        {
            var stack = new Stack<Block>();
            for (var k = markdown.Count - 1; k >= 0; k--) stack.Push(markdown[k]);
            while (stack.Count > 0)
            {
                _ct.ThrowIfCancellationRequested();
                var block = stack.Pop();
                switch (block)
                {
                    case LinkReferenceDefinition definition:
                        AddReferenceDefinition(definition);
                        break;
                    case ContainerBlock container:
                        for (var k = container.Count - 1; k >= 0; k--) stack.Push(container[k]);
                        break;
                    case HeadingBlock heading:
                    {
                        var unit = InlineUnit(ProseKind.Heading, heading.Inline, Span(heading));
                        _headings.Add((heading.Level, unit?.Text.Trim() ?? "", Span(heading)));
                        break;
                    }
                    case ParagraphBlock paragraph:
                        InlineUnit(ProseKind.Paragraph, paragraph.Inline, Span(paragraph));
                        break;
                    case FencedCodeBlock fenced:
                        AddCodeBlock(CodeKind.Fenced, fenced.Info ?? "", LinesOf(fenced), Span(fenced));
                        break;
                    case CodeBlock indented:
                        AddCodeBlock(CodeKind.Indented, null, LinesOf(indented), Span(indented));
                        break;
                    case HtmlBlock html:
                    {
                        var span = Span(html);
                        var (text, map) = BlankTags(span);
                        if (text.Trim().Length > 0) AddUnit(ProseKind.Html, text, map, span);
                        break;
                    }
                }
            }
        }

        private static TextSpan Span(MarkdownObject o) => TextSpan.FromBounds(o.Span.Start, o.Span.End + 1);

        private List<(int Start, string Text)> LinesOf(LeafBlock block)
        {
            var lines = new List<(int, string)>();
            for (var k = 0; k < block.Lines.Count; k++)
            {
                var slice = block.Lines.Lines[k].Slice;
                var start = Math.Clamp(slice.Start, 0, _text.Length);
                var length = Math.Clamp(slice.Length, 0, _text.Length - start);
                var content = slice.ToString();
                // Markdig may expand a partly consumed tab into spaces; keep the file's own characters then.
                if (!string.Equals(_text.Substring(start, length), content, StringComparison.Ordinal)) content = _text.Substring(start, length);
                lines.Add((start, content));
            }
            return lines;
        }

        private void AddReferenceDefinition(LinkReferenceDefinition definition)
        {
            var whole = Span(definition);
            if (!string.IsNullOrWhiteSpace(definition.Title))
            {
                AddExactOrSpread(ProseKind.ReferenceDefinition, definition.Title, definition.TitleSpan, whole);
            }
            // `[text]: #` labels are never rendered either.
            if (!string.IsNullOrWhiteSpace(definition.Label) && definition.Label.Length > 2 && definition.Label != "//")
            {
                AddExactOrSpread(ProseKind.ReferenceDefinition, definition.Label, definition.LabelSpan, whole);
            }
            if (!string.IsNullOrEmpty(definition.Url))
            {
                _model.Links.Add(new LinkRef(definition.Url, ValidOr(definition.UrlSpan, whole), definition.Label ?? "", definition.Title, whole, false, false));
            }
        }

        // ---- inlines ------------------------------------------------------------------------------------

        private sealed class TextBuilder
        {
            public readonly StringBuilder Text = new();
            public readonly List<int> Map = new();

            public void Append(string s, int sourceStart, int sourceLength)
            {
                for (var k = 0; k < s.Length; k++)
                {
                    Text.Append(s[k]);
                    Map.Add(sourceStart + Math.Min(k, Math.Max(0, sourceLength - 1)));
                }
            }
        }

        private ProseUnit? InlineUnit(ProseKind kind, ContainerInline? root, TextSpan span)
        {
            if (root is null) return null;
            var visible = new TextBuilder();
            var stack = new Stack<Inline>();
            PushChildren(stack, root);
            while (stack.Count > 0)
            {
                var inline = stack.Pop();
                switch (inline)
                {
                    case LiteralInline literal:
                    {
                        if (InHidden(literal.Span.Start)) break;
                        var content = literal.Content.ToString();
                        visible.Append(content, literal.Span.Start, literal.Span.Length);
                        break;
                    }
                    case CodeInline code:
                        AddInlineCode(code, visible);
                        break;
                    case LinkInline link:
                        AddLink(link, stack, visible);
                        break;
                    case AutolinkInline auto:
                        visible.Append(auto.Url, auto.Span.Start + 1, auto.Url.Length);
                        _model.Links.Add(new LinkRef(auto.Url, TextSpan.FromBounds(auto.Span.Start + 1, auto.Span.End), auto.Url, null, Span(auto), false, true));
                        break;
                    case LineBreakInline lineBreak:
                        visible.Append("\n", lineBreak.Span.Start, 1);
                        break;
                    case HtmlEntityInline entity:
                        visible.Append(entity.Transcoded.ToString(), entity.Span.Start, entity.Span.Length);
                        break;
                    case HtmlInline:
                        break;
                    case ContainerInline container:
                        PushChildren(stack, container);
                        break;
                }
            }
            return visible.Text.Length == 0 ? null : AddUnit(kind, visible.Text.ToString(), visible.Map.ToArray(), span);
        }

        private static void PushChildren(Stack<Inline> stack, ContainerInline container)
        {
            var children = new List<Inline>();
            for (var child = container.FirstChild; child is not null; child = child.NextSibling) children.Add(child);
            for (var k = children.Count - 1; k >= 0; k--) stack.Push(children[k]);
        }

        private void AddInlineCode(CodeInline code, TextBuilder visible)
        {
            var content = code.Content ?? "";
            var span = Span(code);
            var contentStart = _text.IndexOf(content, span.Start, Math.Max(0, Math.Min(span.Length, _text.Length - span.Start)), StringComparison.Ordinal);
            var exact = contentStart >= 0 && content.Length > 0;
            visible.Append(content, exact ? contentStart : span.Start, exact ? content.Length : span.Length);
            if (!exact || content.Contains('\n') || !CommandGuess.IsCommandLine(content, _catalog, strict: false)) return;
            var prompt = CommandGuess.PromptLength(content);
            AddCode(new CodeUnit
            {
                Kind = CodeKind.Inline,
                Language = Language.Bash,
                Guessed = true,
                Text = content[prompt..],
                LineStarts = [contentStart + prompt],
                Span = span,
                Hidden = InHidden(span.Start),
            });
        }

        private void AddLink(LinkInline link, Stack<Inline> stack, TextBuilder visible)
        {
            var whole = Span(link);
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url ?? "";
            var title = link.Title;
            if (link.IsImage)
            {
                var alt = new TextBuilder();
                var inner = new Stack<Inline>();
                PushChildren(inner, link);
                while (inner.Count > 0)
                {
                    var child = inner.Pop();
                    if (child is LiteralInline literal) alt.Append(literal.Content.ToString(), literal.Span.Start, literal.Span.Length);
                    else if (child is CodeInline code) alt.Append(code.Content, code.Span.Start, code.Span.Length);
                    else if (child is ContainerInline c) PushChildren(inner, c);
                }
                if (alt.Text.ToString().Trim().Length > 0) AddUnit(ProseKind.ImageAlt, alt.Text.ToString(), alt.Map.ToArray(), whole);
                _model.Links.Add(new LinkRef(url, ValidOr(link.UrlSpan, whole), alt.Text.ToString(), title, whole, true, false));
            }
            else
            {
                var label = new StringBuilder();
                for (var child = link.FirstChild; child is not null; child = child.NextSibling)
                {
                    if (child is LiteralInline literal) label.Append(literal.Content.ToString());
                    else if (child is CodeInline code) label.Append(code.Content);
                }
                _model.Links.Add(new LinkRef(url, ValidOr(link.UrlSpan, whole), label.ToString(), title, whole, false, link.IsAutoLink));
                if (link.IsAutoLink)
                {
                    visible.Append(url, whole.Start, whole.Length);
                }
                else
                {
                    PushChildren(stack, link);
                }
            }
            if (!string.IsNullOrWhiteSpace(title)) AddExactOrSpread(ProseKind.LinkTitle, title, link.TitleSpan, whole);
        }

        private static TextSpan ValidOr(Markdig.Syntax.SourceSpan span, TextSpan fallback) =>
            span.IsEmpty || span.Start < 0 || span.End < span.Start ? fallback : TextSpan.FromBounds(span.Start, span.End + 1);

        /// <summary>A unit for a string that sits verbatim at a span (exact map), else spread over the whole element.</summary>
        private void AddExactOrSpread(ProseKind kind, string value, Markdig.Syntax.SourceSpan at, TextSpan whole)
        {
            var span = ValidOr(at, whole);
            var exact = span.End <= _text.Length && span.Length == value.Length && string.CompareOrdinal(_text, span.Start, value, 0, value.Length) == 0;
            if (!exact)
            {
                var found = _text.IndexOf(value, whole.Start, Math.Max(0, Math.Min(whole.Length, _text.Length - whole.Start)), StringComparison.Ordinal);
                if (found >= 0)
                {
                    span = new TextSpan(found, found + value.Length);
                    exact = true;
                }
            }
            var map = new int[value.Length];
            for (var k = 0; k < map.Length; k++) map[k] = exact ? span.Start + k : whole.Start + Math.Min(k, Math.Max(0, whole.Length - 1));
            AddUnit(kind, value, map, whole);
        }

        // ---- raw (line-read) blocks -----------------------------------------------------------------------

        private void AddRawBlock(RawBlock raw)
        {
            switch (raw.Kind)
            {
                case RawBlockKind.Fence:
                    AddCodeBlock(CodeKind.Fenced, raw.Info ?? "", raw.Lines.Select(l => (l.Start, _text[l.Start..l.End])).ToList(), raw.Span);
                    break;
                case RawBlockKind.Heading:
                {
                    var line = raw.Lines[0];
                    var c = MarkdownLines.ContentStart(_text, line);
                    while (c < line.End && _text[c] == '#') c++;
                    var unit = AddIdentityUnit(ProseKind.Heading, TextSpan.FromBounds(c, line.End), raw.Span);
                    _headings.Add((raw.Level, unit?.Text.Trim() ?? "", raw.Span));
                    break;
                }
                default:
                {
                    // Visible text of a paragraph read by lines: hidden regions blanked, Markdown syntax kept.
                    var (text, map) = BlankTags(raw.Span, tagsToo: false);
                    if (text.Trim().Length > 0) AddUnit(ProseKind.Paragraph, text, map, raw.Span);
                    break;
                }
            }
        }

        // ---- code ---------------------------------------------------------------------------------------

        private void AddCodeBlock(CodeKind kind, string? info, List<(int Start, string Text)> lines, TextSpan span)
        {
            if (lines.Count == 0) return;
            var tag = (info ?? "").Trim().Split(' ', '\t', '{')[0];
            var language = kind == CodeKind.Fenced ? LanguageNames.FromFenceInfo(info) : Language.Unknown;
            var guessed = false;
            var joined = string.Join("\n", lines.Select(l => l.Text));
            if (language == Language.Unknown && (kind == CodeKind.Indented || GuessableInfo.Contains(tag)))
            {
                language = CommandGuess.GuessBlock(joined, _catalog);
                guessed = language != Language.Unknown;
            }
            var starts = lines.Select(l => l.Start).ToList();
            if (language == Language.Bash) (joined, starts) = StripPrompts(lines, ConsoleInfo.Contains(tag));
            AddCode(new CodeUnit
            {
                Kind = kind,
                Info = info,
                Language = language,
                Guessed = guessed,
                Text = joined,
                LineStarts = starts,
                Span = span,
                Hidden = InHidden(span.Start),
            });
        }

        /// <summary>
        /// Console transcripts: "$ cmd" lines lose their prompt (their start moves right, so columns stay true),
        /// continuation lines are kept, and output lines become empty.
        /// </summary>
        private static (string Text, List<int> Starts) StripPrompts(List<(int Start, string Text)> lines, bool console)
        {
            var prompted = lines.Count(l => CommandGuess.PromptLength(l.Text) > 0);
            var nonBlank = lines.Count(l => l.Text.Trim().Length > 0);
            if (prompted == 0 || (!console && prompted * 2 < nonBlank))
            {
                return (string.Join("\n", lines.Select(l => l.Text)), lines.Select(l => l.Start).ToList());
            }
            var text = new StringBuilder();
            var starts = new List<int>();
            var continues = false;
            foreach (var (start, line) in lines)
            {
                if (text.Length > 0 || starts.Count > 0) text.Append('\n');
                var prompt = CommandGuess.PromptLength(line);
                string kept;
                int keptStart;
                if (prompt > 0)
                {
                    kept = line[prompt..];
                    keptStart = start + prompt;
                }
                else if (continues)
                {
                    var cont = line.StartsWith("> ", StringComparison.Ordinal) ? 2 : 0;
                    kept = line[cont..];
                    keptStart = start + cont;
                }
                else
                {
                    kept = "";
                    keptStart = start;
                }
                text.Append(kept);
                starts.Add(keptStart);
                continues = kept.TrimEnd().EndsWith('\\') || (kept.Length > 0 && OpenQuoteOrHeredoc(kept));
            }
            return (text.ToString(), starts);
        }

        private static bool OpenQuoteOrHeredoc(string line) =>
            line.Count(c => c == '\'') % 2 == 1 || line.Count(c => c == '"') % 2 == 1 || line.Contains("<<", StringComparison.Ordinal);

        private void AddCode(CodeUnit unit) => _model.Code.Add(unit);

        /// <summary>Commands written as plain prose lines ("curl … | bash", "Run: …") and inside HTML comments.</summary>
        private void FindCommandLines()
        {
            var units = _model.Units.Where(u => u.Kind is ProseKind.Paragraph or ProseKind.Comment).ToList();
            foreach (var unit in units)
            {
                _ct.ThrowIfCancellationRequested();
                foreach (var line in MarkdownLines.Split(_text, unit.Span.Start, Math.Min(unit.Span.End, _text.Length)))
                {
                    var start = unit.Kind == ProseKind.Comment ? line.Start : MarkdownLines.ContentStart(_text, line);
                    if (unit.Kind == ProseKind.Comment && _text.AsSpan(start, line.End - start).TrimStart().StartsWith("<!--")) start = _text.IndexOf("<!--", start, StringComparison.Ordinal) + 4;
                    var end = line.End;
                    if (unit.Kind == ProseKind.Comment)
                    {
                        var close = _text.IndexOf("-->", start, end - start, StringComparison.Ordinal);
                        if (close >= 0) end = close;
                    }
                    if (end <= start) continue;
                    var content = _text[start..end];
                    if (unit.Kind == ProseKind.Paragraph && (content.Contains('`') || content.Contains("](", StringComparison.Ordinal))) continue;
                    if (unit.Kind == ProseKind.Paragraph && (Excluded(start) || InHidden(start))) continue;
                    var lead = content.Length - content.TrimStart().Length;
                    var strict = unit.Kind == ProseKind.Paragraph;
                    var commandStart = -1;
                    if (CommandGuess.IsCommandLine(content, _catalog, strict))
                    {
                        commandStart = start + lead;
                    }
                    else if (RunLabelRegex().Match(content) is { Success: true } label && CommandGuess.IsCommandLine(label.Groups["cmd"].Value, _catalog, strict: false))
                    {
                        commandStart = start + label.Groups["cmd"].Index;
                    }
                    if (commandStart < 0) continue;
                    var commandText = _text[commandStart..end];
                    var prompt = CommandGuess.PromptLength(commandText);
                    commandText = commandText[prompt..].TrimEnd();
                    if (commandText.Length == 0) continue;
                    AddCode(new CodeUnit
                    {
                        Kind = unit.Kind == ProseKind.Comment ? CodeKind.Comment : CodeKind.CommandLine,
                        Language = Language.Bash,
                        Guessed = true,
                        Text = commandText,
                        LineStarts = [commandStart + prompt],
                        Span = TextSpan.FromBounds(commandStart + prompt, commandStart + prompt + commandText.Length),
                        Hidden = unit.Hidden,
                    });
                }
            }
        }

        // ---- hidden text -------------------------------------------------------------------------------

        /// <summary>Text after a long whitespace run inside a line: off-screen in most editors and diff views.</summary>
        private void ScanWhitespaceTails()
        {
            foreach (var line in MarkdownLines.Split(_text))
            {
                if (line.End - line.Start < HidingWhitespaceRun + 2) continue;
                var run = 0;
                var sawText = false;
                for (var i = line.Start; i < line.End; i++)
                {
                    var c = _text[i];
                    if (IsHidingSpace(c))
                    {
                        run++;
                        continue;
                    }
                    if (run >= HidingWhitespaceRun && sawText && c != '|' && !Excluded(i) && !InHidden(i))
                    {
                        var tail = _text.AsSpan(i, line.End - i).TrimEnd();
                        if (tail.Length > 0 && tail[^1] != '|')
                        {
                            AddIdentityUnit(ProseKind.WhitespaceTail, TextSpan.FromBounds(i, i + tail.Length), TextSpan.FromBounds(i - run, i + tail.Length));
                            break;
                        }
                    }
                    run = 0;
                    sawText = true;
                }
            }
        }

        private static bool IsHidingSpace(char c) =>
            c is ' ' or '\t' or '\u00A0' or '\u3000' or '\u205F' or '\u2800' or (>= '\u2000' and <= '\u200A');

        // ---- units and sections --------------------------------------------------------------------------

        private ProseUnit? AddIdentityUnit(ProseKind kind, TextSpan content, TextSpan whole)
        {
            if (content.Length <= 0) return null;
            var map = new int[content.Length];
            for (var k = 0; k < map.Length; k++) map[k] = content.Start + k;
            var text = _text.Substring(content.Start, content.Length);
            return text.Trim().Length == 0 ? null : AddUnit(kind, text, map, whole);
        }

        private ProseUnit AddUnit(ProseKind kind, string text, int[] map, TextSpan span)
        {
            (text, map) = WithoutFormatCharacters(text, map);
            var unit = new ProseUnit(kind, text, map, span);
            _model.Units.Add(unit);
            return unit;
        }

        /// <summary>
        /// Removes invisible format characters (zero-width spaces and joiners, bidi controls, tag characters, soft
        /// hyphens) so "ig\u200Bnore previous instructions" reads as what the agent reads. SS1404 reports the
        /// characters themselves.
        /// </summary>
        private static (string Text, int[] Map) WithoutFormatCharacters(string text, int[] map)
        {
            var any = false;
            for (var k = 0; k < text.Length && !any; k++) any = char.GetUnicodeCategory(text[k]) == System.Globalization.UnicodeCategory.Format || char.IsSurrogate(text[k]);
            if (!any) return (text, map);
            var kept = new StringBuilder(text.Length);
            var keptMap = new List<int>(map.Length);
            for (var k = 0; k < text.Length; k++)
            {
                var width = char.IsSurrogatePair(text, k) ? 2 : 1;
                if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(text, k) != System.Globalization.UnicodeCategory.Format)
                {
                    for (var w = 0; w < width; w++)
                    {
                        kept.Append(text[k + w]);
                        keptMap.Add(map[k + w]);
                    }
                }
                k += width - 1;
            }
            return (kept.ToString(), keptMap.ToArray());
        }

        /// <summary>A span's text with HTML tags (optionally), comments and hidden elements replaced by spaces.</summary>
        private (string Text, int[] Map) BlankTags(TextSpan span, bool tagsToo = true)
        {
            var end = Math.Min(span.End, _text.Length);
            var chars = _text.ToCharArray(span.Start, Math.Max(0, end - span.Start));
            foreach (var region in _hiddenRegions)
            {
                for (var i = Math.Max(region.Start, span.Start); i < Math.Min(region.End, end); i++) chars[i - span.Start] = ' ';
            }
            if (tagsToo)
            {
                var inTag = false;
                for (var k = 0; k < chars.Length; k++)
                {
                    if (chars[k] == '<' && k + 1 < chars.Length && (char.IsAsciiLetter(chars[k + 1]) || chars[k + 1] is '/' or '!')) inTag = true;
                    if (!inTag) continue;
                    var wasClose = chars[k] == '>';
                    chars[k] = ' ';
                    if (wasClose) inTag = false;
                }
            }
            var map = new int[chars.Length];
            for (var k = 0; k < map.Length; k++) map[k] = span.Start + k;
            return (new string(chars), map);
        }

        /// <summary>Orders headings into sections (with parents and extents) and gives units and code their section and order.</summary>
        private void FinishSections()
        {
            _headings.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
            var open = new List<int>();
            for (var k = 0; k < _headings.Count; k++)
            {
                var (level, title, span) = _headings[k];
                while (open.Count > 0 && _model.Sections[open[^1]].Level >= level) open.RemoveAt(open.Count - 1);
                _model.Sections.Add(new Section(k, level, title, span, open.Count > 0 ? open[^1] : -1));
                open.Add(k);
            }
            for (var k = 0; k < _model.Sections.Count; k++)
            {
                var s = _model.Sections[k];
                var end = _text.Length;
                for (var j = k + 1; j < _model.Sections.Count; j++)
                {
                    if (_model.Sections[j].Level <= s.Level)
                    {
                        end = _model.Sections[j].HeadingSpan.Start;
                        break;
                    }
                }
                s.Extent = TextSpan.FromBounds(s.HeadingSpan.Start, end);
            }
            var starts = _model.Sections.Select(s => s.HeadingSpan.Start).ToArray();
            int SectionOf(int offset)
            {
                var i = Array.BinarySearch(starts, offset);
                return i >= 0 ? i : ~i - 1;
            }
            _model.Units.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Kind.CompareTo(b.Kind));
            _model.Code.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
            foreach (var u in _model.Units) u.Section = SectionOf(u.Span.Start);
            foreach (var c in _model.Code) c.Section = SectionOf(c.Span.Start);
            var order = 0;
            foreach (var (start, item) in _model.Units.Select(u => (u.Span.Start, (object)u)).Concat(_model.Code.Select(c => (c.Span.Start, (object)c))).OrderBy(x => x.Item1))
            {
                if (item is ProseUnit pu) pu.Order = order++;
                else ((CodeUnit)item).Order = order++;
            }
        }
    }

    [GeneratedRegex(@"<(?<tag>[a-z][a-z0-9-]{0,30})(?<attrs>\s[^<>]{0,2000})?>", RegexOptions.IgnoreCase)]
    private static partial Regex OpenTagRegex();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0+(\.0+)?(px|pt|em|rem|%)?\s*(;|""|'|$)|opacity\s*:\s*0+(\.0+)?\s*(;|""|'|$)|(max-)?height\s*:\s*0+(px)?\s*(;|""|'|$)|color\s*:\s*transparent|(^|\s)hidden(\s|=|$)|(^|\s)aria-hidden\s*=\s*[""']?true", RegexOptions.IgnoreCase)]
    private static partial Regex HidingStyleRegex();

    [GeneratedRegex(@"^\s*(\*\*|__)?\s*(then\s+|now\s+|and\s+|next,?\s+|first,?\s+)?(run|execute|paste|type|enter|use)\b[^:\n]{0,40}:\s*(\*\*|__)?\s*(?<cmd>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex RunLabelRegex();
}
