using SkillScan.Model;
using SkillScan.Pinning;
using SkillScan.Pinning.Commands;
using static SkillScan.Tests.Pinning.PinningScan;

namespace SkillScan.Tests.Pinning;

public sealed class InstallCommandTests
{
    /// <summary>Runs the command analysis over a shell text split by <see cref="ShellWords"/>: "quoted-spec rule severity".</summary>
    private static List<PinIssue> Issues(string text, params (string Path, string Text)[] more)
    {
        var skill = Skill([("install.sh", text), .. more]);
        var context = new PinningContext(skill);
        foreach (var f in skill.Files.Where(f => f.FileName == "package.json"))
        {
            new SkillScan.Pinning.Manifests.PackageJsonReader().Read(context, f);
        }
        var document = context.Document(skill.Files.First(f => f.Path == "install.sh"));
        foreach (var (name, args, span) in ShellWords.Split(text, (s, e) => TextSpan.FromBounds(s, e), exactPositions: true))
        {
            InstallCommands.Analyze(context, new CommandLine(name, args, document, span, ""));
        }
        return context.Issues.Where(i => i.Document == document).ToList();
    }

    private static string Show(PinIssue issue) => $"{issue.Document.Slice(issue.Span)} {Id(issue.Rule)} {issue.Severity.ToId()}";

    private static string Id(PinningRule rule) => rule switch
    {
        PinningRule.UnpinnedInstall => "SS4010",
        PinningRule.UnpinnedSkillInstall => "SS4011",
        PinningRule.PackageIndexOverride => "SS4007",
        _ => rule.ToString(),
    };

    [Theory]
    // npm family
    [InlineData("npm install lodash", "lodash SS4010 medium")]
    [InlineData("npm i -g typescript@latest", "typescript@latest SS4010 medium")]
    [InlineData("npm install --save-dev eslint@^9.0.0", "eslint@^9.0.0 SS4010 low")]
    [InlineData("npm install lodash@4.17.21", "")]
    [InlineData("npm install --prefix ./x lodash@4.17.21", "")]
    [InlineData("npm ci", "")]
    [InlineData("npm install", "")]
    [InlineData("npm run build", "")]
    [InlineData("npm install github:user/repo", "github:user/repo SS4010 medium")]
    [InlineData("npm install ./local-pkg", "")]
    [InlineData("npm install ../../outside", "../../outside SS4010 medium")]
    [InlineData("npm i -g npm@latest", "npm@latest SS4010 low")]
    [InlineData("pnpm add zod", "zod SS4010 medium")]
    [InlineData("pnpm add -D zod@3.23.8", "")]
    [InlineData("yarn add react@~18.2.0", "react@~18.2.0 SS4010 low")]
    [InlineData("yarn global add serve", "serve SS4010 medium")]
    [InlineData("bun add hono", "hono SS4010 medium")]
    [InlineData("npm install --registry https://npm.example.com lodash@1.0.0", "https://npm.example.com SS4007 medium")]
    [InlineData("npm install --registry https://registry.npmjs.org lodash@1.0.0", "")]
    // npx and friends: only the package, not its arguments
    [InlineData("npx cowsay hello --version 2", "cowsay SS4010 medium")]
    [InlineData("npx -y create-vite@5.2.0 my-app", "")]
    [InlineData("npx --no-install eslint . && npx --no prettier --check .", "")]
    [InlineData("npx --no-install clawhub install weather", "weather SS4011 medium")]
    [InlineData("npx --package=@scope/tool@next tool run", "@scope/tool@next SS4010 medium")]
    [InlineData("npx -p typescript@5.6.3 tsc --init", "")]
    [InlineData("npm exec -- prettier@latest --write .", "prettier@latest SS4010 medium")]
    [InlineData("pnpm dlx degit user/repo", "degit SS4010 medium")]
    [InlineData("bunx @biomejs/biome@1.9.4 check", "")]
    [InlineData("sudo npm install -g pm2", "pm2 SS4010 medium")]
    [InlineData("FOO=1 npx tsx script.ts", "tsx SS4010 medium")]
    // pip family
    [InlineData("pip install requests", "requests SS4010 medium")]
    [InlineData("pip3 install 'requests>=2.31'", ">=2.31 SS4010 medium")]
    [InlineData("pip install \"rich~=13.7\"", "~=13.7 SS4010 low")]
    [InlineData("pip install requests==2.32.3 rich==13.9.4", "")]
    [InlineData("pip install -r requirements.txt", "")]
    [InlineData("pip install -e .", "")]
    [InlineData("pip install .", "")]
    [InlineData("pip install -U pip", "pip SS4010 low")]
    [InlineData("pip install git+https://github.com/org/lib.git@main", "git+https://github.com/org/lib.git@main SS4010 medium")]
    [InlineData("pip install https://example.com/lib-1.0.tar.gz#sha256=abcd", "")]
    [InlineData("python -m pip install --user httpx", "httpx SS4010 medium")]
    [InlineData("python3 -I -m pip install httpx==0.27.2", "")]
    [InlineData("python3 app.py -m pip install x", "")]
    [InlineData("uv pip install fastapi", "fastapi SS4010 medium")]
    [InlineData("uv add 'pydantic>=2'", ">=2 SS4010 medium")]
    [InlineData("uv tool install ruff", "ruff SS4010 medium")]
    [InlineData("uv tool install ruff@0.6.9", "")]
    [InlineData("uvx ruff check .", "ruff SS4010 medium")]
    [InlineData("uvx ruff@latest check", "ruff@latest SS4010 medium")]
    [InlineData("uvx ruff@0.6.9 check", "")]
    [InlineData("uvx --from 'mcp-server==1.2.0' mcp-server", "")]
    [InlineData("uvx --from mcp-server mcp-server", "mcp-server SS4010 medium")]
    [InlineData("uv run --with httpx script.py", "httpx SS4010 medium")]
    [InlineData("pipx install black", "black SS4010 medium")]
    [InlineData("pipx run --spec black==24.8.0 black .", "")]
    [InlineData("pip install --extra-index-url https://pypi.example.com/simple internal==1.0", "https://pypi.example.com/simple SS4007 medium")]
    // other ecosystems
    [InlineData("go install golang.org/x/tools/gopls@latest", "golang.org/x/tools/gopls@latest SS4010 medium")]
    [InlineData("go install github.com/org/tool@v1.2.3", "")]
    [InlineData("go install github.com/org/tool@main", "github.com/org/tool@main SS4010 medium")]
    [InlineData("go install ./cmd/tool", "")]
    [InlineData("go run github.com/org/tool@v1 --flag", "github.com/org/tool@v1 SS4010 low")]
    [InlineData("go get github.com/org/lib", "github.com/org/lib SS4010 medium")]
    [InlineData("go build -o out .", "")]
    [InlineData("cargo install ripgrep", "ripgrep SS4010 medium")]
    [InlineData("cargo install ripgrep --version 14.1.1 --locked", "")]
    [InlineData("cargo install ripgrep@14.1.1", "")]
    [InlineData("cargo install bat --version ^0.24", "^0.24 SS4010 low")]
    [InlineData("cargo install --git https://github.com/org/tool", "https://github.com/org/tool SS4010 medium")]
    [InlineData("cargo install --git https://github.com/org/tool --rev 0123456789abcdef0123456789abcdef01234567", "")]
    [InlineData("gem install rails", "rails SS4010 medium")]
    [InlineData("gem install rails -v 7.1.3", "")]
    [InlineData("gem install rails -v '~> 7.1'", "~> 7.1 SS4010 low")]
    [InlineData("gem install bundler:2.5.3", "")]
    [InlineData("dotnet tool install -g dotnet-script", "dotnet-script SS4010 medium")]
    [InlineData("dotnet tool install -g dotnet-script --version 1.5.0", "")]
    [InlineData("dotnet add package Serilog", "Serilog SS4010 medium")]
    [InlineData("dotnet add app.csproj package Serilog -v 3.*", "3.* SS4010 medium")]
    // skill installs
    [InlineData("clawhub install weather-helper", "weather-helper SS4011 medium")]
    [InlineData("clawhub install weather-helper --version 1.4.0", "")]
    [InlineData("clawhub install weather-helper@1.4.0", "")]
    [InlineData("clawhub install weather-helper@latest", "weather-helper@latest SS4011 medium")]
    [InlineData("skill install github:someone/helper", "github:someone/helper SS4011 medium")]
    [InlineData("skill install github:someone/helper#v1.2.0", "github:someone/helper#v1.2.0 SS4011 low")]
    [InlineData("skill install github:someone/helper#0123456789abcdef0123456789abcdef01234567", "")]
    [InlineData("skills add someone/helper", "someone/helper SS4011 medium")]
    [InlineData("openclaw skills install https://github.com/someone/helper/tree/main/skills/x", "https://github.com/someone/helper/tree/main/skills/x SS4011 medium")]
    [InlineData("npx clawhub@1.0.0 install weather", "weather SS4011 medium")]
    // not installs
    [InlineData("echo npm install lodash", "")]
    [InlineData("brew install jq", "")]
    [InlineData("apt-get install -y curl", "")]
    public void InstallCommandsAreClassified(string command, string expected)
    {
        Assert.Equal(expected, string.Join(" | ", Issues(command).Select(Show)));
    }

