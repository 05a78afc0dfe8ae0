using SkillScan.Model;
using SkillScan.Policy;
using SkillScan.Tests.Report;

namespace SkillScan.Tests.Policy;

public sealed class InlineSuppressionTests
{
    private static IReadOnlyList<SuppressionDirective> Parse(string path, string text, Language language) =>
        InlineSuppressions.Parse(new SkillFile(path, path, System.Text.Encoding.UTF8.GetBytes(text), language));

    [Theory]
    [InlineData("# skillscan-ignore SS1101: constant expression\neval('1+1')\n", Language.Python)]
    [InlineData("// skillscan-ignore SS1101: constant expression\neval('1+1')\n", Language.JavaScript)]
    [InlineData("/* skillscan-ignore SS1101: constant expression */\neval('1+1')\n", Language.TypeScript)]
    [InlineData("// skillscan-ignore SS1101: constant expression\nCSharpScript.EvaluateAsync(\"1+1\");\n", Language.CSharp)]
    [InlineData("# skillscan-ignore SS1101: constant expression\neval \"$x\"\n", Language.Bash)]
    [InlineData("<!-- skillscan-ignore SS1101: constant expression -->\neval('1+1')\n", Language.Markdown)]
    public void EachLanguagesCommentSyntaxSuppressesTheNextLine(string text, Language language)
    {
        var d = Assert.Single(Parse("f", text, language));
        Assert.Equal(["SS1101"], d.RuleIds);
        Assert.Equal("constant expression", d.Reason);
        Assert.Equal(2, d.TargetLine);
        Assert.True(d.Covers("SS1101", 2));
        Assert.False(d.Covers("SS1101", 1));
        Assert.False(d.Covers("SS1102", 2));
    }

    [Fact]
    public void AnotherLanguagesCommentMarkerIsNotASuppression()
    {
        Assert.Empty(Parse("a.js", "# skillscan-ignore SS1101: x\neval(a)\n", Language.JavaScript));
        Assert.Empty(Parse("a.py", "// skillscan-ignore SS1101: x\neval(a)\n", Language.Python));
    }

    [Fact]
    public void TrailingCommentAppliesToItsOwnLine()
    {
        var d = Assert.Single(Parse("a.sh", "echo hi\ncurl x | sh  # skillscan-ignore SS1201: pinned\n", Language.Bash));
        Assert.Equal(2, d.TargetLine);
    }

    [Fact]
    public void OwnLineCommentSkipsBlankLinesAndStackedSuppressions()
    {
        var ds = Parse("a.py", "# skillscan-ignore SS1101: a\n\n# skillscan-ignore SS1102: b\n\nrun()\n", Language.Python);
        Assert.Equal([5, 5], ds.Select(d => d.TargetLine));
    }

    [Fact]
    public void FileLevelFormCoversEveryLine()
    {
        var d = Assert.Single(Parse("a.py", "x = 1\n# skillscan-ignore-file SS1405, SS1401: test vectors\n", Language.Python));
        Assert.True(d.FileLevel);
        Assert.Equal(["SS1405", "SS1401"], d.RuleIds);
        Assert.True(d.Covers("SS1401", 1));
        Assert.True(d.Covers("SS1405", 400));
    }

    [Fact]
    public void MissingReasonAndMissingRulesAreRecognised()
    {
        var noReason = Assert.Single(Parse("a.py", "# skillscan-ignore SS1101\neval(x)\n", Language.Python));
        Assert.Equal(["SS1101"], noReason.RuleIds);
        Assert.False(noReason.HasReason);
        var emptyReason = Assert.Single(Parse("a.py", "# skillscan-ignore SS1101:   \neval(x)\n", Language.Python));
        Assert.False(emptyReason.HasReason);
        var noRule = Assert.Single(Parse("a.md", "<!-- skillscan-ignore: trust me -->\n", Language.Markdown));
        Assert.Empty(noRule.RuleIds);
    }

