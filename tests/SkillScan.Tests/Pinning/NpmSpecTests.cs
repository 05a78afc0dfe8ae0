using SkillScan.Pinning.Versions;

namespace SkillScan.Tests.Pinning;

public sealed class NpmSpecTests
{
    [Theory]
    // exact versions, with the loose prefixes npm accepts
    [InlineData("1.2.3", PinClass.Exact)]
    [InlineData("=1.2.3", PinClass.Exact)]
    [InlineData("v1.2.3", PinClass.Exact)]
    [InlineData("= 1.2.3", PinClass.Exact)]
    [InlineData("1.2.3-beta.1", PinClass.Exact)]
    [InlineData("1.2.3+build.5", PinClass.Exact)]
    [InlineData("1.2.3 >=1.0.0", PinClass.Exact)]
    // caret, tilde and x-ranges
    [InlineData("^1.2.3", PinClass.Range)]
    [InlineData("^0.0.1", PinClass.Range)]
    [InlineData("~1.2.3", PinClass.Range)]
    [InlineData("~>1.2", PinClass.Range)]
    [InlineData("~ 1.2", PinClass.Range)]
    [InlineData("1.x", PinClass.Range)]
    [InlineData("1.2.X", PinClass.Range)]
    [InlineData("1.2.*", PinClass.Range)]
    [InlineData("1", PinClass.Range)]
    [InlineData("1.2", PinClass.Range)]
    // comparator ranges, hyphen ranges, unions
    [InlineData(">=1.2.3 <2.0.0", PinClass.Range)]
    [InlineData(">= 1.2.3 < 2", PinClass.Range)]
    [InlineData("<2.0.0", PinClass.Range)]
    [InlineData("1.2.3 - 2.3.4", PinClass.Range)]
    [InlineData("1.2 - 2", PinClass.Range)]
    [InlineData("1.2.3 || 1.2.4", PinClass.Range)]
    [InlineData("1.2.3 || 1.2.3", PinClass.Exact)]
    [InlineData("^1.0.0 || ^2.0.0", PinClass.Range)]
    // unbounded
    [InlineData(">=1.2.3", PinClass.Unbounded)]
    [InlineData(">1", PinClass.Unbounded)]
    [InlineData("1.2.3 - *", PinClass.Unbounded)]
    [InlineData("^1.0.0 || >=3", PinClass.Unbounded)]
    // floating: nothing, '*', x, dist-tags
    [InlineData("", PinClass.Floating)]
    [InlineData("*", PinClass.Floating)]
    [InlineData("x", PinClass.Floating)]
    [InlineData("X.x.x", PinClass.Floating)]
    [InlineData(">=*", PinClass.Floating)]
    [InlineData("^*", PinClass.Floating)]
    [InlineData("latest", PinClass.Floating)]
    [InlineData("next", PinClass.Floating)]
    [InlineData("beta", PinClass.Floating)]
    [InlineData("1.0.0 || latest-but-not-a-range", null)]
    [InlineData("^1.0.0 || *", PinClass.Floating)]
    // aliases classify what they point at
    [InlineData("npm:lodash@4.17.21", PinClass.Exact)]
    [InlineData("npm:@scope/pkg@^2", PinClass.Range)]
    [InlineData("npm:lodash", PinClass.Floating)]
    [InlineData("npm:lodash@latest", PinClass.Floating)]
    // git: only a full commit id pins
    [InlineData("git+https://github.com/a/b.git#0123456789abcdef0123456789abcdef01234567", PinClass.Exact)]
    [InlineData("git+https://github.com/a/b.git#v1.2.3", PinClass.NonRegistry)]
    [InlineData("git+ssh://git@github.com/a/b.git", PinClass.NonRegistry)]
    [InlineData("git://github.com/a/b.git#semver:^1.2", PinClass.NonRegistry)]
    [InlineData("github:a/b", PinClass.NonRegistry)]
    [InlineData("github:a/b#0123456789abcdef0123456789abcdef01234567", PinClass.Exact)]
    [InlineData("a/b", PinClass.NonRegistry)]
    [InlineData("a/b#main", PinClass.NonRegistry)]
    [InlineData("a/b#abc1234", PinClass.NonRegistry)]
    [InlineData("https://github.com/a/b", PinClass.NonRegistry)]
    [InlineData("gitlab:a/b#deadbeefdeadbeefdeadbeefdeadbeefdeadbeef", PinClass.Exact)]
    // URLs and paths
    [InlineData("https://example.com/pkg-1.0.0.tgz", PinClass.NonRegistry)]
    [InlineData("http://example.com/pkg.tgz", PinClass.NonRegistry)]
    [InlineData("file:../lib", PinClass.NonRegistry)]
    [InlineData("./vendor/lib", PinClass.NonRegistry)]
    [InlineData("link:../x", PinClass.NonRegistry)]
    [InlineData("workspace:*", PinClass.NonRegistry)]
    // not specs at all
    [InlineData("1.2.3.4.5", null)]
    [InlineData(">=>1", null)]
    [InlineData("^one", null)]
    [InlineData("some tag", null)]
    public void ClassifiesSpecs(string spec, PinClass? expected)
    {
        Assert.Equal(expected, NpmSpec.Classify(spec)?.Class);
    }

