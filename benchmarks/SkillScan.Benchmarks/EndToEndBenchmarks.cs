using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SkillScan.Bench;
using SkillScan.Pipeline;
using SkillScan.Rules;

namespace SkillScan.Benchmarks;

/// <summary>
/// The corpus end to end as `skillscan bench accuracy` runs it: intake from disk (label files left out), parse,
/// semantics, every built-in rule, verdicts; with one thread and with every core. "Skills/s" is the corpus size
/// over the mean time; the ratio of the two rows is the parallel speed-up.
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 8)]
[MedianColumn]
[MemoryDiagnoser]
[Config(typeof(Config))]
public class EndToEndBenchmarks
{
    private IReadOnlyList<CorpusSkill> _skills = [];
    private ScanEngine _engine = null!;

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts() => new[] { 1, Environment.ProcessorCount }.Distinct();

    [GlobalSetup]
    public void Setup()
    {
        _skills = CorpusInputs.Labelled();
        _engine = EngineFactory.Create(RuleSet.Load().Rules);
    }

    [Benchmark(Description = "corpus, intake to verdicts")]
    public int Corpus() => CorpusScan.Run(_engine, _skills, CorpusInputs.RepoRoot, Threads).Results.Count;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new SkillsPerSecondColumn());
    }

    /// <summary>Corpus skills analysed per second of mean time.</summary>
    private sealed class SkillsPerSecondColumn : IColumn
    {
        private static readonly Lazy<int> SkillCount = new(() => CorpusInputs.Labelled().Count);

        public string Id => nameof(SkillsPerSecondColumn);
        public string ColumnName => "Skills/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Corpus skills per second, from the mean";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics?.Mean is > 0 and var meanNs
                ? (SkillCount.Value / (meanNs / 1e9)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
                : "-";
    }
}
