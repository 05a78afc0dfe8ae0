using static SkillScan.Tests.Pinning.PinningScan;

namespace SkillScan.Tests.Pinning;

public sealed class PyprojectTests
{
    private const string Pep621 = """
        [build-system]
        requires = ["hatchling", "setuptools>=61"]

        [project]
        name = "demo"
        dependencies = [
          "requests==2.32.3",
          "httpx~=0.27.0",
          "rich",
          "lib @ git+https://github.com/org/lib.git@v1.0",
          'click>=8 ; python_version >= "3.9"',
        ]

        [project.optional-dependencies]
        dev = ["pytest>=8,<9"]

        [dependency-groups]
        lint = ["ruff==0.6.9", { include-group = "dev" }]

        [[tool.uv.index]]
        name = "internal"
        url = "https://pypi.internal.example/simple"
        """;

    [Fact]
    public void Pep621DependenciesAndGroupsAreClassified()
    {
        var findings = Run(("pyproject.toml", Pep621));
        Assert.Equal(
        [
            "pyproject.toml:2 note SS4001",
            "pyproject.toml:2 note SS4002",
            "pyproject.toml:6 note SS4005",
            "pyproject.toml:8 note SS4004",
            "pyproject.toml:9 warning SS4001",
            "pyproject.toml:10 warning SS4003",
            "pyproject.toml:11 warning SS4002",
            "pyproject.toml:15 note SS4004",
            "pyproject.toml:22 warning SS4007",
        ], Describe(findings));
        var build = findings[0];
        Assert.Equal("hatchling", Quote(build));
        Assert.Contains("Build requirements are installed in an isolated environment", build.Message);
        var httpx = findings.Single(f => f.Location.Region.StartLine == 8);
        Assert.Equal("~=0.27.0", Quote(httpx));
        Assert.Equal("==0.27.0", httpx.FixReplacement);
        Assert.Contains("Declared in [project] dependencies of pyproject.toml.", httpx.Message);
        var git = findings.Single(f => f.Location.Region.StartLine == 10);
        Assert.Equal("git+https://github.com/org/lib.git@v1.0", Quote(git));
        Assert.Contains("the tag 'v1.0', which can be moved", git.Message);
        var click = findings.Single(f => f.Location.Region.StartLine == 11);
        Assert.Equal(">=8", Quote(click));
    }

    [Fact]
    public void AUvLockLowersFindingsAndGivesTheLockedVersion()
    {
        var findings = Run(("pyproject.toml", """
            [project]
            name = "demo"
            dependencies = ["rich", "httpx~=0.27.0"]
            """), ("uv.lock", """
            version = 1

            [[package]]
            name = "rich"
            version = "13.9.4"

            [[package]]
            name = "httpx"
            version = "0.27.2"
            """));
        var f = Assert.Single(findings);
        Assert.Equal("pyproject.toml:3 note SS4001", Describe(f));
        Assert.Equal("rich==13.9.4", f.FixReplacement);
        Assert.Contains("uv.lock pins it", f.Message);
    }

    [Fact]
    public void PoetryTablesAndGroupsAreClassified()
    {
        var findings = Run(("pyproject.toml", """
            [tool.poetry.dependencies]
            python = "^3.10"
            requests = "2.32.3"
            httpx = "^0.27.0"
            rich = { version = "*", extras = ["jupyter"] }
            lib = { git = "https://github.com/org/lib.git", branch = "main" }
            pinned = { git = "https://github.com/org/p.git", rev = "0123456789abcdef0123456789abcdef01234567" }
            local = { path = "./packages/local" }

            [tool.poetry.group.dev.dependencies]
            pytest = ">=8"

            [[tool.poetry.source]]
            name = "private"
            url = "https://repo.example.com/simple"
            """), ("poetry.lock", "[[package]]\nname = \"httpx\"\nversion = \"0.27.2\"\n"));
        Assert.Equal(
        [
            "pyproject.toml:5 note SS4001",
            "pyproject.toml:6 note SS4003",
            "pyproject.toml:11 note SS4002",
            "pyproject.toml:15 warning SS4007",
        ], Describe(findings));
        Assert.Equal("main", Quote(findings[1]));
    }

    [Fact]
    public void PoetryRangesGetPoetryFixes()
    {
        var f = Assert.Single(Run(("pyproject.toml", "[tool.poetry.dependencies]\nhttpx = \"^0.27.0\"\n")), x => x.Rule.Id == "SS4004");
        Assert.Equal("^0.27.0", Quote(f));
        Assert.Equal("0.27.0", f.FixReplacement);
        Assert.Contains("httpx = \"0.27.0\"", f.Message);
    }

    [Fact]
    public void UvSourcesAreNonRegistry()
    {
        var findings = Run(("pyproject.toml", """
            [project]
            name = "x"
            dependencies = ["lib==1.0"]

            [tool.uv.sources]
            lib = { git = "https://github.com/org/lib", tag = "v1.0" }
            """), ("uv.lock", "version = 1\n"));
        Assert.Equal(["pyproject.toml:6 note SS4003"], Describe(findings));
    }

    [Fact]
    public void InvalidTomlIsANoteWithItsLine()
    {
        var result = Scan(Skill(("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"a\",\n")));
        Assert.Empty(result.Findings);
        var note = Assert.Single(result.Notifications, n => n.Id == "pinning-manifest-unreadable");
        Assert.Equal(3, note.Line);
    }

    [Fact]
    public void PipfilePackagesSourcesAndLock()
    {
        var pipfile = """
            [[source]]
            url = "https://pypi.org/simple"
            name = "pypi"

            [[source]]
            url = "https://pypi.example.com/simple"
            name = "internal"

            [packages]
            requests = "*"
            flask = "==3.0.3"
            rich = {version = ">=13", extras = ["jupyter"]}
            lib = {git = "https://github.com/org/lib.git", ref = "main"}
            local = {path = "./lib", editable = true}

            [dev-packages]
            pytest = "~=8.3"
            """;
        Assert.Equal(
        [
            "Pipfile:6 warning SS4007",
            "Pipfile:9 note SS4005",
            "Pipfile:10 warning SS4001",
            "Pipfile:12 warning SS4002",
            "Pipfile:13 warning SS4003",
            "Pipfile:17 note SS4004",
        ], Describe(Run(("Pipfile", pipfile))));
        var star = Run(("Pipfile", pipfile)).Single(f => f.Rule.Id == "SS4001");
        Assert.Equal("*", Quote(star));
        Assert.StartsWith("\"requests\" is not pinned: \"*\" is any version.", star.Message);
        Assert.Contains("Declared in [packages] of Pipfile.", star.Message);
        Assert.Contains("requests = \"==X.Y.Z\"", star.Message);

        var locked = Run(("Pipfile", pipfile), ("Pipfile.lock", """{ "default": { "requests": { "version": "==2.32.3" } }, "develop": {} }"""));
        Assert.Equal(["Pipfile:6 warning SS4007", "Pipfile:10 note SS4001", "Pipfile:12 note SS4002", "Pipfile:13 note SS4003"], Describe(locked));
        Assert.Contains("requests = \"==2.32.3\"", locked[1].Message);
    }
}
