using SkillScan.Intake;
using SkillScan.Intake.Archives;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Policy;
using SkillScan.Rules;

namespace SkillScan.Gate;

/// <summary>What to gate and how strictly.</summary>
public sealed record GateRequest
{
    /// <summary>A skill folder or an archive (.zip, .skill, .tar, .tgz, .tar.gz).</summary>
    public required string Target { get; init; }

    public PolicyFile Policy { get; init; } = PolicyFile.Default;

    /// <summary>The lowest verdict that fails the gate (exit 1): block (default) or review.</summary>
    public Verdict FailOn { get; init; } = Verdict.Block;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public ArchiveLimits Limits { get; init; } = ArchiveLimits.Default;

    /// <summary>The rules to run instead of the packs (tests).</summary>
    public IReadOnlyList<IRule>? Rules { get; init; }

    /// <summary>Folder of the result cache (docs/batch.md), outside the target; null: no cache.</summary>
    public string? CacheDirectory { get; init; }
}

/// <summary>The gate's decision: the scan behind it, the overall verdict and the exit code it implies.</summary>
public sealed record GateOutcome(PolicyScanResult Scan, Verdict Verdict, Verdict FailOn, string ReportRoot, PolicyFile Policy)
{
    public bool Failed => Verdict >= FailOn;

    /// <summary>0 pass (or review when only block fails), 1 a failing verdict.</summary>
    public int ExitCode => Failed ? 1 : 0;

    /// <summary>SHA-256 of the archive gated, when it was one.</summary>
    public string? ArchiveSha256 => Scan.Result.Skills.Select(s => s.Skill.ArchiveSha256).FirstOrDefault(h => h is not null);
}

/// <summary>
/// The pre-install gate: reads one skill (folder or archive, in memory), runs every rule under the policy with the
/// skill's own suppression comments ignored (its author wrote them), blocks archives carrying hostile entries, and
/// takes the worst verdict of what it found.
/// </summary>
public static class GateScan
{
    public static GateOutcome Run(GateRequest request, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(request.Target);
        var reportRoot = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(target)) ?? target;
        var intake = new IntakeOptions { ReportRoot = reportRoot };
        IReadOnlyList<SkillSource> sources;
        if (Directory.Exists(target))
        {
            sources = ScanRunner.FromFolders([target], intake);
        }
        else if (File.Exists(target))
        {
            // Read (and hash) the archive up front so that an unreadable archive is an input error, not a verdict.
            var skill = ArchiveIntake.ReadSkill(target, intake, request.Limits);
            sources = [new SkillSource(skill.RootRepoPath, () => skill)];
        }
        else
        {
            throw new ArchiveException($"no such file or folder: {request.Target}");
        }

        var scan = PolicyScan.Run(new PolicyScanRequest
        {
            Paths = [target],
            Sources = sources,
            ReportRoot = reportRoot,
            Policy = request.Policy,
            Rules = request.Rules,
            HonorInlineSuppressions = false,
            Threads = request.Threads,
            CacheDirectory = request.CacheDirectory,
        }, cancellationToken);
        ArchiveRefusals.RaiseVerdicts(scan.Result.Skills);
        var verdict = scan.Result.Skills.Count == 0 ? Verdict.Review : scan.Result.Skills.Max(s => s.Verdict);
        return new GateOutcome(scan, verdict, request.FailOn, reportRoot, request.Policy);
    }
}
