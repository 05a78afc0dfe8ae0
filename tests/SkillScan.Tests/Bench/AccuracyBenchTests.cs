using SkillScan.Bench;
using SkillScan.Model;
using static SkillScan.Tests.Bench.BenchTestData;

namespace SkillScan.Tests.Bench;

public sealed class AccuracyBenchTests
{
    private static readonly SkillScan.Rules.RuleDescriptor[] Rules =
    [
        Rule("SS1001"), Rule("SS1002", severity: Severity.Medium), Rule("SS1003"), Rule("SS3001", "skillmd"),
    ];

    private static RuleAccuracy Row(AccuracyReport report, string id) => Assert.Single(report.Rules, r => r.Id == id);

    [Fact]
    public void MustRuleThatFiresIsATruePositiveAndOneThatDoesNotIsAMiss()
    {
        var skills = new[]
        {
            Skill("malicious/a", Label(SkillLabel.Malicious, must: ["SS1001", "SS1003"]), Hit("SS1001", Severity.Critical), Hit("SS1001", Severity.High, line: 9)),
            Skill("malicious/b", Label(SkillLabel.Malicious, must: ["SS1001"]), Hit("SS1001", Severity.High)),
        };

        var report = AccuracyBench.Compute(skills, Rules);

        Assert.Equal(new Counts(2, 0, 0), Row(report, "SS1001").Counts); // counted once per skill, however often it fires
        Assert.Equal(new Counts(0, 0, 1), Row(report, "SS1003").Counts);
        Assert.Equal([new Miss("SS1003", "malicious/a")], report.Misses);
        Assert.Equal(1.0, Row(report, "SS1001").Counts.Recall);
        Assert.Equal(0.0, Row(report, "SS1003").Counts.Recall);
        Assert.Null(Row(report, "SS1003").Counts.Precision); // never fired on a labelled case: undefined, not 0
    }

    [Fact]
    public void MustNotHitAndErrorLevelHitOnBenignAreFalsePositives()
    {
        var skills = new[]
        {
            // Medium, but the label says it must not fire.
            Skill("benign/tempting", Label(SkillLabel.Benign, mustNot: ["SS1002"]), Hit("SS1002", Severity.Medium)),
            // Not named by the label, but error level on a benign skill.
            Skill("benign/blocked", Label(SkillLabel.Benign), Hit("SS1003", Severity.High)),
            // Named in must (expected in its medium form) yet fired at error level: FP, not TP.
            Skill("benign/raised", Label(SkillLabel.Benign, must: ["SS1001"], verdict: Verdict.Review), Hit("SS1001", Severity.Critical)),
            // Medium on benign, unlabelled: neither TP nor FP.
            Skill("benign/other", Label(SkillLabel.Benign), Hit("SS1002", Severity.Medium)),
            // A mustNot rule on a malicious skill is an FP too.
            Skill("malicious/x", Label(SkillLabel.Malicious, must: ["SS1001"], mustNot: ["SS1003"]), Hit("SS1001", Severity.High), Hit("SS1003", Severity.High)),
        };

        var report = AccuracyBench.Compute(skills, Rules);

        Assert.Equal(new Counts(1, 1, 0), Row(report, "SS1001").Counts);
        Assert.Equal(new Counts(0, 1, 0), Row(report, "SS1002").Counts);
        Assert.Equal(1, Row(report, "SS1002").Other);
        Assert.Equal(new Counts(0, 2, 0), Row(report, "SS1003").Counts);
        Assert.Equal(0.5, Row(report, "SS1001").Counts.Precision);
        Assert.Equal(
            [("SS1001", "benign/raised", StrayReason.ErrorOnBenign), ("SS1002", "benign/tempting", StrayReason.MustNot),
             ("SS1003", "benign/blocked", StrayReason.ErrorOnBenign), ("SS1003", "malicious/x", StrayReason.MustNot)],
            report.StrayHits.Select(s => (s.RuleId, s.Skill, s.Reason)));
        Assert.Equal(Severity.Critical, report.StrayHits[0].Hit.Severity);
    }

