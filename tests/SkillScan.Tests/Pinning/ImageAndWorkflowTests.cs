using static SkillScan.Tests.Pinning.PinningScan;

namespace SkillScan.Tests.Pinning;

public sealed class ImageAndWorkflowTests
{
    [Fact]
    public void DockerfileFromLinesAreClassified()
    {
        var findings = Run(("Dockerfile", """
            # syntax=docker/dockerfile:1
            ARG BASE=node:20-alpine
            ARG UNKNOWN
            FROM python:latest AS build
            FROM --platform=linux/amd64 ubuntu
            FROM python:3.12-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            FROM build AS final
            FROM ${BASE}
            FROM $UNKNOWN
            FROM scratch
            from alpine:3.20
            """));
        Assert.Equal(
        [
            "Dockerfile:4 warning SS4020",
            "Dockerfile:5 warning SS4020",
            "Dockerfile:8 note SS4020",
            "Dockerfile:11 note SS4020",
        ], Describe(findings));
        Assert.Equal("python:latest", Quote(findings[0]));
        Assert.StartsWith("Base image \"python:latest\" is not pinned by digest: the tag 'latest'.", findings[0].Message);
        Assert.Contains("FROM python:latest@sha256:<digest>", findings[0].Message);
        Assert.Equal("ubuntu", Quote(findings[1]));
        Assert.Contains("\"node:20-alpine\" (\"${BASE}\" with its ARG default)", findings[2].Message);
    }

    [Fact]
    public void DockerfileRunCommandsAreInstallCommands()
    {
        var findings = Run(("Dockerfile", """
            FROM node:20.18.0-alpine@sha256:0c1f9e2d3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5
            RUN apk add --no-cache git \
            # a comment inside the instruction
                && npm install -g serve \
                && npm install -g pm2@5.4.2
            RUN --mount=type=cache,target=/root/.cache pip install "httpx>=0.27"
            RUN ["npx", "cowsay@latest", "hi"]
            RUN <<EOF
            npm install -g not-read
            EOF
            """));
        Assert.Equal(["Dockerfile:4 warning SS4010", "Dockerfile:6 warning SS4010", "Dockerfile:7 warning SS4010"], Describe(findings));
        Assert.Equal("serve", Quote(findings[0]));
        Assert.Contains("Declared in `npm install -g serve` in Dockerfile.", findings[0].Message);
        Assert.Equal(">=0.27", Quote(findings[1]));
        Assert.Equal("==0.27", findings[1].FixReplacement);
        Assert.Equal("cowsay@latest", Quote(findings[2]));
    }

    [Theory]
    [InlineData("Containerfile")]
    [InlineData("Dockerfile.dev")]
    [InlineData("build/app.Dockerfile")]
    public void DockerfileNamesAreRecognised(string path)
    {
        Assert.Equal([$"{path}:1 warning SS4020"], Describe(Run((path, "FROM debian\n"))));
    }

    [Fact]
    public void WorkflowUsesAreClassified()
    {
        var findings = Run((".github/workflows/ci.yml", """
            name: ci
            on: [push]
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@692973e3d937129bcbf40652eb9f2f61becf3332 # v4.1.7
                  - uses: actions/setup-node@v4
                  - uses: "someone/deploy@main"
                  - uses: ./.github/actions/local
                  - uses: docker://alpine:3.20
                  - run: "echo uses: not-an-action@main"
              reuse:
                uses: org/workflows/.github/workflows/build.yml@v1
            """));
        Assert.Equal(
        [
            ".github/workflows/ci.yml:8 note SS4021",
            ".github/workflows/ci.yml:9 warning SS4021",
            ".github/workflows/ci.yml:11 note SS4021",
            ".github/workflows/ci.yml:14 note SS4021",
        ], Describe(findings));
        Assert.Equal("actions/setup-node@v4", Quote(findings[0]));
        Assert.StartsWith("Action \"actions/setup-node@v4\" is not pinned to a commit: the tag 'v4', which the action's owner can move.", findings[0].Message);
        Assert.Contains("uses: actions/setup-node@<40-character commit id> # v4", findings[0].Message);
        Assert.Equal("someone/deploy@main", Quote(findings[1]));
        var region = findings[1].Location.Region;
        Assert.Equal((9, 16), (region.StartLine, region.StartColumn));
    }

