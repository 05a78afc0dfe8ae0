using System.Diagnostics;
using SkillScan.Model;
using SkillScan.Pipeline;

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

/// <summary>Runs the engine over corpus skills the way a scan does (same intake minus the label files).</summary>
public static class CorpusScan
{
    public static CorpusScanResult Run(ScanEngine engine, IReadOnlyList<CorpusSkill> skills, string reportRoot,
        int threads = 0, CancellationToken cancellationToken = default)
    {
        var sources = Corpus.Sources(skills, reportRoot);
        var watch = Stopwatch.StartNew();
        var results = new ScanRunner(engine) { Threads = threads > 0 ? threads : Environment.ProcessorCount }.Run(sources, cancellationToken);
        foreach (var result in results) result.Verdict = VerdictOf(result);
        watch.Stop();
        return new CorpusScanResult(skills, results, watch.Elapsed);
    }

    /// <summary>
    /// The gate's verdict without a policy file: block on any unsuppressed critical/high finding, review on any
    /// medium one, and review when the scan was incomplete (what was not read cannot pass).
    /// </summary>
    public static Verdict VerdictOf(SkillResult result)
    {
        var verdict = Verdict.Pass;
        foreach (var f in result.Findings)
        {
            if (f.Suppression is null && f.Severity.ImpliedVerdict() > verdict) verdict = f.Severity.ImpliedVerdict();
        }
        return result.Incomplete && verdict < Verdict.Review ? Verdict.Review : verdict;
    }
}
