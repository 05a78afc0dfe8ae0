namespace SkillScan.Model;

/// <summary>A half-open range of UTF-16 offsets [Start, End) in one document's text.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;

    public static TextSpan FromBounds(int start, int end) => new(start, Math.Max(start, end));

    public bool Contains(int offset) => offset >= Start && offset < End;

    public TextSpan Union(TextSpan other) => new(Math.Min(Start, other.Start), Math.Max(End, other.End));
}

/// <summary>A 1-based region in a physical file, columns counted in UTF-16 code units (SARIF's default).</summary>
public readonly record struct SourceRegion(int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static readonly SourceRegion WholeFile = new(1, 1, 1, 1);
}

/// <summary>Where a finding or flow step is, in repository terms.</summary>
public sealed record SourceLocation(string RepoPath, SourceRegion Region);

/// <summary>Maps UTF-16 offsets of a text to 1-based lines and columns.</summary>
public sealed class LineMap
{
    private readonly int[] _lineStarts;

    public LineMap(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                starts.Add(i + 1);
            }
            else if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                starts.Add(i + 1);
            }
        }
        _lineStarts = starts.ToArray();
        Length = text.Length;
    }

    public int Length { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>1-based line and column of an offset (clamped into the text).</summary>
    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>Offset of a 1-based line's first character.</summary>
    public int LineStart(int line) => _lineStarts[Math.Clamp(line - 1, 0, _lineStarts.Length - 1)];

    /// <summary>Offset one past the last character of a 1-based line, excluding the line break.</summary>
    public int LineEnd(int line, string text)
    {
        var end = line < _lineStarts.Length ? _lineStarts[line] : text.Length;
        while (end > LineStart(line) && (text[end - 1] == '\n' || text[end - 1] == '\r'))
        {
            end--;
        }
        return end;
    }

    public SourceRegion Region(TextSpan span)
    {
        var (sl, sc) = Position(span.Start);
        var (el, ec) = Position(Math.Max(span.Start, span.End));
        return new SourceRegion(sl, sc, el, ec);
    }
}
