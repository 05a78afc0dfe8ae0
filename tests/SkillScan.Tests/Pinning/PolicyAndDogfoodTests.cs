using SkillScan.Model;
using SkillScan.Rules;
using static SkillScan.Tests.Pinning.PinningScan;

namespace SkillScan.Tests.Pinning;

public sealed class PolicyAndDogfoodTests
{
    private static readonly (string, string)[] Files =
    [
        ("package.json", """{ "scripts": { "setup": "skill install github:someone/helper && clawhub install weather" } }"""),
        ("requirements.txt", "--extra-index-url https://pypi.example.com/simple\nrequests==2.32.3 --hash=sha256:00\n"),
        (".github/workflows/ci.yml", "jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: other/action@main\n"),
        ("Dockerfile", "FROM python:3.12\n"),
    ];

    [Fact]
    public void WithoutAPolicyEverythingIsReported()
    {
        Assert.Equal(
        [
            ".github/workflows/ci.yml:4 note SS4021",
            ".github/workflows/ci.yml:5 warning SS4021",
            "Dockerfile:1 note SS4020",
            "package.json:1 warning SS4011",
            "package.json:1 warning SS4011",
            "requirements.txt:1 warning SS4007",
        ], Describe(Run(Files)));
    }

    [Fact]
    public void AllowListsSuppressWhatTheyName()
    {
        var settings = new ScanSettings
        {
            AllowedPackages = ["actions/*", "python"],
            TrustedSources = ["github:someone/"],
            AllowedDomains = ["example.com"],
        };
        Assert.Equal([".github/workflows/ci.yml:5 warning SS4021", "package.json:1 warning SS4011"], Describe(Run(settings, Files)));
        settings = new ScanSettings { TrustedSources = ["clawhub:weather"] };
        Assert.Equal("github:someone/helper", Quote(Run(settings, Files).Single(f => f.Rule.Id == "SS4011")));
    }

    [Theory]
    [InlineData("github:myorg/", "github:myorg/skill", true)]
    [InlineData("github:myorg/*", "github:myorg/skill", true)]
    [InlineData("github:myorg", "github:myorg/skill", true)]
    [InlineData("github:myorg", "github:myorganisation/skill", false)]
    [InlineData("clawhub:weather", "clawhub:weather", true)]
    [InlineData("clawhub:weather", "clawhub:weather-evil", false)]
    public void TrustedSourcesMatchOnPathBoundaries(string pattern, string source, bool trusted)
    {
        Assert.Equal(trusted, SkillScan.Pinning.Detectors.PolicyPatterns.MatchesSource(pattern, source));
    }

    [Fact]
    public void TrustedPublishersCoverEverySkillTheyPublish()
    {
        // allow.publishers was read from skillscan.yml but no rule used it; now it trusts the owner's skill installs.
        var skills = Run(new ScanSettings { TrustedPublishers = ["Someone"] }, Files).Where(f => f.Rule.Id == "SS4011").ToList();
        Assert.Equal("weather", Quote(Assert.Single(skills)));
        Assert.Equal(2, Run(new ScanSettings { TrustedPublishers = ["someone-else"] }, Files).Count(f => f.Rule.Id == "SS4011"));
    }

    [Theory]
    [InlineData("acme", "github:acme/skill", true)]
    [InlineData("ACME", "clawhub:acme/skill", true)]
    [InlineData("acme", "github:acme-evil/skill", false)]
    [InlineData("acme", "github:evil/acme", false)]
    [InlineData("acme", "clawhub:acme", false)]
    [InlineData("", "github:acme/skill", false)]
    public void PublishersMatchTheSourcesOwner(string pattern, string source, bool trusted)
    {
        Assert.Equal(trusted, SkillScan.Pinning.Detectors.PolicyPatterns.MatchesPublisher(pattern, source));
    }

    [Fact]
    public void PinningNeverBlocks()
    {
        Assert.All(PinningPack.Rules, r => Assert.True(r.Descriptor.Severity <= Severity.Medium, r.Descriptor.Id));
        Assert.All(PinningPack.Rules, r => Assert.Matches("^SS40[0-9]{2}$", r.Descriptor.Id));
        foreach (var rule in PinningPack.Rules)
        {
            foreach (var section in new[] { "## What it does", "## Why is this bad?", "## Example", "## Use instead", "## How to suppress" })
            {
                Assert.Contains(section, rule.Descriptor.Help);
            }
        }
    }

    /// <summary>SkillScan's own manifests: the native build's package.json and lockfile, central package versions, projects.</summary>
    [Fact]
    public void ScanningSkillScansOwnManifestsGivesNoPinningFinding()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SkillScan.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var files = new[] { "native/package.json", "native/package-lock.json", "Directory.Packages.props", "Directory.Build.props" }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
                .Concat(Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.*", SearchOption.AllDirectories))
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith("packages.lock.json", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Concat(Directory.Exists(Path.Combine(root, ".github")) ? Directory.EnumerateFiles(Path.Combine(root, ".github"), "*.yml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')) : [])
            .Select(f => (f, File.ReadAllText(Path.Combine(root, f))))
            .ToArray();
        Assert.Contains(files, f => f.Item1 == "native/package-lock.json");
        var result = Scan(Skill(files));
        Assert.Empty(Describe(result.Findings));
        Assert.DoesNotContain(result.Notifications, n => n.Id == "pinning-manifest-unreadable");
    }
}
