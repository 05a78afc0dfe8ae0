using System.Diagnostics;
using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Bench;

/// <summary>Stage times of one or more passes, summed over skills (and threads), in seconds.</summary>
public sealed record StageTotals(double ParseSeconds, double SemanticsSeconds, double RulesSeconds)
{
    /// <summary>(semantics + rules) / parse: the engine's cost above tree-sitter's floor. Target ≤ 1.</summary>
    public double? AnalysisOverParse => ParseSeconds > 0 ? (SemanticsSeconds + RulesSeconds) / ParseSeconds : null;
}

/// <summary>Parse throughput of one language (real files only; decoded payloads and code blocks are not counted).</summary>
public sealed record LanguageThroughput(Language Language, long Bytes, double ParseSeconds)
{
    /// <summary>10^6 bytes per second of parse time.</summary>
    public double? MegabytesPerSecond => ParseSeconds > 0 ? Bytes / ParseSeconds / 1e6 : null;
}

/// <summary>Time spent in one rule, and its share of all rules' time.</summary>
public sealed record RuleCost(string Id, string Name, double Seconds, double Share);

/// <summary>Everything `bench speed` measures, per pass (means over the measured passes, wall time the median).</summary>
public sealed class SpeedReport
{
    public required int Skills { get; init; }

    public required int Files { get; init; }

    /// <summary>Bytes of every file read by intake.</summary>
    public required long InputBytes { get; init; }

    public required int Threads { get; init; }

    public required int Iterations { get; init; }

    /// <summary>Median wall time of a pass: intake, parsing, analysis, rules, on all threads.</summary>
    public required TimeSpan Wall { get; init; }

    public required StageTotals Stages { get; init; }

    public required IReadOnlyList<LanguageThroughput> Languages { get; init; }

    /// <summary>Every rule's cost, most costly first.</summary>
    public required IReadOnlyList<RuleCost> Rules { get; init; }

    /// <summary>Peak working set of the process so far (includes the runtime and earlier work in the process).</summary>
    public required long PeakWorkingSetBytes { get; init; }

    /// <summary>Managed bytes allocated per pass (mean).</summary>
    public required long AllocatedBytesPerPass { get; init; }

    public double SkillsPerSecond => Wall > TimeSpan.Zero ? Skills / Wall.TotalSeconds : 0;

    public double MegabytesPerSecond => Wall > TimeSpan.Zero ? InputBytes / Wall.TotalSeconds / 1e6 : 0;

    public IReadOnlyList<RuleCost> TopRules(int count = 10) => Rules.Take(count).ToList();
}

/// <summary>One measured pass of the engine over a set of skills, its results already folded (so they can be freed).</summary>
/// <param name="Timings">The skills' stage timings summed.</param>
public sealed record SpeedPass(TimeSpan Wall, int Skills, int Files, long InputBytes, StageTimings Timings, long AllocatedBytes)
{
    public static SpeedPass From(TimeSpan wall, IReadOnlyList<SkillResult> results, long allocatedBytes)
    {
        var sum = new StageTimings();
        foreach (var t in results.Select(r => r.Timings))
        {
            sum.ParseTicks += t.ParseTicks;
            sum.SemanticsTicks += t.SemanticsTicks;
            sum.RulesTicks += t.RulesTicks;
            sum.ParsedBytes += t.ParsedBytes;
            foreach (var (language, (bytes, ticks)) in t.ParseByLanguage)
            {
                var (b, k) = sum.ParseByLanguage.GetValueOrDefault(language);
                sum.ParseByLanguage[language] = (b + bytes, k + ticks);
            }
            foreach (var (rule, ticks) in t.RuleTicks) sum.RuleTicks[rule] = sum.RuleTicks.GetValueOrDefault(rule) + ticks;
        }
        return new SpeedPass(wall, results.Count, results.Sum(r => r.Skill.Files.Count),
            results.Sum(r => r.Skill.Files.Sum(f => (long)f.Bytes.Length)), sum, allocatedBytes);
    }
}

/// <summary>
/// Times the engine on a set of skills: one warm-up pass (JIT, native library, catalogs), then measured passes.
/// Stage times come from the engine's own <see cref="StageTimings"/>; per-rule times need an engine built with
/// <c>CollectRuleTimings</c>.
/// </summary>
public static class SpeedBench
{
    public static SpeedReport Run(ScanEngine engine, IReadOnlyList<SkillSource> sources, int iterations = 3, int threads = 0,
        CancellationToken cancellationToken = default)
    {
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), "at least one measured pass");
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        var runner = new ScanRunner(engine) { Threads = threads };
        runner.Run(sources, cancellationToken);
        var passes = new List<SpeedPass>();
        for (var i = 0; i < iterations; i++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var results = runner.Run(sources, cancellationToken);
            watch.Stop();
            passes.Add(SpeedPass.From(watch.Elapsed, results, GC.GetTotalAllocatedBytes(precise: true) - allocated));
        }
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return Summarize(passes, engine.Rules.Select(r => r.Descriptor).ToList(), threads, process.PeakWorkingSet64);
    }

    /// <summary>Folds measured passes into a report: stage and rule times are means per pass, wall time the median.</summary>
    public static SpeedReport Summarize(IReadOnlyList<SpeedPass> passes, IReadOnlyList<Rules.RuleDescriptor> rules, int threads, long peakWorkingSet)
    {
        if (passes.Count == 0) throw new ArgumentException("no pass to summarize", nameof(passes));
        double perPass = passes.Count;
        double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency / perPass;

        var timings = passes.Select(p => p.Timings).ToList();
        var languages = timings.SelectMany(t => t.ParseByLanguage)
            .GroupBy(kv => kv.Key)
            .Select(g => new LanguageThroughput(g.Key, (long)(g.Sum(kv => kv.Value.Bytes) / perPass), Seconds(g.Sum(kv => kv.Value.Ticks))))
            .OrderByDescending(l => l.Bytes).ThenBy(l => l.Language)
            .ToList();
        var ruleTicks = timings.SelectMany(t => t.RuleTicks)
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
        var allRuleTicks = ruleTicks.Values.Sum();
        var names = rules.ToDictionary(r => r.Id, r => r.Name, StringComparer.Ordinal);
        var ruleCosts = ruleTicks
            .Select(kv => new RuleCost(kv.Key, names.GetValueOrDefault(kv.Key) ?? "", Seconds(kv.Value), allRuleTicks > 0 ? (double)kv.Value / allRuleTicks : 0))
            .OrderByDescending(r => r.Seconds).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();

        var walls = passes.Select(p => p.Wall).Order().ToList();
        var median = walls.Count % 2 == 1 ? walls[walls.Count / 2] : (walls[walls.Count / 2 - 1] + walls[walls.Count / 2]) / 2;
        return new SpeedReport
        {
            Skills = passes[0].Skills,
            Files = passes[0].Files,
            InputBytes = passes[0].InputBytes,
            Threads = threads,
            Iterations = passes.Count,
            Wall = median,
            Stages = new StageTotals(Seconds(timings.Sum(t => t.ParseTicks)), Seconds(timings.Sum(t => t.SemanticsTicks)), Seconds(timings.Sum(t => t.RulesTicks))),
            Languages = languages,
            Rules = ruleCosts,
            PeakWorkingSetBytes = peakWorkingSet,
            AllocatedBytesPerPass = (long)passes.Average(p => p.AllocatedBytes),
        };
    }
}