    [Fact]
    public void NpxOfADeclaredDependencyRunsTheLocalCopy()
    {
        Assert.Empty(Issues("npx tsc --noEmit", ("package.json", """{ "devDependencies": { "tsc": "5.6.3" } }""")));
        Assert.Single(Issues("npx tsx run.ts", ("package.json", """{ "devDependencies": { "tsc": "5.6.3" } }""")));
    }

    [Fact]
    public void MessagesQuoteTheCommandAndTheFix()
    {
        var issue = Assert.Single(Issues("npm install -g some-cli@^2.1.0"));
        Assert.StartsWith("Install of \"some-cli\" is a version range, not a version: \"^2.1.0\" is a caret range (^).", issue.Message);
        Assert.Contains("Declared in `npm install -g some-cli@^2.1.0` in install.sh.", issue.Message);
        Assert.Contains("Pin it: npm install some-cli@2.1.0 (the lowest version the spec allows).", issue.Message);
        Assert.Equal("some-cli@2.1.0", issue.FixReplacement);

        var pip = Assert.Single(Issues("pip install 'httpx>=0.27.0'"));
        Assert.Equal(">=0.27.0", pip.Document.Slice(pip.Span));
        Assert.Equal("==0.27.0", pip.FixReplacement);
    }

    [Fact]
    public void SeveralCommandsOnOneLineAreEachRead()
    {
        Assert.Equal(["lodash SS4010 medium", "ruff SS4010 medium"],
            Issues("cd app && npm install lodash; uvx ruff check | tee log").Select(Show));
    }

    [Fact]
    public void UnknownWordsAreNotGuessed()
    {
        Assert.Empty(Issues("npm install \"$PACKAGE\"; pip install ${REQ}; npx `which tool`"));
    }
}
