using System.Text;
using SkillScan.TreeSitter.Interop;

namespace SkillScan.TreeSitter;

/// <summary>
/// Text a source must hold for a query to match in it: per pattern, the literals its positive #eq?/#any-of?
/// predicates demand and the #match? regexes that must match somewhere, on captures present in every match
/// (see <see cref="TsQuery.CanMatchIn"/>). Built from a compiled query, or from the query's text alone
/// (<see cref="FromSource"/>) so a file can be ruled out before the query is compiled: tree-sitter compiles a
/// query by walking the language's whole parse table, about 3 ms for bash whatever the query, which was most of a
/// gate's time on a skill with a shell block.
/// </summary>
public sealed class TsQueryPrecondition
{
    private readonly byte[][][][] _requiredTexts; // by pattern: items that must all occur, each any of its texts
    private readonly TsQuery.Predicate[][] _requiredMatches; // by pattern: #match? predicates whose regex must match

    /// <summary>A precondition every source meets: nothing is ruled out.</summary>
    public static readonly TsQueryPrecondition None = new([[]], (_, _) => false);

    internal TsQueryPrecondition(TsQuery.Predicate[][] predicates, Func<int, int, bool> alwaysCaptured)
    {
        _requiredTexts = new byte[predicates.Length][][][];
        _requiredMatches = new TsQuery.Predicate[predicates.Length][];
        for (int pattern = 0; pattern < predicates.Length; pattern++)
        {
            int index = pattern;
            _requiredTexts[pattern] = predicates[pattern]
                .Select(p => p.RequiredTexts(alwaysCaptured(index, p.Capture)))
                .OfType<byte[][]>()
                .ToArray();
            _requiredMatches[pattern] = predicates[pattern].Where(p => p.IsRequiredMatch(alwaysCaptured(index, p.Capture))).ToArray();
        }
    }

    /// <summary>
    /// The precondition of the query <paramref name="querySource"/>, read from its text without compiling it, or
    /// <see cref="None"/> when the text is not a query this reader fully understands (it never rules out more than
    /// the compiled query would: a capture counts as present in every match only when it is outside every
    /// alternation and every `?`/`*` quantifier). A test compares it with the compiled precondition.
    /// </summary>
    public static TsQueryPrecondition FromSource(string querySource)
    {
        if (TsQuerySyntax.Read(querySource) is not { } patterns)
        {
            return None;
        }

        var captureNames = new List<string>();
        var strings = new List<string>();
        var predicates = new TsQuery.Predicate[patterns.Count][];
        var steps = new List<NativePredicateStep>();
        for (int pattern = 0; pattern < patterns.Count; pattern++)
        {
            var list = new List<TsQuery.Predicate>();
            foreach (var predicate in patterns[pattern].Predicates)
            {
                steps.Clear();
                foreach (var (isCapture, value) in predicate)
                {
                    var table = isCapture ? captureNames : strings;
                    int id = table.IndexOf(value);
                    if (id < 0)
                    {
                        id = table.Count;
                        table.Add(value);
                    }

                    steps.Add(new NativePredicateStep { Type = isCapture ? NativePredicateStepType.Capture : NativePredicateStepType.String, ValueId = (uint)id });
                }

                var p = TsQuery.Predicate.Create(steps, strings.ToArray(), captureNames.ToArray(), out string? error);
                if (error is not null)
                {
                    return None; // the compiled query will report it
                }

                if (p is not null)
                {
                    list.Add(p);
                }
            }

            predicates[pattern] = list.ToArray();
        }

        return new TsQueryPrecondition(predicates, (pattern, capture) => patterns[pattern].AlwaysCaptured.Contains(captureNames[capture]));
    }

    /// <summary>False when no pattern can match in <paramref name="source"/> (see <see cref="TsQuery.CanMatchIn"/>).</summary>
    public bool CanMatchIn(ReadOnlySpan<byte> source) => CanMatchIn(source, null);

    /// <summary>
    /// As <see cref="CanMatchIn(ReadOnlySpan{byte})"/>, given <paramref name="source"/> already decoded (the caller's
    /// document text): `#match?` regexes run over text, and decoding an 80 KB file again for them was a large-object
    /// allocation per rule and file.
    /// </summary>
    public bool CanMatchIn(ReadOnlySpan<byte> source, string? decoded)
    {
        string? text = decoded;
        for (int pattern = 0; pattern < _requiredTexts.Length; pattern++)
        {
            if (HasAllTexts(_requiredTexts[pattern], source) && MatchesAll(_requiredMatches[pattern], source, ref text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One line per pattern naming what it demands, for tests comparing preconditions.</summary>
    internal IReadOnlyList<string> Describe() =>
        Enumerable.Range(0, _requiredTexts.Length).Select(p =>
            string.Join("; ", _requiredTexts[p].Select(item => "text " + string.Join("|", item.Select(Encoding.UTF8.GetString)))
                .Concat(_requiredMatches[p].Select(m => m.Describe())))).ToList();

    private static bool HasAllTexts(byte[][][] items, ReadOnlySpan<byte> source)
    {
        foreach (byte[][] item in items)
        {
            bool any = false;
            foreach (byte[] text in item)
            {
                if (source.IndexOf(text) >= 0)
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesAll(TsQuery.Predicate[] predicates, ReadOnlySpan<byte> source, ref string? text)
    {
        foreach (TsQuery.Predicate predicate in predicates)
        {
            text ??= Encoding.UTF8.GetString(source);
            if (!predicate.MatchesSomewhereIn(text))
            {
                return false;
            }
        }

        return true;
    }
}
