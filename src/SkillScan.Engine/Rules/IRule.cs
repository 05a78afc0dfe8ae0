using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Policy;
using SkillScan.Semantics;

namespace SkillScan.Rules;

/// <summary>
/// A rule: a descriptor plus detection code that asks the fact model questions. YAML rules (matcher kinds
/// flow/call/query/text/command) and built-in C# rules both implement this.
/// </summary>
public interface IRule
{
    RuleDescriptor Descriptor { get; }

    void Analyze(RuleContext context);
}

/// <summary>What a rule sees for one skill, and where it reports.</summary>
public sealed class RuleContext
{
    private readonly List<Finding> _findings;
    private readonly int _maxFindings;
    private readonly Dictionary<(string RuleId, string Path, Severity Severity, bool Suppressible), int> _counts = new();
    private readonly HashSet<(string RuleId, string Path)> _capped = new();
    private Dictionary<string, HashSet<(string RuleId, int Line)>>? _directives;

    /// <param name="maxFindingsPerRuleAndFile">See <see cref="Syntax.AnalysisLimits.MaxFindingsPerRuleAndFile"/>.</param>
    public RuleContext(SkillAnalysis analysis, List<Finding> findings, ScanSettings settings, int maxFindingsPerRuleAndFile = int.MaxValue)
    {
        Analysis = analysis;
        _findings = findings;
        Settings = settings;
        _maxFindings = maxFindingsPerRuleAndFile;
    }

    public SkillAnalysis Analysis { get; }

    public Skill Skill => Analysis.Skill;

    public ScanSettings Settings { get; }

    /// <summary>
    /// Adds a finding, unless its rule already reported <c>maxFindingsPerRuleAndFile</c> findings of the same severity
    /// in the same file (a 5 MiB file of one-line droppers is 100,000 findings a rule, gigabytes of report). The cap
    /// is counted apart for each severity, and for lines a <c>skillscan-ignore</c> comment names, so what is dropped
    /// never changes a verdict or an exit code; the first drop adds a `finding-limit` warning naming the file and the
    /// rule (the scan is incomplete). Returns whether the finding was kept.
    /// </summary>
    public bool Report(Finding finding)
    {
        if (_maxFindings != int.MaxValue)
        {
            var file = finding.Document.File;
            var line = finding.Location.Region.StartLine;
            var key = (finding.Rule.Id, file.RepoPath, finding.Severity, Suppressible(file, finding.Rule.Id, line));
            var count = _counts.GetValueOrDefault(key);
            if (count >= _maxFindings)
            {
                if (_capped.Add((finding.Rule.Id, file.RepoPath)))
                {
                    Analysis.Notifications.Add(ScanNotification.Warning("finding-limit",
                        $"{file.RepoPath}: rule {finding.Rule.Id} found more than {_maxFindings:N0} results of one severity in this file; the rest are not reported.",
                        file.RepoPath));
                }
                return false;
            }
            _counts[key] = count + 1;
        }
        _findings.Add(finding);
        return true;
    }

    public void Report(RuleDescriptor rule, SourceDocument document, TextSpan span, string message,
        Severity? severity = null, IReadOnlyList<FlowStep>? flow = null, IReadOnlyDictionary<string, string>? evidence = null,
        IReadOnlyList<RelatedLocation>? related = null) =>
        Report(new Finding
        {
            Rule = rule,
            Severity = severity ?? rule.Severity,
            Message = message,
            Document = document,
            Span = span,
            Flow = flow,
            Evidence = evidence ?? new Dictionary<string, string>(),
            Related = related ?? Array.Empty<RelatedLocation>(),
        });

    /// <summary>Whether an inline suppression comment names the rule on that line (or the whole file).</summary>
    private bool Suppressible(SkillFile file, string ruleId, int line)
    {
        _directives ??= new Dictionary<string, HashSet<(string RuleId, int Line)>>(StringComparer.Ordinal);
        if (!_directives.TryGetValue(file.RepoPath, out var covered))
        {
            covered = new HashSet<(string RuleId, int Line)>();
            foreach (var d in InlineSuppressions.Parse(file))
            {
                foreach (var id in d.RuleIds) covered.Add((id, d.FileLevel ? 0 : d.TargetLine));
            }
            _directives[file.RepoPath] = covered;
        }
        return covered.Count > 0 && (covered.Contains((ruleId, line)) || covered.Contains((ruleId, 0)));
    }
}

/// <summary>Settings the rules may read: allow-lists from the policy (installer domains, trusted hosts...).</summary>
public sealed class ScanSettings
{
    public static readonly ScanSettings Default = new();

    /// <summary>Domains whose download-and-run installers are lowered to review (never silenced).</summary>
    public IReadOnlyList<string> AllowedInstallerDomains { get; init; } =
    [
        "rustup.rs", "sh.rustup.rs", "astral.sh", "brew.sh", "raw.githubusercontent.com/Homebrew", "deno.land",
        "nodejs.org", "bun.sh", "get.docker.com", "sdkman.io", "pyenv.run", "install.python-poetry.org",
        "github.com/nvm-sh", "raw.githubusercontent.com/nvm-sh", "get.pnpm.io", "volta.sh", "starship.rs",
    ];

    /// <summary>Domains the policy trusts as destinations (lowers network findings to them).</summary>
    public IReadOnlyList<string> AllowedDomains { get; init; } = Array.Empty<string>();

    /// <summary>Packages the policy allows to float (pinning).</summary>
    public IReadOnlyList<string> AllowedPackages { get; init; } = Array.Empty<string>();

    /// <summary>Skill sources/publishers trusted for `skill install` references.</summary>
    public IReadOnlyList<string> TrustedSources { get; init; } = Array.Empty<string>();

    /// <summary>Skill publishers (registry owners, GitHub orgs) the policy trusts.</summary>
    public IReadOnlyList<string> TrustedPublishers { get; init; } = Array.Empty<string>();
}
