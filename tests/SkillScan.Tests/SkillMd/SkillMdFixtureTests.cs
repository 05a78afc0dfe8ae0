using System.Text.RegularExpressions;
using SkillScan.Intake;
using SkillScan.Pipeline;
using SkillScan.Rules;

namespace SkillScan.Tests.SkillMd;

/// <summary>
/// The skillmd pack's fixtures (rules/fixtures/SS3xxx): a `ruleid:` annotation says the next line must have a
/// finding of that rule, an `ok:` annotation that it must not, and the rule reports nowhere else. A fixture folder
/// is one skill, or a folder of skills (one sub-folder per case).
/// </summary>
public sealed class SkillMdFixtureTests
{
    private static readonly Regex Annotation = new(@"(?:#|//|<!--)\s*(?<kind>ruleid|ok):\s*(?<id>SS\d{4})");

    public static TheoryData<string> SkillMdRules()
    {
        var data = new TheoryData<string>();
        foreach (var rule in RuleSet.BuiltinPacks().Single(p => p.Name == "skillmd").Rules) data.Add(rule.Descriptor.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(SkillMdRules))]
    public void FixturesMatchTheirAnnotations(string ruleId)
    {
        var folder = TestRepo.PathOf("rules", "fixtures", ruleId);
        Assert.True(Directory.Exists(folder), $"rule {ruleId} has no fixtures in rules/fixtures/{ruleId}");
        var skills = File.Exists(Path.Combine(folder, "SKILL.md"))
            ? [folder]
            : Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, "SKILL.md"))).Order(StringComparer.Ordinal).ToArray();
        var engine = EngineFactory.Create(RuleSet.Load().Rules.Where(r => r.Descriptor.Id == ruleId).ToList());

        var expected = new HashSet<(string, int)>();
        var forbidden = new HashSet<(string, int)>();
        var found = new HashSet<(string, int)>();
        foreach (var skillFolder in skills)
        {
            var skill = SkillLocator.ReadSkill(skillFolder, new IntakeOptions { ReportRoot = folder });
            var result = engine.AnalyzeSkill(skill);
            Assert.DoesNotContain(result.Notifications, n => n.Id == "rule-failed");
            foreach (var f in result.Findings.Where(f => f.Rule.Id == ruleId)) found.Add((f.Location.RepoPath, f.Location.Region.StartLine));
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
        }
        Assert.NotEmpty(expected);
        Assert.NotEmpty(forbidden);
        Assert.Equal(expected.Order(), found.Order());
        Assert.Empty(found.Intersect(forbidden));
    }
}
