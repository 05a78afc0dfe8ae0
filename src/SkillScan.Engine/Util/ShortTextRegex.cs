using System.Text.RegularExpressions;

namespace SkillScan.Util;

/// <summary>
/// A catalog pattern matched against short strings (paths, environment variable names, call text): the backtracking
/// engine, whose construction costs microseconds where the linear engine's costs about 2 ms a pattern (the catalogs
/// hold hundreds, and start-up is the gate's cost on every install). Hostile input cannot make it slow: text longer
/// than <see cref="MaxInput"/> is not matched, and a match that runs past its time budget counts as no match.
/// </summary>
public sealed class ShortTextRegex
{
    /// <summary>Longer than any real path (PATH_MAX is 4096) or variable name.</summary>
    public const int MaxInput = 8192;

    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);

    private readonly Regex _regex;

    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public ShortTextRegex(string pattern, bool ignoreCase)
    {
        Pattern = pattern;
        _regex = new Regex(pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), Budget);
    }

    public string Pattern { get; }

    public bool IsMatch(string text)
    {
        if (text.Length > MaxInput) return false;
        try
        {
            return _regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            RegexTimeouts.Record();
            return false;
        }
    }

    public override string ToString() => Pattern;
}
