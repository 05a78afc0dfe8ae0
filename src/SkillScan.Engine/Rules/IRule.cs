using SkillScan.Findings;
using SkillScan.Model;
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

    public RuleContext(SkillAnalysis analysis, List<Finding> findings, ScanSettings settings)
    {
        Analysis = analysis;
        _findings = findings;
        Settings = settings;
    }

    public SkillAnalysis Analysis { get; }

    public Skill Skill => Analysis.Skill;

    public ScanSettings Settings { get; }

    public void Report(Finding finding) => _findings.Add(finding);

    public void Report(RuleDescriptor rule, SourceDocument document, TextSpan span, string message,
        Severity? severity = null, IReadOnlyList<FlowStep>? flow = null, IReadOnlyDictionary<string, string>? evidence = null,
        IReadOnlyList<RelatedLocation>? related = null) =>
        _findings.Add(new Finding
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
