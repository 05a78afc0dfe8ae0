using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Policy;

/// <summary>How the Policy stage treats a scan's findings.</summary>
public sealed record PolicyOptions
{
    public PolicyFile Policy { get; init; } = PolicyFile.Default;

    /// <summary>
    /// Honour <c>skillscan-ignore</c> comments. Right for a repository's own skills in CI; wrong for a skill
    /// about to be installed, whose author wrote those comments (a gate should turn this off).
    /// </summary>
    public bool HonorInlineSuppressions { get; init; } = true;

    public Baseline? Baseline { get; init; }

    /// <summary>Only findings new against the baseline fail the run (<c>--fail-on-new</c>).</summary>
    public bool FailOnNewOnly { get; init; }

    /// <summary>An incomplete scan (a file over a limit, a parser or rule failure) fails the run (<c>--fail-on-incomplete</c>).</summary>
    public bool FailOnIncomplete { get; init; }
}

/// <summary>What the Policy stage decided for the whole scan.</summary>
public sealed class PolicyOutcome
{
    /// <summary>Baseline results that no current finding matched (SARIF results with baselineState absent).</summary>
    public IReadOnlyList<BaselineResult> Absent { get; init; } = [];

    /// <summary>Unsuppressed findings at or above the fail level (new ones only with --fail-on-new).</summary>
    public int FailingFindings { get; init; }

    /// <summary>The scan was incomplete and <see cref="PolicyOptions.FailOnIncomplete"/> was asked.</summary>
    public bool IncompleteFails { get; init; }

    public bool Failed => FailingFindings > 0 || IncompleteFails;
}

/// <summary>
/// The Policy stage: severity overrides, inline suppressions, line-hash fingerprints, baseline states and the
/// verdict of every skill. It updates the findings of <paramref name="result"/> in place.
/// </summary>
public static class ScanPolicy
{
    /// <summary>Rules whose own findings can never be suppressed (they are about suppressions).</summary>
    public static readonly IReadOnlySet<string> UnsuppressibleRules = new HashSet<string>(StringComparer.Ordinal) { "SS0001", "SS0002" };

    public static PolicyOutcome Apply(ScanResult result, PolicyOptions options)
    {
        var overrides = options.Policy.SeverityOverrides.ToDictionary(o => o.RuleId, o => o.Severity, StringComparer.Ordinal);
        foreach (var skill in result.Skills)
        {
            foreach (var f in skill.Findings)
            {
                if (overrides.TryGetValue(f.Rule.Id, out var severity)) f.Severity = severity;
            }
            if (options.HonorInlineSuppressions) ApplyInlineSuppressions(skill);
            SetLineHashes(skill.Findings);
            skill.Verdict = Verdicts.Of(skill);
        }

        var all = result.Skills.SelectMany(s => s.Findings).ToList();
        var absent = options.Baseline?.Compare(all) ?? [];
        var failing = all.Count(f => f.Suppression is null && options.Policy.Fails(f.Severity)
            && (!options.FailOnNewOnly || f.BaselineState == BaselineStates.New));
        return new PolicyOutcome { Absent = absent, FailingFindings = failing, IncompleteFails = options.FailOnIncomplete && result.Incomplete };
    }

    private static void ApplyInlineSuppressions(SkillResult skill)
    {
        var byFile = new Dictionary<string, ILookup<int, SuppressionDirective>>(StringComparer.Ordinal);
        foreach (var f in skill.Findings)
        {
            if (f.Suppression is not null || UnsuppressibleRules.Contains(f.Rule.Id)) continue;
            var file = f.Document.File;
            if (!byFile.TryGetValue(file.RepoPath, out var byLine))
            {
                // Indexed by target line (0: file-level), so many comments and many findings stay cheap.
                byFile[file.RepoPath] = byLine = InlineSuppressions.Parse(file).ToLookup(d => d.FileLevel ? 0 : d.TargetLine);
            }
            var line = f.Location.Region.StartLine;
            var directive = byLine[line].Concat(byLine[0]).FirstOrDefault(d => d.Covers(f.Rule.Id, line));
            if (directive is not null) f.Suppression = new Suppression("inSource", directive.Reason ?? "", directive.Location);
        }
    }

    /// <summary>GitHub's primaryLocationLineHash of each finding's start line, each file hashed once.</summary>
    public static void SetLineHashes(IEnumerable<Finding> findings)
    {
        var byFile = new Dictionary<SkillFile, IReadOnlyList<string>>(ReferenceEqualityComparer.Instance);
        foreach (var f in findings)
        {
            var file = f.Document.File;
            if (!byFile.TryGetValue(file, out var hashes)) byFile[file] = hashes = LineHash.ForFile(file.Bytes);
            var line = f.Location.Region.StartLine;
            f.LineHash = line >= 1 && line <= hashes.Count ? hashes[line - 1] : null;
        }
    }
}

/// <summary>The verdict of one skill.</summary>
public static class Verdicts
{
    /// <summary>
    /// Block if any unsuppressed finding is error-level (critical/high), review if any is a warning (medium),
    /// otherwise pass. A skill whose scan was incomplete (a file skipped, a parser or rule failed) gets at
    /// least review: what was not read cannot be passed, and padding a payload past a limit must not pay.
    /// </summary>
    public static Verdict Of(SkillResult skill)
    {
        var verdict = Verdict.Pass;
        foreach (var f in skill.Findings)
        {
            if (f.Suppression is not null) continue;
            var v = f.Severity.ImpliedVerdict();
            if (v > verdict) verdict = v;
        }
        if (skill.Incomplete && verdict < Verdict.Review) verdict = Verdict.Review;
        return verdict;
    }
}
