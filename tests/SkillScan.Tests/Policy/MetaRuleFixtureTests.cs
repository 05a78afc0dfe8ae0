using System.Text.RegularExpressions;
using SkillScan.Intake;
using SkillScan.Pipeline;
using SkillScan.Rules;

namespace SkillScan.Tests.Policy;

/// <summary>The meta pack's fixtures (rules/fixtures/SS0001, SS0002): `ruleid:` lines must fire, `ok:` lines must not.</summary>
public sealed class MetaRuleFixtureTests
{
    private static readonly Regex Annotation = new(@"(?:#|//|<!--)\s*(?<kind>ruleid|ok):\s*(?<id>SS\d{4})");

    [Theory]
    [InlineData("SS0001")]
    [InlineData("SS0002")]
    public void FixturesMatchTheirAnnotations(string ruleId)
    {
        var folder = TestRepo.PathOf("rules", "fixtures", ruleId);
        var meta = RuleSet.BuiltinPacks().Single(p => p.Name == "meta").Rules;
        var engine = EngineFactory.Create(meta);
        var skill = SkillLocator.ReadSkill(folder, new IntakeOptions { ReportRoot = folder });
        var findings = engine.AnalyzeSkill(skill).Findings.Where(f => f.Rule.Id == ruleId)
            .Select(f => (f.Location.RepoPath, f.Location.Region.StartLine)).ToHashSet();

        var expected = new HashSet<(string, int)>();
        var forbidden = new HashSet<(string, int)>();
        foreach (var file in skill.Files)
        {
            var lines = file.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var m = Annotation.Match(lines[i]);
                if (!m.Success || m.Groups["id"].Value != ruleId) continue;
                (m.Groups["kind"].Value == "ruleid" ? expected : forbidden).Add((file.RepoPath, i + 2));
            }
        }
        Assert.NotEmpty(expected);
        Assert.NotEmpty(forbidden);
        Assert.Equal(expected.Order(), findings.Order());
        Assert.Empty(findings.Intersect(forbidden));
    }
}
