using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3001 FakePrerequisiteDownload.
/// <para><b>What it does:</b> in a prerequisite context — a section titled Prerequisites/Requirements/Setup/
/// Installation/Before you begin…, or a sentence saying something "is required" or must be installed "before
/// using" the skill — reports a URL that downloads an executable or archive (.exe .msi .dmg .pkg .zip .7z .rar
/// .AppImage .sh…), or points at a file host, a raw IP, a URL shortener, or a release page the reader is told to
/// run something from.</para>
/// <para><b>Why is this bad?</b> The skill text is harmless; the "required helper" is the malware. Setup steps are
/// followed without review, by people and by agents.</para>
/// <para><b>Allow-list:</b> hosts in <c>ScanSettings.AllowedInstallerDomains</c> lower the finding to medium
/// (review), never to silence.</para>
/// </summary>
public sealed partial class FakePrerequisiteDownloadDetector : SkillMdDetector
{
    public override string Name => "FakePrerequisiteDownload";

    protected override void Analyze(SkillMdRun run)
    {
        var model = run.Model;
        foreach (var unit in model.Units)
        {
            var urls = model.UrlsIn(unit.Span).Where(u => !u.InCode || InlineInUnit(model, unit, u)).ToList();
            if (urls.Count == 0) continue;
            var text = unit.Text;
            var runs = Catalog.RunVerbs.IsMatch(text);
            if (!runs && !Catalog.DownloadVerbs.IsMatch(text)) continue;
            if (PrerequisiteContext(model, unit) is not { } context) continue;
            foreach (var url in urls) Check(run, url, context, runs, SkillMdText.Where(unit), inCode: false);
        }

        // A setup code block that downloads a program and runs it ("Before using: wget …AppImage; chmod +x; ./…").
        foreach (var code in model.Code.Where(c => c.Kind is CodeKind.Fenced or CodeKind.Indented))
        {
            var lead = model.Units.LastOrDefault(u => !u.Hidden && u.Order < code.Order && u.Section == code.Section);
            var context = SectionContext(model, code.Section) ?? (lead is not null && Catalog.Prerequisite.IsMatch(lead.Text) ? "A setup instruction" : null);
            if (context is null) continue;
            var runs = RunsDownloadRegex().IsMatch(code.Text) || (lead is not null && Catalog.RunVerbs.IsMatch(lead.Text));
            if (!runs) continue;
            foreach (var url in model.UrlsIn(code.Span)) Check(run, url, context, runs, $" in the {code.Description}", inCode: true);
        }
    }

    private static void Check(SkillMdRun run, UrlRef url, string context, bool runs, string where, bool inCode)
    {
        var classes = UrlRisk.Classes(url.Value, run.Settings);
        var allowed = classes.Contains(UrlRisk.Installer);
        var vendor = classes.Contains(UrlRisk.Vendor);
        // Allow-listed installers in commands are the download-and-execute rule's to review (SS1201), not this one's.
        if (allowed && inCode) return;
        var file = UrlRisk.RiskyFile(url.Value);
        var what = file is not null ? $"`{file}`"
            : classes.Contains(UrlRisk.FileHost) || classes.Contains(UrlRisk.RawIp) || classes.Contains(UrlRisk.Shortener) ? $"a file from {UrlRisk.Describe(classes)}"
            : classes.Contains(UrlRisk.ReleasePage) && runs ? "a program from a release page"
            : null;
        if (what is null) return;
        var note = allowed ? " (an allow-listed installer domain: review it)" : vendor ? " (the vendor's own site: review it)" : "";
        run.Report(url.Span,
            $"{context} tells the reader to download and run {what} from {url.Host}{note}{where}: {SkillMdText.Quote(url.Value, 120)}.",
            allowed || vendor ? Severity.Medium : null,
            new Dictionary<string, string>
            {
                ["url"] = url.Value,
                ["file"] = file ?? "",
                ["host-class"] = UrlRisk.Describe(classes),
                ["context"] = context,
            });
    }

    /// <summary>URLs in inline code of the unit count (prose commands); URLs in code blocks are the code rules'.</summary>
    private static bool InlineInUnit(MarkdownModel model, ProseUnit unit, UrlRef url) =>
        model.Code.Any(c => c.Kind == CodeKind.Inline && c.Span.Contains(url.Span.Start) && unit.Span.Contains(c.Span.Start));

    /// <summary>"The 'Prerequisites' section" or "A setup instruction", or null when the unit is not one.</summary>
    private static string? PrerequisiteContext(MarkdownModel model, ProseUnit unit)
    {
        if (SectionContext(model, unit.Section) is { } section) return section;
        if (Catalog.Prerequisite.IsMatch(unit.Text)) return "A setup instruction";
        // A lead-in sentence earlier in the section ("Before using this skill you must install X:") governs its list.
        var lead = model.Units.FirstOrDefault(u => u.Section == unit.Section && u.Order < unit.Order && !u.Hidden && Catalog.Prerequisite.IsMatch(u.Text));
        return lead is null ? null : "A setup instruction";
    }

    private static string? SectionContext(MarkdownModel model, int section)
    {
        foreach (var s in model.SectionChain(section))
        {
            if (Catalog.Prerequisite.IsMatch(s.Title)) return $"The '{Cut(s.Title)}' section";
        }
        return null;
    }

    private static string Cut(string s) => s.Length > 60 ? s[..57] + "..." : s;

    [GeneratedRegex(@"chmod\s+(\+x|[0-7]*[1357][0-7]*\s)|\|\s*(sudo\s+)?(ba|z|da)?sh\b|(^|[;&|])\s*(\./|~/|/tmp/|\$HOME/)[\w./-]+|\b(bash|sh|zsh)\s+[\w~$./-]+\.sh\b|\bopen\s+\S+\.(app|dmg|pkg)\b|\b(start|msiexec|hdiutil|installer\s+-pkg|dpkg\s+-i|rpm\s+-i|unzip|7z\s+x|tar\s+-?x)\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex RunsDownloadRegex();
}
