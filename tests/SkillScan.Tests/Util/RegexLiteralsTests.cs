using System.Text;
using System.Text.RegularExpressions;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Tests.Util;

/// <summary>
/// The literal prefilter must never skip a text the regex matches. Checked on named cases, on random patterns with
/// texts sampled from them, and on every pattern-like string of the shipped rules against the corpus.
/// </summary>
public sealed class RegexLiteralsTests
{
    [Theory]
    [InlineData(@"dangerously(Allow|Skip)\w*\s*[:=]", false, "dangerouslyAllow|dangerouslySkip")]
    [InlineData(@"colou?r", false, "color|colour")]
    [InlineData(@"[Tt]rue\b", false, "True|true")]
    [InlineData(@"[Tt]rue\b", true, "true")]
    [InlineData(@"(?i)approval_policy\s*=\s*""never""", false, "approval_policy")]
    [InlineData(@"Foo(?i:bar)", false, "foobar")]
    [InlineData(@"(?=abc)abd", false, "abd")]
    [InlineData(@"a{2}bcd", false, "bcd")]
    [InlineData(@"x{y}abc", false, "x{y}abc")]
    [InlineData(@"\.env\b", false, ".env")]
    [InlineData(@"(abc)\1", false, "abc")]
    [InlineData(@"(?<name>eval)\s*\(", false, "eval")]
    [InlineData(@"\bcurl\b[^|]*\|\s*(ba)?sh", false, "curl")]
    [InlineData(@"(?:iwr|irm|curl|wget)\b", true, "iwr|irm|curl|wget")]
    [InlineData(@"[\]x]yzw", false, "]yzw|xyzw")]
    public void NamesTheLiteralsEveryMatchNeeds(string pattern, bool ignoreCase, string expected)
    {
        var literals = RegexLiterals.For(pattern, ignoreCase);
        Assert.NotNull(literals);
        Assert.Equal(expected.Split('|').Order(StringComparer.Ordinal), literals.Literals.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(@"abc|\d+")]        // a branch without a literal
    [InlineData(@"(abc)?\w+")]      // the only literal is optional
    [InlineData(@"(?x) a b c d")]   // whitespace mode: what is literal changes
    [InlineData(@"(?(x)abc|abd)")]  // conditional
    [InlineData(@"[a-z]+\.[a-z]+")] // classes only
    [InlineData(@"ab")]             // too short to be worth a search
    [InlineData(@"[a-[b]]xyz")]     // class subtraction: not analysed
    public void GivesNoPrefilterWhenNoneIsProven(string pattern)
    {
        Assert.Null(RegexLiterals.For(pattern, ignoreCase: false));
    }

    [Fact]
    public void StartsListsEveryOccurrenceSoASliceWithoutOneCannotMatch()
    {
        var literals = RegexLiterals.For(@"(aaa|aab)x?", ignoreCase: false)!;
        Assert.Equal([0, 1, 2, 3, 7], literals.Starts("aaaaab aab"));
        Assert.Empty(literals.Starts("no literal here")!);

        var text = "echo $IFS; x=$(cat${IFS}f) \u00e9 ${IFS} $IF";
        var ifs = RegexLiterals.For(@"\$\{IFS\}|\$IFS([^A-Za-z0-9_]|$)", ignoreCase: false)!;
        var starts = ifs.Starts(text)!;
        for (var from = 0; from <= text.Length; from++)
        {
            for (var to = from; to <= text.Length; to++)
            {
                var startsInside = starts.Any(p => p >= from && p < to);
                if (!startsInside) Assert.False(ifs.MayMatch(text.AsSpan(from, to - from)), $"slice {from}..{to}");
            }
        }
    }

    [Fact]
    public void StartsGivesUpOnTextThatCaseFoldingDefeats()
    {
        var literals = RegexLiterals.For(@"(?i)kelvin", ignoreCase: false)!;
        Assert.Equal([4], literals.Starts("the KELVIN scale"));
        Assert.Null(literals.Starts("the \u212Aelvin scale")); // Kelvin sign: the regex matches it, an ordinal search does not
    }

    [Fact]
    public void SkipsOnlyTextsWithoutTheLiterals()
    {
        var literals = RegexLiterals.For(@"(?i)config\s+set\s+(exec\.security|sandbox)", ignoreCase: false)!;
        Assert.True(literals.MayMatch("openclaw CONFIG  Set exec.security full"));
        Assert.False(literals.MayMatch("brew install jq ripgrep fd bat"));
    }

    [Fact]
    public void EveryCharacterTheRegexFoldsOntoAnAsciiLetterIsFoundOrRunsTheRegex()
    {
        // .NET's case-insensitive matching has its own equivalence table: whatever it takes for a letter must not be
        // skipped by the ordinal case-insensitive search (the Kelvin sign for k, for one).
        var everyChar = new string([.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => !char.IsSurrogate(c))]);
        for (var letter = 'a'; letter <= 'z'; letter++)
        {
            var pattern = "(?i)" + new string(letter, 3);
            var literals = RegexLiterals.For(pattern, ignoreCase: false)!;
            foreach (Match m in new Regex("(?i)" + letter, RegexOptions.CultureInvariant).Matches(everyChar))
            {
                Assert.True(literals.MayMatch(new string(m.Value[0], 3)), $"U+{(int)m.Value[0]:X4} for '{letter}'");
            }
        }
    }

