using SkillScan.Policy;
using SkillScan.Tests.Report;

namespace SkillScan.Tests.Policy;

public sealed class PathFilterTests
{
    [Theory]
    [InlineData("skills/**", "skills/a/b/c.sh", true)]
    [InlineData("skills/*/SKILL.md", "skills/a/SKILL.md", true)]
    [InlineData("skills/*/SKILL.md", "skills/a/b/SKILL.md", false)]
    [InlineData("**/testdata", "skills/a/testdata/x/y.py", true)]
    [InlineData("**/testdata", "testdata/y.py", true)]
    [InlineData("**/testdata", "skills/testdatas/y.py", false)]
    [InlineData("vendor", "vendor/lib/a.js", true)]
    [InlineData("vendor", "src/vendor.js", false)]
    [InlineData("*.min.js", "app.min.js", true)]
    [InlineData("*.min.js", "lib/app.min.js", false)]
    [InlineData("**/*.min.js", "lib/app.min.js", true)]
    [InlineData("./skills/a?c/", "skills/abc/x", true)]
    [InlineData("a.b", "aXb", false)]
    public void GlobsMatchPathsAndEverythingBelowAMatchedFolder(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, !new PathFilter([], [pattern]).Allows(path));
    }

    [Fact]
    public void IncludesNarrowAndExcludesWin()
    {
        var filter = new PathFilter(["skills/**"], ["skills/b"]);
        Assert.True(filter.Allows("skills/a/x.sh"));
        Assert.False(filter.Allows("skills/b/x.sh"));
        Assert.False(filter.Allows("docs/x.md"));
    }

    [Fact]
    public void ExcludedFilesAreNotAnalysed()
    {
        var policy = PolicyFile.Parse("paths:\n  exclude: [\"skills/dropper/*.sh\"]\n", "p.yml", TestScans.DataRoot);
        var (result, _) = TestScans.Run(policy: policy);
        var dropper = result.Skills.Single(s => s.Skill.Name == "dropper");
        Assert.DoesNotContain(dropper.Skill.Files, f => f.Path == "install.sh");
        Assert.All(dropper.Findings, f => Assert.Equal("skills/dropper/SKILL.md", f.Location.RepoPath));
        Assert.NotEmpty(dropper.Findings);
    }
}
