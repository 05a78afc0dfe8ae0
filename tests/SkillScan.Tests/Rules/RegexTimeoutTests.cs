using System.Text;
using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Rules;

namespace SkillScan.Tests.Rules;

/// <summary>A pattern match that runs out of time counts as no match, and the skill says it is incomplete.</summary>
public sealed class RegexTimeoutTests
{
    // A lookahead needs the backtracking engine (1 s budget); nested quantifiers make it exponential on "aaa…ab".
    private const string Pack = """
        pack: t
        rules:
          - id: SS9101
            name: CatastrophicPattern
            category: test
            severity: high
            precision: high
            summary: A pattern that backtracks without end.
            help: Help.
            match:
              text:
                pattern: '^(?=(a+)+$)x'
                files: ["*.txt"]
        """;

    [Fact]
    public void TimedOutMatchMakesTheSkillIncompleteWithANotification()
    {
        var engine = EngineFactory.Create(new RuleSet([RulePackLoader.Parse(Pack, "t.yaml")]).Rules);
        var bytes = Encoding.UTF8.GetBytes(new string('a', 40) + "b");
        var skill = new Skill("slow", "slow", [new SkillFile("notes.txt", "slow/notes.txt", bytes, FileClassifier.Classify("notes.txt", bytes))]);

        var result = engine.AnalyzeSkill(skill);

        Assert.Empty(result.Findings);
        var notice = Assert.Single(result.Notifications, n => n.Id == "regex-timeout");
        Assert.Contains("ran out of their time budget", notice.Message);
        Assert.True(result.Incomplete);

        // The next skill on the same thread starts with a clean count.
        var clean = Encoding.UTF8.GetBytes("hello\n");
        var next = engine.AnalyzeSkill(new Skill("ok", "ok", [new SkillFile("notes.txt", "ok/notes.txt", clean, FileClassifier.Classify("notes.txt", clean))]));
        Assert.DoesNotContain(next.Notifications, n => n.Id == "regex-timeout");
    }
}
