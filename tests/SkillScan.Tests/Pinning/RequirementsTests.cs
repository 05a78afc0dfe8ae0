using static SkillScan.Tests.Pinning.PinningScan;

namespace SkillScan.Tests.Pinning;

public sealed class RequirementsTests
{
    [Fact]
    public void EveryRequirementFormIsClassifiedAtItsLine()
    {
        var findings = Run(("requirements.txt", """
            # comment line
            requests==2.32.3
            rich~=13.7
            httpx>=0.27
            click
            pywin32>=306 ; sys_platform == "win32"
            numpy==1.26.* # wildcard
            git+https://github.com/org/lib.git@main#egg=lib
            git+https://github.com/org/lib2.git@0123456789abcdef0123456789abcdef01234567#egg=lib2
            https://example.com/pkg-1.0.tar.gz
            https://example.com/pkg-2.0.tar.gz#sha256=0123abcd
            -e ./local-package
            -e ../../outside
            django>=4.2,\
                <5.0
            """));
        Assert.Equal(
        [
            "requirements.txt:2 note SS4005",
            "requirements.txt:3 note SS4004",
            "requirements.txt:4 warning SS4002",
            "requirements.txt:5 warning SS4001",
            "requirements.txt:6 warning SS4002",
            "requirements.txt:7 note SS4004",
            "requirements.txt:8 warning SS4003",
            "requirements.txt:10 warning SS4003",
            "requirements.txt:13 warning SS4003",
            "requirements.txt:14 note SS4004",
        ], Describe(findings));
    }

    [Fact]
    public void SpansMessagesAndFixesPointAtTheSpecifier()
    {
        var findings = Run(("requirements.txt", "httpx>=0.27\nclick[extra]\nrich ~= 13.7.1  # pinned later\n"));
        var httpx = findings.Single(f => f.Rule.Id == "SS4002");
        Assert.Equal(">=0.27", Quote(httpx));
        Assert.Equal("==0.27", httpx.FixReplacement);
        Assert.StartsWith("\"httpx\" accepts any future release: \">=0.27\" is a lower bound with no upper bound.", httpx.Message);
        Assert.Contains("Pin it: httpx==0.27 (the lowest version the spec allows).", httpx.Message);

        var click = findings.Single(f => f.Rule.Id == "SS4001");
        Assert.Equal("click[extra]", Quote(click));
        Assert.StartsWith("\"click\" is not pinned: no version constraint.", click.Message);
        Assert.Null(click.FixReplacement);

        var rich = findings.Single(f => f.Rule.Id == "SS4004");
        Assert.Equal("~= 13.7.1", Quote(rich));
        Assert.Equal("==13.7.1", rich.FixReplacement);
    }

    [Fact]
    public void HashesMakeExactPinsSilentAndRangesNotes()
    {
        var findings = Run(("requirements.txt", """
            requests==2.32.3 \
                --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6
            rich>=13 --hash=sha256:00
            """));
        Assert.Equal(["requirements.txt:3 note SS4002"], Describe(findings));
        Assert.Contains("--hash pins it", findings[0].Message);
    }

    [Fact]
    public void ConstraintFilesPinRanges()
    {
        var findings = Run(
            ("requirements.txt", "-c constraints.txt\nrequests>=2\nrich\n"),
            ("constraints.txt", "requests==2.32.3 --hash=sha256:00\n"));
        // requests is pinned exactly by the constraint; rich is not constrained.
        Assert.Equal(["requirements.txt:3 warning SS4001"], Describe(findings));
    }

    [Fact]
    public void IncludesAreFollowedOnceEvenInALoop()
    {
        var findings = Run(
            ("requirements.txt", "-r requirements/base.txt\nflask\n"),
            ("requirements/base.txt", "-r ../requirements.txt\nrequests>=2\n"));
        Assert.Equal(["requirements.txt:2 warning SS4001", "requirements/base.txt:2 warning SS4002"], Describe(findings));
    }

    [Fact]
    public void FilesNamedByPipCommandsAreRead()
    {
        var findings = Run(
            ("package.json", """{ "scripts": { "setup": "pip install -r deps/python.txt" } }"""),
            ("deps/python.txt", "requests\n"));
        Assert.Equal(["deps/python.txt:1 warning SS4001"], Describe(findings));
    }

    [Fact]
    public void ExtraIndexesAreReported()
    {
        var findings = Run(("requirements.txt", """
            --index-url https://pypi.org/simple
            --extra-index-url https://pypi.example.com/simple
            -f https://downloads.example.com/wheels/
            -f ./wheels
            requests==2.32.3
            """));
        Assert.Equal(["requirements.txt:2 warning SS4007", "requirements.txt:3 warning SS4007", "requirements.txt:5 note SS4005"], Describe(findings));
        Assert.Equal("https://pypi.example.com/simple", Quote(findings[0]));
        Assert.Contains("dependency confusion", findings[0].Message);
    }

    [Fact]
    public void CompiledInputFilesDeferToTheirOutput()
    {
        var findings = Run(("requirements.in", "flask\n"), ("requirements.txt", "flask==3.0.3 --hash=sha256:00\n"));
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("requirements-dev.txt")]
    [InlineData("dev-requirements.txt")]
    [InlineData("requirements_test.txt")]
    [InlineData("requirements/prod.txt")]
    public void RequirementFileNamesAreRecognised(string path)
    {
        Assert.Equal([$"{path}:1 warning SS4001"], Describe(Run((path, "flask\n"))));
    }

    [Fact]
    public void OtherTextFilesAreNotRequirements()
    {
        Assert.Empty(Run(("notes.txt", "flask\nrequests>=2\n")));
    }
}
