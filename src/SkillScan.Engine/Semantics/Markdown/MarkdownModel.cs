using SkillScan.Model;
using SkillScan.Syntax;
using SkillScan.Syntax.Markdown;

namespace SkillScan.Semantics.Markdown;

/// <summary>What kind of text a prose unit is; kinds from <see cref="Comment"/> on are not shown when rendered.</summary>
public enum ProseKind
{
    Heading,
    Paragraph,

    /// <summary>Visible text of an HTML block (tags removed).</summary>
    Html,

    /// <summary>A text value of the front matter (description, name...): what the agent is told about the skill.</summary>
    FrontMatter,

    /// <summary>An HTML comment.</summary>
    Comment,

    /// <summary>A link's title attribute (a tooltip at most).</summary>
    LinkTitle,

    /// <summary>An image's alt text.</summary>
    ImageAlt,

    /// <summary>A link reference definition's label or title (`[//]: # (text)`, the Markdown "comment" trick).</summary>
    ReferenceDefinition,

    /// <summary>Text inside HTML styled not to show (display:none, font-size:0, hidden...).</summary>
    HiddenHtml,

    /// <summary>Text pushed out of view by a long run of whitespace on its line.</summary>
    WhitespaceTail,
}

/// <summary>
/// A unit of prose: a paragraph, heading or hidden text, as plain text (Markdown syntax removed, inline code
/// kept), with a map from every character back to its offset in the document.
/// </summary>
public sealed class ProseUnit
{
    private readonly int[] _sourceOffsets;

    public ProseUnit(ProseKind kind, string text, int[] sourceOffsets, TextSpan span)
    {
        Kind = kind;
        Text = text;
        _sourceOffsets = sourceOffsets;
        Span = span;
    }

    public ProseKind Kind { get; }

    /// <summary>Not shown to a human reading the rendered document, but read by an agent reading the file.</summary>
    public bool Hidden => Kind >= ProseKind.Comment;

    public string Text { get; }

    /// <summary>
    /// The text with look-alike letters replaced by the Latin letters they imitate (same length, same offsets), so
    /// "іgnore previous instructions" written with a Cyrillic і is read as what it says.
    /// </summary>
    public string Skeleton => _skeleton ??= Confusables.Skeleton(Text, InstructionCatalog.Builtin.Confusables);

    private string? _skeleton;

    /// <summary>Where the unit is in the document.</summary>
    public TextSpan Span { get; }

    /// <summary>Index of the section the unit is in (-1 before the first heading).</summary>
    public int Section { get; internal set; } = -1;

    /// <summary>Position among all units and code units of the document.</summary>
    public int Order { get; internal set; }

    /// <summary>Document span of a range of <see cref="Text"/>.</summary>
    public TextSpan SourceSpan(int start, int end)
    {
        if (Text.Length == 0) return Span;
        start = Math.Clamp(start, 0, Text.Length - 1);
        end = Math.Clamp(end, start + 1, Text.Length);
        return TextSpan.FromBounds(_sourceOffsets[start], _sourceOffsets[end - 1] + 1);
    }

    public TextSpan SourceSpan(PhraseMatch match) => SourceSpan(match.Index, match.End);

    private Dictionary<PhraseSet, IReadOnlyList<PhraseMatch>>? _found;

    /// <summary>Matches of a phrase set in <see cref="Text"/>, computed once per unit (several rules ask the same).</summary>
    public IReadOnlyList<PhraseMatch> Find(PhraseSet set)
    {
        _found ??= new Dictionary<PhraseSet, IReadOnlyList<PhraseMatch>>(ReferenceEqualityComparer.Instance);
        if (!_found.TryGetValue(set, out var matches)) _found[set] = matches = set.Matches(Text);
        return matches;
    }

    /// <summary>Whether a phrase set matches <see cref="Text"/>.</summary>
    public bool Has(PhraseSet set) => Find(set).Count > 0;

    /// <summary>Index in <see cref="Text"/> of the first character at or after a document offset, or -1.</summary>
    public int IndexAt(int sourceOffset)
    {
        for (var k = 0; k < _sourceOffsets.Length; k++)
        {
            if (_sourceOffsets[k] >= sourceOffset) return k;
        }
        return -1;
    }

