namespace SkillScan.Util;

/// <summary>
/// A literal prefilter for a regular expression: a few strings of which every match contains at least one. Text that
/// holds none of them cannot match, so the regex need be neither built (the linear engine costs milliseconds a
/// pattern) nor run. Derived conservatively: syntax the analysis does not know gives no prefilter, and the regex
/// runs as before. A case-insensitive pattern (option or inline `(?i)` anywhere) is searched case-insensitively whole.
/// </summary>
public sealed class RegexLiterals
{
    /// <summary>Shorter literals are in almost every text: not worth a search.</summary>
    public const int MinLength = 3;

    /// <summary>Most strings a node's exact set or a literal set may hold before the analysis gives up on it.</summary>
    private const int MaxExact = 16;
    private const int MaxLiterals = 64;

    /// <summary>
    /// Non-ASCII characters that .NET's case-insensitive regex matching takes for an ASCII letter (Kelvin sign for k,
    /// long s for s, dotted and dotless i) but an ordinal case-insensitive search does not: text holding one runs the regex.
    /// </summary>
    private static readonly System.Buffers.SearchValues<char> FoldsToAscii = System.Buffers.SearchValues.Create("\u0130\u0131\u017F\u212A");

    private readonly string[] _literals;

    // All literals in one vectorised multi-string search: a pattern can have up to 64 of them, and searching for each
    // in turn was most of the prefilter's cost on the many short texts (call arguments) that call rules test.
    private readonly System.Buffers.SearchValues<string> _search;

