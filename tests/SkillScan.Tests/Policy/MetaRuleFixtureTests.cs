using SkillScan.Rules;
using SkillScan.Rules.Testing;

namespace SkillScan.Tests.Policy;

/// <summary>The meta pack's fixtures (rules/fixtures/SS0001, SS0002) through the shared fixture runner.</summary>
public sealed class MetaRuleFixtureTests
{
    [Theory]
    [InlineData("SS0001")]
    [InlineData("SS0002")]
    public void FixturesMatchTheirAnnotations(string ruleId)
    {
        var report = FixtureRunner.Run(TestRepo.PathOf("rules", "fixtures"), RuleSet.Load(), onlyRule: ruleId);
        var result = Assert.Single(report.Rules, r => r.RuleId == ruleId);
        Assert.True(result.Passed, string.Join("\n", report.AllProblems.Select(p => $"{p.Location}: {p.Message}")));
        Assert.True(result.Expected >= 3 && result.QuietExpected >= 3, "both positive and negative cases");
    }
}