    public override string ToString() => $"{Kind}: {Text}";
}

public enum CodeKind
{
    /// <summary>A fenced block (``` or ~~~).</summary>
    Fenced,

    /// <summary>An indented (4 spaces) block.</summary>
    Indented,

    /// <summary>`inline code`.</summary>
    Inline,

    /// <summary>A plain prose line (or "Run: …" tail) that is a command.</summary>
    CommandLine,

    /// <summary>A command inside an HTML comment.</summary>
    Comment,
}

/// <summary>Code found in Markdown, with the language it is analysed as and where each line starts in the document.</summary>
public sealed class CodeUnit
{
    public required CodeKind Kind { get; init; }

    /// <summary>A fence's info string ("bash", "python title=x"), or null.</summary>
    public string? Info { get; init; }

    /// <summary>The language it is analysed as; Unknown when it is not analysed (text, output, unknown tags).</summary>
    public required Language Language { get; init; }

    /// <summary>The language was guessed (no tag): it looked like a command line or code.</summary>
    public bool Guessed { get; init; }

    /// <summary>The code as analysed (prompts and console output removed).</summary>
    public required string Text { get; init; }

    /// <summary>Document offset of each line of <see cref="Text"/>.</summary>
    public required IReadOnlyList<int> LineStarts { get; init; }

    /// <summary>The whole block in the document (fences included).</summary>
    public required TextSpan Span { get; init; }

    public int Section { get; internal set; } = -1;

    public int Order { get; internal set; }

    /// <summary>Inside an HTML comment: present for an agent, invisible when rendered.</summary>
    public bool Hidden { get; init; }

    /// <summary>The virtual document analysed for it, when its language has a front end.</summary>
    public SourceDocument? Derived { get; internal set; }

    /// <summary>How reports name it: "```bash block", "inline code", "command line in prose"...</summary>
    public string Description => Kind switch
    {
        CodeKind.Fenced => Info is { Length: > 0 } ? $"```{Info.Split(' ', '\t')[0]} block" : Guessed ? $"untagged code block (read as {Language.ToId()})" : "code block",
        CodeKind.Indented => Guessed ? $"indented code block (read as {Language.ToId()})" : "indented code block",
        CodeKind.Inline => "inline code",
        CodeKind.CommandLine => "command line in prose",
        _ => "command in an HTML comment",
    };
}

/// <summary>Look-alike letters mapped to the Latin letters they imitate.</summary>
public static class Confusables
{
    /// <summary>The text with every known look-alike replaced, one character for one (offsets do not move).</summary>
    public static string Skeleton(string text, IReadOnlyDictionary<char, char> table)
    {
        char[]? chars = null;
        for (var k = 0; k < text.Length; k++)
        {
            var c = text[k];
            if (c < 0x80) continue;
            var lower = char.ToLowerInvariant(c);
            if (!table.TryGetValue(lower, out var latin)) continue;
            chars ??= text.ToCharArray();
            chars[k] = char.IsUpper(c) ? char.ToUpperInvariant(latin) : latin;
        }
        return chars is null ? text : new string(chars);
    }
}

/// <summary>A Markdown link or image: its target, text and title, and where they are.</summary>
public sealed record LinkRef(string Url, TextSpan UrlSpan, string Text, string? Title, TextSpan Span, bool IsImage, bool IsAutolink);

/// <summary>A URL found anywhere in the document text (links, prose, comments, code, front matter).</summary>
/// <param name="Value">As written (scheme-less forms such as "glot.io/x" included).</param>
/// <param name="InCode">Inside a code block or inline code.</param>
public sealed record UrlRef(string Value, TextSpan Span, bool InCode)
{
    /// <summary>The URL with a scheme, for parsing ("glot.io/x" → "http://glot.io/x", hxxp → http).</summary>
    public string Normalized => UrlScanner.Normalize(Value);

    public string Host => UrlScanner.HostOf(Normalized);

    public string Path => UrlScanner.PathOf(Normalized);
}

