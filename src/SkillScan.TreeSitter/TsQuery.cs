using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using SkillScan.TreeSitter.Interop;

namespace SkillScan.TreeSitter;

/// <summary>
/// A compiled tree-sitter query (S-expression patterns with @captures). Immutable once compiled: one instance may be
/// used from many threads at once (each <see cref="Matches(TsNode)"/> enumeration has its own native query cursor).
/// Text predicates are evaluated in managed code against <see cref="TsTree.Source"/>:
/// <c>#eq?</c>, <c>#not-eq?</c>, <c>#any-eq?</c>, <c>#any-not-eq?</c> (capture vs string or capture),
/// <c>#match?</c>, <c>#not-match?</c>, <c>#any-match?</c>, <c>#any-not-match?</c> (.NET regex, searched, not anchored;
/// RegexOptions.NonBacktracking unless the pattern needs backtracking features),
/// <c>#any-of?</c>, <c>#not-any-of?</c> (capture vs list of strings).
/// Without "any-", a predicate on a quantified capture must hold for every captured node. A predicate on a capture
/// that captured nothing (optional pattern) holds. Directives (<c>#set!</c> etc., names ending in '!') are ignored;
/// any other predicate name is a compile error.
/// </summary>
public sealed class TsQuery : IDisposable
{
    private readonly QueryHandle _handle;
    private readonly Predicate[][] _predicates; // by pattern index
    private readonly TsQueryPrecondition _precondition;
    private readonly string[] _captureNames;

    private TsQuery(TsLanguage language, string source, nint query)
    {
        _handle = new QueryHandle(query);
        Language = language;
        Source = source;
        PatternCount = (int)Native.ts_query_pattern_count(query);
        _captureNames = ReadCaptureNames(query);
        try
        {
            _predicates = ReadPredicates(query, language, source, _captureNames, PatternCount);
            // A capture tree-sitter counts once or one-or-more times is in every match of the pattern.
            _precondition = new TsQueryPrecondition(_predicates, (pattern, capture) =>
                Native.ts_query_capture_quantifier_for_id(query, (uint)pattern, (uint)capture) is 3 or 4);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    public TsLanguage Language { get; }

    /// <summary>The query text as compiled.</summary>
    public string Source { get; }

    public int PatternCount { get; }

    /// <summary>Capture names (without '@') by capture index.</summary>
    public IReadOnlyList<string> CaptureNames => _captureNames;

    /// <summary>
    /// tree-sitter's match limit: the most in-progress matches a cursor keeps before it drops the oldest (which can
    /// lose matches). Default: unlimited (tree-sitter's default), so no match is ever silently lost.
    /// </summary>
    public uint MatchLimit { get; init; } = uint.MaxValue;

    /// <summary>The deepest a pattern may start, counted from the node passed to <see cref="Matches(TsNode)"/>.</summary>
    public const uint DepthLimit = 60_000;

    /// <summary>
    /// Patterns start only at nodes at most this deep below the node passed to <see cref="Matches(TsNode)"/>
    /// (default and maximum: <see cref="DepthLimit"/>). Deeper nodes are still inside the matches of shallower
    /// patterns, but no match starts there. Why: tree-sitter 0.25.1 keeps a query state's start depth in 16 bits;
    /// past 65,535 levels it wraps and the query cursor runs (practically) forever. Hostile input can nest that
    /// deep (JS "((((…", Python "[[[[…"), so the binding never lets a state start below <see cref="DepthLimit"/>.
    /// Use <see cref="TsWalk.MaxDepth"/> to tell the user a file was too deep to match completely.
    /// </summary>
    public uint MaxStartDepth { get; init; } = DepthLimit;

    /// <summary>Compiles <paramref name="source"/> for <paramref name="language"/>.</summary>
    /// <exception cref="TsQueryException">The query is invalid; the exception tells what and where.</exception>
    public static unsafe TsQuery Compile(TsLanguage language, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        LanguageInfo info = LanguageInfo.Get(language);
        byte[] utf8 = Encoding.UTF8.GetBytes(source);
        uint errorOffset = 0;
        int errorType = 0;
        nint query;
        fixed (byte* p = utf8)
        {
            byte empty = 0;
            query = Native.ts_query_new(info.Ptr, p == null ? &empty : p, (uint)utf8.Length, &errorOffset, &errorType);
        }

        if (query == 0)
        {
            var kind = errorType switch
            {
                1 => TsQueryErrorKind.Syntax,
                2 => TsQueryErrorKind.NodeType,
                3 => TsQueryErrorKind.Field,
                4 => TsQueryErrorKind.Capture,
                5 => TsQueryErrorKind.Structure,
                6 => TsQueryErrorKind.Language,
                _ => TsQueryErrorKind.Syntax,
            };
            throw TsQueryException.Create(language, source, utf8, (int)errorOffset, kind, detail: null);
        }

        return new TsQuery(language, source, query);
    }

    /// <summary>All matches of the query in the subtree of <paramref name="node"/>, in tree-sitter's order, after predicates.</summary>
    /// <remarks>
    /// No time limit: on hostile input (a 100,000-level nesting and a pattern with nested nodes) tree-sitter's query
    /// engine can run for hours. Code that queries untrusted trees should use the overload with a timeout or token.
    /// </remarks>
    public IEnumerable<TsQueryMatch> Matches(TsNode node) => Matches(node, null, CancellationToken.None);

    /// <summary>As <see cref="Matches(TsNode)"/>; cancelling <paramref name="ct"/> aborts the query engine, also mid-search.</summary>
    public IEnumerable<TsQueryMatch> Matches(TsNode node, CancellationToken ct) => Matches(node, null, ct);

    /// <summary>
    /// As <see cref="Matches(TsNode)"/>, with a budget: <paramref name="timeout"/> is the total time tree-sitter's
    /// query engine may spend on this enumeration (time the caller spends between matches does not count); when it
    /// runs out the enumeration throws <see cref="TsQueryTimeoutException"/>. Cancelling <paramref name="ct"/> aborts
    /// it with <see cref="OperationCanceledException"/>. Both are checked inside the native search (about every
    /// 100 nodes), not only between matches.
    /// </summary>
    public IEnumerable<TsQueryMatch> Matches(TsNode node, TimeSpan? timeout, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ulong timeoutMicros = 0;
        if (timeout is { } t && t != Timeout.InfiniteTimeSpan)
        {
            if (t <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), t, "The query timeout must be positive (or null / infinite).");
            }

            timeoutMicros = Math.Max(1UL, (ulong)(t.Ticks / 10));
        }

        if (node.IsNull)
        {
            return [];
        }

        TsTree tree = node.Tree;
        if (tree.Language != Language)
        {
            throw new ArgumentException($"The query is for {Language}, the node is from a {tree.Language} tree.", nameof(node));
        }

        tree.ThrowIfDisposed();
        if (!CanMatchIn(tree.GetBytes(node)))
        {
            return [];
        }

        return MatchesIterator(node, tree, timeout, timeoutMicros, ct);
    }

