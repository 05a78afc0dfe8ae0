using SkillScan.Intake;
using SkillScan.Model;

namespace SkillScan.Pipeline;

/// <summary>What a whole scan produced: one result per skill, in skill-path order, plus scan-level notices.</summary>
public sealed class ScanResult
{
    public required IReadOnlyList<SkillResult> Skills { get; init; }

    public List<ScanNotification> Notifications { get; init; } = new();

    public required IReadOnlyList<Rules.IRule> Rules { get; init; }

    public bool Incomplete => Notifications.Any(n => n.Level != NotificationLevel.Note) || Skills.Any(s => s.Incomplete);
}

/// <summary>A unit of work for the runner: how to get one skill into memory.</summary>
public sealed record SkillSource(string Key, Func<Skill> Load);

/// <summary>Runs the engine over many skills in parallel; results come back in a stable order.</summary>
public sealed class ScanRunner
{
    private readonly ScanEngine _engine;

    public ScanRunner(ScanEngine engine)
    {
        _engine = engine;
    }

    /// <summary>Threads to use (default: all cores).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Called after each skill (from worker threads) with (done, total, skill result).</summary>
    public Action<int, int, SkillResult>? Progress { get; init; }

    /// <summary>Results of unchanged skills are read from here instead of analysed (and new ones written); null: no cache.</summary>
    public ResultCache? Cache { get; init; }

    /// <summary>
    /// Source bytes (files a front end parses) of the skills analysed at the same time: a skill that would take the
    /// sum over this waits for the others, and one over it alone runs alone. Analysis memory grows with source (a
    /// skill may hold up to <see cref="Syntax.AnalysisLimits.MaxSyntaxNodesPerSkill"/> nodes, over a gigabyte), so two
    /// big skills side by side could double the peak; skills of ordinary size (kilobytes) run in parallel as before.
    /// Results do not depend on it (skills are independent); only the schedule does.
    /// </summary>
    public long MaxConcurrentSourceBytes { get; init; } = 1024 * 1024;

    private readonly object _admission = new();
    private long _bytesInFlight;
    private int _running;

    private long Admit(Skill skill)
    {
        var weight = Math.Min(_engine.ParsedBytes(skill), MaxConcurrentSourceBytes);
        lock (_admission)
        {
            while (_running > 0 && _bytesInFlight + weight > MaxConcurrentSourceBytes) Monitor.Wait(_admission);
            _bytesInFlight += weight;
            _running++;
        }
        return weight;
    }

    /// <summary>
    /// After a big skill (which ran alone): its trees and facts are garbage, and both the GC and glibc would keep the
    /// pages, so the next big skill's peak would stack on this one's. A compacting collection and a native trim
    /// cost tens of milliseconds, nothing next to the analysis of megabytes of source.
    /// </summary>
    private static void ReleaseMemory()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        TreeSitter.TsParsers.ReleaseFreeMemory();
    }

    private void Leave(long weight)
    {
        lock (_admission)
        {
            _bytesInFlight -= weight;
            _running--;
            Monitor.PulseAll(_admission);
        }
    }

    public IReadOnlyList<SkillResult> Run(IReadOnlyList<SkillSource> sources, CancellationToken cancellationToken = default)
    {
        var results = new SkillResult[sources.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Threads), CancellationToken = cancellationToken };
        Parallel.For(0, sources.Count, options, i =>
        {
            SkillResult result;
            try
            {
                var skill = sources[i].Load();
                var weight = Admit(skill);
                try
                {
                    result = Cache is { } cache
                        ? cache.GetOrAnalyze(skill, s => _engine.AnalyzeSkill(s, cancellationToken))
                        : _engine.AnalyzeSkill(skill, cancellationToken);
                }
                finally
                {
                    if (weight >= MaxConcurrentSourceBytes) ReleaseMemory();
                    Leave(weight);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var skill = new Skill(Path.GetFileName(sources[i].Key), sources[i].Key, Array.Empty<SkillFile>());
                result = new SkillResult
                {
                    Skill = skill,
                    Findings = new(),
                    Notifications = [ScanNotification.Error("skill-failed", $"{sources[i].Key} could not be scanned: {ex.GetType().Name}: {ex.Message}", sources[i].Key)],
                };
            }
            results[i] = result;
            var n = Interlocked.Increment(ref done);
            Progress?.Invoke(n, sources.Count, result);
        });
        return results;
    }

    /// <summary>Skills under folders on disk (archives are handled by the archive intake).</summary>
    public static IReadOnlyList<SkillSource> FromFolders(IEnumerable<string> paths, IntakeOptions options)
    {
        var roots = paths.SelectMany(p => SkillLocator.FindSkillRoots(p, options)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return roots.Select(r => new SkillSource(SkillLocator.RepoPath(options.ReportRoot, r), () => SkillLocator.ReadSkill(r, options))).ToList();
    }
}
