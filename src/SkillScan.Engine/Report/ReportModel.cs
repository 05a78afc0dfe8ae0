using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Policy;
using SkillScan.Rules;

namespace SkillScan.Report;

/// <summary>How a report is written (the same options serve SARIF, JSON and text).</summary>
public sealed record ReportOptions
{
    /// <summary>SARIF automationDetails.id (GitHub's analysis category); also recorded in JSON.</summary>
    public string? Category { get; init; }

    /// <summary>Leave suppressed findings out (GitHub ignores SARIF suppressions, so an upload wants this).</summary>
    public bool ExcludeSuppressed { get; init; }

    /// <summary>Absolute folder that repo paths are relative to (%SRCROOT%); recorded in originalUriBaseIds.</summary>
    public string? RootDirectory { get; init; }

    /// <summary>The policy applied (for the notes on disabled and overridden rules, and the fail level).</summary>
    public PolicyFile Policy { get; init; } = PolicyFile.Default;

    /// <summary>What the Policy stage decided (baseline results gone since, failing count); null when not applied.</summary>
    public PolicyOutcome? Outcome { get; init; }

    /// <summary>ANSI colour in the text report.</summary>
    public bool Color { get; init; }
}

/// <summary>One skill as the reports show it: its result and the findings that are reported.</summary>
public sealed record SkillView(SkillResult Result, IReadOnlyList<Finding> Findings);

/// <summary>
/// What every writer needs from a scan, computed once: the rules (with their index), the reported findings per
/// skill, notifications in a stable order, and the counts of the summary.
/// </summary>
public sealed class ReportModel
{
    private readonly Dictionary<string, int> _ruleIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _overrideReasons = new(StringComparer.Ordinal);

    public ReportModel(ScanResult result, ReportOptions options)
    {
        Result = result;
        Options = options;

        var rules = new Dictionary<string, RuleDescriptor>(StringComparer.Ordinal);
        foreach (var rule in result.Rules)
        {
            rules.TryAdd(rule.Descriptor.Id, rule.Descriptor);
            if (rule is OverriddenRule o) _overrideReasons[o.Descriptor.Id] = o.Reason;
        }
        // A finding of a rule the result does not list still needs its metadata.
        foreach (var f in result.Skills.SelectMany(s => s.Findings)) rules.TryAdd(f.Rule.Id, f.Rule);
        Rules = rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        for (var i = 0; i < Rules.Count; i++) _ruleIndex[Rules[i].Id] = i;

        Skills = result.Skills
            .Select(s => new SkillView(s, s.Findings.Where(f => !options.ExcludeSuppressed || f.Suppression is null).ToList()))
            .ToList();

        var notifications = new List<ScanNotification>();
        var seen = new HashSet<ScanNotification>();
        foreach (var n in result.Notifications.Concat(result.Skills.SelectMany(s => s.Notifications)))
        {
            if (seen.Add(n)) notifications.Add(n);
        }
        Notifications = notifications;

        foreach (var f in Skills.SelectMany(s => s.Findings))
        {
            if (f.Suppression is not null)
            {
                Suppressed++;
                continue;
            }
            switch (f.Severity.SarifLevel())
            {
                case "error": Errors++; break;
                case "warning": Warnings++; break;
                default: Notes++; break;
            }
        }
        if (options.ExcludeSuppressed) Suppressed = result.Skills.Sum(s => s.Findings.Count(f => f.Suppression is not null));
        foreach (var s in result.Skills) VerdictCounts[s.Verdict]++;
    }

    public ScanResult Result { get; }

    public ReportOptions Options { get; }

    /// <summary>Every rule that ran (and any rule a finding names), ordered by id.</summary>
    public IReadOnlyList<RuleDescriptor> Rules { get; }

    public IReadOnlyList<SkillView> Skills { get; }

    /// <summary>Scan-level notifications, then each skill's, without duplicates.</summary>
    public IReadOnlyList<ScanNotification> Notifications { get; }

    public IReadOnlyList<BaselineResult> Absent => Options.Outcome?.Absent ?? [];

    public int Errors { get; }

    public int Warnings { get; }

    public int Notes { get; }

    /// <summary>Suppressed findings (counted even when they are left out of the report).</summary>
    public int Suppressed { get; }

    public Dictionary<Verdict, int> VerdictCounts { get; } = new() { [Verdict.Pass] = 0, [Verdict.Review] = 0, [Verdict.Block] = 0 };

    public bool Incomplete => Notifications.Any(n => n.Level != NotificationLevel.Note);

    public int IncompleteNotices => Notifications.Count(n => n.Level != NotificationLevel.Note);

    /// <summary>
    /// What made the scan incomplete, for the summary: the files named by warning or error notifications, the
    /// notifications that name no file (a failed rule), and the notification ids (the limits hit).
    /// </summary>
    public (int Files, int Other, IReadOnlyList<string> Ids) IncompleteSummary
    {
        get
        {
            var notices = Notifications.Where(n => n.Level != NotificationLevel.Note).ToList();
            var files = notices.Where(n => n.RepoPath is not null).Select(n => n.RepoPath!).Distinct(StringComparer.Ordinal).Count();
            var ids = notices.Select(n => n.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return (files, notices.Count(n => n.RepoPath is null), ids);
        }
    }

    /// <summary>"2 files not fully analysed (file-too-large, parse-timeout)" (and problems that name no file).</summary>
    public string IncompleteText()
    {
        var (files, other, ids) = IncompleteSummary;
        var parts = new List<string>();
        if (files > 0) parts.Add(files == 1 ? "1 file not fully analysed" : $"{files:N0} files not fully analysed");
        if (other > 0) parts.Add(other == 1 ? "1 other problem" : $"{other:N0} other problems");
        return $"{string.Join(" and ", parts)} ({string.Join(", ", ids)})";
    }

    public int RuleIndex(string ruleId) => _ruleIndex.GetValueOrDefault(ruleId, -1);

    public string? OverrideReason(string ruleId) => _overrideReasons.GetValueOrDefault(ruleId);

    /// <summary>The physical file text of a finding's region (for snippets and code frames).</summary>
    public static string? RegionText(SkillFile file, SourceRegion region, int maxLength)
    {
        var text = file.Text;
        var lines = LineMapOf(file);
        var start = Math.Clamp(lines.LineStart(region.StartLine) + region.StartColumn - 1, 0, text.Length);
        var end = Math.Clamp(lines.LineStart(region.EndLine) + region.EndColumn - 1, start, text.Length);
        var length = end - start;
        return length > 0 && length <= maxLength ? text[start..end] : null;
    }

    /// <summary>Line maps of physical files, shared by the writers of one process (files are immutable).</summary>
    public static LineMap LineMapOf(SkillFile file) => LineMaps.GetValue(file, f => new LineMap(f.Text));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SkillFile, LineMap> LineMaps = new();
}
