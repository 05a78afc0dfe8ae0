using System.Text;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Rules;
using SkillScan.Semantics;

namespace SkillScan.Tests.Rules;

/// <summary>A rule reports at most so many findings per file and severity; what is dropped never changes a verdict.</summary>
public sealed class FindingLimitTests
{
    private static readonly RuleDescriptor Rule = FactSkill.Rules("SS1201")[0].Descriptor;

    private static (RuleContext Context, List<Finding> Findings, SkillAnalysis Analysis, SourceDocument Doc) Context(string text, int limit)
    {
        var file = new SkillFile("run.sh", "skill/run.sh", Encoding.UTF8.GetBytes(text), Language.Bash);
        var analysis = new SkillAnalysis(new Skill("skill", "skill", [file]));
        var findings = new List<Finding>();
        return (new RuleContext(analysis, findings, ScanSettings.Default, limit), findings, analysis, SourceDocument.ForFile(file));
    }

    private static TextSpan Line(SourceDocument doc, int line)
    {
        var start = 0;
        for (var i = 1; i < line; i++) start = doc.Text.IndexOf('\n', start) + 1;
        return new TextSpan(start, start + 1);
    }

    [Fact]
    public void FindingsOverTheLimitAreDroppedPerSeverityWithOneWarning()
    {
        var (context, findings, analysis, doc) = Context(string.Concat(Enumerable.Repeat("x\n", 10)), limit: 3);

        for (var line = 1; line <= 5; line++) context.Report(Rule, doc, Line(doc, line), "m", Severity.High);
        context.Report(Rule, doc, Line(doc, 6), "m", Severity.Critical); // another severity: its own count

        Assert.Equal([Severity.High, Severity.High, Severity.High, Severity.Critical], findings.Select(f => f.Severity));
        var warning = Assert.Single(analysis.Notifications);
        Assert.Equal("finding-limit", warning.Id);
        Assert.Equal(NotificationLevel.Warning, warning.Level);
        Assert.Equal("skill/run.sh", warning.RepoPath);
        Assert.Contains("SS1201", warning.Message);
    }

    [Fact]
    public void SuppressedLinesDoNotUseUpTheLimitOfTheOthers()
    {
        // Lines 2, 4 and 6 are suppressed by the comment above each; line 7 is not.
        var text = "# skillscan-ignore SS1201: vendored\nx\n# skillscan-ignore SS1201: vendored\nx\n# skillscan-ignore SS1201: vendored\nx\nx\n";
        var (context, findings, _, doc) = Context(text, limit: 2);

        foreach (var line in new[] { 2, 4, 6, 7 }) context.Report(Rule, doc, Line(doc, line), "m", Severity.High);

        Assert.Equal([2, 4, 7], findings.Select(f => f.Location.Region.StartLine));
    }
}
