using System.Runtime.InteropServices;
using System.Text;
using SkillScan.TreeSitter.Interop;

namespace SkillScan.TreeSitter;

/// <summary>
/// Parses source with tree-sitter. Thread-safe without locks: a parse uses a native parser that no other thread
/// touches. By default every parse gets a fresh native parser (creating one costs under 1 µs, and measured on this
/// project's machine a fresh parser parses 20–35% faster than a reused one; see docs/performance.md).
/// With <see cref="ReuseParsers"/> = true each thread keeps one parser per language instead ([ThreadStatic] cache,
/// freed when the thread is gone).
/// </summary>
public static class TsParsers
{
    [ThreadStatic]
    private static ThreadParsers? t_parsers;

    /// <summary>
    /// False (default): a fresh native parser per parse. True: one cached parser per thread and language.
    /// Both are thread-safe; the default is faster (docs/performance.md, "Parser reuse").
    /// </summary>
    public static bool ReuseParsers { get; set; }

    /// <summary>
    /// Parses UTF-8 bytes (explicit length; no terminating NUL needed). The tree keeps a reference to
    /// <paramref name="utf8"/> as <see cref="TsTree.Source"/>. Syntax errors do not throw: the tree then has
    /// ERROR/MISSING nodes and <see cref="TsNode.HasError"/> on the root.
    /// </summary>
    /// <param name="timeout">Wall time after which the parse is abandoned (<see cref="TsParseTimeoutException"/>).
    /// Null or <see cref="Timeout.InfiniteTimeSpan"/>: no limit.</param>
    /// <param name="ct">Cancelling it aborts a running parse (<see cref="OperationCanceledException"/>).</param>
    /// <exception cref="TsParseTimeoutException">The parse took longer than <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    /// <exception cref="TsParseException">tree-sitter returned no tree for another reason.</exception>
    public static unsafe TsTree Parse(TsLanguage language, byte[] utf8, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ulong timeoutMicros = ToMicros(timeout);
        ct.ThrowIfCancellationRequested();

        LanguageInfo info = LanguageInfo.Get(language);
        ThreadParsers parsers = t_parsers ??= new ThreadParsers();
        bool reuse = ReuseParsers;
        nint parser = reuse ? parsers.Get(info) : ThreadParsers.Create(info);
        try
        {
            return ParseWith(parser, parsers, language, utf8, timeout, timeoutMicros, ct);
        }
        finally
        {
            if (!reuse)
            {
                Native.ts_parser_delete(parser);
            }
        }
    }

    private static unsafe TsTree ParseWith(
        nint parser, ThreadParsers parsers, TsLanguage language, byte[] utf8, TimeSpan? timeout, ulong timeoutMicros, CancellationToken ct)
    {
        nint tree;
        fixed (byte* p = utf8)
        {
            // Non-null pointer even for an empty array.
            byte empty = 0;
            byte* data = p == null ? &empty : p;

            if (timeoutMicros == 0 && !ct.CanBeCanceled)
            {
                tree = Native.ts_parser_parse_string(parser, 0, data, (uint)utf8.Length);
                if (tree == 0)
                {
                    Native.ts_parser_reset(parser);
                    throw new TsParseException(language, "tree-sitter returned no tree.");
                }
            }
            else
            {
                NativeParseStatus status;
                uint reached;
                int* flag = parsers.CancelFlag;
                *flag = 0;
                CancellationTokenRegistration registration = default;
                if (ct.CanBeCanceled)
                {
                    registration = ct.UnsafeRegister(static state => ((ThreadParsers)state!).Cancel(), parsers);
                }

                try
                {
                    tree = Native.skillscan_parse(parser, data, (uint)utf8.Length, timeoutMicros, flag, &status, &reached);
                }
                finally
                {
                    // Dispose waits for a callback that is running, so nothing writes the flag after this.
                    registration.Dispose();
                    *flag = 0;
                }

                switch (status)
                {
                    case NativeParseStatus.Ok when tree != 0:
                        break;
                    case NativeParseStatus.Cancelled:
                        ct.ThrowIfCancellationRequested();
                        throw new OperationCanceledException(ct);
                    case NativeParseStatus.Timeout:
                        throw new TsParseTimeoutException(language, timeout!.Value, reached, utf8.Length);
                    default:
                        if (tree != 0)
                        {
                            Native.ts_tree_delete(tree);
                        }

                        throw new TsParseException(language, "tree-sitter returned no tree.");
                }
            }
        }

        return new TsTree(language, utf8, tree);
    }

