using System.Text;
using SkillScan.Model;

namespace SkillScan.Pinning.Manifests;

/// <summary>A line with its `\` continuations joined, mapping each of its characters back to the document.</summary>
internal sealed class LogicalLine
{
    private readonly int[] _offsets;

    public LogicalLine(string text, int[] offsets)
    {
        Text = text;
        _offsets = offsets;
    }

    public string Text { get; }

    /// <summary>The document span of Text[start..end] (exact: joined lines keep every character's position).</summary>
    public TextSpan Map(int start, int end)
    {
        if (_offsets.Length == 0) return default;
        var s = _offsets[Math.Clamp(start, 0, _offsets.Length - 1)];
        return end <= start ? new TextSpan(s, s) : TextSpan.FromBounds(s, _offsets[Math.Clamp(end - 1, 0, _offsets.Length - 1)] + 1);
    }
}

/// <summary>Joins lines ending in a backslash (requirements files, Dockerfiles), keeping positions.</summary>
internal static class ContinuationLines
{
    /// <param name="skipInsideContinuation">Physical lines dropped while a line is being continued (Dockerfile comments).</param>
    public static IEnumerable<LogicalLine> Read(SourceDocument document, Func<string, bool>? skipInsideContinuation = null)
    {
        var text = document.Text;
        var lines = document.Lines;
        var chars = new StringBuilder();
        var offsets = new List<int>();
        var continuing = false;
        for (var line = 1; line <= lines.LineCount; line++)
        {
            var start = lines.LineStart(line);
            var content = text[start..lines.LineEnd(line, text)];
            if (continuing && skipInsideContinuation?.Invoke(content) == true) continue;
            continuing = content.EndsWith('\\');
            if (continuing) content = content[..^1];
            for (var i = 0; i < content.Length; i++)
            {
                chars.Append(content[i]);
                offsets.Add(start + i);
            }
            if (continuing && line < lines.LineCount)
            {
                chars.Append(' ');
                offsets.Add(start + content.Length);
                continue;
            }
            yield return new LogicalLine(chars.ToString(), offsets.ToArray());
            chars.Clear();
            offsets.Clear();
        }
    }
}