/// <summary>A heading and the part of the document it governs.</summary>
public sealed record Section(int Index, int Level, string Title, TextSpan HeadingSpan, int Parent)
{
    /// <summary>From the heading to the next heading of the same or a higher level.</summary>
    public TextSpan Extent { get; internal set; }
}

/// <summary>
/// A Markdown document read for its meaning: sections, prose (visible and hidden), code, links and URLs, and the
/// front matter. Built once per document by the Markdown fact extractor; the skillmd rules read it.
/// </summary>
public sealed class MarkdownModel
{
    public required SourceDocument Document { get; init; }

    public required FrontMatter FrontMatter { get; init; }

    /// <summary>Why Markdig was not used (the document was read by lines), or null.</summary>
    public string? DegradedReason { get; init; }

    public List<Section> Sections { get; } = new();

    /// <summary>Prose units in document order.</summary>
    public List<ProseUnit> Units { get; } = new();

    /// <summary>Code units in document order.</summary>
    public List<CodeUnit> Code { get; } = new();

    public List<LinkRef> Links { get; } = new();

    public List<UrlRef> Urls { get; } = new();

    /// <summary>Spans that are code (blocks and inline), sorted.</summary>
    public List<TextSpan> CodeRegions { get; } = new();

    public bool IsSkillMd => string.Equals(Document.File.Path, "SKILL.md", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ProseUnit> Visible => Units.Where(u => !u.Hidden);

    public IEnumerable<ProseUnit> Hidden => Units.Where(u => u.Hidden);

    public bool InCode(int offset)
    {
        var lo = 0;
        var hi = CodeRegions.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var r = CodeRegions[mid];
            if (offset < r.Start) hi = mid - 1;
            else if (offset >= r.End) lo = mid + 1;
            else return true;
        }
        return false;
    }

    public Section? SectionAt(int index) => index >= 0 && index < Sections.Count ? Sections[index] : null;

    /// <summary>The section and its ancestors, innermost first.</summary>
    public IEnumerable<Section> SectionChain(int index)
    {
        for (var guard = 0; guard < 16 && SectionAt(index) is { } s; guard++)
        {
            yield return s;
            index = s.Parent;
        }
    }

    public IEnumerable<UrlRef> UrlsIn(TextSpan span) => Urls.Where(u => u.Span.Start >= span.Start && u.Span.Start < span.End);

    public IEnumerable<LinkRef> LinksIn(TextSpan span) => Links.Where(l => l.Span.Start >= span.Start && l.Span.Start < span.End);

    public IEnumerable<CodeUnit> CodeIn(TextSpan span) => Code.Where(c => c.Span.Start >= span.Start && c.Span.Start < span.End);

    /// <summary>The model the extractor built for a parsed Markdown document (built now if it was not).</summary>
    public static MarkdownModel? Of(ParsedDocument parsed)
    {
        if (parsed.Markdown is null) return null;
        if (parsed.Markdown.GetData(typeof(MarkdownModel)) is MarkdownModel model) return model;
        model = MarkdownModelBuilder.Build(parsed, InstructionCatalog.Builtin, CancellationToken.None);
        parsed.Markdown.SetData(typeof(MarkdownModel), model);
        return model;
    }

    public static MarkdownModel? Of(DocumentAnalysis analysis) => Of(analysis.Parsed);

    /// <summary>The models of a skill's Markdown files (virtual documents excluded), SKILL.md first.</summary>
    public static IEnumerable<MarkdownModel> All(SkillAnalysis analysis) =>
        analysis.Documents
            .Where(d => d.Document.Origin == DocumentOrigin.File && d.Document.Language == Language.Markdown)
            .Select(Of)
            .OfType<MarkdownModel>()
            .OrderBy(m => m.IsSkillMd ? 0 : 1)
            .ThenBy(m => m.Document.File.Path, StringComparer.Ordinal);

    /// <summary>The model of SKILL.md, if the skill has one that was parsed.</summary>
    public static MarkdownModel? SkillMd(SkillAnalysis analysis) => All(analysis).FirstOrDefault(m => m.IsSkillMd);
}
