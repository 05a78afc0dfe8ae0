using System.Diagnostics;
using System.Text.Json;

namespace SkillScan.Tests.Report;

/// <summary>`skillscan scan` as a process: exit codes, stderr, output files, policy discovery.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skillscan-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    private Outcome Scan(params string[] args) => ScanFrom(_dir, args);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private void WriteSkills()
    {
        Write("skills/clean/SKILL.md", "---\nname: clean\ndescription: Greets.\n---\n# Hello\n");
        Write("skills/clean/hello.py", "print('hello')\n");
        Write("skills/quiet/SKILL.md", "---\nname: quiet\ndescription: Quiet.\n---\n# Quiet\n");
        Write("skills/quiet/run.py", "# skillscan-ignore SS1101\nprint(1)\n");
    }

    [Fact]
    public void CleanScanExitsZeroWithASummary()
    {
        Write("skills/clean/SKILL.md", "---\nname: clean\ndescription: Greets.\n---\n# Hello\n");
        var run = Scan("skills");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("PASS    skills/clean", run.Stdout);
        Assert.Contains("Scanned 1 skill: 0 errors, 0 warnings, 0 notes.", run.Stdout);
        Assert.DoesNotContain("\u001b[", run.Stdout); // not a terminal: no colour
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void FindingsAtTheFailLevelExitOne()
    {
        WriteSkills();
        // SS0001 (a suppression without a reason) is a warning: it fails only from fail-level warning.
        Assert.Equal(0, Scan("skills").ExitCode);
        Write("skillscan.yml", "fail-level: warning\n");
        var run = Scan("skills");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("skills/quiet/run.py:1:1: warning SS0001 SuppressionWithoutReason:", run.Stdout);
        Assert.Contains("Failed: 1 finding(s) at or above the fail level 'warning'.", run.Stdout);
    }

    [Fact]
    public void IncompleteScanKeepsTheExitCodeSaysSoAndFailsOnlyWhenAsked()
    {
        Write("skills/big/SKILL.md", "---\nname: big\ndescription: Big.\n---\n# Big\n");
        Write("skills/big/hello.py", "print('hello')\n");
        Write("skills/big/dist/app.min.js", "var a=1;" + new string('a', 6 * 1024 * 1024));

        var text = Scan("skills");
        Assert.Equal(0, text.ExitCode); // no finding at the fail level: the verdict exit code is unchanged
        Assert.Contains("REVIEW  skills/big  (0 errors, 0 warnings, 0 notes; incomplete)", text.Stdout);
        Assert.Contains("skills/big/dist/app.min.js: warning file-too-large: skills/big/dist/app.min.js is 6,291,464 bytes, over the 5,242,880-byte file size limit; not scanned.", text.Stdout);
        Assert.Contains("Scan incomplete: 1 file not fully analysed (file-too-large); see the warnings above.", text.Stdout);

        var sarif = Scan("skills", "--format", "sarif");
        Assert.Equal(0, sarif.ExitCode);
        var invocation = JsonDocument.Parse(sarif.Stdout).RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        Assert.True(invocation.GetProperty("executionSuccessful").GetBoolean()); // a limit is not a tool failure
        Assert.True(invocation.GetProperty("properties").GetProperty("incomplete").GetBoolean());
        var notice = Assert.Single(invocation.GetProperty("toolExecutionNotifications").EnumerateArray());
        Assert.Equal("file-too-large", notice.GetProperty("descriptor").GetProperty("id").GetString());
        Assert.Equal("warning", notice.GetProperty("level").GetString());
        Assert.Equal("skills/big/dist/app.min.js", notice.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());

        var json = Scan("skills", "--format", "json");
        Assert.True(JsonDocument.Parse(json.Stdout).RootElement.GetProperty("summary").GetProperty("incomplete").GetBoolean());

        var strict = Scan("skills", "--fail-on-incomplete");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("Failed: the scan is incomplete (--fail-on-incomplete).", strict.Stdout);
        Assert.DoesNotContain("Passed:", strict.Stdout);
    }

    [Fact]
    public void ExplicitConfigAndSeverityOverrideDecideTheExitCode()
    {
        WriteSkills();
        var config = Write("policies/strict.yml", "rules:\n  severity:\n    - { rule: SS0001, severity: high, reason: every suppression needs a reason }\n");
        var run = Scan("skills", "--config", config);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error SS0001", run.Stdout);
        Assert.Contains("BLOCK   skills/quiet", run.Stdout);
    }

    [Fact]
    public void UsageErrorsExitTwoWithOneLineOnStderr()
    {
        WriteSkills();
        AssertUsage(Scan("nowhere"), "skillscan: no such folder: nowhere");
        AssertUsage(Scan("skills", "--fail-on-new"), "skillscan: --fail-on-new needs --baseline FILE");
        AssertUsage(Scan("skills", "--threads", "0"), "skillscan: --threads must be at least 1 (got 0)");
        AssertUsage(Scan("skills", "--baseline", "missing.sarif"), "skillscan: baseline file not found: missing.sarif");
        AssertUsage(Scan("skills", "--config", "missing.yml"), "skillscan: policy file not found: missing.yml");
        AssertUsage(Scan("skills", "--rules", "missing-rules"), "skillscan: --rules folder not found: missing-rules");
        AssertUsage(Scan("skills", "--root", "skills/clean"), "is outside --root");
        Assert.Equal(2, Scan("skills", "--format", "xml").ExitCode);
    }

    [Fact]
    public void BadPolicyFileExitsTwoNamingFileLineAndExpectation()
    {
        WriteSkills();
        Write("skillscan.yml", "fail-level: error\nrules:\n  disable:\n    - rule: SS0001\n");
        var run = Scan("skills");
        AssertUsage(run, $"skillscan: {Path.Combine(_dir, "skillscan.yml")}:4:7: rules.disable entry: missing required key 'reason' (why the rule is turned off)");
    }

    [Fact]
    public void BadBaselineExitsTwo()
    {
        WriteSkills();
        Write("old.sarif", "{ not json");
        var run = Scan("skills", "--baseline", "old.sarif");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("skillscan: old.sarif:1:", run.Stderr);
        Assert.Contains("not valid JSON", run.Stderr);
    }

    [Fact]
    public void SarifToAFileIsValidAndIdenticalAcrossThreadCounts()
    {
        WriteSkills();
        Assert.Equal(0, Scan("skills", "--format", "sarif", "--category", "skills", "-o", "one.sarif", "--threads", "1").ExitCode);
        Assert.Equal(0, Scan("skills", "--format", "sarif", "--category", "skills", "-o", "four.sarif", "--threads", "4").ExitCode);
        var one = File.ReadAllBytes(Path.Combine(_dir, "one.sarif"));
        Assert.Equal(one, File.ReadAllBytes(Path.Combine(_dir, "four.sarif")));
        using var doc = JsonDocument.Parse(one);
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal("skills/", run.GetProperty("automationDetails").GetProperty("id").GetString());
        var uri = run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
        Assert.Equal("skills/quiet/run.py", uri);
        Assert.DoesNotContain(SarifValidator.Validate(Path.Combine(_dir, "one.sarif")), r => r.Level == "error");
    }

    [Fact]
    public void BaselineAndFailOnNew()
    {
        WriteSkills();
        Write("skillscan.yml", "fail-level: warning\n");
        Assert.Equal(1, Scan("skills", "--format", "sarif", "-o", "base.sarif").ExitCode);
        // Nothing new: passes with --fail-on-new although the known finding is still there.
        var same = Scan("skills", "--baseline", "base.sarif", "--fail-on-new");
        Assert.Equal(0, same.ExitCode);
        Assert.Contains("Against the baseline: 0 new, 1 unchanged, 0 updated, 0 absent.", same.Stdout);
        Write("skills/clean/more.py", "# skillscan-ignore SS1102\nprint(2)\n");
        var added = Scan("skills", "--baseline", "base.sarif", "--fail-on-new");
        Assert.Equal(1, added.ExitCode);
        Assert.Contains("[new]", added.Stdout);
    }

    [Fact]
    public void JsonFormatAndExcludeSuppressed()
    {
        WriteSkills();
        var run = Scan("skills", "--format", "json", "--exclude-suppressed");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("skillscan-report/1", doc.RootElement.GetProperty("schema").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("skills").GetArrayLength());
    }

    private Outcome ScanFrom(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "skillscan"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("scan");
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)));
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void PathsOutsideTheCurrentDirectoryKeepTheSkillFolderName()
    {
        WriteSkills();
        var elsewhere = Directory.CreateTempSubdirectory("skillscan-cwd-").FullName;
        try
        {
            var run = ScanFrom(elsewhere, Path.Combine(_dir, "skills", "quiet"));
            Assert.Contains("quiet/run.py:1:1: warning SS0001", run.Stdout);
            Assert.DoesNotContain("../", run.Stdout);
        }
        finally
        {
            Directory.Delete(elsewhere, true);
        }
    }

    [Fact]
    public void PolicyIsNotTakenFromAFolderOnlyDerivedFromTheScannedPaths()
    {
        WriteSkills();
        // A policy shipped next to the skills (as in a downloaded bundle) that would turn the finding into an error.
        Write("skillscan.yml", "rules:\n  severity:\n    - { rule: SS0001, severity: critical, reason: bundle policy }\n");
        var elsewhere = Directory.CreateTempSubdirectory("skillscan-cwd-").FullName;
        try
        {
            var run = ScanFrom(elsewhere, Path.Combine(_dir, "skills"));
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("warning SS0001", run.Stdout);
            // From inside the folder, it is the user's own policy and applies.
            Assert.Equal(1, ScanFrom(_dir, "skills").ExitCode);
        }
        finally
        {
            Directory.Delete(elsewhere, true);
        }
    }

    [Theory]
    [InlineData(false, null, "xterm-256color", true)]
    [InlineData(true, null, "xterm-256color", false)]
    [InlineData(false, "1", "xterm-256color", false)]
    [InlineData(false, "", "xterm-256color", true)]
    [InlineData(false, null, "dumb", false)]
    public void ColourOnlyOnATerminalWithoutNoColor(bool redirected, string? noColor, string? term, bool expected)
    {
        Assert.Equal(expected, SkillScan.Cli.Commands.ScanCommand.UseColor(redirected, noColor, term));
    }

    [Fact]
    public void ExtraRulePacksFromTheCommandLineAreRun()
    {
        WriteSkills();
        Write("extra/audit.yaml", """
            pack: audit
            rules:
              - id: SS8001
                name: AuditSuppressions
                category: meta
                severity: high
                precision: high
                summary: Any suppression without a reason, as an error.
                match: { builtin: SuppressionWithoutReason }
            """);
        var run = Scan("skills", "--rules", "extra");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error SS8001 AuditSuppressions", run.Stdout);
    }

    private static void AssertUsage(Outcome run, string expected)
    {
        Assert.Equal(2, run.ExitCode);
        var lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
    }
}