    [Theory]
    [InlineData("^1.2.3", "1.2.3")]
    [InlineData("~1.2.3", "1.2.3")]
    [InlineData(">=1.2.3 <2", "1.2.3")]
    [InlineData(">=2.0.0", "2.0.0")]
    [InlineData("1.2.3 - 2", "1.2.3")]
    [InlineData("^1.2", null)]
    [InlineData("1.x", null)]
    [InlineData(">1.2.3", null)]
    [InlineData("^01.2.3", null)]
    public void FloorIsAFullVersionOnlyWhenTheRangeStartsAtOne(string spec, string? floor)
    {
        Assert.Equal(floor, NpmSpec.Classify(spec)!.Floor);
    }

    [Theory]
    [InlineData("workspace:^1.0.0", ".")]
    [InlineData("file:../lib", "../lib")]
    [InlineData("./vendor/x", "./vendor/x")]
    public void PathSpecsCarryTheirPath(string spec, string path)
    {
        Assert.Equal(path, NpmSpec.Classify(spec)!.LocalPath);
    }

    [Theory]
    [InlineData("lodash", "lodash", null)]
    [InlineData("lodash@4.17.21", "lodash", "4.17.21")]
    [InlineData("@scope/pkg", "@scope/pkg", null)]
    [InlineData("@scope/pkg@^2", "@scope/pkg", "^2")]
    [InlineData("pkg@", "pkg", "")]
    [InlineData("user/repo#main", null, "user/repo#main")]
    [InlineData("git+https://x/y.git", null, "git+https://x/y.git")]
    [InlineData("./local", null, "./local")]
    public void SplitsNameAndSpecLikeNpm(string word, string? name, string? spec)
    {
        Assert.Equal((name, spec), NpmSpec.SplitNameAndSpec(word));
    }

    [Fact]
    public void ReasonsNameTheKindOfRange()
    {
        Assert.Contains("caret", NpmSpec.Classify("^1.0.0")!.Reason);
        Assert.Contains("tilde", NpmSpec.Classify("~1.0.0")!.Reason);
        Assert.Contains("hyphen", NpmSpec.Classify("1.0.0 - 2.0.0")!.Reason);
        Assert.Contains("'latest'", NpmSpec.Classify("latest")!.Reason);
        Assert.Contains("union", NpmSpec.Classify("^1 || ^2")!.Reason);
    }

    [Fact]
    public void HugeInputIsRejectedQuickly()
    {
        Assert.Null(NpmRange.Parse(new string('1', 5000), out _));
        Assert.Null(NpmSpec.Classify(string.Join(" ", Enumerable.Repeat(">=1.0.0", 1000))));
    }
}