    private RegexLiterals(string[] literals, bool ignoreCase)
    {
        _literals = literals;
        IgnoreCase = ignoreCase;
        _search = System.Buffers.SearchValues.Create(literals, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>Every match contains at least one of these (lower case when <see cref="IgnoreCase"/>).</summary>
    public IReadOnlyList<string> Literals => _literals;

    public bool IgnoreCase { get; }

    /// <summary>Whether the text may hold a match; false means it certainly does not.</summary>
    public bool MayMatch(ReadOnlySpan<char> text)
    {
        if (IgnoreCase && text.IndexOfAny(FoldsToAscii) >= 0) return true;
        return text.ContainsAny(_search);
    }

    /// <summary>
    /// Every position of <paramref name="text"/> where one of the literals starts, ascending: a slice of the text in
    /// which none starts holds no literal, so <see cref="MayMatch"/> would be false for it. Null when a character
    /// that case-insensitive matching folds to ASCII occurs (<see cref="MayMatch"/> says yes to any slice holding one).
    /// </summary>
    public int[]? Starts(string text)
    {
        var rest = text.AsSpan();
        if (IgnoreCase && rest.IndexOfAny(FoldsToAscii) >= 0) return null;
        var starts = new List<int>();
        var offset = 0;
        int at;
        while ((at = rest[offset..].IndexOfAny(_search)) >= 0)
        {
            starts.Add(offset + at);
            offset += at + 1;
        }
        return [.. starts];
    }

    /// <summary>The prefilter of a (valid) .NET pattern, or null when none is proven or worth searching for.</summary>
    public static RegexLiterals? For(string pattern, bool ignoreCase)
    {
        var parser = new Parser(pattern, ignoreCase);
        var info = parser.Run();
        if (parser.SawIgnoreCase && !ignoreCase)
        {
            // An inline (?i) somewhere: analyse again with every literal case-insensitive (a superset of the truth).
            parser = new Parser(pattern, ignoreCase: true);
            info = parser.Run();
            ignoreCase = true;
        }
        var literals = info is null ? null : Necessary(info);
        if (literals is null || literals.Length == 0 || literals.Any(l => l.Length < MinLength)) return null;
        return new RegexLiterals(literals, ignoreCase);
    }

    /// <summary>
    /// What the analysis knows of a node: <paramref name="Exact"/>, every string it can match (null: not a small
    /// finite set), and <paramref name="Required"/>, strings of which every match contains one (null: none known).
    /// </summary>
    private sealed record Info(string[]? Exact, string[]? Required)
    {
        public static readonly Info Empty = new([""], null);

        /// <summary>Any string at all (a backreference, an optional part): nothing is known.</summary>
        public static readonly Info Any = new(null, null);

        /// <summary>One character the analysis does not name (a class, `.`, `\w`).</summary>
        public static readonly Info OneUnknown = new(null, null);
    }

    /// <summary>Strings of which every match of the node contains one, or null.</summary>
    private static string[]? Necessary(Info info)
    {
        if (info.Exact is { } exact) return exact.Any(s => s.Length == 0) ? null : exact;
        return info.Required;
    }

    /// <summary>The more selective of two literal sets: the longer shortest string, then fewer strings.</summary>
    private static string[]? Best(string[]? a, string[]? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        int minA = a.Min(s => s.Length), minB = b.Min(s => s.Length);
        if (minA != minB) return minA > minB ? a : b;
        return a.Length <= b.Length ? a : b;
    }

    /// <summary>
    /// A sequence: neighbouring parts with exact sets join into longer exact strings ("a" "b" "c" → "abc"), and every
    /// match holds a literal of each joined run or part, so the most selective of those is required.
    /// </summary>
    private static Info Sequence(List<Info> parts)
    {
        var runs = new List<Info>();
        string[]? run = null;
        foreach (var part in parts)
        {
            if (part.Exact is not { } exact)
            {
                if (run is not null) runs.Add(new Info(run, null));
                run = null;
                runs.Add(part);
            }
            else if (run is null)
            {
                run = exact;
            }
            else if (run.Length * exact.Length <= MaxExact)
            {
                run = run.SelectMany(l => exact.Select(r => l + r)).Distinct(StringComparer.Ordinal).ToArray();
            }
            else
            {
                runs.Add(new Info(run, null));
                run = exact;
            }
        }
        if (run is not null) runs.Add(new Info(run, null));
        if (runs.Count == 0) return Info.Empty;
        if (runs.Count == 1) return runs[0];
        return new Info(null, runs.Select(Necessary).Aggregate(Best));
    }

    private static Info Alternate(List<Info> branches)
    {
        if (branches.Count == 1) return branches[0];
        if (branches.All(b => b.Exact is not null))
        {
            var union = branches.SelectMany(b => b.Exact!).Distinct(StringComparer.Ordinal).ToArray();
            if (union.Length <= MaxExact) return new Info(union, null);
        }
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var branch in branches)
        {
            if (Necessary(branch) is not { } literals) return Info.Any;
            required.UnionWith(literals);
        }
        return required.Count <= MaxLiterals ? new Info(null, required.ToArray()) : Info.Any;
    }

    private static Info Repeat(Info atom, int min, int max)
    {
        if (min == 1 && max == 1) return atom;
        if (min == 0)
        {
            // x? keeps a small exact set ("colou?r"); any other optional part may be absent: nothing is known.
            return max == 1 && atom.Exact is { Length: < MaxExact } exact ? new Info([.. exact.Append("").Distinct(StringComparer.Ordinal)], null) : Info.Any;
        }
        return new Info(null, Necessary(atom));
    }

    /// <summary>Thrown inside the parser for syntax it does not analyse; the pattern then gets no prefilter.</summary>
    private sealed class Unknown : Exception;

    private sealed class Parser(string s, bool ignoreCase)
    {
        private int _i;

        public bool SawIgnoreCase { get; private set; }

        public Info? Run()
        {
            try
            {
                var info = Alternation();
                return _i == s.Length ? info : null;
            }
            catch (Unknown)
            {
                return null;
            }
        }

        private char Peek => _i < s.Length ? s[_i] : '\0';

        private Info Alternation()
        {
            var branches = new List<Info> { Sequence() };
            while (_i < s.Length && s[_i] == '|')
            {
                _i++;
                branches.Add(Sequence());
            }
            return Alternate(branches);
        }

        private Info Sequence()
        {
            var parts = new List<Info>();
            while (_i < s.Length && s[_i] is not ('|' or ')')) parts.Add(Quantified(Atom()));
            return RegexLiterals.Sequence(parts);
        }

        private Info Quantified(Info atom)
        {
            while (true)
            {
                int min, max;
                switch (Peek)
                {
                    case '*': min = 0; max = int.MaxValue; _i++; break;
                    case '+': min = 1; max = int.MaxValue; _i++; break;
                    case '?': min = 0; max = 1; _i++; break;
                    case '{' when TryBraces(_i, out min, out max, out var end): _i = end; break;
                    default: return atom;
                }
                if (Peek == '?') _i++; // lazy
                atom = Repeat(atom, min, max);
            }
        }

        /// <summary>`{n}`, `{n,}` or `{n,m}` at <paramref name="at"/> (else a literal brace, as .NET reads it).</summary>
        private bool TryBraces(int at, out int min, out int max, out int end)
        {
            min = max = end = 0;
            var j = at + 1;
            var start = j;
            while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
            if (j == start || !int.TryParse(s.AsSpan(start, j - start), out min)) return false;
            max = min;
            if (j < s.Length && s[j] == ',')
            {
                j++;
                var startMax = j;
                while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
                max = j == startMax ? int.MaxValue : int.TryParse(s.AsSpan(startMax, j - startMax), out var m) ? m : int.MaxValue;
            }
            if (j >= s.Length || s[j] != '}') return false;
            end = j + 1;
            return true;
        }

        private Info Atom()
        {
            var c = s[_i];
            switch (c)
            {
                case '(':
                    return Group();
                case '[':
                    return CharacterClass();
                case '\\':
                    return Escape();
                case '.':
                    _i++;
                    return Info.OneUnknown;
                case '^' or '$':
                    _i++;
                    return Info.Empty;
                case '*' or '+' or '?':
                    throw new Unknown(); // a quantifier after nothing: not a valid pattern
                case '{' when TryBraces(_i, out _, out _, out _):
                    throw new Unknown();
                default:
                    _i++;
                    return Literal(c);
            }
        }

        private Info Literal(char c)
        {
            if (!ignoreCase) return new Info([c.ToString()], null);
            // Case-insensitive: ASCII is lowered and searched ignoring case; other letters fold in ways an ordinal
            // search does not follow, so they are not named.
            return char.IsAscii(c) ? new Info([char.ToLowerInvariant(c).ToString()], null) : Info.OneUnknown;
        }

        private Info Group()
        {
            _i++; // (
            var lookaround = false;
            if (Peek == '?')
            {
                _i++;
                var c = Peek;
                switch (c)
                {
                    case ':' or '>':
                        _i++;
                        break;
                    case '=' or '!':
                        _i++;
                        lookaround = true;
                        break;
                    case '<' when _i + 1 < s.Length && s[_i + 1] is '=' or '!':
                        _i += 2;
                        lookaround = true;
                        break;
                    case '<' or '\'':
                        var close = s.IndexOf(c == '<' ? '>' : '\'', _i + 1);
                        if (close < 0) throw new Unknown();
                        _i = close + 1;
                        break;
                    case '#':
                        var end = s.IndexOf(')', _i);
                        if (end < 0) throw new Unknown();
                        _i = end + 1;
                        return Info.Empty;
                    default:
                        if (!Options()) return Info.Empty; // (?imsnx-imsnx): options for the rest of the group
                        break;
                }
            }
            var inner = Alternation();
            if (Peek != ')') throw new Unknown();
            _i++;
            // A lookaround consumes nothing: the match is what the parts around it consume.
            return lookaround ? Info.Empty : inner;
        }

        /// <summary>Reads `imnsx-imnsx` then ':' (true: a group follows) or ')' (false: options only).</summary>
        private bool Options()
        {
            var enable = true;
            while (_i < s.Length)
            {
                var c = s[_i++];
                switch (c)
                {
                    case '-':
                        enable = false;
                        break;
                    case 'i':
                        if (enable) SawIgnoreCase = true;
                        break;
                    case 'x':
                        if (enable) throw new Unknown(); // whitespace and # comments change what is literal
                        break;
                    case 'm' or 's' or 'n':
                        break;
                    case ':':
                        return true;
                    case ')':
                        return false;
                    default:
                        throw new Unknown(); // conditionals (?( and anything else
                }
            }
            throw new Unknown();
        }

        private Info Escape()
        {
            if (_i + 1 >= s.Length) throw new Unknown();
            var c = s[_i + 1];
            _i += 2;
            switch (c)
            {
                case 'b' or 'B' or 'A' or 'z' or 'Z' or 'G':
                    return Info.Empty;
                case 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 't' or 'n' or 'r' or 'f' or 'v' or 'e' or 'a':
                    return Info.OneUnknown;
                case 'p' or 'P':
                    SkipPast('}');
                    return Info.OneUnknown;
                case 'x':
                    _i += 2;
                    return Info.OneUnknown;
                case 'u':
                    _i += 4;
                    return Info.OneUnknown;
                case 'c':
                    _i += 1;
                    return Info.OneUnknown;
                case 'k':
                    SkipPast(Peek == '\'' ? '\'' : '>', from: _i + 1);
                    return Info.Any;
                default:
                    if (char.IsAsciiDigit(c))
                    {
                        // A backreference or an octal escape: some string, unknown.
                        while (_i < s.Length && char.IsAsciiDigit(s[_i])) _i++;
                        return Info.Any;
                    }
                    if (char.IsAsciiLetter(c) || c == '_') throw new Unknown();
                    return Literal(c);
            }
        }

        private void SkipPast(char close, int? from = null)
        {
            var end = s.IndexOf(close, from ?? _i);
            if (end < 0) throw new Unknown();
            _i = end + 1;
        }

        /// <summary>A class is one character: named when it lists a few plain characters, else unknown.</summary>
        private Info CharacterClass()
        {
            var j = _i + 1;
            var known = true;
            if (j < s.Length && s[j] == '^')
            {
                known = false;
                j++;
            }
            var chars = new HashSet<char>();
            var first = true;
            while (true)
            {
                if (j >= s.Length) throw new Unknown();
                var c = s[j];
                if (c == ']' && !first) break;
                first = false;
                if (c == '[' && j + 1 < s.Length && s[j + 1] == ':') throw new Unknown();
                if (c == '-' && j + 1 < s.Length && s[j + 1] == '[') throw new Unknown(); // subtraction
                if (c == '\\')
                {
                    if (j + 1 >= s.Length) throw new Unknown();
                    var e = s[j + 1];
                    j += 2;
                    if (char.IsAsciiLetterOrDigit(e) || e == '_')
                    {
                        known = false;
                        j = e switch
                        {
                            'p' or 'P' => s.IndexOf('}', j) is var close and >= 0 ? close + 1 : throw new Unknown(),
                            'x' => j + 2,
                            'u' => j + 4,
                            'c' => j + 1,
                            _ => j,
                        };
                        continue;
                    }
                    c = e;
                }
                else
                {
                    j++;
                }
                if (j + 1 < s.Length && s[j] == '-' && s[j + 1] != ']')
                {
                    if (s[j + 1] == '[') throw new Unknown(); // subtraction
                    // A range: its end is read as the next item and the class is not named.
                    known = false;
                    j++;
                    continue;
                }
                if (ignoreCase && !char.IsAscii(c)) known = false;
                chars.Add(ignoreCase ? char.ToLowerInvariant(c) : c);
            }
            _i = j + 1;
            if (!known || chars.Count == 0 || chars.Count > 8) return Info.OneUnknown;
            return new Info(chars.Select(ch => ch.ToString()).ToArray(), null);
        }
    }
}
