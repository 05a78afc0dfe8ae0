using System.Text.RegularExpressions;

namespace SkillScan.Semantics.Markdown;

/// <summary>
/// Reading prose for instructions: clause and sentence bounds, whether a phrase starts an instruction (only filler
/// words before it in its clause), is negated ("never disable…"), or is quoted (talked about, not said).
/// </summary>
public static partial class ProseText
{
    /// <summary>Offset where the clause holding <paramref name="index"/> starts.</summary>
    public static int ClauseStart(string text, int index)
    {
        for (var i = Math.Min(index, text.Length) - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is '。' or '！' or '？' or '；' or '：' or '，' or '、') return i + 1;
            if (c is '.' or '!' or '?' or ';' or ':' or ',' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] is '*' or '_' or '"' or '“')) return i + 1;
            if (c is '—' or '–' or '(' or '[' or '•') return i + 1;
            if (c == '-' && i > 0 && text[i - 1] == ' ' && i + 1 < text.Length && text[i + 1] == ' ') return i + 1;
            if (c == '\n' && i + 1 < text.Length && ListMarkerRegex().IsMatch(text.AsSpan(i + 1, Math.Min(6, text.Length - i - 1)))) return i + 1;
            if (c == '\n' && i > 0 && text[i - 1] == '\n') return i + 1;
        }
        return 0;
    }

    /// <summary>The sentence holding an offset: bounded by . ! ? (and their CJK forms) followed by a space, or a blank line.</summary>
    public static (int Start, int End) Sentence(string text, int index)
    {
        var start = 0;
        for (var i = Math.Min(index, text.Length) - 1; i >= 0; i--)
        {
            if (IsSentenceEnd(text, i))
            {
                start = i + 1;
                break;
            }
        }
        var end = text.Length;
        for (var i = Math.Max(index, start); i < text.Length; i++)
        {
            if (IsSentenceEnd(text, i))
            {
                end = i + 1;
                break;
            }
        }
        return (start, end);
    }

    public static IEnumerable<(int Start, int End)> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsSentenceEnd(text, i)) continue;
            if (text.AsSpan(start, i + 1 - start).Trim().Length > 0) yield return (start, i + 1);
            start = i + 1;
        }
        if (text.AsSpan(start).Trim().Length > 0) yield return (start, text.Length);
    }

    private static bool IsSentenceEnd(string text, int i)
    {
        var c = text[i];
        if (c is '。' or '！' or '？') return true;
        if (c is '.' or '!' or '?') return i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]) || text[i + 1] is '*' or '_' or ')' or '"' or '”';
        return c == '\n' && i + 1 < text.Length && text[i + 1] == '\n';
    }

    /// <summary>Word tokens between the clause start and an offset.</summary>
    public static IEnumerable<string> WordsBefore(string text, int index)
    {
        var start = ClauseStart(text, index);
        foreach (Match w in WordRegex().Matches(text.Substring(start, Math.Max(0, index - start)))) yield return w.Value.ToLowerInvariant();
    }

    /// <summary>
    /// Whether a phrase at <paramref name="index"/> starts an instruction: only filler words (please, now, you must,
    /// IMPORTANT...) or numbers before it in its clause, plus any <paramref name="extra"/> words. A coordinating
    /// "and"/"then" starts a new instruction ("run X and do not tell the user").
    /// </summary>
    public static bool IsImperativeAt(string text, int index, IReadOnlySet<string> fillers, params string[] extra)
    {
        var ok = true;
        foreach (var word in WordsBefore(text, index))
        {
            if (Conjunctions.Contains(word))
            {
                ok = true;
                continue;
            }
            if (char.IsAsciiDigit(word[0]) || fillers.Contains(word) || extra.Contains(word)) continue;
            ok = false;
        }
        return ok;
    }

    /// <summary>Words that join two instructions.</summary>
    private static readonly HashSet<string> Conjunctions = new(StringComparer.Ordinal) { "and", "then", "also", "и", "затем", "потом", "y", "luego", "und", "dann", "et", "puis" };

    /// <summary>
    /// Whether the agent is the subject of the verb at <paramref name="index"/>: "the assistant reads…", "the agent
    /// will upload…" — instructions written as a description of what the agent does.
    /// </summary>
    public static bool HasAgentSubject(string text, int index)
    {
        var start = ClauseStart(text, index);
        return index - start < 80 && AgentSubjectRegex().IsMatch(text.AsSpan(start, index - start).Trim());
    }

    /// <summary>A negation before the phrase in its clause ("never", "do not", "without", "avoid"...).</summary>
    public static bool IsNegated(string text, int index)
    {
        var start = ClauseStart(text, index);
        return NegationRegex().IsMatch(text.AsSpan(start, Math.Max(0, index - start)));
    }

    /// <summary>
    /// Whether [start, end) sits inside quotation marks ("…", “…”, «…», 「…」, „…“) counted from the start of the
    /// text: a quoted phrase is being talked about, not said.
    /// </summary>
    public static bool IsQuoted(string text, int start, int end)
    {
        var straight = false;
        var curly = 0;
        for (var i = 0; i < Math.Min(start, text.Length); i++)
        {
            switch (text[i])
            {
                case '"':
                    straight = !straight;
                    break;
                case '“' or '«' or '「' or '『' or '„' or '‹':
                    curly++;
                    break;
                case '”' or '»' or '」' or '』' or '›':
                    curly = Math.Max(0, curly - 1);
                    break;
            }
        }
        if (curly > 0) return true;
        if (!straight) return false;
        // An opening straight quote counts only if it closes after the phrase on the same line.
        var close = text.IndexOf('"', Math.Min(end, text.Length));
        var newline = text.IndexOf('\n', Math.Min(end, text.Length));
        return close >= 0 && (newline < 0 || close < newline);
    }

    [GeneratedRegex(@"^(the\s+|your\s+)?(ai\s+)?(assistant|agent|ai|model|llm|claude|bot|openclaw|clawdbot)(\s+(will|should|must|then|now|also|first|always|can|shall|automatically|silently|quietly))*$", RegexOptions.IgnoreCase)]
    private static partial Regex AgentSubjectRegex();

    [GeneratedRegex(@"\p{L}[\p{L}'’]*|\d+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\b(not|never|no|don't|don’t|dont|doesn't|doesn’t|didn't|avoid|without|nor|cannot|can't|won't|shouldn't|mustn't|refuse|stop)\b|\bdo\s+not\b", RegexOptions.IgnoreCase)]
    private static partial Regex NegationRegex();

    [GeneratedRegex(@"^\s*([-*+•]\s|\d+[.)]\s)")]
    private static partial Regex ListMarkerRegex();
}
