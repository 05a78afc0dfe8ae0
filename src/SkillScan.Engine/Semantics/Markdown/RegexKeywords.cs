using System.Text;

namespace SkillScan.Semantics.Markdown;

/// <summary>
/// What text must contain for a regex to match: for each top-level alternative, the literal words it needs (all of
/// its mandatory items, each item any of a few words). Text that satisfies no alternative is skipped with fast
/// substring searches instead of running the regex.
/// </summary>
/// <param name="Branches">Alternatives; each is a list of items that must all be present; an item is any of its words (lower case).</param>
public sealed record KeywordFilter(IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> Branches)
{
    /// <summary>Whether text (already lower-cased) may match.</summary>
    public bool MayMatch(string lowerText)
    {
        foreach (var branch in Branches)
        {
            var all = true;
            foreach (var item in branch)
            {
                var any = false;
                foreach (var word in item)
                {
                    if (lowerText.Contains(word, StringComparison.Ordinal))
                    {
                        any = true;
                        break;
                    }
                }
                if (!any)
                {
                    all = false;
                    break;
                }
            }
            if (all) return true;
        }
        return false;
    }

    /// <summary>The filter of several patterns joined by '|', or null when one of them has none.</summary>
    public static KeywordFilter? Union(IEnumerable<KeywordFilter?> filters)
    {
        var branches = new List<IReadOnlyList<IReadOnlyList<string>>>();
        foreach (var f in filters)
        {
            if (f is null) return null;
            branches.AddRange(f.Branches);
        }
        return branches.Count == 0 ? null : new KeywordFilter(branches);
    }
}

/// <summary>
/// Derives from a regular expression the literal words every match must contain ("ignore", "disregard"... and
/// "previous"... for `\b(ignore|disregard)\s+(previous|prior)`). It proves only what it understands (the
/// constructs the catalog uses: literals, escapes, classes, groups, alternation, quantifiers) and otherwise says
/// nothing, so the regex runs.
/// </summary>
public static class RegexKeywords
{
    /// <summary>Shortest literal worth searching for (shorter ones match almost any text).</summary>
    private const int MinLength = 2;

    /// <summary>The keyword filter of a pattern, or null when some alternative has no literal it must contain.</summary>
    public static KeywordFilter? Filter(string pattern)
    {
        var alternatives = SplitTopLevel(pattern);
        if (alternatives is null) return null;
        var branches = new List<IReadOnlyList<IReadOnlyList<string>>>();
        foreach (var alternative in alternatives)
        {
            var items = Items(alternative);
            if (items.Count == 0) return null;
            branches.Add(items.Select(i => (IReadOnlyList<string>)i.Select(w => w.ToLowerInvariant()).Distinct().ToList()).ToList());
        }
        return new KeywordFilter(branches);
    }

