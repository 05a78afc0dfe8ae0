using SkillScan.Rules;
using SkillScan.Rules.Testing;

namespace SkillScan.Tests.Pinning;

/// <summary>The pinning pack's fixtures (rules/fixtures/SS40xx) through the shared fixture runner.</summary>
public sealed class PinningFixtureTests
{
    private static readonly Lazy<RuleSet> Rules = new(() => RuleSet.Load());

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in Tests.Pinning.PinningScan.PinningPack.Rules) data.Add(rule.Descriptor.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void FixturesMatchTheirAnnotations(string ruleId)
    {
        var report = FixtureRunner.Run(TestRepo.PathOf("rules", "fixtures"), Rules.Value, onlyRule: ruleId);
        var result = Assert.Single(report.Rules, r => r.RuleId == ruleId);
        Assert.True(result.Passed, string.Join("\n", report.AllProblems.Select(p => $"{p.Location}: {p.Message}")));
        Assert.True(result.Expected >= 1 && result.QuietExpected >= 1, "both positive and negative cases");
    }
}
