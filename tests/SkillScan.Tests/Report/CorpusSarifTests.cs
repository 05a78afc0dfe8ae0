using SkillScan.Policy;
using SkillScan.Report;
using Xunit.Abstractions;

namespace SkillScan.Tests.Report;

/// <summary>The whole labelled corpus through the real rule packs, written as SARIF and checked by Microsoft's validator.</summary>
public sealed class CorpusSarifTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skillscan-corpus-sarif-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CorpusScanPassesTheValidatorAndIsDeterministic()
    {
        var corpus = TestRepo.PathOf("corpus");
        Assert.True(Directory.Exists(corpus), "corpus/ is part of the repository");
        PolicyScanResult Scan(int threads) => PolicyScan.Run(new PolicyScanRequest
        {
            Paths = [corpus],
            ReportRoot = TestRepo.Root,
            Threads = threads,
            IgnoredFileNames = new HashSet<string>(StringComparer.Ordinal) { "expected.yaml" },
        });

        var scan = Scan(threads: 4);
        Assert.True(scan.Result.Skills.Count >= 200, $"expected the whole corpus, got {scan.Result.Skills.Count} skills");
        var options = new ReportOptions { Category = "corpus", RootDirectory = TestRepo.Root, Outcome = scan.Outcome };
        var sarif = SarifWriter.ToBytes(scan.Result, options);
        var path = Path.Combine(_dir, "corpus.sarif");
        File.WriteAllBytes(path, sarif);

        var results = SarifValidator.Validate(path);
        var findings = scan.Result.Skills.Sum(s => s.Findings.Count);
        output.WriteLine($"{scan.Result.Skills.Count} skills, {findings} findings, {sarif.Length:N0} bytes of SARIF");
        foreach (var group in results.GroupBy(r => (r.Level, r.Rule)).OrderBy(g => g.Key.Level))
        {
            output.WriteLine($"validator {group.Key.Level} {group.Key.Rule}: {group.Count()} (e.g. {group.First().Detail})");
        }
        Assert.DoesNotContain(results, r => r.Level == "error");

        var again = Scan(threads: 1);
        Assert.Equal(sarif, SarifWriter.ToBytes(again.Result, options with { Outcome = again.Outcome }));
    }
}