    [Fact]
    public void CompositeActionsAreRead()
    {
        Assert.Equal(["action.yml:5 warning SS4021"], Describe(Run(("action.yml", """
            name: x
            runs:
              using: composite
              steps:
                - uses: org/tool@develop
            """))));
    }

    [Fact]
    public void YamlAliasBombsAndBadYamlDoNotHurt()
    {
        var bomb = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n" +
                   string.Concat(Enumerable.Range(1, 9).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)}]\n")) +
                   "jobs: { x: { steps: [ { uses: \"a/b@main\" } ] } }\n";
        Assert.Equal([".github/workflows/bomb.yml:11 warning SS4021"], Describe(Run((".github/workflows/bomb.yml", bomb))));
        var broken = Scan(Skill((".github/workflows/broken.yml", "jobs: [unclosed\n")));
        Assert.Empty(broken.Findings);
        Assert.Contains(broken.Notifications, n => n.Id == "pinning-manifest-unreadable");
    }

    [Fact]
    public void DeeplyNestedYamlDoesNotOverflowTheStack()
    {
        var deep = "jobs: " + new string('[', 200_000) + new string(']', 200_000) + "\n";
        var result = Scan(Skill((".github/workflows/deep.yml", deep), ("package.json", """{ "dependencies": { "a": "^1.0.0" } }"""), ("pnpm-lock.yaml", "importers: " + new string('{', 100_000))));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void NuGetFloatingVersionsAreReported()
    {
        var findings = Run(("Directory.Packages.props", """
            <Project>
              <ItemGroup>
                <PackageVersion Include="Exact" Version="1.2.3" />
                <PackageVersion Include="Floating" Version="1.*" />
                <PackageVersion Include="Range" Version="[1.0,2.0)" />
                <PackageVersion Include="Prop" Version="$(SomeVersion)" />
              </ItemGroup>
            </Project>
            """), ("tool/tool.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Star" Version="*" />
                <PackageReference Include="Central" />
                <PackageReference Include="Override" VersionOverride="2.*-*" />
              </ItemGroup>
            </Project>
            """), ("script.csx", """
            #r "nuget: Newtonsoft.Json, 13.0.3"
            #r "nuget: Humanizer"
            #r "nuget: Serilog, 3.*"
            Console.WriteLine("hi");
            """));
        Assert.Equal(
        [
            "Directory.Packages.props:4 warning SS4001",
            "script.csx:2 warning SS4001",
            "script.csx:3 warning SS4001",
            "tool/tool.csproj:3 warning SS4001",
            "tool/tool.csproj:5 warning SS4001",
        ], Describe(findings));
        Assert.Equal("1.*", Quote(findings[0]));
        Assert.StartsWith("\"Floating\" is not pinned: \"1.*\" is the floating version '1.*'.", findings[0].Message);
        Assert.Contains("Declared in Directory.Packages.props.", findings[0].Message);
        Assert.StartsWith("\"Humanizer\" is not pinned: no version (the newest release, fetched when the script runs).", findings[1].Message);
        Assert.Equal("Humanizer", Quote(findings[1]));
        Assert.Equal("3.*", Quote(findings[2]));
        Assert.Equal("2.*-*", Quote(findings[4]));
    }

    [Fact]
    public void MalformedXmlAndEntitiesAreRefused()
    {
        var result = Scan(Skill(("x.csproj", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><Project><PackageReference Include=\"a\" Version=\"&a;\" /></Project>")));
        Assert.Empty(result.Findings);
        Assert.Contains(result.Notifications, n => n.Id == "pinning-manifest-unreadable");
    }
}
