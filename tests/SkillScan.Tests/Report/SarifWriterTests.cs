using System.Text;
using System.Text.Json;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Policy;
using SkillScan.Report;
using SkillScan.Rules;

namespace SkillScan.Tests.Report;

public sealed class SarifWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skillscan-sarif-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Sarif(PolicyScanResult scan, ReportOptions? options = null) =>
        SarifWriter.ToBytes(scan.Result, (options ?? new ReportOptions()) with { RootDirectory = TestScans.DataRoot, Outcome = scan.Outcome });

    private static JsonElement Run(byte[] sarif) => JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0];

    private static IEnumerable<JsonElement> Results(byte[] sarif) => Run(sarif).GetProperty("results").EnumerateArray();

    [Fact]
    public void TestSkillsPassMicrosoftsValidatorWithSarifAndGitHubRules()
    {
        var sarif = Sarif(TestScans.Run(), new ReportOptions { Category = "skills" });
        var path = Path.Combine(_dir, "skills.sarif");
        File.WriteAllBytes(path, sarif);
        var results = SarifValidator.Validate(path);
        Assert.DoesNotContain(results, r => r.Level == "error");
        // Warnings too: GitHub ingestion rules (GH*) report at warning level.
        Assert.DoesNotContain(results, r => r.Level == "warning");
    }

    [Fact]
    public void ValidatorRejectsABrokenLog()
    {
        // Proof that the validator test can fail: a bad region, a dangling rule index, an absolute URI.
        var path = Path.Combine(_dir, "broken.sarif");
        File.WriteAllText(path, """
            {"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"R1"}]}},
            "results":[{"ruleId":"R1","ruleIndex":3,"level":"error","message":{"text":"m"},
            "locations":[{"physicalLocation":{"artifactLocation":{"uri":"file:///abs/a.sh"},"region":{"startLine":0}}}]}]}]}
            """);
        var results = SarifValidator.Validate(path);
        Assert.Contains(results, r => r.Level == "error" && r.Rule.StartsWith("SARIF1009"));
        Assert.Contains(results, r => r.Level == "error" && r.Rule.StartsWith("GH"));
    }

    [Fact]
    public void LogHasSchemaVersionToolAndEveryRuleThatRan()
    {
        var run = Run(Sarif(TestScans.Run()));
        var root = JsonDocument.Parse(Sarif(TestScans.Run())).RootElement;
        Assert.Equal(SarifWriter.SchemaUri, root.GetProperty("$schema").GetString());
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("SkillScan", driver.GetProperty("name").GetString());
        Assert.Equal(ToolInfo.Version, driver.GetProperty("semanticVersion").GetString());
        Assert.StartsWith("https://", driver.GetProperty("informationUri").GetString());
        var ids = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(["SS0001", "SS0002", "SS9001", "SS9002", "SS9003"], ids);
    }

    [Fact]
    public void RuleMetadataIsWhatGitHubReads()
    {
        var rule = Run(Sarif(TestScans.Run())).GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray().Single(r => r.GetProperty("id").GetString() == "SS9001");
        Assert.Equal("TestDownloadPipe", rule.GetProperty("name").GetString());
        Assert.Equal("A download is piped into a shell.", rule.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.Equal("A download is piped into a shell.", rule.GetProperty("fullDescription").GetProperty("text").GetString());
        Assert.Contains("## What it does", rule.GetProperty("help").GetProperty("markdown").GetString());
        Assert.Contains("What it does", rule.GetProperty("help").GetProperty("text").GetString());
        Assert.EndsWith("#ss9001", rule.GetProperty("helpUri").GetString());
        Assert.Equal("error", rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        var props = rule.GetProperty("properties");
        Assert.Equal(JsonValueKind.String, props.GetProperty("security-severity").ValueKind);
        Assert.Equal("9.5", props.GetProperty("security-severity").GetString());
        Assert.Equal("high", props.GetProperty("precision").GetString());
        var tags = props.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(["security", "test", "external/cwe/cwe-078"], tags);
    }

    [Fact]
    public void TagsAreCappedAtTenWithSecurityFirst()
    {
        var rule = TestRules.Descriptor("SS9100", "Many", Severity.Low, "Many tags.") with
        {
            Tags = Enumerable.Range(1, 15).Select(i => $"t{i}").ToList(),
        };
        var tags = SarifWriter.Tags(rule);
        Assert.Equal(10, tags.Count);
        Assert.Equal("security", tags[0]);
    }

    [Fact]
    public void ResultsHaveRepoRelativeLocationsFullRegionsAndLineHashes()
    {
        var sarif = Sarif(TestScans.Run());
        var results = Results(sarif).ToList();
        Assert.NotEmpty(results);
        var rules = Run(sarif).GetProperty("tool").GetProperty("driver").GetProperty("rules");
        foreach (var r in results)
        {
            var ruleId = r.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            Assert.EndsWith(".", r.GetProperty("message").GetProperty("text").GetString());
            var location = Assert.Single(r.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            var artifact = location.GetProperty("artifactLocation");
            Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
            Assert.StartsWith("skills/", artifact.GetProperty("uri").GetString());
            var region = location.GetProperty("region");
            foreach (var key in (string[])["startLine", "startColumn", "endLine", "endColumn"]) Assert.True(region.GetProperty(key).GetInt32() >= 1);
            Assert.Matches("^[0-9a-f]{1,16}:[0-9]+$", r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString());
        }
        var srcroot = Run(sarif).GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!;
        Assert.StartsWith("file:///", srcroot);
        Assert.EndsWith("/Report/TestData/", srcroot);
    }

    [Fact]
    public void LineHashOfAResultIsTheHashOfItsLine()
    {
        var scan = TestScans.Run();
        var finding = scan.Result.Skills.SelectMany(s => s.Findings).First(f => f.Rule.Id == "SS9001" && f.Location.RepoPath == "skills/dropper/install.sh");
        var expected = LineHash.ForFile(File.ReadAllBytes(Path.Combine(TestScans.Skills, "dropper", "install.sh")))[finding.Location.Region.StartLine - 1];
        var result = Results(Sarif(scan)).Single(r =>
            r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString() == "skills/dropper/install.sh"
            && r.GetProperty("ruleId").GetString() == "SS9001");
        Assert.Equal(expected, result.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString());
    }

    [Fact]
    public void UrisArePercentEncodedRelativeReferences()
    {
        var uris = Results(Sarif(TestScans.Run()))
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())
            .ToList();
        Assert.Contains("skills/odd%20name/donn%C3%A9es%20%231.sh", uris);
    }

    [Fact]
    public void PathsAreRelativeToTheRootWhateverPathTheScanWasGiven()
    {
        var absolute = TestScans.Run(path: Path.Combine(TestScans.Skills, "dropper"));
        var viaDots = TestScans.Run(path: Path.Combine(TestScans.Skills, "exfil", "..", "dropper") + Path.DirectorySeparatorChar);
        string Uris(PolicyScanResult s) => string.Join(",", Results(Sarif(s))
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()));
        Assert.Equal(Uris(absolute), Uris(viaDots));
        Assert.StartsWith("skills/dropper/", Uris(absolute));
    }

    [Fact]
    public void FlowFindingsHaveCodeFlowsAndRelatedLocations()
    {
        var result = Results(Sarif(TestScans.Run())).Single(r => r.GetProperty("ruleId").GetString() == "SS9002");
        var steps = result.GetProperty("codeFlows")[0].GetProperty("threadFlows")[0].GetProperty("locations").EnumerateArray().ToList();
        Assert.Equal(2, steps.Count);
        Assert.Equal(4, steps[0].GetProperty("location").GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal("secret read from the environment.", steps[0].GetProperty("location").GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(6, steps[1].GetProperty("location").GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        var related = Assert.Single(result.GetProperty("relatedLocations").EnumerateArray());
        Assert.Equal(1, related.GetProperty("id").GetInt32());
    }

    [Fact]
    public void FixesAndEvidenceAreWritten()
    {
        var results = Results(Sarif(TestScans.Run())).ToList();
        var pip = results.Single(r => r.GetProperty("ruleId").GetString() == "SS9003");
        var replacement = pip.GetProperty("fixes")[0].GetProperty("artifactChanges")[0].GetProperty("replacements")[0];
        Assert.Equal("requests==2.32.3", replacement.GetProperty("insertedContent").GetProperty("text").GetString());
        var pipe = results.First(r => r.GetProperty("ruleId").GetString() == "SS9001");
        Assert.StartsWith("http://192.0.2.", pipe.GetProperty("properties").GetProperty("evidence").GetProperty("destination").GetString());
    }

    [Fact]
    public void SuppressedResultsCarryInSourceSuppressionsUnlessExcluded()
    {
        var scan = TestScans.Run();
        var suppressed = Results(Sarif(scan)).Where(r => r.TryGetProperty("suppressions", out _)).ToList();
        Assert.Equal(3, suppressed.Count);
        Assert.All(suppressed, r => Assert.Equal("inSource", r.GetProperty("suppressions")[0].GetProperty("kind").GetString()));
        Assert.Contains(suppressed, r => r.GetProperty("suppressions")[0].GetProperty("justification").GetString() == "installer from our own domain, reviewed 2025-01");

        var upload = Results(Sarif(scan, new ReportOptions { ExcludeSuppressed = true })).ToList();
        Assert.DoesNotContain(upload, r => r.TryGetProperty("suppressions", out _));
        Assert.Equal(Results(Sarif(scan)).Count() - 3, upload.Count);
    }

    [Fact]
    public void CategoryBecomesAutomationDetailsId()
    {
        var run = Run(Sarif(TestScans.Run(), new ReportOptions { Category = "skills/python" }));
        Assert.Equal("skills/python/", run.GetProperty("automationDetails").GetProperty("id").GetString());
        Assert.Equal("x/", SarifWriter.AutomationId("x/"));
        Assert.False(Run(Sarif(TestScans.Run())).TryGetProperty("automationDetails", out _));
    }

    [Fact]
    public void IncompleteScanIsReportedInTheInvocation()
    {
        var skill = new Skill("big", "skills/big", []);
        var result = new ScanResult
        {
            Rules = [],
            Skills =
            [
                new SkillResult
                {
                    Skill = skill,
                    Findings = [],
                    Notifications = [ScanNotification.Warning("file-too-large", "skills/big/blob.js is 9,000,000 bytes, over the limit; not scanned", "skills/big/blob.js")],
                },
            ],
        };
        var invocation = Run(SarifWriter.ToBytes(result, new ReportOptions())).GetProperty("invocations")[0];
        Assert.True(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.True(invocation.GetProperty("properties").GetProperty("incomplete").GetBoolean());
        var note = Assert.Single(invocation.GetProperty("toolExecutionNotifications").EnumerateArray());
        Assert.Equal("warning", note.GetProperty("level").GetString());
        Assert.Equal("file-too-large", note.GetProperty("descriptor").GetProperty("id").GetString());
        Assert.Equal("skills/big/blob.js", note.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());

        result.Skills[0].Notifications.Add(ScanNotification.Error("skill-failed", "skills/big could not be scanned", "skills/big"));
        var failed = Run(SarifWriter.ToBytes(result, new ReportOptions())).GetProperty("invocations")[0];
        Assert.False(failed.GetProperty("executionSuccessful").GetBoolean());
    }

    [Fact]
    public void PolicyChangesAreConfigurationNotificationsAndOverrideReasonsAreOnTheRule()
    {
        var policy = PolicyFile.Parse("rules:\n  disable:\n    - { rule: SS9003, reason: not our concern }\n  severity:\n    - { rule: SS9001, severity: medium, reason: lab network only }\n",
            "skillscan.yml", TestScans.DataRoot);
        var run = Run(Sarif(TestScans.Run(policy: policy), new ReportOptions { Policy = policy }));
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.DoesNotContain(rules, r => r.GetProperty("id").GetString() == "SS9003");
        var pipe = rules.Single(r => r.GetProperty("id").GetString() == "SS9001");
        Assert.Equal("warning", pipe.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Equal("5.5", pipe.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Equal("lab network only", pipe.GetProperty("properties").GetProperty("severityOverrideReason").GetString());
        Assert.All(run.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("ruleId").GetString() == "SS9001"),
            r => Assert.Equal("warning", r.GetProperty("level").GetString()));
        var notes = run.GetProperty("invocations")[0].GetProperty("toolConfigurationNotifications").EnumerateArray()
            .Select(n => n.GetProperty("message").GetProperty("text").GetString()).ToList();
        Assert.Contains("Rule SS9003 is disabled by skillscan.yml: not our concern.", notes);
        Assert.Contains("Rule SS9001 has severity medium by skillscan.yml: lab network only.", notes);
    }

    [Fact]
    public void OutputIsByteIdenticalAcrossRunsAndThreadCounts()
    {
        var one = Sarif(TestScans.Run(threads: 1), new ReportOptions { Category = "skills" });
        var four = Sarif(TestScans.Run(threads: 4), new ReportOptions { Category = "skills" });
        var again = Sarif(TestScans.Run(threads: 4), new ReportOptions { Category = "skills" });
        Assert.Equal(one, four);
        Assert.Equal(four, again);
    }

    [Fact]
    public void HiddenCharactersAreEscapedInTheFile()
    {
        var text = Encoding.UTF8.GetString(Sarif(TestScans.Run()));
        Assert.DoesNotContain("\u202E", text);
        Assert.DoesNotContain("\u001B", text);
        Assert.Contains("\\u202E", text);
        Assert.Contains("\\u001B", text);
        // Readable otherwise: non-ASCII and Markdown characters are not escaped.
        Assert.Contains("télécharge", text);
        Assert.Contains("<!-- skillscan-ignore", text);
    }

    [Fact]
    public void ResultCountIsCappedAtGitHubsLimitKeepingTheMostSevere()
    {
        var skill = new Skill("many", "skills/many", []);
        var file = new SkillFile("a.sh", "skills/many/a.sh", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("x\n", 10)) ), Language.Bash);
        var doc = SourceDocument.ForFile(file);
        var low = TestRules.Descriptor("SS9101", "Low", Severity.Low, "Low.");
        var high = TestRules.Descriptor("SS9102", "High", Severity.High, "High.");
        var findings = Enumerable.Range(0, SarifWriter.MaxResults + 5)
            .Select(i => new SkillScan.Findings.Finding { Rule = i == 7 ? high : low, Severity = i == 7 ? Severity.High : Severity.Low, Message = $"m{i}", Document = doc, Span = new TextSpan(0, 1) })
            .ToList();
        var result = new ScanResult { Rules = [], Skills = [new SkillResult { Skill = skill, Findings = findings, Notifications = [] }] };
        var run = Run(SarifWriter.ToBytes(result, new ReportOptions()));
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(SarifWriter.MaxResults, results.Count);
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "SS9102");
        var note = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray()
            .Single(n => n.GetProperty("descriptor").GetProperty("id").GetString() == "results-truncated");
        Assert.Equal("error", note.GetProperty("level").GetString());
    }

    private static (byte[] Log, SarifSize Size) SarifWithin(long gzippedLimit, ScanResult result, ReportOptions options)
    {
        using var stream = new MemoryStream();
        var size = SarifWriter.Write(stream, result, options, gzippedLimit);
        return (stream.ToArray(), size);
    }

    private static (byte[] Log, SarifSize Size) SarifWithin(long gzippedLimit, int threads = 2)
    {
        var scan = TestScans.Run(threads);
        return SarifWithin(gzippedLimit, scan.Result, new ReportOptions { RootDirectory = TestScans.DataRoot, Outcome = scan.Outcome });
    }

    /// <summary>Findings whose long, varied code flows make up most of the log, on a file with lines around each.</summary>
    private static ScanResult FlowHeavyScan()
    {
        var skill = new Skill("flows", "skills/flows", []);
        var text = string.Concat(Enumerable.Range(1, 40).Select(i => $"line {i:D2}\n"));
        var doc = SourceDocument.ForFile(new SkillFile("a.sh", "skills/flows/a.sh", Encoding.UTF8.GetBytes(text), Language.Bash));
        var rule = TestRules.Descriptor("SS9101", "Flow", Severity.High, "Flow.");
        static TextSpan Word(int line) => new(8 * line, 8 * line + 4); // "line" on a line of 8 characters
        var findings = Enumerable.Range(0, 50).Select(i => new SkillScan.Findings.Finding
        {
            Rule = rule, Severity = Severity.High, Message = $"m{i}", Document = doc, Span = Word(i % 30 + 5),
            Flow = Enumerable.Range(0, 40).Select(j => new SkillScan.Semantics.FlowStep(doc, Word(j), $"step {Convert.ToHexString(BitConverter.GetBytes(i * 7919L + j * 104729L))}")).ToList(),
        }).ToList();
        return new ScanResult { Rules = [], Skills = [new SkillResult { Skill = skill, Findings = findings, Notifications = [] }] };
    }

    private static IEnumerable<JsonElement> Notes(JsonElement run, string id) =>
        run.GetProperty("invocations")[0].TryGetProperty("toolExecutionNotifications", out var notes)
            ? notes.EnumerateArray().Where(n => n.GetProperty("descriptor").GetProperty("id").GetString() == id)
            : [];

    [Fact]
    public void LogWithinTheGzippedLimitIsWrittenWhole()
    {
        var whole = Sarif(TestScans.Run());
        var (log, size) = SarifWithin(SarifWriter.GzippedSize(whole));
        Assert.Equal(whole, log);
        Assert.False(size.TooLarge);
        Assert.Empty(Notes(Run(log), "sarif-too-large"));
    }

    [Fact]
    public void LogOverTheGzippedLimitLosesCodeFlowsFirstKeepingEveryResultAndSnippet()
    {
        var scan = FlowHeavyScan();
        var (whole, _) = SarifWithin(long.MaxValue, scan, new ReportOptions());
        var limit = SarifWriter.GzippedSize(whole) / 2;
        var (log, size) = SarifWithin(limit, scan, new ReportOptions());

        Assert.False(size.TooLarge);
        Assert.Equal(SarifWriter.GzippedSize(log), size.GzippedBytes);
        var run = Run(log);
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(50, results.Count);
        Assert.All(results, r => Assert.False(r.TryGetProperty("codeFlows", out _)));
        Assert.All(results, r => Assert.True(r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").TryGetProperty("snippet", out _)));
        Assert.All(results, r => Assert.True(r.GetProperty("locations")[0].GetProperty("physicalLocation").TryGetProperty("contextRegion", out _)));
        var note = Assert.Single(Notes(run, "sarif-too-large"));
        Assert.Equal("warning", note.GetProperty("level").GetString());
        var message = note.GetProperty("message").GetProperty("text").GetString()!;
        Assert.Contains($"The log was {SarifWriter.Grouped(SarifWriter.GzippedSize(whole))} bytes gzipped", message);
        Assert.Contains("but code flows were left out: about", message);
        Assert.Contains("under the limit", message);
        Assert.Contains("--shard K/N", message);
        Assert.True(run.GetProperty("invocations")[0].GetProperty("properties").GetProperty("incomplete").GetBoolean());
        Assert.True(run.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean());
    }

    [Fact]
    public void LogStillOverTheLimitLosesSnippetsTooAndSaysGitHubWillRejectIt()
    {
        var (log, size) = SarifWithin(gzippedLimit: 1_000);
        Assert.True(size.TooLarge);
        var run = Run(log);
        Assert.Equal(Results(Sarif(TestScans.Run())).Count(), run.GetProperty("results").GetArrayLength());
        var text = Encoding.UTF8.GetString(log);
        Assert.DoesNotContain("\"codeFlows\"", text);
        Assert.DoesNotContain("\"snippet\"", text);
        Assert.DoesNotContain("\"contextRegion\"", text);
        var message = Assert.Single(Notes(run, "sarif-too-large")).GetProperty("message").GetProperty("text").GetString()!;
        Assert.Contains("code flows, snippets and context regions were left out", message);
        Assert.Contains("GitHub will reject the upload", message);

        var path = Path.Combine(_dir, "shrunk.sarif");
        File.WriteAllBytes(path, log);
        Assert.DoesNotContain(SarifValidator.Validate(path), r => r.Level is "error" or "warning");
    }

    [Fact]
    public void ShrunkLogIsTheSameBytesWhateverTheThreads()
    {
        Assert.Equal(SarifWithin(1_000, threads: 1).Log, SarifWithin(1_000, threads: 4).Log);
    }

    [Fact]
    public void TooLargeWarningIsOneLineNamingTheFileAndTheRemedy()
    {
        var warning = SkillScan.Cli.Commands.ScanCommand.TooLargeWarning(new SarifSize(12_345_678, SarifWriter.MaxGzippedBytes), "out.sarif");
        Assert.DoesNotContain('\n', warning);
        Assert.StartsWith("skillscan: warning: out.sarif is 12,345,678 bytes gzipped", warning);
        Assert.Contains("limit of 10,000,000", warning);
        Assert.Contains("--shard K/N", warning);
    }
}
