using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3203 InstallSpecFromUntrustedSource.
/// <para><b>What it does:</b> reads `metadata.openclaw.install` in SKILL.md's front matter. A spec that downloads
/// (kind `download`, or a package given as a URL) from a raw IP, a paste site, a URL shortener, a file host or
/// over plain http is reported high. A download from any other host that is not on the installer allow-list and
/// carries no checksum (`sha256`, `checksum`, `integrity`) is reported medium. Allow-listed installer hosts, and
/// checksummed release downloads, are not reported (the pinning pack checks versions).</para>
/// <para><b>Why is this bad?</b> The agent runs install specs when the skill is enabled, often without asking; a
/// download from an anonymous or unverifiable source is a second stage waiting to happen.</para>
/// </summary>
public sealed class InstallSpecFromUntrustedSourceDetector : SkillMdDetector
{
    private static readonly string[] ChecksumKeys = ["sha256", "sha512", "checksum", "integrity", "digest", "hash"];

    public override string Name => "InstallSpecFromUntrustedSource";

    protected override void Analyze(SkillMdRun run)
    {
        if (!run.Model.IsSkillMd) return;
        var manifest = SkillManifest.For(run.Context.Analysis);
        foreach (var spec in manifest.Install)
        {
            var url = spec.Url ?? (spec.Target is { } t && t.Contains("://", StringComparison.Ordinal) ? t : null);
            if (url is null) continue;
            var classes = UrlRisk.Classes(url, run.Settings);
            if (classes.Contains(UrlRisk.Installer)) continue;
            var bad = classes.Contains(UrlRisk.RawIp) || classes.Contains(UrlRisk.Paste) || classes.Contains(UrlRisk.Shortener)
                || classes.Contains(UrlRisk.FileHost) || classes.Contains(UrlRisk.Http);
            var node = manifest.AgentBlock is null ? null : FindSpecNode(manifest, spec);
            var checksummed = node is not null && ChecksumKeys.Any(k => node[k] is not null);
            if (!bad && checksummed) continue;
            var label = spec.Id ?? spec.Label ?? $"#{spec.Index + 1}";
            var span = spec.UrlSpan ?? spec.Span;
            run.Report(span,
                bad
                    ? $"Install spec {label} ({spec.Kind}) downloads from {UrlRisk.Describe(classes)}: {url}; the agent would install whatever that address serves."
                    : $"Install spec {label} ({spec.Kind}) downloads from {UrlScanner.HostOf(UrlScanner.Normalize(url))}, which is not an allow-listed installer host, without a checksum: {url}.",
                bad ? null : Severity.Medium,
                new Dictionary<string, string>
                {
                    ["url"] = url,
                    ["host-class"] = UrlRisk.Describe(classes),
                    ["checksum"] = checksummed ? "yes" : "no",
                });
        }
    }

    private static Syntax.Markdown.YamlMappingValue? FindSpecNode(SkillManifest manifest, InstallSpec spec) =>
        manifest.AgentBlock?["install"] switch
        {
            Syntax.Markdown.YamlSequenceValue seq when spec.Index < seq.Items.Count => seq.Items[spec.Index] as Syntax.Markdown.YamlMappingValue,
            Syntax.Markdown.YamlMappingValue single => single,
            _ => null,
        };
}
