using SkillScan.Pinning.Versions;

namespace SkillScan.Tests.Pinning;

public sealed class OtherSpecTests
{
    [Theory]
    [InlineData("^1.2.3", PinClass.Range)]
    [InlineData("~1.2", PinClass.Range)]
    [InlineData("~=1.2", PinClass.Range)]
    [InlineData("1.2.*", PinClass.Range)]
    [InlineData("1.2.3", PinClass.Exact)]
    [InlineData("==1.2.3", PinClass.Exact)]
    [InlineData(">=1.2,<2.0", PinClass.Range)]
    [InlineData(">=1.2 <2.0", PinClass.Range)]
    [InlineData(">= 1.2 < 2.0", PinClass.Range)]
    [InlineData(">=1.2", PinClass.Unbounded)]
    [InlineData("1.2.3 || 1.3.0", PinClass.Range)]
    [InlineData("^1.2 | ^2.0", PinClass.Range)]
    [InlineData("*", PinClass.Floating)]
    [InlineData("", PinClass.Floating)]
    [InlineData("!=1.2", PinClass.Unbounded)]
    [InlineData("^x", null)]
    public void ClassifiesPoetryConstraints(string text, PinClass? expected)
    {
        Assert.Equal(expected, OperatorConstraint.Classify(text, ConstraintDialect.Poetry)?.Class);
    }

    [Theory]
    [InlineData("1.2.3", PinClass.Exact)]
    [InlineData("= 1.2.3", PinClass.Exact)]
    [InlineData("~> 1.2", PinClass.Range)]
    [InlineData(">= 1.0, < 2", PinClass.Range)]
    [InlineData(">= 1.0", PinClass.Unbounded)]
    [InlineData("1.2.3.pre", PinClass.Exact)]
    [InlineData("~>", null)]
    public void ClassifiesRubyGemsRequirements(string text, PinClass? expected)
    {
        Assert.Equal(expected, OperatorConstraint.Classify(text, ConstraintDialect.RubyGems)?.Class);
    }

    [Theory]
    [InlineData(null, PinClass.Floating)]
    [InlineData("latest", PinClass.Floating)]
    [InlineData("upgrade", PinClass.Floating)]
    [InlineData("main", PinClass.Floating)]
    [InlineData("v1.2.3", PinClass.Exact)]
    [InlineData("v0.0.0-20240101120000-abcdef123456", PinClass.Exact)]
    [InlineData("v2.0.0+incompatible", PinClass.Exact)]
    [InlineData("v1", PinClass.Range)]
    [InlineData("v1.2", PinClass.Range)]
    [InlineData(">=v1.2.0", PinClass.Unbounded)]
    [InlineData("<v2", PinClass.Range)]
    [InlineData("abcdef1234567", PinClass.Exact)]
    public void ClassifiesGoQueries(string? query, PinClass expected) => Assert.Equal(expected, GoVersionQuery.Classify(query).Class);

    [Theory]
    [InlineData("python", "python", null, null, PinClass.Floating)]
    [InlineData("python:latest", "python", "latest", null, PinClass.Floating)]
    [InlineData("python:3.12-slim", "python", "3.12-slim", null, PinClass.Range)]
    [InlineData("localhost:5000/team/img", "localhost:5000/team/img", null, null, PinClass.Floating)]
    [InlineData("localhost:5000/team/img:1.0", "localhost:5000/team/img", "1.0", null, PinClass.Range)]
    [InlineData("python:3.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "python", "3.12",
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", PinClass.Exact)]
    [InlineData("ghcr.io/o/i@sha256:abc", "ghcr.io/o/i", null, "sha256:abc", PinClass.Floating)]
    public void ParsesAndClassifiesImages(string text, string name, string? tag, string? digest, PinClass expected)
    {
        var image = ImageReference.Parse(text)!;
        Assert.Equal(new ImageReference(name, tag, digest), image);
        Assert.Equal(expected, image.Classify().Class);
    }

    [Theory]
    [InlineData("actions/checkout@v4", PinClass.Range, "actions/checkout")]
    [InlineData("actions/checkout@v4.1.7", PinClass.Range, "actions/checkout")]
    [InlineData("actions/checkout@692973e3d937129bcbf40652eb9f2f61becf3332", PinClass.Exact, "actions/checkout")]
    [InlineData("github/codeql-action/upload-sarif@main", PinClass.Floating, "github/codeql-action/upload-sarif")]
    [InlineData("owner/repo", PinClass.Floating, "owner/repo")]
    [InlineData("docker://alpine:3.20", PinClass.Range, "alpine")]
    [InlineData("./.github/actions/setup", null, null)]
    public void ClassifiesActionReferences(string uses, PinClass? expected, string? name)
    {
        Assert.Equal(expected, ActionReference.Classify(uses, out var n)?.Class);
        Assert.Equal(name, n);
    }

    [Theory]
    [InlineData("1.2.3", PinClass.Exact)]
    [InlineData("[1.2.3]", PinClass.Exact)]
    [InlineData("[1.0,2.0)", PinClass.Exact)]
    [InlineData("*", PinClass.Floating)]
    [InlineData("1.*", PinClass.Floating)]
    [InlineData("1.0.0-*", PinClass.Floating)]
    [InlineData("", PinClass.Floating)]
    [InlineData("$(MyVersion)", null)]
    [InlineData("not-a-version", null)]
    public void ClassifiesNuGetVersions(string version, PinClass? expected) => Assert.Equal(expected, NuGetSpec.Classify(version)?.Class);

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456", false)]
    [InlineData("v1.2.3", false)]
    [InlineData("g123456789abcdef0123456789abcdef01234567", false)]
    public void RecognisesFullCommits(string reference, bool full) => Assert.Equal(full, GitRefs.IsFullCommit(reference));
}
