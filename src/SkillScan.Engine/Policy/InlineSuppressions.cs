using System.Text.RegularExpressions;
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

    private static readonly Regex Directive = new(
        @"(?<marker>#|//|/\*|<!--)[ \t]*skillscan-ignore(?<file>-file)?(?<rest>[^A-Za-z0-9_\r\n-][^\r\n]*)?(?:\r|\n|$)",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex RuleList = new(
        @"^[ \t]*(?<ids>[A-Z]{2,}[0-9]{3,5}(?:[ \t]*,[ \t]*[A-Z]{2,}[0-9]{3,5})*)",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>Comment markers that start a comment in each language.</summary>
    private static IReadOnlyList<string> MarkersFor(Language language) => language switch
    {
        Language.Python or Language.Bash or Language.Yaml or Language.Toml => ["#"],
        Language.JavaScript or Language.TypeScript or Language.Tsx or Language.CSharp or Language.Json => ["//", "/*"],
        Language.Markdown => ["#", "//", "/*", "<!--"],
        Language.Binary => [],
        _ => ["#", "//"],
    };

    /// <summary>Every directive in the file, in order.</summary>
    public static IReadOnlyList<SuppressionDirective> Parse(SkillFile file)
    {
        var markers = MarkersFor(file.Language);
        if (markers.Count == 0) return [];
        var text = file.Text;
        if (!text.Contains(Keyword, StringComparison.Ordinal)) return [];

        var lines = new LineMap(text);
        var found = new List<(Match Match, int Line, bool OwnLine)>();
        foreach (Match m in Directive.Matches(text))
        {
            if (!markers.Contains(m.Groups["marker"].Value)) continue;
            var (line, _) = lines.Position(m.Index);
            var before = text.AsSpan(lines.LineStart(line), m.Index - lines.LineStart(line));
            found.Add((m, line, before.IsWhiteSpace()));
        }

        var directiveLines = found.Where(f => f.OwnLine).Select(f => f.Line).ToHashSet();
        var result = new List<SuppressionDirective>();
        foreach (var (m, line, ownLine) in found)
        {
            var fileLevel = m.Groups["file"].Success;
            var (ids, reason) = ParseRest(m.Groups["rest"].Value);
            var target = fileLevel ? 0 : ownLine ? NextCodeLine(text, lines, line, directiveLines) : line;
            var end = m.Index + m.Length;
            while (end > m.Index && text[end - 1] is '\r' or '\n') end--;
            var span = new TextSpan(m.Index, end);
            result.Add(new SuppressionDirective(file, span, line, fileLevel, target, ids, reason));
        }
        return result;
    }

    /// <summary>The rule ids and the reason from what follows the keyword.</summary>
    internal static (IReadOnlyList<string> Ids, string? Reason) ParseRest(string rest)
    {
        rest = StripCommentEnd(rest);
        var list = RuleList.Match(rest);
        if (!list.Success) return ([], null);
        var ids = list.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        var after = rest[(list.Index + list.Length)..].Trim();
        if (after.StartsWith(':')) after = after[1..].Trim();
        return (ids, after.Length == 0 ? null : after);
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

    private static int NextCodeLine(string text, LineMap lines, int line, HashSet<int> directiveLines)
    {
        for (var next = line + 1; next <= lines.LineCount; next++)
        {
            if (directiveLines.Contains(next)) continue;
            var start = lines.LineStart(next);
            if (!text.AsSpan(start, lines.LineEnd(next, text) - start).IsWhiteSpace()) return next;
        }
        return line + 1;
    }
}
