using System.Text.RegularExpressions;

namespace SkillScan.Util;

/// <summary>
/// A regex over prose or whole files that starts on .NET's backtracking interpreter and moves to the linear-time
/// engine (<see cref="RegexOptions.NonBacktracking"/>) once that pays. The interpreter is built in microseconds but
/// matches the catalogs' long alternations 3–7× slower; the linear engine matches fastest but costs 10–70 ms to build
/// per pattern. A gate run reads a few kilobytes, so it never pays for the linear engine; a batch scan reads
/// megabytes, so after <see cref="PromoteAfterChars"/> it does. Whatever the engine, hostile text cannot stall a
/// scan: an interpreter search that runs out of time is re-run on the linear engine.
/// <para>Both engines report the same matches for the patterns the catalogs hold (NonBacktracking keeps the
/// backtracking engines' match semantics for everything it supports); `TieredRegexTests` checks that on the corpus,
/// since a scan's result must not depend on which engine a skill happened to meet.</para>
/// </summary>
public sealed class TieredRegex
{
    /// <summary>Text searched (in characters, all threads) before the linear engine is built.</summary>
    public const long PromoteAfterChars = 256 * 1024;

    private readonly RegexOptions _options;
    private readonly TimeSpan _timeout;
    private Regex? _linear;
    private int _linearState; // 0 not built, 1 being built or built, 2 not supported by the pattern
    private long _charsRead;

    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public TieredRegex(string pattern, RegexOptions options, TimeSpan timeout)
    {
        Pattern = pattern;
        _options = options & ~RegexOptions.NonBacktracking;
        _timeout = timeout;
        Interpreter = new Regex(pattern, _options, timeout);
    }

    public string Pattern { get; }

    public Regex Interpreter { get; }

    /// <summary>Whether the linear engine has been built (for tests and `bench speed`).</summary>
    public bool IsPromoted => Volatile.Read(ref _linear) is not null;

    /// <summary>
    /// The engine to search <paramref name="text"/> with: the linear one once built, else the interpreter. The
    /// search that takes the total past <see cref="PromoteAfterChars"/> builds the linear engine; other threads keep
    /// using the interpreter meanwhile rather than wait.
    /// </summary>
    public Regex For(string text)
    {
        if (Volatile.Read(ref _linear) is { } linear) return linear;
        if (Interlocked.Add(ref _charsRead, text.Length) >= PromoteAfterChars && Volatile.Read(ref _linearState) == 0)
        {
            return BuildLinear() ?? Interpreter;
        }
        return Interpreter;
    }

    /// <summary>
    /// For a search the interpreter gave up on: the linear engine (built now when needed), or null when the pattern
    /// uses something only a backtracking engine supports.
    /// </summary>
    public Regex? AfterTimeout(Regex timedOut)
    {
        if (!ReferenceEquals(timedOut, Interpreter)) return null;
        if (Volatile.Read(ref _linear) is { } linear) return linear;
        return BuildLinear() ?? SpinForLinear();
    }

    /// <summary>Every match: an interpreter search that runs out of time is re-run on the linear engine; a linear
    /// search that runs out of time keeps what it found and counts as a regex timeout (the skill is incomplete).</summary>
    public IReadOnlyList<Match> Matches(string text)
    {
        var regex = For(text);
        while (true)
        {
            var found = new List<Match>();
            try
            {
                for (var m = regex.Match(text); m.Success; m = m.NextMatch()) found.Add(m);
                return found;
            }
            catch (RegexMatchTimeoutException)
            {
                if (AfterTimeout(regex) is { } linear)
                {
                    regex = linear;
                    continue;
                }
                RegexTimeouts.Record();
                return found;
            }
        }
    }

    /// <summary>Whether the pattern matches; timeouts handled as in <see cref="Matches"/> (a last timeout is no match).</summary>
    public bool IsMatch(string text)
    {
        var regex = For(text);
        while (true)
        {
            try
            {
                return regex.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                if (AfterTimeout(regex) is { } linear)
                {
                    regex = linear;
                    continue;
                }
                RegexTimeouts.Record();
                return false;
            }
        }
    }

    private Regex? BuildLinear()
    {
        if (Interlocked.CompareExchange(ref _linearState, 1, 0) != 0) return Volatile.Read(ref _linear);
        try
        {
            var linear = new Regex(Pattern, _options | RegexOptions.NonBacktracking, _timeout);
            Volatile.Write(ref _linear, linear);
            return linear;
        }
        catch (NotSupportedException)
        {
            Volatile.Write(ref _linearState, 2);
            return null;
        }
    }

    // Another thread is building the linear engine: a timed-out search waits for it (tens of milliseconds).
    private Regex? SpinForLinear()
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref _linearState) == 1)
        {
            if (Volatile.Read(ref _linear) is { } linear) return linear;
            spin.SpinOnce();
        }
        return null;
    }

    public override string ToString() => Pattern;
}
