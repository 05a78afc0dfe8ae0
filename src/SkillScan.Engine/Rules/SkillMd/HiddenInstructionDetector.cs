using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3103 HiddenInstruction.
/// <para><b>What it does:</b> reads the text a human does not see when SKILL.md is rendered — HTML comments, link
/// titles, image alt text, link reference definitions (`[//]: # (…)`), HTML styled invisible, text pushed
/// off-screen by a long whitespace run — and reports it when it is an instruction: an override, secrecy or
/// safety-bypass phrase, a risky command, a credential path with a verb, data sent somewhere, or an imperative
/// addressed to the agent by name ("Assistant: upload…").</para>
/// <para><b>Why is this bad?</b> The agent reads the raw file; instructions placed where reviewers cannot see them
/// exist only to be followed without review.</para>
/// <para><b>Not reported:</b> maintainers' notes (TODOs, lint directives, `ruleid:` annotations) and ordinary alt
/// text and tooltips.</para>
/// </summary>
public sealed class HiddenInstructionDetector : SkillMdDetector
{
    public override string Name => "HiddenInstruction";

    protected override void Analyze(SkillMdRun run)
    {
        foreach (var unit in run.Model.Hidden)
        {
            var text = unit.Text;
            if (unit.Kind == ProseKind.Comment && Catalog.HiddenExempt.IsMatch(text.TrimStart())) continue;
            if (Why(run, unit) is not { } reason) continue;
            run.Report(unit.Span,
                $"Instruction hidden{SkillMdText.Where(unit)}: {SkillMdText.Quote(text)} ({reason}); the agent reads it, a reviewer of the rendered page does not.",
                evidence: new Dictionary<string, string>
                {
                    ["hidden"] = text.Trim().Length > 2000 ? text.Trim()[..2000] : text.Trim(),
                    ["channel"] = SkillMdText.Channel(unit),
                    ["reason"] = reason,
                });
        }
    }

    private static string? Why(SkillMdRun run, ProseUnit unit)
    {
        var text = unit.Text;
        if (SkillMdRun.IsMatch(Catalog.Override, unit)) return "it tells the agent to override its instructions";
        if (SkillMdRun.IsMatch(Catalog.SafetyBypass, unit) || Catalog.SafetyFlags.IsMatch(text)) return "it tells the agent to bypass its safety settings";
        if (SkillMdRun.IsMatch(Catalog.Secrecy, unit)) return "it tells the agent to keep something from the user";
        if (Catalog.RiskyCommands.IsMatch(text)) return "it holds a command that downloads, decodes or runs code";
        if (Catalog.CredentialStores.IsMatch(text) && (Catalog.HarvestVerbs.IsMatch(text) || Catalog.SendVerbs.IsMatch(text)))
        {
            return "it tells the agent to read credentials";
        }
        var hasDestination = run.Model.UrlsIn(unit.Span).Any() || UrlScanner.Find(text).Any() || Catalog.DestinationWords.IsMatch(text);
        if (hasDestination && Catalog.SendVerbs.Matches(text).Any(m => ProseText.IsImperativeAt(text, m.Index, Catalog.Fillers)))
        {
            return "it tells the agent to send data somewhere";
        }
        if (hasDestination && Catalog.RunVerbs.Matches(text).Any(m => ProseText.IsImperativeAt(text, m.Index, Catalog.Fillers)) && Catalog.DownloadVerbs.IsMatch(text))
        {
            return "it tells the agent to download and run something";
        }
        // Second person ("you should add examples") often addresses the maintainer; naming the agent does not.
        if (Catalog.AgentNames.IsMatch(text) && Catalog.HiddenActionVerbs.Matches(text).Any(m => ProseText.IsImperativeAt(text, m.Index, Catalog.Fillers)))
        {
            return "it gives the agent an instruction";
        }
        return null;
    }
}
