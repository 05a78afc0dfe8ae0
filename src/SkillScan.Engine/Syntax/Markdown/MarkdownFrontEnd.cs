using Markdig;
using Markdig.Syntax;
using SkillScan.Model;

namespace SkillScan.Syntax.Markdown;

/// <summary>
/// What the Markdown front end learnt besides Markdig's tree: the front matter, and the text Markdig did not see
/// (oversized paragraphs, or the whole document when Markdig could not be used). Attached to the
/// <see cref="MarkdownDocument"/> of the <see cref="ParsedDocument"/>.
/// </summary>
public sealed class MarkdownSyntax
{
    public required FrontMatter FrontMatter { get; init; }

    /// <summary>Why Markdig was not used for the whole document (too large, too deeply nested), or null.</summary>
    public string? DegradedReason { get; init; }

    public bool Degraded => DegradedReason is not null;

    /// <summary>Blocks read by lines instead of Markdig: every block when degraded, else the oversized paragraphs.</summary>
    public IReadOnlyList<RawBlock> RawBlocks { get; init; } = [];

    /// <summary>The front end's result for a parsed Markdown document (never null for documents it parsed).</summary>
    public static MarkdownSyntax? Of(ParsedDocument parsed) => parsed.Markdown?.GetData(typeof(MarkdownSyntax)) as MarkdownSyntax;
}

/// <summary>
/// Markdown (SKILL.md and other .md files) through Markdig with precise source positions. Front matter is split
/// off first (and read by <see cref="SafeYaml"/>); its characters are blanked, not removed, so Markdig's offsets
/// are offsets in the file. Hostile Markdown never crashes the scan: too deep nesting or oversized input falls
/// back to a line reader.
/// </summary>
public sealed class MarkdownFrontEnd : IFrontEnd
{
    /// <summary>Larger documents are read by lines only (Markdig's worst case grows with the square of a paragraph).</summary>
    public const int MaxMarkdigChars = 512 * 1024;

    /// <summary>Longer paragraphs are read by lines.</summary>
    public const int MaxParagraphChars = 8 * 1024;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePreciseSourceLocation()
        .UseAutoLinks()
        .Build();

    public IReadOnlyCollection<Language> Languages { get; } = [Language.Markdown];

    public ParsedDocument Parse(SourceDocument document, AnalysisLimits limits, CancellationToken cancellationToken)
    {
        var text = document.Text;
        var frontMatter = FrontMatter.Parse(text);
        var bodyStart = frontMatter.BlockSpan.End;
        cancellationToken.ThrowIfCancellationRequested();

        if (text.Length > MaxMarkdigChars)
        {
            return Degraded(document, frontMatter, bodyStart, $"the file is larger than {MaxMarkdigChars / 1024} KB");
        }

        var oversized = MarkdownLines.OversizedParagraphs(text, bodyStart, MaxParagraphChars);
        var masked = Blank(text, [TextSpan.FromBounds(0, bodyStart), .. oversized]);
        MarkdownDocument markdown;
        try
        {
            markdown = Markdig.Markdown.Parse(masked, Pipeline);
        }
        catch (ArgumentException ex) when (ex.Message.Contains("nested", StringComparison.OrdinalIgnoreCase))
        {
            return Degraded(document, frontMatter, bodyStart, "Markdown elements are nested too deeply");
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // Markdig failing on hostile input must not hide the text from the rules: read it by lines.
            return Degraded(document, frontMatter, bodyStart, $"Markdig failed ({ex.GetType().Name}: {ex.Message})");
        }
        var raw = new List<RawBlock>();
        foreach (var span in oversized) raw.AddRange(MarkdownLines.Blocks(text, span.Start, span.End));
        markdown.SetData(typeof(MarkdownSyntax), new MarkdownSyntax { FrontMatter = frontMatter, RawBlocks = raw });
        return new ParsedDocument(document) { Markdown = markdown };
    }

    private static ParsedDocument Degraded(SourceDocument document, FrontMatter frontMatter, int bodyStart, string reason)
    {
        var markdown = new MarkdownDocument();
        markdown.SetData(typeof(MarkdownSyntax), new MarkdownSyntax
        {
            FrontMatter = frontMatter,
            DegradedReason = reason,
            RawBlocks = MarkdownLines.Blocks(document.Text, bodyStart),
        });
        return new ParsedDocument(document) { Markdown = markdown, HasErrors = true };
    }

    /// <summary>The text with the given spans replaced by spaces (line breaks kept), so offsets do not move.</summary>
    private static string Blank(string text, IReadOnlyList<TextSpan> spans)
    {
        if (spans.All(s => s.Length == 0)) return text;
        var chars = text.ToCharArray();
        foreach (var span in spans)
        {
            for (var i = span.Start; i < span.End && i < chars.Length; i++)
            {
                if (chars[i] is not ('\n' or '\r')) chars[i] = ' ';
            }
        }
        return new string(chars);
    }
}