    /// <summary>Parses a string (encoded to UTF-8 first). Byte offsets and columns of the tree refer to the UTF-8 bytes.</summary>
    /// <summary>
    /// Returns memory freed by deleted trees to the system (glibc keeps it in its arenas otherwise): call after
    /// disposing big trees, so the next big parse does not stack on top of the last one's pages.
    /// </summary>
    public static void ReleaseFreeMemory() => Native.skillscan_release_free_memory();

    public static TsTree Parse(TsLanguage language, string source, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Parse(language, Encoding.UTF8.GetBytes(source), timeout, ct);
    }

    /// <summary>
    /// The native benchmark baseline (skillscan_bench_parse): parses with a fresh C parser <paramref name="iterations"/>
    /// times and returns the total node count, with no managed code in the loop.
    /// </summary>
    public static unsafe long NativeBenchmarkParse(TsLanguage language, byte[] utf8, int iterations = 1)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        LanguageInfo.Get(language); // version check, language check
        fixed (byte* p = utf8)
        {
            byte empty = 0;
            return Native.skillscan_bench_parse((int)language, p == null ? &empty : p, (uint)utf8.Length, iterations);
        }
    }

    private static ulong ToMicros(TimeSpan? timeout)
    {
        if (timeout is not { } t || t == Timeout.InfiniteTimeSpan)
        {
            return 0;
        }

        if (t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "The parse timeout must be positive (or null / infinite).");
        }

        return Math.Max(1UL, (ulong)(t.Ticks / 10));
    }

    /// <summary>One thread's cancellation flag and (with <see cref="ReuseParsers"/>) its cached parsers. Freed by the finalizer once the thread is gone.</summary>
    private sealed unsafe class ThreadParsers
    {
        private readonly nint[] _parsers = new nint[TsLanguages.All.Count];

        public ThreadParsers() => CancelFlag = (int*)NativeMemory.AllocZeroed(sizeof(int));

        ~ThreadParsers()
        {
            foreach (nint parser in _parsers)
            {
                if (parser != 0)
                {
                    Native.ts_parser_delete(parser);
                }
            }

            NativeMemory.Free(CancelFlag);
        }

        public int* CancelFlag { get; }

        public void Cancel() => Interlocked.Exchange(ref *CancelFlag, 1);

        public nint Get(LanguageInfo info)
        {
            int i = (int)info.Language;
            nint parser = _parsers[i];
            if (parser != 0)
            {
                return parser;
            }

            parser = Create(info);
            _parsers[i] = parser;
            return parser;
        }

        public static nint Create(LanguageInfo info)
        {
            nint parser = Native.ts_parser_new();
            if (parser == 0)
            {
                throw new OutOfMemoryException("ts_parser_new failed.");
            }

            if (Native.ts_parser_set_language(parser, info.Ptr) == 0)
            {
                Native.ts_parser_delete(parser);
                throw new InvalidOperationException($"tree-sitter rejected the {info.Language} grammar (ABI version mismatch?).");
            }

            return parser;
        }
    }
}

/// <summary>tree-sitter produced no tree (other than by timeout or cancellation).</summary>
public class TsParseException : Exception
{
    public TsParseException(TsLanguage language, string message)
        : base($"Parsing {language} failed: {message}") => Language = language;

    public TsLanguage Language { get; }
}

/// <summary>A parse was abandoned because it ran longer than its timeout.</summary>
public sealed class TsParseTimeoutException : TimeoutException
{
    public TsParseTimeoutException(TsLanguage language, TimeSpan timeout, long bytesParsed, long totalBytes)
        : base($"Parsing {language} timed out after {timeout.TotalMilliseconds:0.###} ms (reached byte {bytesParsed} of {totalBytes}).")
    {
        Language = language;
        Timeout = timeout;
        BytesParsed = bytesParsed;
        TotalBytes = totalBytes;
    }

    public TsLanguage Language { get; }

    public TimeSpan Timeout { get; }

    /// <summary>How far the parser had read when it was stopped (approximate).</summary>
    public long BytesParsed { get; }

    public long TotalBytes { get; }
}
