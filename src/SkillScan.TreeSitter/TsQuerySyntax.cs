using System.Text;

namespace SkillScan.TreeSitter;

/// <summary>
/// Reads a query's text the way tree-sitter's parser does (query.c, ts_query__parse_pattern), keeping only what
/// <see cref="TsQueryPrecondition"/> needs: each top-level pattern's predicates and which captures are in every
/// match of it. No language is consulted (node and field names are not checked), so this costs microseconds where
/// compiling costs milliseconds. Anything unexpected gives null: the caller then rules nothing out.
/// </summary>
internal static class TsQuerySyntax
{
    /// <summary>A predicate's steps: its name ("eq?"), then each argument, a capture name or a string.</summary>
    internal sealed record Pattern(List<List<(bool IsCapture, string Value)>> Predicates, HashSet<string> AlwaysCaptured);

    public static List<Pattern>? Read(string source)
    {
        var reader = new Reader(source);
        var patterns = new List<Pattern>();
        try
        {
            reader.SkipSpace();
            while (!reader.AtEnd)
            {
                var predicates = new List<List<(bool, string)>>();
                var captures = reader.ParsePattern(predicates);
                patterns.Add(new Pattern(predicates, captures.Where(c => c.Value).Select(c => c.Key).ToHashSet(StringComparer.Ordinal)));
            }
        }
        catch (FormatException)
        {
            return null;
        }

        return patterns.Count == 0 ? null : patterns;
    }

    /// <summary>
    /// Captures of a piece of pattern, each with whether every match of the piece has it (tree-sitter's capture
    /// quantifier is One or OneOrMore): in a sequence, present in any part; under `?` or `*`, never; in an
    /// alternation, present in every branch.
    /// </summary>
    private sealed class Captures : Dictionary<string, bool>
    {
        public Captures()
            : base(StringComparer.Ordinal)
        {
        }

        public void Add(Captures other)
        {
            foreach (var (name, always) in other) this[name] = always || (TryGetValue(name, out var was) && was);
        }

        public void Optional()
        {
            foreach (var name in Keys.ToList()) this[name] = false;
        }

        public static Captures Join(List<Captures> branches)
        {
            var joined = new Captures();
            foreach (var name in branches.SelectMany(b => b.Keys).Distinct())
            {
                joined[name] = branches.All(b => b.GetValueOrDefault(name));
            }

            return joined;
        }
    }

    private sealed class Reader(string text)
    {
        private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
        private int _at;

        public bool AtEnd => _at >= text.Length;

        private char Next => _at < text.Length ? text[_at] : '\0';

        public void SkipSpace()
        {
            while (_at < text.Length)
            {
                if (char.IsWhiteSpace(text[_at]))
                {
                    _at++;
                }
                else if (text[_at] == ';')
                {
                    while (_at < text.Length && text[_at] != '\n') _at++;
                }
                else
                {
                    break;
                }
            }
        }

        /// <summary>One pattern with its suffixes (quantifiers, captures); its predicates go to <paramref name="predicates"/>.</summary>
        public Captures ParsePattern(List<List<(bool, string)>> predicates)
        {
            var captures = new Captures();
            switch (Next)
            {
                case '[':
                    _at++;
                    SkipSpace();
                    var branches = new List<Captures>();
                    while (Next != ']')
                    {
                        if (AtEnd || Next == ')') throw new FormatException();
                        branches.Add(ParsePattern(predicates));
                    }

                    if (branches.Count == 0) throw new FormatException();
                    _at++;
                    captures = Captures.Join(branches);
                    break;
                case '(':
                    _at++;
                    SkipSpace();
                    if (Next is '#' or '.')
                    {
                        _at++;
                        predicates.Add(ParsePredicate());
                        return captures; // a predicate takes no suffixes
                    }

                    if (Next is not ('(' or '"' or '['))
                    {
                        Identifier(); // a node's name: _, a symbol, MISSING, ERROR
                        if (Next == '/')
                        {
                            _at++;
                            Identifier(); // supertype/subtype
                        }

                        SkipSpace();
                        if (Next == '"') String(); // (MISSING "x")
                    }

                    ParseChildren(captures, predicates);
                    break;
                case '_':
                    Identifier();
                    break;
                case '"':
                    String();
                    break;
                default:
                    if (!IsIdentifierStart(Next)) throw new FormatException();
                    Identifier(); // field: pattern
                    SkipSpace();
                    if (Next != ':') throw new FormatException();
                    _at++;
                    SkipSpace();
                    if (Next is ')' or ']') throw new FormatException();
                    captures.Add(ParsePattern(predicates));
                    return captures; // the child pattern took the suffixes
            }

            SkipSpace();
            bool always = true;
            var own = new List<string>();
            for (;;)
            {
                if (Next is '+')
                {
                    _at++;
                }
                else if (Next is '*' or '?')
                {
                    always = false;
                    _at++;
                }
                else if (Next == '@')
                {
                    _at++;
                    string name = Identifier();
                    _defined.Add(name);
                    own.Add(name);
                }
                else
                {
                    break;
                }

                SkipSpace();
            }

            foreach (var name in own) captures[name] = true;
            if (!always) captures.Optional();
            return captures;
        }

        /// <summary>Children of a node or grouped sequence, up to and including its ')'.</summary>
        private void ParseChildren(Captures captures, List<List<(bool, string)>> predicates)
        {
            for (;;)
            {
                SkipSpace();
                if (Next == ')')
                {
                    _at++;
                    return;
                }

                if (AtEnd || Next == ']') throw new FormatException();
                if (Next == '.')
                {
                    _at++; // anchor
                    continue;
                }

                if (Next == '!')
                {
                    _at++;
                    Identifier(); // negated field
                    continue;
                }

                captures.Add(ParsePattern(predicates));
            }
        }

        private List<(bool, string)> ParsePredicate()
        {
            var steps = new List<(bool, string)> { (false, Identifier()) };
            for (;;)
            {
                SkipSpace();
                if (Next == ')')
                {
                    _at++;
                    SkipSpace();
                    return steps;
                }

                if (Next == '@')
                {
                    _at++;
                    string name = Identifier();
                    if (!_defined.Contains(name)) throw new FormatException(); // tree-sitter: capture error
                    steps.Add((true, name));
                }
                else if (Next == '"')
                {
                    steps.Add((false, String()));
                }
                else if (IsIdentifierStart(Next))
                {
                    steps.Add((false, Identifier()));
                }
                else
                {
                    throw new FormatException();
                }
            }
        }

        private string Identifier()
        {
            if (!IsIdentifierStart(Next)) throw new FormatException();
            int start = _at++;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '-' or '.' or '?' or '!')) _at++;
            return text[start.._at];
        }

        /// <summary>A string literal with tree-sitter's escapes: \n \r \t \0, and a backslash before any other character keeps that character.</summary>
        private string String()
        {
            _at++; // the opening quote
            var value = new StringBuilder();
            for (;;)
            {
                if (AtEnd || Next == '\n') throw new FormatException();
                char c = text[_at++];
                if (c == '"') return value.ToString();
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (AtEnd) throw new FormatException();
                if (char.IsHighSurrogate(text[_at]) && _at + 1 < text.Length)
                {
                    value.Append(text, _at, 2);
                    _at += 2;
                    continue;
                }

                value.Append(text[_at++] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', '0' => '\0', var other => other });
            }
        }

        private static bool IsIdentifierStart(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';
    }
}
