using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3002 PasteIntoTerminalInstruction.
/// <para><b>What it does:</b> finds "copy this and paste it into Terminal / PowerShell / the Run dialog" (and
/// ClickFix's "Win+R, Ctrl+V, Enter") and reports it when what is pasted is risky: a command that decodes,
/// downloads-and-runs, uses LOLBins (`iex`, `mshta`, `certutil`...), removes quarantine, or reaches a raw IP,
/// paste site or shortener; or a command the text does not show (it is behind a link to such a host); or when
/// the target is the Windows Run dialog.</para>
/// <para><b>Why is this bad?</b> Pasting runs the command with the user's rights, past every download check; the
/// Run-dialog variant exists only to smuggle malware.</para>
/// <para><b>Not reported:</b> pasting an ordinary visible command. Commands whose URLs are all on allow-listed
/// installer domains are reported at medium.</para>
/// </summary>
public sealed class PasteIntoTerminalInstructionDetector : SkillMdDetector
{
    private static readonly string[] PasteLeads = ["press", "hit", "tap", "hold", "open", "type", "copy", "paste", "use", "then", "and", "visit", "go", "run"];

    public override string Name => "PasteIntoTerminalInstruction";

    protected override void Analyze(SkillMdRun run)
    {
        var model = run.Model;
        foreach (var unit in run.UnitsHiddenFirst)
        {
            var text = unit.Text;
            var phrase = Catalog.PasteTerminal.First(text) ?? Catalog.RunDialog.First(text);
            if (phrase is not { } p || ProseText.IsQuoted(text, p.Index, p.End) || ProseText.IsNegated(text, p.Index)) continue;
            // An instruction ("press Win+R, paste…"), not a description of one ("attackers ask you to press Win+R").
            if (!unit.Hidden && !ProseText.IsImperativeAt(text, p.Index, Catalog.Fillers, PasteLeads)) continue;

            var runDialog = Catalog.RunDialog.IsMatch(text);
            var pasted = PastedCode(model, unit).ToList();
            var pastedText = string.Join("\n", pasted.Select(c => c.Text));
            var risky = Catalog.RiskyCommands.First(pastedText);
            // What is pasted may have been fetched in the steps before ("1. Open <url> 2. Copy the snippet 3. Paste it").
            var earlierSteps = model.Units.Where(u => !u.Hidden && u.Section == unit.Section && u.Order < unit.Order && u.Order >= unit.Order - 4);
            var urls = pasted.SelectMany(c => UrlScanner.Find(c.Text).Select(u => u.Value))
                .Concat(earlierSteps.Append(unit).SelectMany(u => model.UrlsIn(u.Span)).Where(u => !u.InCode).Select(u => u.Value)).ToList();
            var badUrl = urls.Select(u => (Url: u, Classes: UrlRisk.Classes(u, run.Settings)))
                .FirstOrDefault(u => u.Classes.Contains(UrlRisk.RawIp) || u.Classes.Contains(UrlRisk.Paste) || u.Classes.Contains(UrlRisk.Shortener) || u.Classes.Contains(UrlRisk.FileHost));
            var hiddenSource = pasted.Count == 0 && badUrl.Url is not null;

            string? why = runDialog ? "the Windows Run dialog (the ClickFix lure)"
                : risky is { } r ? $"a command that {(r.Value.Contains("base64", StringComparison.OrdinalIgnoreCase) || r.Value.Contains("xxd", StringComparison.OrdinalIgnoreCase) || r.Value.Contains("frombase64", StringComparison.OrdinalIgnoreCase) ? "decodes and runs hidden text" : "downloads or runs code")} ({SkillMdText.Quote(r.Value.Trim(), 60)})"
                : badUrl.Url is not null ? $"a command from {UrlRisk.Describe(badUrl.Classes)} ({badUrl.Url})"
                : null;
            if (why is null) continue;

            var allUrlsAllowed = urls.Count > 0 && urls.All(u => UrlRisk.Classes(u, run.Settings).Contains(UrlRisk.Installer));
            var severity = allUrlsAllowed && !runDialog && badUrl.Url is null ? Severity.Medium : (Severity?)null;
            run.Report(unit.SourceSpan(p),
                $"The reader is told to paste {(hiddenSource ? "text they cannot see here" : "a command")} into a terminal{SkillMdText.Where(unit)}: {SkillMdText.Quote(p.Value)} — {why}.",
                severity,
                new Dictionary<string, string>
                {
                    ["phrase"] = p.Value,
                    ["pasted"] = pastedText.Length > 2000 ? pastedText[..2000] : pastedText,
                    ["destination"] = badUrl.Url ?? urls.FirstOrDefault() ?? "",
                });
        }
    }

    /// <summary>The code the instruction refers to: inline code in the unit, else the next code block of its section.</summary>
    private static IEnumerable<CodeUnit> PastedCode(MarkdownModel model, ProseUnit unit)
    {
        var inline = model.Code.Where(c => c.Kind is CodeKind.Inline or CodeKind.CommandLine && unit.Span.Contains(c.Span.Start)).ToList();
        if (inline.Count > 0) return inline;
        var next = model.Code.FirstOrDefault(c => c.Order > unit.Order && c.Section == unit.Section && c.Kind is CodeKind.Fenced or CodeKind.Indented);
        if (next is null) return [];
        // Only when no other prose comes between the instruction and the block.
        var between = model.Units.Any(u => !u.Hidden && u.Order > unit.Order && u.Order < next.Order);
        return between ? [] : [next];
    }
}
