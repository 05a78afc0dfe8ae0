using System.Diagnostics;
using SkillScan.Pipeline;
using SkillScan.Policy;

namespace SkillScan.Bench;

/// <summary>One pass of the engine over a labelled corpus.</summary>
/// <param name="Results">One result per skill, in the order of <paramref name="Skills"/>, verdicts set.</param>
/// <param name="Elapsed">Wall time of the pass: intake, analysis and verdicts, on all threads.</param>
public sealed record CorpusScanResult(IReadOnlyList<CorpusSkill> Skills, IReadOnlyList<SkillResult> Results, TimeSpan Elapsed)
{
    /// <summary>The skills with what fired on them, ready for <see cref="AccuracyBench.Compute"/>.</summary>
    public IReadOnlyList<ScoredSkill> Scored() =>
        Skills.Select((s, i) => ScoredSkill.From(s, Results[i])).ToList();
}

/// <summary>Runs the engine over corpus skills and judges them as the install gate does (same intake minus the label files).</summary>
public static class CorpusScan
{
    public static CorpusScanResult Run(ScanEngine engine, IReadOnlyList<CorpusSkill> skills, string reportRoot,
        int threads = 0, CancellationToken cancellationToken = default)
    {
        var sources = Corpus.Sources(skills, reportRoot);
        var watch = Stopwatch.StartNew();
        var results = new ScanRunner(engine) { Threads = threads > 0 ? threads : Environment.ProcessorCount }.Run(sources, cancellationToken);
        // The install gate's view: default policy, and the skill author's own skillscan-ignore comments do not count.
        ScanPolicy.Apply(new ScanResult { Skills = results, Rules = engine.Rules }, new PolicyOptions { HonorInlineSuppressions = false });
        watch.Stop();
        return new CorpusScanResult(skills, results, watch.Elapsed);
    }
}