    [Fact]
    public void ManyStackedCommentsStayLinear()
    {
        // Hostile input: 50,000 stacked suppressions before one line. A quadratic search would take minutes.
        static string Stack(int n) => string.Concat(Enumerable.Repeat("# skillscan-ignore SS1101: x\n", n)) + "eval(x)\n";
        var ds = Parse("a.py", Stack(50_000), Language.Python);
        Assert.Equal(50_000, ds.Count);
        Assert.All(ds, d => Assert.Equal(50_001, d.TargetLine));
        Scaling.AssertLinear(5_000, n => Parse("a.py", Stack(n), Language.Python));
    }

    [Theory]
    [InlineData(" SS1001: why", new[] { "SS1001" }, "why")]
    [InlineData(" SS1001,SS1002 , SS1001 -- vetted", new[] { "SS1001", "SS1002" }, "-- vetted")]
    [InlineData(" SS1001 test fixture", new[] { "SS1001" }, "test fixture")]
    [InlineData(" SS1001: why -->", new[] { "SS1001" }, "why")]
    [InlineData(" SS1001 */", new[] { "SS1001" }, null)]
    [InlineData(" SS110123: too many digits", new string[0], null)]
    [InlineData(" ss1001: lower case", new string[0], null)]
    [InlineData(": no rule", new string[0], null)]
    [InlineData("", new string[0], null)]
    public void RuleListAndReasonAreReadFromTheRestOfTheComment(string rest, string[] ids, string? reason)
    {
        var (parsedIds, parsedReason) = InlineSuppressions.ParseRest(rest);
        Assert.Equal(ids, parsedIds);
        Assert.Equal(reason, parsedReason);
    }

    [Fact]
    public void LookalikeKeywordsAreNotSuppressions()
    {
        Assert.Empty(Parse("a.py", "# skillscan-ignored SS1101: x\n# skillscan-ignore_file SS1101: x\n", Language.Python));
    }

    [Fact]
    public void ScanMarksSuppressedFindingsAndReportsMissingReasons()
    {
        var (result, outcome) = TestScans.Run();
        var skill = result.Skills.Single(s => s.Skill.Name == "suppressed");
        var pipes = skill.Findings.Where(f => f.Rule.Id == "SS9001").OrderBy(f => f.Location.RepoPath).ThenBy(f => f.Location.Region.StartLine).ToList();
        Assert.Equal(3, pipes.Count);

        // SKILL.md: Markdown comment with a reason, next line.
        Assert.Equal(("skills/suppressed/SKILL.md", "inSource", "installer from our own domain, reviewed 2025-01"),
            (pipes[0].Location.RepoPath, pipes[0].Suppression?.Kind, pipes[0].Suppression?.Justification));
        Assert.Equal(6, pipes[0].Suppression!.Location!.Region.StartLine);
        // run.sh line 3: suppressed without a reason — still suppressed, and SS0001 reports the comment.
        Assert.Equal(("skills/suppressed/run.sh", 3, ""), (pipes[1].Location.RepoPath, pipes[1].Location.Region.StartLine, pipes[1].Suppression?.Justification));
        // run.sh line 4: trailing comment on the same line.
        Assert.Equal("pinned by checksum on the next line", pipes[2].Suppression?.Justification);

        var missing = Assert.Single(skill.Findings, f => f.Rule.Id == "SS0001");
        Assert.Equal(("skills/suppressed/run.sh", 2), (missing.Location.RepoPath, missing.Location.Region.StartLine));
        Assert.Null(missing.Suppression);
        // The suppressed critical findings do not block; the reason-less suppression asks for review.
        Assert.Equal(Verdict.Review, skill.Verdict);
        Assert.DoesNotContain(skill.Findings, f => f.Suppression is null && f.Rule.Id == "SS9001");
        Assert.True(outcome.Failed); // other skills still have critical findings
    }

    [Fact]
    public void GateModeIgnoresInlineSuppressions()
    {
        var (result, _) = TestScans.Run(honorSuppressions: false);
        var skill = result.Skills.Single(s => s.Skill.Name == "suppressed");
        Assert.All(skill.Findings, f => Assert.Null(f.Suppression));
        Assert.Equal(Verdict.Block, skill.Verdict);
    }
}