    [Fact]
    public void RandomPatternsNeverSkipATextTheyMatch()
    {
        var random = new Random(7);
        int withPrefilter = 0, matched = 0;
        for (var round = 0; round < 10000; round++)
        {
            var node = RandomNode(random, depth: 0);
            var pattern = node.Pattern();
            var ignoreCase = random.Next(4) == 0;
            Regex regex;
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : 0), TimeSpan.FromMilliseconds(20));
            }
            catch (ArgumentException)
            {
                continue;
            }
            if (RegexLiterals.For(pattern, ignoreCase) is not { } literals) continue;
            withPrefilter++;
            for (var t = 0; t < 30; t++)
            {
                var sample = new StringBuilder();
                if (random.Next(2) == 0) sample.Append(Noise(random));
                node.Sample(random, sample, ignoreCase || pattern.Contains("(?i"));
                if (random.Next(2) == 0) sample.Append(Noise(random));
                var text = sample.ToString();
                if (!Matches(regex, text)) continue;
                matched++;
                Assert.True(literals.MayMatch(text), $"/{pattern}/ skipped \"{text}\"");
            }
        }
        Assert.True(withPrefilter > 1500 && matched > 10_000, $"only {withPrefilter} random patterns had a prefilter, {matched} samples matched");
    }

    /// <summary>A match; a random pattern that backtracks past its budget counts as none.</summary>
    private static bool Matches(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    [Fact]
    public void ShippedPatternsNeverSkipACorpusFileTheyMatch()
    {
        var patterns = PatternLikeStrings().ToList();
        var files = Directory.EnumerateFiles(TestRepo.PathOf("corpus"), "*", SearchOption.AllDirectories)
            .Select(File.ReadAllText).Where(t => !t.Contains('\0')).ToList();
        var checkedPatterns = 0;
        foreach (var pattern in patterns)
        {
            foreach (var ignoreCase in new[] { false, true })
            {
                if (RegexLiterals.For(pattern, ignoreCase) is not { } literals) continue;
                Regex regex;
                try
                {
                    regex = new Regex(pattern, RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : 0), TimeSpan.FromMilliseconds(200));
                }
                catch (ArgumentException)
                {
                    continue;
                }
                checkedPatterns++;
                foreach (var text in files)
                {
                    if (literals.MayMatch(text)) continue;
                    Assert.False(Matches(regex, text), $"/{pattern}/ (ignore case: {ignoreCase}) matches a file its prefilter skips");
                }
            }
        }
        Assert.True(checkedPatterns > 200, $"only {checkedPatterns} shipped patterns had a prefilter");
    }

    /// <summary>Short strings with regex syntax in the shipped packs and catalogs.</summary>
    internal static IEnumerable<string> PatternLikeStrings()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(TestRepo.PathOf("rules"), "*.yaml", SearchOption.AllDirectories))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            var stack = new Stack<YamlNode>([stream.Documents[0].RootNode]);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case YamlMappingNode m:
                        foreach (var v in m.Children.Values) stack.Push(v);
                        break;
                    case YamlSequenceNode s:
                        foreach (var v in s.Children) stack.Push(v);
                        break;
                    case YamlScalarNode { Value: { Length: <= 300 } text } when text.IndexOfAny(['\\', '(', '[', '|', '?', '*', '+']) >= 0 && seen.Add(text):
                        yield return text;
                        break;
                }
            }
        }
    }

    private static string Noise(Random random) => new([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => "ab kK-_.{}\n"[random.Next(11)])]);

    private abstract record Node
    {
        public abstract string Pattern();

        public abstract void Sample(Random random, StringBuilder into, bool ignoreCase);
    }

    private const string Letters = "abcksiKSI-_./:{}]\"' \\|()[*+?^$#\u212A\u017F\u00E9";

    private sealed record Literal(string Text, bool Raw) : Node
    {
        // Raw: written unescaped where .NET reads it as a literal anyway (a brace that is no quantifier, a ']').
        public override string Pattern() => Raw ? Text : Regex.Escape(Text);

        public override void Sample(Random random, StringBuilder into, bool ignoreCase)
        {
            foreach (var c in Text)
            {
                var ch = ignoreCase && random.Next(3) == 0 ? char.ToUpperInvariant(c) : c;
                if (ignoreCase && random.Next(10) == 0) ch = char.ToLowerInvariant(ch) switch { 'k' => '\u212A', 's' => '\u017F', _ => ch };
                into.Append(ch);
            }
        }
    }

    private sealed record Class(string Chars, bool Negated) : Node
    {
        public override string Pattern() => "[" + (Negated ? "^" : "") + string.Concat(Chars.Select(c => c is ']' or '\\' or '[' or '^' or '-' ? "\\" + c : c.ToString())) + "]";

        public override void Sample(Random random, StringBuilder into, bool ignoreCase) =>
            into.Append(Negated ? 'z' : Chars[random.Next(Chars.Length)]);
    }

    private sealed record Escape(string Text, string Example) : Node
    {
        public override string Pattern() => Text;

        public override void Sample(Random random, StringBuilder into, bool ignoreCase) => into.Append(Example);
    }

    private sealed record Sequence(List<Node> Parts) : Node
    {
        public override string Pattern() => string.Concat(Parts.Select(p => p.Pattern()));

        public override void Sample(Random random, StringBuilder into, bool ignoreCase)
        {
            foreach (var p in Parts) p.Sample(random, into, ignoreCase);
        }
    }

    private sealed record Alternation(List<Node> Branches) : Node
    {
        public override string Pattern() => string.Join("|", Branches.Select(b => b.Pattern()));

        public override void Sample(Random random, StringBuilder into, bool ignoreCase) => Branches[random.Next(Branches.Count)].Sample(random, into, ignoreCase);
    }

    private sealed record Group(Node Inner, string Open) : Node
    {
        public override string Pattern() => Open + Inner.Pattern() + ")";

        public override void Sample(Random random, StringBuilder into, bool ignoreCase)
        {
            if (Open is "(?=" or "(?!" or "(?<=" or "(?<!") return;
            Inner.Sample(random, into, ignoreCase || Open.Contains('i'));
        }
    }

    private sealed record Repeat(Node Inner, int Min, int Max, string Text) : Node
    {
        public override string Pattern() => (Inner is Literal { Text.Length: > 1 } or Sequence or Alternation ? "(?:" + Inner.Pattern() + ")" : Inner.Pattern()) + Text;

        public override void Sample(Random random, StringBuilder into, bool ignoreCase)
        {
            var n = random.Next(Min, Math.Min(Max, Min + 2) + 1);
            for (var i = 0; i < n; i++) Inner.Sample(random, into, ignoreCase);
        }
    }

    private static Node RandomNode(Random random, int depth)
    {
        var kind = depth > 3 ? random.Next(3) : random.Next(9);
        switch (kind)
        {
            case 0 or 1:
                var length = random.Next(1, 6);
                var text = new string([.. Enumerable.Range(0, length).Select(_ => Letters[random.Next(Letters.Length)])]);
                return random.Next(6) == 0 ? new Literal(random.Next(2) == 0 ? "x{y}" : "]", Raw: true) : new Literal(text, Raw: false);
            case 2:
                return random.Next(3) switch
                {
                    0 => new Class(new string([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Letters[random.Next(Letters.Length)])]), random.Next(4) == 0),
                    1 => new[] { new Escape(@"\w", "q"), new Escape(@"\s", " "), new Escape(@"\d", "7"), new Escape(".", "#"), new Escape(@"\b", ""), new Escape("^", ""), new Escape(@"\x41", "A"), new Escape(@"\p{L}", "é") }[random.Next(8)],
                    _ => new Escape(@"\k<n>", ""),
                };
            case 3 or 4:
                return new Sequence([.. Enumerable.Range(0, random.Next(2, 5)).Select(_ => RandomNode(random, depth + 1))]);
            case 5:
                return new Alternation([.. Enumerable.Range(0, random.Next(2, 4)).Select(_ => RandomNode(random, depth + 1))]);
            case 6:
                var open = new[] { "(", "(?:", "(?<n>", "(?i)(?:", "(?i:", "(?>", "(?=", "(?!", "(?<=", "(?-i:" }[random.Next(10)];
                return new Group(RandomNode(random, depth + 1), open);
            default:
                var (min, max, q) = random.Next(7) switch
                {
                    0 => (0, 1, "?"), 1 => (0, 3, "*"), 2 => (1, 3, "+"), 3 => (2, 2, "{2}"), 4 => (1, 3, "{1,3}"), 5 => (0, 2, "{0,2}"), _ => (1, 3, "+?"),
                };
                return new Repeat(RandomNode(random, depth + 1), min, max, q);
        }
    }
}
