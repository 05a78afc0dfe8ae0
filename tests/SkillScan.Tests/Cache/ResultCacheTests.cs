using System.Text;
using SkillScan.Pipeline;
using SkillScan.Policy;
using SkillScan.Report;
using SkillScan.Report.Batch;

namespace SkillScan.Tests.Cache;

/// <summary>
/// The result cache (docs/batch.md, "Result cache") through PolicyScan: which skills are analysed (counted by the
/// cache, not timed), reports byte for byte equal to an uncached run, invalidation, recovery, and refusals.
/// </summary>
public sealed class ResultCacheTests : IDisposable
{
    /// <summary>Corpus skills with code flows, related locations, derived documents ("foundIn"), fixes, and none.</summary>
    private static readonly string[] CorpusSkills =
    [
        "malicious/aws-profile-switcher", "malicious/ssh-key-rotation", "malicious/react-component-gen",
        "benign/markdown-slides-cli", "benign/favicon-maker",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("skillscan-cache-").FullName;

    public ResultCacheTests()
    {
        foreach (var skill in CorpusSkills) CopySkill(TestRepo.PathOf("corpus", skill), Path.Combine(Skills, Path.GetFileName(skill)));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Skills => Path.Combine(_dir, "skills");

    private string CacheDir => Path.Combine(_dir, "cache");

    private static void CopySkill(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == "expected.yaml") continue; // the corpus label, not part of the skill
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private PolicyScanResult Scan(bool cache = true, PolicyFile? policy = null, IReadOnlyList<string>? rules = null, Baseline? baseline = null) =>
        PolicyScan.Run(new PolicyScanRequest
        {
            Paths = [Skills],
            ReportRoot = _dir,
            Policy = policy ?? PolicyFile.Default,
            ExtraRuleFolders = rules ?? [],
            Baseline = baseline,
            Threads = 2,
            CacheDirectory = cache ? CacheDir : null,
        });

    /// <summary>Every report a scan writes, concatenated: SARIF, JSON, JSON Lines, text with code frames, Markdown, HTML.</summary>
    private string Reports(PolicyScanResult scan, PolicyFile? policy = null)
    {
        var options = new ReportOptions { RootDirectory = _dir, Outcome = scan.Outcome, Policy = policy ?? PolicyFile.Default };
        var text = new StringBuilder();
        text.Append(Encoding.UTF8.GetString(SarifWriter.ToBytes(scan.Result, options)));
        text.Append(Encoding.UTF8.GetString(JsonReport.ToBytes(scan.Result, options)));
        using (var jsonl = new MemoryStream())
        {
            JsonLinesReport.Write(jsonl, scan.Result, options);
            text.Append(Encoding.UTF8.GetString(jsonl.ToArray()));
        }
        text.Append(TextReport.ToText(scan.Result, options));
        var markdown = new StringWriter();
        MarkdownSummary.Write(markdown, scan.Result, options);
        text.Append(markdown);
        using (var html = new MemoryStream())
        {
            HtmlReport.Write(html, scan.Result, options);
            text.Append(Encoding.UTF8.GetString(html.ToArray()));
        }
        return text.ToString();
    }

    private IReadOnlyList<string> Entries() =>
        Directory.Exists(CacheDir) ? Directory.EnumerateFiles(CacheDir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];

    private static void AssertUse(PolicyScanResult scan, int fromCache, int analysed)
    {
        Assert.NotNull(scan.Cache);
        Assert.True(scan.Cache.FromCache == fromCache && scan.Cache.Analysed == analysed,
            $"expected {fromCache} from cache and {analysed} analysed, got {scan.Cache}");
    }

    [Fact]
    public void SecondRunReadsEveryUnchangedSkillFromTheCacheWithIdenticalReports()
    {
        var uncached = Scan(cache: false);
        Assert.Null(uncached.Cache);
        var expected = Reports(uncached);
        Assert.Contains("\"codeFlows\"", expected);
        Assert.Contains("\"relatedLocations\"", expected);
        Assert.Contains("\"foundIn\"", expected);
        Assert.Contains("\"fixes\"", expected);

        var first = Scan();
        AssertUse(first, fromCache: 0, analysed: CorpusSkills.Length);
        Assert.Equal(CorpusSkills.Length, first.Cache!.Written);
        Assert.Equal(CorpusSkills.Length, Entries().Count);
        Assert.Equal(expected, Reports(first));

        var second = Scan();
        AssertUse(second, fromCache: CorpusSkills.Length, analysed: 0);
        Assert.Equal(0, second.Cache!.Written);
        Assert.Equal(expected, Reports(second));
        Assert.All(second.Result.Skills, s => Assert.Equal(0, s.Timings.ParseTicks + s.Timings.SemanticsTicks + s.Timings.RulesTicks));

        // Entries live at DIR/ab/abcdef….json and say their format.
        var entry = Entries()[0];
        Assert.Equal(Path.GetFileName(Path.GetDirectoryName(entry)), Path.GetFileName(entry)[..2]);
        Assert.StartsWith("{\"format\":\"skillscan-cache/1\"", File.ReadAllText(entry));
    }

    [Fact]
    public void ChangingOneFileReanalysesOnlyThatSkill()
    {
        Scan();
        var script = Directory.EnumerateFiles(Path.Combine(Skills, "aws-profile-switcher"), "*", SearchOption.AllDirectories)
            .First(f => Path.GetFileName(f) != "SKILL.md");
        File.AppendAllText(script, "\n# changed\n");

        var changed = Scan();
        AssertUse(changed, fromCache: CorpusSkills.Length - 1, analysed: 1);
        Assert.Equal(Reports(Scan(cache: false)), Reports(changed));
        AssertUse(Scan(), fromCache: CorpusSkills.Length, analysed: 0);
    }

    [Fact]
    public void ADifferentRulePackInvalidatesEveryEntry()
    {
        Scan();
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        var pack = Path.Combine(rules, "house.yaml");
        File.WriteAllText(pack, """
            pack: house
            rules:
              - id: HX1001
                name: HouseMarker
                category: meta
                severity: low
                precision: high
                summary: Marks the house word.
                match: { text: { pattern: 'aws' } }
            """);

        AssertUse(Scan(rules: [rules]), fromCache: 0, analysed: CorpusSkills.Length);
        var warm = Scan(rules: [rules]);
        AssertUse(warm, fromCache: CorpusSkills.Length, analysed: 0);
        Assert.Contains("HX1001", Reports(warm));
        Assert.Equal(Reports(Scan(cache: false, rules: [rules])), Reports(warm));

        // The same pack with one word changed is another rule set.
        File.WriteAllText(pack, File.ReadAllText(pack).Replace("the house word", "the house words"));
        AssertUse(Scan(rules: [rules]), fromCache: 0, analysed: CorpusSkills.Length);
        // And without the pack, the first entries are still there.
        AssertUse(Scan(), fromCache: CorpusSkills.Length, analysed: 0);
    }

    [Fact]
    public void UnusableEntriesAreIgnoredReanalysedAndRewritten()
    {
        var expected = Reports(Scan());
        var entries = Entries();
        var truncated = File.ReadAllBytes(entries[0]);
        File.WriteAllBytes(entries[0], truncated[..(truncated.Length / 2)]);
        File.WriteAllText(entries[1], "not json at all \0\xff");
        File.WriteAllText(entries[2], File.ReadAllText(entries[2]).Replace("skillscan-cache/1", "skillscan-cache/0"));
        File.WriteAllText(entries[3], "{\"format\":\"skillscan-cache/1\",\"key\":\"0000\",\"findings\":[],\"notifications\":[]}");

        var recovered = Scan();
        AssertUse(recovered, fromCache: CorpusSkills.Length - 4, analysed: 4);
        Assert.Equal(4, recovered.Cache!.Unusable);
        Assert.Equal(4, recovered.Cache.Written);
        Assert.StartsWith("ignored unusable entry ", recovered.Cache.Problem);
        Assert.Equal(expected, Reports(recovered));

        var again = Scan();
        AssertUse(again, fromCache: CorpusSkills.Length, analysed: 0);
        Assert.Equal(0, again.Cache!.Unusable);
        Assert.Empty(Directory.EnumerateFiles(CacheDir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void PolicyAppliesAfterTheCache()
    {
        var plain = Scan();
        var baselineFile = Path.Combine(_dir, "baseline.sarif");
        File.WriteAllBytes(baselineFile, SarifWriter.ToBytes(plain.Result, new ReportOptions { RootDirectory = _dir, Outcome = plain.Outcome }));

        // Severity overrides, the fail level and a baseline are the Policy stage's: cached results serve them.
        var policy = PolicyFile.Parse("""
            fail-level: warning
            rules:
              severity:
                - rule: SS1201
                  severity: low
                  reason: test
            """, Path.Combine(_dir, "skillscan.yml"), _dir);
        var baseline = Baseline.Load(baselineFile);
        var cached = Scan(policy: policy, baseline: baseline);
        AssertUse(cached, fromCache: CorpusSkills.Length, analysed: 0);
        var overridden = cached.Result.Skills.SelectMany(s => s.Findings).Where(f => f.Rule.Id == "SS1201").ToList();
        Assert.NotEmpty(overridden);
        Assert.All(overridden, f => Assert.Equal(SkillScan.Model.Severity.Low, f.Severity));
        Assert.Equal(Reports(Scan(cache: false, policy: policy, baseline: baseline), policy), Reports(cached, policy));
        Assert.Contains("\"baselineState\": \"unchanged\"", Reports(cached, policy));

        // What decides which rules run, or what they are told, is part of the key.
        var disabled = PolicyFile.Parse("rules:\n  disable:\n    - rule: SS1201\n      reason: test\n", Path.Combine(_dir, "skillscan.yml"), _dir);
        AssertUse(Scan(policy: disabled), fromCache: 0, analysed: CorpusSkills.Length);
        var allow = PolicyFile.Parse("allow:\n  domains: [example.org]\n", Path.Combine(_dir, "skillscan.yml"), _dir);
        AssertUse(Scan(policy: allow), fromCache: 0, analysed: CorpusSkills.Length);
    }

    [Fact]
    public void IncompleteSkillsAreNotCached()
    {
        var skill = Path.Combine(Skills, "linked");
        Directory.CreateDirectory(skill);
        File.WriteAllText(Path.Combine(skill, "SKILL.md"), "---\nname: linked\ndescription: L.\n---\nHello.\n");
        File.CreateSymbolicLink(Path.Combine(skill, "outside.txt"), "/etc/hostname");

        var first = Scan();
        Assert.True(first.Result.Skills.Single(s => s.Skill.Name == "linked").Incomplete);
        AssertUse(first, fromCache: 0, analysed: CorpusSkills.Length + 1);
        Assert.Equal(1, first.Cache!.NotCached);
        Assert.Equal(CorpusSkills.Length, Entries().Count);

        var second = Scan();
        AssertUse(second, fromCache: CorpusSkills.Length, analysed: 1);
        Assert.Equal(Reports(Scan(cache: false)), Reports(second));
    }

    [Fact]
    public void ACacheInsideTheScannedTreeIsRefused()
    {
        foreach (var inside in new[] { Skills, Path.Combine(Skills, "cache"), Path.Combine(Skills, "favicon-maker", ".cache") })
        {
            var ex = Assert.Throws<ArgumentException>(() => PolicyScan.Run(new PolicyScanRequest
            {
                Paths = [Skills], ReportRoot = _dir, CacheDirectory = inside,
            }));
            Assert.Contains($"is inside the scanned folder {Skills}", ex.Message);
        }
        Assert.False(Directory.Exists(Path.Combine(Skills, "cache")));

        // Through a symbolic link too.
        var link = Path.Combine(_dir, "link");
        Directory.CreateSymbolicLink(link, Skills);
        Assert.StartsWith($"is inside the scanned folder {Skills};", ResultCache.OverlapWithScanned(Path.Combine(link, "cache"), [Skills]));
        // A cache holding a scanned folder would write into it (entries go into two-letter subfolders).
        Assert.StartsWith($"holds the scanned folder {Skills};", ResultCache.OverlapWithScanned(_dir, [Skills]));
        Assert.Null(ResultCache.OverlapWithScanned(CacheDir, [Skills]));
        Assert.Null(ResultCache.OverlapWithScanned(Path.Combine(_dir, "skills-cache"), [Skills]));
    }
}
