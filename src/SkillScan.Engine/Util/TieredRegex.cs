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

    /// <summary>
    /// The interpreter's time budget per search, whatever the caller's: past it the search moves to the linear engine
    /// (same matches), so a hostile text costs at most this much per pattern before linear time takes over.
    /// </summary>
    public static readonly TimeSpan InterpreterBudget = TimeSpan.FromMilliseconds(50);

    /// <summary>The most a backtracking-only pattern may search when the caller gave no time limit.</summary>
    public static readonly TimeSpan PatientCap = TimeSpan.FromSeconds(1);

    private readonly RegexOptions _options;
    private readonly TimeSpan _timeout;
    private Regex? _linear;
    private Regex? _patient; // the interpreter with the caller's whole budget, for patterns the linear engine cannot run
    private int _linearState; // 0 not built, 1 being built or built, 2 not supported by the pattern
    private long _charsRead;

    /// <param name="deferBuild">
    /// Build even the interpreter on first use, not now: for patterns a test has already checked (the engine's own,
    /// the built-in packs'), where building every one at start-up was a tenth of a Native AOT gate. Otherwise
    /// building it here is the syntax check.
    /// </param>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression (checked now unless <paramref name="deferBuild"/>).</exception>
    public TieredRegex(string pattern, RegexOptions options, TimeSpan timeout, bool deferBuild = false)
    {
        Pattern = pattern;
        _options = options & ~RegexOptions.NonBacktracking;
        _timeout = timeout;
        if (!deferBuild) _interpreter = BuildInterpreter();
    }

    public string Pattern { get; }

    /// <summary>The backtracking interpreter, with the caller's timeout capped at <see cref="InterpreterBudget"/>.</summary>
    public Regex Interpreter
    {
        get
        {
            if (Volatile.Read(ref _interpreter) is { } built) return built;
            Interlocked.CompareExchange(ref _interpreter, BuildInterpreter(), null);
            return _interpreter!;
        }
    }

    private Regex? _interpreter;

    private Regex BuildInterpreter() => new(Pattern, _options, Within(_timeout, InterpreterBudget) ? _timeout : InterpreterBudget);

    /// <summary>Whether the linear engine has been built (for tests and `bench speed`).</summary>
    public bool IsPromoted => Volatile.Read(ref _linear) is not null;

    /// <summary>
    /// The engine to search <paramref name="text"/> with: the linear one once built, else the interpreter. The
    /// search that takes the total past <see cref="PromoteAfterChars"/> builds the linear engine; other threads keep
    /// using the interpreter meanwhile rather than wait.
    /// </summary>
    public Regex For(string text) => For(text.Length);

    /// <summary>As <see cref="For(string)"/>, for a text of <paramref name="length"/> characters.</summary>
    public Regex For(int length)
    {
        if (Volatile.Read(ref _linear) is { } linear) return linear;
        if (Interlocked.Add(ref _charsRead, length) >= PromoteAfterChars && Volatile.Read(ref _linearState) == 0)
        {
            return BuildLinear() ?? Interpreter;
        }
        return Interpreter;
    }

    /// <summary>
    /// For a search the interpreter gave up on: the linear engine (built now when needed), or, when the pattern uses
    /// something only a backtracking engine supports, the interpreter with the caller's whole time budget. Null when
    /// that one timed out too.
    /// </summary>
    public Regex? AfterTimeout(Regex timedOut)
    {
        if (!ReferenceEquals(timedOut, Interpreter)) return null;
        if (Volatile.Read(ref _linear) is { } linear) return linear;
        if ((BuildLinear() ?? SpinForLinear()) is { } built) return built;
        if (Within(_timeout, InterpreterBudget)) return null;
        // A backtracking-only pattern never runs unbounded: an infinite budget (meant for the linear engine) is 1 s here.
        var budget = _timeout == Regex.InfiniteMatchTimeout ? PatientCap : _timeout;
        return Volatile.Read(ref _patient) ?? Interlocked.CompareExchange(ref _patient, new Regex(Pattern, _options, budget), null) ?? _patient;
    }

    /// <summary>The first match (<see cref="System.Text.RegularExpressions.Match.Empty"/> when none); timeouts handled as in <see cref="Matches"/>.</summary>
    public Match Match(string text) => Matches(text).FirstOrDefault() ?? System.Text.RegularExpressions.Match.Empty;

    /// <summary>Every match, found as the caller asks (a caller that stops at a cap never makes the rest): an
    /// interpreter search that runs out of time goes on from where it was on the linear engine; a linear search that
    /// runs out of time ends the matches and counts as a regex timeout (the skill is incomplete).</summary>
    public IEnumerable<Match> Matches(string text)
    {
        var regex = For(text);
        var start = 0;
        while (start <= text.Length)
        {
            (var m, regex) = Next(regex, text, start);
            if (m is null) yield break;
            yield return m;
            start = m.Length == 0 ? m.Index + 1 : m.Index + m.Length;
        }
    }

    // The next match from `start` (null at the end or after a last timeout), and the engine to go on with.
    private (Match? Match, Regex Regex) Next(Regex regex, string text, int start)
    {
        while (true)
        {
            try
            {
                var m = regex.Match(text, start);
                return (m.Success ? m : null, regex);
            }
            catch (RegexMatchTimeoutException)
            {
                if (AfterTimeout(regex) is not { } linear)
                {
                    RegexTimeouts.Record();
                    return (null, regex);
                }
                regex = linear;
            }
        }
    }

    /// <summary>Whether the pattern matches; timeouts handled as in <see cref="Matches"/> (a last timeout is no match).</summary>
    public bool IsMatch(string text) => IsMatch(text.AsSpan());

    /// <summary>As <see cref="IsMatch(string)"/>, on text not copied out of its document.</summary>
    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var regex = For(text.Length);
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

    // A timeout no longer than the budget (Regex.InfiniteMatchTimeout, -1 ms, is the longest of all).
    private static bool Within(TimeSpan timeout, TimeSpan budget) => timeout != Regex.InfiniteMatchTimeout && timeout <= budget;

    public override string ToString() => Pattern;
}
