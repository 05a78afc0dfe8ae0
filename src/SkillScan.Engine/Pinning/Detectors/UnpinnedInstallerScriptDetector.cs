using System.Text.RegularExpressions;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Pinning.Commands;
using SkillScan.Rules;

namespace SkillScan.Pinning.Detectors;

/// <summary>
/// SS4012: a download-and-run (`curl … | sh`, `bash &lt;(curl …)`) of an installer from an allow-listed installer
/// domain (ScanSettings.AllowedInstallerDomains) whose URL names no release. Download-and-run from any other host
/// is the core pack's SS1201; this rule only adds the pinning note the allow-list leaves.
/// </summary>
public sealed class UnpinnedInstallerScriptDetector : IBuiltinDetector
{
    private static readonly Regex Url = new(@"https?://[^\s""'`)<>|;&]+", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly HashSet<string> Interpreters = new(StringComparer.Ordinal)
    {
        "sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "python", "python3", "node", "perl", "ruby", "source", ".", "eval",
    };

    public string Name => "UnpinnedInstallerScript";

    public void Analyze(RuleDescriptor rule, RuleContext context)
    {
        var seen = new HashSet<(SourceDocument, TextSpan)>();
        foreach (var doc in context.Analysis.Documents)
        {
            foreach (var call in doc.Facts.Calls)
            {
                if (!call.Has("proc.interpreter") && !Interpreters.Contains(InstallCommands.CommandName(call.Callee))) continue;
                foreach (var input in call.Inputs)
                {
                    foreach (var taint in input.Taint)
                    {
                        if (taint.Kind != "net.fetch" || Url.Match(taint.Detail) is not { Success: true } m) continue;
                        var url = m.Value;
                        if (!IsAllowListed(url, context.Settings.AllowedInstallerDomains) || InstallerUrls.NamesVersion(url)) continue;
                        if (!seen.Add((taint.Document, taint.Span))) continue;
                        context.Report(new Finding
                        {
                            Rule = rule,
                            Severity = rule.Severity,
                            Document = taint.Document,
                            Span = taint.Span,
                            Message = $"Installer script \"{url}\" is run without a pinned version: the URL names no release, so the script, and what it installs, can change at any time. " +
                                      $"Piped into {InstallCommands.CommandName(call.Callee)} in {call.Document.File.Path}. " +
                                      "Its domain is an allow-listed installer source, so only this note is reported. " +
                                      "Download a versioned installer, check its sha256, then run it.",
                            Evidence = new Dictionary<string, string> { ["url"] = url },
                        });
                    }
                }
            }
        }
    }

    /// <summary>Entries are hosts (`rustup.rs`, matching subdomains too) or host/path prefixes (`github.com/nvm-sh`).</summary>
    public static bool IsAllowListed(string url, IEnumerable<string> entries)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var host = uri.Host.ToLowerInvariant();
        var hostAndPath = host + uri.AbsolutePath;
        foreach (var entry in entries)
        {
            var e = entry.Trim().ToLowerInvariant();
            var slash = e.IndexOf('/');
            if (slash < 0)
            {
                if (host == e || host.EndsWith("." + e, StringComparison.Ordinal)) return true;
            }
            else if (hostAndPath.StartsWith(e, StringComparison.OrdinalIgnoreCase) &&
                     (hostAndPath.Length == e.Length || hostAndPath[e.Length] == '/'))
            {
                return true;
            }
        }
        return false;
    }
}
