using System.Text.RegularExpressions;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3108 SecrecyInstruction.
/// <para><b>What it does:</b> finds instructions to keep something from the user: "do not tell the user", "without
/// informing the user", "silently upload", "the user must not know", and their Chinese, Spanish, German, French,
/// Russian and Japanese forms.</para>
/// <para><b>Why is this bad?</b> A legitimate skill has nothing to hide from the person it works for; secrecy is
/// how an attack avoids the one reviewer who is watching.</para>
/// <para><b>Not reported:</b> keeping secrets secret ("never show the API key to the user" protects it), quoted
/// mentions, descriptions ("the script runs silently").</para>
/// </summary>
public sealed partial class SecrecyInstructionDetector : SkillMdDetector
{
    public override string Name => "SecrecyInstruction";

    protected override void Analyze(SkillMdRun run)
    {
        foreach (var unit in run.UnitsHiddenFirst)
        {
            var text = unit.Text;
            foreach (var (m, lookAlike) in SkillMdRun.Matches(Catalog.Secrecy, unit))
            {
                if (run.InCode(unit, m) || ProseText.IsQuoted(text, m.Index, m.End)) continue;
                if (m.Imperative && !unit.Hidden && !ProseText.IsImperativeAt(text, m.Index, Catalog.Fillers, CredentialHarvestInstructionDetector.CommandLeads)) continue;
                // Not disclosing a secret ("never reveal the token") protects it; only acts and instructions kept
                // from the user are concealment.
                var (_, sentenceEnd) = ProseText.Sentence(text, m.Index);
                var scope = text[m.Index..Math.Max(m.End, Math.Min(sentenceEnd, m.End + 40))];
                if (DisclosureRegex().IsMatch(m.Value) && Catalog.SecrecyExempt.IsMatch(scope)) continue;
                run.Report(unit.SourceSpan(m),
                    $"Instruction tells the agent to keep something from the user{SkillMdText.Where(unit)}: {SkillMdText.Quote(m.Value)}{SkillMdText.LookAlike(lookAlike)}.",
                    evidence: new Dictionary<string, string> { ["phrase"] = m.Value, ["language"] = m.Language, ["channel"] = SkillMdText.Channel(unit) });
            }
        }
    }

    [GeneratedRegex(@"\b(reveal|show|display|print|output|log|mention|disclose|include|echo|surface|share)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DisclosureRegex();
}
