using SkillScan.Pinning.Versions;

namespace SkillScan.Tests.Pinning;

public sealed class Pep440Tests
{
    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0.0")]
    [InlineData("2012.10")]
    [InlineData("1!2.0")]
    [InlineData("1.0a1")]
    [InlineData("1.0-alpha.1")]
    [InlineData("1.0b2")]
    [InlineData("1.0rc1")]
    [InlineData("1.0c1")]
    [InlineData("1.0.post1")]
    [InlineData("1.0-1")]
    [InlineData("1.0.dev0")]
    [InlineData("1.0a1.post2.dev3")]
    [InlineData("1.0+ubuntu.1")]
    [InlineData("v1.0")]
    [InlineData("1.0.PREVIEW2")]
    public void AcceptsValidVersions(string version) => Assert.True(Pep440.IsVersion(version));

    [Theory]
    [InlineData("")]
    [InlineData("one")]
    [InlineData("1.0+")]
    [InlineData("1..0")]
    [InlineData("1.0-beta-gamma")]
    [InlineData("1.*")]
    public void RejectsInvalidVersions(string version) => Assert.False(Pep440.IsVersion(version));

    [Theory]
    [InlineData("==1.4.2", PinClass.Exact)]
    [InlineData("== 1.4.2", PinClass.Exact)]
    [InlineData("===1.4.2-weird", PinClass.Exact)]
    [InlineData("==1.4.2+local.7", PinClass.Exact)]
    [InlineData("==1.0,!=1.1", PinClass.Exact)]
    [InlineData("==1.4.*", PinClass.Range)]
    [InlineData("~=1.4.2", PinClass.Range)]
    [InlineData("~=2.2", PinClass.Range)]
    [InlineData(">=1.0,<2.0", PinClass.Range)]
    [InlineData(">=1.0, <2.0, !=1.5", PinClass.Range)]
    [InlineData("<2", PinClass.Range)]
    [InlineData(">=1.0", PinClass.Unbounded)]
    [InlineData(">1.0", PinClass.Unbounded)]
    [InlineData("!=1.3", PinClass.Unbounded)]
    [InlineData("", PinClass.Floating)]
    [InlineData("~=1", null)]
    [InlineData("=>1.0", null)]
    [InlineData("1.0", null)]
    [InlineData("^1.0", null)]
    [InlineData("==", null)]
    [InlineData(">=1.*", null)]
    public void ClassifiesSpecifiers(string specifier, PinClass? expected)
    {
        Assert.Equal(expected, Pep440.ClassifySpecifier(specifier)?.Class);
    }

    [Theory]
    [InlineData("~=1.4.2", "1.4.2")]
    [InlineData(">=2.0,<3", "2.0")]
    [InlineData(">=2.0", "2.0")]
    [InlineData("==1.4.*", null)]
    [InlineData("<3", null)]
    public void FloorIsTheInclusiveLowerBound(string specifier, string? floor)
    {
        Assert.Equal(floor, Pep440.ClassifySpecifier(specifier)!.Floor);
    }

    [Theory]
    [InlineData("Requests", "requests")]
    [InlineData("zope.interface", "zope-interface")]
    [InlineData("Foo__Bar-.baz", "foo-bar-baz")]
    public void NormalizesNames(string name, string normalized) => Assert.Equal(normalized, Pep440.NormalizeName(name));

    [Theory]
    [InlineData("requests", "requests", "", null, null)]
    [InlineData("requests>=2.0", "requests", ">=2.0", null, null)]
    [InlineData("requests [security,socks] >= 2.8.1, == 2.8.*", "requests", ">= 2.8.1, == 2.8.*", null, null)]
    [InlineData("name (>=1.0, <2)", "name", ">=1.0, <2", null, null)]
    [InlineData("pywin32>=1.0; sys_platform == 'win32'", "pywin32", ">=1.0", null, "sys_platform == 'win32'")]
    [InlineData("pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee", "pip", "", "https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee", null)]
    [InlineData("pkg[extra] @ git+https://x/y.git@abc ; python_version < '3.9'", "pkg", "", "git+https://x/y.git@abc", "python_version < '3.9'")]
    [InlineData("  numpy==1.26.4  ", "numpy", "==1.26.4", null, null)]
    public void ParsesRequirements(string text, string name, string specifier, string? url, string? marker)
    {
        var r = Pep508.Parse(text)!;
        Assert.Equal(name, r.Name);
        Assert.Equal(specifier, r.Specifier);
        Assert.Equal(url, r.Url);
        Assert.Equal(marker, r.Marker);
        Assert.Equal(name, text[r.NameRange.Start..r.NameRange.End]);
        if (specifier.Length > 0) Assert.Equal(specifier, text[r.SpecifierRange.Start..r.SpecifierRange.End]);
        if (url is not null) Assert.Equal(url, text[r.UrlRange.Start..r.UrlRange.End]);
    }

    [Theory]
    [InlineData("-r other.txt")]
    [InlineData("--hash=sha256:abc")]
    [InlineData("./local/path")]
    [InlineData("https://example.com/x.whl")]
    [InlineData("requests >= two")]
    [InlineData("pkg[extra")]
    public void RejectsNonRequirements(string text) => Assert.Null(Pep508.Parse(text));

    [Fact]
    public void EmptySpecifierRangeSitsAfterTheName()
    {
        var r = Pep508.Parse("requests[socks]")!;
        Assert.Equal((8, 8), r.SpecifierRange);
    }
}
