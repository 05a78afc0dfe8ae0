using SkillScan.Model;

namespace SkillScan.Policy;

/// <summary>
/// One <c>skillscan-ignore</c> comment. <see cref="TargetLine"/> is the line whose findings it suppresses
/// (0 for the file-level form, which covers the whole file).
/// </summary>
public sealed record SuppressionDirective(
    SkillFile File,
    TextSpan Span,
    int Line,
    bool FileLevel,
    int TargetLine,
    IReadOnlyList<string> RuleIds,
    string? Reason)
{
    public bool HasReason => !string.IsNullOrWhiteSpace(Reason);

    public bool Covers(string ruleId, int line) => RuleIds.Contains(ruleId) && (FileLevel || line == TargetLine);

    public SourceLocation Location => SourceDocument.ForFile(File).Locate(Span);
}

/// <summary>
/// Finds inline suppressions in a file's comments:
/// <c># skillscan-ignore SS1001: reason</c>, <c>// skillscan-ignore SS1001, SS1101: reason</c>,
/// <c>&lt;!-- skillscan-ignore SS3001: reason --&gt;</c>, and the file-level <c>skillscan-ignore-file</c>.
/// A comment alone on its line applies to the next line that is neither blank nor another suppression;
/// one that follows code applies to its own line. The comment marker must be the file's language's
/// (Markdown accepts all of them, since its code blocks hold any language).
/// </summary>
public static class InlineSuppressions
{
    public const string Keyword = "skillscan-ignore";

    private const string FileSuffix = "-file";

    /// <summary>Comment markers that start a comment in each language.</summary>
    private static IReadOnlyList<string> MarkersFor(Language language) => language switch
    {
        Language.Python or Language.Bash or Language.Yaml or Language.Toml => ["#"],
        Language.JavaScript or Language.TypeScript or Language.Tsx or Language.CSharp or Language.Json => ["//", "/*"],
        Language.Markdown => ["#", "//", "/*", "<!--"],
        Language.Binary => [],
        _ => ["#", "//"],
    };

    /// <summary>Every directive in the file, in order. Linear in the file's length (plain scans, no regex).</summary>
    public static IReadOnlyList<SuppressionDirective> Parse(SkillFile file)
    {
        var markers = MarkersFor(file.Language);
        if (markers.Count == 0) return [];
        var text = file.Text;
        if (!text.Contains(Keyword, StringComparison.Ordinal)) return [];

        var lines = new LineMap(text);
        var found = new List<(int Start, int End, int Line, bool OwnLine, bool FileLevel, string Tail)>();
        for (var at = text.IndexOf(Keyword, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Keyword, at + 1, StringComparison.Ordinal))
        {
            var (line, _) = lines.Position(at);
            var lineStart = lines.LineStart(line);
            var markerEnd = at;
            while (markerEnd > lineStart && text[markerEnd - 1] is ' ' or '\t') markerEnd--;
            var marker = markers.FirstOrDefault(m => markerEnd - m.Length >= lineStart && text.AsSpan(markerEnd - m.Length, m.Length).SequenceEqual(m));
            if (marker is null) continue;

            var after = at + Keyword.Length;
            var fileLevel = text.AsSpan(after).StartsWith(FileSuffix, StringComparison.Ordinal);
            if (fileLevel) after += FileSuffix.Length;
            // "skillscan-ignored", "skillscan-ignore_x" are other words.
            if (after < text.Length && (char.IsAsciiLetterOrDigit(text[after]) || text[after] is '_' or '-')) continue;

            var end = text.IndexOfAny(['\r', '\n'], after);
            if (end < 0) end = text.Length;
            var start = markerEnd - marker.Length;
            var ownLine = text.AsSpan(lineStart, start - lineStart).IsWhiteSpace();
            found.Add((start, end, line, ownLine, fileLevel, text[after..end]));
        }

        var nextCode = NextCodeLines(text, lines, found.Where(f => f.OwnLine).Select(f => f.Line).ToHashSet());
        var result = new List<SuppressionDirective>(found.Count);
        foreach (var f in found)
        {
            var (ids, reason) = ParseRest(f.Tail);
            var target = f.FileLevel ? 0 : f.OwnLine ? nextCode[f.Line] : f.Line;
            result.Add(new SuppressionDirective(file, new TextSpan(f.Start, f.End), f.Line, f.FileLevel, target, ids, reason));
        }
        return result;
    }

    /// <summary>The rule ids and the reason from what follows the keyword.</summary>
    internal static (IReadOnlyList<string> Ids, string? Reason) ParseRest(string rest)
    {
        rest = StripCommentEnd(rest);
        var ids = new List<string>();
        var i = SkipBlanks(rest, 0);
        // Only a separated token counts: "skillscan-ignoreSS1001" was already refused above.
        if (i == 0 && rest.Length > 0 && !char.IsWhiteSpace(rest[0])) return ([], null);
        while (RuleIdAt(rest, i) is { } length)
        {
            var id = rest.Substring(i, length);
            if (!ids.Contains(id)) ids.Add(id);
            var next = SkipBlanks(rest, i + length);
            if (next < rest.Length && rest[next] == ',' && RuleIdAt(rest, SkipBlanks(rest, next + 1)) is not null)
            {
                i = SkipBlanks(rest, next + 1);
                continue;
            }
            i += length;
            break;
        }
        if (ids.Count == 0) return ([], null);
        var after = rest[i..].Trim();
        if (after.StartsWith(':')) after = after[1..].Trim();
        return (ids, after.Length == 0 ? null : after);
    }

    /// <summary>Length of a rule id (two or more capitals, three to five digits) starting at <paramref name="i"/>, or null.</summary>
    private static int? RuleIdAt(string s, int i)
    {
        var j = i;
        while (j < s.Length && char.IsAsciiLetterUpper(s[j])) j++;
        if (j - i < 2) return null;
        var digits = j;
        while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
        if (j - digits is < 3 or > 5) return null;
        if (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_')) return null;
        return j - i;
    }

    private static int SkipBlanks(string s, int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t') i++;
        return i;
    }

    private static string StripCommentEnd(string rest)
    {
        rest = rest.TrimEnd();
        foreach (var end in (string[])["-->", "*/"])
        {
            var at = rest.LastIndexOf(end, StringComparison.Ordinal);
            if (at >= 0 && rest[(at + end.Length)..].Trim().Length == 0) return rest[..at];
        }
        return rest;
    }

    /// <summary>
    /// For each line, the first later line that is neither blank nor a suppression comment (or the line after
    /// it when there is none), in one backward pass so that a file of many comments stays linear.
    /// </summary>
    private static int[] NextCodeLines(string text, LineMap lines, HashSet<int> directiveLines)
    {
        var next = new int[lines.LineCount + 2];
        var following = 0;
        for (var line = lines.LineCount; line >= 1; line--)
        {
            next[line] = following == 0 ? line + 1 : following;
            var start = lines.LineStart(line);
            var isCode = !directiveLines.Contains(line) && !text.AsSpan(start, lines.LineEnd(line, text) - start).IsWhiteSpace();
            if (isCode) following = line;
        }
        return next;
    }
}
