using System.Text;

namespace SkillScan.Model;

/// <summary>Why a document exists: a real file, or text found inside one.</summary>
public enum DocumentOrigin
{
    /// <summary>The whole file.</summary>
    File,

    /// <summary>A fenced or indented code block, inline code or command line found in Markdown.</summary>
    CodeBlock,

    /// <summary>A string that decoded (base64, hex...) into code, re-parsed.</summary>
    Decoded,

    /// <summary>A shell command embedded in a manifest (package.json script, front-matter install spec...).</summary>
    Embedded,
}

/// <summary>
/// Text in one language that a front end parses. A real file, or a virtual document (a SKILL.md code block, a
/// decoded payload) whose positions map back to the physical file so findings point at the right line.
/// </summary>
public sealed class SourceDocument
{
    private LineMap? _lines;
    private Utf8Text? _utf8;
    private readonly Func<SourceDocument, TextSpan, SourceRegion>? _map;

    private SourceDocument(SkillFile file, string text, Language language, DocumentOrigin origin, SourceDocument? parent,
        Func<SourceDocument, TextSpan, SourceRegion>? map, string? description)
    {
        File = file;
        Text = text;
        Language = language;
        Origin = origin;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
        _map = map;
        Description = description;
    }

    public SkillFile File { get; }

    public string Text { get; }

    public Language Language { get; }

    public DocumentOrigin Origin { get; }

    public SourceDocument? Parent { get; }

    /// <summary>0 for a file; +1 for each level of embedding or decoding (bounded by the analysis limits).</summary>
    public int Depth { get; }

    /// <summary>Human description of a virtual document, e.g. "```bash block" or "base64-decoded string".</summary>
    public string? Description { get; }

    public LineMap Lines => _lines ??= new LineMap(Text);

    /// <summary>The text as UTF-8 with byte↔char offset mapping, for tree-sitter.</summary>
    public Utf8Text Utf8 => _utf8 ??= new Utf8Text(Text);

    public static SourceDocument ForFile(SkillFile file, Language? language = null) =>
        new(file, file.Text, language ?? file.Language, DocumentOrigin.File, null, null, null);

    /// <summary>
    /// A document made of lines taken from its parent: virtual line i (0-based) starts at parent offset
    /// lineStarts[i]. Used for Markdown code blocks, whose lines keep their columns.
    /// </summary>
    public static SourceDocument FromParentLines(SourceDocument parent, string text, Language language,
        IReadOnlyList<int> parentLineStarts, DocumentOrigin origin, string description)
    {
        var starts = parentLineStarts.ToArray();
        return new SourceDocument(parent.File, text, language, origin, parent, (doc, span) =>
        {
            var (sl, sc) = doc.Lines.Position(span.Start);
            var (el, ec) = doc.Lines.Position(span.End);
            var ps = starts[Math.Min(sl - 1, starts.Length - 1)] + sc - 1;
            var pe = starts[Math.Min(el - 1, starts.Length - 1)] + ec - 1;
            return parent.MapToFile(TextSpan.FromBounds(ps, pe));
        }, description);
    }

    /// <summary>A document whose every position maps to one span of its parent (a decoded literal).</summary>
    public static SourceDocument FromParentSpan(SourceDocument parent, string text, Language language, TextSpan parentSpan,
        DocumentOrigin origin, string description) =>
        new(parent.File, text, language, origin, parent, (_, _) => parent.MapToFile(parentSpan), description);

    /// <summary>
    /// A document brought back from the result cache: its text is gone, only what reports need is kept (the
    /// physical file, origin, description) and every span maps to the one <paramref name="region"/> recorded.
    /// </summary>
    public static SourceDocument Restored(SkillFile file, Language language, DocumentOrigin origin, string? description, SourceRegion region) =>
        new(file, "", language, origin, null, (_, _) => region, description);

    /// <summary>The region in the physical file that a span of this document's text comes from.</summary>
    public SourceRegion MapToFile(TextSpan span) => _map is null ? Lines.Region(span) : _map(this, span);

    public SourceLocation Locate(TextSpan span) => new(File.RepoPath, MapToFile(span));

    /// <summary>The root (physical file) document.</summary>
    public SourceDocument Root => Parent?.Root ?? this;

    public string Slice(TextSpan span) => SliceSpan(span).ToString();

    /// <summary>
    /// The text at a span without copying it. Rules look at the text of every call and string, and the spans of
    /// nested code nest (200,000 levels of `$(…)`): copying each would be quadratic.
    /// </summary>
    public ReadOnlySpan<char> SliceSpan(TextSpan span)
    {
        var start = Math.Clamp(span.Start, 0, Text.Length);
        return Text.AsSpan(start, Math.Clamp(span.Length, 0, Text.Length - start));
    }

    /// <summary>
    /// Where <paramref name="value"/> is written verbatim in a span, searching only from the span's start to
    /// <see cref="VerbatimSlack"/> characters past the value's length (a value written in the source starts there,
    /// after its quotes), or -1. The cost is the value's length, not the span's: the spans of nested code nest.
    /// </summary>
    public int IndexOfVerbatim(TextSpan span, string value)
    {
        var text = SliceSpan(span);
        return text[..Math.Min(text.Length, value.Length + VerbatimSlack)].IndexOf(value, StringComparison.Ordinal);
    }

    /// <summary>Characters allowed before a verbatim value by <see cref="IndexOfVerbatim"/> (quotes and string prefixes).</summary>
    public const int VerbatimSlack = 256;
}

/// <summary>UTF-8 bytes of a text and the mapping from byte offsets back to UTF-16 offsets.</summary>
public sealed class Utf8Text
{
    private readonly int[]? _byteToChar;

    public Utf8Text(string text)
    {
        Bytes = Encoding.UTF8.GetBytes(text);
        if (Bytes.Length != text.Length)
        {
            // Non-ASCII: record, for every byte, the UTF-16 offset of the character it belongs to.
            _byteToChar = new int[Bytes.Length + 1];
            var b = 0;
            for (var c = 0; c < text.Length; c++)
            {
                int n;
                if (char.IsHighSurrogate(text[c]) && c + 1 < text.Length && char.IsLowSurrogate(text[c + 1]))
                {
                    n = 4;
                    for (var k = 0; k < n; k++) _byteToChar[b + k] = c;
                    b += n;
                    c++;
                    continue;
                }
                n = text[c] < 0x80 ? 1 : text[c] < 0x800 ? 2 : 3;
                for (var k = 0; k < n && b + k < Bytes.Length; k++) _byteToChar[b + k] = c;
                b += n;
            }
            _byteToChar[Bytes.Length] = text.Length;
        }
    }

    public byte[] Bytes { get; }

    public int CharOffset(uint byteOffset) =>
        _byteToChar is null ? (int)Math.Min(byteOffset, (uint)Bytes.Length) : _byteToChar[Math.Min(byteOffset, (uint)Bytes.Length)];

    public TextSpan Span(uint startByte, uint endByte) => TextSpan.FromBounds(CharOffset(startByte), CharOffset(endByte));
}
