using System.Text.RegularExpressions;
using SkillScan.Semantics.Markdown;
using SkillScan.Util;

namespace SkillScan.Tests.Util;

/// <summary>
/// The interpreter-then-linear regex: it moves to the linear engine after enough text, re-runs a timed-out search
/// there, and — what a scan's determinism rests on — both engines find the same matches for the catalogs' patterns.
/// </summary>
public sealed class TieredRegexTests
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline;

    [Fact]
    public void StaysOnTheInterpreterUntilEnoughTextWasRead()
    {
        var regex = new TieredRegex(@"\bcurl\s+-s", Options, TimeSpan.FromSeconds(1));
        var small = new string('x', 1000) + " curl -s ";

        Assert.Same(regex.Interpreter, regex.For(small));
        Assert.False(regex.IsPromoted);

        var big = new string('y', (int)TieredRegex.PromoteAfterChars);
        var engine = regex.For(big);

        Assert.True(regex.IsPromoted);
        Assert.NotSame(regex.Interpreter, engine);
        Assert.Equal(RegexOptions.NonBacktracking, engine.Options & RegexOptions.NonBacktracking);
        Assert.Single(regex.Matches(small));
    }

    [Fact]
    public void ATimedOutInterpreterSearchIsRerunOnTheLinearEngine()
    {
        // Catastrophic backtracking for the interpreter, linear for NonBacktracking.
        var regex = new TieredRegex(@"^(a+)+$", RegexOptions.None, TimeSpan.FromMilliseconds(50));
        var hostile = new string('a', 40) + "!";
        RegexTimeouts.Reset();

        Assert.Empty(regex.Matches(hostile));
        Assert.False(regex.IsMatch(hostile));
        Assert.True(regex.IsMatch(new string('a', 40)));
        Assert.True(regex.IsPromoted);
        Assert.Equal(0, RegexTimeouts.Count);
    }

    [Fact]
    public void APatternTheLinearEngineCannotRunStaysOnTheInterpreter()
    {
        var regex = new TieredRegex(@"(a)\1", RegexOptions.None, TimeSpan.FromSeconds(1));

        regex.For(new string('a', (int)TieredRegex.PromoteAfterChars));

        Assert.False(regex.IsPromoted);
        Assert.True(regex.IsMatch("xaa"));
    }

    [Fact]
    public void NoTimeLimitStillBoundsABacktrackingOnlyPattern()
    {
        // The caller asked for no limit (meant for the linear engine), but a backreference keeps the pattern on the
        // interpreter: it gets 50 ms, then at most PatientCap, and a hostile text counts as a timeout, not a hang.
        var regex = new TieredRegex(@"^(a+)+\1b", RegexOptions.None, Regex.InfiniteMatchTimeout);
        RegexTimeouts.Reset();

        Assert.False(regex.IsMatch(new string('a', 40)));
        Assert.Equal(1, RegexTimeouts.Count);
        Assert.True(regex.IsMatch("aab"));
    }

    [Fact]
    public void BothEnginesFindTheSameMatchesForEveryCatalogPatternOnTheCorpus()
    {
        var catalog = InstructionCatalog.Builtin;
        var sets = typeof(InstructionCatalog).GetProperties()
            .Where(p => p.PropertyType == typeof(PhraseSet))
            .Select(p => (p.Name, Set: (PhraseSet)p.GetValue(catalog)!))
            .Concat(catalog.Declared.Select(d => ($"Declared.{d.Key}", d.Value)))
            .ToList();
        var texts = Directory.EnumerateFiles(TestRepo.PathOf("corpus"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(TestRepo.PathOf("rules", "fixtures"), "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".py", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        Assert.True(texts.Count > 200, $"only {texts.Count} texts found");
        // Line by line as well: prose units are short, and anchors behave differently at a text's ends.
        var inputs = texts.Concat(texts.SelectMany(t => t.Split('\n')).Where(l => l.Length > 0).Distinct()).ToList();

        var compared = 0;
        foreach (var (name, set) in sets)
        {
            foreach (var tiered in set.Regexes)
            {
                var linear = new Regex(tiered.Pattern, tiered.Interpreter.Options | RegexOptions.NonBacktracking);
                AssertSameMatches(Unhurried(tiered), linear, inputs, name);
                compared++;
            }
        }
        Assert.True(compared > 40, $"only {compared} groups compared");
    }

    [Fact]
    public void BothEnginesFindTheSameMatchesForEveryPackPatternOnTheCorpus()
    {
        var texts = Directory.EnumerateFiles(TestRepo.PathOf("corpus"), "*", SearchOption.AllDirectories)
            .Select(File.ReadAllText).Where(t => !t.Contains('\0')).ToList();
        var compared = 0;
        foreach (var pattern in RegexLiteralsTests.PatternLikeStrings())
        {
            foreach (var ignoreCase in new[] { false, true })
            {
                var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
                Regex interpreter, linear;
                try
                {
                    interpreter = new Regex(pattern, options, TimeSpan.FromSeconds(5));
                    linear = new Regex(pattern, options | RegexOptions.NonBacktracking);
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
                {
                    continue; // not a regex, or one only the interpreter runs (then there is nothing to switch to)
                }
                AssertSameMatches(interpreter, linear, texts, $"'{pattern}' (ignoreCase {ignoreCase})");
                compared++;
            }
        }
        Assert.True(compared > 300, $"only {compared} patterns compared");
    }

    [Fact]
    public void BothEnginesFindTheSameMatchesAndGroupsForEveryFixedPatternOfTheEngineOnTheCorpus()
    {
        // The engine's own patterns (URLs and hosts, call inputs, detectors) read every string and file of a skill,
        // and their groups are used too: whichever engine a skill meets, the same matches and groups.
        var texts = Directory.EnumerateFiles(TestRepo.PathOf("corpus"), "*", SearchOption.AllDirectories)
            .Select(File.ReadAllText).Where(t => !t.Contains('\0'))
            .SelectMany(t => t.Split('\n').Append(t))
            .ToList();
        var patterns = FixedPatterns().ToList();
        Assert.True(patterns.Count >= 20, $"only {patterns.Count} fixed patterns found");
        foreach (var tiered in patterns)
        {
            Regex linear;
            try
            {
                linear = new Regex(tiered.Pattern, tiered.Interpreter.Options | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException)
            {
                continue; // only the interpreter runs it: nothing to switch to
            }
            var interpreter = Unhurried(tiered);
            foreach (var text in texts)
            {
                var expected = interpreter.Matches(text).Select(Describe);
                var actual = linear.Matches(text).Select(Describe);
                Assert.True(expected.SequenceEqual(actual), $"'{tiered.Pattern}': engines differ on «{text[..Math.Min(200, text.Length)]}»");
            }
        }

        static string Describe(Match m) => string.Join('|', m.Groups.Cast<Group>().Select(g => $"{g.Name}:{g.Index}:{g.Length}:{g.Success}"));
    }

    /// <summary>Every static TieredRegex (or Lazy of one) of the engine's classes.</summary>
    private static IEnumerable<TieredRegex> FixedPatterns()
    {
        const System.Reflection.BindingFlags statics = System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic;
        foreach (var type in typeof(TieredRegex).Assembly.GetTypes().Where(t => !t.ContainsGenericParameters))
        {
            foreach (var field in type.GetFields(statics))
            {
                if (field.FieldType == typeof(TieredRegex) && field.GetValue(null) is TieredRegex r) yield return r;
                if (field.FieldType == typeof(Lazy<TieredRegex>) && field.GetValue(null) is Lazy<TieredRegex> lazy) yield return lazy.Value;
            }
        }
    }

    // The tiered interpreter has a 50 ms budget per search; a busy machine (the whole suite in parallel) can exceed it
    // on a whole corpus file, which says nothing about the matches. The comparison uses the same pattern and options
    // with a generous budget.
    private static Regex Unhurried(TieredRegex tiered) => new(tiered.Pattern, tiered.Interpreter.Options, TimeSpan.FromSeconds(30));

    private static void AssertSameMatches(Regex interpreter, Regex linear, IEnumerable<string> texts, string what)
    {
        foreach (var text in texts)
        {
            var expected = interpreter.Matches(text).Select(m => (m.Index, m.Length));
            var actual = linear.Matches(text).Select(m => (m.Index, m.Length));
            Assert.True(expected.SequenceEqual(actual), $"{what}: engines differ on «{text[..Math.Min(200, text.Length)]}»");
        }
    }

    [Fact]
    public void AMatchListGoesOnOnTheLinearEngineWhereTheInterpreterGaveUp()
    {
        // The first word matches quickly; the hostile tail makes the interpreter time out on the second search.
        var regex = new TieredRegex(@"\bok\b|^(a+)+$", RegexOptions.Multiline, TimeSpan.FromSeconds(5));
        var text = "ok\n" + new string('a', 40) + "!\nok";

        Assert.Equal([0, text.Length - 2], regex.Matches(text).Select(m => m.Index));
        Assert.True(regex.IsPromoted);
    }
}
