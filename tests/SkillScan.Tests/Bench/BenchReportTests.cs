using System.Diagnostics;
using System.Text.Json;
using SkillScan.Bench;
using SkillScan.Model;
using SkillScan.Pipeline;
using static SkillScan.Tests.Bench.BenchTestData;

namespace SkillScan.Tests.Bench;

public sealed class BenchReportTests
{
    private static readonly BenchContext Context = new("corpus", "skillscan bench accuracy --corpus corpus",
        new MachineInfo("Test CPU 3000", 2, ".NET 10.0.0", "Linux", "0.1.0", new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero)));

    private static AccuracyReport SampleAccuracy() => AccuracyBench.Compute(
        [
            Skill("malicious/dropper", Label(SkillLabel.Malicious, must: ["SS1201", "SS1203"], surface: SkillSurface.Code), Hit("SS1201", Severity.Critical)),
            Skill("malicious/quiet", Label(SkillLabel.Malicious, must: ["SS3101"], surface: SkillSurface.SkillMd)),
            Skill("benign/installer", Label(SkillLabel.Benign, mustNot: ["SS1201"], surface: SkillSurface.SkillMd), Hit("SS1201", Severity.Critical, "corpus/benign/installer/SKILL.md", 7)),
        ],
        [Rule("SS1201", severity: Severity.Critical), Rule("SS1203", severity: Severity.Critical), Rule("SS3101", "skillmd")]);

    [Fact]
    public void AccuracyJsonUsesTheAgreedNamesWithFractions()
    {
        using var doc = JsonDocument.Parse(BenchJson.Accuracy(SampleAccuracy(), Context));
        var root = doc.RootElement;

        Assert.Equal(2, root.GetProperty("malicious").GetInt32());
        Assert.Equal(1, root.GetProperty("benign").GetInt32());
        Assert.Equal(0.5, root.GetProperty("recallAtBlock").GetDouble());
        Assert.Equal(1.0, root.GetProperty("fprAtBlock").GetDouble());
        Assert.Equal(0.5, root.GetProperty("recallAtReview").GetDouble());
        Assert.Equal(1.0, root.GetProperty("fprAtReview").GetDouble());
        Assert.False(root.GetProperty("gatePasses").GetBoolean());
        var rule = root.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "SS1201");
        Assert.Equal((1, 1, 0), (rule.GetProperty("tp").GetInt32(), rule.GetProperty("fp").GetInt32(), rule.GetProperty("fn").GetInt32()));
        Assert.Equal(0.5, rule.GetProperty("precision").GetDouble());
        Assert.Equal(1.0, rule.GetProperty("recall").GetDouble());
        Assert.Equal(2 / 3.0, rule.GetProperty("f1").GetDouble(), 10);
        var never = root.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "SS3101");
        Assert.Equal(JsonValueKind.Null, never.GetProperty("precision").ValueKind);
        var stray = Assert.Single(root.GetProperty("strayHits").EnumerateArray());
        Assert.Equal("mustNot", stray.GetProperty("reason").GetString());
        Assert.Equal("corpus/benign/installer/SKILL.md", stray.GetProperty("finding").GetProperty("path").GetString());
        Assert.Equal(7, stray.GetProperty("finding").GetProperty("line").GetInt32());
        Assert.Equal(["malicious/dropper", "malicious/quiet"], root.GetProperty("misses").EnumerateArray().Select(m => m.GetProperty("skill").GetString()));
        Assert.Equal(0.0, root.GetProperty("bySurface").GetProperty("skillmd").GetProperty("recallAtBlock").GetDouble());
        Assert.Equal("Test CPU 3000", root.GetProperty("machine").GetProperty("cpu").GetString());
    }

    [Fact]
    public void AccuracyMarkdownListsEveryMissAndStrayHitWithTheMachine()
    {
        var md = BenchMarkdown.Accuracy(SampleAccuracy(), Context);

        Assert.Contains("Test CPU 3000, 2 logical cores, .NET 10.0.0", md);
        Assert.Contains("2026-11-22 05:00 UTC", md);
        Assert.Contains("**Gate: fails** — 1 malicious skill(s) not blocked, 1 benign skill(s) blocked", md);
        Assert.Contains("| all | 2 | 1 | 50.0% (1/2) | 100.0% (1/1) |", md);
        Assert.Contains("| SS1201 | RuleSS1201 | core | critical | 1 | 1 | 0 | 0.50 | 1.00 | 0.67 | 0 |", md);
        Assert.Contains("| `malicious/quiet` | pass | technique of the sample | nothing |", md);
        Assert.Contains("| SS1203 | `malicious/dropper` |", md);
        Assert.Contains("| SS1201 | `benign/installer` | listed in `mustNot` | SS1201 critical at `corpus/benign/installer/SKILL.md:7`: SS1201 fired |", md);
        Assert.Contains("### Rules without a true positive (2)", md);
        Assert.Contains("SS1203, SS3101", md);
    }

    [Fact]
    public void MarkdownCellsCannotBreakTheTableOrInjectHtml()
    {
        Assert.Equal("a \\| b &lt;system&gt; c", BenchMarkdown.Cell("a | b <system>\nc"));
        Assert.Equal(200, BenchMarkdown.Cell(new string('x', 500)).Length);
    }

    [Fact]
    public void WritingOneSectionKeepsTheOther()
    {
        var first = BenchDocument.Update(null, new Dictionary<string, string> { ["speed"] = "## Speed\n\nfast\n" });
        var second = BenchDocument.Update(first, new Dictionary<string, string> { ["accuracy"] = "## Accuracy\n\nv1\n" });
        var third = BenchDocument.Update(second, new Dictionary<string, string> { ["accuracy"] = "## Accuracy\n\nv2\n" });

        Assert.StartsWith("# Benchmarks\n", third);
        Assert.Contains("generated by `skillscan bench`; do not edit it by hand", third);
        Assert.DoesNotContain("v1", third);
        Assert.True(third.IndexOf("v2", StringComparison.Ordinal) < third.IndexOf("fast", StringComparison.Ordinal), "accuracy comes before speed");
        Assert.Equal(new Dictionary<string, string> { ["accuracy"] = "## Accuracy\n\nv2\n", ["speed"] = "## Speed\n\nfast\n" }, BenchDocument.Sections(third));
        Assert.Equal(third, BenchDocument.Update(third, new Dictionary<string, string>()));
    }

    [Fact]
    public void AHandWrittenFileIsReplacedWhole()
    {
        var updated = BenchDocument.Update("# My notes\n\nhand-written\n", new Dictionary<string, string> { ["speed"] = "## Speed\n" });

        Assert.DoesNotContain("hand-written", updated);
        Assert.Empty(BenchDocument.Sections("# My notes\n"));
    }

    [Fact]
    public void SpeedSummaryFoldsPassesIntoMeansAndTheMedianWall()
    {
        var f = Stopwatch.Frequency;
        SpeedPass Pass(int wallMs, long parse, long sem, long rules, long allocated)
        {
            var t = new StageTimings { ParseTicks = parse, SemanticsTicks = sem, RulesTicks = rules };
            t.ParseByLanguage[Language.Python] = (2_000_000, parse / 2);
            t.ParseByLanguage[Language.Bash] = (1_000_000, parse / 2);
            t.RuleTicks["SS1001"] = rules * 3 / 4;
            t.RuleTicks["SS1002"] = rules / 4;
            return new SpeedPass(TimeSpan.FromMilliseconds(wallMs), 10, 30, 3_000_000, t, allocated);
        }

        var report = SpeedBench.Summarize(
            [Pass(300, 2 * f, f / 2, f, 100), Pass(100, 2 * f, f / 2, f, 300), Pass(200, 2 * f, f / 2, f, 200)],
            [Rule("SS1001"), Rule("SS1002")], threads: 2, peakWorkingSet: 42);

        Assert.Equal(TimeSpan.FromMilliseconds(200), report.Wall);
        Assert.Equal(50, report.SkillsPerSecond, 6);
        Assert.Equal(15, report.MegabytesPerSecond, 6);
        Assert.Equal(2.0, report.Stages.ParseSeconds, 6);
        Assert.Equal(0.75, report.Stages.AnalysisOverParse!.Value, 6);
        var python = Assert.Single(report.Languages, l => l.Language == Language.Python);
        Assert.Equal(2_000_000, python.Bytes);
        Assert.Equal(2.0, python.MegabytesPerSecond!.Value, 6);
        Assert.Equal(["SS1001", "SS1002"], report.TopRules().Select(r => r.Id));
        Assert.Equal(0.75, report.Rules[0].Share, 6);
        Assert.Equal("RuleSS1001", report.Rules[0].Name);
        Assert.Equal(200, report.AllocatedBytesPerPass);
        Assert.Equal(42, report.PeakWorkingSetBytes);
    }

    [Fact]
    public void SpeedMarkdownAndJsonCarryTheTargetAndTheMachine()
    {
        var t = new StageTimings { ParseTicks = Stopwatch.Frequency, SemanticsTicks = Stopwatch.Frequency, RulesTicks = Stopwatch.Frequency / 2 };
        t.RuleTicks["SS1001"] = Stopwatch.Frequency / 2;
        var report = SpeedBench.Summarize([new SpeedPass(TimeSpan.FromSeconds(1), 5, 6, 7, t, 8)], [Rule("SS1001")], 1, 9);

        var md = BenchMarkdown.Speed(report, Context);
        Assert.Contains("Test CPU 3000", md);
        Assert.DoesNotContain("machine was shared", md);
        var busy = BenchMarkdown.Speed(report, Context with { Machine = Context.Machine with { LoadAverage = 7.5 } });
        Assert.Contains("1-minute load average 7.5 at start", busy);
        Assert.Contains("**The machine was shared** (load average 7.5 on 2 cores)", busy);
        Assert.Contains("| 1000.0 ms | 1000.0 ms | 500.0 ms | 1.50× | ≤ 1× — **not met** |", md);
        Assert.Contains("| SS1001 | RuleSS1001 | 500.0 ms | 100.0% |", md);
        using var json = JsonDocument.Parse(BenchJson.Speed(report, Context));
        Assert.Equal(1.5, json.RootElement.GetProperty("analysisOverParse").GetDouble(), 6);
        Assert.Equal(5.0, json.RootElement.GetProperty("skillsPerSecond").GetDouble(), 6);
        Assert.Equal("SS1001", json.RootElement.GetProperty("topRules")[0].GetProperty("id").GetString());
    }
}
