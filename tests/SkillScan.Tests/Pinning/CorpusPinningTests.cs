using SkillScan.Intake;
using static SkillScan.Tests.Pinning.PinningScan;

namespace SkillScan.Tests.Pinning;

/// <summary>
/// The corpus labels pinning expectations in free text (`pinning:` in expected.yaml). This is their mapping to the
/// pinning pack's rules: for each labelled skill, the exact pinning findings ("file rule severity [quoted spec]").
/// </summary>
public sealed class CorpusPinningTests
{
    public static TheoryData<string, string[]> Labelled => new()
    {
        // "brew install jq ripgrep fd (brew has no version pinning)"
        { "benign/brew-cli-essentials", [] },
        // "actions/checkout@v4 tag ref", "preview-action@main branch ref", "FROM node:latest", "npm install -g serve without version"
        { "benign/ci-preview-deployer", [
            ".github/workflows/preview.yml SS4021 low [actions/checkout@v4]",
            ".github/workflows/preview.yml SS4021 medium [example-org/preview-action@main]",
            "Dockerfile SS4020 medium [node:latest]",
            "Dockerfile SS4010 medium [serve]"] },
        // "Dockerfile FROM pinned by sha256", "actions pinned by 40-char SHA", "ruff==0.8.1 with --hash": nothing
        { "benign/containerized-linter", [] },
        // "dotenv ^16.4.5 caret range without lockfile (low)"
        { "benign/dotenv-stripe-refunds", ["package.json SS4005 info [\"dependencies\"]", "package.json SS4004 low [^16.4.5]"] },
        // "install[0] kind go: …/task@latest (floating)"
        { "benign/go-task-runner", ["SKILL.md SS4010 medium [github.com/go-task/task/v3/cmd/task@latest]"] },
        // "--extra-index-url https://pypi.internal.example.com/simple", "exact without hashes (info)"
        { "benign/internal-index-ingest", ["requirements.txt SS4007 medium [https://pypi.internal.example.com/simple]", "requirements.txt SS4005 info [==3.4.1]"] },
        // "npx tsx pods.ts without a version (floating)"
        { "benign/kubectl-pod-status", ["SKILL.md SS4010 medium [tsx]", "SKILL.md SS4010 medium [tsx]"] },
        // "lockfileVersion 1 entries without integrity (low)"
        { "benign/legacy-lock-report", ["package-lock.json SS4006 low [\"cli-table3\"]"] },
        // "github:…#main (non-registry, floating branch)", "file:../local-utils (non-registry)"
        { "benign/lodash-fork-helper", [
            "package.json SS4003 medium [github:example-org/lodash-es-fork#main]",
            "package.json SS4003 medium [file:../local-utils]"] },
        // "marked ^14.1.0 caret range, no lockfile (low)", "commander ~12.1.0 tilde range, no lockfile (low)"
        { "benign/markdown-slides-cli", ["package.json SS4005 info [\"dependencies\"]", "package.json SS4004 low [~12.1.0]", "package.json SS4004 low [^14.1.0]"] },
        // "clawhub install example-org/style-guide-checker, glossary-lookup, changelog-writer without version (floating)"
        { "benign/skill-bundle-setup", [
            "SKILL.md SS4011 medium [example-org/style-guide-checker]",
            "SKILL.md SS4011 medium [example-org/glossary-lookup]",
            "SKILL.md SS4011 medium [example-org/changelog-writer]"] },
        // "exact pins, no lockfile (info)"
        { "benign/openai-browser-playground", ["package.json SS4005 info [\"dependencies\"]"] },
        // "requests==2.32.3 exact, no hashes (info)"
        { "benign/openai-summarize", ["requirements.txt SS4005 info [==2.32.3]"] },
        // "pip install pandas==2.2.3 pyarrow==18.1.0 exact (info)": exact installs are not reported
        { "benign/pandas-pinned-setup", [] },
        // "@duckdb/node-api exact pin without lockfile (info)"
        { "benign/parquet-peek", ["package.json SS4005 info [\"dependencies\"]"] },
        // "reportlab==4.2.5 exact without hashes (info)"
        { "benign/pdf-letterhead", ["requirements.txt SS4005 info [==4.2.5]"] },
        // "pytesseract = \"*\" (floating)", "invoice2data from git without ref", "pillow == 11.0.0 without Pipfile.lock (info)"
        { "benign/pipenv-invoice-ocr", [
            "Pipfile SS4005 info [[packages]]",
            "Pipfile SS4001 medium [*]",
            "Pipfile SS4003 medium [https://github.com/invoice-x/invoice2data.git]"] },
        // "npm i -g prettier@3.3.3 exact (info)": exact installs are not reported
        { "benign/prettier-global-pinned", [] },
        // "versioned GitHub release asset with sha256 (nothing expected)"
        { "benign/ripgrep-installer", [] },
        // "feedparser unpinned", "rich unpinned", "httpx>=0.27 lower bound only"
        { "benign/rss-to-markdown", [
            "pyproject.toml SS4005 info [dependencies]",
            "pyproject.toml SS4001 medium [feedparser]",
            "pyproject.toml SS4002 medium [>=0.27]",
            "requirements.txt SS4001 medium [feedparser]",
            "requirements.txt SS4001 medium [rich]"] },
        // "rustup installer without version; toolchain stable (floating)": the installer note (SS1201 gives the review)
        { "benign/rust-toolchain-setup", ["SKILL.md SS4012 low [curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs]"] },
        // "boto3>=1.35,<2 range (low)"
        { "benign/s3-folder-backup", ["requirements.txt SS4004 low [>=1.35,<2]"] },
        // "torch==2.5.1, safetensors==0.4.5, transformers==4.46.3 exact without hashes (info)"
        { "benign/sentiment-model-eval", ["requirements.txt SS4005 info [==2.5.1]"] },
        // "exact pins with lockfile: nothing expected"
        { "benign/stripe-invoice-report", [] },
        // "uv tool install ruff without version (floating)", "curl | sh installer for uv without version"
        { "benign/uv-python-setup", ["SKILL.md SS4012 low [curl -LsSf https://astral.sh/uv/install.sh]", "SKILL.md SS4010 medium [ruff]"] },
        // "pipx install yt-dlp==2024.12.13 exact (info)": exact installs are not reported
        { "benign/yt-dlp-audio", [] },
    };

    [Theory]
    [MemberData(nameof(Labelled))]
    public void LabelledSkillsGetTheirPinningFindings(string skill, string[] expected)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SkillScan.sln"))) root = Path.GetDirectoryName(root)!;
        var folder = Path.Combine(root, "corpus", skill);
        Assert.Contains("\npinning:", File.ReadAllText(Path.Combine(folder, "expected.yaml")));
        var options = new IntakeOptions { ReportRoot = folder, IgnoredFileNames = new HashSet<string> { "expected.yaml" } };
        var result = Scan(SkillLocator.ReadSkill(folder, options));
        var actual = result.Findings.Select(f => $"{f.Location.RepoPath} {f.Rule.Id} {f.Severity.ToString().ToLowerInvariant()} [{Quote(f)}]");
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryLabelledSkillIsMapped()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SkillScan.sln"))) root = Path.GetDirectoryName(root)!;
        var labelled = Directory.GetFiles(Path.Combine(root, "corpus"), "expected.yaml", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("\npinning:"))
            .Select(f => Path.GetRelativePath(Path.Combine(root, "corpus"), Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(labelled, Labelled.Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }
}
