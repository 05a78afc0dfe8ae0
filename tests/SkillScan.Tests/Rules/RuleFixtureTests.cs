using SkillScan.Cli.Commands;
using SkillScan.Rules;
using SkillScan.Rules.Testing;

namespace SkillScan.Tests.Rules;

/// <summary>Runs every fixture under rules/fixtures and fails listing each miss and stray finding.</summary>
public class RuleFixtureTests
{
    public static string FixturesRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "rules", "fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("rules/fixtures not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void AllFixturesPass()
    {
        var report = FixtureRunner.Run(FixturesRoot(), RuleSet.Load());
        Assert.True(report.Passed, "Rule fixtures failed:\n" + RulesCommand.Render(report, verbose: false));
    }

    [Fact]
    public void EveryCoreRuleHasPositiveAndNegativeFixtures()
    {
        var report = FixtureRunner.Run(FixturesRoot(), RuleSet.Load());
        var core = RuleSet.Load().Rules.Where(r => r.Descriptor.Pack == "core").Select(r => r.Descriptor.Id).ToList();
        var byId = report.Rules.ToDictionary(r => r.RuleId);
        var lacking = core.Where(id => !byId.TryGetValue(id, out var r) || r.Expected == 0 || r.QuietExpected == 0).ToList();
        Assert.True(lacking.Count == 0, "core rules without positive and negative fixtures: " + string.Join(", ", lacking));
    }

    [Fact]
    public void RunnerReportsMissesStraysAndKnownMisses()
    {
        var root = Directory.CreateTempSubdirectory("fixtures-").FullName;
        try
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, "SS1804")).FullName;
            File.WriteAllText(Path.Combine(dir, "SKILL.md"), """
                ---
                name: t
                description: t
                ---
                <!-- ruleid: SS1804 -->
                nothing here
                <!-- ok: SS1804 -->
                see http://203.0.113.5/x
                <!-- todoruleid: SS1804 -->
                also nothing
                stray http://198.51.100.1/y
                """);
            var report = FixtureRunner.Run(root, RuleSet.Load());
            var r = Assert.Single(report.Rules);
            Assert.False(report.Passed);
            Assert.Equal(1, r.Expected);
            Assert.Equal(0, r.Fired);
            Assert.Equal(1, r.KnownMisses);
            Assert.Contains(r.Problems, p => p.Kind == "miss" && p.Location == "SS1804/SKILL.md:6");
            Assert.Contains(r.Problems, p => p.Kind == "stray" && p.Location == "SS1804/SKILL.md:8");
            Assert.Contains(r.Problems, p => p.Kind == "stray" && p.Location == "SS1804/SKILL.md:11");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

public class RuleDocsTests
{
    [Fact]
    public void RulesDocTableIsCurrent()
    {
        var root = Directory.GetParent(RuleFixtureTests.FixturesRoot())!.Parent!.FullName;
        var doc = File.ReadAllText(Path.Combine(root, "docs", "rules.md")).ReplaceLineEndings("\n");
        var table = RulesCommand.MarkdownTable(RuleSet.Load().Rules.Select(r => r.Descriptor).ToList()).ReplaceLineEndings("\n");
        Assert.True(RulesCommand.WithTable(doc, table) == doc,
            "docs/rules.md's rule table is out of date: run `skillscan rules list --format md --update docs/rules.md`");
    }

    [Fact]
    public void EveryMatcherKindIsDocumented()
    {
        var root = Directory.GetParent(RuleFixtureTests.FixturesRoot())!.Parent!.FullName;
        var doc = File.ReadAllText(Path.Combine(root, "docs", "rules.md"));
        foreach (var kind in RulePackLoader.MatcherKinds) Assert.Contains($"### `{kind}`", doc);
    }
}
