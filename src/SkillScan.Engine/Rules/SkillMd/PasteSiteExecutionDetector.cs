using System.Text.RegularExpressions;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3003 PasteSiteExecution.
/// <para><b>What it does:</b> reports a paste-site URL (pastebin, glot.io, rentry, hastebin, paste.ee, raw gists…)
/// that the text tells the reader or the agent to run, execute, install, or copy and paste, or that a command
/// pipes into an interpreter.</para>
/// <para><b>Why is this bad?</b> A paste can be changed after anyone reviewed it, anonymously; running one is
/// running whatever its author wants today.</para>
/// <para><b>Not reported:</b> paste links given as references without an instruction to run them (the core rule
/// SS1802 notes every paste-site URL).</para>
/// </summary>
public sealed partial class PasteSiteExecutionDetector : SkillMdDetector
{
    public override string Name => "PasteSiteExecution";

    protected override void Analyze(SkillMdRun run)
    {
        var model = run.Model;
        var text = model.Document.Text;
        foreach (var url in model.Urls)
        {
            if (!UrlRisk.Classes(url.Value, run.Settings).Contains(UrlRisk.Paste)) continue;
            string? how = null;
            var code = model.Code.FirstOrDefault(c => c.Span.Contains(url.Span.Start));
            if (code is not null && PipeToInterpreterRegex().IsMatch(LineAround(text, url.Span.Start)))
            {
                how = $"a command in the {code.Description} pipes it into an interpreter";
            }
            var unit = model.Units.FirstOrDefault(u => !u.Hidden && u.Span.Contains(url.Span.Start)) ?? model.Units.FirstOrDefault(u => u.Span.Contains(url.Span.Start));
            if (how is null && unit is not null)
            {
                // The instruction may come in the next steps of a list: "1. Open <paste> 2. Copy it 3. Paste it in Terminal".
                var steps = model.Units.Where(u => !u.Hidden && u.Section == unit.Section && u.Order > unit.Order && u.Order <= unit.Order + 4).Prepend(unit);
                foreach (var step in steps)
                {
                    var copy = CopyScriptRegex().Match(step.Text);
                    var instruction = step.Find(Catalog.PasteTerminal).OrderBy(m => m.Index).Select(m => m.Value).FirstOrDefault() ?? ExecVerbRegex().Matches(step.Text)
                        .Where(m => !ProseText.IsNegated(step.Text, m.Index) && !ProseText.IsQuoted(step.Text, m.Index, m.Index + m.Length))
                        .Select(m => m.Value).FirstOrDefault() ?? (copy.Success ? copy.Value : null);
                    if (instruction is null) continue;
                    how = $"the text says {SkillMdText.Quote(instruction, 60)}";
                    break;
                }
            }
            if (how is null) continue;
            run.Report(url.Span,
                $"Paste-site content is to be run: {url.Value} — {how}; a paste can change after review and is anonymous.",
                evidence: new Dictionary<string, string> { ["url"] = url.Value, ["destination"] = url.Host });
        }
    }

    private static string LineAround(string text, int at)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var end = text.IndexOf('\n', at);
        return text[start..(end < 0 ? text.Length : end)];
    }

    [GeneratedRegex(@"\|\s*(sudo\s+)?((ba|z|da|k)?sh|python[0-9.]*|perl|ruby|node|iex|invoke-expression|powershell|pwsh)\b|\b(ba|z)?sh\s+(-c\s+)?[""']?\$\(|\b(python[0-9.]*|perl|ruby|node)\s+-[ce]\s+[""']?\$\(|<\(\s*(curl|wget)|\b(iex|invoke-expression|eval|source)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PipeToInterpreterRegex();

    [GeneratedRegex(@"\b(run|execute|install|paste|source|pipe|launch)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExecVerbRegex();

    [GeneratedRegex(@"\bcopy\b[^.\n]{0,40}\b(script|command|code|snippet|installer|line|text)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CopyScriptRegex();
}
