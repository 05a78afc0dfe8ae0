using SkillScan.Model;
using static SkillScan.Tests.Pinning.PinningScan;

namespace SkillScan.Tests.Pinning;

public sealed class PackageJsonTests
{
    private const string Manifest = """
        {
          "name": "demo",
          "dependencies": {
            "exact": "1.2.3",
            "caret": "^4.17.0",
            "latest": "latest",
            "star": "*",
            "unbounded": ">=2.0.0",
            "git": "github:someone/helper#main",
            "gitsha": "github:someone/helper#0123456789abcdef0123456789abcdef01234567",
            "tarball": "https://example.com/x-1.0.0.tgz",
            "inside": "file:./vendor/lib",
            "outside": "file:../../elsewhere"
          },
          "devDependencies": { "tilde": "~1.2.3" },
          "peerDependencies": { "react": ">=16", "peer-git": "git+https://example.com/p.git" }
        }
        """;

    [Fact]
    public void EverySpecIsClassifiedAtItsLine()
    {
        var findings = Run(("package.json", Manifest));
        Assert.Equal(
        [
            "package.json:3 note SS4005",
            "package.json:5 note SS4004",
            "package.json:6 warning SS4001",
            "package.json:7 warning SS4001",
            "package.json:8 warning SS4002",
            "package.json:9 warning SS4003",
            "package.json:11 warning SS4003",
            "package.json:13 warning SS4003",
            "package.json:15 note SS4004",
            "package.json:16 warning SS4003",
        ], Describe(findings));
    }

    [Fact]
    public void FindingsQuoteTheSpecAndSayWhatToDo()
    {
        var findings = Run(("package.json", Manifest));
        var latest = findings.Single(f => f.Location.Region.StartLine == 6);
        Assert.Equal("latest", Quote(latest));
        Assert.Equal(Severity.Medium, latest.Severity);
        Assert.StartsWith("\"latest\" is not pinned: \"latest\" is the dist-tag 'latest', which the publisher moves to new releases.", latest.Message);
        Assert.Contains("Declared in dependencies of package.json.", latest.Message);
        Assert.Contains("\"latest\": \"X.Y.Z\"", latest.Message);
        Assert.Null(latest.FixReplacement);

        var caret = findings.Single(f => f.Location.Region.StartLine == 5);
        Assert.Equal("^4.17.0", Quote(caret));
        Assert.StartsWith("\"caret\" is a version range, not a version: \"^4.17.0\" is a caret range (^).", caret.Message);
        Assert.Equal("4.17.0", caret.FixReplacement);
        Assert.Contains("lowest version", caret.FixDescription);

        var region = caret.Location.Region;
        Assert.Equal((5, 15, 5, 22), (region.StartLine, region.StartColumn, region.EndLine, region.EndColumn));
    }

    [Fact]
    public void ALockfileLowersFindingsAndSuppliesTheResolvedVersion()
    {
        const string lockJson = """
            {
              "lockfileVersion": 3,
              "packages": {
                "": { "name": "demo" },
                "node_modules/caret": { "version": "4.17.21", "resolved": "https://registry.npmjs.org/caret/-/caret-4.17.21.tgz", "integrity": "sha512-x" },
                "node_modules/latest": { "version": "2.0.1", "resolved": "https://registry.npmjs.org/latest/-/latest-2.0.1.tgz", "integrity": "sha512-y" }
              }
            }
            """;
        var findings = Run(("package.json", """
            {
              "dependencies": { "caret": "^4.17.0", "latest": "latest" }
            }
            """), ("package-lock.json", lockJson));
        var f = Assert.Single(findings);
        Assert.Equal("package.json:2 note SS4001", Describe(f));
        Assert.Contains("package-lock.json pins it", f.Message);
        Assert.Equal("2.0.1", f.FixReplacement);
        Assert.Contains("the version package-lock.json resolved", f.FixDescription);
    }

    [Fact]
    public void YarnLockVersionsAreUsedForFixes()
    {
        var findings = Run(("package.json", """{ "dependencies": { "left-pad": "latest" } }"""),
            ("yarn.lock", "# yarn lockfile v1\n\n\"left-pad@latest\":\n  version \"1.3.0\"\n  integrity sha512-x\n"));
        var f = Assert.Single(findings);
        Assert.Equal("1.3.0", f.FixReplacement);
    }

    [Fact]
    public void ExactDependenciesWithALockfileAreSilent()
    {
        Assert.Empty(Run(("package.json", """{ "dependencies": { "a": "1.0.0" }, "devDependencies": { "b": "=2.0.0" } }"""),
            ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")));
    }

    [Fact]
    public void OverridesAndAliasesAreRead()
    {
        var findings = Run(("package.json", """
            {
              "dependencies": { "lodash-es": "npm:lodash@^4.17.0" },
              "overrides": { "foo": { "bar": "latest" } },
              "resolutions": { "baz@^1": "1.0.0" }
            }
            """), ("package-lock.json", """{ "lockfileVersion": 3, "packages": {} }"""));
        Assert.Equal(["package.json:3 note SS4001"], Describe(findings));
    }

    [Fact]
    public void AliasRangesGetAnAliasFix()
    {
        var f = Assert.Single(Run(("package.json", """{ "dependencies": { "lodash-es": "npm:lodash@~4.17.0" } }""")), x => x.Rule.Id == "SS4004");
        Assert.Equal("npm:lodash@4.17.0", f.FixReplacement);
    }

    [Fact]
    public void InvalidJsonIsANoteNotACrash()
    {
        var result = Scan(Skill(("package.json", "{ \"dependencies\": { \"a\": ")));
        Assert.Empty(result.Findings);
        Assert.Contains(result.Notifications, n => n.Id == "pinning-manifest-unreadable" && n.RepoPath == "skill/package.json");
    }

    [Fact]
    public void DeeplyNestedJsonIsRefusedQuietly()
    {
        var result = Scan(Skill(("package.json", new string('[', 50_000) + new string(']', 50_000))));
        Assert.Empty(result.Findings);
        Assert.Contains(result.Notifications, n => n.Id == "pinning-manifest-unreadable");
    }

    [Fact]
    public void EscapedSpecsPointAtTheWholeString()
    {
        var f = Assert.Single(Run(("package.json", "{ \"dependencies\": { \"a\": \"\\u005e1.0.0\" } }")), x => x.Rule.Id == "SS4004");
        Assert.Equal("\"\\u005e1.0.0\"", Quote(f));
        Assert.Null(f.FixReplacement);
    }
}