    [Fact]
    public void F1IsTheHarmonicMeanAndZeroWhenNothingIsRight()
    {
        Assert.Equal(2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), new Counts(2, 1, 2).F1!.Value, 10);
        Assert.Equal(0.0, new Counts(0, 3, 2).F1);
        Assert.Null(new Counts(0, 0, 0).F1);
    }

    [Fact]
    public void SkillLevelRatesCountVerdictsAtBothThresholds()
    {
        var skills = new[]
        {
            Skill("m/blocked", Label(SkillLabel.Malicious, must: ["SS1001"], surface: SkillSurface.Code), Hit("SS1001", Severity.High)),
            Skill("m/reviewed", Label(SkillLabel.Malicious, must: ["SS3001"], surface: SkillSurface.SkillMd), Hit("SS1002", Severity.Medium)),
            Skill("m/missed", Label(SkillLabel.Malicious, must: ["SS3001"], surface: SkillSurface.SkillMd)),
            Skill("m/fourth", Label(SkillLabel.Malicious, must: ["SS1001"], surface: SkillSurface.Code), Hit("SS1001", Severity.Critical)),
            Skill("b/pass", Label(SkillLabel.Benign, surface: SkillSurface.Code)),
            Skill("b/review", Label(SkillLabel.Benign, verdict: Verdict.Review, surface: SkillSurface.Code), Hit("SS1002", Severity.Medium)),
        };

        var report = AccuracyBench.Compute(skills, Rules);

        var o = report.Overall;
        Assert.Equal((4, 2), (o.Malicious, o.Benign));
        Assert.Equal(new Rate(2, 4), o.RecallAtBlock);
        Assert.Equal(0.5, o.RecallAtBlock.Fraction);
        Assert.Equal(new Rate(3, 4), o.RecallAtReview);
        Assert.Equal(new Rate(0, 2), o.FprAtBlock);
        Assert.Equal(new Rate(1, 2), o.FprAtReview);
        Assert.Equal(new Rate(0, 2), report.BySurface[SkillSurface.SkillMd].RecallAtBlock);
        Assert.Equal(new Rate(2, 2), report.BySurface[SkillSurface.Code].RecallAtBlock);
        Assert.False(report.GatePasses);
        Assert.Equal(["m/reviewed", "m/missed"], report.UnblockedMalicious.Select(s => s.Skill));
        Assert.Empty(report.BlockedBenign);
        Assert.Equal(["m/reviewed", "m/missed"], report.VerdictMismatches.Select(s => s.Skill));
    }

    [Fact]
    public void GatePassesOnlyWhenEveryMaliciousSkillIsBlockedAndNoBenignOne()
    {
        var malicious = Skill("m", Label(SkillLabel.Malicious, must: ["SS1001"]), Hit("SS1001", Severity.High));
        var benign = Skill("b", Label(SkillLabel.Benign));
        var blockedBenign = Skill("b2", Label(SkillLabel.Benign), Hit("SS1003", Severity.Critical), Hit("SS1002", Severity.Medium));

        Assert.True(AccuracyBench.Compute([malicious, benign], Rules).GatePasses);
        var failing = AccuracyBench.Compute([malicious, benign, blockedBenign], Rules);
        Assert.False(failing.GatePasses);
        var blocked = Assert.Single(failing.BlockedBenign);
        Assert.Equal("b2", blocked.Skill);
        Assert.Equal(["SS1003"], blocked.Hits.Select(h => h.RuleId)); // only what blocks it
        Assert.Equal(new Rate(1, 2), failing.Overall.FprAtBlock);
    }

    [Fact]
    public void PackRatesJudgeSkillsByThePacksOwnFindings()
    {
        var skills = new[]
        {
            // Blocked by core; the skillmd pack, which this skill's label names, found nothing.
            Skill("m/one", Label(SkillLabel.Malicious, must: ["SS3001", "SS1001"]), Hit("SS1001", Severity.High)),
            Skill("m/two", Label(SkillLabel.Malicious, must: ["SS3001"]), Hit("SS3001", Severity.Critical)),
            Skill("b/flagged", Label(SkillLabel.Benign), Hit("SS1002", Severity.Medium)),
        };

        var report = AccuracyBench.Compute(skills, Rules);

        var core = Assert.Single(report.Packs, p => p.Pack == "core");
        var skillmd = Assert.Single(report.Packs, p => p.Pack == "skillmd");
        Assert.Equal(3, core.RuleCount);
        Assert.Equal(new Counts(1, 0, 0), core.Counts);
        Assert.Equal(new Rate(1, 1), core.Skills.RecallAtBlock); // only m/one names a core rule
        Assert.Equal(new Rate(1, 1), core.Skills.FprAtReview);
        Assert.Equal(new Counts(1, 0, 1), skillmd.Counts);
        Assert.Equal(new Rate(1, 2), skillmd.Skills.RecallAtBlock);
        Assert.Equal(new Rate(0, 1), skillmd.Skills.FprAtReview);
    }

    [Fact]
    public void IdsNamedByLabelsButDefinedByNoPackAreReportedAsUnknown()
    {
        var skills = new[]
        {
            Skill("m", Label(SkillLabel.Malicious, must: ["SS1001", "SS9999"], mustNot: ["SS9998"]), Hit("SS1001", Severity.High)),
        };

        var report = AccuracyBench.Compute(skills, Rules);

        Assert.Equal(["SS9998", "SS9999"], report.UnknownRuleIds);
        Assert.False(Row(report, "SS9999").Known);
        Assert.Equal(new Counts(0, 0, 1), Row(report, "SS9999").Counts);
        Assert.Equal(["SS1002", "SS1003", "SS3001"], report.RulesWithoutTruePositive); // unknown ids are not rules
        Assert.Equal(["SS1001", "SS1002", "SS1003", "SS3001", "SS9998", "SS9999"], report.Rules.Select(r => r.Id));
    }
}
