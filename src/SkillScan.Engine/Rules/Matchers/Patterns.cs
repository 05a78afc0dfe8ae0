using System.Text;
using SkillScan.Util;
using System.Text.RegularExpressions;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// A text test in a matcher spec: a regular expression (searched, not anchored; write `(?i)` for case-insensitive),
/// or a named predicate written `@name` (`@secret-env`: a secret-looking environment variable name).
/// Regexes use the linear-time engine; a pattern that needs backtracking features gets a 1-second match timeout
/// and a timed-out match counts as no match. The linear engine is built on first use: its construction costs about
/// 10 ms a pattern, and a small skill touches few of the packs' hundreds of patterns (start-up is the gate's cost).
/// Text holding none of the literals every match needs (<see cref="RegexLiterals"/>) is not searched at all.
/// </summary>
public sealed class TextPattern
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly Lazy<Regex>? _lazy;
    private readonly Func<string, bool>? _predicate;
    private readonly Lazy<RegexLiterals?>? _literals;

    private TextPattern(string source, Lazy<Regex>? regex, Func<string, bool>? predicate, Lazy<RegexLiterals?>? literals = null)
    {
        Source = source;
        _lazy = regex;
        _predicate = predicate;
        _literals = literals;
    }

    public string Source { get; }

    private Regex Compiled => _lazy!.Value;

    /// <summary>Named predicates a spec may use instead of a regex.</summary>
    public static IReadOnlyList<string> NamedPredicates { get; } = ["@secret-env"];

    /// <summary>Compiles a pattern; the error message says what is wrong (the caller adds file and line).</summary>
    public static TextPattern Create(string pattern, bool ignoreCase = false)
    {
        if (pattern.StartsWith('@'))
        {
            return pattern switch
            {
                "@secret-env" => new TextPattern(pattern, null, name => Indicators.Builtin.IsSecretEnvName(name)),
                _ => throw new ArgumentException($"unknown named pattern '{pattern}'; known: {string.Join(", ", NamedPredicates)}"),
            };
        }
        var options = Options(ignoreCase);
        _ = new Regex(pattern, options, Timeout); // syntax errors surface now, at load, with the pack's file and line
        return new TextPattern(pattern, new Lazy<Regex>(() => CompileRegex(pattern, ignoreCase), LazyThreadSafetyMode.ExecutionAndPublication), null,
            new Lazy<RegexLiterals?>(() => RegexLiterals.For(pattern, ignoreCase), LazyThreadSafetyMode.PublicationOnly));
    }

    private static RegexOptions Options(bool ignoreCase) =>
        RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);

    public static Regex CompileRegex(string pattern, bool ignoreCase = false)
    {
        var options = Options(ignoreCase);
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // Lookarounds or backreferences: the backtracking engine, bounded in time.
            return new Regex(pattern, options, Timeout);
        }
    }

    public bool IsMatch(string text)
    {
        if (_predicate is not null) return _predicate(text);
        if (_literals?.Value is { } literals && !literals.MayMatch(text)) return false;
        try
        {
            return Compiled.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            RegexTimeouts.Record();
            return false;
        }
    }

    /// <summary>As <see cref="IsMatch(string)"/>, on text that is not copied out of its document.</summary>
    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (_predicate is not null) return _predicate(text.ToString());
        if (_literals?.Value is { } literals && !literals.MayMatch(text)) return false;
        try
        {
            return Compiled.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Matches of a regex pattern (a named predicate yields one whole-text match when it holds).</summary>
    public IEnumerable<(int Index, int Length, string Value)> Matches(string text)
    {
        if (_predicate is not null)
        {
            if (_predicate(text)) yield return (0, text.Length, text);
            yield break;
        }
        if (_literals?.Value is { } literals && !literals.MayMatch(text)) yield break;
        var m = SafeMatch(Compiled, text, 0);
        while (m is { Success: true })
        {
            yield return (m.Index, m.Length, m.Value);
            var next = m.Length == 0 ? m.Index + 1 : m.Index + m.Length;
            if (next > text.Length) yield break;
            m = SafeMatch(Compiled, text, next);
        }
    }

    private static Match? SafeMatch(Regex regex, string text, int start)
    {
        try
        {
            return regex.Match(text, start);
        }
        catch (RegexMatchTimeoutException)
        {
            RegexTimeouts.Record();
            return null;
        }
    }

    public override string ToString() => Source;
}

/// <summary>
/// Glob patterns: callee names (`child_process.*`, `*.exec`: `*` matches anything) and file paths. They run on the
/// backtracking engine, whose construction is cheap (the linear engine's is ~10 ms a pattern, and packs hold
/// hundreds of globs): a glob has only `*`/`?` wildcards and is matched against short, bounded strings (callee names
/// are capped by the lowering, paths by the file system), so backtracking stays small.
/// </summary>
public static class Globs
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    /// <summary>A callee/command-name glob: `*` any run of characters (dots included), `?` one character; whole-name match.</summary>
    public static NameGlob Name(string glob) => new(glob, glob.Contains('*') || glob.Contains('?')
        ? new Regex("^" + Translate(glob, pathAware: false) + "$", Options)
        : null);

    /// <summary>
    /// A file glob over skill-relative paths: `*` stays within a folder, `**` crosses folders; a glob without '/'
    /// matches the file name in any folder (`*.md`, `SKILL.md`). Case-insensitive.
    /// </summary>
    public static Regex File(string glob)
    {
        var body = Translate(glob, pathAware: true);
        var prefix = glob.Contains('/') ? "^" : "^(?:.*/)?";
        return new Regex(prefix + body + "$", Options | RegexOptions.IgnoreCase);
    }

    private static string Translate(string glob, bool pathAware)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*')
            {
                if (pathAware && i + 1 < glob.Length && glob[i + 1] == '*')
                {
                    i++;
                    if (i + 1 < glob.Length && glob[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }
                }
                else
                {
                    sb.Append(pathAware ? "[^/]*" : ".*");
                }
            }
            else if (c == '?')
            {
                sb.Append(pathAware ? "[^/]" : ".");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }
        return sb.ToString();
    }
}

/// <summary>
/// A callee or command-name glob. Every call of a skill is tested against every selector's globs, and the same few
/// hundred names recur, so a glob without wildcards is a string comparison and the others remember their answers.
/// </summary>
public sealed class NameGlob
{
    private readonly Regex? _regex;
    private readonly MemoTable<string, bool> _answers = new(4096);

    internal NameGlob(string glob, Regex? regex)
    {
        Glob = glob;
        _regex = regex;
    }

    public string Glob { get; }

    public bool IsMatch(string name) =>
        _regex is null ? string.Equals(name, Glob, StringComparison.Ordinal) : _answers.GetOrAdd(name, _regex.IsMatch);

    public override string ToString() => Glob;
}
