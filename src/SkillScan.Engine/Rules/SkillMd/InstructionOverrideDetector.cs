using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3101 InstructionOverride.
/// <para><b>What it does:</b> finds instructions that try to replace the agent's own instructions ("ignore previous
/// instructions", "你的新任务是", "ignoriere alle vorherigen Anweisungen", "игнорируй предыдущие инструкции"...) in
/// English, Chinese, Spanish, German, French, Russian, Japanese, Korean, Portuguese and Italian, in visible and
/// hidden prose. The phrase lists are data (`override` in rules/catalogs/instructions.yaml).</para>
/// <para><b>Why is this bad?</b> A skill is loaded into the agent's context; an override phrase hijacks the agent
/// for whoever wrote the skill.</para>
/// <para><b>Not reported:</b> phrases in quotes or code (documents that talk about injection), and English phrases
/// that do not start an instruction ("attempts to ignore previous instructions").</para>
/// </summary>
public sealed class InstructionOverrideDetector : SkillMdDetector
{
    public override string Name => "InstructionOverride";

    protected override void Analyze(SkillMdRun run)
    {
        foreach (var unit in run.UnitsHiddenFirst)
        {
            foreach (var (m, lookAlike) in SkillMdRun.Matches(Catalog.Override, unit))
            {
                if (run.InCode(unit, m) || ProseText.IsQuoted(unit.Text, m.Index, m.End)) continue;
                if (m.Imperative && !unit.Hidden && !ProseText.IsImperativeAt(unit.Text, m.Index, Catalog.Fillers)) continue;
                run.Report(unit.SourceSpan(m),
                    $"Instruction aimed at the agent tries to override its instructions{SkillMdText.Where(unit)}: {SkillMdText.Quote(m.Value)} ({SkillMdText.LanguageName(m.Language)}){SkillMdText.LookAlike(lookAlike)}.",
                    evidence: new Dictionary<string, string>
                    {
                        ["phrase"] = m.Value,
                        ["language"] = m.Language,
                        ["channel"] = SkillMdText.Channel(unit),
                    });
            }
        }
    }
}
