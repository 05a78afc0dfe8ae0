using static SkillScan.Tests.Pinning.PinningScan;

namespace SkillScan.Tests.Pinning;

public sealed class FrontMatterTests
{
    [Fact]
    public void InstallSpecsAreReadAsInstalls()
    {
        var findings = Run(("SKILL.md", """
            ---
            name: weather
            description: Weather forecasts.
            metadata:
              openclaw:
                requires:
                  bins: [curl]
                install:
                  - id: node
                    kind: node
                    package: weather-cli
                  - kind: node
                    package: "weather-cli@2.1.0"
                  - kind: uv
                    package: mcp-weather
                  - kind: pip
                    package: requests>=2
                  - kind: go
                    module: github.com/org/tool@latest
                  - kind: brew
                    formula: jq
                  - kind: download
                    url: https://github.com/org/tool/releases/latest/download/tool.tar.gz
                  - kind: download
                    url: https://github.com/org/tool/releases/download/v1.2.0/tool.tar.gz
                  - kind: download
                    url: https://example.com/tool.tar.gz
                    sha256: 0123abcd
                  - kind: node
                    package: pinned-tool
                    version: 1.0.0
            ---
            # Weather
            """));
        Assert.Equal(
        [
            "SKILL.md:11 warning SS4010",
            "SKILL.md:15 warning SS4010",
            "SKILL.md:17 warning SS4010",
            "SKILL.md:19 warning SS4010",
            "SKILL.md:23 warning SS4010",
            "SKILL.md:25 note SS4010",
        ], Describe(findings));
        Assert.Equal("weather-cli", Quote(findings[0]));
        Assert.Contains("Declared in metadata.openclaw.install (kind: node) of SKILL.md.", findings[0].Message);
        Assert.Equal(">=2", Quote(findings[2]));
        Assert.Equal("github.com/org/tool@latest", Quote(findings[3]));
        Assert.StartsWith("Download \"https://github.com/org/tool/releases/latest/download/tool.tar.gz\" is not pinned: the URL names no version and no checksum is given.", findings[4].Message);
    }

    [Fact]
    public void JsonMetadataIsReadWithPositions()
    {
        var findings = Run(("SKILL.md", """
            ---
            name: x
            metadata: {"clawdbot": {"install": [{"kind": "node", "package": "tool-a"}]}}
            ---
            """));
        var f = Assert.Single(findings);
        Assert.Equal("SKILL.md:3 warning SS4010", Describe(f));
        Assert.Equal("tool-a", Quote(f));
    }

    [Fact]
    public void MetadataWrittenAsAStringIsReadToo()
    {
        var findings = Run(("SKILL.md", """
            ---
            name: x
            metadata: '{"openclaw": {"install": [{"kind": "uv", "package": "tool-b"}]}}'
            ---
            """));
        var f = Assert.Single(findings);
        Assert.Equal("tool-b", Quote(f));
    }

    [Theory]
    [InlineData("no front matter at all\n")]
    [InlineData("---\nname: [unclosed\n---\n")]
    [InlineData("---\nname: x\nname: y\n---\n")]
    [InlineData("---\nmetadata: 3\n---\n")]
    [InlineData("---\nmetadata:\n  openclaw:\n    install: nope\n---\n")]
    [InlineData("---\nunterminated: front matter\n")]
    public void OddFrontMatterIsIgnored(string text)
    {
        Assert.Empty(Run(("SKILL.md", text)));
    }
}