    private IEnumerable<TsQueryMatch> MatchesIterator(TsNode node, TsTree tree, TimeSpan? timeout, ulong timeoutMicros, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var cursor = new QueryCursorHandle(Native.skillscan_query_cursor_new());
        bool addedRef = false;
        CancellationTokenRegistration registration = default;
        _handle.DangerousAddRef(ref addedRef);
        try
        {
            Native.skillscan_query_cursor_exec(
                cursor.Ptr, _handle.DangerousGetHandle(), node.Raw, MatchLimit, Math.Min(MaxStartDepth, DepthLimit), timeoutMicros);
            if (ct.CanBeCanceled)
            {
                registration = ct.UnsafeRegister(static state => ((QueryCursorHandle)state!).Cancel(), cursor);
            }

            while (true)
            {
                tree.ThrowIfDisposed();
                int status = NextMatch(cursor, tree, out int patternIndex, out TsQueryCapture[] captures);
                switch (status)
                {
                    case 0:
                        yield break;
                    case -1:
                        throw new TsQueryTimeoutException(Language, timeout ?? TimeSpan.Zero);
                    case -2:
                        ct.ThrowIfCancellationRequested();
                        throw new OperationCanceledException(ct);
                }

                if (Satisfies(patternIndex, captures, tree))
                {
                    yield return new TsQueryMatch(patternIndex, captures);
                }
            }
        }
        finally
        {
            // Dispose waits for a running callback, so nothing writes the cursor's flag after this.
            registration.Dispose();
            if (addedRef)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private unsafe int NextMatch(QueryCursorHandle cursor, TsTree tree, out int patternIndex, out TsQueryCapture[] captures)
    {
        NativeQueryMatch match;
        int status = Native.skillscan_query_cursor_next_match(cursor.Ptr, &match);
        if (status != 1)
        {
            patternIndex = -1;
            captures = [];
            return status;
        }

        // The native captures live in the cursor only until the next call: copy them.
        patternIndex = match.PatternIndex;
        captures = new TsQueryCapture[match.CaptureCount];
        for (int i = 0; i < captures.Length; i++)
        {
            NativeQueryCapture c = match.Captures[i];
            captures[i] = new TsQueryCapture(_captureNames[c.Index], new TsNode(c.Node, tree), (int)c.Index);
        }

        return 1;
    }

    /// <summary>
    /// False when no pattern can match in <paramref name="source"/> because text its predicates demand is absent:
    /// `(#eq? @name "fromCharCode")` or `(#any-of? @name "exec" "spawn")` on a capture every match has needs that text
    /// in the source, and `(#match? @s "(\\\\x[0-9a-f]{2}){8,}")` needs its regex to match somewhere in the source
    /// (a match inside a node is a match inside the source when the regex looks at nothing outside what it matches:
    /// no anchors, word boundaries or lookarounds). A byte search or one linear regex search is far cheaper than the
    /// query engine's walk (about half a parse), and most files lack most rules' texts. True when some pattern
    /// demands nothing.
    /// </summary>
    public bool CanMatchIn(ReadOnlySpan<byte> source) => _precondition.CanMatchIn(source);

    /// <summary>What <see cref="CanMatchIn"/> checks, per pattern (for tests).</summary>
    internal TsQueryPrecondition Precondition => _precondition;

    /// <summary>
    /// True when the regex has no assertion about text outside its match: no `^`, `$`, `\b`, `\B`, `\A`, `\z`,
    /// `\Z`, `\G` outside a character class, no lookaround, no backreference. Conservative: `(?x)` comments or
    /// `(?m)` count as nothing special, and any `^`/`$` outside a class rules the regex out.
    /// </summary>
    internal static bool RegexLooksOnlyAtItsMatch(string pattern)
    {
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\')
            {
                if (++i >= pattern.Length)
                {
                    return false;
                }

                if (!inClass && (pattern[i] is 'b' or 'B' or 'A' or 'z' or 'Z' or 'G' or 'k' || char.IsAsciiDigit(pattern[i]) && pattern[i] != '0'))
                {
                    return false;
                }

                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^') i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']') i++; // `[]…]`: a leading ']' is literal
                    break;
                case '^' or '$':
                    return false;
                case '(' when i + 2 < pattern.Length && pattern[i + 1] == '?' &&
                              (pattern[i + 2] is '=' or '!' || pattern[i + 2] == '<' && i + 3 < pattern.Length && pattern[i + 3] is '=' or '!'):
                    return false;
            }
        }