    /// <summary>One set of words, any of which every match contains (the best item of each alternative, joined).</summary>
    public static IReadOnlyList<string>? Required(string pattern)
    {
        var alternatives = SplitTopLevel(pattern);
        if (alternatives is null) return null;
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var alternative in alternatives)
        {
            var found = Best(Items(alternative));
            if (found is null) return null;
            words.UnionWith(found);
        }
        return words.Count == 0 ? null : words.ToList();
    }

    /// <summary>The mandatory literal items of a sequence: words, or groups of word alternatives.</summary>
    private static List<IReadOnlyList<string>> Items(string s)
    {
        var items = new List<IReadOnlyList<string>>();
        var i = 0;
        var run = new StringBuilder();

        void EndRun(int keep)
        {
            if (keep >= MinLength) items.Add([run.ToString(0, keep)]);
            run.Clear();
        }

        while (i < s.Length)
        {
            var c = s[i];
            switch (c)
            {
                case '\\':
                {
                    if (i + 1 >= s.Length) return items;
                    var next = s[i + 1];
                    if (char.IsLetterOrDigit(next))
                    {
                        // \b, \s, \d, \w, \p{..}: not literal; a run ends here.
                        EndRun(run.Length);
                        i += next is 'p' or 'P' && i + 2 < s.Length && s[i + 2] == '{' ? s.IndexOf('}', i) + 1 - i : 2;
                        i = SkipQuantifier(s, i, out _);
                        continue;
                    }
                    run.Append(next);
                    i += 2;
                    break;
                }
                case '(':
                {
                    var close = Matching(s, i);
                    if (close < 0) return items;
                    EndRun(run.Length);
                    var inner = s[(i + 1)..close];
                    var after = SkipQuantifier(s, close + 1, out var optional);
                    if (inner.StartsWith("?=", StringComparison.Ordinal) || inner.StartsWith("?!", StringComparison.Ordinal)
                        || inner.StartsWith("?<=", StringComparison.Ordinal) || inner.StartsWith("?<!", StringComparison.Ordinal))
                    {
                        i = after;
                        continue;
                    }
                    if (inner.StartsWith("?:", StringComparison.Ordinal)) inner = inner[2..];
                    else if (inner.StartsWith("?<", StringComparison.Ordinal) && inner.IndexOf('>') is var gt and > 0) inner = inner[(gt + 1)..];
                    if (!optional && Required(inner) is { } words) items.Add(words);
                    i = after;
                    continue;
                }
                case '[':
                {
                    var end = ClassEnd(s, i);
                    if (end < 0) return items;
                    EndRun(run.Length);
                    i = SkipQuantifier(s, end + 1, out _);
                    continue;
                }
                case '^' or '$':
                    EndRun(run.Length);
                    i++;
                    continue;
                case '.' or '|' or ')' or '*' or '+' or '?' or '{':
                    // An unescaped metacharacter where a literal was expected: stop reading, keep what is proven.
                    EndRun(run.Length);
                    return items;
                default:
                    run.Append(c);
                    i++;
                    break;
            }
            // A quantifier after a literal character makes it optional or repeated: the run ends before it.
            var quantifierEnd = SkipQuantifier(s, i, out var lastOptional);
            if (quantifierEnd != i)
            {
                EndRun(lastOptional ? Math.Max(0, run.Length - 1) : run.Length);
                i = quantifierEnd;
            }
        }
        EndRun(run.Length);
        return items;
    }

    /// <summary>The item whose shortest word is longest: short words ("the", "no") are in almost every text.</summary>
    private static IReadOnlyList<string>? Best(List<IReadOnlyList<string>> items) =>
        items.Count == 0 ? null : items.OrderByDescending(words => words.Min(w => w.Length)).ThenBy(words => words.Count).First();

    /// <summary>Index after a quantifier at <paramref name="i"/> (or i itself); optional when it allows zero.</summary>
    private static int SkipQuantifier(string s, int i, out bool optional)
    {
        optional = false;
        if (i >= s.Length) return i;
        switch (s[i])
        {
            case '?' or '*':
                optional = true;
                i++;
                break;
            case '+':
                i++;
                break;
            case '{':
                var close = s.IndexOf('}', i);
                if (close < 0) return i;
                optional = s.AsSpan(i + 1).StartsWith("0");
                i = close + 1;
                break;
            default:
                return i;
        }
        if (i < s.Length && s[i] is '?' or '+') i++;
        return i;
    }

    private static int Matching(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = ClassEnd(s, i);
                    if (i < 0) return -1;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0) return i;
                    break;
            }
        }
        return -1;
    }

    private static int ClassEnd(string s, int open)
    {
        var i = open + 1;
        if (i < s.Length && s[i] == '^') i++;
        if (i < s.Length && s[i] == ']') i++;
        for (; i < s.Length; i++)
        {
            if (s[i] == '\\') i++;
            else if (s[i] == ']') return i;
        }
        return -1;
    }

    /// <summary>The pattern split at its top-level '|' (null when parentheses do not balance).</summary>
    private static List<string>? SplitTopLevel(string s)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = ClassEnd(s, i);
                    if (i < 0) return null;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '|' when depth == 0:
                    parts.Add(s[start..i]);
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0) return null;
        parts.Add(s[start..]);
        return parts;
    }
}
