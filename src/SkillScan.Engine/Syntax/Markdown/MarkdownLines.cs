using SkillScan.Model;

namespace SkillScan.Syntax.Markdown;

/// <summary>One physical line: [Start, End) without its line break; Next is where the following line starts.</summary>
public readonly record struct MarkdownLine(int Start, int End, int Next);

public enum RawBlockKind
{
    Paragraph,
    Heading,
    Fence,
}

/// <summary>
/// A block found by the line scanner, for text Markdig did not parse (a degraded document, or an oversized
/// paragraph kept away from Markdig's quadratic inline parser).
/// </summary>
/// <param name="Lines">For a fence: the content lines (fence lines excluded); otherwise every line of the block.</param>
/// <param name="Info">A fence's info string.</param>
/// <param name="Level">A heading's level.</param>
public sealed record RawBlock(RawBlockKind Kind, TextSpan Span, IReadOnlyList<MarkdownLine> Lines, string? Info = null, int Level = 0);

/// <summary>
/// A small line-based Markdown reader: lines, code fences (also inside quotes and lists), paragraphs and ATX
/// headings. It never recurses and is linear in the input, so it serves where Markdig must not run.
/// </summary>
public static class MarkdownLines
{
    public static List<MarkdownLine> Split(string text, int from = 0, int to = -1)
    {
        if (to < 0) to = text.Length;
        var lines = new List<MarkdownLine>();
        var start = from;
        while (start < to)
        {
            var end = text.IndexOfAny(['\n', '\r'], start, to - start);
            if (end < 0)
            {
                lines.Add(new MarkdownLine(start, to, to));
                break;
            }
            var next = end + 1;
            if (text[end] == '\r' && next < to && text[next] == '\n') next++;
            lines.Add(new MarkdownLine(start, end, next));
            start = next;
        }
        return lines;
    }

    public static bool IsBlank(string text, MarkdownLine line)
    {
        for (var i = line.Start; i < line.End; i++)
        {
            if (!char.IsWhiteSpace(text[i])) return false;
        }
        return true;
    }

    /// <summary>Offset after block-quote markers, list markers and indentation.</summary>
    public static int ContentStart(string text, MarkdownLine line)
    {
        var i = line.Start;
        for (var guard = 0; guard < 64 && i < line.End; guard++)
        {
            while (i < line.End && text[i] is ' ' or '\t') i++;
            if (i < line.End && text[i] == '>')
            {
                i++;
                continue;
            }
            if (i + 1 < line.End && text[i] is '-' or '*' or '+' && text[i + 1] is ' ' or '\t')
            {
                i += 2;
                continue;
            }
            var d = i;
            while (d < line.End && d - i < 9 && char.IsAsciiDigit(text[d])) d++;
            if (d > i && d + 1 < line.End && text[d] is '.' or ')' && text[d + 1] is ' ' or '\t')
            {
                i = d + 2;
                continue;
            }
            break;
        }
        return i;
    }

    /// <summary>The fence a line opens or closes: its marker character, length, and the info string after it.</summary>
    public static (char Marker, int Length, string Info)? Fence(string text, MarkdownLine line)
    {
        var i = ContentStart(text, line);
        if (i >= line.End || text[i] is not ('`' or '~')) return null;
        var marker = text[i];
        var n = 0;
        while (i + n < line.End && text[i + n] == marker) n++;
        if (n < 3) return null;
        var info = text[(i + n)..line.End].Trim();
        if (marker == '`' && info.Contains('`')) return null;
        return (marker, n, info);
    }

    /// <summary>Paragraphs, headings and fenced blocks of a range of the text, by lines.</summary>
    public static List<RawBlock> Blocks(string text, int from = 0, int to = -1)
    {
        var lines = Split(text, from, to);
        var blocks = new List<RawBlock>();
        var paragraph = new List<MarkdownLine>();

        void FlushParagraph()
        {
            if (paragraph.Count == 0) return;
            blocks.Add(new RawBlock(RawBlockKind.Paragraph, TextSpan.FromBounds(paragraph[0].Start, paragraph[^1].End), paragraph.ToList()));
            paragraph.Clear();
        }

        for (var k = 0; k < lines.Count; k++)
        {
            var line = lines[k];
            if (IsBlank(text, line))
            {
                FlushParagraph();
                continue;
            }
            if (Fence(text, line) is { } open)
            {
                FlushParagraph();
                var content = new List<MarkdownLine>();
                var end = line.End;
                var j = k + 1;
                for (; j < lines.Count; j++)
                {
                    if (Fence(text, lines[j]) is { } close && close.Marker == open.Marker && close.Length >= open.Length && close.Info.Length == 0)
                    {
                        end = lines[j].End;
                        break;
                    }
                    content.Add(lines[j]);
                    end = lines[j].End;
                }
                blocks.Add(new RawBlock(RawBlockKind.Fence, TextSpan.FromBounds(line.Start, end), content, open.Info));
                k = j;
                continue;
            }
            var c = ContentStart(text, line);
            var level = 0;
            while (c + level < line.End && text[c + level] == '#' && level < 7) level++;
            if (level is >= 1 and <= 6 && (c + level == line.End || text[c + level] is ' ' or '\t'))
            {
                FlushParagraph();
                blocks.Add(new RawBlock(RawBlockKind.Heading, TextSpan.FromBounds(line.Start, line.End), [line], Level: level));
                continue;
            }
            paragraph.Add(line);
        }
        FlushParagraph();
        return blocks;
    }

    /// <summary>
    /// Runs of non-blank lines outside code fences longer than <paramref name="maxChars"/>: Markdig's inline
    /// parser is quadratic on some inputs (many unclosed links), so such runs are read by lines instead.
    /// </summary>
    public static List<TextSpan> OversizedParagraphs(string text, int from, int maxChars)
    {
        var result = new List<TextSpan>();
        var lines = Split(text, from);
        var runStart = -1;
        var runEnd = -1;
        (char Marker, int Length, string Info)? fence = null;

        void Flush()
        {
            if (runStart >= 0 && runEnd - runStart > maxChars) result.Add(TextSpan.FromBounds(runStart, runEnd));
            runStart = -1;
        }

        foreach (var line in lines)
        {
            if (fence is { } open)
            {
                if (Fence(text, line) is { } close && close.Marker == open.Marker && close.Length >= open.Length && close.Info.Length == 0)
                {
                    fence = null;
                }
                continue;
            }
            if (IsBlank(text, line))
            {
                Flush();
                continue;
            }
            if (Fence(text, line) is { } f)
            {
                Flush();
                fence = f;
                continue;
            }
            if (runStart < 0) runStart = line.Start;
            runEnd = line.End;
        }
        Flush();
        return result;
    }
}
