using SkillScan.Policy;

namespace SkillScan.Tests.Report;

/// <summary>Scans of the report test skills (Report/TestData/skills) with the test rules and the meta pack.</summary>
internal static class TestScans
{
    public static string DataRoot => TestRepo.PathOf("tests", "SkillScan.Tests", "Report", "TestData");

    public static string Skills => Path.Combine(DataRoot, "skills");

    public static PolicyScanResult Run(int threads = 2, PolicyFile? policy = null, Baseline? baseline = null, bool failOnNew = false,
        string? path = null, string? root = null, bool honorSuppressions = true) =>
        PolicyScan.Run(new PolicyScanRequest
        {
            Paths = [path ?? Skills],
            ReportRoot = root ?? DataRoot,
            Rules = TestRules.WithMeta,
            Policy = policy ?? PolicyFile.Default,
            Baseline = baseline,
            FailOnNewOnly = failOnNew,
            Threads = threads,
            HonorInlineSuppressions = honorSuppressions,
        });
}
