using BenchmarkDotNet.Attributes;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Rules;

namespace SkillScan.Benchmarks;

/// <summary>
/// The cost of the rules on the corpus, pack by pack: every corpus skill (read into memory once) analysed on one
/// thread with no rule (the baseline: parse + semantics) and with the rules of one pack, or of all packs. The
/// difference is what the pack's rules cost; `skillscan bench speed` breaks it down per rule.
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 8)]
[MedianColumn]
public class RulesCostBenchmarks
{
    private IReadOnlyList<Skill> _skills = [];
    private ScanEngine _noRules = null!;
    private ScanEngine _withRules = null!;

    /// <summary>A built-in pack name, or "all".</summary>
    [ParamsSource(nameof(Selections))]
    public string Rules { get; set; } = "all";

    public static IEnumerable<string> Selections() =>
        RuleSet.BuiltinPacks().Select(p => p.Name).Order(StringComparer.Ordinal).Append("all");

    [GlobalSetup]
    public void Setup()
    {
        _skills = CorpusInputs.InMemory();
        var packs = RuleSet.BuiltinPacks().Where(p => Rules == "all" || p.Name == Rules).ToList();
        _noRules = EngineFactory.Create([]);
        _withRules = EngineFactory.Create(new RuleSet(packs).Rules);
    }

    [Benchmark(Baseline = true, Description = "no rules")]
    public int NoRules() => AnalyzeAll(_noRules);

    [Benchmark(Description = "with the rules")]
    public int WithRules() => AnalyzeAll(_withRules);

    private int AnalyzeAll(ScanEngine engine)
    {
        var findings = 0;
        foreach (var skill in _skills) findings += engine.AnalyzeSkill(skill).Findings.Count;
        return findings;
    }
}
