using System.Text;
using System.Text.RegularExpressions;
using SkillScan.Util;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// A text test in a matcher spec: a regular expression (searched, not anchored; write `(?i)` for case-insensitive),
/// or a named predicate written `@name` (`@secret-env`: a secret-looking environment variable name).
/// Regexes start on .NET's interpreter and move to the linear-time engine once they have read enough text to pay
/// for building it (<see cref="TieredRegex"/>); an interpreter search that runs past 50 ms is finished on the linear
/// engine, so hostile text cannot make a pattern backtrack for long. A pattern that needs backtracking features
/// gets a 1-second budget, and a timed-out match counts as no match (the skill is marked incomplete).
/// Text holding none of the literals every match needs (<see cref="RegexLiterals"/>) is not searched at all, once
/// the pattern has searched <see cref="LiteralsAfterChars"/>: before that, working the literals out costs more than
/// the searches they would save.
/// </summary>
public sealed class TextPattern
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>Text searched (in characters, all threads) before the literal prefilter is worked out and used.</summary>
    public const long LiteralsAfterChars = 16 * 1024;

    private long _charsSearched;

    private readonly TieredRegex? _regex;
    private readonly Func<string, bool>? _predicate;
    private readonly Lazy<RegexLiterals?>? _literals;

    private TextPattern(string source, TieredRegex? regex, Func<string, bool>? predicate, Lazy<RegexLiterals?>? literals = null)
    {
        Source = source;
        _regex = regex;
        _predicate = predicate;
        _literals = literals;
    }

    public string Source { get; }

    /// <summary>Whether the literal prefilter has been worked out (for tests).</summary>
    internal bool HasPrefilter => _literals is { IsValueCreated: true };

    /// <summary>Named predicates a spec may use instead of a regex.</summary>
    public static IReadOnlyList<string> NamedPredicates { get; } = ["@secret-env"];

    /// <summary>
    /// Compiles a pattern; the error message says what is wrong (the caller adds file and line). The pattern runs
    /// as a <see cref="TieredRegex"/>: the interpreter (built at once, which is also the syntax check at load, unless
    /// <paramref name="checkedByTests"/>: a built-in pack's pattern is built on first use) until it has read enough
    /// text to pay for the linear engine (2–10 ms to build a pattern; a batch scan built all of them in its first
    /// second, a gate only needs a few kilobytes searched).
    /// </summary>
    public static TextPattern Create(string pattern, bool ignoreCase = false, bool checkedByTests = false)
    {
        if (pattern.StartsWith('@'))
        {
            return pattern switch
            {
                "@secret-env" => new TextPattern(pattern, null, name => Indicators.Builtin.IsSecretEnvName(name)),
                _ => throw new ArgumentException($"unknown named pattern '{pattern}'; known: {string.Join(", ", NamedPredicates)}"),
            };
        }
        return new TextPattern(pattern, new TieredRegex(pattern, Options(ignoreCase), Timeout, deferBuild: checkedByTests), null,
            new Lazy<RegexLiterals?>(() => RegexLiterals.For(pattern, ignoreCase), LazyThreadSafetyMode.PublicationOnly));
    }

    private static RegexOptions Options(bool ignoreCase) =>
        RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);

    /// <summary>A regex for the engine's own fixed patterns, tiered like a pack's (a gate on a small skill never
    /// builds their linear engines: that was a third of a Native AOT gate's analysis). Built on first use: a test
    /// runs every one of them (TieredRegexTests).</summary>
    public static TieredRegex CompileRegex(string pattern, bool ignoreCase = false) =>
        new(pattern, Options(ignoreCase), Timeout, deferBuild: true);

    public bool IsMatch(string text)
    {
        if (_predicate is not null) return _predicate(text);
        if (Prefilter(text.Length) is { } literals && !literals.MayMatch(text)) return false;
        return _regex!.IsMatch(text);
    }

    /// <summary>As <see cref="IsMatch(string)"/>, on text that is not copied out of its document.</summary>
    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (_predicate is not null) return _predicate(text.ToString());
        if (Prefilter(text.Length) is { } literals && !literals.MayMatch(text)) return false;
        return _regex!.IsMatch(text);
    }

    /// <summary>
    /// Where the pattern's prefilter literals start in <paramref name="text"/>, ascending, for callers that test many
    /// slices of one text: a slice in which none starts cannot match. Null when the pattern has no literal prefilter
    /// (a named predicate, or a regex with no literal every match must hold) or the text defeats it.
    /// </summary>
    public int[]? LiteralStarts(string text) => _literals?.Value?.Starts(text);

    /// <summary>Matches of a regex pattern (a named predicate yields one whole-text match when it holds).</summary>
    public IEnumerable<(int Index, int Length, string Value)> Matches(string text)
    {
        if (_predicate is not null)
        {
            if (_predicate(text)) yield return (0, text.Length, text);
            yield break;
        }
        if (Prefilter(text.Length) is { } literals && !literals.MayMatch(text)) yield break;
        foreach (var m in _regex!.Matches(text)) yield return (m.Index, m.Length, m.Value);
    }

    // The literal prefilter, once this pattern has searched enough text for it to pay (a gate on a small skill never
    // works it out: ~10 ms over the packs' patterns in a Native AOT gate, against microseconds of searching).
    private RegexLiterals? Prefilter(int length) =>
        _literals is { } literals && (literals.IsValueCreated || Interlocked.Add(ref _charsSearched, length) > LiteralsAfterChars)
            ? literals.Value
            : null;

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
    private readonly MemoTable<string, bool>? _answers;
    private readonly string _head = "";
    private readonly string _tail = "";

    internal NameGlob(string glob, Regex? regex)
    {
        Glob = glob;
        _regex = regex;
        if (regex is null) return;
        _answers = new(4096, regex.IsMatch);
        // The literal text before the first wildcard and after the last: a name without them cannot match, and most
        // names are turned away by these two comparisons before the memo or the regex is asked.
        var first = glob.IndexOfAny(['*', '?']);
        var last = glob.LastIndexOfAny(['*', '?']);
        _head = glob[..first];
        _tail = glob[(last + 1)..];
    }

    public string Glob { get; }

    /// <summary>No wildcard: matches the name equal to <see cref="Glob"/> and nothing else.</summary>
    public bool IsExact => _regex is null;

    public bool IsMatch(string name) =>
        _answers is null ? string.Equals(name, Glob, StringComparison.Ordinal)
            : name.StartsWith(_head, StringComparison.Ordinal)
              // (`$` also matches before a final line feed: such a name is left to the regex.)
              && (name.EndsWith(_tail, StringComparison.Ordinal) || name.EndsWith('\n'))
              && _answers.Get(name);

    public override string ToString() => Glob;
}
