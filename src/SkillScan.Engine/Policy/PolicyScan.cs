using SkillScan.Intake;
using SkillScan.Pipeline;
using SkillScan.Rules;

namespace SkillScan.Policy;

/// <summary>What to scan and under which policy (the library form of `skillscan scan`).</summary>
public sealed record PolicyScanRequest
{
    /// <summary>Skill folders or folders of skills (absolute or relative to the current directory).</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Report paths are relative to this folder (%SRCROOT%).</summary>
    public required string ReportRoot { get; init; }

    public PolicyFile Policy { get; init; } = PolicyFile.Default;

    /// <summary>Rule-pack folders besides the policy's own <c>rule-packs</c>.</summary>
    public IReadOnlyList<string> ExtraRuleFolders { get; init; } = [];

    /// <summary>The rules to run instead of the packs (tests, embedding); the policy still selects among them.</summary>
    public IReadOnlyList<IRule>? Rules { get; init; }

    public Baseline? Baseline { get; init; }

    public bool FailOnNewOnly { get; init; }

    /// <summary>An incomplete scan fails the run (see <see cref="PolicyOptions.FailOnIncomplete"/>).</summary>
    public bool FailOnIncomplete { get; init; }

    public bool HonorInlineSuppressions { get; init; } = true;

    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>File names never read as part of a skill (the corpus's expected.yaml labels).</summary>
    public IReadOnlySet<string> IgnoredFileNames { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The skills to scan, when the caller has them already (archives, a shard); then <see cref="Paths"/> is not read.</summary>
    public IReadOnlyList<SkillSource>? Sources { get; init; }

    /// <summary>Called after each skill (from worker threads) with (done, total, result): progress display.</summary>
    public Action<int, int, SkillResult>? Progress { get; init; }

    /// <summary>
    /// Folder of the result cache (docs/batch.md): unchanged skills are not analysed again. Must lie outside
    /// <see cref="Paths"/>. Null: no cache.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>With <see cref="Rules"/> and a cache: what identifies those rules (their code and data) in the cache key.</summary>
    public string? RulesFingerprint { get; init; }
}

/// <summary>A finished scan: the results (findings with policy applied) and the policy's decision.</summary>
public sealed record PolicyScanResult(ScanResult Result, PolicyOutcome Outcome)
{
    /// <summary>What the result cache did, when one was used.</summary>
    public CacheStatistics? Cache { get; init; }
}

/// <summary>
/// The whole pipeline under a policy: load the rules (built-in packs, the policy's and extra folders), check the
/// policy's rule ids against them, drop disabled rules, run every skill (files filtered by the policy's paths,
/// settings carrying its allow-lists; through the result cache when there is one), then apply the Policy stage.
/// The cache holds engine results, before the Policy stage: severity overrides, suppressions, baselines and the
/// fail level apply to cached results exactly as to fresh ones.
/// </summary>
public static class PolicyScan
{
    public static PolicyScanResult Run(PolicyScanRequest request, CancellationToken cancellationToken = default)
    {
        var policy = request.Policy;
        RuleSet? ruleSet = null;
        if (request.Rules is null)
        {
            // The packs load on this thread while another does the rule-independent start-up work.
            EngineWarmup.Begin();
            ruleSet = RuleSet.Load(policy.RulePackFolders.Concat(request.ExtraRuleFolders));
        }
        var available = request.Rules ?? ruleSet!.Rules;
        policy.CheckRuleIds(available.Select(r => r.Descriptor.Id));
        var rules = policy.SelectRules(available);

        var engine = EngineFactory.Create(rules, settings: policy.ApplyTo(ScanSettings.Default));
        ResultCache? cache = null;
        if (request.CacheDirectory is { } cacheDirectory)
        {
            if (ResultCache.OverlapWithScanned(cacheDirectory, request.Paths) is { } overlap)
            {
                throw new ArgumentException($"the cache folder {cacheDirectory} {overlap}", nameof(request));
            }
            var fingerprint = ruleSet?.Fingerprint() ?? request.RulesFingerprint
                ?? throw new ArgumentException("a cache with custom rules needs their RulesFingerprint", nameof(request));
            cache = new ResultCache(cacheDirectory, engine, fingerprint, available.Select(r => r.Descriptor));
        }
        var sources = (request.Sources ?? ScanRunner.FromFolders(request.Paths, new IntakeOptions { ReportRoot = request.ReportRoot, IgnoredFileNames = request.IgnoredFileNames }))
            .Select(s => new SkillSource(s.Key, () => policy.Paths.Apply(s.Load())))
            .ToList();
        var skills = new ScanRunner(engine) { Threads = request.Threads, Progress = request.Progress, Cache = cache }.Run(sources, cancellationToken);
        var result = new ScanResult { Skills = skills, Rules = rules };
        var outcome = ScanPolicy.Apply(result, new PolicyOptions
        {
            Policy = policy,
            Baseline = request.Baseline,
            FailOnNewOnly = request.FailOnNewOnly,
            FailOnIncomplete = request.FailOnIncomplete,
            HonorInlineSuppressions = request.HonorInlineSuppressions,
        });
        return new PolicyScanResult(result, outcome) { Cache = cache?.Statistics };
    }
}
