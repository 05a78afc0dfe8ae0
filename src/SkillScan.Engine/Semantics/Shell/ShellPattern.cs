namespace SkillScan.Semantics.Shell;

/// <summary>Glob patterns (`*`, `?`, `[...]`) as `${x#pat}`, `${x%%pat}` and `${x/pat/rep}` use them.</summary>
internal static class ShellPattern
{
    /// <summary>Longest text the quadratic matching below is tried on.</summary>
    private const int MaxText = 4096;

    /// <summary>Removes the shortest or longest prefix (or suffix) matching the pattern; null when unsure.</summary>
    public static string? Trim(string text, string pattern, bool fromStart, bool longest)
    {
        if (text.Length > MaxText) return null;
        if (fromStart)
        {
            for (var n = longest ? text.Length : 0; longest ? n >= 0 : n <= text.Length; n += longest ? -1 : 1)
            {
                if (Matches(text.AsSpan(0, n), pattern)) return text[n..];
            }
        }
        else
        {
            for (var n = longest ? 0 : text.Length; longest ? n <= text.Length : n >= 0; n += longest ? 1 : -1)
            {
                if (Matches(text.AsSpan(n), pattern)) return text[..n];
            }
        }
        return text;
    }

    /// <summary>Replaces the first (or every) longest match; anchor '#' = at the start, '%' = at the end.</summary>
    public static string? Replace(string text, string pattern, string replacement, bool all, char anchor)
    {
        if (text.Length > MaxText || pattern.Length == 0) return text;
        var sb = new System.Text.StringBuilder();
        var i = 0;
        var replaced = false;
        while (i <= text.Length)
        {
            var matchLength = -1;
            if ((anchor != '#' || i == 0) && (!replaced || all))
            {
                for (var n = text.Length - i; n >= 1; n--)
                {
                    if (anchor == '%' && i + n != text.Length) continue;
                    if (Matches(text.AsSpan(i, n), pattern))
                    {
                        matchLength = n;
                        break;
                    }
                }
            }
            if (matchLength > 0)
            {
                sb.Append(replacement);
                i += matchLength;
                replaced = true;
                continue;
            }
            if (i < text.Length) sb.Append(text[i]);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>Whole-text glob match, iterative (star backtracking keeps one restart point).</summary>
    public static bool Matches(ReadOnlySpan<char> text, string pattern)
    {
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    starP = p++;
                    starT = t;
                    continue;
                }
                if (c == '?')
                {
                    p++;
                    t++;
                    continue;
                }
                if (c == '[' && ClassEnd(pattern, p) is var end and > 0)
                {
                    if (InClass(text[t], pattern.AsSpan(p + 1, end - p - 1)))
                    {
                        p = end + 1;
                        t++;
                        continue;
                    }
                }
                else
                {
                    if (c == '\\' && p + 1 < pattern.Length) c = pattern[++p];
                    if (c == text[t])
                    {
                        p++;
                        t++;
                        continue;
                    }
                }
            }
            if (starP < 0) return false;
            p = starP + 1;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static int ClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        while (i < pattern.Length && pattern[i] != ']') i++;
        return i < pattern.Length ? i : -1;
    }

    private static bool InClass(char c, ReadOnlySpan<char> body)
    {
        var negate = body.Length > 0 && body[0] is '!' or '^';
        if (negate) body = body[1..];
        var found = false;
        for (var i = 0; i < body.Length; i++)
        {
            if (i + 2 < body.Length && body[i + 1] == '-')
            {
                if (c >= body[i] && c <= body[i + 2]) found = true;
                i += 2;
            }
            else if (body[i] == c)
            {
                found = true;
            }
        }
        return found != negate;
    }
}
