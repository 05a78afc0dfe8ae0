using SkillScan.Model;
using SkillScan.Rules;
using SkillScan.Semantics;

namespace SkillScan.Findings;

/// <summary>A related place a finding points at (e.g. where the decoded payload came from).</summary>
public sealed record RelatedLocation(SourceLocation Location, string Message);

/// <summary>An inline or policy suppression applied to a finding.</summary>
public sealed record Suppression(string Kind, string Justification, SourceLocation? Location = null);

/// <summary>One result: a rule that fired at a place, with its evidence.</summary>
public sealed class Finding
{
    public required RuleDescriptor Rule { get; init; }

    /// <summary>Effective severity (the rule's, or raised/lowered by the rule's logic or the policy).</summary>
    public required Severity Severity { get; set; }

    /// <summary>What was found here; first sentence is the title.</summary>
    public required string Message { get; init; }

    public required SourceDocument Document { get; init; }

    /// <summary>Span in <see cref="Document"/>; mapped to the physical file for reporting.</summary>
    public required TextSpan Span { get; init; }

    public SourceLocation Location => Document.Locate(Span);

    /// <summary>Source-to-sink steps for flow findings (SARIF codeFlows).</summary>
    public IReadOnlyList<FlowStep>? Flow { get; init; }

    public IReadOnlyList<RelatedLocation> Related { get; init; } = Array.Empty<RelatedLocation>();

    /// <summary>Extra evidence shown in reports and SARIF properties: "decoded", "destination", "declared"...</summary>
    public IReadOnlyDictionary<string, string> Evidence { get; init; } = new Dictionary<string, string>();

    /// <summary>A mechanical fix (pinning): replacement text for <see cref="Span"/>.</summary>
    public string? FixReplacement { get; init; }

    public string? FixDescription { get; init; }

    public Suppression? Suppression { get; set; }

    /// <summary>SARIF baselineState when a baseline was given: new, unchanged, updated, absent.</summary>
    public string? BaselineState { get; set; }

    /// <summary>GitHub-compatible primaryLocationLineHash, set by the Findings stage.</summary>
    public string? LineHash { get; set; }
}
