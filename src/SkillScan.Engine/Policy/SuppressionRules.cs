using SkillScan.Model;
using SkillScan.Rules;

namespace SkillScan.Policy;

/// <summary>
/// SS0001 (rules/packs/meta.yaml): a <c>skillscan-ignore</c> comment that names rules but gives no reason.
/// It still suppresses; this finding makes the missing justification visible.
/// </summary>
public sealed class SuppressionWithoutReasonDetector : IBuiltinDetector
{
    public string Name => "SuppressionWithoutReason";

    public void Analyze(RuleDescriptor rule, RuleContext context)
    {
        foreach (var file in context.Skill.Files)
        {
            foreach (var d in InlineSuppressions.Parse(file))
            {
                if (d.RuleIds.Count == 0 || d.HasReason) continue;
                var form = d.FileLevel ? "skillscan-ignore-file" : "skillscan-ignore";
                context.Report(rule, SourceDocument.ForFile(file), d.Span,
                    $"{form} {string.Join(", ", d.RuleIds)} gives no reason. Write why the finding is acceptable after a colon: `{form} {d.RuleIds[0]}: reason`.");
            }
        }
    }
}

/// <summary>
/// SS0002 (rules/packs/meta.yaml): a <c>skillscan-ignore</c> comment that names no rule id, so it suppresses
/// nothing (suppressing every rule at once is deliberately not possible).
/// </summary>
public sealed class MalformedSuppressionDetector : IBuiltinDetector
{
    public string Name => "MalformedSuppression";

    public void Analyze(RuleDescriptor rule, RuleContext context)
    {
        foreach (var file in context.Skill.Files)
        {
            foreach (var d in InlineSuppressions.Parse(file))
            {
                if (d.RuleIds.Count > 0) continue;
                context.Report(rule, SourceDocument.ForFile(file), d.Span,
                    "This skillscan-ignore comment names no rule, so it suppresses nothing. Name the rules it is for: `skillscan-ignore SS1001: reason`.");
            }
        }
    }
}