        return true;
    }

    /// <summary>The most time a #match? regex may take to search a whole source before the query runs anyway.</summary>
    public static readonly TimeSpan SourceSearchBudget = TimeSpan.FromMilliseconds(50);

    public void Dispose() => _handle.Dispose();

    private bool Satisfies(int patternIndex, TsQueryCapture[] captures, TsTree tree)
    {
        foreach (Predicate predicate in _predicates[patternIndex])
        {
            if (!predicate.Evaluate(captures, tree))
            {
                return false;
            }
        }

        return true;
    }

    private static unsafe string[] ReadCaptureNames(nint query)
    {
        uint count = Native.ts_query_capture_count(query);
        var names = new string[count];
        for (uint i = 0; i < count; i++)
        {
            uint length;
            byte* p = Native.ts_query_capture_name_for_id(query, i, &length);
            names[i] = Native.Utf8(p, length);
        }

        return names;
    }

    private static unsafe Predicate[][] ReadPredicates(nint query, TsLanguage language, string source, string[] captureNames, int patternCount)
    {
        uint stringCount = Native.ts_query_string_count(query);
        var strings = new string[stringCount];
        for (uint i = 0; i < stringCount; i++)
        {
            uint length;
            byte* p = Native.ts_query_string_value_for_id(query, i, &length);
            strings[i] = Native.Utf8(p, length);
        }

        var result = new Predicate[patternCount][];
        var args = new List<NativePredicateStep>();
        for (uint pattern = 0; pattern < patternCount; pattern++)
        {
            uint stepCount;
            NativePredicateStep* steps = Native.ts_query_predicates_for_pattern(query, pattern, &stepCount);
            var list = new List<Predicate>();
            args.Clear();
            for (uint s = 0; s < stepCount; s++)
            {
                if (steps[s].Type != NativePredicateStepType.Done)
                {
                    args.Add(steps[s]);
                    continue;
                }

                if (args.Count > 0)
                {
                    Predicate? p = Predicate.Create(args, strings, captureNames, out string? error);
                    if (error is not null)
                    {
                        // Point at "#name" inside the pattern when it can be found, else at the pattern's start.
                        byte[] utf8 = Encoding.UTF8.GetBytes(source);
                        int offset = (int)Native.ts_query_start_byte_for_pattern(query, pattern);
                        if (args[0].Type == NativePredicateStepType.String && offset < utf8.Length)
                        {
                            int at = utf8.AsSpan(offset).IndexOf(Encoding.UTF8.GetBytes("#" + strings[args[0].ValueId]));
                            offset = at >= 0 ? offset + at : offset;
                        }

                        throw TsQueryException.Create(language, source, utf8, offset, TsQueryErrorKind.Predicate, error);
                    }

                    if (p is not null)
                    {
                        list.Add(p);
                    }
                }

                args.Clear();
            }

            result[pattern] = list.ToArray();
        }

        return result;
    }

    private sealed class QueryHandle : SafeHandle
    {
        public QueryHandle(nint query)
            : base(0, ownsHandle: true) => SetHandle(query);

        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle()
        {
            Native.ts_query_delete(handle);
            return true;
        }
    }

    private sealed unsafe class QueryCursorHandle : SafeHandle
    {
        public QueryCursorHandle(nint cursor)
            : base(0, ownsHandle: true)
        {
            if (cursor == 0)
            {
                throw new OutOfMemoryException("skillscan_query_cursor_new failed.");
            }

            SetHandle(cursor);
        }

        public override bool IsInvalid => handle == 0;

        public nint Ptr => handle;

        /// <summary>Sets the native cancel flag (from the token's callback thread), unless the cursor is already freed.</summary>
        public void Cancel()
        {
            bool added = false;
            try
            {
                DangerousAddRef(ref added);
                Interlocked.Exchange(ref *Native.skillscan_query_cursor_cancel_flag(handle), 1);
            }
            catch (ObjectDisposedException)
            {
                // The enumeration is over.
            }
            finally
            {
                if (added)
                {
                    DangerousRelease();
                }
            }
        }

        protected override bool ReleaseHandle()
        {
            Native.skillscan_query_cursor_delete(handle);
            return true;
        }
    }

    /// <summary>A text predicate of one pattern, evaluated against the source bytes of the captured nodes.</summary>
    internal sealed class Predicate
    {
        private enum Op { Eq, Match, AnyOf }

        private Op _op;
        private bool _positive;
        private bool _matchAll;
        private int _capture;
        private int _otherCapture = -1;   // #eq? @a @b
        private byte[]? _literal;         // #eq? @a "x"
        private byte[][]? _literals;      // #any-of?
        private Lazy<Regex>? _regex;      // #match? (the linear engine is built on first use: ~2 ms a pattern at start-up otherwise)
        private string? _pattern;         // #match?: the regex's text
        private Regex? _sourceRegex;      // #match?: the interpreter, for the whole-source precondition

        public static Predicate? Create(List<NativePredicateStep> steps, string[] strings, string[] captureNames, out string? error)
        {
            error = null;
            if (steps[0].Type != NativePredicateStepType.String)
            {
                error = "a predicate must start with its name, e.g. (#eq? @capture \"text\")";
                return null;
            }

            string name = strings[steps[0].ValueId];
            if (name.EndsWith('!'))
            {
                return null; // directive (#set! ...): metadata, no effect on matching
            }

            var p = new Predicate();
            switch (name)
            {
                case "eq?": (p._op, p._positive, p._matchAll) = (Op.Eq, true, true); break;
                case "not-eq?": (p._op, p._positive, p._matchAll) = (Op.Eq, false, true); break;
                case "any-eq?": (p._op, p._positive, p._matchAll) = (Op.Eq, true, false); break;
                case "any-not-eq?": (p._op, p._positive, p._matchAll) = (Op.Eq, false, false); break;
                case "match?": (p._op, p._positive, p._matchAll) = (Op.Match, true, true); break;
                case "not-match?": (p._op, p._positive, p._matchAll) = (Op.Match, false, true); break;
                case "any-match?": (p._op, p._positive, p._matchAll) = (Op.Match, true, false); break;
                case "any-not-match?": (p._op, p._positive, p._matchAll) = (Op.Match, false, false); break;
                case "any-of?": (p._op, p._positive, p._matchAll) = (Op.AnyOf, true, true); break;
                case "not-any-of?": (p._op, p._positive, p._matchAll) = (Op.AnyOf, false, true); break;
                default:
                    error = $"unknown predicate #{name} (supported: #eq?, #not-eq?, #any-eq?, #any-not-eq?, #match?, #not-match?, " +
                            "#any-match?, #any-not-match?, #any-of?, #not-any-of?; directives ending in '!' are ignored)";
                    return null;
            }

            if (p._op == Op.AnyOf)
            {
                // #any-of? @capture "a" "b" ...: the node text is one of the strings (every node, when quantified).
                if (steps.Count < 2 || steps[1].Type != NativePredicateStepType.Capture)
                {
                    error = $"#{name} needs a capture followed by strings";
                    return null;
                }

                p._capture = (int)steps[1].ValueId;
                var literals = new List<byte[]>();
                for (int i = 2; i < steps.Count; i++)
                {
                    if (steps[i].Type != NativePredicateStepType.String)
                    {
                        error = $"#{name} takes strings after the capture, not @{captureNames[steps[i].ValueId]}";
                        return null;
                    }

                    literals.Add(Encoding.UTF8.GetBytes(strings[steps[i].ValueId]));
                }

                p._literals = literals.ToArray();
                return p;
            }

            if (steps.Count != 3)
            {
                error = $"#{name} takes exactly two arguments, got {steps.Count - 1}";
                return null;
            }

            if (steps[1].Type != NativePredicateStepType.Capture)
            {
                error = $"the first argument of #{name} must be a capture";
                return null;
            }

            p._capture = (int)steps[1].ValueId;
            if (p._op == Op.Eq)
            {
                if (steps[2].Type == NativePredicateStepType.Capture)
                {
                    p._otherCapture = (int)steps[2].ValueId;
                }
                else
                {
                    p._literal = Encoding.UTF8.GetBytes(strings[steps[2].ValueId]);
                }

                return p;
            }

            if (steps[2].Type != NativePredicateStepType.String)
            {
                error = $"the second argument of #{name} must be a regular expression string";
                return null;
            }

            string pattern = strings[steps[2].ValueId];
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant); // syntax errors surface at compile time
                p._regex = new Lazy<Regex>(() => CreateRegex(pattern), LazyThreadSafetyMode.ExecutionAndPublication);
                p._pattern = pattern;
            }
            catch (ArgumentException e)
            {
                error = $"invalid regular expression in #{name}: {e.Message}";
                return null;
            }

            return p;
        }

        private static Regex CreateRegex(string pattern)
        {
            try
            {
                return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (NotSupportedException)
            {
                // Backreferences, lookarounds, atomic groups: need the backtracking engine; bound its time.
                return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
        }

        /// <summary>
        /// Texts one of which every match of the pattern has in its source, or null: a positive #eq? with a string,
        /// #any-eq? or #any-of? on a capture present in every match (quantifier one or one-or-more; an optional or
        /// absent capture makes the predicate hold vacuously).
        /// </summary>
        public byte[][]? RequiredTexts(bool alwaysCaptured)
        {
            if (!_positive || (_op == Op.Eq && _literal is null) || _op == Op.Match || !alwaysCaptured)
            {
                return null;
            }

            byte[][] texts = _op == Op.Eq ? [_literal!] : _literals!;
            return texts.Length == 0 || texts.Any(t => t.Length == 0) ? null : texts;
        }

        /// <summary>
        /// A positive #match? / #any-match? on a capture present in every match, whose regex matches a substring the
        /// same way it matches the whole text (see <see cref="RegexLooksOnlyAtItsMatch"/>): every match of the pattern
        /// needs the regex to match somewhere in the source.
        /// </summary>
        public bool IsRequiredMatch(bool alwaysCaptured) =>
            alwaysCaptured && _op == Op.Match && _positive && _pattern is not null && RegexLooksOnlyAtItsMatch(_pattern);

        /// <summary>The capture the predicate tests (its index in the query's capture names).</summary>
        public int Capture => _capture;

        /// <summary>What the predicate demands of a source, for tests comparing preconditions.</summary>
        public string Describe() => _op switch
        {
            Op.Match => $"match {_pattern}",
            Op.Eq => $"eq {(_literal is null ? "@" : Encoding.UTF8.GetString(_literal))}",
            _ => $"any-of {string.Join("|", _literals!.Select(Encoding.UTF8.GetString))}",
        };

        /// <summary>
        /// Whether the regex matches somewhere in <paramref name="text"/>. On the backtracking interpreter, built in
        /// microseconds where the linear engine takes milliseconds (a gate checks a few small files); a search past
        /// <see cref="SourceSearchBudget"/> gives no verdict (true: the query runs, with the linear engine per node).
        /// </summary>
        public bool MatchesSomewhereIn(string text)
        {
            _sourceRegex ??= new Regex(_pattern!, RegexOptions.CultureInvariant, SourceSearchBudget);
            try
            {
                return _sourceRegex.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                return true;
            }
        }

        public bool Evaluate(TsQueryCapture[] captures, TsTree tree)
        {
            bool any = false;
            foreach (TsQueryCapture capture in captures)
            {
                if (capture.Index != _capture)
                {
                    continue;
                }

                any = true;
                bool ok = Test(capture.Node, captures, tree) == _positive;
                if (_matchAll && !ok)
                {
                    return false;
                }

                if (!_matchAll && ok)
                {
                    return true;
                }
            }

            // No node captured: the predicate holds. Otherwise: all held (match-all) / none held (any).
            return !any || _matchAll;
        }

        private bool Test(TsNode node, TsQueryCapture[] captures, TsTree tree)
        {
            ReadOnlySpan<byte> text = tree.GetBytes(node);
            switch (_op)
            {
                case Op.Eq when _literal is not null:
                    return text.SequenceEqual(_literal);
                case Op.Eq:
                    foreach (TsQueryCapture other in captures)
                    {
                        if (other.Index == _otherCapture)
                        {
                            return text.SequenceEqual(tree.GetBytes(other.Node));
                        }
                    }

                    return true; // the other capture captured nothing
                case Op.AnyOf:
                    foreach (byte[] literal in _literals!)
                    {
                        if (text.SequenceEqual(literal))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return IsMatch(_regex!.Value, text);
            }
        }

        private static bool IsMatch(Regex regex, ReadOnlySpan<byte> utf8)
        {
            int max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
            if (max <= 512)
            {
                Span<char> chars = stackalloc char[max];
                int n = Encoding.UTF8.GetChars(utf8, chars);
                return regex.IsMatch(chars[..n]);
            }

            char[] rented = System.Buffers.ArrayPool<char>.Shared.Rent(max);
            try
            {
                int n = Encoding.UTF8.GetChars(utf8, rented);
                return regex.IsMatch(rented.AsSpan(0, n));
            }
            finally
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>One match of a query: the pattern that matched and what it captured (in capture order).</summary>
public sealed class TsQueryMatch
{
    internal TsQueryMatch(int patternIndex, TsQueryCapture[] captures)
    {
        PatternIndex = patternIndex;
        Captures = captures;
    }

    public int PatternIndex { get; }

    public IReadOnlyList<TsQueryCapture> Captures { get; }

    /// <summary>The first node captured as <paramref name="name"/> (without '@'), or a null node.</summary>
    public TsNode Get(string name)
    {
        foreach (TsQueryCapture capture in Captures)
        {
            if (capture.Name == name)
            {
                return capture.Node;
            }
        }

        return default;
    }

    /// <summary>Every node captured as <paramref name="name"/> (quantified captures capture several).</summary>
    public IEnumerable<TsNode> GetAll(string name) => Captures.Where(c => c.Name == name).Select(c => c.Node);

    public override string ToString() =>
        $"pattern {PatternIndex}: " + string.Join(", ", Captures.Select(c => $"@{c.Name}={c.Node}"));
}

/// <summary>A captured node: capture name (without '@'), the node, and the capture index in <see cref="TsQuery.CaptureNames"/>.</summary>
public readonly record struct TsQueryCapture(string Name, TsNode Node, int Index);

/// <summary>A query enumeration used up its time budget (see <see cref="TsQuery.Matches(TsNode, TimeSpan?, CancellationToken)"/>).</summary>
public sealed class TsQueryTimeoutException : TimeoutException
{
    public TsQueryTimeoutException(TsLanguage language, TimeSpan timeout)
        : base($"A {language} tree-sitter query ran out of its {timeout.TotalMilliseconds:0.###} ms budget.")
    {
        Language = language;
        Timeout = timeout;
    }

    public TsLanguage Language { get; }

    public TimeSpan Timeout { get; }
}

/// <summary>What is wrong with a query (tree-sitter's TSQueryError, plus <see cref="Predicate"/> for the managed predicates).</summary>
public enum TsQueryErrorKind
{
    Syntax = 1,
    NodeType = 2,
    Field = 3,
    Capture = 4,
    Structure = 5,
    Language = 6,
    Predicate = 7,
}

/// <summary>A query failed to compile.</summary>
public sealed class TsQueryException : Exception
{
    private TsQueryException(string message, TsLanguage language, TsQueryErrorKind kind, int offset, int line, int column, string? token)
        : base(message)
    {
        Language = language;
        ErrorKind = kind;
        Offset = offset;
        Line = line;
        Column = column;
        Token = token;
    }

    public TsLanguage Language { get; }

    public TsQueryErrorKind ErrorKind { get; }

    /// <summary>0-based byte offset of the error in the UTF-8 encoded query.</summary>
    public int Offset { get; }

    /// <summary>1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error, in characters (UTF-16 code units) of that line.</summary>
    public int Column { get; }

    /// <summary>The unknown node type / field / capture name at the error, when there is one.</summary>
    public string? Token { get; }

    internal static TsQueryException Create(TsLanguage language, string source, byte[] utf8, int offset, TsQueryErrorKind kind, string? detail)
    {
        offset = Math.Clamp(offset, 0, utf8.Length);
        string before = Encoding.UTF8.GetString(utf8, 0, offset);
        int lineStart = before.LastIndexOf('\n') + 1;
        int line = before.AsSpan().Count('\n') + 1;
        int column = before.Length - lineStart + 1;

        int tokenEnd = offset;
        while (tokenEnd < utf8.Length && IsNameByte(utf8[tokenEnd]))
        {
            tokenEnd++;
        }

        string? token = tokenEnd > offset ? Encoding.UTF8.GetString(utf8, offset, tokenEnd - offset) : null;

        string what = kind switch
        {
            TsQueryErrorKind.Syntax when offset >= utf8.Length => "syntax error: unexpected end of the query (unbalanced parentheses?)",
            TsQueryErrorKind.Syntax => "syntax error",
            TsQueryErrorKind.NodeType => $"unknown node type {Quote(token)}",
            TsQueryErrorKind.Field => $"unknown field {Quote(token)}",
            TsQueryErrorKind.Capture => $"unknown capture {Quote(token is null ? null : "@" + token)}",
            TsQueryErrorKind.Structure => "impossible pattern (these nodes cannot appear in this structure)",
            TsQueryErrorKind.Language => "the grammar is not compatible with the query engine",
            _ => "invalid predicate: " + detail,
        };

        int lineEnd = source.IndexOf('\n', lineStart);
        string lineText = (lineEnd < 0 ? source[lineStart..] : source[lineStart..lineEnd]).TrimEnd('\r');
        string caret = new string(' ', Math.Max(0, column - 1)) + "^";
        string message = $"Invalid {language} tree-sitter query: {what} at line {line}, column {column} (byte offset {offset}).\n  {lineText}\n  {caret}";
        return new TsQueryException(message, language, kind, offset, line, column, token);

        static string Quote(string? s) => s is null ? "(?)" : "'" + s + "'";
        static bool IsNameByte(byte b) => b >= 0x80 || char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-' or (byte)'.' or (byte)'?' or (byte)'!';
    }
}
