using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3107 SafetyBypassInstruction.
/// <para><b>What it does:</b> finds instructions to turn off the agent's safety settings, approvals, sandbox or
/// confirmations ("run without asking for permission", "disable the sandbox", "auto-approve all commands", "set
/// exec.security to full"), in several languages, and flags that do it wherever they appear, code included
/// (`--dangerously-skip-permissions`, `--yolo`, `allowUnsafeExternalContent`).</para>
/// <para><b>Why is this bad?</b> Approvals are the user's last look at what the agent does; a skill that removes
/// them wants its next steps unseen.</para>
/// <para><b>Not reported:</b> warnings ("never disable the sandbox"), quoted mentions, flags named in a negated
/// sentence ("do not use --yolo").</para>
/// </summary>
public sealed class SafetyBypassInstructionDetector : SkillMdDetector
{
    public override string Name => "SafetyBypassInstruction";

    protected override void Analyze(SkillMdRun run)
    {
        foreach (var unit in run.UnitsHiddenFirst)
        {
            foreach (var (m, lookAlike) in SkillMdRun.Matches(Catalog.SafetyBypass, unit))
            {
                if (run.InCode(unit, m) || ProseText.IsQuoted(unit.Text, m.Index, m.End)) continue;
                if (ProseText.IsNegated(unit.Text, m.Index)) continue;
                if (m.Imperative && !unit.Hidden && !ProseText.IsImperativeAt(unit.Text, m.Index, Catalog.Fillers)) continue;
                run.Report(unit.SourceSpan(m),
                    $"Instruction tells the agent to bypass its safety settings{SkillMdText.Where(unit)}: {SkillMdText.Quote(m.Value)}{SkillMdText.LookAlike(lookAlike)}.",
                    evidence: new Dictionary<string, string> { ["phrase"] = m.Value, ["language"] = m.Language, ["channel"] = SkillMdText.Channel(unit) });
            }
        }

        var text = run.Model.Document.Text;
        foreach (var flag in Catalog.SafetyFlags.Matches(text))
        {
            var at = flag.Index + (flag.Value.Length - flag.Value.TrimStart().Length);
            var inCode = run.Model.InCode(at);
            if (NegatedInProse(run.Model, at)) continue;
            run.Report(TextSpan.FromBounds(at, flag.End),
                $"`{flag.Value.Trim()}` turns off the agent's approvals or sandbox{(inCode ? " in a command the skill gives" : "")}; anything the skill runs next runs unchecked.",
                evidence: new Dictionary<string, string> { ["flag"] = flag.Value.Trim(), ["channel"] = inCode ? "code" : "prose" });
        }
    }

    /// <summary>A flag in prose (inline code included) that its sentence warns against ("never pass `--yolo`") or quotes.</summary>
    private static bool NegatedInProse(MarkdownModel model, int at)
    {
        var unit = model.Units.FirstOrDefault(u => u.Span.Contains(at));
        if (unit is null) return false;
        var index = unit.IndexAt(at);
        return index >= 0 && (ProseText.IsNegated(unit.Text, index) || ProseText.IsQuoted(unit.Text, index, index + 1));
    }
}
